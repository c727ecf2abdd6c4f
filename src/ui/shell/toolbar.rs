//! Share link, reset, export and import, and the classroom switches.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::app::edit::Edit;
use crate::core::content::presets::default_scene;
use crate::core::export::embed::embed_html;
use crate::core::export::share::{share_fragment, SHARE_MAX_CHARS};
use crate::core::Scene;
use crate::ui::shell::figure::FigureButtons;
use crate::ui::shell::persist::clear_saved;
use crate::ui::shell::shortcuts::toggle_fullscreen;
use crate::ui::shell::state::{use_lab, Source};

/// Copy to the clipboard. The browser may refuse (no permission, no focus):
/// the link is on screen to copy by hand either way, so a refusal is
/// handled here rather than left as an unhandled promise rejection.
pub fn copy_to_clipboard(text: &str) {
    let promise = window().navigator().clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

fn download(name: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// Make the share link of the scene as it is shown now (its lesson, view,
/// frame and classroom switches), put it on the clipboard and on screen.
fn make_link(lab: crate::ui::shell::state::Lab) {
    let link = lab.share_link;
    let loc = window().location();
    let base = format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    match share_fragment(&lab.snapshot()) {
        Ok(fragment) => {
            let url = format!("{base}{fragment}");
            copy_to_clipboard(&url);
            link.set(Some(url));
        }
        Err(chars) => {
            link.set(None);
            lab.notice.set(Some(format!(
                "This scene would make a link of {chars} characters, more than the {SHARE_MAX_CHARS} a link can safely carry. Use Export JSON to share it as a file (Import JSON opens it)."
            )));
        }
    }
}

/// The scene's title, shown above the views when no lesson is open (a
/// lesson shows its own): a shared link opens with the title its maker gave.
#[component]
pub fn SceneTitle() -> impl IntoView {
    let lab = use_lab();
    let title = Memo::new(move |_| lab.scene.with(|s| s.title.clone()));
    move || {
        let t = title.get().filter(|t| !t.trim().is_empty())?;
        // Not over a lesson (it shows its own), nor over "your network".
        (lab.lesson.get().is_none() && lab.view.get().shows_scene())
            .then(|| view! { <h2 class="scene-title" data-testid="scene-title">{t}</h2> })
    }
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let lab = use_lab();
    let share = move |_| make_link(lab);
    let import = move |ev: leptos::ev::Event| {
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
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string());
            match text.map(|t| Scene::from_json(&t)) {
                Some(Ok(scene)) => {
                    lab.open(scene, Source::File);
                }
                Some(Err(e)) => lab.notice.set(Some(format!(
                    "That file is not a ConvLab scene: {}",
                    e.explanation()
                ))),
                None => lab
                    .notice
                    .set(Some("That file could not be read as text.".into())),
            }
        });
    };
    view! {
        <div class="toolbar" id="top-menu" role="toolbar" aria-label="Scene">
            <button class="btn btn--small" data-testid="undo" title="Undo (Ctrl+Z)" on:click=move |_| lab.undo()
                disabled=move || !lab.undoable.get().0>"Undo"</button>
            <button class="btn btn--small" data-testid="redo" title="Redo (Ctrl+Shift+Z)" on:click=move |_| lab.redo()
                disabled=move || !lab.undoable.get().1>"Redo"</button>
            <button class="btn btn--small" data-testid="share" on:click=share>"Share link"</button>
            <button class="btn btn--small" on:click=move |_| {
                clear_saved();
                lab.open(default_scene(), Source::Reset);
            }>"Reset"</button>
            <button class="btn btn--small" on:click=move |_| {
                let _ = download("convlab-scene.json", &lab.snapshot().to_json());
            }>"Export JSON"</button>
            <label class="btn btn--small file">
                "Import JSON"
                <input type="file" accept=".json,application/json" class="file__input" data-testid="import" on:change=import />
            </label>
            <FigureButtons />
            <span class="toolbar__sep"></span>
            <label class="check">
                <input type="checkbox" prop:checked=move || lab.classroom.get() on:change=move |e| lab.set_classroom(event_target_checked(&e)) />
                <span>"Classroom"</span>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="hide-answer" prop:checked=move || lab.hide_answer.get()
                    on:change=move |e| lab.set_hide_answer(event_target_checked(&e)) />
                <span>"Hide the answer"</span>
            </label>
            <Show when=move || lab.classroom.get()>
                <label class="check" title="The animation stops before each output value is written; the class calls it out; R reveals it">
                    <input type="checkbox" data-testid="ask-reveal" prop:checked=move || lab.timeline.with(|t| t.asks())
                        on:change=move |e| lab.set_ask(event_target_checked(&e)) />
                    <span>"Ask before each reveal"</span>
                </label>
            </Show>
            // Of no use on a touch screen (no keyboard; a phone is full screen).
            <button class="btn btn--small toolbar__desk" on:click=move |_| toggle_fullscreen()>"Fullscreen"</button>
            <button class="btn btn--small toolbar__desk" on:click=move |_| lab.help.set(true)>"Shortcuts (?)"</button>
        </div>
    }
}

/// The share link just made, and messages about links and files.
#[component]
pub fn Notices() -> impl IntoView {
    let lab = use_lab();
    let link = lab.share_link;
    view! {
        {move || link.get().map(|url| view! {
            <div class="sharebox">
                <label class="sharebox__label">
                    <span>"Link (copied)"</span>
                    <input class="sharebox__url" readonly data-testid="share-url" prop:value=url.clone()
                        on:focus=move |e| {
                            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { el.select(); }
                        } />
                </label>
                <label class="sharebox__label">
                    <span>"Title"</span>
                    <input class="sharebox__title" data-testid="share-title" maxlength="120"
                        prop:value=move || lab.scene.with_untracked(|s| s.title.clone().unwrap_or_default())
                        on:change=move |e| {
                            let t = event_target_value(&e).trim().to_string();
                            lab.apply(Edit::Title(Some(t)));
                            make_link(lab);
                        } />
                </label>
                <label class="sharebox__label">
                    <span>"Embed (for a course page)"</span>
                    <input class="sharebox__url" readonly data-testid="share-embed"
                        prop:value=embed_html(&url, &lab.scene.with_untracked(|s| s.title.clone().unwrap_or_else(|| "ConvLab".into())))
                        on:focus=move |e| {
                            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) { el.select(); }
                        } />
                </label>
                <button class="btn btn--small" on:click=move |_| link.set(None)>"Close"</button>
            </div>
        })}
        {move || lab.notice.get().map(|m| view! {
            <div class="notice" role="alert" data-testid="notice">
                <span>{m}</span>
                <button class="btn btn--small" on:click=move |_| lab.notice.set(None)>"Dismiss"</button>
            </div>
        })}
    }
}
