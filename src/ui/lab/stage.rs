//! The padded input with the kernel window sliding over it.
//!
//! Each input channel of the frame's batch item is a plane of cells;
//! padding cells look different and say where their value comes from. The
//! window moves by CSS transform only, and on the channels the current
//! output channel reads, each tap shows the kernel value used and the product.

use leptos::prelude::*;

use crate::core::present::cells::{input_cell, Look};
use crate::core::present::display::{grid_look, longest};
use crate::core::{ChannelState, Frame, Plan, Source};
use crate::ui::image::parts::stage_part;
use crate::ui::shell::chunk::Chunk;
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::cell_grid::{markup, CellGrid};
use crate::ui::widgets::format::max_abs;

/// Planes larger than this are summarised instead of drawn cell by cell.
pub const MAX_PLANE_CELLS: usize = 48 * 48;
/// At most this many planes are drawn.
const MAX_PLANES: usize = 16;

#[component]
pub fn Stage(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
    /// Distinguishes the two stages of the compare view in test ids.
    #[prop(into)]
    testid: String,
    /// Room for the planes the kernel reads, in px before the page's zoom.
    #[prop(into)]
    budget: Signal<f64>,
) -> impl IntoView {
    // Which batch item the frame is on, and the padded planes' size.
    let layout = Memo::new(move |_| {
        let n = frame.with(|f| f.as_ref().map_or(0, |f| f.index[0]));
        plan.with(|p| {
            p.as_ref().map(|p| {
                let [hp, wp] = p.padded_hw();
                (n, p.in_channels(), hp, wp)
            })
        })
    });
    let lab = use_lab();
    let values = Memo::new(move |_| {
        let n = layout.with(|l| l.map_or(0, |l| l.0));
        plan.with(|p| {
            // Planes too large to draw are not materialised either.
            p.as_ref()
                .filter(|p| {
                    p.padded_hw()[0] * p.padded_hw()[1] <= MAX_PLANE_CELLS && !lab.pictures.get()
                })
                .map(|p| {
                    let [hp, wp] = p.padded_hw();
                    let c = p.in_channels().min(MAX_PLANES);
                    let mut cells = Vec::with_capacity(c * hp * wp);
                    for ch in 0..c {
                        for y in 0..hp {
                            for x in 0..wp {
                                cells.push(p.padded_cell(n, ch, y, x));
                            }
                        }
                    }
                    cells
                })
        })
    });
    let scale = Memo::new(move |_| {
        values.with(|v| v.as_ref().map_or(1.0, |v| max_abs(v.iter().map(|c| &c.0))))
    });
    // The longest number on the planes decides whether they show numbers.
    let chars = Memo::new(move |_| {
        values.with(|v| v.as_ref().map_or(1, |v| longest(v.iter().map(|c| &c.0))))
    });

    view! {
        <div class="stage" data-testid=testid>
            {move || {
                let Some((n, c, hp, wp)) = layout.get() else {
                    return view! { <p class="note">"Nothing to show yet."</p> }.into_any();
                };
                if hp * wp > MAX_PLANE_CELLS || lab.pictures.get() {
                    return view! { <Chunk part=stage_part(plan, frame, budget) /> }.into_any();
                }
                let planes = c.min(MAX_PLANES);
                // The planes the kernel reads are drawn large; the others are
                // small heatmaps (see .plane--group in the styles). The sizes
                // follow the numbers' length without drawing the cells again.
                let look = move || grid_look(hp, wp, budget.get(), chars.get());
                let small = move || grid_look(hp, wp, budget.get() * 0.25, usize::MAX);
                view! {
                    <div
                        class="stage__planes"
                        class:stage__planes--heat=move || !look().numbers
                        style=move || format!("--pitch-big:{}px; --pitch-small:{}px", look().pitch, small().pitch.min(look().pitch))
                    >
                        {(0..planes)
                            .map(|ch| view! { <Plane plan frame values scale n ch hp wp /> })
                            .collect_view()}
                        {(c > planes)
                            .then(|| view! { <p class="note">{format!("{} more channels not drawn.", c - planes)}</p> })}
                    </div>
                }
                    .into_any()
            }}
        </div>
    }
}

