//! The estimate against published measurements (docs/reference/measurements.md) and the
//! solvers' defining property.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{assert_within, reference_arch, GIB};
use vramfit::core::architecture::Architecture;
use vramfit::core::engines::Engine;
use vramfit::core::estimate::{estimate, ComponentKind, Mode, Model, Settings};
use vramfit::core::kv_cache::KvDtype;
use vramfit::core::quant::WeightFormat;
use vramfit::core::request::{report, ModelInput, Request};
use vramfit::core::solve::{default_ladder, fits, max_batch, max_context, GpuCounts};
use vramfit::core::training::{lora_trainable_params, LoraTarget, ZeroStage};
use vramfit::core::units::{Bytes, NumberStyle, Params, Tokens};

/// H100 80 GB as vLLM sees it: 79.19 GiB.
fn h100() -> Bytes {
    Bytes((79.19 * GIB) as u64)
}

fn llama31_8b() -> Model {
    Model::Architecture(reference_arch("meta-llama/Llama-3.1-8B"))
}

fn vllm_h100(kv_dtype: KvDtype) -> Settings {
    Settings {
        engine: Engine::Vllm,
        gpu_memory_utilization_permille: 950,
        gpu_memory: Some(h100()),
        kv_dtype,
        context: Tokens(8_192),
        ..Settings::default()
    }
}

#[test]
fn vllm_llama31_8b_on_h100_matches_the_logs() {
    let bf16 = estimate(&llama31_8b(), &vllm_h100(KvDtype::Bf16)).expect("estimate");
    assert_within(bf16.component(ComponentKind::Weights).0 as f64 / GIB, 14.99, 1.0, "weights GiB");
    let tokens = bf16.kv_capacity_tokens.expect("capacity").0 as f64;
    assert_within(tokens, 476_016.0, 5.0, "KV pool tokens, bf16");
    let fp8 = estimate(&llama31_8b(), &vllm_h100(KvDtype::Fp8)).expect("estimate");
    assert_within(fp8.kv_capacity_tokens.expect("capacity").0 as f64, 952_032.0, 5.0, "KV pool tokens, fp8");
}

#[test]
fn vllm_qwen25_7b_on_h100_matches_the_logs() {
    let model = Model::Architecture(reference_arch("Qwen/Qwen2.5-7B"));
    let e = estimate(&model, &vllm_h100(KvDtype::Bf16)).expect("estimate");
    assert_within(e.component(ComponentKind::Weights).0 as f64 / GIB, 14.25, 1.0, "weights GiB");
    assert_within(e.kv_capacity_tokens.expect("capacity").0 as f64, 1_096_000.0, 5.0, "KV pool tokens");
}

#[test]
fn llama_cpp_kv_cache_matches_its_log() {
    // Llama-2-7B, n_ctx 4096, f16 KV: llama.cpp logged 2048 MiB (K 1024 + V 1024).
    let model = Model::Architecture(reference_arch("meta-llama/Llama-2-7b-hf"));
    let settings = Settings { engine: Engine::LlamaCpp, context: Tokens(4_096), ..Settings::default() };
    let e = estimate(&model, &settings).expect("estimate");
    assert_eq!(e.component(ComponentKind::KvCache).0, 2_048 << 20);
}

#[test]
fn zero_paper_per_device_model_states() {
    // Rajbhandari et al. 2020, Fig. 1: 7.5B parameters, 64 GPUs, mixed-precision Adam.
    let model = Model::Params(Params(7_500_000_000));
    for (stage, gb) in [(0u8, 120.0), (1, 31.4), (2, 16.6), (3, 1.9)] {
        let settings = Settings { mode: Mode::Full, zero: ZeroStage(stage), gpus: 64, ..Settings::default() };
        let e = estimate(&model, &settings).expect("estimate");
        assert!(e.per_gpu);
        let states = (e.component(ComponentKind::Weights).0 + e.component(ComponentKind::Gradients).0 + e.component(ComponentKind::Optimizer).0) as f64;
        assert_within(states / 1e9, gb, 2.0, &format!("ZeRO-{stage}"));
    }
}

