//! A whole-number field that never breaks: a half-typed or out-of-range
//! value is shown with a hint and changes nothing until it is valid.

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn NumberField(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<i64>,
    on_set: Callback<i64>,
    min: i64,
    max: i64,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let input: NodeRef<html::Input> = NodeRef::new();
    let hint = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let v = value.get();
        if let Some(el) = input.get() {
            let el_ref: &web_sys::Element = el.as_ref();
            let focused = document().active_element().is_some_and(|a| &a == el_ref);
            // Never overwrite what the user is typing.
            if !focused && el.value() != v.to_string() {
                el.set_value(&v.to_string());
            }
        }
    });
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        match text.trim().parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => {
                hint.set(None);
                if v != value.get_untracked() {
                    on_set.run(v);
                }
            }
            Ok(_) => hint.set(Some(format!("{min} to {max}"))),
            Err(_) => hint.set(Some(if text.trim().is_empty() || text.trim() == "-" {
                "type a number".to_string()
            } else {
                "a whole number".to_string()
            })),
        }
    };
    let aria = label.clone();
    view! {
        <label class="field" class:field--pending=move || hint.get().is_some()>
            <span class="field__label">{label}</span>
            <input
                class="field__input"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                aria-label=aria
                data-testid=testid
                node_ref=input
                on:input=on_input
                on:blur=move |_| {
                    if let Some(el) = input.get_untracked() {
                        el.set_value(&value.get_untracked().to_string());
                        hint.set(None);
                    }
                }
            />
            <span class="field__hint" role="status">{move || hint.get()}</span>
        </label>
    }
}
