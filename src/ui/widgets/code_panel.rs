//! The Python that reproduces the scene, with a copy button. The code is
//! generated only while its panel is open (or when copied): printing every
//! number of a large scene on each edit would slow typing down.

use leptos::prelude::*;

use crate::core::export::codegen::{pytorch_code, scipy_code};
use crate::ui::shell::state::use_lab;

#[component]
pub fn CodePanel() -> impl IntoView {
    let lab = use_lab();
    let torch = Memo::new(move |_| lab.scene.with(pytorch_code));
    let scipy = Memo::new(move |_| lab.scene.with(scipy_code));
    let block = move |title: &'static str, testid: &'static str, code: Memo<String>| {
        let copied = RwSignal::new(false);
        let open = RwSignal::new(false);
        view! {
            <details class="code" on:toggle=move |e| {
                use wasm_bindgen::JsCast;
                if let Some(d) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    open.try_set(d.open());
                }
            }>
                <summary class="code__title">{title}</summary>
                <button class="btn btn--small code__copy" on:click=move |_| {
                    crate::ui::shell::toolbar::copy_to_clipboard(&code.get_untracked());
                    copied.set(true);
                }>{move || if copied.get() { "Copied" } else { "Copy" }}</button>
                <pre class="code__pre" data-testid=testid>{move || open.get().then(|| code.get())}</pre>
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
