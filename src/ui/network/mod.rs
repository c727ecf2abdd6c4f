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

use crate::core::content::networks::{network_presets, shape_text};
use crate::core::model::scene::SharedModel;
use crate::core::ops::network::stack::longest_run;
use crate::core::ops::network::{infer, parse_shape, to_script, to_source, Model};
use crate::ui::network::field::FieldView;
use crate::ui::network::store::save;
use crate::ui::network::table::LayerTable;
use crate::ui::shell::state::{use_lab, Source};

/// The first preset's text and shape (the page's model until one is typed).
fn first_preset() -> SharedModel {
    network_presets().first().map_or_else(
        || SharedModel {
            text: String::new(),
            input_shape: "(1, 3, 32, 32)".into(),
        },
        |p| SharedModel {
            text: p.text.clone(),
            input_shape: shape_text(&p.input_shape),
        },
    )
}

#[component]
pub fn NetworkView() -> impl IntoView {
    // The model lives in the lab (a lesson or a link can set it); the
    // text and the shape are two views of it.
    let lab = use_lab();
    if lab.net.with_untracked(Option::is_none) {
        lab.net.set(Some(first_preset()));
    }
    let text = Memo::new(move |_| {
        lab.net
            .with(|m| m.as_ref().map(|m| m.text.clone()).unwrap_or_default())
    });
    let shape = Memo::new(move |_| {
        lab.net.with(|m| {
            m.as_ref()
                .map(|m| m.input_shape.clone())
                .unwrap_or_default()
        })
    });
    let set_text = move |t: String| {
        lab.net
            .update(|m| m.get_or_insert_with(first_preset).text = t)
    };
    let set_shape = move |t: String| {
        lab.net
            .update(|m| m.get_or_insert_with(first_preset).input_shape = t)
    };
    // Every keystroke is kept: the text is the person's, whatever it parses to.
    Effect::new(move |_| {
        lab.net.with(|m| {
            if let Some(m) = m {
                save(m)
            }
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
            lab.net.set(Some(SharedModel {
                text: p.text.clone(),
                input_shape: shape_text(&p.input_shape),
            }));
        }
    };
    let apply_fix = Callback::new(move |fixed: Model| set_text(to_source(&fixed)));
    // A run of conv layers in the stack view, with the animation.
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
                        prop:value=move || shape.get() on:input=move |e| set_shape(event_target_value(&e)) />
                </label>
            </div>
            <textarea class="net__text" data-testid="model-text" aria-label="Model" spellcheck="false" rows="12"
                prop:value=move || text.get() on:input=move |e| set_text(event_target_value(&e))></textarea>
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
            {move || report.with(|r| matches!(r, Some(Ok(_)))).then(|| view! {
                <p class="net__copy">
                    <button class="btn btn--small" data-testid="net-copy-table"
                        title="The table as text; the exported script prints the same table when run in PyTorch"
                        on:click=move |_| {
                            if let Some(Ok(r)) = report.get_untracked() {
                                crate::ui::shell::toolbar::copy_to_clipboard(&r.table_text());
                                lab.notice.set(Some("The layer table is on the clipboard, as text. The script under \"Export to PyTorch\" prints the same table when run.".into()));
                            }
                        }>"Copy the table"</button>
                </p>
            })}
            <details class="net__code">
                <summary>"Export to PyTorch"</summary>
                <pre data-testid="net-code"><code>{move || code.get().unwrap_or_default()}</code></pre>
            </details>
        </section>
    }
}