#[test]
fn lora_trainable_parameters_are_exact() {
    let llama2 = reference_arch("meta-llama/Llama-2-7b-hf");
    assert_eq!(lora_trainable_params(&llama2, 8, &[LoraTarget::Q, LoraTarget::V]), 4_194_304);
    // Every linear, r = 16: 32 × 16 × (4 × 8192 + 3 × (4096 + 11008)).
    assert_eq!(lora_trainable_params(&llama2, 16, &LoraTarget::ALL), 32 * 16 * (4 * 8_192 + 3 * (4_096 + 11_008)));
    // GQA: k and v project to 8 × 128 = 1024 in Llama-3.1-8B.
    let llama3 = reference_arch("meta-llama/Llama-3.1-8B");
    assert_eq!(lora_trainable_params(&llama3, 8, &[LoraTarget::K]), 32 * 8 * (4_096 + 1_024));
    // Rank scales linearly.
    assert_eq!(lora_trainable_params(&llama2, 64, &[LoraTarget::Q]), 8 * lora_trainable_params(&llama2, 8, &[LoraTarget::Q]));
}

/// LLaMA-65B (Touvron et al. 2023, Table 2: 8192 dim, 64 heads, 80 layers; FFN 22016).
fn llama_65b() -> Model {
    let config = serde_json::json!({"model_type": "llama", "hidden_size": 8192, "intermediate_size": 22016,
        "num_hidden_layers": 80, "num_attention_heads": 64, "vocab_size": 32000});
    Model::Architecture(Architecture::from_config_json(&serde_json::to_vec(&config).expect("JSON")).expect("config"))
}

#[test]
fn qlora_paper_65b_fits_under_48_gb_but_full_16_bit_needs_over_780() {
    // QLoRA paper settings: NF4 + double quantization base, LoRA r = 64 on every linear layer,
    // bf16 adapters, gradient checkpointing; batch 1 of 512 tokens.
    let qlora = Settings {
        mode: Mode::Qlora,
        lora_rank: 64,
        lora_targets: LoraTarget::ALL.to_vec(),
        checkpointing: vramfit::core::activations::Checkpointing::Full,
        context: Tokens(512),
        ..Settings::default()
    };
    let e = estimate(&llama_65b(), &qlora).expect("estimate");
    assert!(e.params.0 > 65_000_000_000);
    assert!(e.total_bytes.0 < 48_000_000_000, "QLoRA 65B: {} bytes", e.total_bytes.0);
    let full = Settings { mode: Mode::Full, ..qlora };
    let e = estimate(&llama_65b(), &full).expect("estimate");
    assert!(e.total_bytes.0 > 780_000_000_000, "16-bit full fine-tune: {} bytes", e.total_bytes.0);
}

#[test]
fn totals_are_the_sum_of_components_inside_their_band() {
    let models = [llama31_8b(), Model::Architecture(reference_arch("deepseek-ai/DeepSeek-V3")), Model::Params(Params(7_000_000_000))];
    let modes = [Mode::Inference, Mode::Full, Mode::Lora, Mode::Qlora];
    for model in &models {
        for mode in modes {
            for engine in Engine::ALL {
                let settings = Settings { mode, engine, ..Settings::default() };
                let e = estimate(model, &settings).expect("estimate");
                let sum: u64 = e.components.iter().map(|c| c.bytes.0).sum();
                assert_eq!(e.total_bytes.0, sum, "{mode:?} {engine:?}");
                assert!(e.total_low_bytes <= e.total_bytes && e.total_bytes <= e.total_high_bytes);
            }
        }
    }
}

