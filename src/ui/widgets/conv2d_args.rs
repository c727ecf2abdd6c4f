//! One editor of an `nn.Conv2d`'s arguments, for the lab's conv2d and for
//! every layer of a stack: stride, dilation, padding (explicit, `same` or
//! `valid`), `padding_mode`, `groups` and bias. Every change is one
//! [`ArgsEdit`] the core applies (`Scene::edit_args`).

use leptos::prelude::*;

use crate::core::app::args::{ArgsAt, ArgsEdit};
use crate::core::app::edit::Edit;
use crate::core::model::conv2d::{Conv2dArgs, Padding, PaddingKind, PaddingMode};
use crate::core::Scene;
use crate::ui::shell::state::{use_lab, Lab};
use crate::ui::widgets::number_field::NumberField;

/// Read the arguments at `at` (`None` where the scene has none, or the page
/// is gone).
fn read<T>(lab: Lab, at: ArgsAt, f: impl Fn(&Conv2dArgs) -> T) -> Option<T> {
    lab.scene
        .try_with(|s: &Scene| s.conv2d_args(at).map(&f))
        .flatten()
}

/// Send one edit; a stack's layer edit pauses the animation, as its other
/// edits do.
fn send(lab: Lab, at: ArgsAt, edit: ArgsEdit) {
    if matches!(at, ArgsAt::Layer(_)) {
        lab.pause();
    }
    lab.apply(Edit::Args(at, edit));
}

/// Test ids and accessible names: the lab's are plain (`groups`,
/// `padding`), a layer's name its layer (`layer-0-groups`, `layer 0 padding`).
fn ids(at: ArgsAt) -> (String, String) {
    match at {
        ArgsAt::Lab => (String::new(), String::new()),
        ArgsAt::Layer(l) => (format!("layer-{l}-"), format!("layer {l} ")),
    }
}

/// A whole-number argument.
fn field(
    at: ArgsAt,
    label: &'static str,
    min: i64,
    max: i64,
    get: fn(&Conv2dArgs) -> i64,
    edit: fn(i64) -> ArgsEdit,
) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || read(lab, at, get).unwrap_or(0));
    let on_set = Callback::new(move |v: i64| send(lab, at, edit(v)));
    let testid = format!("{}{}", ids(at).0, label.replace(' ', "-"));
    view! { <NumberField label=label value on_set min max testid /> }
}

fn pad(a: &Conv2dArgs, axis: usize) -> i64 {
    match a.padding {
        Padding::Explicit(p) => p[axis],
        _ => 0,
    }
}

#[component]
pub fn Conv2dArgsEditor(at: ArgsAt) -> impl IntoView {
    let lab = use_lab();
    let (id, name) = ids(at);
    let kind = Memo::new(move |_| {
        read(lab, at, |a| PaddingKind::of(a.padding)).unwrap_or(PaddingKind::Valid)
    });
    let mode = Memo::new(move |_| read(lab, at, |a| a.padding_mode).unwrap_or(PaddingMode::Zeros));
    let has_bias = Memo::new(move |_| read(lab, at, |a| a.bias.is_some()).unwrap_or(false));
    // The lab's padding picker keeps its historical test id.
    let padding_id = match at {
        ArgsAt::Lab => "padding-kind".to_string(),
        ArgsAt::Layer(_) => format!("{id}padding"),
    };
    view! {
        <div class="settings__row">
            {field(at, "stride H", -9, 9, |a| a.stride[0], |v| ArgsEdit::Stride(0, v))}
            {field(at, "stride W", -9, 9, |a| a.stride[1], |v| ArgsEdit::Stride(1, v))}
            {field(at, "dilation H", -4, 8, |a| a.dilation[0], |v| ArgsEdit::Dilation(0, v))}
            {field(at, "dilation W", -4, 8, |a| a.dilation[1], |v| ArgsEdit::Dilation(1, v))}
        </div>
        <div class="settings__row">
            <label class="field">
                <span class="field__label">"padding"</span>
                <select aria-label=format!("{name}padding") data-testid=padding_id on:change=move |e| {
                    let v = event_target_value(&e);
                    if let Some(k) = PaddingKind::ALL.into_iter().find(|k| k.as_str() == v) {
                        send(lab, at, ArgsEdit::Padding(k));
                    }
                }>
                    {PaddingKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() prop:selected=move || kind.get() == k>{k.as_str()}</option>
                    }).collect_view()}
                </select>
            </label>
            <Show when=move || kind.get() == PaddingKind::Explicit>
                {field(at, "pad H", -9, 16, |a| pad(a, 0), |v| ArgsEdit::Pad(0, v))}
                {field(at, "pad W", -9, 16, |a| pad(a, 1), |v| ArgsEdit::Pad(1, v))}
            </Show>
        </div>
        <div class="settings__row">
            <label class="field">
                <span class="field__label">"padding_mode"</span>
                <select aria-label=format!("{name}padding_mode") on:change=move |e| {
                    let v = event_target_value(&e);
                    if let Some(m) = PaddingMode::ALL.into_iter().find(|m| m.as_str() == v) {
                        send(lab, at, ArgsEdit::Mode(m));
                    }
                }>
                    {PaddingMode::ALL.into_iter().map(|m| view! {
                        <option value=m.as_str() prop:selected=move || mode.get() == m>{m.as_str()}</option>
                    }).collect_view()}
                </select>
            </label>
            {field(at, "groups", -4, 64, |a| a.groups, ArgsEdit::Groups)}
            <label class="check">
                <input type="checkbox" prop:checked=move || has_bias.get()
                    on:change=move |e| send(lab, at, ArgsEdit::Bias(event_target_checked(&e))) />
                <span>"bias"</span>
            </label>
        </div>
    }
}
