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
    // The value the field's text stands for: the last one written here or
    // typed validly. The field is rewritten only when the value differs from
    // it (a lesson, a file, another control), never while focused: so a
    // pending (half-typed) text stays while other edits change the scene.
    let stands_for = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        let v = value.get();
        if let Some(el) = input.get() {
            let el_ref: &web_sys::Element = el.as_ref();
            let focused = document().active_element().is_some_and(|a| &a == el_ref);
            if !focused && stands_for.get_value() != Some(v) {
                el.set_value(&v.to_string());
                stands_for.set_value(Some(v));
                hint.set(None);
            }
        }
    });
    let kept = move || {
        value
            .try_get_untracked()
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        if hint.is_disposed() {
            return;
        }
        match text.trim().parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => {
                hint.set(None);
                stands_for.try_set_value(Some(v));
                if value.try_get_untracked().is_some_and(|now| now != v) {
                    on_set.run(v);
                }
            }
            Ok(_) => hint.set(Some(format!("{min} to {max}; {} kept", kept()))),
            Err(_) => hint.set(Some(if text.trim().is_empty() || text.trim() == "-" {
                format!("type a number; {} kept", kept())
            } else {
                format!("a whole number; {} kept", kept())
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
                    // Runs also when a focused field is removed with its
                    // owner (the scene was replaced): then nothing is left to do.
                    // A half-typed or out-of-range value stays as typed, with its hint.
                    let Some(el) = input.try_get_untracked().flatten() else { return };
                    if hint.try_with_untracked(Option::is_none).unwrap_or(false) {
                        if let Some(v) = value.try_get_untracked() {
                            el.set_value(&v.to_string());
                            stands_for.try_set_value(Some(v));
                        }
                    }
                }
            />
            <span class="field__hint" role="status">{move || hint.get()}</span>
        </label>
    }
}
