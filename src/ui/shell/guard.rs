//! The last resort: a panic aborts the WebAssembly instance, so nothing
//! reactive can run after it. The hook below writes a plain overlay with
//! web-sys alone (no signal, no effect): ConvLab hit a bug, the scene is
//! saved, a Reload button that brings it back, and the panic message in a
//! collapsed details element for a bug report. Its buttons are plain
//! JavaScript, so they work with the wasm instance dead.

use std::panic::PanicHookInfo;

/// The query that makes a running page panic on purpose, so the guard can
/// be checked on any deployed build: `index.html?selftest=panic`.
pub const SELFTEST_QUERY: &str = "selftest=panic";

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_overlay(info);
    }));
}

fn show_overlay(info: &PanicHookInfo) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("crash").is_some() {
        return;
    }
    let Ok(overlay) = doc.create_element("div") else {
        return;
    };
    overlay.set_id("crash");
    let _ = overlay.set_attribute("class", "crash");
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("aria-modal", "true");
    let _ = overlay.set_attribute("aria-labelledby", "crash-title");
    let _ = overlay.set_attribute("data-testid", "crash");
    let message = escape(&info.to_string());
    overlay.set_inner_html(&format!(
        "<div class=\"crash__box\">\
         <h2 id=\"crash-title\">ConvLab hit a bug</h2>\
         <p>Something went wrong inside the app and this page has stopped. \
         Your scene is saved in this browser: Reload brings it back.</p>\
         <p class=\"crash__buttons\">\
         <button class=\"btn btn--primary\" data-testid=\"crash-reload\" \
         onclick=\"location.href = location.pathname\">Reload</button> \
         <button class=\"btn\" data-testid=\"crash-reset\" \
         onclick=\"try {{ localStorage.removeItem('convlab.scene') }} catch (e) {{}} location.href = location.pathname\">\
         Start from the first example</button></p>\
         <details><summary>What went wrong (for a bug report)</summary>\
         <pre data-testid=\"crash-message\">{message}</pre></details>\
         </div>"
    ));
    let _ = body.append_child(&overlay);
    if let Some(b) = doc
        .query_selector("[data-testid=crash-reload]")
        .ok()
        .flatten()
    {
        if let Ok(b) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b) {
            let _ = b.focus();
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Panic on purpose when the page was opened with [`SELFTEST_QUERY`],
/// once the app is up and its scene saved.
pub fn selftest() {
    let Some(w) = web_sys::window() else { return };
    let search = w.location().search().unwrap_or_default();
    if search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == SELFTEST_QUERY)
    {
        leptos::prelude::set_timeout(
            || panic!("self-test: a deliberate panic, to check that the guard shows"),
            std::time::Duration::from_millis(50),
        );
    }
}
