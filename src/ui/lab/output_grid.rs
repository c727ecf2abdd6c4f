//! The output: one grid per `(batch item, output channel)`.
//!
//! Every value sits in an element with `data-testid`, `data-index="n,c,i,j"`
//! and `data-value` (the exact f64), so tests and outside checkers can read
//! the screen. Clicking a value jumps to the frame that writes it.
//!
//! A cell's accessible name is "output n,o,i,j = 1.5", the number it shows.
//! A heat map's numbers are not rendered: its cells are named
//! "output n,o,i,j", which no edit changes; like a sighted reader, one gets
//! the exact value by picking the cell (the arithmetic panel shows it). So
//! an edit of a large scene writes no labels: they were half the attribute
//! writes of a kernel edit. A hidden answer is "output n,o,i,j hidden".
//!
//! Each grid is a [`CellGrid`]: the cells are drawn once per shape, and an
//! edit touches only the cells whose look (the core's `output_cell`) changed.

use std::fmt::Write;

use leptos::prelude::*;

use crate::core::app::nav::answer_hidden_at;
use ndarray::Array4;

use crate::core::present::cells::{output_cell, Look};
use crate::core::present::compare::values_differ;
use crate::core::present::display::{grid_look, longest};
use crate::core::{Frame, OpKind, Plan};
use crate::ui::image::parts::output_part;
use crate::ui::shell::chunk::Chunk;
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::cell_grid::{markup, CellGrid};
use crate::ui::widgets::format::max_abs;

/// Grids larger than this are summarised instead of drawn.
pub const MAX_GRID_CELLS: usize = 64 * 64;
/// At most this many grids are drawn.
const MAX_GRIDS: usize = 64;

