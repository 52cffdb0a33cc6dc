//! Build-time data for the crate:
//! - the catalogues. For the web page (wasm32) the per-row citation fields the page never shows
//!   (`source`, `repo`, `confidence`) are dropped: the page's download budget is tight, and the
//!   sources stay in src/core/catalogue/*.json, in the native build and the CLI. So is every id
//!   the row's name spells, which the reader derives again.
//! - the translations. src/core/i18n/{en,tr}.json become one typed table (`Key` and a string per
//!   language), and the build fails if a language misses a key or a placeholder.

use std::{collections::BTreeMap, env, fmt::Write, fs, path::Path};

/// Fields of catalogue rows the page does not display.
const PAGE_DROPS: [&str; 5] = ["source", "repo", "confidence", "arch", "year"];

/// The languages, in `Lang` order; English is the reference every other file must match.
const LANGUAGES: [&str; 2] = ["en", "tr"];

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let for_page = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    for (file, rows) in [("gpus.json", "gpus"), ("models.json", "models")] {
        let path = format!("src/core/catalogue/{file}");
        println!("cargo:rerun-if-changed={path}");
        let text = fs::read_to_string(&path).expect("catalogue is readable");
        let text = if for_page {
            let mut value: serde_json::Value = serde_json::from_str(&text).expect("catalogue is JSON");
            for row in value[rows].as_array_mut().expect("catalogue rows").iter_mut() {
                if let Some(object) = row.as_object_mut() {
                    for field in PAGE_DROPS {
                        object.remove(field);
                    }
                    // The reader spells an absent id from the name (catalogue/mod.rs `row_id`).
                    let name = object.get("name").and_then(serde_json::Value::as_str);
                    if name.map(id_from_name).as_deref() == object.get("id").and_then(serde_json::Value::as_str) {
                        object.remove("id");
                    }
                    // The page names where usable memory comes from only for unified-memory
                    // machines (the fit card's warning).
                    if object.get("unified").and_then(serde_json::Value::as_bool) != Some(true) {
                        object.remove("usable_source");
                    }
                    if rows == "gpus" {
                        // What the reader derives anyway: absent flags read as false, and usable
                        // memory as the marketed GB taken as GiB (gpus.rs `gpu_from`).
                        object.retain(|_, v| v != &serde_json::Value::Bool(false));
                        let marketed = object.get("memory_gb").and_then(serde_json::Value::as_f64).map(|gb| (gb * (1u64 << 30) as f64) as u64);
                        if marketed.is_some() && object.get("usable_bytes").and_then(serde_json::Value::as_u64) == marketed {
                            object.remove("usable_bytes");
                        }
                    }
                }
            }
            value.to_string()
        } else {
            text
        };
        fs::write(Path::new(&out).join(file), text).expect("OUT_DIR is writable");
    }
    fs::write(Path::new(&out).join("i18n.rs"), translations()).expect("OUT_DIR is writable");
}

/// The id a catalogue name spells: lowercase, a hyphen for each space (the same rule as
/// catalogue/mod.rs `id_from_name`).
fn id_from_name(name: &str) -> String {
    name.to_ascii_lowercase().replace(' ', "-")
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
