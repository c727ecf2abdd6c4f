//! Tensors too large for number grids (a photo, a 128x128 feature map) as
//! pictures: one canvas pixel per value, coloured by the core
//! (`core::picture`), the kernel window and the output cursor drawn over
//! them. The numbers under the window are in the magnifier and the
//! arithmetic; clicking an output pixel jumps to the frame that writes it.

use leptos::html;
use leptos::prelude::*;

use crate::core::app::nav::answer_hidden_at;
use ndarray::Array4;

use crate::core::present::picture::{
    output_range, paint, paint_rgb, unpadded_outputs, Range, Tone,
};
use crate::core::{ChannelState, Frame, OpKind, Plan};
pub use crate::ui::image::legend::PictureLegend;
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::canvas::{clicked_pixel, fit, put};

/// At most this many input planes and output pictures are drawn.
const MAX_PLANES: usize = 16;
const MAX_OUTPUTS: usize = 64;

/// The padded input planes of the frame's batch item, as pictures, with
/// the kernel window sliding over them.
#[component]
pub fn PictureStage(
    #[prop(into)] plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
    /// Room for the planes the kernel reads, in px.
    #[prop(into)]
    budget: Signal<f64>,
) -> impl IntoView {
    let layout = Memo::new(move |_| {
        let n = frame.with(|f| f.as_ref().map_or(0, |f| f.index[0]));
        plan.with(|p| {
            p.as_ref().map(|p| {
                let [hp, wp] = p.padded_hw();
                (n, p.in_channels(), hp, wp)
            })
        })
    });
    // What the padded planes depend on: a kernel edit changes none of it,
    // so it neither recomputes the planes nor repaints them.
    let source = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .map(|p| (p.input.clone(), p.pads, p.fill, p.spread.clone()))
        })
    });
    let values = Memo::new(move |_| {
        source.with(|_| ());
        let Some((n, c, hp, wp)) = layout.get() else {
            return Vec::new();
        };
        plan.with_untracked(|p| {
            let Some(p) = p.as_ref() else {
                return Vec::new();
            };
            let c = c.min(MAX_PLANES);
            let mut v = Vec::with_capacity(c * hp * wp);
            for ch in 0..c {
                for y in 0..hp {
                    for x in 0..wp {
                        v.push(p.padded_cell(n, ch, y, x).0);
                    }
                }
            }
            v
        })
    });
    let range = Memo::new(move |_| values.with(|v| Range::of(v.iter())));
    let span = Memo::new(move |_| plan.with(|p| p.as_ref().map_or([1, 1], Plan::span_hw)));
    view! {
        <div class="stage--pictures">
            {move || {
                let Some((n, c, hp, wp)) = layout.get() else {
                    return view! { <p class="note">"Nothing to show yet."</p> }.into_any();
                };
                let planes = c.min(MAX_PLANES);
                let colour = c == 3 && range.with(|r| r.tone() == Tone::Plain);
                let torch = plan.with_untracked(|p| p.as_ref().is_some_and(|p| p.kind.is_torch()));
                view! {
                    <div class="pics">
                        {colour.then(|| view! { <ColourPlane values n hp wp budget /> })}
                        {(0..planes)
                            .map(|ch| {
                                let title = if torch { format!("input[{n}, {ch}] padded") } else { "padded input".to_string() };
                                view! { <InputPlane values range frame span ch hp wp budget title /> }
                            })
                            .collect_view()}
                        {(c > planes).then(|| view! { <p class="note">{format!("{} more channels not drawn.", c - planes)}</p> })}
                    </div>
                    <PictureLegend range label="input" />
                }
                .into_any()
            }}
        </div>
    }
}

/// The three channels of a picture together, as the photo looks.
#[component]
fn ColourPlane(
    values: Memo<Vec<f64>>,
    n: usize,
    hp: usize,
    wp: usize,
    budget: Signal<f64>,
) -> impl IntoView {
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        values.with(|v| {
            let k = hp * wp;
            if v.len() >= 3 * k {
                put(
                    &el,
                    wp,
                    hp,
                    &paint_rgb(&v[..k], &v[k..2 * k], &v[2 * k..3 * k]),
                );
            }
        });
    });
    let size = move || {
        let (w, h) = fit(hp, wp, budget.get() * 0.5);
        format!("width:calc({w:.1}px * var(--zoom, 1)); height:calc({h:.1}px * var(--zoom, 1))")
    };
    view! {
        <figure class="pic pic--colour">
            <figcaption class="plane__title">{format!("input[{n}] as a picture (R, G, B)")}</figcaption>
            <canvas class="pic__canvas" width=wp height=hp node_ref=canvas style=size aria-label="the input's three channels as one colour picture"></canvas>
        </figure>
    }
}

