//! The web entry Trunk builds: install the panic hook, mount the app.

/// Talc rather than Rust's default dlmalloc: 0.7 KB smaller in the page, and no slower (edits
/// settled in a median 4.4–6.0 ms with it, 5.3 ms with dlmalloc: `./dev.sh bench`). The page
/// runs on one thread.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::{request_animation_frame, set_timeout, window};
    vramfit::ui::install_panic_hook();
    leptos::mount::mount_to_body(vramfit::ui::App);
    // Offline after one visit: the worker caches the app's files (assets/sw.js). It starts
    // after the first frame: installing it fetches every file again, and on a two-core machine
    // that competed with the first answer (about 10 ms of a 140 ms first result).
    request_animation_frame(|| {
        set_timeout(|| drop(window().navigator().service_worker().register("./sw.js")), std::time::Duration::ZERO);
    });
}

/// Native builds have nothing to mount; the page is built with Trunk and the CLI is `vramfit`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("vramfit-web is the browser entry: build it with `./dev.sh serve`; use `vramfit` on the command line.");
    std::process::exit(2);
}
