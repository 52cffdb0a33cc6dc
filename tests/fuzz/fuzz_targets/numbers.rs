//! Typed numbers ("7B", "6,7e9", "128k", "0.5"): parsing never panics, accepted counts stay in
//! range, and a count written back out parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vramfit::core::units::{group_thousands, parse_count, parse_factor_thousandths, parse_params, parse_tokens, NumberStyle, MAX_PARAMS};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for style in [NumberStyle::Point, NumberStyle::Comma] {
        if let Ok(params) = parse_params(text, style) {
            assert!(params.0 > 0 && params.0 <= MAX_PARAMS, "{text:?} → {}", params.0);
            // Below a thousand a bare count reads as a missing unit ("7" → "7B?"), by design.
            let written = group_thousands(params.0.into(), style);
            if params.0 >= 1_000 {
                assert_eq!(parse_params(&written, style).map(|p| p.0), Ok(params.0), "{text:?} → {written:?}");
            }
        }
        let _ = parse_tokens(text, style, 10_000_000);
        let _ = vramfit::core::request::gpu_memory(text, style);
        let _ = parse_factor_thousandths(text, style, 1, 1_000_000);
    }
    let _ = parse_count(text, 1_000_000);
});
