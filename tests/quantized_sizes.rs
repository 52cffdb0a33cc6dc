//! Weight bytes per storage format against published file sizes and measured loads
//! (docs/reference/quantization.md §2–3 and measurements.md; each row cites its source).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{assert_within, reference_count, GIB, MIB};
use vramfit::core::quant::WeightFormat;

fn weights(model: &str, format: &str) -> f64 {
    let format = WeightFormat::from_name(format).expect("format");
    format.weights_bytes(&reference_count(model)).0 as f64
}

#[test]
fn llama2_7b_q4_k_m_matches_llama_cpp() {
    // llama.cpp log: "model size = 3891.24 MiB" for Llama-2-7B Q4_K_M.
    assert_within(weights("meta-llama/Llama-2-7b-hf", "q4_k_m") / MIB, 3891.24, 0.05, "Q4_K_M");
}

#[test]
fn llama2_7b_gguf_mixes_match_thebloke_file_sizes() {
    // TheBloke/Llama-2-7B-GGUF model card, decimal GB.
    let cases = [
        ("q8_0", 7.16),
        ("q6_k", 5.53),
        ("q5_k_m", 4.78),
        ("q5_k_s", 4.65),
        ("q5_0", 4.65),
        ("q4_k_m", 4.08),
        ("q4_k_s", 3.86),
        ("q4_0", 3.83),
        ("q3_k_l", 3.60),
        ("q3_k_m", 3.30),
        ("q3_k_s", 2.95),
    ];
    for (format, gb) in cases {
        assert_within(weights("meta-llama/Llama-2-7b-hf", format) / 1e9, gb, 1.0, format);
    }
}

#[test]
fn gptq_and_awq_match_thebloke_file_sizes() {
    let cases = [
        ("meta-llama/Llama-2-7b-hf", "gptq", 3.90),
        ("meta-llama/Llama-2-7b-hf", "gptq_g64", 4.02),
        ("meta-llama/Llama-2-7b-hf", "gptq_g32", 4.28),
        ("mistralai/Mistral-7B-v0.1", "gptq", 4.16),
        ("mistralai/Mistral-7B-v0.1", "gptq_g32", 4.57),
        ("mistralai/Mistral-7B-v0.1", "gptq_8bit", 7.68),
        ("mistralai/Mistral-7B-v0.1", "awq", 4.15),
    ];
    for (model, format, gb) in cases {
        assert_within(weights(model, format) / 1e9, gb, 1.0, &format!("{model} {format}"));
    }
}

#[test]
fn llama31_8b_loads_match_vllm_and_llama_cpp() {
    let model = "meta-llama/Llama-3.1-8B";
    // vLLM v0.19 "Model loading took": bf16 14.99 GiB, fp32 29.98, runtime fp8 8.49.
    assert_within(weights(model, "bf16") / GIB, 14.99, 1.0, "bf16");
    assert_within(weights(model, "fp32") / GIB, 29.98, 1.0, "fp32");
    assert_within(weights(model, "fp8") / GIB, 8.49, 1.0, "fp8");
    // llama.cpp tools/quantize README (Llama-3.1-8B), GiB.
    assert_within(weights(model, "q8_0") / GIB, 7.95, 1.0, "q8_0");
    assert_within(weights(model, "q6_k") / GIB, 6.14, 1.0, "q6_k");
    assert_within(weights(model, "q4_0") / GIB, 4.34, 1.0, "q4_0");
}

#[test]
fn quantization_never_grows_the_weights() {
    let count = reference_count("meta-llama/Llama-3.1-70B");
    let order = ["fp32", "bf16", "q8_0", "fp8", "q6_k", "q5_k_m", "nf4", "q4_k_m", "q4_k_s", "q3_k_l", "q3_k_m", "q3_k_s", "q2_k", "iq2_xs", "iq2_xxs", "iq1_s"];
    let sizes: Vec<u64> = order.iter().map(|f| WeightFormat::from_name(f).expect(f).weights_bytes(&count).0).collect();
    for (pair, names) in sizes.windows(2).zip(order.windows(2)) {
        assert!(pair[0] >= pair[1], "{} ({}) should not be smaller than {} ({})", names[0], pair[0], names[1], pair[1]);
    }
}
