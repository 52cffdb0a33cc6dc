//! A GGUF file's first bytes, with the claimed file length taken from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vramfit::core::formats::gguf::parse_gguf;
use vramfit::core::import::{read_step, Next};

fuzz_target!(|data: &[u8]| {
    let (claimed, bytes) = match data.split_first_chunk::<8>() {
        Some((len, rest)) => (u64::from_le_bytes(*len), rest),
        None => (0, data),
    };
    let file_len = claimed.max(bytes.len() as u64);
    if let Ok(summary) = parse_gguf(bytes, file_len) {
        let _ = summary.to_architecture();
    }
    if let Ok(Next::ReadMore(n)) = read_step("model.gguf", bytes, file_len) {
        assert!(n > bytes.len() as u64 && n <= file_len, "asked for {n} of {file_len} having {}", bytes.len());
    }
});
