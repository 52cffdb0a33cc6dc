//! Properties that hold for every input, checked on generated ones (proptest): memory never
//! shrinks as the model or the workload grows, the total is its parts, sizes round-trip through
//! their text, solver answers are tight, and nothing overflows up to 10¹⁵ parameters and 10⁷
//! tokens.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use vramfit::core::architecture::Architecture;
use vramfit::core::engines::Engine;
use vramfit::core::estimate::{estimate, Mode, Model, Settings};
use vramfit::core::kv_cache::KvDtype;
use vramfit::core::quant::WeightFormat;
use vramfit::core::solve::{fits, max_batch, max_context};
use vramfit::core::request::gpu_memory;
use vramfit::core::units::{Bytes, NumberStyle, Params, Tokens, MAX_PARAMS};

/// Formats of one family (the article's precisions; llama.cpp's mixes), fewest bits first.
const FORMAT_FAMILIES_BY_BITS: [&[&str]; 2] = [&["fp4", "int8", "bf16", "fp32"], &["q2_k", "q3_k_m", "q4_k_m", "q5_k_m", "q6_k", "q8_0"]];
const ENGINES: [Engine; 5] = [Engine::Transformers, Engine::Vllm, Engine::LlamaCpp, Engine::TensorRtLlm, Engine::Custom];
const MODES: [Mode; 4] = [Mode::Inference, Mode::Full, Mode::Lora, Mode::Qlora];

fn settings(engine: usize, mode: usize, context: u64, batch: u64) -> Settings {
    Settings { engine: ENGINES[engine], mode: MODES[mode], context: Tokens(context), batch, ..Settings::default() }
}

