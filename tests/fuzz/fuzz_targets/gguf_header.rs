//! A GGUF file's first bytes and the file length a caller claims.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "claimed_length.rs"]
mod claimed_length;

use vramfit::core::formats::gguf::parse_gguf;
use vramfit::core::import::{read_step, Next};

fuzz_target!(|data: &[u8]| {
    let (file_len, bytes) = claimed_length::split(data);
    if let Ok(summary) = parse_gguf(bytes, file_len) {
        let _ = summary.to_architecture();
    }
    if let Ok(Next::ReadMore(n)) = read_step("model.gguf", bytes, file_len) {
        assert!(n > bytes.len() as u64 && n <= file_len, "asked for {n} of {file_len} having {}", bytes.len());
    }
});
