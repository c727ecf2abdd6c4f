//! A pool layer's settings in the layer list: `MaxPool2d` or `AvgPool2d`,
//! its kernel, stride (the kernel's by default, as PyTorch's), padding,
//! dilation (max), `ceil_mode`, and for an average `count_include_pad` and
//! `divisor_override`. Every change is one `LayerEdit` the core applies;
//! any whole number is taken, and PyTorch's rules refuse what they refuse.
//!
//! Test ids: `layer-{l}-pool-kind`, the number fields `layer-{l}-kH`, ...
//! (`stride-H`, `pad-H`, `dilation-H`, `divisor`), the boxes
//! `layer-{l}-default-stride`, `layer-{l}-ceil-mode`,
//! `layer-{l}-count-include-pad`, `layer-{l}-divisor-override`.

use leptos::prelude::*;

use crate::core::app::edit::{Edit, LayerEdit, PoolEdit};
use crate::core::ops::stack::{PoolArgs, PoolKind};
use crate::core::Scene;
use crate::ui::shell::state::{use_lab, Lab};
use crate::ui::widgets::number_field::NumberField;

/// Pool layer `l`'s arguments through `f` (`None` for a conv layer).
fn read<T>(lab: Lab, l: usize, f: impl Fn(&PoolArgs) -> T) -> Option<T> {
    lab.scene
        .try_with(|s: &Scene| {
            s.stack()
                .and_then(|s| s.layers.get(l))
                .and_then(|x| x.as_pool())
                .map(&f)
        })
        .flatten()
}

fn send(lab: Lab, e: LayerEdit) {
    lab.pause();
    lab.apply(Edit::Layer(e));
}

/// A whole-number argument of pool layer `l`.
fn field(
    l: usize,
    label: &'static str,
    min: i64,
    max: i64,
    get: fn(&PoolArgs) -> i64,
    edit: fn(usize, i64) -> LayerEdit,
) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || read(lab, l, get).unwrap_or(0));
    let on_set = Callback::new(move |v: i64| send(lab, edit(l, v)));
    let testid = format!("layer-{l}-{}", label.replace(' ', "-"));
    view! { <NumberField label=label value on_set min max testid /> }
}

/// A yes/no argument of pool layer `l`.
fn check(
    l: usize,
    label: &'static str,
    id: &'static str,
    get: fn(&PoolArgs) -> bool,
    edit: fn(bool) -> PoolEdit,
) -> impl IntoView {
    let lab = use_lab();
    let on = Memo::new(move |_| read(lab, l, get).unwrap_or(false));
    view! {
        <label class="check">
            <input type="checkbox" data-testid=format!("layer-{l}-{id}") prop:checked=move || on.get()
                on:change=move |e| send(lab, LayerEdit::Pool(l, edit(event_target_checked(&e)))) />
            <span>{label}</span>
        </label>
    }
}

#[component]
pub fn PoolSettings(l: usize) -> impl IntoView {
    let lab = use_lab();
    let kind = Memo::new(move |_| read(lab, l, |p| p.pool).unwrap_or(PoolKind::Max));
    let max = move || kind.get() == PoolKind::Max;
    let default_stride = Memo::new(move |_| read(lab, l, |p| p.stride.is_none()).unwrap_or(true));
    let overridden =
        Memo::new(move |_| read(lab, l, |p| p.divisor_override.is_some()).unwrap_or(false));
    view! {
        <div class="settings__row">
            <label class="field">
                <span class="field__label">"pool"</span>
                <select aria-label=format!("layer {l} pool") data-testid=format!("layer-{l}-pool-kind") on:change=move |e| {
                    let v = event_target_value(&e);
                    if let Some(k) = PoolKind::ALL.into_iter().find(|k| k.class() == v) {
                        send(lab, LayerEdit::Pool(l, PoolEdit::Kind(k)));
                    }
                }>
                    {PoolKind::ALL.into_iter().map(|k| view! {
                        <option value=k.class() prop:selected=move || kind.get() == k>{k.class()}</option>
                    }).collect_view()}
                </select>
            </label>
            {field(l, "kH", -2, 16, |p| p.kernel_size[0], |l, v| LayerEdit::KernelSize(l, 0, v))}
            {field(l, "kW", -2, 16, |p| p.kernel_size[1], |l, v| LayerEdit::KernelSize(l, 1, v))}
        </div>
        <div class="settings__row">
            {check(l, "stride = kernel (default)", "default-stride", |p| p.stride.is_none(), PoolEdit::DefaultStride)}
            <Show when=move || !default_stride.get()>
                {field(l, "stride H", -9, 16, |p| p.stride_used()[0], |l, v| LayerEdit::Pool(l, PoolEdit::Stride(0, v)))}
                {field(l, "stride W", -9, 16, |p| p.stride_used()[1], |l, v| LayerEdit::Pool(l, PoolEdit::Stride(1, v)))}
            </Show>
        </div>
        <div class="settings__row">
            {field(l, "pad H", -9, 16, |p| p.padding[0], |l, v| LayerEdit::Pool(l, PoolEdit::Padding(0, v)))}
            {field(l, "pad W", -9, 16, |p| p.padding[1], |l, v| LayerEdit::Pool(l, PoolEdit::Padding(1, v)))}
            <Show when=max>
                {field(l, "dilation H", -4, 8, |p| p.dilation[0], |l, v| LayerEdit::Pool(l, PoolEdit::Dilation(0, v)))}
                {field(l, "dilation W", -4, 8, |p| p.dilation[1], |l, v| LayerEdit::Pool(l, PoolEdit::Dilation(1, v)))}
            </Show>
        </div>
        <div class="settings__row">
            {check(l, "ceil_mode", "ceil-mode", |p| p.ceil_mode, PoolEdit::CeilMode)}
            <Show when=move || !max()>
                {check(l, "count_include_pad", "count-include-pad", |p| p.count_include_pad, PoolEdit::CountIncludePad)}
                {check(l, "divisor_override", "divisor-override", |p| p.divisor_override.is_some(), |on| {
                    PoolEdit::DivisorOverride(on.then_some(1))
                })}
                <Show when=move || overridden.get()>
                    {field(l, "divisor", -9, 99, |p| p.divisor_override.unwrap_or(1), |l, v| {
                        LayerEdit::Pool(l, PoolEdit::DivisorOverride(Some(v)))
                    })}
                </Show>
            </Show>
        </div>
    }
}
