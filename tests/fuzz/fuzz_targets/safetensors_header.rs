//! A safetensors file's first bytes, with the file length the caller claims taken from the
//! input too (a header may claim anything up to 2⁶⁴−1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vramfit::core::formats::safetensors::{parse_header, parse_index};
use vramfit::core::import::{read_step, Next};

fuzz_target!(|data: &[u8]| {
    let (claimed, bytes) = match data.split_first_chunk::<8>() {
        Some((len, rest)) => (u64::from_le_bytes(*len), rest),
        None => (0, data),
    };
    let file_len = claimed.max(bytes.len() as u64);
    if let Ok(summary) = parse_header(bytes, file_len) {
        assert!(summary.data_bytes <= file_len, "tensor data cannot exceed the file");
    }
    let _ = parse_index(bytes);
    // The import protocol never asks for more than the file, nor for what it already has.
    if let Ok(Next::ReadMore(n)) = read_step("model.safetensors", bytes, file_len) {
        assert!(n > bytes.len() as u64 && n <= file_len, "asked for {n} of {file_len} having {}", bytes.len());
    }
});
