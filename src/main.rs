//! The web entry Trunk builds: install the panic hook, mount the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    vramfit::ui::install_panic_hook();
    // Offline after one visit: the worker caches the app's files (assets/sw.js).
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("./sw.js");
    }
    leptos::mount::mount_to_body(vramfit::ui::App);
}

/// Native builds have nothing to mount; the page is built with Trunk and the CLI is `vramfit`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vramfit-web is the browser entry: build it with `./dev.sh serve`; use `vramfit` on the command line.");
    std::process::exit(2);
}
