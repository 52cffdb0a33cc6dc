//! The estimation core: pure Rust, no I/O, no web crates. The page and the CLI only call it.

pub mod activations;
pub mod architecture;
pub mod catalogue;
pub mod engines;
pub mod estimate;
pub mod export;
pub mod fit;
pub mod format;
pub mod i18n;
pub mod formats;
pub mod import;
pub mod kv_cache;
pub mod order;
pub mod params;
pub mod quant;
pub mod report;
pub mod request;
pub mod rule_of_thumb;
pub mod share_state;
pub mod solve;
pub mod training;
pub mod units;
