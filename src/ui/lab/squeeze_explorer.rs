//! Lecture section 4: `unsqueeze` and `squeeze` on a small tensor, the
//! data shown before and after, none of it lost.

use leptos::prelude::*;

use crate::core::present::shape_ops::DynTensor;

fn lecture_tensors() -> Vec<(&'static str, DynTensor)> {
    let v = |shape: Vec<usize>, data: Vec<f64>| {
        DynTensor::new(shape, data).unwrap_or_else(|| DynTensor::arange(&[1]))
    };
    vec![
        ("[1, 2, 3, 4]", v(vec![4], vec![1.0, 2.0, 3.0, 4.0])),
        (
            "the (2, 3, 4) tensor",
            v(
                vec![2, 3, 4],
                vec![
                    1., 2., 1., 2., 3., 4., 3., 4., 1., 3., 1., 3., 5., 6., 5., 6., 6., 7., 6., 7.,
                    8., 9., 8., 9.,
                ],
            ),
        ),
        (
            "(1, 1, 8, 8)-like: a (1, 4) row",
            v(vec![1, 4], vec![1.0, 2.0, 3.0, 4.0]),
        ),
    ]
}

fn shape_str(shape: &[usize]) -> String {
    let parts: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("torch.Size([{}])", parts.join(", "))
}

#[component]
pub fn SqueezeExplorer() -> impl IntoView {
    let which = RwSignal::new(0usize);
    let axis = RwSignal::new(0i64);
    let squeeze = RwSignal::new(false);
    let tensors = StoredValue::new(lecture_tensors());
    let result = Memo::new(move |_| {
        let t = tensors.with_value(|ts| ts[which.get()].1.clone());
        let r = if squeeze.get() {
            t.squeeze(axis.get())
        } else {
            t.unsqueeze(axis.get())
        };
        (t, r)
    });
    view! {
        <section class="squeeze" aria-label="Squeeze and unsqueeze" data-testid="squeeze">
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"tensor"</span>
                    <select aria-label="tensor" on:change=move |e| {
                        which.set(event_target_value(&e).parse().unwrap_or(0));
                    }>
                        {tensors.with_value(|ts| ts.iter().enumerate().map(|(k, (name, _))| view! {
                            <option value=k prop:selected=move || which.get() == k>{*name}</option>
                        }).collect_view())}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">"function"</span>
                    <select aria-label="function" on:change=move |e| squeeze.set(event_target_value(&e) == "squeeze")>
                        <option value="unsqueeze">"unsqueeze"</option>
                        <option value="squeeze">"squeeze"</option>
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">"axis"</span>
                    <input class="field__input" type="number" aria-label="axis" data-testid="squeeze-axis" prop:value=move || axis.get()
                        on:input=move |e| { if let Ok(v) = event_target_value(&e).parse::<i64>() { axis.set(v) } } />
                </label>
            </div>
            {move || {
                let (t, r) = result.get();
                let f = if squeeze.get() { "squeeze" } else { "unsqueeze" };
                view! {
                    <div class="squeeze__io">
                        <div><code>{format!("x = {}", t.nested())}</code><br/><code class="note">{shape_str(&t.shape)}</code></div>
                        <div>
                            <code>{format!("torch.{f}(x, {})", axis.get())}</code>
                            {match r {
                                Ok(y) => view! {
                                    <div data-testid="squeeze-result">
                                        <code>{y.nested()}</code><br/>
                                        <code class="note" data-testid="squeeze-shape">{shape_str(&y.shape)}</code>
                                        <p class="note">{format!("{} values before, {} after, in the same order.", t.data.len(), y.data.len())}</p>
                                    </div>
                                }.into_any(),
                                Err(e) => view! {
                                    <p class="error__ref" data-testid="squeeze-error">"PyTorch would say: " <code>{e.reference_message()}</code></p>
                                }.into_any(),
                            }}
                        </div>
                    </div>
                }
            }}
        </section>
    }
}