#[component]
fn InputPlane(
    values: Memo<Vec<f64>>,
    range: Memo<Range>,
    frame: Memo<Option<Frame>>,
    span: Memo<[usize; 2]>,
    ch: usize,
    hp: usize,
    wp: usize,
    budget: Signal<f64>,
    title: String,
) -> impl IntoView {
    let lab = use_lab();
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        // The values before the range derived from them: a memo already
        // brought up to date through another would not report its change.
        values.with(|_| ());
        let tone = range.get().tone();
        values.with(|v| {
            let k = hp * wp;
            if let Some(plane) = v.get(ch * k..(ch + 1) * k) {
                put(&el, wp, hp, &paint(plane.iter().copied(), tone));
            }
        });
    });
    let state = move || {
        let sub = lab.current_sub();
        frame.with(|f| {
            f.as_ref()
                .map_or(ChannelState::Unread, |f| f.channel_state(ch, sub))
        })
    };
    let in_group = move || state() != ChannelState::Unread;
    let active = move || state() == ChannelState::Current;
    let size = move || {
        let room = if in_group() {
            budget.get()
        } else {
            budget.get() * 0.4
        };
        let (w, _) = fit(hp, wp, room);
        format!("--rows:{hp}; --cols:{wp}; width:calc({w:.1}px * var(--zoom, 1))")
    };
    let window = move || {
        let o = frame.with(|f| f.as_ref().map_or([0, 0], |f| f.origin));
        let s = span.get();
        format!("--wy:{}; --wx:{}; --wh:{}; --ww:{}", o[0], o[1], s[0], s[1])
    };
    view! {
        <figure class="pic" class:plane--group=in_group class:plane--active=active style=size>
            <figcaption class="plane__title">{title.clone()}</figcaption>
            <div class="pic__frame">
                <canvas class="pic__canvas" width=wp height=hp node_ref=canvas aria-label=title></canvas>
                <div class="pic__window" class:window--hidden=move || !in_group() style=window aria-hidden="true"></div>
            </div>
        </figure>
    }
}

/// Each output channel as a picture; the one being written is drawn large,
/// with a cursor on the pixel of the frame. Clicking a pixel jumps there.
#[component]
pub fn OutputPictures(
    #[prop(into)] plan: Signal<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    frame: Memo<Option<Frame>>,
    /// Room for the output being written, in px.
    #[prop(into)]
    budget: Signal<f64>,
) -> impl IntoView {
    let layout = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| (p.output_dim(), p.kind))));
    // The colour scale leaves out the border that reads invented padding
    // (on by default): zero padding makes large values where the picture
    // meets the zeros, which washed out every edge inside the picture.
    let unpadded = RwSignal::new(true);
    let scaled = Memo::new(move |_| {
        output.with(|o| {
            plan.with(|p| match (o.as_ref(), p.as_ref()) {
                (Some(o), Some(p)) => output_range(p, o, unpadded.get()),
                (Some(o), None) => (Range::of(o.iter()), false),
                _ => (Range::of(&[]), false),
            })
        })
    });
    let range = Memo::new(move |_| scaled.with(|s| s.0));
    let left_out = Memo::new(move |_| scaled.with(|s| s.1));
    let has_border = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref().is_some_and(|p| {
                p.spread.is_none()
                    && unpadded_outputs(p)
                        .is_none_or(|[r, c]| r.len() < p.out_hw[0] || c.len() < p.out_hw[1])
            })
        })
    });
    view! {
        <div class="outputs outputs--pictures" data-testid="out-pictures">
            {move || {
                let Some(([nb, on, ho, wo], kind)) = layout.get() else {
                    return view! { <p class="note">"No output."</p> }.into_any();
                };
                let grids: Vec<(usize, usize)> = (0..nb).flat_map(|n| (0..on).map(move |o| (n, o))).collect();
                let shown = grids.len().min(MAX_OUTPUTS);
                let hidden = grids.len() - shown;
                let torch = matches!(kind, OpKind::Torch | OpKind::Transpose);
                view! {
                    <div class="pics pics--out">
                        {grids
                            .into_iter()
                            .take(shown)
                            .map(|(n, o)| {
                                let title = if torch { format!("output[{n}, {o}]") } else { "output".to_string() };
                                view! { <OutputPicture plan output range frame n o ho wo budget title /> }
                            })
                            .collect_view()}
                        {(hidden > 0).then(|| view! { <p class="note">{format!("{hidden} more outputs not drawn.")}</p> })}
                    </div>
                    <PictureLegend range label=Signal::derive(move || if left_out.get() {
                        "output (scale from the cells that read no padding; the border may go past it)".to_string()
                    } else {
                        "output".to_string()
                    }) />
                    <Show when=move || has_border.get()>
                        <label class="check pic-legend__option">
                            <input type="checkbox" data-testid="scale-unpadded" prop:checked=move || unpadded.get()
                                on:change=move |e| unpadded.set(event_target_checked(&e)) />
                            <span>"Scale ignores the invented border"</span>
                        </label>
                    </Show>
                }
                .into_any()
            }}
        </div>
    }
}

