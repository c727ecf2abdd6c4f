#[cfg(target_arch = "wasm32")]
fn main() {
    convlab::ui::guard::install();
    if convlab::ui::bench::run_if_asked() {
        return;
    }
    leptos::mount::mount_to_body(convlab::ui::App);
    convlab::ui::guard::selftest();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ConvLab is a browser app: run `scripts/run.sh` and open http://127.0.0.1:8080");
}
