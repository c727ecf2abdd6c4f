//! The input and the kernel: their sizes, fill helpers, and a grid editor
//! for every 2-D slice.

use leptos::prelude::*;

use crate::core::app::edit::Edit;
use crate::core::model::edit::{
    Pattern, Target, EDIT_MAX_BATCH, EDIT_MAX_CHANNELS, EDIT_MAX_KERNEL, EDIT_MAX_SIDE,
};
use crate::core::{Op, OpKind, Scene};
use crate::ui::shell::state::{use_lab, Lab};
use crate::ui::widgets::format::{exact, parse_number};
use crate::ui::widgets::grid_editor::GridEditor;
use crate::ui::widgets::number_field::NumberField;

/// Slices drawn as editors before the rest are summarised.
const MAX_EDITORS: usize = 8;

fn dim_field(t: Target, axis: usize, label: &'static str, max: usize) -> impl IntoView {
    let lab = use_lab();
    let value = Signal::derive(move || lab.scene.with(|s| s.dim(t)[axis] as i64));
    let on_set = Callback::new(move |v: i64| {
        lab.pause();
        lab.apply(Edit::Size(t, axis, v));
    });
    view! { <NumberField label=label value on_set min=1 max=max as i64 testid=format!("dim-{label}") /> }
}

#[component]
pub fn InputPanel() -> impl IntoView {
    let lab = use_lab();
    let torch = Memo::new(move |_| {
        lab.scene.with(|s| {
            matches!(
                s.kind(),
                OpKind::Torch | OpKind::Sequential | OpKind::Transpose
            )
        })
    });
    let transpose = Memo::new(move |_| lab.scene.with(|s| s.kind() == OpKind::Transpose));
    let dims = Memo::new(move |_| lab.scene.with(|s| s.dim(Target::Input)));
    view! {
        <section class="panel" aria-label="Input">
            <h2 class="panel__title">{move || match (torch.get(), transpose.get()) {
                (_, true) => "Input (N, C_in, H, W)",
                (true, false) => "Input (N, C, H, W)",
                _ => "in1 (H, W)",
            }}</h2>
            <div class="settings__row">
                <Show when=move || torch.get()>
                    {dim_field(Target::Input, 0, "N", EDIT_MAX_BATCH)}
                    {dim_field(Target::Input, 1, "C", EDIT_MAX_CHANNELS)}
                </Show>
                {dim_field(Target::Input, 2, "H", EDIT_MAX_SIDE)}
                {dim_field(Target::Input, 3, "W", EDIT_MAX_SIDE)}
            </div>
            <div class="fills" role="group" aria-label="Fill input">
                {Pattern::ALL
                    .into_iter()
                    .map(|p| view! {
                        <button class="btn btn--small" on:click=move |_| {
                            let seed = lab.next_seed();
                            lab.apply(Edit::Fill(Target::Input, p, seed));
                        }>{p.label()}</button>
                    })
                    .collect_view()}
            </div>
            <div class="editors">
                {move || {
                    let [n, c, _, _] = dims.get();
                    let torch = torch.get();
                    let slices: Vec<(usize, usize)> = (0..n).flat_map(|a| (0..c).map(move |b| (a, b))).collect();
                    let more = slices.len().saturating_sub(MAX_EDITORS);
                    view! {
                        {slices.into_iter().take(MAX_EDITORS).map(|(a, b)| {
                            let label = if torch { format!("input[{a}, {b}]") } else { "in1".to_string() };
                            view! { <GridEditor target=Target::Input slice=(a, b) label /> }
                        }).collect_view()}
                        {(more > 0).then(|| view! { <p class="note">{format!("{more} more slices not shown here.")}</p> })}
                    }
                }}
            </div>
        </section>
    }
}

