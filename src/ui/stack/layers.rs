//! The layer list in the side panel: 1 to 8 `nn.Conv2d` layers, each with
//! its out channels, kernel size, stride, padding, dilation, groups,
//! padding_mode and bias, buttons to add, remove, duplicate and move it,
//! and fills for its weight. Every edit is a core function on the scene.

use leptos::prelude::*;

use crate::core::stack::{LayerFill, StackLayer, StackScene, MAX_LAYERS as MAX};
use crate::core::{Padding, PaddingMode, Scene};
use crate::ui::number_field::NumberField;
use crate::ui::state::{use_lab, Lab};

/// Apply a stack edit and keep the timeline in range.
fn edit(lab: Lab, f: impl FnOnce(&mut StackScene)) {
    lab.pause();
    lab.edit(|s| s.edit_stack(f));
}

fn read(lab: Lab, l: usize, f: impl Fn(&StackLayer) -> i64) -> i64 {
    lab.scene
        .try_with(|s: &Scene| s.stack().and_then(|s| s.layers.get(l)).map_or(0, &f))
        .unwrap_or(0)
}

/// A whole-number setting of layer `l`.
fn field(
    l: usize,
    label: &'static str,
    min: i64,
    max: i64,
    get: fn(&StackLayer) -> i64,
    set: fn(&mut StackScene, usize, i64),
) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || read(lab, l, get));
    let on_set = Callback::new(move |v: i64| edit(lab, |s| set(s, l, v)));
    view! { <NumberField label=label value on_set min max testid=format!("layer-{l}-{}", label.replace(' ', "-")) /> }
}

fn pad_of(l: &StackLayer, axis: usize) -> i64 {
    match l.padding {
        Padding::Explicit(p) => p[axis],
        _ => 0,
    }
}

fn set_pad(s: &mut StackScene, l: usize, axis: usize, v: i64) {
    if let Some(x) = s.layer_mut(l) {
        if let Padding::Explicit(p) = &mut x.padding {
            p[axis] = v;
        }
    }
}

#[component]
pub fn LayerList() -> impl IntoView {
    let lab = use_lab();
    let count = Memo::new(move |_| lab.scene.with(|s| s.stack().map_or(0, |s| s.layers.len())));
    view! {
        <section class="panel layers" aria-label="Layers" data-testid="layer-list">
            <h2 class="panel__title">{move || format!("Layers: nn.Sequential of {} nn.Conv2d", count.get())}</h2>
            {move || (0..count.get()).map(|l| view! { <LayerCard l count /> }).collect_view()}
            <button class="btn" data-testid="layer-add" disabled=move || { count.get() >= MAX }
                on:click=move |_| edit(lab, StackScene::add_layer)>"Add a layer"</button>
        </section>
    }
}

