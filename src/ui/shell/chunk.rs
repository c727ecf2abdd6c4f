//! Views that are not on the first screen live in wasm chunks of their own
//! (code splitting): the compare view, layer stacks, the scatter and matrix
//! views of a transposed convolution, planes drawn as pictures, the squeeze
//! explorer of a lesson and the keyboard-shortcut overlay. The first load
//! carries only the lab; a chunk is fetched the first time its view is
//! shown, and every chunk is fetched in the background once the page is
//! whole ([`prefetch`]), so a later switch does not wait for the network.
//!
//! `scripts/build_wasm.sh` splits the module at the `#[wasm_split]`
//! functions below (wasm-split-cli), before wasm-bindgen. A chunk that fails
//! to load (offline) is a message in place of its view, never a panic.

#![allow(improper_ctypes_definitions)]

use std::cell::Cell;
use std::future::Future;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;
use ndarray::Array4;
use wasm_split_helpers::{wasm_split, SplitLoaderError};

use crate::core::{Frame, Plan};

/// A chunk that did not load.
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

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

/// Which view a [`Chunk`] shows, with what it shows.
#[derive(Clone, Copy)]
pub enum Part {
    Compare,
    Stack,
    Scatter,
    Matrix,
    PictureStage {
        plan: Signal<Option<Plan>>,
        frame: Memo<Option<Frame>>,
        budget: Signal<f64>,
    },
    OutputPictures {
        plan: Signal<Option<Plan>>,
        output: Memo<Option<Array4<f64>>>,
        frame: Memo<Option<Frame>>,
        budget: Signal<f64>,
    },
    Squeeze,
    Shortcuts,
}

thread_local! {
    /// Chunks being fetched for a view on screen; the page is not whole
    /// (`data-ready`) while one is.
    static PENDING: Cell<usize> = const { Cell::new(0) };
}

/// How many chunks a view on screen still waits for.
pub fn pending() -> usize {
    PENDING.with(Cell::get)
}

/// A view on screen waiting for its chunk: counted in [`pending`] from its
/// making until it is dropped, whether the chunk arrived or the view was
/// taken away first.
struct Waiting;

impl Waiting {
    fn new() -> Self {
        PENDING.with(|p| p.set(p.get() + 1));
        crate::ui::shell::later::mark_waiting();
        Waiting
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        PENDING.with(|p| p.set(p.get().saturating_sub(1)));
        crate::ui::shell::later::mark_ready();
    }
}

/// Fetches the chunk `part` lives in (once; later calls return at once).
async fn load(part: Part) -> Result<(), SplitLoaderError> {
    match part {
        Part::Compare => preload_compare().await,
        Part::Stack => preload_stack().await,
        Part::Scatter => preload_transpose().await,
        Part::Matrix => preload_transpose_matrix().await,
        Part::PictureStage { .. } => preload_picture().await,
        Part::OutputPictures { .. } => preload_picture_output().await,
        Part::Squeeze => preload_extras().await,
        Part::Shortcuts => preload_extras_shortcuts().await,
    }
}

/// Builds the view of `part`, whose chunk is loaded: the split function's
/// future is then ready at its first poll (it finds the chunk loaded and
/// calls into it), so the view is built synchronously, like any other.
fn build(part: Part) -> Option<AnyView> {
    let got = match part {
        Part::Compare => now(compare()),
        Part::Stack => now(stack()),
        Part::Scatter => now(scatter()),
        Part::Matrix => now(matrix()),
        Part::PictureStage {
            plan,
            frame,
            budget,
        } => now(picture_stage(plan, frame, budget)),
        Part::OutputPictures {
            plan,
            output,
            frame,
            budget,
        } => now(output_pictures(plan, output, frame, budget)),
        Part::Squeeze => now(squeeze()),
        Part::Shortcuts => now(shortcuts()),
    };
    got.and_then(Result::ok)
}

/// Polls a future once: its output if it is ready.
fn now<T>(fut: impl Future<Output = T>) -> Option<T> {
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Loading,
    Loaded,
    Failed,
}

/// The view of `part`, from its chunk: "Loading…" until the chunk is here
/// (only the first time a view of that chunk is shown, unless [`prefetch`]
/// has fetched it already).
///
/// No `Suspense` here: a `Suspend` tracks what its future reads, so a view
/// built inside one is built again whenever a value its components read
/// while being built changes.
#[component]
pub fn Chunk(part: Part) -> impl IntoView {
    // A chunk loaded already answers at the first poll.
    let state = RwSignal::new(match now(load(part)) {
        Some(Ok(())) => State::Loaded,
        _ => State::Loading,
    });
    if state.get_untracked() == State::Loading {
        let waiting = Waiting::new();
        leptos::task::spawn_local(async move {
            let done = load(part).await.is_ok();
            drop(waiting);
            let _ = state.try_set(if done { State::Loaded } else { State::Failed });
        });
    }
    move || match state.get() {
        State::Loading => loading(),
        State::Loaded => untrack(|| build(part)).unwrap_or_else(failed),
        State::Failed => failed(),
    }
}

fn loading() -> AnyView {
    view! { <p class="note" role="status" data-testid="chunk-loading">"Loading this view\u{2026}"</p> }
        .into_any()
}

fn failed() -> AnyView {
    view! {
        <div class="notice" role="alert" data-testid="chunk-failed">
            "This view could not be loaded: is the network down? Your work is kept. Reload the page, or come back to this view, to try again."
        </div>
    }
    .into_any()
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
        let _ = preload_picture().await;
        let _ = preload_extras().await;
    });
}
