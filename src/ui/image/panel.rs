//! Your own picture as the input: a file, a drop on the stage, a paste, a
//! bundled sample or one of the lecture's patterns. The browser only
//! decodes the file; the core turns the pixels into `ToTensor`'s tensor
//! (`core::image`) and builds the scene. The repacking is shown axis by
//! axis, as the lecture's section 3 does.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::image::decode::{prepare_pixels, Pixels, Synthetic, MAX_SIDES};
use crate::core::image::options::PictureOptions;
use crate::core::image::presets::{image_scene, photo_note, photo_stack, shrink_words, Mapping};
use crate::core::Padding;
use crate::core::{Op, OpKind};
use crate::ui::image::files::{decode, fetch_blob, save_png};
use crate::ui::image::presets::KernelPresets;
use crate::ui::shell::later::Waiting;
use crate::ui::shell::state::{use_lab, Lab, Source};

/// The bundled photos (`assets/samples`, licences in `LICENSE.md` there).
pub const SAMPLES: [(&str, &str); 3] = [
    ("chelsea.png", "Cat"),
    ("coffee.png", "Coffee"),
    ("astronaut.png", "Astronaut"),
];

/// The picture last loaded, kept whole so the size and grayscale options
/// can be changed without loading it again. Shared by the panel, the
/// stage's drop target and the page's paste handler.
#[derive(Clone, Copy)]
pub struct Loader {
    source: StoredValue<Option<(String, Pixels)>>,
    pub gray: RwSignal<bool>,
    pub max_side: RwSignal<usize>,
    pub busy: RwSignal<bool>,
    /// Presets: each channel, or all channels into one.
    pub mapping: RwSignal<Mapping>,
    /// The photo stack's layers and padding (`true`: 1, keeps the size).
    pub depth: RwSignal<usize>,
    pub same: RwSignal<bool>,
    /// `Some` while a source is kept: its name and decoded size.
    pub kept: RwSignal<Option<(String, [usize; 2])>>,
}

/// Where the size and grayscale choices are kept across reloads.
const OPTIONS_KEY: &str = "convlab-picture-options";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Loader {
    pub fn new() -> Loader {
        // As last chosen (the core reads what was kept, or gives defaults).
        let saved = storage().and_then(|s| s.get_item(OPTIONS_KEY).ok().flatten());
        let o = PictureOptions::from_saved(saved.as_deref().unwrap_or_default());
        Loader {
            source: StoredValue::new(None),
            gray: RwSignal::new(o.gray),
            max_side: RwSignal::new(o.max_side),
            busy: RwSignal::new(false),
            mapping: RwSignal::new(o.mapping()),
            depth: RwSignal::new(o.depth),
            same: RwSignal::new(o.same),
            kept: RwSignal::new(None),
        }
    }

    /// Keep the panel's choices for the next visit.
    pub fn save_options(self) {
        let (Some(max_side), Some(gray), Some(mapping), Some(depth), Some(same)) = (
            self.max_side.try_get_untracked(),
            self.gray.try_get_untracked(),
            self.mapping.try_get_untracked(),
            self.depth.try_get_untracked(),
            self.same.try_get_untracked(),
        ) else {
            return;
        };
        let o = PictureOptions {
            max_side,
            gray,
            all_into_one: mapping == Mapping::ToOne,
            depth,
            same,
        };
        if let Some(s) = storage() {
            let _ = s.set_item(OPTIONS_KEY, &o.to_saved());
        }
    }

    /// Keep `pixels` and make them the scene's input.
    fn take(self, lab: Lab, name: String, pixels: Pixels) {
        self.kept
            .set(Some((name.clone(), [pixels.height, pixels.width])));
        self.source.set_value(Some((name, pixels)));
        self.apply(lab);
    }

    /// Rebuild the input from the kept picture with the current options.
    pub fn apply(self, lab: Lab) {
        let Some(result) = self.source.with_value(|s| {
            s.as_ref().map(|(name, px)| {
                prepare_pixels(
                    name,
                    px,
                    self.max_side.get_untracked(),
                    self.gray.get_untracked(),
                )
            })
        }) else {
            return;
        };
        match result {
            Ok((input, info)) => {
                let (scene, note) = lab.scene.with_untracked(|prev| {
                    let scene = image_scene(input, info, Some(prev));
                    let note = photo_note(Some(prev), &scene);
                    (scene, note)
                });
                lab.open(scene, Source::Picture);
                // What the picture set, after any note its decoding left.
                if let Some(note) = note {
                    lab.notice.update(|n| {
                        *n = Some(match n.take() {
                            Some(before) => format!("{note} {before}"),
                            None => note,
                        })
                    });
                }
            }
            Err(e) => lab
                .notice
                .set(Some(format!("That picture cannot be used: {e}."))),
        }
    }

    /// Decode a file or blob (a drop, a paste, the picker, a sample) and load it.
    pub fn load_blob(self, lab: Lab, name: String, blob: web_sys::Blob) {
        self.busy.set(true);
        // The page is not whole (no data-ready) until the picture is in.
        let waiting = Waiting::new();
        leptos::task::spawn_local(async move {
            let _waiting = waiting;
            let decoded = decode(&blob).await;
            // The page may have moved on (a reload, a disposed owner).
            if self.busy.try_set(false).is_some() {
                return;
            }
            match decoded {
                Ok((pixels, translucent)) => {
                    lab.notice.set(translucent.then(|| format!(
                        "{name} has transparent pixels: ConvLab drops the alpha channel, as Pillow's convert('RGB') does, but the browser may round the colours of those pixels, so they can differ from Pillow's by a step or two."
                    )));
                    self.take(lab, name, pixels);
                }
                Err(why) => lab.notice.set(Some(format!(
                    "{name} could not be loaded as a picture: {why}. Nothing was changed."
                ))),
            }
        });
    }

    /// A bundled sample, fetched from `samples/`.
    pub fn load_sample(self, lab: Lab, file: &'static str) {
        self.busy.set(true);
        let waiting = Waiting::new();
        leptos::task::spawn_local(async move {
            let _waiting = waiting;
            let blob = fetch_blob(&format!("samples/{file}")).await;
            let _ = self.busy.try_set(false);
            match blob {
                Ok(b) => self.load_blob(lab, file.to_string(), b),
                Err(why) => lab.notice.set(Some(format!(
                    "The sample {file} could not be fetched: {why}."
                ))),
            }
        });
    }

    pub fn load_synthetic(self, lab: Lab, s: Synthetic) {
        lab.notice.set(None);
        self.take(lab, s.file_name().to_string(), s.pixels(64));
    }

    /// The kept picture as a PNG the exported code can open.
    pub fn download(self) {
        let Some((name, px)) = self.source.get_value() else {
            return;
        };
        let _ = save_png(&name, &px);
    }
}