#[component]
fn LayerCard(l: usize, count: Memo<usize>) -> impl IntoView {
    let lab = use_lab();
    let padding = Memo::new(move |_| {
        lab.scene.with(|s| {
            s.stack()
                .and_then(|s| s.layers.get(l))
                .map_or(Padding::zero(), |x| x.padding)
        })
    });
    let padding_kind = move || match padding.get() {
        Padding::Explicit(_) => "explicit",
        p if p == Padding::SAME => "same",
        _ => "valid",
    };
    let mode = Memo::new(move |_| {
        lab.scene.with(|s| {
            s.stack()
                .and_then(|s| s.layers.get(l))
                .map_or(PaddingMode::Zeros, |x| x.padding_mode)
        })
    });
    let has_bias = Memo::new(move |_| {
        lab.scene.with(|s| {
            s.stack()
                .and_then(|s| s.layers.get(l))
                .is_some_and(|x| x.bias.is_some())
        })
    });
    let in_ch = Memo::new(move |_| {
        lab.scene
            .with(|s| s.stack().map_or(0, |s| s.channels_into(l)))
    });
    view! {
        <div class="layer" data-testid="layer-card" data-layer=l>
            <div class="layer__head">
                <strong class="layer__title">{move || format!("Layer {l} ({} in)", in_ch.get())}</strong>
                <span class="layer__buttons">
                    <button class="btn btn--small" aria-label=format!("Move layer {l} up") disabled=l == 0
                        on:click=move |_| edit(lab, |s| s.move_layer(l, true))>"\u{2191}"</button>
                    <button class="btn btn--small" aria-label=format!("Move layer {l} down") disabled=move || { l + 1 >= count.get() }
                        on:click=move |_| edit(lab, |s| s.move_layer(l, false))>"\u{2193}"</button>
                    <button class="btn btn--small" data-testid=format!("layer-{l}-duplicate") disabled=move || { count.get() >= MAX }
                        on:click=move |_| edit(lab, |s| s.duplicate_layer(l))>"Duplicate"</button>
                    <button class="btn btn--small" data-testid=format!("layer-{l}-remove") disabled=move || { count.get() <= 1 }
                        on:click=move |_| edit(lab, |s| s.remove_layer(l))>"Remove"</button>
                </span>
            </div>
            <div class="settings__row">
                {field(l, "out channels", 1, 64, |x| x.weight.dim().0 as i64, |s, l, v| s.set_out_channels(l, v as usize))}
                {field(l, "kH", 1, 9, |x| x.weight.dim().2 as i64, |s, l, v| {
                    let kw = s.layers.get(l).map_or(1, |x| x.weight.dim().3);
                    s.set_kernel_size(l, [v as usize, kw]);
                })}
                {field(l, "kW", 1, 9, |x| x.weight.dim().3 as i64, |s, l, v| {
                    let kh = s.layers.get(l).map_or(1, |x| x.weight.dim().2);
                    s.set_kernel_size(l, [kh, v as usize]);
                })}
            </div>
            <div class="settings__row">
                {field(l, "stride H", -9, 9, |x| x.stride[0], |s, l, v| if let Some(x) = s.layer_mut(l) { x.stride[0] = v })}
                {field(l, "stride W", -9, 9, |x| x.stride[1], |s, l, v| if let Some(x) = s.layer_mut(l) { x.stride[1] = v })}
                {field(l, "dilation H", -4, 8, |x| x.dilation[0], |s, l, v| if let Some(x) = s.layer_mut(l) { x.dilation[0] = v })}
                {field(l, "dilation W", -4, 8, |x| x.dilation[1], |s, l, v| if let Some(x) = s.layer_mut(l) { x.dilation[1] = v })}
            </div>
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"padding"</span>
                    <select aria-label=format!("layer {l} padding") data-testid=format!("layer-{l}-padding") on:change=move |e| {
                        let v = event_target_value(&e);
                        edit(lab, |s| if let Some(x) = s.layer_mut(l) {
                            x.padding = match v.as_str() {
                                "same" => Padding::SAME,
                                "valid" => Padding::VALID,
                                _ => Padding::Explicit([1, 1]),
                            };
                        });
                    }>
                        {["explicit", "same", "valid"].into_iter().map(|k| view! {
                            <option value=k prop:selected=move || padding_kind() == k>{k}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || matches!(padding.get(), Padding::Explicit(_))>
                    {field(l, "pad H", -9, 16, |x| pad_of(x, 0), |s, l, v| set_pad(s, l, 0, v))}
                    {field(l, "pad W", -9, 16, |x| pad_of(x, 1), |s, l, v| set_pad(s, l, 1, v))}
                </Show>
            </div>
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"padding_mode"</span>
                    <select aria-label=format!("layer {l} padding_mode") on:change=move |e| {
                        let v = event_target_value(&e);
                        if let Some(m) = PaddingMode::ALL.into_iter().find(|m| m.as_str() == v) {
                            edit(lab, |s| if let Some(x) = s.layer_mut(l) { x.padding_mode = m });
                        }
                    }>
                        {PaddingMode::ALL.into_iter().map(|m| view! {
                            <option value=m.as_str() prop:selected=move || mode.get() == m>{m.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                {field(l, "groups", -4, 64, |x| x.groups, |s, l, v| s.set_groups(l, v))}
                <label class="check">
                    <input type="checkbox" prop:checked=move || has_bias.get()
                        on:change=move |e| { let on = event_target_checked(&e); edit(lab, |s| s.set_bias_enabled(l, on)); } />
                    <span>"bias"</span>
                </label>
            </div>
            <div class="fills" role="group" aria-label=format!("Fill layer {l} weight")>
                {LayerFill::ALL.into_iter().map(|f| view! {
                    <button class="btn btn--small" on:click=move |_| {
                        let seed = lab.next_seed();
                        edit(lab, |s| s.fill_layer(l, f, seed));
                    }>{format!("Weight: {}", f.label())}</button>
                }).collect_view()}
            </div>
        </div>
    }
}
