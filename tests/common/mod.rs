//! Helpers shared by the native integration tests.
#![allow(dead_code)] // each test crate uses a different subset

use vramfit::core::architecture::Architecture;
use vramfit::core::params::{count_params, ParamCount};

/// The config of a model in tests/fixtures/reference_models.json.
pub fn reference_config(model: &str) -> serde_json::Value {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../fixtures/reference_models.json")).expect("fixture parses");
    rows.into_iter()
        .find(|r| r["model"] == model)
        .map(|r| r["config"].clone())
        .unwrap_or_else(|| panic!("{model} is not in the fixture"))
}

pub fn reference_arch(model: &str) -> Architecture {
    Architecture::from_config_json(&serde_json::to_vec(&reference_config(model)).expect("JSON")).expect("reference config reads")
}

pub fn reference_count(model: &str) -> ParamCount {
    count_params(&reference_arch(model)).expect("reference count")
}

pub const GIB: f64 = (1u64 << 30) as f64;
pub const MIB: f64 = (1u64 << 20) as f64;

/// Asserts `actual` is within `percent` % of `expected`.
#[track_caller]
pub fn assert_within(actual: f64, expected: f64, percent: f64, what: &str) {
    let error = (actual - expected).abs() / expected * 100.0;
    assert!(error <= percent, "{what}: {actual} vs published {expected} ({error:.2}% > {percent}%)");
}
