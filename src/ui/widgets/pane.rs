//! The width the main pane gives the lab's grids, kept up to date as the
//! window changes size (a tablet turned, a window dragged narrower).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The main pane's content width in px before the page's zoom (the
/// `--zoom` the styles set), and whether the styles stack the output under
/// the stage (`--stacked: 1`, a phone; an embed of 560 px and more does
/// not). On a phone the core may still put a small scene side by side
/// ([`crate::core::present::layout::lab_fit`]).
fn measure() -> (f64, bool) {
    let Some(main) = document()
        .query_selector(".main")
        .ok()
        .flatten()
        .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return (0.0, false);
    };
    let style = window().get_computed_style(&main).ok().flatten();
    let stacked = style
        .as_ref()
        .and_then(|s| s.get_property_value("--stacked").ok())
        .is_some_and(|v| v.trim() == "1");
    let px = |name: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .and_then(|v| v.trim().trim_end_matches("px").parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let zoom = px("--zoom");
    let zoom = if zoom > 0.0 { zoom } else { 1.0 };
    let width = main.client_width() as f64 - px("padding-left") - px("padding-right");
    (width / zoom, stacked)
}

/// The pane's width (see [`measure`]), measured after the first paint,
/// again on every resize, and after each change of `zoomed` (classroom mode
/// changes the page's zoom, so the width before zoom, without a resize).
pub fn use_pane_width(zoomed: Signal<bool>) -> ReadSignal<(f64, bool)> {
    let (width, set_width) = signal((0.0, false));
    let again = move || {
        let now = measure();
        if width.get_untracked() != now {
            set_width.set(now);
        }
    };
    Effect::new(move |_| {
        zoomed.track();
        // After the styles of the new mode apply.
        request_animation_frame(again);
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| again());
    on_cleanup(move || handle.remove());
    width
}
