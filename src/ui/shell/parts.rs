//! The views that live in chunks of their own (see `super::chunk`), as
//! [`Part`]s, and the background fetch of every chunk once the page is
//! whole. The pictures' parts are made in `crate::ui::image::parts`.

#![allow(improper_ctypes_definitions)]

use std::cell::Cell;

use leptos::prelude::*;
use wasm_split_helpers::wasm_split;

use crate::ui::shell::chunk::{NotLoaded, Part};

#[wasm_split(compare, fallible, preload(preload_compare))]
fn compare() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::compare::Compare /> }.into_any()
    }))
}

#[wasm_split(stack, fallible, preload(preload_stack))]
fn stack() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::stack::StackView /> }.into_any()
    }))
}

#[wasm_split(transpose, fallible, preload(preload_transpose))]
fn scatter() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::transpose::scatter::ScatterView /> }.into_any()
    }))
}

#[wasm_split(transpose, fallible, preload(preload_transpose_matrix))]
fn matrix() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::transpose::matrix::MatrixView /> }.into_any()
    }))
}

#[wasm_split(extras, fallible, preload(preload_extras))]
fn squeeze() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::lab::squeeze_explorer::SqueezeExplorer /> }.into_any()
    }))
}

#[wasm_split(extras, fallible, preload(preload_extras_shortcuts))]
fn shortcuts() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::shell::shortcuts::ShortcutOverlay /> }.into_any()
    }))
}

#[wasm_split(network, fallible, preload(preload_network))]
fn network() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::network::NetworkView /> }.into_any()
    }))
}

#[wasm_split(practice, fallible, preload(preload_practice))]
fn practice() -> Result<AnyView, NotLoaded> {
    Ok(untrack(|| {
        view! { <crate::ui::practice::PracticeView /> }.into_any()
    }))
}

/// Practice: exercises, checked.
pub fn practice_part() -> Part {
    Part::new(|| Box::pin(preload_practice()), practice)
}

/// "Your network": the pasted model's layer table.
pub fn network_part() -> Part {
    Part::new(|| Box::pin(preload_network()), network)
}
/// The compare view.
pub fn compare_part() -> Part {
    Part::new(|| Box::pin(preload_compare()), compare)
}
/// The stack view.
pub fn stack_part() -> Part {
    Part::new(|| Box::pin(preload_stack()), stack)
}
/// The scatter view of a transposed convolution.
pub fn scatter_part() -> Part {
    Part::new(|| Box::pin(preload_transpose()), scatter)
}
/// The matrix view.
pub fn matrix_part() -> Part {
    Part::new(|| Box::pin(preload_transpose_matrix()), matrix)
}
/// A lesson's squeeze explorer.
pub fn squeeze_part() -> Part {
    Part::new(|| Box::pin(preload_extras()), squeeze)
}
/// The keyboard-shortcut overlay.
pub fn shortcuts_part() -> Part {
    Part::new(|| Box::pin(preload_extras_shortcuts()), shortcuts)
}

/// Fetches every chunk in the background, once the page is whole, so that
/// switching views later does not wait for the network. A failure here is
/// silent: the view that needs the chunk tries again and says so if it fails.
pub fn prefetch() {
    thread_local! {
        static STARTED: Cell<bool> = const { Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        let _ = preload_compare().await;
        let _ = preload_stack().await;
        let _ = preload_transpose().await;
        let _ = crate::ui::image::parts::preload().await;
        let _ = preload_extras().await;
        let _ = preload_network().await;
        let _ = preload_practice().await;
        let _ = crate::ui::widgets::code_panel::preload().await;
        let _ = crate::ui::shell::figure::preload().await;
    });
}
