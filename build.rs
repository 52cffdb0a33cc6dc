//! Build-time data for the crate:
//! - the catalogues, as Rust tables rather than JSON read at start-up (the page's first answer
//!   waited on parsing them). GPUs become a `[Gpu]` constant; models one string of rows whose
//!   `config.json` fields stay JSON text, parsed only for the model that is chosen. For the web
//!   page (wasm32) the per-row citation fields the page never shows (`source`, `repo`,
//!   `confidence`, `arch`, `year`) are left empty: the page's download budget is tight, and the
//!   sources stay in src/core/catalogue/*.json, in the native build and the CLI.
//! - the translations. src/core/i18n/{en,tr}.json become one typed table (`Key` and a string per
//!   language), and the build fails if a language misses a key or a placeholder.

use std::{collections::BTreeMap, env, fmt::Write, fs, path::Path};

use serde_json::Value;

/// The languages, in `Lang` order; English is the reference every other file must match.
const LANGUAGES: [&str; 2] = ["en", "tr"];

/// After each catalogue row, and after each field of a row (catalogue/mod.rs `rows` splits at
/// them).
const ROW_END: char = '\u{1e}';
const FIELD_END: char = '\u{1f}';

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let for_page = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    fs::write(Path::new(&out).join("gpus.rs"), gpu_table(&catalogue("gpus"), for_page)).expect("OUT_DIR is writable");
    fs::write(Path::new(&out).join("models.rs"), model_rows(&catalogue("models"), for_page)).expect("OUT_DIR is writable");
    fs::write(Path::new(&out).join("i18n.rs"), translations()).expect("OUT_DIR is writable");
}

/// The rows of src/core/catalogue/{name}.json (`{"<name>": [rows]}`).
fn catalogue(name: &str) -> Vec<Value> {
    let path = format!("src/core/catalogue/{name}.json");
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(&path).expect("catalogue is readable");
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    value[name].as_array().unwrap_or_else(|| panic!("{path}: no `{name}` rows")).clone()
}

/// A text field of a row, `""` when absent or when the page leaves it out.
fn text<'a>(row: &'a Value, key: &str, kept: bool) -> &'a str {
    row.get(key).and_then(Value::as_str).filter(|_| kept).unwrap_or_default()
}

/// The GPU rows as two constants: `GPU_TEXT`, each row's id, name, vendor, category,
/// usable_source, arch, confidence and source, each field ended by FIELD_END and each row by
/// ROW_END; and `GPU_FIGURES`, each row's numbers and flags. A table of `Gpu`s with string
/// slices cost the page 8 bytes of pointer and length a string, which gzip barely shrinks. A row
/// without its id, name, memory or bandwidth fails the build.
fn gpu_table(rows: &[Value], for_page: bool) -> String {
    let mut text_rows = String::new();
    let mut figures = String::new();
    for row in rows {
        let id = text(row, "id", true);
        let number = |key: &str| row.get(key).and_then(Value::as_f64);
        let required = |key: &str| number(key).unwrap_or_else(|| panic!("gpus.json: {id} has no {key}"));
        let flag = |key: &str| row.get(key).and_then(Value::as_bool).unwrap_or(false);
        assert!(!id.is_empty() && !text(row, "name", true).is_empty(), "gpus.json: a row without an id or name");
        let memory_gb = required("memory_gb");
        // Absent: the marketed GB, which vendors mean as GiB.
        let usable_bytes = row.get("usable_bytes").and_then(Value::as_u64).unwrap_or((memory_gb * (1u64 << 30) as f64) as u64);
        let fp16 = number("fp16_tflops").map_or_else(|| "None".to_string(), |t| format!("Some({t:?})"));
        let year = if for_page { 0 } else { row.get("year").and_then(Value::as_u64).unwrap_or(0) };
        let _ = writeln!(
            figures,
            "    Figures {{ memory_gb: {memory_gb:?}, usable_bytes: {usable_bytes}, bandwidth_gbps: {:?}, fp16_tflops: {fp16}, fp8: {}, fp4: {}, bf16: {}, hbm: {}, unified: {}, year: {year} }},",
            required("bandwidth_gbps"),
            flag("fp8"),
            flag("fp4"),
            flag("bf16"),
            flag("hbm"),
            flag("unified"),
        );
        // The page names where usable memory comes from only for unified-memory machines (the
        // fit card's warning).
        let keep_usable_source = !for_page || flag("unified");
        let fields = [
            id,
            text(row, "name", true),
            text(row, "vendor", true),
            text(row, "category", true),
            text(row, "usable_source", keep_usable_source),
            text(row, "arch", !for_page),
            text(row, "confidence", !for_page),
            text(row, "source", !for_page),
        ];
        push_row(&mut text_rows, id, &fields);
    }
    format!(
        "/// The text fields of src/core/catalogue/gpus.json's rows, in its order (see build.rs `gpu_table`).\nconst GPU_TEXT: &str = {text_rows:?};\n\n/// The numbers and flags of the same rows.\nconst GPU_FIGURES: [Figures; {}] = [\n{figures}];\n",
        rows.len()
    )
}

