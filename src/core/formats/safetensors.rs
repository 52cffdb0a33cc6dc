//! safetensors headers: an 8-byte little-endian length N, then N bytes of JSON mapping tensor
//! names to `{dtype, shape, data_offsets}` (huggingface/safetensors, docs/format). Only the
//! header is read; the caller hands over the file's first bytes and its total length.

use std::fmt;

use crate::core::from_json::{Map, Value};

/// Headers larger than this are refused (the safetensors crate's own limit, 100 MB).
pub const MAX_HEADER_BYTES: u64 = 100_000_000;

/// Why a safetensors header could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SafetensorsError {
    /// The file is shorter than the 8-byte length prefix.
    TooShort { file_len: u64 },
    /// The header claims more than [`MAX_HEADER_BYTES`].
    HeaderTooLarge(u64),
    /// The header claims to run past the end of the file.
    HeaderPastEnd { header_end: u64, file_len: u64 },
    /// The caller must supply at least this many bytes from the start of the file.
    NeedBytes(u64),
    /// The header is not a JSON object.
    NotJson(String),
    /// A tensor entry is malformed: unknown dtype, overflowing shape, offsets that disagree with
    /// the shape or run past the end of the file.
    BadTensor { name: String, reason: String },
}

impl fmt::Display for SafetensorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SafetensorsError::TooShort { file_len } => {
                write!(f, "not a safetensors file: only {file_len} bytes, shorter than the 8-byte header length")
            }
            SafetensorsError::HeaderTooLarge(n) => {
                write!(f, "the safetensors header claims {n} bytes, more than the 100 MB any real file uses")
            }
            SafetensorsError::HeaderPastEnd { header_end, file_len } => write!(
                f,
                "the safetensors header claims to end at byte {header_end}, past the end of the {file_len}-byte file (truncated?)"
            ),
            SafetensorsError::NeedBytes(n) => write!(f, "need the first {n} bytes of the file"),
            SafetensorsError::NotJson(why) => write!(f, "the safetensors header is not a JSON object: {why}"),
            SafetensorsError::BadTensor { name, reason } => write!(f, "tensor “{name}”: {reason}"),
        }
    }
}

impl std::error::Error for SafetensorsError {}

/// One tensor's entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorInfo {
    pub name: String,
    pub dtype: String,
    pub shape: Vec<u64>,
    pub elements: u64,
    pub bytes: u64,
}

/// What a safetensors header says about the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SafetensorsSummary {
    pub tensors: Vec<TensorInfo>,
    /// Stored bytes per dtype (`BF16` → bytes).
    pub bytes_by_dtype: Map<u64>,
    /// Elements of every tensor: the parameter count when the file holds a model.
    pub elements: u64,
    /// Bytes of tensor data.
    pub data_bytes: u64,
}

/// Bits per element of each safetensors dtype (safetensors `Dtype`).
fn dtype_bits(dtype: &str) -> Option<u64> {
    Some(match dtype {
        "BOOL" | "U8" | "I8" | "F8_E4M3" | "F8_E5M2" | "F8_E8M0" => 8,
        "F4" => 4,
        "F6_E2M3" | "F6_E3M2" => 6,
        "U16" | "I16" | "F16" | "BF16" => 16,
        "U32" | "I32" | "F32" => 32,
        "U64" | "I64" | "F64" | "C64" => 64,
        _ => return None,
    })
}

/// How many bytes from the start of the file hold the whole header (8 + N), read from the first
/// 8 bytes. Call with at least 8 bytes.
pub fn header_end(prefix: &[u8], file_len: u64) -> Result<u64, SafetensorsError> {
    if file_len < 8 {
        return Err(SafetensorsError::TooShort { file_len });
    }
    let Some(length) = prefix.get(..8) else { return Err(SafetensorsError::NeedBytes(8)) };
    let mut le = [0u8; 8];
    le.copy_from_slice(length);
    let n = u64::from_le_bytes(le);
    if n > MAX_HEADER_BYTES {
        return Err(SafetensorsError::HeaderTooLarge(n));
    }
    let end = 8 + n;
    if end > file_len {
        return Err(SafetensorsError::HeaderPastEnd { header_end: end, file_len });
    }
    Ok(end)
}

