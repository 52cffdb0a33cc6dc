//! A safetensors file's first bytes and the file length a caller claims.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "claimed_length.rs"]
mod claimed_length;

use vramfit::core::formats::safetensors::{parse_header, parse_index};
use vramfit::core::import::{combine, read_step, Next};

fuzz_target!(|data: &[u8]| {
    let (file_len, bytes) = claimed_length::split(data);
    if let Ok(summary) = parse_header(bytes, file_len) {
        assert!(summary.data_bytes <= file_len, "tensor data cannot exceed the file");
    }
    let _ = parse_index(bytes);
    // The import protocol never asks for more than the file, nor for what it already has.
    match read_step("model.safetensors", bytes, file_len) {
        Ok(Next::ReadMore(n)) => assert!(n > bytes.len() as u64 && n <= file_len, "asked for {n} of {file_len} having {}", bytes.len()),
        // A header without its config: the layer plan comes from the tensor names and shapes.
        Ok(Next::Done(part)) => {
            let _ = combine(&[("model.safetensors".to_string(), part)]);
        }
        Err(_) => {}
    }
});
