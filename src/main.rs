#[cfg(target_arch = "wasm32")]
fn main() {
    use std::time::Duration;

    use leptos::prelude::set_timeout;

    convlab::ui::shell::guard::install();
    if convlab::ui::shell::bench::run_if_asked() {
        return;
    }
    // index.html fetches the engine only once its own page (what ConvLab
    // is, "Loading…") is on screen. Mounting is a long task of its own, not
    // a part of the one that instantiated the module.
    set_timeout(start, Duration::ZERO);
}

#[cfg(target_arch = "wasm32")]
fn start() {
    leptos::mount::mount_to_body(convlab::ui::App);
    // The page drawn by index.html while the engine loaded gives way to the app.
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
    convlab::ui::shell::later::mark_ready();
    convlab::ui::shell::guard::selftest();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ConvLab is a browser app: run `scripts/run.sh` and open http://127.0.0.1:8080");
}
