//! The pictures' views as chunk parts (see `crate::ui::shell::chunk`):
//! planes drawn as pictures, fetched the first time a photo is shown.

#![allow(improper_ctypes_definitions)]

use leptos::prelude::*;
use ndarray::Array4;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

use crate::core::{Frame, Plan};
use crate::ui::shell::chunk::{NotLoaded, Part};

#[wasm_split(picture, fallible, preload(preload_picture))]
fn picture_stage(
    plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
    budget: Signal<f64>,
) -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::image::picture::PictureStage plan frame budget /> }.into_any()
    }))
}

#[wasm_split(picture, fallible, preload(preload_picture_output))]
fn output_pictures(
    plan: Signal<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    frame: Memo<Option<Frame>>,
    budget: Signal<f64>,
) -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::image::picture::OutputPictures plan output frame budget /> }.into_any()
    }))
}

/// The input's planes drawn as pictures, with the kernel window over them.
pub fn stage_part(
    plan: Signal<Option<Plan>>,
    frame: Memo<Option<Frame>>,
    budget: Signal<f64>,
) -> Part {
    Part::new(
        || Box::pin(preload_picture()),
        move || picture_stage(plan, frame, budget),
    )
}

/// Every output channel drawn as a picture.
pub fn output_part(
    plan: Signal<Option<Plan>>,
    output: Memo<Option<Array4<f64>>>,
    frame: Memo<Option<Frame>>,
    budget: Signal<f64>,
) -> Part {
    Part::new(
        || Box::pin(preload_picture_output()),
        move || output_pictures(plan, output, frame, budget),
    )
}

/// Fetches the pictures' chunk.
pub async fn preload() -> Result<(), SplitLoaderError> {
    preload_picture().await
}
