//! JSON read into a tree: config.json, safetensors headers and index files, the Hub API's
//! answers (the reading half of [`super::to_json`]).
//!
//! Written here rather than taken from serde_json because the page carries every byte of its
//! parser: serde_json's deserializer, its map and their generic plumbing cost the page about
//! 6 KB gzipped, and vramfit needs none of serde's generality, only a tree to read fields from.
//! What it reads is what serde_json reads (RFC 8259, with the same nesting limit, and objects
//! keyed in sorted order with the last of repeated keys winning, as serde_json's default
//! BTreeMap does), plus one thing more: the bare tokens `NaN`, `Infinity` and `-Infinity`, which
//! Python's `json.dumps` writes for non-finite floats and `json.loads` reads back, so published
//! configs contain them (NVIDIA's Nemotron-H `time_step_limit: [0.0, Infinity]`). They read as
//! `null`: no field vramfit reads can be infinite, and a required one then reports itself
//! missing.

use std::fmt;

use crate::core::order::stable_order;

/// Deeper nesting is refused rather than recursed into (serde_json's limit, 128): a hostile
/// file of nested brackets would otherwise exhaust the page's stack.
const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON number as serde_json keeps it: a whole number that fits `u64` (or `i64` when
/// negative) stays exact, any other is an `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(Kind);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

/// Entries sorted by key, each key once: a JSON object, and the files' tallies by dtype.
/// (`BTreeMap` did this job and cost the page 2.8 KB gzipped; the maps here are small or built
/// once, so a sorted `Vec` does it.)
#[derive(Clone, Debug, PartialEq)]
pub struct Map<V = Value>(Vec<(String, V)>);

impl<V: Eq> Eq for Map<V> {}

impl<V> Default for Map<V> {
    fn default() -> Map<V> {
        Map(Vec::new())
    }
}

/// Why a text is not JSON, and where (serde_json's wording: `… at line L column C`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    what: &'static str,
    line: usize,
    column: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.what, self.line, self.column)
    }
}

/// Reads one JSON value that is the whole text (surrounding whitespace aside).
pub fn parse(bytes: &[u8]) -> Result<Value, JsonError> {
    let mut parser = Parser { bytes, at: 0 };
    let value = parser.value(0)?;
    parser.skip_space();
    match parser.at == bytes.len() {
        true => Ok(value),
        false => Err(parser.error("trailing characters")),
    }
}

impl Value {
    /// The field `key` of an object (`None` for a missing key or a value that is no object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(list) => Some(list),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
}

impl Number {
    /// The number if it is a whole number from 0 to `u64::MAX` written without a fraction or an
    /// exponent (`4096`, not `4096.0`), as serde_json's `as_u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            Kind::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Kind::Unsigned(n) => i64::try_from(n).ok(),
            Kind::Negative(n) => Some(n),
            Kind::Float(_) => None,
        }
    }

    /// Always `Some` (as serde_json's: any number has a nearest double).
    pub fn as_f64(&self) -> Option<f64> {
        Some(match self.0 {
            Kind::Unsigned(n) => n as f64,
            Kind::Negative(n) => n as f64,
            Kind::Float(x) => x,
        })
    }
}

/// As serde_json prints a number: integers in full, floats by zmij (`1.0`, `1e-6`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::Unsigned(n) => write!(f, "{n}"),
            Kind::Negative(n) => write!(f, "{n}"),
            Kind::Float(x) => f.write_str(zmij::Buffer::new().format_finite(x)),
        }
    }
}

impl<V> Map<V> {
    pub fn new() -> Map<V> {
        Map(Vec::new())
    }

