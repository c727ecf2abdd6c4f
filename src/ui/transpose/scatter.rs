//! The scatter view of a transposed convolution: input cell `(i, j)`
//! stamps the kernel, scaled by its value, onto the output. Left, the
//! input plane with the stamping cell; middle, the stamp (value times the
//! kernel); right, the running output after this stamp, the stamped cells
//! outlined and shaded by how many stamps have landed there so far. Below,
//! each tap's sum. Everything comes from the core's `ScatterFrame`,
//! `scatter_output` and `scatter_hits`.

use leptos::prelude::*;

use crate::core::ops::transpose::scatter::ScatterFrame;
use crate::core::present::display::{compact, grid_look, longest};
use crate::core::Plan;
use crate::ui::shell::state::use_lab;
use crate::ui::transpose::scatter_canvas::ScatterCanvas;
use crate::ui::transpose::stamp_list::StampList;
use crate::ui::widgets::format::{diverging, max_abs};

/// Output grids larger than this are summarised.
const MAX_CANVAS_CELLS: usize = 48 * 48;
/// Redrawing a stamp replays every earlier one: beyond this many
/// multiply-adds in all, the scatter view is summarised.
const MAX_REPLAY: usize = 1 << 18;
/// At most this many output channels of the group are drawn.
const MAX_CANVASES: usize = 4;

#[component]
pub fn ScatterView() -> impl IntoView {
    let lab = use_lab();
    let too_large = Memo::new(move |_| {
        lab.shown.with(|p| {
            p.as_ref().is_some_and(|p| {
                let [kh, kw] = p.kernel_hw();
                p.out_hw[0] * p.out_hw[1] > MAX_CANVAS_CELLS
                    || p.input.len().saturating_mul(p.group_out() * kh * kw) > MAX_REPLAY
            })
        })
    });
    let shot = Memo::new(move |_| {
        if !lab.scatter_on() || too_large.get() {
            return None;
        }
        let step = lab.current_step();
        lab.shown
            .with(|p| p.as_ref().and_then(|p| p.scatter_shot(step)))
    });
    // Colours on the final output's scale, so that they do not jump.
    let scale = Memo::new(move |_| {
        lab.output
            .with(|o| o.as_ref().map_or(1.0, |o| max_abs(o.iter())))
    });
    let chars = Memo::new(move |_| {
        lab.output
            .with(|o| o.as_ref().map_or(1, |o| longest(o.iter())))
    });
    view! {
        <div class="scatter" data-testid="scatter">
            {move || {
                if too_large.get() {
                    return view! {
                        <p class="note" data-testid="scatter-too-large">{format!("This scene is too large for the scatter view (at most {MAX_CANVAS_CELLS} output cells per channel, and {MAX_REPLAY} multiply-adds in all). The gather view still shows it.")}</p>
                    }.into_any();
                }
                let Some(s) = shot.get() else {
                    return view! { <p class="note">"No stamp to show."</p> }.into_any();
                };
                let f = &s.frame;
                let [n, c, i, j] = f.index;
                let count = lab.shown.with_untracked(|p| p.as_ref().map_or(0, Plan::scatter_frame_count));
                let channels: Vec<usize> = f.channels.clone().take(MAX_CANVASES).collect();
                let more = f.channels.len().saturating_sub(MAX_CANVASES);
                let first = channels.first().copied().unwrap_or(0);
                view! {
                    <p class="scatter__head" data-testid="scatter-head">
                        {format!("Stamp {} of {count}: input[{n}, {c}, {i}, {j}] = ", f.step + 1)}
                        <strong class="focal">{compact(f.value)}</strong>
                        {format!(" times weight[{c}, :, :, :] lands on output rows from {} and columns from {} (stride {}, minus padding).", f.origin[0], f.origin[1], lab.shown.with_untracked(|p| p.as_ref().and_then(|p| p.spread.as_ref()).map_or("?".to_string(), |sp| format!("{}x{}", sp.stride[0], sp.stride[1]))))}
                    </p>
                    <div class="flow scatter__flow">
                        {input_plane(n, c, [i, j], scale.get_untracked())}
                        <div class="flow__arrow" aria-hidden="true">"\u{00d7}"</div>
                        {stamp_grid(f, first, scale.get_untracked())}
                        <div class="flow__arrow" aria-hidden="true">"\u{2192}"</div>
                        <div class="scatter__canvases">
                            {channels.into_iter().map(|o| view! {
                                <ScatterCanvas shot=s.clone() o scale=scale.get_untracked() chars=chars.get_untracked() />
                            }).collect_view()}
                            {(more > 0).then(|| view! { <p class="note">{format!("{more} more output channels of this group not drawn.")}</p> })}
                        </div>
                    </div>
                    <div class="legend" aria-label="Scatter legend">
                        <span class="legend__item"><span class="swatch swatch--win"></span>"stamped now"</span>
                        <span class="legend__item"><span class="swatch swatch--hits"></span>"darker frame: more stamps landed (overlap)"</span>
                        <span class="legend__item"><span class="swatch swatch--outpad"></span>"row/column added by output_padding"</span>
                    </div>
                    <StampList frame=s.frame.clone() o=first />
                }.into_any()
            }}
        </div>
    }
}

