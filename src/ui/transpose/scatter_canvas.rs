//! One output channel of the scatter view: the running output after the
//! current stamp. Stamped cells are outlined; the shade of a cell's frame
//! grows with the number of stamps that have landed on it (the overlaps:
//! a checkerboard when the kernel size is not a multiple of the stride);
//! rows and columns added by `output_padding` are marked.

use leptos::prelude::*;

use crate::core::ops::transpose::overlap::Shot;
use crate::core::present::display::{compact, grid_look};
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::format::{diverging, exact};

#[component]
pub fn ScatterCanvas(shot: Shot, o: usize, scale: f64, chars: usize) -> impl IntoView {
    let lab = use_lab();
    let n = shot.frame.index[0];
    let (_, _, ho, wo) = shot.running.dim();
    let look = grid_look(ho, wo, 360.0, chars);
    let badges = look.numbers && look.pitch >= 40.0;
    let outpad = move |a: usize, p: usize| {
        lab.shown.with_untracked(|pl| {
            pl.as_ref()
                .is_some_and(|pl| pl.added_by_output_padding(a, p))
        })
    };
    let cells = (0..ho * wo)
        .map(|k| {
            let (y, x) = (k / wo, k % wo);
            let value = shot.running.get([n, o, y, x]).copied().unwrap_or(0.0);
            let hits = shot.hits.get([n, o, y, x]).copied().unwrap_or(0);
            let stamp = shot
                .frame
                .stamps
                .iter()
                .find(|t| t.channel == o && t.inside && t.pos == [y as i64, x as i64]);
            let title = match stamp.and_then(|t| t.before.zip(t.after).map(|b| (t, b))) {
                Some((t, (before, after))) => format!(
                    "output[{n}, {o}, {y}, {x}] = {} + {} \u{00d7} {} = {}  ({hits} stamps so far)",
                    exact(before), exact(shot.frame.value), exact(t.weight), exact(after)
                ),
                None => format!("output[{n}, {o}, {y}, {x}] = {value}  ({hits} stamps so far)"),
            };
            let pad = outpad(0, y) || outpad(1, x);
            view! {
                <div
                    class=format!("cell scatter-cell scatter-cell--hits-{}", hits.min(4))
                    class:scatter-cell--stamped=stamp.is_some()
                    class:scatter-cell--outpad=pad
                    data-testid="scatter-cell"
                    data-index=format!("{n},{o},{y},{x}")
                    data-value=format!("{value}")
                    data-hits=hits.to_string()
                    style=diverging(value, scale)
                    title=title
                >
                    {(badges && hits > 0).then(|| view! { <span class="scatter-cell__hits">{format!("\u{00d7}{hits}")}</span> })}
                    <span class="cell__v">{compact(value)}</span>
                </div>
            }
        })
        .collect_view();
    let cropped = shot
        .frame
        .stamps
        .iter()
        .filter(|t| t.channel == o && !t.inside)
        .count();
    view! {
        <figure class="plane plane--output" class:scatter--heat=!look.numbers
            style=format!("--rows:{ho}; --cols:{wo}; --pitch-big:{}px", look.pitch)>
            <figcaption class="plane__title">{format!("output[{n}, {o}] after this stamp")}</figcaption>
            <div class="plane__grid"><div class="plane__cells">{cells}</div></div>
            {(cropped > 0).then(|| view! {
                <figcaption class="note">{format!("{cropped} of this stamp's taps fall outside the output (cut off by padding, or past the edge).")}</figcaption>
            })}
        </figure>
    }
}
