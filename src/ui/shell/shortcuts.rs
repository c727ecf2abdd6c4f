//! Keyboard shortcuts for the whole page, and the overlay that lists them
//! (press `?`). Keys typed into a field are left to the field.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::shell::state::{use_lab, Event};

pub const SHORTCUTS: [(&str, &str); 15] = [
    ("Space", "Play / Pause"),
    ("\u{2192}", "Step forward"),
    ("\u{2190}", "Step back"),
    ("Home / End", "First / last frame"),
    ("\u{2191} \u{2193} / PgUp PgDn", "Scroll"),
    ("C", "Compare view on / off"),
    ("H", "Hide the answer on / off"),
    ("K", "Classroom mode on / off"),
    ("R", "Reveal the value the class was asked for"),
    ("A", "Say this step's arithmetic (screen reader)"),
    ("F", "Fullscreen"),
    ("N / B", "Next / previous lesson step"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo any change"),
    ("?", "This list"),
    ("Esc", "Close this list"),
];

pub fn toggle_fullscreen() {
    let doc = document();
    let (target, method): (wasm_bindgen::JsValue, &str) = if doc.fullscreen_element().is_some() {
        (doc.clone().into(), "exitFullscreen")
    } else if let Some(el) = doc.document_element() {
        (el.into(), "requestFullscreen")
    } else {
        return;
    };
    // The browser may refuse (no user gesture, an iframe, a kiosk): the
    // promise's rejection is handled here, and the page stays as it is.
    let promise = js_sys::Reflect::get(&target, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&target).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(p) = promise {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}

/// Scroll the main pane (or the page, where the pane does not scroll: the
/// narrow layout) by a page or a line: the keys a reader expects, which
/// would otherwise go to the document, which does not scroll.
fn scroll_main(key: &str) {
    let main = document()
        .query_selector(".main")
        .ok()
        .flatten()
        .filter(|m| m.scroll_height() > m.client_height() + 1);
    let page = main.as_ref().map_or_else(
        || {
            window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(600.0)
        },
        |m| m.client_height() as f64,
    );
    let dy = match key {
        "PageDown" => page * 0.85,
        "PageUp" => -page * 0.85,
        "ArrowDown" => 48.0,
        _ => -48.0,
    };
    match main {
        Some(m) => m.scroll_by_with_x_and_y(0.0, dy),
        None => window().scroll_by_with_x_and_y(0.0, dy),
    }
}

/// Listen for the page's shortcuts. `lesson_step(delta)` moves through the lessons.
pub fn use_shortcuts(lesson_step: Callback<i32>) {
    let lab = use_lab();
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        // Undo and redo: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y (Cmd on a Mac),
        // everywhere but a text area; every edit is the scene's, so the
        // page's undo is also a field's.
        if (e.ctrl_key() || e.meta_key()) && !e.alt_key() {
            let in_text_area = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.tag_name() == "TEXTAREA");
            let key = e.key().to_ascii_lowercase();
            if !in_text_area && (key == "z" || key == "y") {
                e.prevent_default();
                if key == "y" || e.shift_key() {
                    lab.redo();
                } else {
                    lab.undo();
                }
            }
            return;
        }
        if e.alt_key() {
            return;
        }
        let key = e.key();
        if key == "Escape" && lab.help.get_untracked() {
            lab.help.set(false);
            return;
        }
        // Text fields, lists and sliders keep their keys; buttons and
        // checkboxes keep only the keys that press them.
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(el) = target {
            let tag = el.tag_name();
            let kind = el.get_attribute("type").unwrap_or_default();
            let pressable = tag == "BUTTON"
                || tag == "SUMMARY"
                || (tag == "INPUT" && matches!(kind.as_str(), "checkbox" | "radio" | "button"));
            let editing =
                matches!(tag.as_str(), "TEXTAREA" | "SELECT") || (tag == "INPUT" && !pressable);
            if editing || (pressable && (key == " " || key == "Enter")) {
                return;
            }
        }
        let handled = match key.as_str() {
            " " => {
                lab.toggle_play();
                true
            }
            "ArrowRight" => {
                lab.pause();
                lab.forward();
                true
            }
            "ArrowLeft" => {
                lab.pause();
                lab.back();
                true
            }
            "Home" => {
                lab.go_to(0);
                true
            }
            "PageDown" | "PageUp" | "ArrowDown" | "ArrowUp" => {
                scroll_main(key.as_str());
                true
            }
            "End" => {
                lab.go_to(usize::MAX);
                true
            }
            "?" => {
                lab.help.update(|h| *h = !*h);
                true
            }
            "c" | "C" => {
                lab.send(Event::ToggleCompare);
                true
            }
            "h" | "H" => {
                lab.set_hide_answer(!lab.hide_answer.get_untracked());
                true
            }
            "k" | "K" => {
                lab.set_classroom(!lab.classroom.get_untracked());
                true
            }
            "a" | "A" => {
                crate::ui::lab::player::announce_step(lab);
                true
            }
            "r" | "R" => {
                lab.send(Event::Reveal);
                true
            }
            "f" | "F" => {
                toggle_fullscreen();
                true
            }
            "n" | "N" => {
                lesson_step.run(1);
                true
            }
            "b" | "B" => {
                lesson_step.run(-1);
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn ShortcutOverlay() -> impl IntoView {
    let lab = use_lab();
    view! {
        <div class="overlay" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts"
            on:click=move |_| lab.help.set(false)>
            <div class="overlay__box">
                <h2>"Keyboard shortcuts"</h2>
                <table class="keys">
                    {SHORTCUTS.iter().map(|(k, what)| view! {
                        <tr><td><kbd>{*k}</kbd></td><td>{*what}</td></tr>
                    }).collect_view()}
                </table>
                <p class="note">"In a grid: arrow keys move, Enter commits and moves down, Tab moves on, Esc puts the old value back."</p>
                <button class="btn" on:click=move |_| lab.help.set(false)>"Close"</button>
            </div>
        </div>
    }
}