/// Reads the header from the file's first bytes (at least [`header_end`] of them).
pub fn parse_header(bytes: &[u8], file_len: u64) -> Result<SafetensorsSummary, SafetensorsError> {
    let end = header_end(bytes, file_len)?;
    let json = bytes.get(8..end as usize).ok_or(SafetensorsError::NeedBytes(end))?;
    let value: Value = crate::core::from_json::parse(json).map_err(|e| SafetensorsError::NotJson(e.to_string()))?;
    let entries = value.as_object().ok_or_else(|| SafetensorsError::NotJson("expected an object".into()))?;
    let data_len = file_len - end;
    let mut summary = SafetensorsSummary::default();
    let mut ranges: Vec<(u64, u64, &String)> = Vec::new();
    for (name, entry) in entries.iter().filter(|(name, _)| *name != "__metadata__") {
        let bad = |reason: String| SafetensorsError::BadTensor { name: name.clone(), reason };
        let dtype = entry.get("dtype").and_then(Value::as_str).ok_or_else(|| bad("no dtype".into()))?;
        let bits = dtype_bits(dtype).ok_or_else(|| bad(format!("unknown dtype {dtype}")))?;
        let shape = entry.get("shape").and_then(Value::as_array).ok_or_else(|| bad("no shape".into()))?;
        let mut sizes = Vec::with_capacity(shape.len());
        for size in shape {
            sizes.push(size.as_u64().ok_or_else(|| bad("shape is not a list of sizes".into()))?);
        }
        let shape = sizes;
        let elements = shape.iter().try_fold(1u64, |product, d| product.checked_mul(*d)).ok_or_else(|| bad("shape's product overflows".into()))?;
        let offsets = entry.get("data_offsets").and_then(Value::as_array).ok_or_else(|| bad("no data_offsets".into()))?;
        let (begin, finish) = match offsets.as_slice() {
            [b, e] => (b.as_u64(), e.as_u64()),
            _ => (None, None),
        };
        let (Some(begin), Some(finish)) = (begin, finish) else { return Err(bad("data_offsets must be [begin, end]".into())) };
        let bytes = elements.checked_mul(bits).map(|b| b.div_ceil(8)).ok_or_else(|| bad("size overflows".into()))?;
        if finish < begin || finish - begin != bytes {
            return Err(bad(format!("data_offsets [{begin}, {finish}] do not hold {elements} {dtype} values ({bytes} bytes)")));
        }
        if finish > data_len {
            return Err(bad(format!("data ends at byte {finish} of a {data_len}-byte data section (truncated file?)")));
        }
        ranges.push((begin, finish, name));
        summary.bytes_by_dtype.add(dtype, bytes);
        summary.elements += elements;
        summary.data_bytes += bytes;
        summary.tensors.push(TensorInfo { name: name.clone(), dtype: dtype.into(), shape, elements, bytes });
    }
    // Each byte belongs to one tensor (the safetensors format forbids overlaps): otherwise a
    // header could claim more data than its file holds.
    ranges.sort_unstable();
    if let Some(pair) = ranges.windows(2).find(|pair| pair[1].0 < pair[0].1) {
        let reason = format!("its data [{}, {}] overlaps “{}” [{}, {}]", pair[1].0, pair[1].1, pair[0].2, pair[0].0, pair[0].1);
        return Err(SafetensorsError::BadTensor { name: pair[1].2.clone(), reason });
    }
    Ok(summary)
}

/// What a sharded checkpoint's `model.safetensors.index.json` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexSummary {
    /// `metadata.total_size`: bytes of tensor data over all shards.
    pub total_size: Option<u64>,
    /// `metadata.total_parameters`: elements over all shards (transformers writes it since
    /// v4.56, `modeling_utils.save_pretrained`).
    pub total_parameters: Option<u64>,
    pub tensors: u64,
    pub shards: Vec<String>,
}

/// Reads a `model.safetensors.index.json`.
pub fn parse_index(bytes: &[u8]) -> Result<IndexSummary, SafetensorsError> {
    let value: Value = crate::core::from_json::parse(bytes).map_err(|e| SafetensorsError::NotJson(e.to_string()))?;
    let map = value
        .get("weight_map")
        .and_then(Value::as_object)
        .ok_or_else(|| SafetensorsError::NotJson("no weight_map: not a safetensors index".into()))?;
    // Sorted and unique through the map JSON objects are read into (one more sort
    // instantiation would cost the page ~1 KB).
    let unique: Map = map.values().filter_map(Value::as_str).map(|shard| (shard.to_string(), Value::Null)).collect();
    let shards: Vec<String> = unique.keys().cloned().collect();
    Ok(IndexSummary {
        total_size: value.get("metadata").and_then(|m| m.get("total_size")).and_then(Value::as_u64),
        total_parameters: value.get("metadata").and_then(|m| m.get("total_parameters")).and_then(Value::as_u64),
        tensors: map.len() as u64,
        shards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(header: &str, data: usize) -> Vec<u8> {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.resize(bytes.len() + data, 0);
        bytes
    }

    #[test]
    fn reads_a_small_header() {
        let header = r#"{"__metadata__":{"format":"pt"},"a":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[4],"data_offsets":[12,28]}}"#;
        let bytes = file(header, 28);
        let summary = parse_header(&bytes, bytes.len() as u64).expect("valid");
        assert_eq!(summary.elements, 10);
        assert_eq!(summary.data_bytes, 28);
        assert_eq!(summary.bytes_by_dtype.get("BF16"), Some(&12));
        assert_eq!(summary.tensors.len(), 2);
    }

    #[test]
    fn hostile_headers_are_refused_with_a_reason() {
        let huge = u64::MAX.to_le_bytes();
        assert_eq!(header_end(&huge, 1 << 40), Err(SafetensorsError::HeaderTooLarge(u64::MAX)));
        assert_eq!(header_end(&100u64.to_le_bytes(), 50), Err(SafetensorsError::HeaderPastEnd { header_end: 108, file_len: 50 }));
        assert_eq!(header_end(&[1, 2], 2), Err(SafetensorsError::TooShort { file_len: 2 }));
        let cases = [
            (r#"[1,2]"#, "object"),
            (r#"{"a":{"dtype":"Q9","shape":[1],"data_offsets":[0,1]}}"#, "unknown dtype"),
            (r#"{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}"#, "overflows"),
            (r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, "do not hold"),
            (r#"{"a":{"dtype":"F32","shape":[1000],"data_offsets":[0,4000]}}"#, "truncated"),
            (r#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "shape"),
            ("{not json", "not a JSON object"),
        ];
        for (header, needle) in cases {
            let bytes = file(header, 8);
            let error = parse_header(&bytes, bytes.len() as u64).expect_err(header).to_string();
            assert!(error.contains(needle), "{header}: {error}");
        }
    }

    #[test]
    fn reads_an_index() {
        let index = br#"{"metadata":{"total_size":16060522496},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors","c":"model-00001-of-00002.safetensors"}}"#;
        let summary = parse_index(index).expect("index");
        assert_eq!(summary.total_size, Some(16_060_522_496));
        assert_eq!(summary.tensors, 3);
        assert_eq!(summary.shards.len(), 2);
        assert!(parse_index(b"{}").is_err());
    }
}
