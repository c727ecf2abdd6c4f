//! The Python that reproduces the scene, with a copy button. The code is
//! generated only while its panel is open (or when copied): printing every
//! number of a large scene on each edit would slow typing down.
//!
//! The code generator lives in a wasm chunk of its own (`code`, see
//! `crate::ui::shell::chunk`): the panel's titles are in the first load,
//! the generator is fetched once the page is whole, or when a panel is
//! opened or copied first.

#![allow(improper_ctypes_definitions)]

use leptos::prelude::*;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

use crate::core::export::codegen::{pytorch_code, scipy_code};
use crate::core::Scene;
use crate::ui::shell::chunk::{now, NotLoaded};
use crate::ui::shell::state::use_lab;

/// The scene's PyTorch code (`torch`) or SciPy / NumPy code.
#[wasm_split(code, fallible, preload(preload_code))]
fn python(scene: &Scene, torch: bool) -> Result<String, NotLoaded> {
    Ok(if torch {
        pytorch_code(scene)
    } else {
        scipy_code(scene)
    })
}

/// Fetches the code generator's chunk.
pub async fn preload() -> Result<(), SplitLoaderError> {
    preload_code().await
}

#[component]
pub fn CodePanel() -> impl IntoView {
    let lab = use_lab();
    // The generator is here (its chunk fetched). Not asked at start: asking
    // fetches, and the first screen fetches no chunk.
    let loaded = RwSignal::new(false);
    let fetch = move || {
        if !loaded.get_untracked() {
            leptos::task::spawn_local(async move {
                if preload_code().await.is_ok() {
                    let _ = loaded.try_set(true);
                }
            });
        }
    };
    let code = move |torch: bool| {
        Memo::new(move |_| {
            if !loaded.get() {
                return None;
            }
            lab.scene
                .with(|s| now(python(s, torch)))
                .and_then(Result::ok)
        })
    };
    let (torch, scipy) = (code(true), code(false));
    let block = move |title: &'static str, testid: &'static str, code: Memo<Option<String>>| {
        let copied = RwSignal::new(false);
        let open = RwSignal::new(false);
        view! {
            <details class="code" on:toggle=move |e| {
                use wasm_bindgen::JsCast;
                if let Some(d) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    open.try_set(d.open());
                    fetch();
                }
            }>
                <summary class="code__title">{title}</summary>
                <button class="btn btn--small code__copy" on:click=move |_| {
                    if let Some(text) = code.get_untracked() {
                        crate::ui::shell::toolbar::copy_to_clipboard(&text);
                        copied.set(true);
                    } else {
                        // Not here yet: copy once the generator is.
                        leptos::task::spawn_local(async move {
                            if preload_code().await.is_ok() {
                                let _ = loaded.try_set(true);
                                if let Some(text) = code.try_get_untracked().flatten() {
                                    crate::ui::shell::toolbar::copy_to_clipboard(&text);
                                    let _ = copied.try_set(true);
                                }
                            }
                        });
                    }
                }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                <pre class="code__pre" data-testid=testid>{move || {
                    open.get().then(|| code.get().unwrap_or_else(|| "Loading the code\u{2026}".to_string()))
                }}</pre>
            </details>
        }
    };
    view! {
        <section class="codes" aria-label="Code">
            {block("PyTorch code", "code-pytorch", torch)}
            {block("SciPy / NumPy code", "code-scipy", scipy)}
        </section>
    }
}
