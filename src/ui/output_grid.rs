//! The output: one grid per `(batch item, output channel)`.
//!
//! Every value sits in an element with `data-testid`, `data-index="n,c,i,j"`
//! and `data-value` (the exact f64), so tests and outside checkers can read
//! the screen. Clicking a value jumps to the frame that writes it.

use leptos::prelude::*;
use ndarray::Array4;

use super::format::{diverging, max_abs, short};
use super::state::use_lab;
use crate::core::{Frame, OpKind, Plan};

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
) -> impl IntoView {
    let lab = use_lab();
    let layout = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| (p.output_dim(), p.kind))));
    let scale = Memo::new(move |_| output.with(|o| o.as_ref().map_or(1.0, |o| max_abs(o.iter()))));
    let cell_testid = StoredValue::new(cell_testid);
    view! {
        <div class="outputs">
            {move || {
                let Some(([nb, on, ho, wo], kind)) = layout.get() else {
                    return view! { <p class="note">"No output."</p> }.into_any();
                };
                if ho * wo > MAX_GRID_CELLS {
                    return view! {
                        <p class="note" data-testid="output-too-large">
                            {format!("Each output channel is {ho}x{wo}: too large to draw cell by cell (at most {MAX_GRID_CELLS} cells).")}
                        </p>
                    }
                        .into_any();
                }
                let grids: Vec<(usize, usize)> = (0..nb).flat_map(|n| (0..on).map(move |o| (n, o))).collect();
                let shown = grids.len().min(MAX_GRIDS);
                let hidden = grids.len() - shown;
                let budget = match shown {
                    1 => 240,
                    2 => 180,
                    3 | 4 => 130,
                    5..=8 => 100,
                    _ => 80,
                };
                view! {
                    <div class="outputs__grids" style=format!("--budget:{budget}px")>
                        {grids
                            .into_iter()
                            .take(shown)
                            .map(|(n, o)| {
                                let title = if kind == OpKind::Torch { format!("output[{n}, {o}]") } else { "output".to_string() };
                                let cells = (0..ho * wo)
                                    .map(|k| {
                                        let (i, j) = (k / wo, k % wo);
                                        let idx = [n, o, i, j];
                                        let v = move || output.with(|out| out.as_ref().and_then(|a| a.get(idx).copied()));
                                        let differs = move || {
                                            other.is_some_and(|s| {
                                                s.with(|b| b.as_ref().and_then(|b| b.get(idx).copied()))
                                                    .zip(v())
                                                    .is_some_and(|(b, a)| (a - b).abs() > 1e-12 * (1.0 + a.abs()))
                                            })
                                        };
                                        view! {
                                            <button
                                                class="cell out-cell"
                                                class:out-cell--differs=differs
                                                data-testid=cell_testid.get_value()
                                                data-index=format!("{n},{o},{i},{j}")
                                                data-value=move || v().map(|v| format!("{v}"))
                                                style=move || v().map_or(String::new(), |v| diverging(v, scale.get()))
                                                aria-label=move || format!("output {n},{o},{i},{j} = {}", v().map_or(String::new(), short))
                                                on:click=move |_| {
                                                    if let Some(step) = plan.with_untracked(|p| p.as_ref().and_then(|p| p.step_of(idx))) {
                                                        lab.playing.set(false);
                                                        lab.go_to(step);
                                                    }
                                                }
                                            >
                                                {move || {
                                                    // Hide the answer: blank until the kernel has reached it.
                                                    let hidden = lab.hide_answer.get() && plan.with(|p| {
                                                        p.as_ref().and_then(|p| p.step_of(idx)).is_some_and(|s| s > lab.current_step())
                                                    });
                                                    if hidden { None } else { v().map(short) }
                                                }}
                                            </button>
                                        }
                                    })
                                    .collect_view();
                                let cursor = move || {
                                    frame.with(|f| match f {
                                        Some(f) if f.index[0] == n && f.index[1] == o => format!("--wy:{}; --wx:{}", f.index[2], f.index[3]),
                                        _ => "display:none".to_string(),
                                    })
                                };
                                view! {
                                    <figure class="plane plane--output" style=format!("--rows:{ho}; --cols:{wo}")>
                                        <figcaption class="plane__title">{title}</figcaption>
                                        <div class="plane__grid">
                                            {cells}
                                            <div class="cursor" style=cursor aria-hidden="true"></div>
                                        </div>
                                    </figure>
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
