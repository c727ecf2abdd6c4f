//! Parts of the page built one task after the rest.
//!
//! Mounting the whole page in one task blocks the main thread for as long as
//! it takes (Lighthouse's total blocking time on a phone). A `Later` builds
//! its children in a task of its own, after the first screen; each `Later`
//! gets its own task. A `Later` only goes at the end of its container, where
//! its arrival moves nothing already drawn (layout shift stays 0).
//!
//! [`mark_ready`] puts `data-ready` on the app's root in a task after every
//! `Later` made while mounting: that is when the page is whole (the browser
//! tests wait for it).

use std::time::Duration;

use leptos::prelude::*;

#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    // The owner may be gone by then (the part was replaced): nothing to build.
    set_timeout(
        move || {
            let _ = ready.try_set(true);
        },
        Duration::ZERO,
    );
    view! { <Show when=move || ready.get()>{children()}</Show> }
}

/// Called once the app is mounted, and again when a chunk a view waits for
/// has arrived (`super::chunk`): timers of equal delay run in the order they
/// were set, so this runs after every `Later` the mount made. The page is
/// whole when no view on screen still waits for its chunk.
pub fn mark_ready() {
    set_timeout(
        || {
            if super::chunk::pending() > 0 {
                return;
            }
            if let Some(app) = app_root() {
                let _ = app.set_attribute("data-ready", "");
            }
            super::chunk::prefetch();
        },
        Duration::ZERO,
    );
}

/// A view on screen waits for its chunk: the page is not whole until it is here.
pub fn mark_waiting() {
    if let Some(app) = app_root() {
        let _ = app.remove_attribute("data-ready");
    }
}

fn app_root() -> Option<web_sys::Element> {
    document()
        .query_selector("[data-testid=\"app\"]")
        .ok()
        .flatten()
}
