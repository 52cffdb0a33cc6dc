//! The model catalogue: presets stored as the architecture fields of each model's published
//! `config.json` (src/core/catalogue/models.json), never as parameter counts. The estimator
//! computes every figure from them.

use std::sync::OnceLock;

use crate::core::from_json::Value;

use super::{matches_query, words};
use crate::core::architecture::{Architecture, ConfigError};
use crate::core::order::stable_order;

/// One catalogue row.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id used in share URLs and by the CLI (`llama-3.1-8b`).
    pub id: &'static str,
    /// Display name (`Llama 3.1 8B`).
    pub name: &'static str,
    /// Group in the picker (`Llama`).
    pub family: &'static str,
    /// Where the weights live (`meta-llama/Llama-3.1-8B`). Empty in the page's copy (build.rs).
    pub repo: &'static str,
    /// Where the architecture fields come from. Empty in the page's copy (build.rs).
    pub source: &'static str,
    /// The config fields the engine reads, as JSON text (parsed by [`Preset::config`]).
    config: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/models.rs"));

/// A row of `ROWS`: id, name, family, repo, source and config.
fn preset_from(mut fields: std::str::Split<'static, char>) -> Option<Preset> {
    let mut next = || fields.next();
    Some(Preset { id: next()?, name: next()?, family: next()?, repo: next()?, source: next()?, config: next()? })
}

/// Every preset, split once from the embedded rows (a test guards that every row reads); no
/// config is parsed until its model is chosen.
pub fn presets() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| super::rows(ROWS).filter_map(preset_from).collect())
}

/// The preset with this id (case-insensitive).
pub fn find(id: &str) -> Option<&'static Preset> {
    presets().iter().find(|p| p.id.eq_ignore_ascii_case(id.trim()))
}

impl Preset {
    /// The config fields, as the model's config.json has them (build.rs checked they are a JSON
    /// object).
    pub fn config(&self) -> Value {
        crate::core::from_json::parse(self.config.as_bytes()).unwrap_or_default()
    }

    /// The preset's architecture.
    pub fn architecture(&self) -> Result<Architecture, ConfigError> {
        Architecture::from_config(&self.config())
    }
}

/// Presets whose name, id or family has a word starting with every query word, best first:
/// names that start with the first query word, then shorter names. "qwen 7" → Qwen2.5 7B.
pub fn search(query: &str) -> Vec<&'static Preset> {
    let wanted = words(query);
    let hits: Vec<&Preset> = presets()
        .iter()
        .filter(|p| matches_query(&wanted, &[p.name, p.id, p.family]))
        .collect();
    let first = wanted.first().cloned().unwrap_or_default();
    let rank = |p: &Preset| (!p.name.to_ascii_lowercase().starts_with(&first), p.name.len());
    stable_order(hits.len(), &|a, b| rank(hits[a]).cmp(&rank(hits[b]))).into_iter().map(|i| hits[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_every_preset_reads() {
        assert!(presets().len() >= 40, "{} presets", presets().len());
        assert_eq!(presets().len(), include_str!("models.json").matches("\"config\"").count(), "every row reads");
        for preset in presets() {
            let arch = preset.architecture().unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert!(!arch.approximate, "{} is a known family", preset.id);
            assert!(!preset.source.is_empty());
        }
    }

    #[test]
    fn ids_are_unique_and_lowercase() {
        let mut ids: Vec<&str> = presets().iter().map(|p| p.id).collect();
        assert!(ids.iter().all(|id| *id == id.to_lowercase()));
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn two_keystrokes_find_a_model() {
        let cases = [("qwen 7", "qwen2.5-7b"), ("llama 3.1 8", "llama-3.1-8b"), ("mixtral", "mixtral-8x7b"), ("gpt-oss 120", "gpt-oss-120b"), ("r1 distill llama", "deepseek-r1-distill-llama-8b"), ("GEMMA 2 9", "gemma-2-9b")];
        for (query, id) in cases {
            let hits = search(query);
            assert_eq!(hits.first().map(|p| p.id), Some(id), "{query}: {:?}", hits.iter().map(|p| &p.id).collect::<Vec<_>>());
        }
        assert!(search("qwen 7").iter().all(|p| p.id != "qwen3-1.7b"), "7 does not match 1.7B");
        assert!(search("no such model").is_empty());
        assert_eq!(search("").len(), presets().len());
    }

    #[test]
    fn find_by_id() {
        assert_eq!(find("LLAMA-3.1-8B").map(|p| p.name), Some("Llama 3.1 8B"));
        assert!(find("llama-9").is_none());
    }
}
