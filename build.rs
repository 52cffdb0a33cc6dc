//! Hands the catalogues to the crate. For the web page (wasm32) it drops the per-row citation
//! fields the page never shows (`source`, `repo`, `confidence`): the page's download budget is
//! tight, and the sources stay in src/core/catalogue/*.json, in the native build and the CLI.

use std::{env, fs, path::Path};

/// Fields of catalogue rows the page does not display.
const PAGE_DROPS: [&str; 3] = ["source", "repo", "confidence"];

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
                }
            }
            value.to_string()
        } else {
            text
        };
        fs::write(Path::new(&out).join(file), text).expect("OUT_DIR is writable");
    }
}
