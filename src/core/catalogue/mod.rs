//! Catalogues: data embedded at build time, each row with its source.

pub mod gpus;
pub mod models;

use serde_json::Value;

/// Words of a name for matching: lowercase (ASCII: catalogue names are ASCII, and Unicode's
/// case tables would cost the page bytes), split at spaces, hyphens, underscores, slashes,
/// commas and brackets, so "7" matches "7B" but not "1.7B".
fn words(text: &str) -> Vec<String> {
    text.to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '/' | '(' | ')' | ','))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when every word of `query` starts some word of one of `names` ("qwen 7" matches
/// "Qwen2.5 7B"). An empty query matches everything.
fn matches_query(query: &[String], names: &[&str]) -> bool {
    let have: Vec<String> = names.iter().flat_map(|n| words(n)).collect();
    query.iter().all(|w| have.iter().any(|h| h.starts_with(w.as_str())))
}

/// The rows of an embedded catalogue (`{"<key>": [rows]}`) that `read` accepts.
fn rows<T>(json: &str, key: &str, read: fn(&Value) -> Option<T>) -> Vec<T> {
    // from_slice, as every other reader: each serde_json reader type is its own parser in the page.
    let value: Value = serde_json::from_slice(json.as_bytes()).unwrap_or_default();
    value.get(key).and_then(Value::as_array).map(|rows| rows.iter().filter_map(read).collect()).unwrap_or_default()
}