#[test]
fn context_defaults_to_4096_not_the_models_maximum() {
    assert_eq!(Settings::default().context, Tokens(4_096));
    let e = estimate(&llama31_8b(), &Settings::default()).expect("estimate");
    assert!(e.components.iter().any(|c| c.name == ComponentKind::KvCache && c.formula.starts_with("4096 tokens")));
}

#[test]
fn sliding_window_and_mla_follow_the_engine() {
    let gemma = Model::Architecture(reference_arch("google/gemma-2-9b"));
    let at = |engine| {
        let settings = Settings { engine, context: Tokens(8_192), ..Settings::default() };
        estimate(&gemma, &settings).expect("estimate").component(ComponentKind::KvCache).0
    };
    // llama.cpp caps the 21 sliding layers at 4096 tokens; vLLM v0.19 reserves the full 8192.
    assert_eq!(at(Engine::Vllm), 8_192 * 344_064);
    assert_eq!(at(Engine::LlamaCpp), (8_192 + 4_096) * 344_064 / 2);
    let deepseek = Model::Architecture(reference_arch("deepseek-ai/DeepSeek-V3"));
    let kv = |engine| estimate(&deepseek, &Settings { engine, ..Settings::default() }).expect("e").component(ComponentKind::KvCache).0;
    assert_eq!(kv(Engine::Vllm), 4_096 * 70_272);
    assert!(kv(Engine::Transformers) > 50 * kv(Engine::Vllm), "transformers expands MLA");
}

#[test]
fn tensor_parallel_splits_weights_and_kv_heads() {
    let model = Model::Architecture(reference_arch("meta-llama/Llama-3.1-70B"));
    let one = estimate(&model, &Settings::default()).expect("estimate");
    let four = estimate(&model, &Settings { tensor_parallel: 4, ..Settings::default() }).expect("estimate");
    assert!(four.per_gpu && !one.per_gpu);
    assert_eq!(four.component(ComponentKind::Weights).0, one.component(ComponentKind::Weights).0.div_ceil(4));
    assert_eq!(four.component(ComponentKind::KvCache).0, one.component(ComponentKind::KvCache).0 / 4);
    // 8 KV heads on 16 GPUs: each GPU keeps one whole head, half the heads' worth of 8.
    let sixteen = estimate(&model, &Settings { tensor_parallel: 16, ..Settings::default() }).expect("estimate");
    assert_eq!(sixteen.component(ComponentKind::KvCache).0, one.component(ComponentKind::KvCache).0 / 8);
    assert!(four.component(ComponentKind::Runtime) > one.component(ComponentKind::Runtime), "TP communication buffers");
}

#[test]
fn bad_settings_are_refused() {
    let model = llama31_8b();
    for settings in [
        Settings { context: Tokens(0), ..Settings::default() },
        Settings { context: Tokens(100_000_000), ..Settings::default() },
        Settings { batch: 0, ..Settings::default() },
        Settings { tensor_parallel: 0, ..Settings::default() },
        Settings { mode: Mode::Full, tensor_parallel: 2, ..Settings::default() },
        Settings { gpu_memory_utilization_permille: 0, ..Settings::default() },
    ] {
        assert!(estimate(&model, &settings).is_err(), "{settings:?}");
    }
}