/// Appends one row of fields, each ended by FIELD_END, and ROW_END.
fn push_row(blob: &mut String, id: &str, fields: &[&str]) {
    for field in fields {
        assert!(!field.contains([ROW_END, FIELD_END]), "catalogue row {id} holds a separator character");
        blob.push_str(field);
        blob.push(FIELD_END);
    }
    blob.push(ROW_END);
}

/// `const ROWS: &str`: each model as id, name, family, repo, source and its config fields (JSON),
/// each field ended by FIELD_END and each row by ROW_END. One string rather than a table of
/// string slices: a slice costs the page 8 bytes of pointer and length, which gzip barely
/// shrinks.
fn model_rows(rows: &[Value], for_page: bool) -> String {
    let mut blob = String::new();
    for row in rows {
        let id = text(row, "id", true);
        let config = row.get("config").filter(|c| c.is_object()).unwrap_or_else(|| panic!("models.json: {id} has no config"));
        let fields = [id, text(row, "name", true), text(row, "family", true), text(row, "repo", !for_page), text(row, "source", !for_page)];
        assert!(fields[..2].iter().all(|f| !f.is_empty()), "models.json: a row without an id or name");
        let config = config.to_string();
        push_row(&mut blob, id, &[fields[0], fields[1], fields[2], fields[3], fields[4], &config]);
    }
    format!("/// Every model of src/core/catalogue/models.json, in its order (see build.rs `model_rows`).\nconst ROWS: &str = {blob:?};\n")
}

/// `{0}`, `{1}`, … in a message, sorted and deduplicated.
fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .match_indices('{')
        .filter_map(|(i, _)| {
            let rest = &text[i + 1..];
            let end = rest.find('}')?;
            rest[..end].chars().all(|c| c.is_ascii_digit()).then(|| rest[..end].to_string())
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// `number_error_empty` → `NumberErrorEmpty`.
fn variant(key: &str) -> String {
    key.split('_').map(|w| w[..1].to_ascii_uppercase() + &w[1..]).collect()
}

/// The generated module: `enum Key` and one `[&str; N]` per language.
fn translations() -> String {
    let tables: Vec<BTreeMap<String, String>> = LANGUAGES
        .iter()
        .map(|lang| {
            let path = format!("src/core/i18n/{lang}.json");
            println!("cargo:rerun-if-changed={path}");
            let text = fs::read_to_string(&path).expect("translation file is readable");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect();
    let reference = &tables[0];
    let mut problems = Vec::new();
    for (lang, table) in LANGUAGES.iter().zip(&tables).skip(1) {
        for (key, english) in reference {
            match table.get(key) {
                None => problems.push(format!("{lang}.json misses “{key}”")),
                Some(text) if text.trim().is_empty() => problems.push(format!("{lang}.json: “{key}” is empty")),
                Some(text) if placeholders(text) != placeholders(english) => {
                    problems.push(format!("{lang}.json: “{key}” has placeholders {:?}, en.json {:?}", placeholders(text), placeholders(english)))
                }
                Some(_) => {}
            }
        }
        problems.extend(table.keys().filter(|k| !reference.contains_key(*k)).map(|k| format!("{lang}.json has “{k}”, which en.json lacks")));
    }
    assert!(problems.is_empty(), "translations are incomplete:\n{}", problems.join("\n"));
    let mut code = String::from("/// Every translated message.\n// Names follow the JSON keys (`notice_unknown_key`).\n#[allow(clippy::enum_variant_names)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum Key {\n");
    for key in reference.keys() {
        let _ = writeln!(code, "    {},", variant(key));
    }
    // Each language's messages as one string and where each ends: a table of a pointer and a
    // length per message would cost the page 16 bytes a message, these offsets 2.
    code.push_str("}\n\n/// Each language's messages, in `Key` order: all of them in one string, and the offset in it\n/// where each message starts (the last offset is the string's end).\n");
    let _ = writeln!(code, "pub(super) const TABLES: [(&str, [u16; {}]); {}] = [", reference.len() + 1, LANGUAGES.len());
    for table in &tables {
        let mut text = String::new();
        let mut starts = vec![0usize];
        for key in reference.keys() {
            text.push_str(&table[key]);
            starts.push(text.len());
        }
        assert!(text.len() <= usize::from(u16::MAX), "the messages of one language outgrew u16 offsets");
        let _ = writeln!(code, "    ({text:?}, {starts:?}),");
    }
    code.push_str("];\n");
    code
}
