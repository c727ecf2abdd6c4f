//! The kernel presets for a picture: identity, blurs, edges, applied to
//! each channel or from all channels into one. The preset the kernel is
//! now shows pressed: pressing it again changes nothing, and that is why.

use leptos::prelude::*;

use crate::core::app::edit::Edit;
use crate::core::image::presets::{preset_in_use, KernelPreset, Mapping};
use crate::core::Op;
use crate::ui::shell::state::use_lab;

#[component]
pub fn KernelPresets(
    /// How a preset is applied; kept with the picture panel's options.
    mapping: RwSignal<Mapping>,
    /// Saves the picture panel's options after the mapping changed.
    save: Callback<()>,
) -> impl IntoView {
    let lab = use_lab();
    let in_use = Memo::new(move |_| {
        let m = mapping.get();
        lab.scene.with(|s| match &s.op {
            Op::Torch(t) => preset_in_use(t, m),
            _ => None,
        })
    });
    view! {
                <div class="presets">
                    // The preset the kernel is now, shown pressed: pressing it
                    // again changes nothing, and that is why.
                    <h3 class="panel__sub">"Kernel presets"</h3>
                    <div class="settings__row" role="radiogroup" aria-label="Apply the kernel">
                        <label class="check">
                            <input type="radio" name="mapping" prop:checked=move || mapping.get() == Mapping::Depthwise
                                on:change=move |_| { mapping.set(Mapping::Depthwise); save.run(()); } />
                            <span>"each channel (depthwise, groups = C)"</span>
                        </label>
                        <label class="check">
                            <input type="radio" name="mapping" prop:checked=move || mapping.get() == Mapping::ToOne
                                on:change=move |_| { mapping.set(Mapping::ToOne); save.run(()); } />
                            <span>"all channels \u{2192} 1 (kernel \u{f7} C)"</span>
                        </label>
                    </div>
                    <div class="fills" role="group" aria-label="Kernel presets">
                        {KernelPreset::ALL.into_iter().map(|p| view! {
                            <button class="btn btn--small" title=p.description()
                                aria-pressed=move || (in_use.get() == Some(p)).to_string() data-testid=format!("preset-{}", p.name().to_ascii_lowercase().replace(' ', "-"))
                                on:click=move |_| {
                                    lab.pause();
                                    lab.apply(Edit::Preset(p, mapping.get_untracked()));
                                }>{p.name()}</button>
                        }).collect_view()}
                    </div>
                </div>
    }
}
