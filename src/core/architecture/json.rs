//! config.json as Python writes it: `json.dumps` emits the bare tokens `Infinity`, `-Infinity`
//! and `NaN` for non-finite floats (and `json.loads` reads them back), so published configs
//! contain them (NVIDIA's Nemotron-H `time_step_limit: [0.0, Infinity]`). Strict JSON parsers,
//! serde_json among them, refuse them.

use serde_json::Value;

use super::ConfigError;

/// Parses a config text, reading each bare non-finite token outside strings as `null` (no
/// field vramfit reads can be infinite; a required one then reports itself missing).
pub fn parse_config_text(bytes: &[u8]) -> Result<Value, ConfigError> {
    let not_json = |e: serde_json::Error| ConfigError::NotJson(e.to_string());
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(strict) => match without_bare_non_finite(bytes) {
            Some(cleaned) => serde_json::from_slice(&cleaned).map_err(not_json),
            None => Err(not_json(strict)),
        },
    }
}

/// The text with `Infinity`, `-Infinity` and `NaN` outside strings replaced by `null`, or
/// `None` when it has none (so the strict parser's error stands).
fn without_bare_non_finite(bytes: &[u8]) -> Option<Vec<u8>> {
    const TOKENS: [&[u8]; 3] = [b"-Infinity", b"Infinity", b"NaN"];
    let mut out = Vec::with_capacity(bytes.len());
    let (mut in_string, mut escaped, mut replaced) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if in_string {
            out.push(byte);
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
        } else if let Some(token) = TOKENS.iter().find(|t| bytes[i..].starts_with(t)) {
            out.extend_from_slice(b"null");
            i += token.len();
            replaced = true;
            continue;
        }
        out.push(byte);
        i += 1;
    }
    replaced.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_non_finite_tokens_read_as_null_outside_strings_only() {
        let text = br#"{"limit": [0.0, Infinity], "low": -Infinity, "x": NaN, "name": "NaN Infinity \" NaN"}"#;
        let value = parse_config_text(text).unwrap();
        assert_eq!(value["limit"][1], Value::Null);
        assert_eq!(value["low"], Value::Null);
        assert_eq!(value["x"], Value::Null);
        assert_eq!(value["name"], "NaN Infinity \" NaN");
    }

    #[test]
    fn other_broken_json_keeps_its_error() {
        assert!(matches!(parse_config_text(b"{\"a\": }"), Err(ConfigError::NotJson(_))));
        assert!(matches!(parse_config_text(b"{\"a\": Inf}"), Err(ConfigError::NotJson(_))));
    }
}
