//! `torch.nn.functional.conv_transpose2d`'s arguments: stride, padding,
//! output_padding, dilation (pairs), groups, bias, and
//! `nn.ConvTranspose2d.forward`'s `output_size`. PyTorch's refusals are
//! the error box's business: any whole number may be typed here.

use leptos::prelude::*;

use crate::core::app::edit::{output_size_slot, Edit, TransposeEdit};
use crate::core::{Op, Scene, TransposeConv};
use crate::ui::shell::state::use_lab;
use crate::ui::widgets::number_field::NumberField;

fn get(s: &Scene, f: impl Fn(&TransposeConv) -> i64) -> i64 {
    match &s.op {
        Op::Transpose(t) => f(t),
        _ => 0,
    }
}

/// The four pair-valued arguments.
#[derive(Clone, Copy)]
enum Pair {
    Stride,
    Padding,
    OutputPadding,
    Dilation,
}

impl Pair {
    fn edit(self, axis: usize, v: i64) -> TransposeEdit {
        match self {
            Pair::Stride => TransposeEdit::Stride(axis, v),
            Pair::Padding => TransposeEdit::Padding(axis, v),
            Pair::OutputPadding => TransposeEdit::OutputPadding(axis, v),
            Pair::Dilation => TransposeEdit::Dilation(axis, v),
        }
    }
    fn read(self, t: &TransposeConv) -> [i64; 2] {
        match self {
            Pair::Stride => t.stride,
            Pair::Padding => t.padding,
            Pair::OutputPadding => t.output_padding,
            Pair::Dilation => t.dilation,
        }
    }
}

fn pair_field(
    label: &'static str,
    axis: usize,
    min: i64,
    max: i64,
    pair: Pair,
    testid: &'static str,
) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || lab.scene.with(|s| get(s, |t| pair.read(t)[axis])));
    let on_set = Callback::new(move |v: i64| lab.apply(Edit::Transpose(pair.edit(axis, v))));
    view! { <NumberField label=label value on_set min max testid=testid /> }
}

fn size_field(label: &'static str, axis: usize) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || {
        lab.scene.with(|s| match &s.op {
            Op::Transpose(TransposeConv {
                output_size: Some(v),
                ..
            }) => v.get(output_size_slot(v.len(), axis)).copied().unwrap_or(0),
            _ => 0,
        })
    });
    let on_set = Callback::new(move |v: i64| {
        lab.apply(Edit::Transpose(TransposeEdit::OutputSizeAxis(axis, v)))
    });
    view! { <NumberField label=label value on_set min=-9 max=999 testid=format!("output-size-{axis}") /> }
}

#[component]
pub fn TransposeSettings() -> impl IntoView {
    let lab = use_lab();
    let groups = Signal::derive(move || lab.scene.with(|s| get(s, |t| t.groups)));
    let set_groups =
        Callback::new(move |g: i64| lab.apply(Edit::Transpose(TransposeEdit::Groups(g))));
    let has_bias = Memo::new(move |_| {
        lab.scene
            .with(|s| matches!(&s.op, Op::Transpose(t) if t.bias.is_some()))
    });
    let sized = Memo::new(move |_| {
        lab.scene
            .with(|s| matches!(&s.op, Op::Transpose(t) if t.output_size.is_some()))
    });
    let toggle_size = move |on: bool| {
        // Start from the size the layer gives now (the core's plan).
        let now = lab.shown.with_untracked(|p| p.as_ref().map(|p| p.out_hw));
        let [h, w] = now.unwrap_or([1, 1]);
        lab.apply(Edit::Transpose(TransposeEdit::OutputSize(
            on.then_some([h as i64, w as i64]),
        )))
    };
    view! {
        <div class="settings" data-testid="transpose-settings">
            <div class="settings__row">
                {pair_field("stride H", 0, -9, 9, Pair::Stride, "t-stride-h")}
                {pair_field("stride W", 1, -9, 9, Pair::Stride, "t-stride-w")}
            </div>
            <div class="settings__row">
                {pair_field("padding H", 0, -9, 16, Pair::Padding, "t-padding-h")}
                {pair_field("padding W", 1, -9, 16, Pair::Padding, "t-padding-w")}
            </div>
            <div class="settings__row" class:settings__row--off=move || sized.get()>
                {pair_field("output_padding H", 0, -9, 9, Pair::OutputPadding, "t-outpad-h")}
                {pair_field("output_padding W", 1, -9, 9, Pair::OutputPadding, "t-outpad-w")}
            </div>
            <div class="settings__row">
                {pair_field("dilation H", 0, -4, 8, Pair::Dilation, "t-dilation-h")}
                {pair_field("dilation W", 1, -4, 8, Pair::Dilation, "t-dilation-w")}
            </div>
            <div class="settings__row">
                <NumberField label="groups" value=groups on_set=set_groups min=-4 max=64 testid="groups" />
                <label class="check">
                    <input type="checkbox" prop:checked=move || has_bias.get()
                        on:change=move |e| { let on = event_target_checked(&e); lab.apply(Edit::Transpose(TransposeEdit::Bias(on))); } />
                    <span>"bias"</span>
                </label>
            </div>
            <div class="settings__row">
                <label class="check">
                    <input type="checkbox" data-testid="output-size-on" prop:checked=move || sized.get()
                        on:change=move |e| toggle_size(event_target_checked(&e)) />
                    <span>"output_size (forward)"</span>
                </label>
                <Show when=move || sized.get()>
                    {size_field("H_out", 0)}
                    {size_field("W_out", 1)}
                </Show>
            </div>
            <Show when=move || sized.get()>
                <p class="note">"With output_size, nn.ConvTranspose2d picks output_padding itself; the fields above are ignored."</p>
            </Show>
        </div>
    }
}
