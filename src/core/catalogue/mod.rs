//! Catalogues: data embedded at build time (build.rs), each row with its source.

pub mod gpus;
pub mod models;

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

/// The rows of a build-time catalogue table, each as its fields. build.rs ends each field with
/// U+001F and each row with U+001E (its `FIELD_END` and `ROW_END`).
fn rows(table: &'static str) -> impl Iterator<Item = std::str::Split<'static, char>> {
    table.split_terminator('\u{1e}').map(|row| row.split('\u{1f}'))
}
