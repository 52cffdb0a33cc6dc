//! config.json → architecture → parameter count → a full estimate: errors are fine, panics and
//! hangs are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vramfit::core::architecture::Architecture;
use vramfit::core::estimate::{estimate, Model, Settings};
use vramfit::core::params::count_params;

fuzz_target!(|data: &[u8]| {
    let Ok(arch) = Architecture::from_config_json(data) else { return };
    if count_params(&arch).is_err() {
        return;
    }
    let model = Model::Architecture(arch);
    if let Ok(e) = estimate(&model, &Settings::default()) {
        // The total is the sum of its parts and lies inside its band.
        let sum: u64 = e.components.iter().map(|c| c.bytes.0).sum();
        assert_eq!(sum, e.total_bytes.0);
        assert!(e.total_low_bytes <= e.total_bytes && e.total_bytes <= e.total_high_bytes);
    }
});
