//! "Why this size?": the core's words for each axis of the output size,
//! drawn in the extras chunk once the person opens the question (the words'
//! code is not part of the first load).

#![allow(improper_ctypes_definitions)]

use leptos::prelude::*;
use wasm_split_helpers::wasm_split;

use crate::core::present::why::why_size;
use crate::core::Plan;
use crate::ui::shell::chunk::{Chunk, NotLoaded, Part};
use crate::ui::shell::state::use_lab;

#[component]
fn WhySize() -> impl IntoView {
    let lab = use_lab();
    move || {
        lab.shown.with(|p| p.as_ref().map(why_size)).map(|ws| {
            ws.into_iter()
                .map(|w| view! {
                    <p class="why__axis"><span class="formula__axis">{w.axis}</span>": "{w.text}</p>
                })
                .collect_view()
        })
    }
}

#[wasm_split(extras, fallible, preload(preload_why))]
fn why() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| view! { <WhySize /> }.into_any()))
}

/// The question, closed; its answer is drawn (and its code fetched) when
/// it is opened. It answers for the lab's shown plan.
#[component]
pub fn WhyThisSize(#[prop(into)] plan: Signal<Option<Plan>>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details class="why" data-testid="why-size"
            on:toggle=move |e| {
                use wasm_bindgen::JsCast;
                if let Some(d) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
                    open.set(d.open());
                }
            }>
            <summary>"Why this size?"</summary>
            <Show when=move || open.get() && plan.with(Option::is_some)>
                <Chunk part=Part::new(|| Box::pin(preload_why()), why) />
            </Show>
        </details>
    }
}
