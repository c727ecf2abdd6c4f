//! The layer table, in the spirit of torchinfo: per layer its path, what
//! it is, its output shape axis by axis, its parameters with the formula,
//! and the running receptive field; the totals; and where PyTorch would
//! refuse the model, with its message, the shapes that met there and a fix.

use leptos::prelude::*;

use crate::core::ops::network::report::{Report, When};
use crate::core::ops::network::{layer_source, Layer, Model, NetError, ParseError};

fn shape_chips(axes: &[&'static str], shape: &[i64]) -> impl IntoView {
    let chips: Vec<_> = shape
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let name = axes.get(k).copied().unwrap_or("");
            view! { <span class="chip" title=format!("axis {k} is {name}")>{name}" "<strong>{*v}</strong></span> }
        })
        .collect();
    view! { <span class="net__shape-chips">{chips}</span> }
}

/// `1,64,112,112`, as the page's data attributes carry shapes.
fn commas(shape: &[i64]) -> String {
    let parts: Vec<String> = shape.iter().map(|x| x.to_string()).collect();
    parts.join(",")
}

fn tuple(shape: &[i64]) -> String {
    let parts: Vec<String> = shape.iter().map(|x| x.to_string()).collect();
    format!("({})", parts.join(", "))
}

#[component]
pub fn LayerTable(
    report: Memo<Option<Result<Report, NetError>>>,
    picked: RwSignal<Option<(usize, [i64; 2])>>,
    model: Memo<Result<Model, ParseError>>,
    apply_fix: Callback<Model>,
    /// Opens the run of layers from this row in the stack view.
    open_stack: Callback<usize>,
) -> impl IntoView {
    move || {
        report.with(|r| {
            let Some(Ok(r)) = r else { return None };
            let rows = r
                .rows
                .iter()
                .enumerate()
                .map(|(k, row)| {
                    let spatial = row.output.len() == 4;
                    let centre = spatial.then(|| [row.output[2] / 2, row.output[3] / 2]);
                    let is_picked = move || picked.get().is_some_and(|(p, _)| p == k);
                    let rf = row.receptive.as_ref().map(|[h, w]| {
                        (
                            format!("{}x{}", h.size, w.size),
                            format!("jump {}x{}", h.jump, w.jump),
                            format!("H: {}\nW: {}", h.formula, w.formula),
                        )
                    });
                    let formulas: Vec<String> = row.formulas.iter().map(|f| format!("{}: {}", f.axis, f.text)).collect();
                    view! {
                        <tr class="net__row" class:net__row--same=row.keeps_shape class:net__row--picked=is_picked
                            data-testid="model-layer" data-path=row.path.clone() data-kind=row.kind
                            data-shape=commas(&row.output) data-params=row.params.count.to_string()>
                            <td class="net__path">{row.path.clone()}</td>
                            <td class="net__kind">
                                <code>{layer_source(&row.layer)}</code>
                                {row.keeps_shape.then(|| view! { <span class="note"> " keeps the shape"</span> })}
                                {formulas.into_iter().map(|f| view! { <div class="net__formula">{f}</div> }).collect_view()}
                            </td>
                            <td>{shape_chips(&row.axes, &row.output)}</td>
                            <td class="net__params" title=row.params.formula.clone()>
                                <strong>{row.params.count.to_string()}</strong>
                                {(row.params.count > 0).then(|| view! { <div class="net__formula">{row.params.formula.clone()}</div> })}
                            </td>
                            <td class="net__rf">
                                {rf.map(|(size, jump, formula)| view! {
                                    <span title=formula>{size}</span><div class="net__formula">{jump}</div>
                                })}
                                {matches!(row.layer, Layer::Conv2d(_)).then(|| view! {
                                    <button class="btn btn--small net__see" data-testid="net-open-stack"
                                        title="Open this Conv2d and the ones after it in the stack view, with the animation"
                                        on:click=move |_| open_stack.run(k)>"Open in the stack view"</button>
                                })}
                                {centre.map(|c| view! {
                                    <button class="btn btn--small net__see" data-testid="net-see" title="What one output pixel of this layer sees on the input"
                                        on:click=move |_| picked.set(Some((k, c)))>"See a pixel's field"</button>
                                })}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            let broken = r.broken.as_ref().map(|b| {
                let met = b.input.as_ref().map(|x| format!("It got an input of shape {}.", tuple(x)));
                let fix = b.fix.clone();
                view! {
                    <tr class="net__row net__row--broken" data-testid="model-error" data-layer=b.path.clone() data-kind=b.kind>
                        <td class="net__path">{b.path.clone()}</td>
                        <td colspan="4">
                            <p><strong>{format!("{} refuses here", b.kind)}</strong>{match b.when {
                                When::Build => " when the model is built:",
                                When::Forward => " when the input runs through it:",
                            }}</p>
                            <p class="net__message" data-testid="net-message"><code>{b.message()}</code></p>
                            {met.map(|m| view! { <p>{m}</p> })}
                            {b.expects.clone().map(|e| view! { <p>{e}</p> })}
                            {fix.map(|f| {
                                let text = f.text.clone();
                                view! {
                                    <p class="net__fix">
                                        <span data-testid="net-fix-text">{format!("Fix: {text}")}</span>" "
                                        <button class="btn btn--small" data-testid="net-fix" on:click=move |_| {
                                            if let Ok(m) = model.get_untracked() {
                                                apply_fix.run(f.apply(&m));
                                            }
                                        }>"Apply the fix"</button>
                                    </p>
                                }
                            })}
                        </td>
                    </tr>
                }
            });
            let total = r.params.map(|p| p.to_string());
            Some(view! {
                <table class="net__table" data-testid="net-table">
                    <thead>
                        <tr><th>"Layer"</th><th>"Module"</th><th>"Output shape"</th><th>"Parameters"</th><th>"Receptive field"</th></tr>
                    </thead>
                    <tbody>
                        <tr class="net__row net__row--input">
                            <td>"input"</td><td></td><td>{shape_chips(&["N", "C", "H", "W"], &r.input)}</td><td></td><td></td>
                        </tr>
                        {rows}
                        {broken}
                    </tbody>
                    <tfoot>
                        <tr>
                            <td colspan="3">{if r.broken.is_some() { "PyTorch stops at the marked layer." } else { "Total" }}</td>
                            <td data-testid="net-total">{total}</td>
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            })
        })
    }
}