#[component]
fn OutputPicture(
    plan: Signal<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    range: Memo<Range>,
    frame: Memo<Option<Frame>>,
    n: usize,
    o: usize,
    ho: usize,
    wo: usize,
    budget: Signal<f64>,
    title: String,
) -> impl IntoView {
    let lab = use_lab();
    let canvas: NodeRef<html::Canvas> = NodeRef::new();
    // What the canvas shows: its tone and values, bit for bit. An edit
    // changes one output channel (a kernel value) or a window of each: the
    // pictures whose values and tone are the same are not painted again.
    let painted = StoredValue::new(None::<(Tone, Vec<u64>)>);
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        output.track();
        let tone = range.get().tone();
        // Hide the answer: only what the kernel has written so far.
        let reached = lab.hide_answer.get().then(|| lab.timeline.get());
        output.with(|out| {
            let Some(out) = out.as_ref() else { return };
            // An output of another shape: this picture is about to be
            // replaced (the view follows the shape); draw nothing stale.
            let (nb, oc, h, w) = out.dim();
            if n >= nb || o >= oc || h != ho || w != wo {
                return;
            }
            let k = ho * wo;
            let first = (n * oc + o) * k;
            let plane = out.slice(ndarray::s![n, o, .., ..]);
            let bits: Vec<u64> = match out.as_slice() {
                Some(all) if all.len() >= first + k => {
                    all[first..first + k].iter().map(|v| v.to_bits()).collect()
                }
                _ => plane.iter().map(|v| v.to_bits()).collect(),
            };
            let same = reached.is_none()
                && painted
                    .with_value(|p| p.as_ref().is_some_and(|(t, b)| *t == tone && *b == bits));
            if same {
                return;
            }
            let mut rgba = paint(bits.iter().map(|&b| f64::from_bits(b)), tone);
            if let Some(r) = reached.as_ref() {
                plan.with_untracked(|p| {
                    let Some(p) = p.as_ref() else { return };
                    for k in 0..ho * wo {
                        if answer_hidden_at(Some(p), [n, o, k / wo, k % wo], r) {
                            rgba[k * 4..k * 4 + 4].copy_from_slice(&[238, 238, 238, 255]);
                        }
                    }
                });
            }
            put(&el, wo, ho, &rgba);
            // A hidden answer's picture changes with the step, not the values.
            painted.set_value(reached.is_none().then_some((tone, bits)));
        });
    });
    let current = move || {
        frame.with(|f| {
            f.as_ref()
                .is_some_and(|f| f.index[0] == n && f.index[1] == o)
        })
    };
    let size = move || {
        let room = if current() {
            budget.get()
        } else {
            (budget.get() * 0.3).min(120.0)
        };
        let (w, _) = fit(ho, wo, room);
        format!("--rows:{ho}; --cols:{wo}; width:calc({w:.1}px * var(--zoom, 1))")
    };
    let cursor = move || {
        frame.with(|f| match f {
            Some(f) if f.index[0] == n && f.index[1] == o => {
                format!("--wy:{}; --wx:{}", f.index[2], f.index[3])
            }
            _ => "display:none".to_string(),
        })
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        let Some([i, j]) = clicked_pixel(&el, &ev, ho, wo) else {
            return;
        };
        if let Some(step) =
            plan.with_untracked(|p| p.as_ref().and_then(|p| p.step_of([n, o, i, j])))
        {
            lab.pause();
            lab.go_to(step);
        }
    };
    let label = format!("{title}: click a pixel to jump to the step that writes it");
    view! {
        <figure class="pic pic--out" class:plane--current=current style=size>
            <figcaption class="plane__title">{title}</figcaption>
            <div class="pic__frame">
                <canvas class="pic__canvas pic__canvas--click" width=wo height=ho node_ref=canvas on:click=on_click aria-label=label data-testid="out-picture" data-index=format!("{n},{o}")></canvas>
                <div class="pic__cursor" style=cursor aria-hidden="true"></div>
            </div>
        </figure>
    }
}
