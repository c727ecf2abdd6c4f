//! Parts of the page built one task after the rest.
//!
//! Mounting the whole page in one task blocks the main thread for as long as
//! it takes (Lighthouse's total blocking time on a phone). A `Later` builds
//! its children in a task of its own, after the first screen: one `Later` a
//! task, lowest `rank` first, and in the order they were made within a rank.
//! A `Later` arrives below everything already drawn in its container, or in
//! a container of its own, so its arrival moves nothing on screen (layout
//! shift stays 0): give a part a lower rank than anything below it.
//!
//! [`mark_ready`] puts `data-ready` on the app's root once no `Later` waits
//! and no view on screen waits for its chunk: that is when the page is whole
//! (the browser tests wait for it).

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;

thread_local! {
    /// The parts not built yet: (rank, order made, its switch).
    static QUEUE: RefCell<Vec<(u8, u64, RwSignal<bool>)>> = const { RefCell::new(Vec::new()) };
    static MADE: Cell<u64> = const { Cell::new(0) };
    /// A task that builds the next part is set.
    static STEP_SET: Cell<bool> = const { Cell::new(false) };
    /// Chunks being fetched for a view on screen; the page is not whole
    /// (`data-ready`) while one is.
    static PENDING: Cell<usize> = const { Cell::new(0) };
    /// What to do once the page is whole (fetch the other chunks).
    static WHEN_WHOLE: Cell<Option<fn()>> = const { Cell::new(None) };
}

/// How many chunks a view on screen still waits for.
pub fn pending() -> usize {
    PENDING.with(Cell::get)
}

/// A view on screen waiting for its chunk: counted in [`pending`] from its
/// making until it is dropped, whether the chunk arrived or the view was
/// taken away first.
pub struct Waiting;

impl Waiting {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        PENDING.with(|p| p.set(p.get() + 1));
        mark_waiting();
        Waiting
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        PENDING.with(|p| p.set(p.get().saturating_sub(1)));
        mark_ready();
    }
}

/// `f` runs each time the page is found whole (the app fetches the other
/// chunks then).
pub fn when_whole(f: fn()) {
    WHEN_WHOLE.with(|w| w.set(Some(f)));
}

#[component]
pub fn Later(
    /// Parts of lower rank are built first.
    #[prop(optional)]
    rank: u8,
    children: ChildrenFn,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    let order = MADE.with(|m| m.replace(m.get() + 1));
    QUEUE.with(|q| q.borrow_mut().push((rank, order, ready)));
    set_step();
    view! { <Show when=move || ready.get()>{children()}</Show> }
}

fn set_step() {
    if !STEP_SET.with(|s| s.replace(true)) {
        set_timeout(step, Duration::ZERO);
    }
}

/// Builds the next part in line. Its view is built before this task ends,
/// and may make parts of its own; they join the line.
fn step() {
    STEP_SET.with(|s| s.set(false));
    let next = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let first = (0..q.len()).min_by_key(|&k| (q[k].0, q[k].1))?;
        Some(q.swap_remove(first).2)
    });
    if let Some(ready) = next {
        // The owner may be gone by then (the part was replaced): nothing to build.
        let _ = ready.try_set(true);
    }
    if QUEUE.with(|q| q.borrow().is_empty()) {
        mark_ready();
    } else {
        set_step();
    }
}

fn waiting() -> bool {
    STEP_SET.with(Cell::get) || QUEUE.with(|q| !q.borrow().is_empty())
}

/// Called once the app is mounted, when the last `Later` is built, and when
/// a chunk a view waits for has arrived ([`Waiting`] is dropped). It looks in a task
/// of its own, after the views just made are built: the page is whole when
/// no `Later` waits and no view on screen waits for its chunk.
pub fn mark_ready() {
    set_timeout(
        || {
            if waiting() || pending() > 0 {
                return;
            }
            if let Some(app) = app_root() {
                let _ = app.set_attribute("data-ready", "");
            }
            if let Some(f) = WHEN_WHOLE.with(Cell::get) {
                f();
            }
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