#[component]
pub fn OutputGrids(
    #[prop(into)] plan: Signal<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    frame: Memo<Option<Frame>>,
    /// `out-cell` for the scene's own output.
    #[prop(into)]
    cell_testid: String,
    /// Another output to compare with: cells that differ are marked.
    #[prop(optional)]
    other: Option<Memo<Option<Array4<f64>>>>,
    /// Room for one output grid, in px before the page's zoom.
    #[prop(into)]
    budget: Signal<f64>,
) -> impl IntoView {
    let layout = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| (p.output_dim(), p.kind))));
    let scale = Memo::new(move |_| output.with(|o| o.as_ref().map_or(1.0, |o| max_abs(o.iter()))));
    let chars = Memo::new(move |_| output.with(|o| o.as_ref().map_or(1, |o| longest(o.iter()))));
    let cell_testid = StoredValue::new(cell_testid);
    let lab = use_lab();
    view! {
        <div class="outputs">
            {move || {
                let Some(([nb, on, ho, wo], kind)) = layout.get() else {
                    return view! { <p class="note">"No output."</p> }.into_any();
                };
                if ho * wo > MAX_GRID_CELLS || lab.pictures.get() {
                    return view! { <Chunk part=output_part(plan, output, frame, budget) /> }.into_any();
                }
                let grids: Vec<(usize, usize)> = (0..nb).flat_map(|n| (0..on).map(move |o| (n, o))).collect();
                let shown = grids.len().min(MAX_GRIDS);
                let hidden = grids.len() - shown;
                // Up to four grids are drawn side by side at full size. Past
                // that they form a strip of small heatmaps, and the one the
                // kernel is writing is drawn large.
                let strip = shown > 4;
                // The grid being written gets the whole room; the others
                // share it. The sizes follow the numbers' length without
                // drawing the cells again.
                let looks = Memo::new(move |_| {
                    let full = budget.get();
                    let others = full * match shown {
                        1 => 1.0,
                        2 => 0.72,
                        3 | 4 => 0.55,
                        _ => 0.0,
                    };
                    let cur = grid_look(ho, wo, full, chars.get());
                    // Strip grids are at most 36 px square, and never carry numbers.
                    let look = if strip { grid_look(ho, wo, 36.0, usize::MAX) } else { grid_look(ho, wo, others, chars.get()) };
                    (cur, look)
                });
                // Whether the grid being written, and the others, show their numbers.
                let numbers = Memo::new(move |_| looks.with(|(cur, look)| (cur.numbers, look.numbers)));
                let testid = cell_testid.get_value();
                view! {
                    <div
                        class="outputs__grids"
                        class:outputs__grids--strip=strip
                        class:outputs__grids--heat=move || !numbers.get().1
                        class:outputs__grids--heat-cur=move || !numbers.get().0
                        style=move || {
                            let (cur, look) = looks.get();
                            format!("--pitch-big:{}px; --pitch-cur:{}px", look.pitch, cur.pitch.max(look.pitch))
                        }
                    >
                        {grids
                            .into_iter()
                            .take(shown)
                            .map(|(n, o)| {
                                let title = if kind == OpKind::Torch || kind == OpKind::Transpose { format!("output[{n}, {o}]") } else { "output".to_string() };
                                view! {
                                    <OutputGrid plan output other frame scale numbers n o ho wo title testid=testid.clone() />
                                }
                            })
                            .collect_view()}
                        {(hidden > 0).then(|| view! { <p class="note">{format!("{hidden} more output grids not drawn.")}</p> })}
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
fn OutputGrid(
    plan: Signal<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    other: Option<Memo<Option<Array4<f64>>>>,
    frame: Memo<Option<Frame>>,
    scale: Memo<f64>,
    /// Whether the grid being written, and the others, show their numbers.
    numbers: Memo<(bool, bool)>,
    n: usize,
    o: usize,
    ho: usize,
    wo: usize,
    title: String,
    testid: String,
) -> impl IntoView {
    let lab = use_lab();
    let html = markup(ho, wo, |s, i, j| {
        let _ = write!(
            s,
            "<button class=\"cell out-cell\" data-testid=\"{testid}\" data-index=\"{n},{o},{i},{j}\" tabindex=\"{}\"><span class=\"cell__v\"></span></button>",
            if i + j == 0 { 0 } else { -1 }
        );
    });
    // Clicking a value jumps to the frame that writes it.
    let on_pick = move |idx: [usize; 4]| {
        if let Some(step) = plan.with_untracked(|p| p.as_ref().and_then(|p| p.step_of(idx))) {
            lab.pause();
            lab.go_to(step);
        }
    };
    // The grid the kernel is writing: changes when the kernel moves to or
    // from this grid, not at every step.
    let current = Memo::new(move |_| {
        frame.with(|f| {
            f.as_ref()
                .is_some_and(|f| f.index[0] == n && f.index[1] == o)
        })
    });
    // Whether this grid is drawn as a heat map (the style sheet's rule).
    let heat_map = Memo::new(move |_| {
        let (cur, others) = numbers.get();
        !(if current.get() { cur } else { others })
    });
    let looks = move |looks: &mut Vec<Look>| {
        // Track the output before the scale derived from it: a memo already
        // brought up to date through another would not report its change.
        output.track();
        other.inspect(|m| m.track());
        let scale = scale.get();
        let heat = heat_map.get();
        // Hide the answer: blank until the kernel has reached the cell.
        let reached = lab.hide_answer.get().then(|| lab.timeline.get());
        output.with(|out| {
            let Some(out) = out.as_ref() else { return };
            plan.with_untracked(|p| {
                for k in 0..ho * wo {
                    let at = [n, o, k / wo, k % wo];
                    let value = out.get(at).copied().unwrap_or(0.0);
                    let differs = other.is_some_and(|m| {
                        m.with(|b| b.as_ref().and_then(|b| b.get(at).copied()))
                            .is_some_and(|b| values_differ(value, b))
                    });
                    let hidden = reached
                        .as_ref()
                        .is_some_and(|t| answer_hidden_at(p.as_ref(), at, t));
                    looks.push(output_cell(at, value, scale, hidden, differs, heat));
                }
            });
        });
    };

    let cursor = move || {
        frame.with(|f| match f {
            Some(f) if f.index[0] == n && f.index[1] == o => {
                format!("--wy:{}; --wx:{}", f.index[2], f.index[3])
            }
            _ => "display:none".to_string(),
        })
    };
    view! {
        <figure class="plane plane--output" class:plane--current=current style=format!("--rows:{ho}; --cols:{wo}")
            aria-label=format!("{title}, a grid of {ho} rows by {wo} columns")>
            <figcaption class="plane__title">{title.clone()}</figcaption>
            <div class="plane__grid plane__grid--layered">
                <CellGrid h=ho w=wo html base="cell out-cell" looks=Box::new(looks) on_pick roving=true />
                <div class="cursor" style=cursor aria-hidden="true"></div>
            </div>
        </figure>
    }
}