    /// A map of `entries` in the order they were read, the last of a repeated key winning (as
    /// serde_json's `BTreeMap` has it). Ordered once here: inserting each entry in place moves
    /// the ones after it, which made an object written out of order quadratic (200,000 keys in
    /// reverse order took 21 s).
    fn from_read(entries: Vec<(String, V)>) -> Map<V> {
        if entries.windows(2).all(|pair| pair[0].0 < pair[1].0) {
            return Map(entries);
        }
        // Stable, so a repeated key's entries come in the order read and the last replaces the rest.
        let order = stable_order(entries.len(), &|a, b| entries[a].0.cmp(&entries[b].0));
        let mut slots: Vec<Option<(String, V)>> = entries.into_iter().map(Some).collect();
        let mut sorted: Vec<(String, V)> = Vec::with_capacity(order.len());
        for entry in order.into_iter().filter_map(|i| slots[i].take()) {
            match sorted.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => sorted.push(entry),
            }
        }
        Map(sorted)
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.position(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`, replacing what it held.
    pub fn insert(&mut self, key: String, value: V) {
        match self.position(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(key, _)| key)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, value)| value)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Map<u64> {
    /// Adds `n` to the count under `key` (a tally: bytes per dtype, tensors per shard).
    pub fn add(&mut self, key: &str, n: u64) {
        match self.position(key) {
            Ok(i) => self.0[i].1 += n,
            Err(i) => self.0.insert(i, (key.to_string(), n)),
        }
    }
}

impl<V> FromIterator<(String, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(entries: I) -> Map<V> {
        Map::from_read(entries.into_iter().collect())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(Number(Kind::Unsigned(n)))
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        match u64::try_from(n) {
            Ok(n) => Value::from(n),
            Err(_) => Value::Number(Number(Kind::Negative(n))),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.into())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

/// `None` is `null`.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(list: Vec<T>) -> Value {
        Value::Array(list.into_iter().map(Into::into).collect())
    }
}

/// `value["key"]`: the field, or `null` when absent (as serde_json indexes).
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&Value::Null)
    }
}

/// `value[i]`: the list's entry, or `null` when absent.
impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_array().and_then(|list| list.get(i)).unwrap_or(&Value::Null)
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Steps over `word` if the text goes on with it.
    fn eat(&mut self, word: &[u8]) -> bool {
        let found = self.bytes[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    /// Steps over a run of digits, and says how many there were.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    #[cold]
    fn error(&self, what: &'static str) -> JsonError {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // serde_json counts the byte it stopped at, when there is one, as its column.
        let column = before.len() - line_start + usize::from(self.at < self.bytes.len());
        JsonError { what, line: before.iter().filter(|&&b| b == b'\n').count() + 1, column }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.skip_space();
        if depth == MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        let Some(byte) = self.peek() else { return Err(self.error("EOF while parsing a value")) };
        match byte {
            b'{' => {
                self.at += 1;
                let mut entries = Vec::new();
                self.skip_space();
                if !self.eat(b"}") {
                    loop {
                        self.skip_space();
                        if self.peek() != Some(b'"') {
                            return Err(self.error("key must be a string"));
                        }
                        let key = self.string()?;
                        self.skip_space();
                        if !self.eat(b":") {
                            return Err(self.error("expected `:`"));
                        }
                        let value = self.value(depth + 1)?;
                        entries.push((key, value));
                        if self.entry_end(b'}')? {
                            break;
                        }
                    }
                }
                Ok(Value::Object(Map::from_read(entries)))
            }
            b'[' => {
                self.at += 1;
                let mut list = Vec::new();
                self.skip_space();
                if !self.eat(b"]") {
                    loop {
                        list.push(self.value(depth + 1)?);
                        if self.entry_end(b']')? {
                            break;
                        }
                    }
                }
                Ok(Value::Array(list))
            }
            b'"' => self.string().map(Value::String),
            b't' if self.eat(b"true") => Ok(Value::Bool(true)),
            b'f' if self.eat(b"false") => Ok(Value::Bool(false)),
            b'n' if self.eat(b"null") => Ok(Value::Null),
            // Python's non-finite floats (see the module's note).
            b'N' if self.eat(b"NaN") => Ok(Value::Null),
            b'I' if self.eat(b"Infinity") => Ok(Value::Null),
            b'-' if self.eat(b"-Infinity") => Ok(Value::Null),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => Err(self.error("expected value")),
        }
    }

    /// After an entry of a list or an object: `,` (another follows) or the closing bracket.
    fn entry_end(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(false)
            }
            Some(byte) if byte == close => {
                self.at += 1;
                Ok(true)
            }
            None => Err(self.error("EOF while parsing a list or an object")),
            Some(_) => Err(self.error("expected `,` or a closing bracket")),
        }
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(byte) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let Some(code) = self.peek() else { return Err(self.error("EOF while parsing a string")) };
                    self.at += 1;
                    let escaped = match code {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    out.extend_from_slice(escaped.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1f => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
                _ => out.push(byte),
            }
        }
        String::from_utf8(out).map_err(|_| self.error("invalid unicode code point"))
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or_else(|| self.error("EOF while parsing a string"))?;
        let code = digits.iter().try_fold(0, |code, &d| char::from(d).to_digit(16).map(|d| code * 16 + d));
        self.at += 4;
        code.ok_or_else(|| self.error("invalid escape"))
    }

    /// The character of a `\u` escape (after the `u`), joining a UTF-16 surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.eat(b"\\u") {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                match self.hex4()? {
                    low @ 0xDC00..=0xDFFF => 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00),
                    _ => return Err(self.error("lone leading surrogate in hex escape")),
                }
            }
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    /// A number (RFC 8259 §6), read as serde_json reads it without its `float_roundtrip`
    /// feature: the decimal digits as an integer, scaled by a power of ten.
    fn number(&mut self) -> Result<Number, JsonError> {
        let negative = self.eat(b"-");
        let digits_start = self.at;
        let whole = self.digits();
        if whole == 0 || (whole > 1 && self.bytes[digits_start] == b'0') {
            return Err(self.error("invalid number"));
        }
        let mut fraction = 0;
        if self.eat(b".") {
            fraction = self.digits();
            if fraction == 0 {
                return Err(self.error("invalid number"));
            }
        }
        let digits_end = self.at;
        let mut exponent: i64 = 0;
        let has_exponent = matches!(self.peek(), Some(b'e' | b'E'));
        if has_exponent {
            self.at += 1;
            let exponent_negative = self.peek() == Some(b'-');
            if matches!(self.peek(), Some(b'-' | b'+')) {
                self.at += 1;
            }
            let start = self.at;
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
            // Saturated: past 10⁶ every double is 0 or infinite anyway.
            exponent = self.bytes[start..self.at].iter().fold(0, |e, &d| (e * 10 + i64::from(d - b'0')).min(1_000_000));
            if exponent_negative {
                exponent = -exponent;
            }
        }
        // The digits as one integer while it fits u64; each digit past that raises the scale.
        let (mut significand, mut dropped) = (0u64, 0i64);
        for &d in self.bytes[digits_start..digits_end].iter().filter(|&&b| b != b'.') {
            match significand.checked_mul(10).and_then(|s| s.checked_add(u64::from(d - b'0'))) {
                Some(s) if dropped == 0 => significand = s,
                _ => dropped += 1,
            }
        }
        if fraction == 0 && !has_exponent && dropped == 0 {
            match negative {
                false => return Ok(Number(Kind::Unsigned(significand))),
                true => match 0i64.checked_sub_unsigned(significand) {
                    Some(n) if n != 0 => return Ok(Number(Kind::Negative(n))),
                    _ => {}
                },
            }
        }
        // 10^k is exact for k ≤ 22, so there this is one correctly rounded operation (Clinger's
        // fast path), which covers every number a config holds (1e-06, 1000000.0, 0.02); beyond
        // it powi's rounding leaves the result a few ulps off, where core's exact float parser
        // would cost the page several kilobytes.
        let scale = (exponent + dropped - fraction as i64).clamp(-800, 800) as i32;
        let magnitude = significand as f64;
        let value = match scale {
            _ if significand == 0 => 0.0,
            0.. => magnitude * 10f64.powi(scale),
            -308.. => magnitude / 10f64.powi(-scale),
            _ => magnitude / 1e308 / 10f64.powi(-scale - 308),
        };
        if !value.is_finite() {
            return Err(self.error("number out of range"));
        }
        Ok(Number(Kind::Float(if negative { -value } else { value })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde_json is the reference: the same text must give the same tree.
    fn same_as_serde(text: &str) {
        fn convert(v: &serde_json::Value) -> Value {
            match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(*b),
                serde_json::Value::Number(n) => Value::Number(match (n.as_u64(), n.as_i64()) {
                    (Some(u), _) => Number(Kind::Unsigned(u)),
                    (None, Some(i)) => Number(Kind::Negative(i)),
                    _ => Number(Kind::Float(n.as_f64().expect("a float"))),
                }),
                serde_json::Value::String(s) => Value::String(s.clone()),
                serde_json::Value::Array(list) => Value::Array(list.iter().map(convert).collect()),
                serde_json::Value::Object(map) => {
                    let mut out = Map::new();
                    for (k, v) in map {
                        out.insert(k.clone(), convert(v));
                    }
                    Value::Object(out)
                }
            }
        }
        let reference: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parse(text.as_bytes()), Ok(convert(&reference)), "{text}");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"hidden_size": 4096, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "ffn_mult": 1.3125, "tie": false, "x": null}"#,
            r#"[0, -1, -9223372036854775808, 18446744073709551615, 18446744073709551616, 2.5E-3, 0.1, 1e22, 123456789012345678901234567890]"#,
            r#"{"b": 1, "a": [true, {"z": "Zed", "y": []}], "b": 2, "": {}}"#,
            r#""\u00e9\ud83d\ude00 \" \\ \/ \b\f\n\r\t \u0041""#,
            " \n\t[ 1 , 2 ]\r\n",
            "\"ünïcødé\"",
            "-0.0",
            "0.30000000000000004",
        ] {
            same_as_serde(text);
        }
        // Past 10²², within a few ulps of the exact value.
        for (text, exact) in [("1.5e300", 1.5e300), ("-2.5e-300", -2.5e-300), ("1e-310", 1e-310), ("123e45", 123e45)] {
            let read = parse(text.as_bytes()).expect("a number").as_f64().expect("a float");
            assert!((read - exact).abs() <= exact.abs() * 1e-14, "{text}: {read}");
        }
        // The catalogue's every config.
        let models: serde_json::Value = serde_json::from_str(include_str!("catalogue/models.json")).expect("the catalogue");
        for model in models["models"].as_array().expect("rows") {
            same_as_serde(&model["config"].to_string());
        }
        // Big objects out of order, keys repeated (the last wins): a safetensors header of
        // 20,000 tensors written in reverse, every tenth name twice with another value.
        let entries: Vec<String> = (0..20_000)
            .rev()
            .flat_map(|i| {
                let twice = (i % 10 == 0).then(|| format!("\"blk.{i}.weight\": {{\"again\": {i}}}"));
                std::iter::once(format!("\"blk.{i}.weight\": [{i}, \"F16\"]")).chain(twice)
            })
            .collect();
        same_as_serde(&format!("{{{}}}", entries.join(",")));
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in [
            "", "{", "[1,]", "{\"a\":1,}", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "\"\\x\"", "\"\u{1}\"", "\"\\ud800\"",
            "\"\\ud800\\u0041\"", "[1] 2", "tru", "nul", "1e400", "-", "[\"abc", "\"\\u12\"", "{\"a\" 1}", "Inf", "-Inf", "nan",
        ] {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_err(), "serde_json reads {text:?}");
            assert!(parse(text.as_bytes()).is_err(), "{text:?}");
        }
        assert!(parse(b"\"\xff\"").is_err(), "not UTF-8");
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_err());
        assert_eq!(parse(deep.as_bytes()).map_err(|e| e.what), Err("recursion limit exceeded"));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(fine.as_bytes()).is_ok());
    }

    #[test]
    fn errors_say_where_as_serde_json_does() {
        let text = "{\n  \"a\": 1,\n  \"b\": ]\n}";
        let ours = parse(text.as_bytes()).expect_err("broken").to_string();
        let theirs = serde_json::from_str::<serde_json::Value>(text).expect_err("broken").to_string();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn bare_non_finite_tokens_read_as_null_outside_strings_only() {
        let value = parse(br#"{"limit": [0.0, Infinity], "low": -Infinity, "x": NaN, "name": "NaN Infinity \" NaN"}"#).expect("Python's JSON");
        assert_eq!(value["limit"][1], Value::Null);
        assert_eq!(value["low"], Value::Null);
        assert_eq!(value["x"], Value::Null);
        assert_eq!(value["name"].as_str(), Some("NaN Infinity \" NaN"));
        assert_eq!(value["limit"][0].as_f64(), Some(0.0));
    }

    #[test]
    fn numbers_print_as_serde_json_prints_them() {
        for text in ["4096", "-3", "1.0", "1e-06", "0.02", "1.5e20", "-0.0"] {
            let reference: serde_json::Value = serde_json::from_str(text).expect("a number");
            let Value::Number(n) = parse(text.as_bytes()).expect("a number") else { panic!("{text}") };
            assert_eq!(n.to_string(), reference.to_string(), "{text}");
        }
    }
}
