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
//! The cells are drawn once per shape; one effect per grid writes their
//! values, so an edit touches only the cells whose value changed (a signal
//! with thousands of subscribers is slow to update in Leptos).

use leptos::html;
use leptos::prelude::*;

use crate::core::app::nav::answer_hidden;
use ndarray::Array4;

use crate::core::present::colour::{heat_rgba, HEAT_ZERO};
use crate::core::present::compare::values_differ;
use crate::core::present::display::{compact, grid_look, longest};
use crate::core::{Frame, OpKind, Plan};
use crate::ui::image::parts::output_part;
use crate::ui::shell::chunk::Chunk;
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::canvas::HeatPixels;
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

/// What decides one output cell's look; compared with the last write so an
/// unchanged cell costs no formatting and no DOM call.
#[derive(Clone, Copy, PartialEq)]
struct Shown {
    value: f64,
    scale: f64,
    hidden: bool,
    differs: bool,
    /// The grid is drawn as a heat map: its numbers are not rendered, nor
    /// written, and its cells are named without them.
    heat: bool,
}

/// What a cell's `aria-label` says after "output n,o,i,j".
#[derive(Clone, Copy, PartialEq)]
enum Said {
    /// `= 1.5`: the number it shows.
    Value,
    /// Nothing more: a heat map's cell, whose number is not rendered.
    Index,
    /// `hidden`: an answer not reached yet.
    Hidden,
}

impl Shown {
    fn said(&self) -> Said {
        if self.hidden {
            Said::Hidden
        } else if self.heat {
            Said::Index
        } else {
            Said::Value
        }
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
    let grid: NodeRef<html::Div> = NodeRef::new();
    let cells = (0..ho * wo)
        .map(|k| {
            let idx = [n, o, k / wo, k % wo];
            view! {
                <button
                    class="cell out-cell"
                    data-testid=testid.clone()
                    data-index=format!("{n},{o},{},{}", idx[2], idx[3])
                    on:click=move |_| {
                        if let Some(step) = plan.with_untracked(|p| p.as_ref().and_then(|p| p.step_of(idx))) {
                            lab.pause();
                            lab.go_to(step);
                        }
                    }
                ><span class="cell__v"></span></button>
            }
        })
        .collect_view();

    let last = StoredValue::new(Vec::<Option<Shown>>::new());
    // The colours are pixels of a canvas behind the cells, one per value,
    // scaled up to the cells: a changed value, or a new colour scale, costs
    // a pixel and no restyle of its cell (restyling the 4,096 cells of a
    // 2x8x16x16 output was most of an edit's work).
    let heat: NodeRef<html::Canvas> = NodeRef::new();
    let pixels = StoredValue::new(HeatPixels::default());
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
    Effect::new(move |_| {
        let Some(el) = grid.get() else { return };
        // Track the output before the scale derived from it: a memo already
        // brought up to date through another would not report its change.
        output.track();
        other.inspect(|m| m.track());
        let scale = scale.get();
        let heat_mapped = heat_map.get();
        // Hide the answer: blank until the kernel has reached the cell.
        let reached = lab.hide_answer.get().then(|| lab.current_step());
        output.with(|out| {
            let Some(out) = out.as_ref() else { return };
            // One call into JavaScript per grid with every change in it: a
            // call per attribute decoded thousands of short strings and was
            // most of a kernel edit's script time.
            let mut ops = String::new();
            pixels.update_value(|px| {
                px.size(ho * wo);
                last.update_value(|last| {
                    last.resize(ho * wo, None);
                    for k in 0..ho * wo {
                        let (i, j) = (k / wo, k % wo);
                        let Some(&value) = out.get([n, o, i, j]) else {
                            continue;
                        };
                        let differs = other.is_some_and(|m| {
                            m.with(|b| b.as_ref().and_then(|b| b.get([n, o, i, j]).copied()))
                                .is_some_and(|b| values_differ(value, b))
                        });
                        // A hidden answer gives away neither its number nor its colour.
                        let hidden = reached.is_some_and(|r| {
                            plan.with_untracked(|p| answer_hidden(p.as_ref(), [n, o, i, j], r))
                        });
                        let shown = Shown {
                            value,
                            scale,
                            hidden,
                            differs: differs && !hidden,
                            heat: heat_mapped,
                        };
                        let before = last[k];
                        if before.as_ref() == Some(&shown) {
                            continue;
                        }
                        last[k] = Some(shown);
                        let colour = if hidden {
                            HEAT_ZERO
                        } else {
                            heat_rgba(value, scale)
                        };
                        px.set(k, colour);
                        let value_changed =
                            before.is_none_or(|b| b.value.to_bits() != value.to_bits());
                        // The number is written where it is rendered: a heat
                        // map's numbers are not (see the style sheet).
                        let text_changed = !heat_mapped
                            && before.is_none_or(|b| {
                                b.heat || b.value.to_bits() != value.to_bits() || b.hidden != hidden
                            });
                        let toggle = before.is_none_or(|b| b.differs != shown.differs);
                        let said = shown.said();
                        let relabel = before.is_none_or(|b| b.said() != said)
                            || (said == Said::Value && text_changed);
                        if !value_changed && !text_changed && !toggle && !relabel {
                            continue;
                        }
                        let mut op = CellOp::new(&mut ops, k);
                        let value_text = value_changed.then(|| format!("{value}"));
                        op.field(value_text.as_deref());
                        // What the cell shows (nothing for a hidden answer),
                        // if it is written or named.
                        let text = if hidden || !(text_changed || relabel) {
                            String::new()
                        } else {
                            compact(value)
                        };
                        let label = relabel.then(|| match said {
                            Said::Value => format!("output {n},{o},{i},{j} = {text}"),
                            Said::Index => format!("output {n},{o},{i},{j}"),
                            Said::Hidden => format!("output {n},{o},{i},{j} hidden"),
                        });
                        op.field(label.as_deref());
                        op.field(text_changed.then_some(text.as_str()));
                        op.field(toggle.then_some(if shown.differs { "1" } else { "0" }));
                    }
                });
                px.paint(heat.get(), wo, ho);
            });
            if !ops.is_empty() {
                apply_cells(&el, &ops);
            }
        });
    });

    let cursor = move || {
        frame.with(|f| match f {
            Some(f) if f.index[0] == n && f.index[1] == o => {
                format!("--wy:{}; --wx:{}", f.index[2], f.index[3])
            }
            _ => "display:none".to_string(),
        })
    };
    view! {
        <figure class="plane plane--output" class:plane--current=current style=format!("--rows:{ho}; --cols:{wo}")>
            <figcaption class="plane__title">{title}</figcaption>
            <div class="plane__grid plane__grid--layered">
                <canvas class="plane__heat" width=wo height=ho aria-hidden="true" node_ref=heat></canvas>
                <div class="plane__cells" node_ref=grid>{cells}</div>
                <div class="cursor" style=cursor aria-hidden="true"></div>
            </div>
        </figure>
    }
}

/// One cell's changes in the string [`apply_cells`] reads: its index, then
/// `data-value`, `aria-label`, text and `out-cell--differs` (`1`
/// or `0`), each `\u{1}` when unchanged; fields end with `\u{1f}`, cells
/// with `\u{1e}`.
struct CellOp<'a>(&'a mut String);