/// The input plane `[n, c]` with the stamping cell marked and the cells
/// that stamped already dimmed less than those still to come.
fn input_plane(n: usize, c: usize, at: [usize; 2], scale: f64) -> impl IntoView {
    let lab = use_lab();
    let values: Option<(usize, usize, Vec<f64>)> = lab.shown.with_untracked(|p| {
        let p = p.as_ref()?;
        let [h, w] = p.input_hw();
        let v = (0..h * w)
            .filter_map(|k| p.input.get([n, c, k / w, k % w]).copied())
            .collect();
        Some((h, w, v))
    });
    let Some((h, w, v)) = values else {
        return view! { <p class="note">"No input."</p> }.into_any();
    };
    let look = grid_look(h, w, 220.0, longest(v.iter()));
    let cells = v
        .iter()
        .enumerate()
        .map(|(k, &x)| {
            let (y, q) = (k / w, k % w);
            let here = [y, q] == at;
            let done = (y, q) < (at[0], at[1]);
            view! {
                <div class="cell" class:cell--stamping=here class:cell--stamped-before=done
                    style=diverging(x, scale.max(max_abs(v.iter())))
                    title=format!("input[{n}, {c}, {y}, {q}] = {x}")>
                    <span class="cell__v">{compact(x)}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <figure class="plane plane--group" class:scatter--heat=!look.numbers
            style=format!("--rows:{h}; --cols:{w}; --pitch-big:{}px", look.pitch)>
            <figcaption class="plane__title">{format!("input[{n}, {c}]")}</figcaption>
            <div class="plane__grid"><div class="plane__cells">{cells}</div></div>
        </figure>
    }
    .into_any()
}

/// The stamp for output channel `o`: the cell's value times each weight.
fn stamp_grid(f: &ScatterFrame, o: usize, scale: f64) -> impl IntoView {
    let taps: Vec<_> = f
        .stamps
        .iter()
        .filter(|t| t.channel == o)
        .copied()
        .collect();
    let kh = taps.iter().map(|t| t.tap[0] + 1).max().unwrap_or(1);
    let kw = taps.iter().map(|t| t.tap[1] + 1).max().unwrap_or(1);
    let look = grid_look(kh, kw, 200.0, longest(taps.iter().map(|t| &t.product)));
    let [c, ol, _, _] = taps.first().map_or([0; 4], |t| t.weight_index);
    view! {
        <figure class="plane plane--group scatter__stamp" class:scatter--heat=!look.numbers
            style=format!("--rows:{kh}; --cols:{kw}; --pitch-big:{}px", look.pitch)>
            <figcaption class="plane__title">{format!("stamp = value \u{00d7} weight[{c}, {ol}]")}</figcaption>
            <div class="plane__grid"><div class="plane__cells">
                {taps.iter().map(|t| view! {
                    <div class="cell" class:cell--cropped=!t.inside style=diverging(t.product, scale)
                        title=format!("{} \u{00d7} {} = {}{}", f.value, t.weight, t.product, if t.inside { "" } else { " (falls outside the output)" })>
                        <span class="cell__v">{compact(t.product)}</span>
                    </div>
                }).collect_view()}
            </div></div>
        </figure>
    }
}