#[test]
fn solvers_return_a_value_that_fits_while_one_more_does_not() {
    let model = llama31_8b();
    let settings = Settings { engine: Engine::LlamaCpp, ..Settings::default() };
    let rtx_4090 = Bytes(24_000_000_000);

    let context = max_context(&model, &settings, rtx_4090).expect("solve").expect("some context fits");
    assert!(fits(&model, &Settings { context, ..settings.clone() }, rtx_4090).expect("fits"));
    assert!(!fits(&model, &Settings { context: Tokens(context.0 + 1), ..settings.clone() }, rtx_4090).expect("fits"));

    let batch = max_batch(&model, &settings, rtx_4090).expect("solve").expect("some batch fits");
    assert!(fits(&model, &Settings { batch, ..settings.clone() }, rtx_4090).expect("fits"));
    assert!(!fits(&model, &Settings { batch: batch + 1, ..settings.clone() }, rtx_4090).expect("fits"));

    let big = Model::Architecture(reference_arch("meta-llama/Llama-3.1-70B"));
    let gpus = GpuCounts::new(&big, &settings).min_gpus(rtx_4090, 64).expect("solve").expect("some count fits");
    assert!(gpus > 1);
    assert!(fits(&big, &Settings { tensor_parallel: gpus, ..settings.clone() }, rtx_4090).expect("fits"));
    assert!(!fits(&big, &Settings { tensor_parallel: gpus - 1, ..settings.clone() }, rtx_4090).expect("fits"));

    // The best format on a 48 GB GPU, as the page and the CLI answer it.
    let request = Request { model: ModelInput::Chosen(big.clone()), gpu: "custom".into(), custom_memory: "48".into(), reserve: "0".into(), engine: Engine::LlamaCpp, ..Request::default() };
    let answers = report(&request, NumberStyle::Point).expect("a report").answers.expect("answers");
    let ladder = default_ladder();
    let best = WeightFormat::from_name(answers.best_quant.as_deref().expect("a format fits")).expect("a format");
    let index = ladder.iter().position(|f| *f == best).expect("in ladder");
    assert!(index > 0, "bf16 70B does not fit 48 GB");
    assert!(!fits(&big, &Settings { format: ladder[index - 1], ..settings.clone() }, Bytes(48_000_000_000)).expect("fits"));
    assert!(best.is_quantized() && best != WeightFormat::Bf16);
}

#[test]
fn nothing_fits_gives_none_not_a_wrong_answer() {
    let model = Model::Architecture(reference_arch("deepseek-ai/DeepSeek-V3"));
    assert_eq!(max_context(&model, &Settings::default(), Bytes(8_000_000_000)).expect("solve"), None);
    assert_eq!(GpuCounts::new(&model, &Settings::default()).min_gpus(Bytes(8_000_000_000), 4).expect("solve"), None);
}

#[test]
fn a_bare_count_shows_the_count_the_user_gave() {
    // Regression: the weights formula showed the stand-in architecture's own count.
    let e = estimate(&Model::Params(Params(70_000_000_000)), &Settings::default()).expect("estimate");
    assert_eq!(e.params, Params(70_000_000_000));
    let weights = e.components.iter().find(|c| c.name == ComponentKind::Weights).expect("weights");
    assert!(weights.formula.starts_with("70,000,000,000 parameters"), "{}", weights.formula);
    assert_eq!(weights.bytes, Bytes(140_000_000_000));
}

#[test]
fn the_stand_in_architecture_has_a_realistic_kv_cache() {
    // Regression: 70B gave 71 heads, not divisible by 4, so full multi-head KV (8× too large).
    // Real models of these sizes: Llama-3.1-8B 131,072 B/token, Llama-3.1-70B 327,680.
    for (params, real) in [(8_000_000_000u64, 131_072u64), (70_000_000_000, 327_680)] {
        let arch = Architecture::typical(Params(params));
        assert_eq!(arch.heads % arch.kv_heads, 0);
        let per_token = vramfit::core::kv_cache::bytes_per_token(&arch, KvDtype::F16, Engine::Vllm.kv_layout()).0;
        assert!(per_token * 2 > real && per_token < real * 2, "{params}: {per_token} B/token vs {real}");
    }
}

#[test]
fn several_gpus_for_inference_means_tensor_parallel() {
    let model = Model::Architecture(reference_arch("meta-llama/Llama-3.1-70B"));
    let by_gpus = estimate(&model, &Settings { gpus: 4, ..Settings::default() }).expect("estimate");
    let by_tp = estimate(&model, &Settings { tensor_parallel: 4, ..Settings::default() }).expect("estimate");
    assert_eq!(by_gpus.total_bytes, by_tp.total_bytes);
    assert!(by_gpus.per_gpu);
}
