//! Hostile and broken input: every case gets a clear error naming the problem, never a panic,
//! a hang or an allocation the size of what a header claims. Inputs the fuzzers found are kept
//! here as regression tests.
#![cfg(not(target_arch = "wasm32"))]

use vramfit::core::architecture::Architecture;
use vramfit::core::estimate::{estimate, Model, Settings};
use vramfit::core::formats::gguf::parse_gguf;
use vramfit::core::formats::safetensors::parse_header;
use vramfit::core::params::count_params;

/// The error message of a config that must be refused.
#[track_caller]
fn config_error(json: &str) -> String {
    match Architecture::from_config_json(json.as_bytes()) {
        Ok(arch) => panic!("accepted {json:.200}: {arch:?}"),
        Err(e) => e.to_string(),
    }
}

const LLAMA: &str = r#""model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32, "vocab_size": 32000"#;

#[test]
fn configs_with_impossible_heads_are_refused_naming_the_field() {
    let cases = [
        (r#""num_attention_heads": 0"#, "num_attention_heads"),
        (r#""num_attention_heads": -32"#, "num_attention_heads"),
        (r#""num_attention_heads": 32, "num_key_value_heads": 64"#, "num_key_value_heads"),
        (r#""num_attention_heads": 32, "num_key_value_heads": 5"#, "num_key_value_heads"),
        (r#""num_attention_heads": 32, "num_key_value_heads": 0"#, "num_key_value_heads"),
        (r#""num_attention_heads": 32.5"#, "num_attention_heads"),
        (r#""num_attention_heads": "32""#, "num_attention_heads"),
    ];
    for (heads, field) in cases {
        let message = config_error(&format!("{{{LLAMA}, {heads}}}"));
        assert!(message.contains(field), "{heads}: {message}");
    }
}

const QWEN3_NEXT: &str = r#""model_type": "qwen3_next", "hidden_size": 2048, "num_hidden_layers": 8, "vocab_size": 1000, "num_attention_heads": 16, "num_key_value_heads": 2, "head_dim": 256"#;

/// Per-layer fields that contradict the rest of the config are refused naming the field.
#[test]
fn contradictory_layer_plans_are_refused_naming_the_field() {
    let cases = [
        (format!(r#"{{{QWEN3_NEXT}, "layer_types": ["full_attention"]}}"#), "layer_types"),
        (format!(r#"{{{QWEN3_NEXT}, "layer_types": ["full_attention", "x", "full_attention", "full_attention", "full_attention", "full_attention", "full_attention", "full_attention"]}}"#), "layer_types"),
        (format!(r#"{{{QWEN3_NEXT}, "linear_num_value_heads": -32}}"#), "linear_num_value_heads"),
        (format!(r#"{{{QWEN3_NEXT}, "linear_num_value_heads": 24, "linear_num_key_heads": 16}}"#), "linear_num_value_heads"),
        (format!(r#"{{{QWEN3_NEXT}, "linear_num_value_heads": 1000000, "linear_value_head_dim": 1000000}}"#), "linear_num_value_heads"),
        (format!(r#"{{{QWEN3_NEXT}, "num_experts": 8, "mlp_only_layers": [99]}}"#), "mlp_only_layers"),
        (
            r#"{"model_type": "nemotron_h", "hidden_size": 64, "vocab_size": 100, "num_attention_heads": 4, "hybrid_override_pattern": "M*X", "mamba_num_heads": 4, "mamba_head_dim": 16, "ssm_state_size": 8}"#.into(),
            "hybrid_override_pattern",
        ),
        (
            r#"{"model_type": "nemotron_h", "hidden_size": 64, "vocab_size": 100, "num_attention_heads": 4, "num_hidden_layers": 5, "hybrid_override_pattern": "M*-", "mamba_num_heads": 4, "mamba_head_dim": 16, "ssm_state_size": 8}"#.into(),
            "hybrid_override_pattern",
        ),
        (
            r#"{"model_type": "nemotron_h", "hidden_size": 64, "vocab_size": 100, "num_attention_heads": 4, "hybrid_override_pattern": "M*", "mamba_num_heads": 4, "mamba_head_dim": 16, "ssm_state_size": 8, "n_groups": 3}"#.into(),
            "n_groups",
        ),
        (format!(r#"{{{LLAMA}, "num_attention_heads": 32, "model_type": "mistral", "sliding_window": 4294967296}}"#), "sliding_window"),
        (format!(r#"{{{QWEN3_NEXT}, "num_experts": 8, "mlp_layer_types": ["sparse"]}}"#), "mlp_layer_types"),
        (format!(r#"{{{LLAMA}, "num_attention_heads": 32, "sliding_window": 4096, "sliding_window_pattern": "LLXG"}}"#), "sliding_window_pattern"),
        (r#"{"model_type": "deci", "hidden_size": 64, "vocab_size": 100, "num_attention_heads": 4, "block_configs": [{"attention": {"n_heads_in_group": 3}, "ffn": {"ffn_mult": 1.0}}]}"#.into(), "block_configs"),
        (r#"{"model_type": "deci", "hidden_size": 64, "vocab_size": 100, "num_attention_heads": 4, "block_configs": [{"attention": {"no_op": true}, "ffn": {"ffn_mult": -1}}]}"#.into(), "block_configs"),
    ];
    for (json, field) in cases {
        let message = config_error(&json);
        assert!(message.contains(field), "{json}: {message}");
    }
}

/// Python's json writes non-finite floats as bare tokens; a published Nemotron-H config has
/// `"time_step_limit": [0.0, Infinity]`. Such a config reads; a bare token elsewhere is no number.
#[test]
fn bare_infinity_in_a_published_config_reads() {
    let json = r#"{"model_type": "nemotron_h", "hidden_size": 64, "vocab_size": 100, "num_attention_heads": 4, "hybrid_override_pattern": "M*-", "mamba_num_heads": 4, "mamba_head_dim": 16, "ssm_state_size": 8, "time_step_limit": [0.0, Infinity], "time_step_min": NaN}"#;
    let arch = Architecture::from_config_json(json.as_bytes()).expect("reads");
    assert_eq!(arch.layers_by_mixer().mamba, 1);
}

#[test]
fn nan_infinity_and_huge_numbers_are_refused() {
    for value in ["NaN", "Infinity", "-Infinity", "1e999", "18446744073709551616", "1e18"] {
        let message = config_error(&format!(r#"{{{LLAMA}, "num_attention_heads": {value}}}"#));
        assert!(!message.is_empty(), "{value}");
    }
}

#[test]
fn deep_nesting_and_huge_strings_are_bounded() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(config_error(&deep).contains("not a JSON object"));
    let nested = format!(r#"{{{LLAMA}, "num_attention_heads": 32, "x": {}1{}}}"#, "{\"a\":".repeat(50_000), "}".repeat(50_000));
    assert!(!config_error(&nested).is_empty());
    // A multi-megabyte model_type is just a long name: read, counted, never echoed back whole.
    let long = format!(r#"{{"model_type": "{}", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32, "vocab_size": 32000, "num_attention_heads": 32}}"#, "x".repeat(5_000_000));
    match Architecture::from_config_json(long.as_bytes()) {
        Ok(arch) => assert!(count_params(&arch).is_ok()),
        Err(e) => assert!(e.to_string().len() < 1_000, "the message does not echo 5 MB"),
    }
}

#[test]
fn fuzz_found_a_one_expert_moe_without_a_per_token_count() {
    // cargo-fuzz (config_json): Mixtral with num_local_experts 1 and no num_experts_per_tok took
    // the default of 2 routed experts per token from 1 and underflowed the active count.
    let json = r#"{"model_type": "mixtral", "num_local_experts": 1, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000}"#;
    let arch = Architecture::from_config_json(json.as_bytes()).expect("a valid (if odd) config");
    let count = count_params(&arch).expect("countable");
    assert!(count.active() <= count.total());
    assert!(estimate(&Model::Architecture(arch), &Settings::default()).is_ok());
}

/// A safetensors file: 8-byte header length, then the header.
fn safetensors(header: &str) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes
}

#[test]
fn safetensors_headers_that_lie_are_refused() {
    let mut huge = u64::MAX.to_le_bytes().to_vec();
    huge.extend_from_slice(b"{}");
    let message = parse_header(&huge, huge.len() as u64).expect_err("2^64-1 header").to_string();
    assert!(message.contains("header"), "{message}");
    let cases = [
        (r#"{"w": {"dtype": "F16", "shape": [4294967296, 4294967296, 4294967296], "data_offsets": [0, 8]}}"#, "overflows"),
        (r#"{"w": {"dtype": "F16", "shape": [2, 2], "data_offsets": [0, 8000]}}"#, "do not hold"),
        (r#"{"w": {"dtype": "F16", "shape": [1000], "data_offsets": [0, 2000]}}"#, "truncated"),
        (r#"{"w": {"dtype": "F16", "shape": [-1], "data_offsets": [0, 2]}}"#, "shape"),
        (r#"{"w": {"dtype": "Q99", "shape": [1], "data_offsets": [0, 2]}}"#, "unknown dtype"),
        (r#"{"w": {"dtype": "F16", "shape": [1], "data_offsets": [2, 0]}}"#, "do not hold"),
        (r#"[1, 2, 3]"#, "object"),
        // cargo-fuzz (safetensors_header): tensors sharing bytes let a header claim more data
        // than its file holds.
        (r#"{"a": {"dtype": "F16", "shape": [4], "data_offsets": [0, 8]}, "b": {"dtype": "F16", "shape": [4], "data_offsets": [4, 12]}}"#, "overlaps"),
    ];
    for (header, expected) in cases {
        let bytes = safetensors(header);
        let message = parse_header(&bytes, bytes.len() as u64 + 100).expect_err(header).to_string();
        assert!(message.contains(expected), "{header}: {message}");
    }
}

/// A GGUF v3 header with `kv` metadata pairs already encoded and a tensor count.
fn gguf(tensors: u64, kv_count: u64, kv: &[u8]) -> Vec<u8> {
    let mut bytes = b"GGUF".to_vec();
    bytes.extend_from_slice(&3u32.to_le_bytes());
    bytes.extend_from_slice(&tensors.to_le_bytes());
    bytes.extend_from_slice(&kv_count.to_le_bytes());
    bytes.extend_from_slice(kv);
    bytes
}

fn gguf_string(text: &str) -> Vec<u8> {
    let mut bytes = (text.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// cargo-fuzz found a nemotron_h header claiming ~4 billion blocks: the layer pattern was built
/// for each of them before the block count was checked (a timeout). It is refused at once.
#[test]
fn fuzz_found_a_hybrid_gguf_with_billions_of_blocks() {
    let mut kv = gguf_string("general.architecture");
    kv.extend_from_slice(&8u32.to_le_bytes());
    kv.extend_from_slice(&gguf_string("nemotron_h"));
    kv.extend_from_slice(&gguf_string("nemotron_h.block_count"));
    kv.extend_from_slice(&4u32.to_le_bytes());
    kv.extend_from_slice(&0xF9FF_FFFAu32.to_le_bytes());
    let summary = parse_gguf(&gguf(0, 2, &kv), 1 << 20).expect("a valid header");
    let started = std::time::Instant::now();
    let message = summary.to_architecture().expect_err("no such model").to_string();
    assert!(started.elapsed().as_secs() < 1 && message.contains("config.json"), "{message}");
}

/// JambaConfig places attention where `layer % period == offset`; a Jamba header whose attention
/// layers (head_count_kv > 0) do not repeat that way contradicts itself and is refused by name.
#[test]
fn a_jamba_gguf_whose_attention_layers_do_not_repeat_is_refused() {
    let mut kv = gguf_string("general.architecture");
    kv.extend_from_slice(&8u32.to_le_bytes());
    kv.extend_from_slice(&gguf_string("jamba"));
    kv.extend_from_slice(&gguf_string("jamba.block_count"));
    kv.extend_from_slice(&4u32.to_le_bytes());
    kv.extend_from_slice(&6u32.to_le_bytes());
    kv.extend_from_slice(&gguf_string("jamba.attention.head_count_kv"));
    kv.extend_from_slice(&9u32.to_le_bytes());
    kv.extend_from_slice(&4u32.to_le_bytes());
    kv.extend_from_slice(&6u64.to_le_bytes());
    for heads in [0u32, 2, 0, 2, 2, 0] {
        kv.extend_from_slice(&heads.to_le_bytes());
    }
    let summary = parse_gguf(&gguf(0, 3, &kv), 1 << 20).expect("a valid header");
    let message = summary.to_architecture().expect_err("layers 1, 3 and 4 attend").to_string();
    assert!(message.contains("attention.head_count_kv"), "{message}");
}

#[test]
fn gguf_headers_with_absurd_counts_are_refused_without_allocating_them() {
    // An array of 2^62 uint32 values.
    let mut array = gguf_string("tokenizer.ggml.scores");
    array.extend_from_slice(&9u32.to_le_bytes());
    array.extend_from_slice(&4u32.to_le_bytes());
    array.extend_from_slice(&(1u64 << 62).to_le_bytes());
    // A key whose length is 2^64-1.
    let long_key = u64::MAX.to_le_bytes().to_vec();
    // A string value of 2^63 bytes.
    let mut long_value = gguf_string("general.name");
    long_value.extend_from_slice(&8u32.to_le_bytes());
    long_value.extend_from_slice(&(1u64 << 63).to_le_bytes());
    let cases: [(Vec<u8>, &str); 5] = [
        (gguf(0, 1, &array), ""),
        (gguf(0, 1, &long_key), ""),
        (gguf(0, 1, &long_value), ""),
        (gguf(u64::MAX, 0, &[]), "tensors"),
        (gguf(0, u64::MAX, &[]), ""),
    ];
    for (bytes, expected) in cases {
        // The file is claimed to be 1 GB: big, but far smaller than what the header claims.
        let message = parse_gguf(&bytes, 1 << 30).expect_err("absurd").to_string();
        assert!(message.contains(expected) && !message.contains("need the first"), "{message}");
    }
    let mut bad_type = gguf_string("general.name");
    bad_type.extend_from_slice(&99u32.to_le_bytes());
    let message = parse_gguf(&gguf(0, 1, &bad_type), 1 << 30).expect_err("bad type").to_string();
    assert!(message.contains("99"), "{message}");
}

#[test]
fn gguf_tensor_dimensions_that_overflow_are_refused() {
    let mut tensor = gguf_string("blk.0.attn_q.weight");
    tensor.extend_from_slice(&3u32.to_le_bytes());
    for _ in 0..3 {
        tensor.extend_from_slice(&(1u64 << 40).to_le_bytes());
    }
    tensor.extend_from_slice(&1u32.to_le_bytes());
    tensor.extend_from_slice(&0u64.to_le_bytes());
    let message = parse_gguf(&gguf(1, 0, &tensor), 1 << 40).expect_err("overflow").to_string();
    assert!(message.contains("blk.0.attn_q.weight"), "{message}");
}