#[component]
pub fn KernelPanel() -> impl IntoView {
    let lab = use_lab();
    let torch = Memo::new(move |_| {
        lab.scene.with(|s| {
            matches!(
                s.kind(),
                OpKind::Torch | OpKind::Sequential | OpKind::Transpose
            )
        })
    });
    let stack = Memo::new(move |_| lab.scene.with(|s| s.kind() == OpKind::Sequential));
    // A transposed convolution's weight is (C_in, C_out/groups, kH, kW).
    let transpose = Memo::new(move |_| lab.scene.with(|s| s.kind() == OpKind::Transpose));
    let dims = Memo::new(move |_| lab.scene.with(|s| s.dim(Target::Kernel)));
    let bias = Memo::new(move |_| {
        lab.scene.with(|s| match &s.op {
            Op::Torch(t) => t.bias.clone(),
            Op::Transpose(t) => t.bias.clone(),
            _ => None,
        })
    });
    view! {
        <section class="panel panel--kernel" id="kernel-panel" aria-label="Kernel" data-testid="kernel-panel">
            // On a phone this panel opens as a sheet over the page's foot.
            <button class="btn btn--small sheet-close" data-testid="sheet-close" on:click=move |_| lab.drawer.set(false)>"Done"</button>
            <h2 class="panel__title">
                {move || match (stack.get(), torch.get(), transpose.get()) {
                    (true, _, _) => "Layer 0 weight (C_out, C_in/groups, kH, kW)",
                    (_, _, true) => "Weight (C_in, C_out/groups, kH, kW)",
                    (_, true, _) => "Weight (C_out, C_in/groups, kH, kW)",
                    _ => "in2: the kernel (kH, kW)",
                }}
            </h2>
            <div class="settings__row">
                <Show when=move || transpose.get()>
                    <span class="field field--static">
                        <span class="field__label">"C_in"</span>
                        <span class="field__value" data-testid="weight-cin">{move || dims.get()[0]}</span>
                    </span>
                    {dim_field(Target::Kernel, 1, "C_out/groups", EDIT_MAX_CHANNELS)}
                </Show>
                <Show when=move || torch.get() && !transpose.get()>
                    {dim_field(Target::Kernel, 0, "C_out", EDIT_MAX_CHANNELS)}
                    <span class="field field--static">
                        <span class="field__label">"C_in/groups"</span>
                        <span class="field__value" data-testid="weight-cin">{move || dims.get()[1]}</span>
                    </span>
                </Show>
                {dim_field(Target::Kernel, 2, "kH", EDIT_MAX_KERNEL)}
                {dim_field(Target::Kernel, 3, "kW", EDIT_MAX_KERNEL)}
            </div>
            <div class="fills" role="group" aria-label="Fill kernel">
                <Show when=move || torch.get() && !stack.get() && !transpose.get()>
                    <button class="btn btn--small" on:click=move |_| {
                        let seed = lab.next_seed();
                        lab.apply(Edit::InitLikeConv2d(seed));
                    }>"Random like nn.Conv2d"</button>
                </Show>
                {[Pattern::Ones, Pattern::RandomInt, Pattern::Zeros].into_iter().map(|p| view! {
                    <button class="btn btn--small" on:click=move |_| {
                        let seed = lab.next_seed();
                        lab.apply(Edit::Fill(Target::Kernel, p, seed));
                    }>{format!("Kernel: {}", p.label())}</button>
                }).collect_view()}
            </div>
            <div class="editors">
                {move || {
                    let [o, cg, _, _] = dims.get();
                    let torch = torch.get();
                    let slices: Vec<(usize, usize)> = (0..o).flat_map(|a| (0..cg).map(move |b| (a, b))).collect();
                    let more = slices.len().saturating_sub(MAX_EDITORS);
                    view! {
                        {slices.into_iter().take(MAX_EDITORS).map(|(a, b)| {
                            let label = if torch { format!("weight[{a}, {b}]") } else { "in2".to_string() };
                            view! { <GridEditor target=Target::Kernel slice=(a, b) label /> }
                        }).collect_view()}
                        {(more > 0).then(|| view! { <p class="note">{format!("{more} more slices not shown here.")}</p> })}
                    }
                }}
            </div>
            {move || bias.get().map(|b| view! {
                <BiasCells len=b.len() group="Bias" prefix=""
                    read=|s: &Scene, o: usize| match &s.op {
                        Op::Torch(t) => t.bias.as_ref().and_then(|b| b.get(o).copied()).unwrap_or(0.0),
                        Op::Transpose(t) => t.bias.as_ref().and_then(|b| b.get(o).copied()).unwrap_or(0.0),
                        _ => 0.0,
                    }
                    write=|lab: Lab, o: usize, v: f64| lab.apply(Edit::Bias(o, v)) />
            })}
        </section>
    }
}

/// A row of bias cells: `read(scene, o)` is value `o`, a typed number goes
/// to `write(lab, o, v)`. The kernel panel's bias and each stack layer's.
#[component]
pub fn BiasCells<R, W>(
    len: usize,
    /// The group's label; cell `o` is "`{prefix}bias {o}`".
    #[prop(into)]
    group: String,
    #[prop(into)] prefix: String,
    read: R,
    write: W,
) -> impl IntoView
where
    R: Fn(&Scene, usize) -> f64 + Copy + Send + Sync + 'static,
    W: Fn(Lab, usize, f64) + Copy + Send + Sync + 'static,
{
    let lab = use_lab();
    view! {
        <div class="bias" role="group" aria-label=group>
            <span class="field__label">"bias (C_out)"</span>
            {(0..len).map(|o| {
                let value = Memo::new(move |_| lab.scene.with(|s: &Scene| read(s, o)));
                view! {
                    <input class="editor__cell" type="text" inputmode="decimal" autocomplete="off" aria-label=format!("{prefix}bias {o}")
                        prop:value=move || exact(value.get())
                        on:change=move |e| {
                            if let Some(v) = parse_number(&event_target_value(&e)) {
                                write(lab, o, v);
                            }
                        }
                    />
                }
            }).collect_view()}
        </div>
    }
}
