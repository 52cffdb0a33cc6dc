//! The estimation core: pure Rust, no I/O, no web crates. The page and the CLI only call it.
//!
//! The front ends need only what is public here: a [`request::Request`] built from text and
//! [`request::report`], the one entry point that turns it into a [`report::EstimateReport`];
//! share links ([`share_state`]); the catalogues ([`catalogue`]); the importers that read model
//! files from byte slices ([`import`]); units and their formatting ([`units`]); and the choices
//! a request is made of, re-exported below. The formulas live in private modules; the
//! `internals` feature (on for this crate's own tests, benches and fuzzers, which check those
//! formulas against published figures) makes them public.

pub mod catalogue;
pub mod export;
pub mod format;
pub mod hub;
pub mod import;
pub mod report;
pub mod request;
pub mod share_state;
pub mod units;

/// Modules private to the crate (the core and the page), public under the `internals` feature.
macro_rules! internal {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$meta])*
            #[cfg(feature = "internals")]
            pub mod $name;
            #[cfg(not(feature = "internals"))]
            pub(crate) mod $name;
        )*
    };
}

internal! {
    activations,
    architecture,
    engines,
    estimate,
    fit,
    formats,
    from_json,
    i18n,
    kv_cache,
    machine,
    order,
    params,
    placement,
    quant,
    rule_of_thumb,
    solve,
    to_json,
    training,
}

pub use activations::Checkpointing;
pub use engines::Engine;
pub use estimate::{Mode, Model};
pub use kv_cache::KvDtype;
pub use placement::{Forced, Offload};
pub use quant::WeightFormat;
pub use training::{LoraTarget, Optimizer, TrainPrecision, ZeroStage};