#[component]
fn Plane(
    plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
    values: Memo<Option<Vec<(f64, Source)>>>,
    scale: Memo<f64>,
    n: usize,
    ch: usize,
    hp: usize,
    wp: usize,
) -> impl IntoView {
    let base = ch * hp * wp;
    let is_torch = plan.with_untracked(|p| {
        p.as_ref()
            .is_some_and(|p| p.kind == crate::core::OpKind::Torch)
    });
    let spread = plan.with_untracked(|p| p.as_ref().is_some_and(|p| p.spread.is_some()));
    let title = if spread {
        format!("input[{n}, {ch}] spread by the stride, padded")
    } else if is_torch {
        format!("input[{n}, {ch}] padded")
    } else {
        "padded input".to_string()
    };
    // Is this channel read by the current frame, and is it the sub-step's?
    let lab = use_lab();
    let state = move || {
        let sub = lab.current_sub();
        frame.with(|f| {
            f.as_ref()
                .map_or(ChannelState::Unread, |f| f.channel_state(ch, sub))
        })
    };
    let in_group = move || state() != ChannelState::Unread;
    let active = move || state() == ChannelState::Current;
    let summed = move || matches!(state(), ChannelState::Current | ChannelState::Summed);
    // One look per cell of this channel's plane (see the cell grid).
    let looks = move |out: &mut Vec<Look>| {
        // Track the values before the scale derived from them (see OutputGrid).
        values.track();
        let scale = scale.get();
        values.with(|v| {
            if let Some(v) = v.as_ref().and_then(|v| v.get(base..base + hp * wp)) {
                out.extend(
                    v.iter()
                        .map(|&(value, source)| input_cell(value, source, scale)),
                );
            }
        });
    };
    let html = markup(hp, wp, |s, _, _| {
        s.push_str("<div class=\"cell\"><span class=\"cell__v\"></span></div>")
    });
    let window_style = move || {
        let (origin, span) = frame
            .with(|f| f.as_ref().map(|f| f.origin))
            .zip(plan.with(|p| p.as_ref().map(Plan::span_hw)))
            .unwrap_or(([0, 0], [1, 1]));
        format!(
            "--wy:{}; --wx:{}; --wh:{}; --ww:{}",
            origin[0], origin[1], span[0], span[1]
        )
    };
    // The taps the kernel uses inside the window (with dilation, not every
    // cell of it): outlines only; their numbers are in the magnifier. Only
    // where they are decides the outlines: a typed kernel value changes the
    // frame but draws none of them again.
    let spots = Memo::new(move |_| {
        frame.with(|f| {
            let f = f.as_ref()?;
            let s = f.substeps.iter().find(|s| s.channel == ch)?;
            Some(
                s.taps
                    .iter()
                    .map(|t| {
                        (
                            t.pos[0] - f.origin[0],
                            t.pos[1] - f.origin[1],
                            t.source.is_padding(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        })
    });
    let taps = move || {
        spots.get().map(|spots| {
            spots
                .into_iter()
                .map(|(dy, dx, pad)| {
                    view! { <div class="tap" class:tap--pad=pad style=format!("--ty:{dy}; --tx:{dx}")></div> }
                })
                .collect_view()
        })
    };

    view! {
        <figure
            class="plane"
            class:plane--group=in_group
            class:plane--active=active
            class:plane--summed=summed
            style=format!("--rows:{hp}; --cols:{wp}")
            aria-label=format!("{title}, a grid of {hp} rows by {wp} columns")
        >
            <figcaption class="plane__title">{title.clone()}</figcaption>
            <div class="plane__grid plane__grid--layered">
                <CellGrid h=hp w=wp html base="cell" looks=Box::new(looks) />
                <div class="window" class:window--hidden=move || !in_group() style=window_style>
                    {taps}
                </div>
            </div>
        </figure>
    }
}
