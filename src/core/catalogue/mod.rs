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

/// A row's id: its `id`, or the one its name spells where build.rs left the id out of the
/// page's copy for that reason.
fn row_id(row: &Value) -> Option<String> {
    match row.get("id") {
        Some(id) => id.as_str().map(str::to_string),
        None => row.get("name")?.as_str().map(id_from_name),
    }
}

/// The id a name spells: lowercase, a hyphen for each space ("Llama 3.1 8B" → `llama-3.1-8b`).
/// build.rs applies the same rule.
fn id_from_name(name: &str) -> String {
    name.to_ascii_lowercase().replace(' ', "-")
}

/// The rows of an embedded catalogue (`{"<key>": [rows]}`) that `read` accepts.
fn rows<T>(json: &str, key: &str, read: fn(&Value) -> Option<T>) -> Vec<T> {
    // from_slice, as every other reader: each serde_json reader type is its own parser in the page.
    let value: Value = serde_json::from_slice(json.as_bytes()).unwrap_or_default();
    value.get(key).and_then(Value::as_array).map(|rows| rows.iter().filter_map(read).collect()).unwrap_or_default()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_id_is_the_one_the_name_spells() {
        assert_eq!(row_id(&serde_json::json!({"name": "Llama 3.1 8B"})).as_deref(), Some("llama-3.1-8b"));
        assert_eq!(row_id(&serde_json::json!({"id": "rtx-3090", "name": "GeForce RTX 3090"})).as_deref(), Some("rtx-3090"));
        assert_eq!(row_id(&serde_json::json!({"id": 7, "name": "Seven"})), None);
    }
}
