//! A whole-number field that never breaks: a half-typed or out-of-range
//! value is shown with a hint and changes nothing until it is valid.
//!
//! A value applies when the person has finished typing it: on Enter, when
//! the field loses focus, or after a pause of [`PAUSE_MS`]. Never mid-number:
//! typing 12 into a size does not pass through a size of 1.

use leptos::html;
use leptos::prelude::*;

/// How long a typed value waits for the next keystroke before it applies.
pub const PAUSE_MS: u64 = 600;

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
    // A valid value typed and not applied yet, and the keystroke count
    // that tells a pause's timer whether another key came after it.
    let waiting = StoredValue::new(None::<i64>);
    let keys = StoredValue::new(0u64);
    let apply = move || {
        let Some(v) = waiting.try_update_value(Option::take).flatten() else {
            return;
        };
        stands_for.try_set_value(Some(v));
        if value.try_get_untracked().is_some_and(|now| now != v) {
            on_set.run(v);
        }
    };
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        if hint.is_disposed() {
            return;
        }
        keys.update_value(|k| *k += 1);
        waiting.set_value(None);
        match text.trim().parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => {
                hint.set(None);
                waiting.set_value(Some(v));
                let key = keys.get_value();
                set_timeout(
                    move || {
                        if keys.try_get_value() == Some(key) {
                            apply();
                        }
                    },
                    std::time::Duration::from_millis(PAUSE_MS),
                );
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
                on:keydown=move |e: web_sys::KeyboardEvent| {
                    if e.key() == "Enter" {
                        apply();
                    }
                }
                on:blur=move |_| {
                    apply();
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
