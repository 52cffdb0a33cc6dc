//! What a Hugging Face id or link and the Hub's answers may be: typed text (up to the first 0xFF
//! byte), then answers cut at 0xFF bytes (a leading `!` makes one a 404). Whatever they hold,
//! reading them never panics and never asks for a URL outside the repo it read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vramfit::core::hub::{parse_hub_ref, HubLoad, HubRef, Step, HUB};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xFF);
    let typed = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let reference = parse_hub_ref(&typed).unwrap_or_else(|_| HubRef { repo: "a/b".into(), revision: "main".into(), file: None });
    let repo = reference.repo.clone();
    let (mut load, first) = HubLoad::start(reference, HUB);
    assert!(first.url.starts_with(&format!("{HUB}/api/models/{repo}")), "{}", first.url);
    for body in parts.take(64) {
        let status = if body.first() == Some(&b'!') { 404 } else { 200 };
        match load.receive(status, body) {
            Ok(Step::Fetch(next)) => {
                let inside = next.url.starts_with(&format!("{HUB}/api/models/{repo}/")) || next.url.starts_with(&format!("{HUB}/{repo}/resolve/"));
                assert!(inside && !next.url.contains("/../"), "{}", next.url);
            }
            _ => break,
        }
    }
});
