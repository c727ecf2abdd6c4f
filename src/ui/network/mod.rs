//! "Your network": paste a PyTorch model (what `print(model)` prints, or
//! the Python that builds it) or pick a known architecture, give an input
//! shape, and see every layer's output shape, parameters and receptive
//! field, where PyTorch would refuse it, with its message and a fix, and
//! what one output pixel sees. Everything shown is the core's
//! (`core::ops::network`); this folder only draws it.

pub(crate) mod field;
pub(crate) mod store;
pub(crate) mod table;

use leptos::prelude::*;

use crate::core::content::networks::network_presets;
use crate::core::model::scene::SharedModel;
use crate::core::ops::network::stack::longest_run;
use crate::core::ops::network::{infer, parse_shape, to_script, to_source, Model};
use crate::ui::network::field::FieldView;
use crate::ui::network::store::{save, saved};
use crate::ui::network::table::LayerTable;
use crate::ui::shell::state::{use_lab, Source};

/// The text and shape last used (or a link's), or the first preset's.
fn initial() -> (String, String) {
    if let Some(m) = saved() {
        return (m.text, m.input_shape);
    }
    network_presets()
        .first()
        .map_or((String::new(), "(1, 3, 32, 32)".into()), |p| {
            (p.text.clone(), shape_text(&p.input_shape))
        })
}

fn shape_text(shape: &[i64]) -> String {
    let parts: Vec<String> = shape.iter().map(|x| x.to_string()).collect();
    format!("({})", parts.join(", "))
}

#[component]
pub fn NetworkView() -> impl IntoView {
    let (text0, shape0) = initial();
    let text = RwSignal::new(text0);
    let shape = RwSignal::new(shape0);
    // Every keystroke is kept: the text is the person's, whatever it parses to.
    Effect::new(move |_| {
        save(&SharedModel {
            text: text.get(),
            input_shape: shape.get(),
        })
    });
    let model = Memo::new(move |_| text.with(|t| Model::parse(t)));
    let input = Memo::new(move |_| shape.with(|s| parse_shape(s)));
    let report = Memo::new(move |_| {
        model.with(|m| {
            input.with(|i| match (m, i) {
                (Ok(m), Ok(i)) => Some(infer(m, i)),
                _ => None,
            })
        })
    });
    // The row whose output cell is picked, and the cell.
    let picked = RwSignal::new(None::<(usize, [i64; 2])>);
    Effect::new(move |_| {
        report.track();
        picked.set(None);
    });
    let load = move |name: String| {
        if let Some(p) = network_presets().iter().find(|p| p.name == name) {
            text.set(p.text.clone());
            shape.set(shape_text(&p.input_shape));
        }
    };
    let apply_fix = Callback::new(move |fixed: Model| text.set(to_source(&fixed)));
    // A run of conv layers in the stack view, with the animation.
    let lab = use_lab();
    let open_stack = Callback::new(move |first: usize| {
        let opened = report.with_untracked(|r| match r {
            Some(Ok(r)) => Some(longest_run(r, first, lab.next_seed())),
            _ => None,
        });
        match opened {
            Some(Ok((mut scene, words))) => {
                scene.view = Some("lab".into());
                lab.open(scene, Source::File);
                lab.notice.set(Some(words));
            }
            Some(Err(why)) => lab.notice.set(Some(format!(
                "These layers cannot be opened in the stack view: {why}."
            ))),
            None => {}
        }
    });
    // The export prints the table above when run in PyTorch; without a
    // valid input shape, the model's source alone.
    let code = Memo::new(move |_| {
        model.with(|m| {
            input.with(|i| match (m, i) {
                (Ok(m), Ok(i)) => Some(to_script(m, i)),
                (Ok(m), Err(_)) => Some(to_source(m)),
                _ => None,
            })
        })
    });
    view! {
        <section class="net" data-testid="network" aria-label="Your network">
            <h2 class="net__title">"Your network"</h2>
            <p class="note">"Paste an nn.Sequential, as print(model) prints it or as the Python that builds it, give the input shape, and see what PyTorch would make of it, layer by layer."</p>
            <div class="net__inputs">
                <label class="field net__preset">
                    <span class="field__label">"Known architecture"</span>
                    <select data-testid="model-preset" aria-label="Known architecture" on:change=move |e| load(event_target_value(&e))>
                        <option value="">"Pick one\u{2026}"</option>
                        {network_presets().iter().map(|p| view! { <option value=p.name.clone()>{p.title.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field net__shape">
                    <span class="field__label">"Input shape (N, C, H, W)"</span>
                    <input class="field__input" type="text" data-testid="model-input-shape" aria-label="Input shape" spellcheck="false"
                        prop:value=move || shape.get() on:input=move |e| shape.set(event_target_value(&e)) />
                </label>
            </div>
            <textarea class="net__text" data-testid="model-text" aria-label="Model" spellcheck="false" rows="12"
                prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e))></textarea>
            {move || model.with(|m| m.as_ref().err().map(|e| view! {
                <p class="net__error" role="status" data-testid="model-parse-error"
                    data-line=e.span.line.to_string() data-column=e.span.column.to_string()>
                    {format!("This text cannot be read as a model: {e}")}
                </p>
            }))}
            {move || input.with(|i| i.as_ref().err().map(|e| view! {
                <p class="net__error" role="status" data-testid="net-shape-error">{format!("Input shape: {}", e.message())}</p>
            }))}
            {move || report.with(|r| match r {
                Some(Err(e)) => Some(view! {
                    <p class="net__error" role="status" data-testid="net-shape-error">{e.message()}</p>
                }.into_any()),
                _ => None,
            })}
            <LayerTable report picked model apply_fix open_stack />
            <FieldView report picked />
            <details class="net__code">
                <summary>"Export to PyTorch"</summary>
                <pre data-testid="net-code"><code>{move || code.get().unwrap_or_default()}</code></pre>
            </details>
        </section>
    }
}
