//! Views that are not on the first screen live in wasm chunks of their own
//! (code splitting): the compare view, layer stacks, the scatter and matrix
//! views of a transposed convolution, planes drawn as pictures, the squeeze
//! explorer of a lesson and the keyboard-shortcut overlay. The first load
//! carries only the lab; a chunk is fetched the first time its view is
//! shown, and every chunk is fetched in the background once the page is
//! whole (`super::parts::prefetch`), so a later switch does not wait for
//! the network.
//!
//! This module is the machinery: a [`Part`] says how to fetch a chunk and
//! how to build its view, and [`Chunk`] shows it. The parts themselves are
//! made beside their views (`super::parts`, `crate::ui::image::parts`),
//! at the `#[wasm_split]` functions that `scripts/build_wasm.sh` splits the
//! module at (wasm-split-cli), before wasm-bindgen. A chunk that fails to
//! load (offline) is a message in place of its view, never a panic.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;
use wasm_split_helpers::SplitLoaderError;

use crate::ui::shell::later::Waiting;

/// A chunk that did not load.
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// Fetching a chunk (once; later calls are ready at once).
pub type Fetch = Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// A view that lives in a chunk: how to fetch its chunk, and how to build
/// the view once it is here (the split function's future is then ready at
/// its first poll: it finds the chunk loaded and calls into it).
#[derive(Clone)]
pub struct Part {
    fetch: fn() -> Fetch,
    build: Arc<dyn Fn() -> Option<Result<AnyView, NotLoaded>> + Send + Sync>,
}

impl Part {
    /// `fetch` fetches the chunk (a `preload` function of `#[wasm_split]`),
    /// `split` calls the split function that builds the view.
    pub fn new<F>(fetch: fn() -> Fetch, split: impl Fn() -> F + Send + Sync + 'static) -> Part
    where
        F: Future<Output = Result<AnyView, NotLoaded>>,
    {
        Part {
            fetch,
            build: Arc::new(move || now(split())),
        }
    }

    fn build(&self) -> Option<AnyView> {
        (self.build)().and_then(Result::ok)
    }
}

/// Polls a future once: its output if it is ready.
pub fn now<T>(fut: impl Future<Output = T>) -> Option<T> {
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
/// (only the first time a view of that chunk is shown, unless the
/// background fetch has brought it already).
///
/// No `Suspense` here: a `Suspend` tracks what its future reads, so a view
/// built inside one is built again whenever a value its components read
/// while being built changes.
#[component]
pub fn Chunk(part: Part) -> impl IntoView {
    // A chunk loaded already answers at the first poll.
    let state = RwSignal::new(match now((part.fetch)()) {
        Some(Ok(())) => State::Loaded,
        _ => State::Loading,
    });
    if state.get_untracked() == State::Loading {
        let waiting = Waiting::new();
        let fetch = part.fetch;
        leptos::task::spawn_local(async move {
            let done = fetch().await.is_ok();
            drop(waiting);
            let _ = state.try_set(if done { State::Loaded } else { State::Failed });
        });
    }
    move || match state.get() {
        State::Loading => loading(),
        State::Loaded => untrack(|| part.build()).unwrap_or_else(failed),
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
