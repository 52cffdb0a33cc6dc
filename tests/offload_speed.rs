//! Decode speed with part of the model in system RAM against published llama.cpp measurements
//! (docs/reference/offload.md §1: GPU, RAM, CPU, model, quant, flags and tokens/s, each row
//! with its source). The CPU constants (`CPU_EFFICIENCY`, `CPU_STEP_MS`) were fitted on the rows
//! marked `fit`; every other row is held out, and their error is what the README reports.
#![cfg(not(target_arch = "wasm32"))]

use vramfit::core::catalogue::models::find;
use vramfit::core::engines::Engine;
use vramfit::core::kv_cache::KvDtype;
use vramfit::core::placement::{Forced, Offload};
use vramfit::core::request::{report, FormatChoice, ModelInput, Request};
use vramfit::core::units::NumberStyle;
use vramfit::core::{Model, WeightFormat};

/// All routed experts in RAM (`--cpu-moe`, `-ot exps=CPU`): more layers than any model has.
const ALL: u64 = 10_000;

/// One published measurement.
struct Row {
    id: &'static str,
    model: &'static str,
    quant: &'static str,
    /// Catalogue GPU and how many.
    gpu: (&'static str, u64),
    /// RAM bandwidth as the source gives it (a measured or stated figure, or the RAM type's
    /// peak); `assumed` rows name no RAM and use dual-channel DDR5-5600.
    ram_gbps: f64,
    assumed: bool,
    context: u64,
    kv: KvDtype,
    /// `-ngl` and `--n-cpu-moe` as run; `None` for the engine's own automatic split.
    gpu_layers: Option<u64>,
    cpu_moe: Option<u64>,
    /// What the automatic split may use (Ollama's whole-layer or per-expert split).
    offload: Offload,
    measured: f64,
    fit: bool,
    /// What bounded the measurement that the model does not describe (then it is shown, not
    /// counted).
    bound_by: Option<&'static str>,
    source: &'static str,
}

const DDR5_5600X2: f64 = 89.6;

#[rustfmt::skip]
const ROWS: &[Row] = &[
    Row { id: "A2", model: "qwen3.6-35b-a3b", quant: "q4_k_m", gpu: ("rtx-5080", 1), ram_gbps: DDR5_5600X2, assumed: true, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(ALL), offload: Offload::Auto, measured: 36.5, fit: false, bound_by: None, source: "https://github.com/ollama/ollama/issues/11772" },
    Row { id: "A3", model: "qwen3.5-35b-a3b", quant: "q8_0", gpu: ("rtx-5080", 1), ram_gbps: 76.8, assumed: false, context: 2_048, kv: KvDtype::Q8_0, gpu_layers: None, cpu_moe: Some(ALL), offload: Offload::Auto, measured: 35.7, fit: false, bound_by: None, source: "r/LocalLLaMA 1rei65v (DDR5-4800 dual channel)" },
    Row { id: "A5", model: "qwen3.5-35b-a3b", quant: "q4_k_m", gpu: ("rtx-5080", 1), ram_gbps: 76.8, assumed: false, context: 2_048, kv: KvDtype::Q8_0, gpu_layers: None, cpu_moe: Some(ALL), offload: Offload::Auto, measured: 51.0, fit: true, bound_by: None, source: "r/LocalLLaMA 1rei65v" },
    Row { id: "A6", model: "qwen3.5-35b-a3b", quant: "q4_k_m", gpu: ("rtx-5080", 1), ram_gbps: 76.8, assumed: false, context: 2_048, kv: KvDtype::Q8_0, gpu_layers: None, cpu_moe: Some(24), offload: Offload::Auto, measured: 69.6, fit: false, bound_by: None, source: "r/LocalLLaMA 1rei65v" },
    Row { id: "A9", model: "qwen3.5-35b-a3b", quant: "q4_k_m", gpu: ("rtx-4070", 1), ram_gbps: DDR5_5600X2, assumed: true, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(ALL), offload: Offload::Auto, measured: 34.6, fit: false, bound_by: None, source: "https://dev.to/kenimo49/rtx-4070-qwen-35b-28x-speedup-from-one-llamacpp-flag-cpu-moe-569o" },
    Row { id: "A11", model: "qwen3.5-35b-a3b", quant: "q4_k_m", gpu: ("rtx-5060-ti-16gb", 1), ram_gbps: DDR5_5600X2, assumed: true, context: 16_384, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(14), offload: Offload::Auto, measured: 52.0, fit: false, bound_by: None, source: "https://github.com/ikawrakow/ik_llama.cpp/pull/1593" },
    Row { id: "A13", model: "qwen3-30b-a3b", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(36), offload: Offload::Auto, measured: 36.7, fit: true, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/755 (quad-channel DDR4, 102 GB/s measured)" },
    Row { id: "A14", model: "gpt-oss-20b", quant: "mxfp4", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(12), offload: Offload::Auto, measured: 36.4, fit: false, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/775" },
    Row { id: "A15", model: "deepseek-v2-lite", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(16), offload: Offload::Auto, measured: 49.6, fit: false, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/778 (DeepSeek-Coder-V2-Lite, the same shapes)" },
    Row { id: "A16", model: "qwen3-30b-a3b", quant: "q4_k_m", gpu: ("rtx-3060-12gb", 1), ram_gbps: DDR5_5600X2, assumed: true, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: None, offload: Offload::Layers, measured: 29.41, fit: false, bound_by: None, source: "https://github.com/ollama/ollama/pull/15207 (whole-layer split)" },
    Row { id: "A17", model: "qwen3-30b-a3b", quant: "q4_k_m", gpu: ("rtx-3060-12gb", 1), ram_gbps: DDR5_5600X2, assumed: true, context: 4_096, kv: KvDtype::F16, gpu_layers: None, cpu_moe: None, offload: Offload::Experts, measured: 26.64, fit: false, bound_by: None, source: "https://github.com/ollama/ollama/pull/15207 (per-layer expert split)" },
    Row { id: "A19", model: "gpt-oss-20b", quant: "mxfp4", gpu: ("radeon-rx-7900-xt", 1), ram_gbps: 51.2, assumed: false, context: 2_048, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(ALL), offload: Offload::Auto, measured: 20.0, fit: true, bound_by: None, source: "https://github.com/ggml-org/llama.cpp/discussions/15396 (DDR4-3200 dual channel)" },
    Row { id: "A25", model: "gpt-oss-120b", quant: "mxfp4", gpu: ("rtx-5090", 2), ram_gbps: DDR5_5600X2, assumed: true, context: 2_048, kv: KvDtype::F16, gpu_layers: None, cpu_moe: Some(3), offload: Offload::Auto, measured: 108.0, fit: false, bound_by: None, source: "https://github.com/ggml-org/llama.cpp/pull/15077" },
    Row { id: "A27", model: "deepseek-r1", quant: "iq1_s", gpu: ("rtx-6000-ada", 2), ram_gbps: 204.8, assumed: false, context: 8_192, kv: KvDtype::Q4_0, gpu_layers: Some(36), cpu_moe: None, offload: Offload::Auto, measured: 4.25, fit: false, bound_by: Some("16 threads of a 64-core EPYC on IQ1_S: CPU compute, not RAM"), source: "https://github.com/ggml-org/llama.cpp/issues/11474 (EPYC 7713, 8-channel DDR4-3200)" },
    Row { id: "D1", model: "gemma-2-9b", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: Some(36), cpu_moe: None, offload: Offload::Auto, measured: 23.7, fit: true, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/778" },
    Row { id: "D2", model: "qwen2.5-14b", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: Some(42), cpu_moe: None, offload: Offload::Auto, measured: 20.8, fit: false, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/778" },
    Row { id: "D3", model: "gemma-3-12b", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: Some(44), cpu_moe: None, offload: Offload::Auto, measured: 26.1, fit: false, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/774" },
    Row { id: "D4", model: "qwen3-14b", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: Some(32), cpu_moe: None, offload: Offload::Auto, measured: 16.9, fit: false, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/774" },
    Row { id: "D5", model: "mistral-small-24b", quant: "q4_k_m", gpu: ("rtx-2080", 1), ram_gbps: 102.0, assumed: false, context: 4_096, kv: KvDtype::F16, gpu_layers: Some(16), cpu_moe: None, offload: Offload::Auto, measured: 5.2, fit: false, bound_by: None, source: "https://github.com/AlexsJones/llmfit/pull/775" },
    Row { id: "C1", model: "qwen3-30b-a3b", quant: "q4_k_m", gpu: ("rtx-4090", 1), ram_gbps: 96.0, assumed: true, context: 512, kv: KvDtype::F16, gpu_layers: Some(0), cpu_moe: None, offload: Offload::Auto, measured: 27.2, fit: true, bound_by: None, source: "https://github.com/ikawrakow/ik_llama.cpp/issues/1075 (Ryzen 9 7950X, CPU only; DDR5-6000 dual channel assumed)" },
    Row { id: "C2", model: "gpt-oss-20b", quant: "mxfp4", gpu: ("rtx-4090", 1), ram_gbps: 96.0, assumed: true, context: 512, kv: KvDtype::F16, gpu_layers: Some(0), cpu_moe: None, offload: Offload::Auto, measured: 21.49, fit: false, bound_by: None, source: "https://github.com/ikawrakow/ik_llama.cpp/issues/1075" },
    Row { id: "C4", model: "mixtral-8x7b", quant: "q8_0", gpu: ("rtx-4090", 1), ram_gbps: 57.6, assumed: false, context: 512, kv: KvDtype::F16, gpu_layers: Some(0), cpu_moe: None, offload: Offload::Auto, measured: 3.37, fit: true, bound_by: None, source: "https://github.com/ggml-org/llama.cpp/issues/4716 (DDR5-3600 dual channel)" },
    Row { id: "C5", model: "llama-2-7b", quant: "q4_0", gpu: ("rtx-4090", 1), ram_gbps: 20.0, assumed: false, context: 512, kv: KvDtype::F16, gpu_layers: Some(0), cpu_moe: None, offload: Offload::Auto, measured: 3.94, fit: false, bound_by: None, source: "https://github.com/ggml-org/llama.cpp/issues/34 (DDR3, 20.0 GB/s measured)" },
];

/// The decode speed vramfit predicts for a row, through the page's and CLI's own entry point.
fn predict(row: &Row) -> (f64, f64) {
    let preset = find(row.model).unwrap_or_else(|| panic!("{}: no catalogue model {}", row.id, row.model));
    let request = Request {
        model: ModelInput::Chosen(Model::Architecture(preset.architecture().expect("architecture"))),
        quant: FormatChoice::Format(WeightFormat::from_name(row.quant).expect("format")),
        engine: Engine::LlamaCpp,
        context: row.context.to_string(),
        kv: row.kv,
        gpu: row.gpu.0.into(),
        gpu_count: row.gpu.1.to_string(),
        reserve: "0".into(),
        ram: "768".into(),
        ram_bandwidth: row.ram_gbps.to_string(),
        offload: row.offload,
        forced: Forced { gpu_layers: row.gpu_layers, cpu_moe: row.cpu_moe },
        ..Request::default()
    };
    let report = report(&request, NumberStyle::Point).unwrap_or_else(|e| panic!("{}: {:?}", row.id, e.messages()));
    let placement = report.placement.expect("a placement");
    (placement.decode_tokens_per_s, placement.ram_read_bytes.0 as f64)
}

fn error(row: &Row) -> f64 {
    predict(row).0 / row.measured - 1.0
}

#[test]
fn held_out_rows_are_within_35_percent_of_measured_decode() {
    let mut held_out = Vec::new();
    for row in ROWS.iter().filter(|r| !r.fit) {
        let e = error(row);
        eprintln!("{:<4} {:<18} {:<7} measured {:>6.2} predicted {:>6.2} ({:+.0}%){}{}", row.id, row.model, row.quant, row.measured, predict(row).0, e * 100.0, if row.assumed { " RAM assumed" } else { "" }, row.bound_by.map_or(String::new(), |b| format!(" not counted: {b}")));
        if row.bound_by.is_none() {
            held_out.push((row, e));
        }
    }
    let mean_abs = held_out.iter().map(|(_, e)| e.abs()).sum::<f64>() / held_out.len() as f64;
    eprintln!("held-out rows: {}, mean |error| {:.1}%", held_out.len(), mean_abs * 100.0);
    let outside: Vec<String> = held_out.iter().filter(|(_, e)| e.abs() > 0.35).map(|(r, e)| format!("{} {:+.0}% ({})", r.id, e * 100.0, r.source)).collect();
    assert!(mean_abs < 0.2, "mean error {mean_abs}");
    assert!(outside.len() * 5 <= held_out.len(), "more than one held-out row in five is outside ±35%: {outside:?}");
}

#[test]
fn the_fitted_rows_are_within_25_percent() {
    for row in ROWS.iter().filter(|r| r.fit) {
        let e = error(row);
        assert!(e.abs() < 0.25, "{} {:+.0}% ({})", row.id, e * 100.0, row.source);
    }
    assert!(ROWS.len() >= 23 && ROWS.iter().filter(|r| r.fit).count() <= 6);
}

#[test]
fn offloading_is_slower_than_the_gpu_and_faster_than_the_cpu() {
    // The RAM-resident bytes set the pace: more experts in RAM, slower (A5 all experts vs A6 24
    // layers' experts, measured 51.0 vs 69.6 tokens/s).
    let all = predict(&ROWS[2]);
    let some = predict(&ROWS[3]);
    assert!(all.1 > some.1 && all.0 < some.0, "{all:?} {some:?}");
}