fn total(model: &Model, s: &Settings) -> u64 {
    estimate(model, s).expect("a valid model and settings").total_bytes.0
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn memory_never_decreases_as_params_context_or_batch_grow(
        params in 100_000_000u64..2_000_000_000_000,
        extra in 1u64..1_000_000_000_000,
        context in 1u64..500_000,
        more_context in 1u64..500_000,
        batch in 1u64..64,
        more_batch in 1u64..64,
        engine in 0usize..5,
        mode in 0usize..4,
    ) {
        let base = settings(engine, mode, context, batch);
        let model = Model::Params(Params(params));
        let t = total(&model, &base);
        prop_assert!(total(&Model::Params(Params(params + extra)), &base) >= t, "more parameters");
        prop_assert!(total(&model, &settings(engine, mode, context + more_context, batch)) >= t, "longer context");
        prop_assert!(total(&model, &settings(engine, mode, context, batch + more_batch)) >= t, "bigger batch");
    }

    #[test]
    fn memory_never_decreases_with_more_bits_per_weight(params in 100_000_000u64..500_000_000_000, engine in 0usize..5) {
        // Within a family formats share their per-tensor recipe, so more bits never cost less.
        let model = Model::Params(Params(params));
        for family in FORMAT_FAMILIES_BY_BITS {
            let totals: Vec<u64> = family
                .iter()
                .map(|f| total(&model, &Settings { format: WeightFormat::from_name(f).expect("format"), engine: ENGINES[engine], ..Settings::default() }))
                .collect();
            prop_assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{family:?}: {totals:?}");
        }
    }

    #[test]
    fn the_total_is_the_sum_of_its_parts_inside_its_band(
        params in 1_000u64..=MAX_PARAMS,
        context in 1u64..=10_000_000,
        batch in 1u64..=1_000,
        engine in 0usize..5,
        mode in 0usize..4,
        kv in 0usize..6,
    ) {
        let s = Settings { kv_dtype: KvDtype::ALL[kv], ..settings(engine, mode, context, batch) };
        // Up to 10¹⁵ parameters and 10⁷ tokens: a result or a clear error, never an overflow.
        if let Ok(e) = estimate(&Model::Params(Params(params)), &s) {
            let sum = e.components.iter().try_fold(0u64, |a, c| a.checked_add(c.bytes.0));
            prop_assert_eq!(sum, Some(e.total_bytes.0));
            prop_assert!(e.total_low_bytes <= e.total_bytes && e.total_bytes <= e.total_high_bytes);
        }
    }

    #[test]
    fn sizes_round_trip_through_their_text(bytes in 1_000_000_000u64..999_000_000_000, comma in any::<bool>()) {
        let style = if comma { NumberStyle::Comma } else { NumberStyle::Point };
        // GB text has at most two decimals: read back as a GPU's memory (the page's custom GPU,
        // the CLI's --memory-gb, a link's `mem`), it lands within half a unit of its last digit.
        let text = Bytes(bytes).to_gb_string(style);
        let number = text.trim_end_matches(" GB");
        let read = gpu_memory(number, style).map(|b| b.0).expect("a size reads back");
        let decimal = if comma { ',' } else { '.' };
        let decimals = number.split_once(decimal).map_or(0, |(_, d)| d.len()) as i32;
        let half_unit = 1e9 * 10f64.powi(-decimals) / 2.0;
        prop_assert!((read as f64 - bytes as f64).abs() <= half_unit + 1.0, "{bytes} → {text} → {read}");
    }

    #[test]
    fn solver_answers_fit_and_one_step_more_does_not(
        params in 500_000_000u64..80_000_000_000,
        budget_gb in 8u64..200,
        engine in 0usize..5,
    ) {
        let model = Model::Params(Params(params));
        let budget = Bytes(budget_gb * 1_000_000_000);
        let s = Settings { engine: ENGINES[engine], ..Settings::default() };
        if let Some(Tokens(c)) = max_context(&model, &s, budget).expect("valid") {
            prop_assert!(fits(&model, &Settings { context: Tokens(c), ..s.clone() }, budget).expect("valid"), "context {} fits", c);
            if c < 10_000_000 {
                prop_assert!(!fits(&model, &Settings { context: Tokens(c + 1), ..s.clone() }, budget).expect("valid"), "context {} + 1 does not", c);
            }
        }
        if let Some(b) = max_batch(&model, &s, budget).expect("valid") {
            prop_assert!(fits(&model, &Settings { batch: b, ..s.clone() }, budget).expect("valid"), "batch {} fits", b);
            if b < 100_000 {
                prop_assert!(!fits(&model, &Settings { batch: b + 1, ..s.clone() }, budget).expect("valid"), "batch {} + 1 does not", b);
            }
        }
    }

    /// Llama-style configs built valid by construction (three cases in four) read exactly: the
    /// parameter count equals LlamaForCausalLM's (transformers modeling_llama.py: embeddings and
    /// an untied head, q/k/v/o, a gated MLP and two RMSNorms per layer, a final norm), and the
    /// estimate is made. The rest break one rule (KV heads that do not divide the heads, a zero
    /// width) and must be refused with a message, never a panic.
    #[test]
    fn any_config_of_plausible_fields_estimates_or_says_why(
        layers in 1u64..200,
        kv_heads in 1u64..16,
        group in 1u64..8,
        head_dim in prop::sample::select(vec![32u64, 64, 80, 96, 128, 256]),
        mlp_ratio in 1u64..5,
        vocab in 1_000u64..300_000,
        broken in 0usize..8,
    ) {
        let heads = kv_heads * group;
        let hidden = heads * head_dim;
        let intermediate = hidden * mlp_ratio;
        let mut config = serde_json::json!({
            "model_type": "llama", "num_hidden_layers": layers, "hidden_size": hidden,
            "num_attention_heads": heads, "num_key_value_heads": kv_heads,
            "intermediate_size": intermediate, "vocab_size": vocab,
        });
        match broken {
            6 => config["num_key_value_heads"] = (heads + 1).into(),
            7 => config["intermediate_size"] = 0.into(),
            _ => {}
        }
        let read = Architecture::from_config_json(&serde_json::to_vec(&config).expect("JSON"));
        if broken >= 6 {
            let message = read.expect_err("a broken config is refused").to_string();
            prop_assert!(message.contains("key_value_heads") || message.contains("intermediate_size"), "{message}");
        } else {
            let arch = read.expect("a valid config reads");
            let per_layer = hidden * hidden * 2 + 2 * hidden * kv_heads * head_dim + 3 * hidden * intermediate + 2 * hidden;
            let expected = 2 * vocab * hidden + layers * per_layer + hidden;
            let e = estimate(&Model::Architecture(arch), &Settings::default()).expect("estimates");
            prop_assert_eq!(e.params.0, expected);
        }
    }
}

/// What the properties found, kept as plain regression tests.
#[test]
fn found_a_bigger_count_with_a_smaller_kv_cache() {
    // The stand-in architecture for 1.60T had 204 heads and 51 KV heads, 1.94T had 224 and 8: the
    // larger model came out smaller. Now KV heads never shrink as the count grows.
    let s = settings(0, 0, 2_470, 62);
    let small = total(&Model::Params(Params(1_604_478_566_400)), &s);
    let large = total(&Model::Params(Params(1_937_925_734_400)), &s);
    assert!(large >= small, "{large} < {small}");
}

#[test]
fn found_an_estimate_past_two_to_the_64_bytes() {
    // A 458T-parameter full fine-tune at 8.4M tokens × 751 sequences overflowed the parts' sum;
    // it is now an error that says so.
    let s = settings(0, 1, 8_415_112, 751);
    let error = estimate(&Model::Params(Params(457_772_000_870_400)), &s).expect_err("meaningless");
    assert!(error.to_string().contains("18 exabytes"), "{error}");
}
