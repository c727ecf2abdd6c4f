//! Where the first scene comes from (a share link, else the last session,
//! else the lecture's first example), and saving the scene as it changes.

use leptos::prelude::*;

use crate::core::content::presets::default_scene;
use crate::core::export::share::scene_from_fragment;
use crate::core::Scene;
use crate::ui::shell::state::Lab;

const KEY: &str = "convlab.scene";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The scene to open with, and a message if a link was broken.
pub fn initial_scene() -> (Scene, Option<String>) {
    let hash = window().location().hash().unwrap_or_default();
    if !hash.is_empty() && hash != "#" {
        // The link has been read: later reloads restore the saved state.
        if let Ok(h) = window().history() {
            let path = window().location().pathname().unwrap_or_default();
            let search = window().location().search().unwrap_or_default();
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
        // A teacher's practice link: the practice page opens with it, over
        // the person's own scene.
        if hash.starts_with("#practice=") {
            crate::ui::practice::store::keep_link(&hash);
            let mut scene = saved().unwrap_or_else(default_scene);
            scene.view = Some("practice".into());
            return (scene, None);
        }
        return match scene_from_fragment(&hash) {
            Ok(scene) => (scene, None),
            Err(e) => (
                default_scene(),
                Some(format!("This share link could not be opened: {e}. The lecture's first example is shown instead.")),
            ),
        };
    }
    (saved().unwrap_or_else(default_scene), None)
}

/// The scene of the last session, if one was saved and still reads.
fn saved() -> Option<Scene> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    Scene::from_json(&text).ok()
}

/// Save the scene, its view and (while paused) its step after every change:
/// at most every `SAVE_DELAY`, so a burst of typing serialises the scene
/// once, and at once when the page is hidden or left (a reload, a closed
/// tab), so nothing is lost.
pub fn use_autosave(lab: Lab) {
    let pending = StoredValue::new(false);
    let save = move || {
        pending.try_set_value(false);
        let Some(mut s) = lab.scene.try_get_untracked() else {
            return;
        };
        s.view = lab.view_name();
        if let Some((playing, step)) = lab
            .timeline
            .try_with_untracked(|t| (t.is_playing(), t.step()))
        {
            if !playing {
                s.step = Some(step);
            }
        }
        if let Some(st) = storage() {
            let _ = st.set_item(KEY, &s.to_json());
        }
    };
    Effect::new(move |_| {
        lab.scene.track();
        lab.view.track();
        lab.framing.track();
        lab.matrix.track();
        lab.timeline.track();
        if pending.try_get_value() == Some(false) {
            pending.try_set_value(true);
            set_timeout(save, SAVE_DELAY);
        }
    });
    let flush = move |_| {
        if pending.try_get_value() == Some(true) {
            save();
        }
    };
    let hide = window_event_listener(leptos::ev::pagehide, flush);
    // A link pasted into the address bar of an open tab changes only the
    // hash: the page opens it as a new tab would (the scene in hand is saved
    // first, by the page hiding).
    let link = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if hash.starts_with("#scene=") || hash.starts_with("#practice=") {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || {
        hide.remove();
        link.remove();
    });
}

const SAVE_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

pub fn clear_saved() {
    if let Some(st) = storage() {
        let _ = st.remove_item(KEY);
    }
}
