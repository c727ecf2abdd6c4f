//! The op and its settings: PyTorch's stride, padding, padding_mode,
//! dilation, groups and bias; SciPy's mode, boundary and fillvalue.

use leptos::prelude::*;

use crate::core::app::args::ArgsAt;
use crate::core::app::edit::{Edit, ScipyEdit};

use crate::core::{Boundary, Mode, Op, OpKind, Scene};
use crate::ui::shell::state::use_lab;
use crate::ui::transpose::settings::TransposeSettings;
use crate::ui::transpose::undo::UndoShape;
use crate::ui::widgets::conv2d_args::Conv2dArgsEditor;
use crate::ui::widgets::number_field::NumberField;

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
                        lab.apply(Edit::Kind(k));
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
    view! {
        <div class="settings">
            <Conv2dArgsEditor at=ArgsAt::Lab />
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
    let edit = move |e: ScipyEdit| lab.apply(Edit::Scipy(e));
    let fill = Signal::derive(move || get().2.round() as i64);
    let set_fill = Callback::new(move |v: i64| edit(ScipyEdit::FillValue(v as f64)));
    view! {
        <div class="settings">
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"mode"</span>
                    <select aria-label="mode" data-testid="mode" on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(m) = Mode::ALL.into_iter().find(|m| m.as_str() == v) {
                            edit(ScipyEdit::Mode(m));
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
                            edit(ScipyEdit::Boundary(b));
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
