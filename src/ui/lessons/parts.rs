//! A lesson's text as a part of its own (see `crate::ui::shell::chunk`):
//! its words and the facts the engine computes for them are fetched with
//! the first lesson, not with the page.

#![allow(improper_ctypes_definitions)]

use leptos::prelude::*;
use wasm_split_helpers::wasm_split;

use crate::ui::shell::chunk::{NotLoaded, Part};

#[wasm_split(extras, fallible, preload(preload_lesson))]
fn lesson() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::lessons::bar::LessonText /> }.into_any()
    }))
}

/// A lesson's text (in the extras chunk, which the page fetches once it is
/// whole).
pub fn lesson_part() -> Part {
    Part::new(|| Box::pin(preload_lesson()), lesson)
}
