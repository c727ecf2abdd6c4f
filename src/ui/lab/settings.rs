//! The op and its settings: PyTorch's stride, padding, padding_mode,
//! dilation, groups and bias; SciPy's mode, boundary and fillvalue.

use leptos::prelude::*;

use crate::core::model::conv2d::PaddingKind;

use crate::core::{Boundary, Mode, Op, OpKind, Padding, PaddingMode, Scene};
use crate::ui::shell::state::use_lab;
use crate::ui::transpose::settings::TransposeSettings;
use crate::ui::transpose::undo::UndoShape;
use crate::ui::widgets::number_field::NumberField;

/// Read a PyTorch setting (0 where the scene is SciPy's).
fn torch_get(s: &Scene, f: impl Fn(&crate::core::TorchConv) -> i64) -> i64 {
    match &s.op {
        Op::Torch(t) => f(t),
        _ => 0,
    }
}

#[component]
pub fn OpSelect() -> impl IntoView {
    let lab = use_lab();
    let kind = Memo::new(move |_| lab.scene.with(Scene::kind));
    view! {
        <label class="field field--op">
            <span class="field__label">"Operation"</span>
            <select
                aria-label="Operation"
                data-testid="op-select"
                on:change=move |e| {
                    let v = event_target_value(&e);
                    if let Some(k) = OpKind::ALL.into_iter().chain([OpKind::Sequential]).find(|k| k.name() == v) {
                        lab.pause();
                        lab.edit(|s| s.set_kind(k));
                        lab.go_to(0);
                    }
                }
            >
                {OpKind::ALL
                    .into_iter()
                    .chain([OpKind::Sequential])
                    .map(|k| {
                        let text = match k {
                            OpKind::Torch => "torch F.conv2d (cross-correlation)",
                            OpKind::Convolve => "scipy convolve2d (flipped)",
                            OpKind::Correlate => "scipy correlate2d (not flipped)",
                            OpKind::Sequential => "torch nn.Sequential (layer stack)",
                            OpKind::Transpose => "torch F.conv_transpose2d (transposed)",
                        };
                        view! { <option value=k.name() prop:selected=move || kind.get() == k>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

fn pair_field(
    label: &'static str,
    axis: usize,
    min: i64,
    max: i64,
    get: fn(&crate::core::TorchConv) -> [i64; 2],
    set: fn(&mut crate::core::TorchConv, usize, i64),
) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || lab.scene.with(|s| torch_get(s, |t| get(t)[axis])));
    let on_set = Callback::new(move |v: i64| {
        lab.edit(|s| {
            if let Op::Torch(t) = &mut s.op {
                set(t, axis, v);
            }
        })
    });
    view! { <NumberField label=label value on_set min max /> }
}

#[component]
pub fn Settings() -> impl IntoView {
    let lab = use_lab();
    let kind = Memo::new(move |_| lab.scene.with(Scene::kind));
    move || match kind.get() {
        OpKind::Torch => view! { <TorchSettings /> }.into_any(),
        OpKind::Sequential => view! { <crate::ui::stack::LayerList /> }.into_any(),
        OpKind::Transpose => view! { <TransposeSettings /> }.into_any(),
        _ => view! { <ScipySettings /> }.into_any(),
    }
}

#[component]
fn TorchSettings() -> impl IntoView {
    let lab = use_lab();
    let padding = Memo::new(move |_| {
        lab.scene.with(|s| match &s.op {
            Op::Torch(t) => t.padding,
            _ => Padding::zero(),
        })
    });
    let padding_kind = move || PaddingKind::of(padding.get()).as_str();
    let groups = Signal::derive(move || lab.scene.with(|s| torch_get(s, |t| t.groups)));
    let set_groups = Callback::new(move |g: i64| lab.edit(|s| s.set_groups(g)));
    let mode = Memo::new(move |_| {
        lab.scene.with(|s| match &s.op {
            Op::Torch(t) => t.padding_mode,
            _ => PaddingMode::Zeros,
        })
    });
    let has_bias = Memo::new(move |_| {
        lab.scene
            .with(|s| matches!(&s.op, Op::Torch(t) if t.bias.is_some()))
    });
    view! {
        <div class="settings">
            <div class="settings__row">
                {pair_field("stride H", 0, -9, 9, |t| t.stride, |t, a, v| t.stride[a] = v)}
                {pair_field("stride W", 1, -9, 9, |t| t.stride, |t, a, v| t.stride[a] = v)}
            </div>
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"padding"</span>
                    <select aria-label="padding" data-testid="padding-kind" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(k) = PaddingKind::ALL.into_iter().find(|k| k.as_str() == v) {
                            lab.edit(|s| if let Op::Torch(t) = &mut s.op { t.choose_padding(k) });
                        }
                    }>
                        {PaddingKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() prop:selected=move || padding_kind() == k.as_str()>{k.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || matches!(padding.get(), Padding::Explicit(_))>
                    {pair_field("pad H", 0, -9, 16, |t| match t.padding { Padding::Explicit(p) => p, _ => [0, 0] }, |t, a, v| {
                        if let Padding::Explicit(p) = &mut t.padding { p[a] = v; }
                    })}
                    {pair_field("pad W", 1, -9, 16, |t| match t.padding { Padding::Explicit(p) => p, _ => [0, 0] }, |t, a, v| {
                        if let Padding::Explicit(p) = &mut t.padding { p[a] = v; }
                    })}
                </Show>
            </div>
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"padding_mode"</span>
                    <select aria-label="padding_mode" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(m) = PaddingMode::ALL.into_iter().find(|m| m.as_str() == v) {
                            lab.edit(|s| if let Op::Torch(t) = &mut s.op { t.padding_mode = m; });
                        }
                    }>
                        {PaddingMode::ALL.into_iter().map(|m| view! {
                            <option value=m.as_str() prop:selected=move || mode.get() == m>{m.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <NumberField label="groups" value=groups on_set=set_groups min=-4 max=64 testid="groups" />
            </div>
            <div class="settings__row">
                {pair_field("dilation H", 0, -4, 8, |t| t.dilation, |t, a, v| t.dilation[a] = v)}
                {pair_field("dilation W", 1, -4, 8, |t| t.dilation, |t, a, v| t.dilation[a] = v)}
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || has_bias.get()
                    on:change=move |e| { let on = event_target_checked(&e); lab.edit(|s| s.set_bias_enabled(on)); } />
                <span>"bias"</span>
            </label>
            <UndoShape />
        </div>
    }
}

#[component]
fn ScipySettings() -> impl IntoView {
    let lab = use_lab();
    let get = move || {
        lab.scene.with(|s| match &s.op {
            Op::Convolve(c) | Op::Correlate(c) => (c.mode, c.boundary, c.fillvalue),
            _ => (Mode::Valid, Boundary::Fill, 0.0),
        })
    };
    let edit = move |f: Box<dyn FnOnce(&mut crate::core::ScipyConv)>| {
        lab.edit(|s| {
            if let Op::Convolve(c) | Op::Correlate(c) = &mut s.op {
                f(c)
            }
        })
    };
    let fill = Signal::derive(move || get().2.round() as i64);
    let set_fill = Callback::new(move |v: i64| edit(Box::new(move |c| c.fillvalue = v as f64)));
    view! {
        <div class="settings">
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"mode"</span>
                    <select aria-label="mode" data-testid="mode" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(m) = Mode::ALL.into_iter().find(|m| m.as_str() == v) {
                            edit(Box::new(move |c| c.mode = m));
                        }
                    }>
                        {Mode::ALL.into_iter().map(|m| view! {
                            <option value=m.as_str() prop:selected=move || get().0 == m>{m.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">"boundary"</span>
                    <select aria-label="boundary" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(b) = Boundary::ALL.into_iter().find(|b| b.as_str() == v) {
                            edit(Box::new(move |c| c.boundary = b));
                        }
                    }>
                        {Boundary::ALL.into_iter().map(|b| view! {
                            <option value=b.as_str() prop:selected=move || get().1 == b>{b.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <NumberField label="fillvalue" value=fill on_set=set_fill min=-99 max=99 />
            </div>
        </div>
    }
}