impl<'a> CellOp<'a> {
    fn new(ops: &'a mut String, k: usize) -> Self {
        use std::fmt::Write;
        let _ = write!(ops, "{k}\u{1f}");
        CellOp(ops)
    }

    fn field(&mut self, value: Option<&str>) {
        self.0.push_str(value.unwrap_or("\u{1}"));
        self.0.push('\u{1f}');
    }
}

impl Drop for CellOp<'_> {
    fn drop(&mut self) {
        self.0.push('\u{1e}');
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function apply_cells(grid, ops) {
  const cells = grid.children;
  for (const rec of ops.split('\u001e')) {
    if (!rec) continue;
    const [k, value, label, text, differs] = rec.split('\u001f');
    const cell = cells[Number(k)];
    if (!cell) continue;
    const same = '\u0001';
    if (value !== same) cell.setAttribute('data-value', value);
    if (label !== same) cell.setAttribute('aria-label', label);
    // The text node's data only: no HTML to parse, and no node swapped
    // (a new text node costs style and layout work of its own).
    if (text !== same && cell.firstElementChild) {
      const span = cell.firstElementChild, t = span.firstChild;
      if (t && t.nodeType === 3 && !t.nextSibling) t.data = text;
      else span.textContent = text;
    }
    if (differs !== same) cell.classList.toggle('out-cell--differs', differs === '1');
  }
}
"#)]
extern "C" {
    /// Applies the changes `ops` (see [`CellOp`]) to the children of `grid`.
    fn apply_cells(grid: &web_sys::HtmlElement, ops: &str);
}
