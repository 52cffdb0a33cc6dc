//! A share link's query string: whatever it holds, restoring never panics, and what it restores
//! writes a link that restores the same inputs without a notice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vramfit::core::request::{report, Request};
use vramfit::core::share_state::{from_query, to_query};

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let restored = from_query(query);
    let again = from_query(&to_query(&restored.inputs, restored.preset.as_deref()));
    assert!(again.notices.is_empty(), "{query:?} → {:?}", again.notices);
    assert_eq!(again.inputs, restored.inputs, "{query:?}");
    assert_eq!(again.preset, restored.preset);
    // The estimate behind the link (without a GPU: the fit of every catalogue GPU takes
    // milliseconds, and the solvers have their own properties in tests/properties.rs).
    let inputs = Request { gpu: String::new(), ..restored.inputs };
    let style = inputs.lang.unwrap_or_default().style();
    let _ = report(&inputs, style);
});
