//! vramfit: how much GPU memory an AI model needs, and which GPUs it fits on.
//!
//! [`core`] is the pure estimation library (tested natively, shared by the CLI and the page);
//! `ui` is the Leptos front end, compiled only for the browser.
#![forbid(unsafe_code)]
// The public surface is documented; the internals feature opens formula modules for tests.
#![cfg_attr(not(feature = "internals"), warn(missing_docs))]

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
