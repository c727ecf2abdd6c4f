//! Every tensor's shape as labelled chips, axis by axis, and the
//! output-size formula with the live numbers. A chip that changes is
//! replaced by a new one, whose entrance animation draws the eye.

use leptos::prelude::*;

use crate::core::present::why::why_size;
use crate::core::{Plan, TensorShape};

#[component]
pub fn ShapeChips(#[prop(into)] plan: Signal<Option<Plan>>) -> impl IntoView {
    let shapes = Memo::new(move |_| plan.with(|p| p.as_ref().map(Plan::shapes)));
    // Rows are keyed by tensor and shape: a row whose shape changed is drawn
    // anew (its chips' entrance animation draws the eye); the rest stay put.
    let rows = move || {
        shapes.get().map_or_else(Vec::new, |s| {
            let mut list = vec![s.input, s.padded, s.weight];
            list.extend(s.bias);
            list.push(s.output);
            list
        })
    };
    // A transposed convolution: the sizes output_size may ask for.
    let ranges = Memo::new(move |_| plan.with(|p| p.as_ref().and_then(Plan::size_ranges)));
    let asked = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .and_then(|p| p.spread.as_ref())
                .is_some_and(|s| s.output_size.is_some())
        })
    });
    let formulas = move || {
        shapes
            .get()
            .map(|s| s.formulas.to_vec())
            .unwrap_or_default()
    };
    view! {
        <section class="shapes" aria-label="Shapes" data-testid="shapes">
            <For each=rows key=|t| (t.name, t.tuple()) let(t)>
                <ShapeRow shape=t />
            </For>
            <div class="shapes__formulas">
                {move || formulas().into_iter().map(|f| view! {
                    <div class="formula" data-testid="formula">
                        <span class="formula__axis">{f.axis}</span>
                        " = " <code class="formula__sym">{f.symbolic}</code>
                        <code class="formula__num">{f.substituted}</code>
                    </div>
                }).collect_view()}
                // Why this size: the floor, the rows never read, what more
                // padding or output_padding would change (the core's words).
                <details class="why" data-testid="why-size">
                    <summary>"Why this size?"</summary>
                    {move || plan.with(|p| p.as_ref().map(why_size)).map(|ws| ws.into_iter().map(|w| view! {
                        <p class="why__axis"><span class="formula__axis">{w.axis}</span>": "{w.text}</p>
                    }).collect_view())}
                </details>
                {move || ranges.get().map(|rs| view! {
                    <div class="formula formula--range" data-testid="size-range">
                        {rs.into_iter().map(|r| view! {
                            <p>
                                <span class="formula__axis">{r.axis}</span>
                                {format!(
                                    " may be {} to {} (output_size); now {}, so output_padding = {} - {} = {}{}",
                                    r.min, r.max, r.size, r.size, r.min, r.output_padding,
                                    if asked.get() { ", chosen by output_size" } else { "" }
                                )}
                            </p>
                        }).collect_view()}
                    </div>
                })}
            </div>
        </section>
    }
}

#[component]
fn ShapeRow(shape: TensorShape) -> impl IntoView {
    let tuple = shape.tuple();
    let tuple_attr = tuple.clone();
    view! {
        <div class="shape" data-testid="shape" data-tensor=shape.name data-shape=tuple_attr>
            <span class="shape__name">{shape.name}</span>
            {shape
                .axes
                .iter()
                .map(|a| view! {
                    <span class="chip" title=format!("axis {} is {}", a.axis, a.name)>
                        <span class="chip__axis">{format!("Axis {}", a.axis)}</span>
                        <span class="chip__val">{format!("{}={}", a.name, a.size)}</span>
                    </span>
                })
                .collect_view()}
            <code class="shape__tuple">{tuple}</code>
        </div>
    }
}
