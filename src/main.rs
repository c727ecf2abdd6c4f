#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::{request_animation_frame, set_timeout};

    convlab::ui::guard::install();
    if convlab::ui::bench::run_if_asked() {
        return;
    }
    // Mounting is one long task. The page index.html drew (what ConvLab is,
    // "Loading…") reaches the screen first: the mount waits until a frame
    // with it has been painted, or 250 ms in a tab that paints no frames
    // (a hidden one).
    let started = Rc::new(Cell::new(false));
    let once = move || {
        if !started.replace(true) {
            start();
        }
    };
    let after_paint = once.clone();
    // The second frame's callback runs once the first (with the shell) is painted.
    request_animation_frame(move || {
        request_animation_frame(move || set_timeout(after_paint, Duration::ZERO))
    });
    set_timeout(once, Duration::from_millis(250));
}

#[cfg(target_arch = "wasm32")]
fn start() {
    leptos::mount::mount_to_body(convlab::ui::App);
    // The page drawn by index.html while the engine loaded gives way to the app.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    convlab::ui::later::mark_ready();
    convlab::ui::guard::selftest();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ConvLab is a browser app: run `scripts/run.sh` and open http://127.0.0.1:8080");
}
