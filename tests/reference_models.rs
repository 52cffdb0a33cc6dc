//! Reference models: exact parameter counts, active parameters and KV bytes per token, one row
//! per model in tests/fixtures/reference_models.json (each row names its source).
#![cfg(not(target_arch = "wasm32"))]

use serde::Deserialize;
use vramfit::core::architecture::Architecture;
use vramfit::core::kv_cache::{bytes_per_token, KvDtype, KvLayout};
use vramfit::core::params::count_params;

#[derive(Deserialize)]
struct Row {
    model: String,
    config: serde_json::Value,
    total_params: u64,
    active_params: Option<u64>,
    kv_bytes_per_token_bf16: u64,
}

fn rows() -> Vec<Row> {
    serde_json::from_str(include_str!("fixtures/reference_models.json")).expect("fixture parses")
}

/// The layout every reference figure assumes: vLLM-style compressed MLA.
const LAYOUT: KvLayout = KvLayout { cap_sliding_window: false, mla_compressed: true, state_f32: false };

#[test]
fn parameter_counts_are_exact() {
    let rows = rows();
    assert!(rows.len() >= 20, "every family is covered");
    for row in rows {
        let arch = Architecture::from_config_json(&serde_json::to_vec(&row.config).expect("JSON")).unwrap_or_else(|e| panic!("{}: {e}", row.model));
        assert!(!arch.approximate, "{}: a known family", row.model);
        let count = count_params(&arch).expect("within bounds");
        assert_eq!(count.total().0, row.total_params, "{} total", row.model);
        if let Some(active) = row.active_params {
            assert_eq!(count.active().0, active, "{} active", row.model);
        }
    }
}

#[test]
fn kv_bytes_per_token_are_exact() {
    for row in rows() {
        let arch = Architecture::from_config_json(&serde_json::to_vec(&row.config).expect("JSON")).expect("config");
        assert_eq!(bytes_per_token(&arch, KvDtype::Bf16, LAYOUT).0, row.kv_bytes_per_token_bf16, "{}", row.model);
    }
}

#[test]
fn an_unknown_model_type_is_read_as_an_approximate_decoder() {
    let mut config = common_llama_config();
    config["model_type"] = "brand_new_arch".into();
    let arch = Architecture::from_config_json(&serde_json::to_vec(&config).expect("JSON")).expect("usual fields are enough");
    assert!(arch.approximate);
    let known = Architecture::from_config_json(&serde_json::to_vec(&common_llama_config()).expect("JSON")).expect("llama");
    assert!(!known.approximate);
    assert_eq!(count_params(&arch).expect("count").total(), count_params(&known).expect("count").total());
}

#[test]
fn multimodal_configs_are_read_from_their_text_config() {
    let wrapped = serde_json::json!({"model_type": "llava", "text_config": common_llama_config()});
    let arch = Architecture::from_config_json(&serde_json::to_vec(&wrapped).expect("JSON")).expect("text_config");
    assert_eq!(arch.hidden, 4096);
}

fn common_llama_config() -> serde_json::Value {
    rows().into_iter().find(|r| r.model == "meta-llama/Llama-2-7b-hf").expect("llama row").config
}
