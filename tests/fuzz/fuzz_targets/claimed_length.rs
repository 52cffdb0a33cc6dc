//! The file-header targets read the file length a caller would claim from the input's first 8
//! bytes (a header may claim anything up to 2⁶⁴−1), and the file's first bytes from the rest.

/// (claimed file length, never less than the bytes given; the bytes).
pub fn split(data: &[u8]) -> (u64, &[u8]) {
    let (claimed, bytes) = match data.split_first_chunk::<8>() {
        Some((len, rest)) => (u64::from_le_bytes(*len), rest),
        None => (0, data),
    };
    (claimed.max(bytes.len() as u64), bytes)
}