pub fn use_loader() -> Loader {
    expect_context::<Loader>()
}

#[component]
pub fn ImagePanel() -> impl IntoView {
    let lab = use_lab();
    let loader = use_loader();
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        loader.load_blob(lab, file.name(), file.into());
    };
    let image = Memo::new(move |_| lab.scene.with(|s| s.image.clone()));
    let torch = Memo::new(move |_| lab.scene.with(|s| s.kind() == OpKind::Torch));
    let shape = Memo::new(move |_| {
        lab.scene.with(|s| match &s.op {
            Op::Torch(t) => Some(t.input.dim()),
            Op::Sequential(st) => Some(st.input.dim()),
            _ => None,
        })
    });
    let (depth, same) = (loader.depth, loader.same);
    // The picture of the scene, whichever op holds it, for the stack button.
    let picture = Memo::new(move |_| {
        lab.scene.with(|s| {
            let info = s.image.clone()?;
            let input = match &s.op {
                Op::Torch(t) => t.input.clone(),
                Op::Sequential(st) => st.input.clone(),
                _ => return None,
            };
            Some((input, info))
        })
    });
    let shrink = Memo::new(move |_| {
        if picture.with(Option::is_none) {
            return None;
        }
        lab.shown_stack
            .with(|s| s.as_ref().and_then(|s| shrink_words(&s.shapes())))
    });
    let to_stack = move |_| {
        let Some((input, info)) = picture.get_untracked() else {
            return;
        };
        let padding = if same.get_untracked() {
            Padding::Explicit([1, 1])
        } else {
            Padding::VALID
        };
        lab.open(
            photo_stack(input, info, depth.get_untracked(), padding),
            Source::Picture,
        );
    };
    view! {
        <section class="panel" aria-label="Picture">
            <h2 class="panel__title">"Picture as input"</h2>
            <div class="fills">
                <label class="btn btn--small file">
                    "Open a picture\u{2026}"
                    <input type="file" accept="image/*" class="file__input" data-testid="image-file" on:change=on_file />
                </label>
                <span class="note note--inline">"or drop / paste one on the page"</span>
            </div>
            <div class="fills" role="group" aria-label="Sample pictures">
                {SAMPLES.into_iter().map(|(file, title)| view! {
                    <button class="btn btn--small" data-testid=format!("sample-{}", file.trim_end_matches(".png"))
                        on:click=move |_| loader.load_sample(lab, file)>{title}</button>
                }).collect_view()}
                {Synthetic::ALL.into_iter().map(|s| view! {
                    <button class="btn btn--small" on:click=move |_| loader.load_synthetic(lab, s)>{s.title()}</button>
                }).collect_view()}
            </div>
            <div class="settings__row">
                <label class="field">
                    <span class="field__label">"Longest side"</span>
                    <select data-testid="image-max-side" on:change=move |e| {
                        if let Ok(v) = event_target_value(&e).parse::<usize>() {
                            loader.max_side.set(v);
                            loader.save_options();
                            loader.apply(lab);
                        }
                    }>
                        {MAX_SIDES.into_iter().map(|m| view! {
                            <option value=m.to_string() prop:selected=move || loader.max_side.get() == m>{format!("{m} px")}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="image-gray" prop:checked=move || loader.gray.get()
                        on:change=move |e| { loader.gray.set(event_target_checked(&e)); loader.save_options(); loader.apply(lab); } />
                    <span>"Grayscale (Pillow's convert('L'))"</span>
                </label>
            </div>
            {move || loader.busy.get().then(|| view! { <p class="note" role="status">"Decoding\u{2026}"</p> })}
            {move || image.get().map(|info| {
                let kept = loader.kept.get().is_some_and(|(n, s)| n == info.name && s == info.source);
                let dims = shape.get().unwrap_or((1, 1, 1, 1));
                view! { <Repacking info dims kept /> }
            })}
            <Show when=move || picture.with(Option::is_some)>
                <div class="presets">
                    <h3 class="panel__sub">"Through a stack of layers"</h3>
                    <div class="settings__row">
                        <label class="field">
                            <span class="field__label">"Layers"</span>
                            <select data-testid="photo-stack-depth" on:change=move |e| {
                                if let Ok(v) = event_target_value(&e).parse::<usize>() { depth.set(v); loader.save_options(); }
                            }>
                                {(1..=6usize).map(|d| view! { <option value=d.to_string() prop:selected=move || depth.get() == d>{d.to_string()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field">
                            <span class="field__label">"Padding"</span>
                            <select data-testid="photo-stack-padding" on:change=move |e| { same.set(event_target_value(&e) == "same"); loader.save_options(); }>
                                <option value="valid" prop:selected=move || !same.get()>"valid (shrinks)"</option>
                                <option value="same" prop:selected=move || same.get()>"1 (keeps the size)"</option>
                            </select>
                        </label>
                        <button class="btn btn--small" data-testid="photo-stack" on:click=to_stack>"Run the stack"</button>
                    </div>
                    {move || shrink.get().map(|t| view! { <p class="note" data-testid="photo-stack-shrink">{t}</p> })}
                </div>
            </Show>
            <Show when=move || torch.get()>
                <KernelPresets mapping=loader.mapping save=Callback::new(move |_| loader.save_options()) />
            </Show>
        </section>
    }
}

/// The lecture's section 3 for this picture: what `ToTensor` and
/// `unsqueeze(0)` do to the axes.
#[component]
fn Repacking(
    info: crate::core::image::decode::ImageInfo,
    dims: (usize, usize, usize, usize),
    kept: bool,
) -> impl IntoView {
    let loader = use_loader();
    let (_, c, h, w) = dims;
    let [sh, sw] = info.source;
    let f = info.factor;
    let chan = if info.gray { "L" } else { "RGB" };
    let axes = |names: &[(&str, usize)]| {
        names
            .iter()
            .map(|(n, v)| view! { <span class="chip"><span class="chip__axis">{n.to_string()}</span>{v.to_string()}</span> })
            .collect_view()
    };
    view! {
        <div class="repack" data-testid="image-info">
            <p class="repack__what">
                <strong>{info.name.clone()}</strong>
                {format!(": {sw}x{sh} pixels")}
                {(f > 1).then(|| format!(", box-averaged {f}x{f} to {w}x{h}"))}
                {format!(", {chan}")}
            </p>
            <ol class="repack__steps">
                <li><code>"np.asarray(img)"</code>" uint8 "{axes(&[("H", h), ("W", w), ("C", c)])}</li>
                <li><code>".permute(2, 0, 1)"</code>" "{axes(&[("C", c), ("H", h), ("W", w)])}</li>
                <li><code>".float().div(255)"</code>" values 0 to 1, as ToTensor"</li>
                <li><code>".unsqueeze(0)"</code>" "{axes(&[("N", 1), ("C", c), ("H", h), ("W", w)])}</li>
            </ol>
            {if kept {
                view! { <button class="btn btn--small" on:click=move |_| loader.download()>"Download the picture (PNG)"</button> }.into_any()
            } else {
                view! { <p class="note">"Open the picture again to change its size or colours."</p> }.into_any()
            }}
        </div>
    }
}
