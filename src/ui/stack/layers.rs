//! The layer list in the side panel: 1 to 8 layers. An `nn.Conv2d` with
//! its out channels, kernel size, stride, padding, dilation, groups,
//! padding_mode and bias, fills for its weight, and its weight and bias
//! value by value; a `MaxPool2d` or `AvgPool2d` with its arguments
//! ([`PoolSettings`]). Buttons add a layer (a copy of the last, or a pool),
//! remove, duplicate and move one. Every edit is a core function on the
//! scene.

use leptos::prelude::*;

/// At most this many weight slices are drawn per layer.
const MAX_EDITORS: usize = 16;

use crate::core::app::args::ArgsAt;
use crate::core::app::edit::{Edit, LayerEdit};
use crate::core::model::edit::Target;
use crate::core::ops::stack::{LayerFill, PoolKind, StackLayer, MAX_LAYERS as MAX};
use crate::core::Scene;
use crate::ui::shell::state::{use_lab, Lab};
use crate::ui::stack::pool_card::PoolSettings;
use crate::ui::widgets::conv2d_args::Conv2dArgsEditor;
use crate::ui::widgets::grid_editor::GridEditor;
use crate::ui::widgets::number_field::NumberField;
use crate::ui::widgets::tensor_panel::BiasCells;

/// Send a layer edit (the animation stops: the frames it showed may be
/// gone). What a smaller size cuts off comes back when it grows again.
fn edit(lab: Lab, e: LayerEdit) {
    lab.pause();
    lab.apply(Edit::Layer(e));
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
    set: fn(usize, i64) -> LayerEdit,
) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || read(lab, l, get));
    let on_set = Callback::new(move |v: i64| edit(lab, set(l, v)));
    view! { <NumberField label=label value on_set min max testid=format!("layer-{l}-{}", label.replace(' ', "-")) /> }
}

