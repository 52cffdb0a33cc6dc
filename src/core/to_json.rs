//! The report as JSON (the CLI's `--json` and the page's export), written by hand.
//!
//! Why not serde's derived serializers: they were 5 KB of the page's gzipped download for one
//! document. The layout is serde_json's pretty printer's (two spaces per level, `"key": value`,
//! `[]` and `{}` when empty, strings escaped as it escapes them) and floats are written by zmij,
//! the formatter serde_json itself uses, so the document is byte for byte what serde_json wrote.

/// A JSON document being written.
pub struct Json {
    out: String,
    depth: usize,
    /// Nothing written yet in the object or array just opened.
    empty: bool,
}

/// A value that writes itself as JSON.
pub trait ToJson {
    fn to_json(&self, json: &mut Json);
}

/// `value` as a pretty-printed JSON document.
pub fn to_json_string(value: &dyn ToJson) -> String {
    let mut json = Json { out: String::new(), depth: 0, empty: false };
    value.to_json(&mut json);
    json.out
}

impl Json {
    /// Opens an object; its fields follow, then [`Json::end_object`].
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    /// Closes the object opened last.
    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// Writes `"key": value` in the open object.
    pub fn field(&mut self, key: &str, value: &dyn ToJson) {
        self.next();
        self.string(key);
        self.out.push_str(": ");
        value.to_json(self);
    }

    /// Writes `"key": value` when there is a value (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn field_if<T: ToJson>(&mut self, key: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(key, value);
        }
    }

    /// Writes `"key": n` unless `n` is 0 (`skip_serializing_if = "is_zero"`).
    pub fn nonzero(&mut self, key: &str, n: u64) {
        if n != 0 {
            self.field(key, &n);
        }
    }

    /// Writes `items` as an array.
    pub fn array(&mut self, items: &mut dyn Iterator<Item = &dyn ToJson>) {
        self.open('[');
        for item in items {
            self.next();
            item.to_json(self);
        }
        self.close(']');
    }

    /// A string, escaped as serde_json escapes it: `"`, `\` and control characters.
    pub fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if c < ' ' => {
                    self.out.push_str("\\u00");
                    self.out.push(char::from(b"0123456789abcdef"[usize::from(c as u8 >> 4)]));
                    self.out.push(char::from(b"0123456789abcdef"[usize::from(c as u8 & 15)]));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// Text written as it is (numbers, `null`, `true`).
    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    /// Before an item or a key: the comma after the one before, and a new line.
    fn next(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.newline();
        self.empty = false;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }
}

impl ToJson for u64 {
    fn to_json(&self, json: &mut Json) {
        json.raw(&self.to_string());
    }
}

impl ToJson for i64 {
    fn to_json(&self, json: &mut Json) {
        json.raw(&self.to_string());
    }
}

impl ToJson for usize {
    fn to_json(&self, json: &mut Json) {
        json.raw(&self.to_string());
    }
}

/// A finite float as zmij writes it (serde_json's formatter); NaN and infinities as `null`, as
/// serde_json writes them.
impl ToJson for f64 {
    fn to_json(&self, json: &mut Json) {
        match self.is_finite() {
            true => json.raw(zmij::Buffer::new().format_finite(*self)),
            false => json.raw("null"),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self, json: &mut Json) {
        json.raw(if *self { "true" } else { "false" });
    }
}

impl ToJson for str {
    fn to_json(&self, json: &mut Json) {
        json.string(self);
    }
}

impl ToJson for String {
    fn to_json(&self, json: &mut Json) {
        json.string(self);
    }
}

impl ToJson for &str {
    fn to_json(&self, json: &mut Json) {
        json.string(self);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, json: &mut Json) {
        match self {
            Some(value) => value.to_json(json),
            None => json.raw("null"),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, json: &mut Json) {
        json.array(&mut self.iter().map(|item| item as &dyn ToJson));
    }
}

/// A pair as a two-item array, as serde writes tuples.
impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn to_json(&self, json: &mut Json) {
        json.array(&mut [&self.0 as &dyn ToJson, &self.1].into_iter());
    }
}

impl ToJson for crate::core::from_json::Map<u64> {
    fn to_json(&self, json: &mut Json) {
        json.begin_object();
        for (key, value) in self.iter() {
            json.field(key, value);
        }
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same document twice: written here, and by serde's derive through serde_json's
    /// `to_string_pretty`, the reference.
    #[derive(serde::Serialize)]
    struct Reference {
        name: &'static str,
        empty: Vec<u64>,
        list: Vec<u64>,
        pair: (f64, f64),
        none: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u64>,
        #[serde(skip_serializing_if = "is_zero")]
        zero: u64,
        nan: f64,
        nested: Inner,
        map: std::collections::BTreeMap<String, u64>,
    }

    #[derive(serde::Serialize)]
    struct Inner {
        deep: Vec<Vec<u64>>,
        flag: bool,
    }

    fn is_zero(n: &u64) -> bool {
        *n == 0
    }

    impl ToJson for Reference {
        fn to_json(&self, json: &mut Json) {
            json.begin_object();
            json.field("name", &self.name);
            json.field("empty", &self.empty);
            json.field("list", &self.list);
            json.field("pair", &self.pair);
            json.field("none", &self.none);
            json.field_if("skipped", &self.skipped);
            json.nonzero("zero", self.zero);
            json.field("nan", &self.nan);
            json.field("nested", &self.nested);
            json.field("map", &self.map.iter().map(|(k, v)| (k.clone(), *v)).collect::<crate::core::from_json::Map<u64>>());
            json.end_object();
        }
    }

    impl ToJson for Inner {
        fn to_json(&self, json: &mut Json) {
            json.begin_object();
            json.field("deep", &self.deep);
            json.field("flag", &self.flag);
            json.end_object();
        }
    }

    #[test]
    fn writes_what_serde_json_pretty_writes() {
        let map = [("BF16".to_string(), 16u64), ("F32".to_string(), 4)].into_iter().collect();
        let value = Reference {
            name: "a \"b\"\n\u{1}\\ é",
            empty: Vec::new(),
            list: vec![1, 2],
            pair: (0.5, 2.0),
            none: None,
            skipped: None,
            zero: 0,
            nan: f64::NAN,
            nested: Inner { deep: vec![vec![], vec![3]], flag: true },
            map,
        };
        assert_eq!(to_json_string(&value), serde_json::to_string_pretty(&value).unwrap());
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them() {
        for x in [0.84, 1e21, 1.5e-7, 123456.789, 2.0, -0.0, 1e300] {
            let mut json = Json { out: String::new(), depth: 0, empty: false };
            x.to_json(&mut json);
            assert_eq!(json.out, serde_json::to_string(&x).unwrap(), "{x}");
        }
    }
}