#[component]
pub fn LayerList() -> impl IntoView {
    let lab = use_lab();
    let count = Memo::new(move |_| lab.scene.with(|s| s.stack().map_or(0, |s| s.layers.len())));
    view! {
        <section class="panel layers" aria-label="Layers" data-testid="layer-list">
            <h2 class="panel__title">{move || format!("Layers: nn.Sequential of {} layers", count.get())}</h2>
            {move || (0..count.get()).map(|l| view! { <LayerCard l count /> }).collect_view()}
            <div class="layers__add" role="group" aria-label="Add a layer">
                <button class="btn" data-testid="layer-add" disabled=move || { count.get() >= MAX }
                    on:click=move |_| edit(lab, LayerEdit::Add)>"Add a layer"</button>
                {PoolKind::ALL.into_iter().map(|k| view! {
                    <button class="btn" data-testid=format!("layer-add-{}", k.class().to_lowercase()) disabled=move || { count.get() >= MAX }
                        on:click=move |_| edit(lab, LayerEdit::AddPool(k))>{format!("Add {}", k.class())}</button>
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn LayerCard(l: usize, count: Memo<usize>) -> impl IntoView {
    let lab = use_lab();
    let in_ch = Memo::new(move |_| {
        lab.scene
            .with(|s| s.stack().map_or(0, |s| s.channels_into(l)))
    });
    // `None` for a conv layer, else the pool's class.
    let pool = Memo::new(move |_| {
        lab.scene.with(|s| {
            s.stack()
                .and_then(|s| s.layers.get(l))
                .and_then(|x| x.as_pool())
                .map(|p| p.pool.class())
        })
    });
    view! {
        <div class="layer" data-testid="layer-card" data-layer=l data-kind=move || pool.get().unwrap_or("Conv2d")>
            <div class="layer__head">
                <strong class="layer__title">{move || format!("Layer {l}: {} ({} in)", pool.get().unwrap_or("Conv2d"), in_ch.get())}</strong>
                <span class="layer__buttons">
                    <button class="btn btn--small" aria-label=format!("Move layer {l} up") disabled=l == 0
                        on:click=move |_| edit(lab, LayerEdit::Move(l, true))>"\u{2191}"</button>
                    <button class="btn btn--small" aria-label=format!("Move layer {l} down") disabled=move || { l + 1 >= count.get() }
                        on:click=move |_| edit(lab, LayerEdit::Move(l, false))>"\u{2193}"</button>
                    <button class="btn btn--small" data-testid=format!("layer-{l}-duplicate") disabled=move || { count.get() >= MAX }
                        on:click=move |_| edit(lab, LayerEdit::Duplicate(l))>"Duplicate"</button>
                    <button class="btn btn--small" data-testid=format!("layer-{l}-remove") disabled=move || { count.get() <= 1 }
                        on:click=move |_| edit(lab, LayerEdit::Remove(l))>"Remove"</button>
                </span>
            </div>
            <Show when=move || pool.get().is_none() fallback=move || view! { <PoolSettings l /> }>
            <div class="settings__row">
                {field(l, "out channels", 1, 64, |x| x.as_conv().map_or(0, |c| c.weight.dim().0 as i64), LayerEdit::OutChannels)}
                {field(l, "kH", 1, 9, |x| x.as_conv().map_or(0, |c| c.weight.dim().2 as i64), |l, v| LayerEdit::KernelSize(l, 0, v))}
                {field(l, "kW", 1, 9, |x| x.as_conv().map_or(0, |c| c.weight.dim().3 as i64), |l, v| LayerEdit::KernelSize(l, 1, v))}
            </div>
            <Conv2dArgsEditor at=ArgsAt::Layer(l) />
            <div class="fills" role="group" aria-label=format!("Fill layer {l} weight")>
                {LayerFill::ALL.into_iter().map(|f| view! {
                    <button class="btn btn--small" on:click=move |_| {
                        let seed = lab.next_seed();
                        edit(lab, LayerEdit::Fill(l, f, seed));
                    }>{format!("Weight: {}", f.label())}</button>
                }).collect_view()}
            </div>
            <LayerWeights l />
            </Show>
        </div>
    }
}

/// Layer `l`'s weight, slice by slice, and its bias, value by value: folded
/// away until opened (a stack's weights are many).
#[component]
fn LayerWeights(l: usize) -> impl IntoView {
    let lab = use_lab();
    let target = Target::Layer(l);
    let dims = Memo::new(move |_| lab.scene.with(|s| s.dim(target)));
    let bias_len = Memo::new(move |_| {
        lab.scene.with(|s| {
            s.stack()
                .and_then(|s| s.layers.get(l))
                .and_then(|x| x.as_conv()?.bias.as_ref().map(Vec::len))
        })
    });
    // The editors are built only while open: a closed card costs nothing.
    let open = RwSignal::new(false);
    view! {
        <details class="layer__weights" data-testid=format!("layer-{l}-weights")
            on:toggle=move |e| {
                let now = event_target::<web_sys::HtmlDetailsElement>(&e).open();
                open.try_set(now);
            }>
            <summary>{move || {
                let [o, c, kh, kw] = dims.get();
                format!("Edit the weight ({o}, {c}, {kh}, {kw}) and bias")
            }}</summary>
            <Show when=move || open.get()>
                <div class="editors">
                    {move || {
                        let [o, cg, _, _] = dims.get();
                        let slices: Vec<(usize, usize)> = (0..o).flat_map(|a| (0..cg).map(move |b| (a, b))).collect();
                        let more = slices.len().saturating_sub(MAX_EDITORS);
                        view! {
                            {slices.into_iter().take(MAX_EDITORS).map(|(a, b)| view! {
                                <GridEditor target slice=(a, b) label=format!("layer {l} weight[{a}, {b}]") />
                            }).collect_view()}
                            {(more > 0).then(|| view! { <p class="note">{format!("{more} more slices not shown here; the fills above set them all.")}</p> })}
                        }
                    }}
                </div>
                {move || match bias_len.get() {
                    Some(n) => view! {
                        <BiasCells len=n group=format!("Layer {l} bias") prefix=format!("layer {l} ")
                            read=move |s: &Scene, o: usize| s.stack()
                                .and_then(|s| s.layers.get(l))
                                .and_then(|x| x.as_conv()?.bias.as_ref()?.get(o).copied())
                                .unwrap_or(0.0)
                            write=move |lab: Lab, o: usize, v: f64| edit(lab, LayerEdit::Bias(l, o, v)) />
                    }.into_any(),
                    None => view! { <p class="note">"No bias: tick bias above to add one."</p> }.into_any(),
                }}
            </Show>
        </details>
    }
}
