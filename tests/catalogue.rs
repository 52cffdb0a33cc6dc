//! Every preset's computed count against the published one, where one exists. Exact figures are
//! the parameter totals Hugging Face shows from each repository's safetensors metadata; rounded
//! figures are the model cards' own ("Number of Parameters: 0.6B") and are checked to their
//! rounding. Presets whose rows repeat a model in tests/fixtures/reference_models.json are
//! checked there.
#![cfg(not(target_arch = "wasm32"))]

use vramfit::core::catalogue::models::{find, presets};
use vramfit::core::params::count_params;

fn count(id: &str) -> (u64, u64) {
    let preset = find(id).unwrap_or_else(|| panic!("{id} is a preset"));
    let count = count_params(&preset.architecture().expect("architecture")).expect("count");
    (count.total().0, count.active().0)
}

#[test]
fn exact_published_totals() {
    let cases: &[(&str, u64)] = &[
        ("llama-2-13b", 13_015_864_320),
        ("llama-2-70b", 68_976_648_192),
        ("llama-3.1-405b", 405_853_388_800),
        ("llama-3.2-1b", 1_235_814_400),
        ("llama-3.2-3b", 3_212_749_824),
        ("mistral-7b-v0.3", 7_248_023_552),
        ("mistral-nemo-12b", 12_247_782_400),
        ("mistral-small-24b", 23_572_403_200),
        ("mixtral-8x22b", 140_620_634_112),
        ("qwen2.5-0.5b", 494_032_768),
        ("qwen2.5-1.5b", 1_543_714_304),
        ("qwen2.5-3b", 3_085_938_688),
        ("qwen2.5-14b", 14_770_033_664),
        ("qwen2.5-72b", 72_706_203_648),
        ("gemma-2-2b", 2_614_341_888),
        ("gemma-2-27b", 27_227_128_320),
        ("phi-4", 14_659_507_200),
        ("gpt-oss-120b", 116_829_156_672),
        ("gpt2-xl", 1_557_611_200),
        ("bert-large-uncased", 335_141_888),
        ("t5-base", 222_903_552),
    ];
    for &(id, published) in cases {
        assert_eq!(count(id).0, published, "{id}");
    }
}

#[test]
fn model_card_figures_to_their_rounding() {
    // (id, published total in billions, published active in billions, rounding step in billions)
    let cases: &[(&str, f64, Option<f64>, f64)] = &[
        ("qwen3-0.6b", 0.6, None, 0.1),
        ("qwen3-1.7b", 1.7, None, 0.1),
        ("qwen3-4b", 4.0, None, 0.1),
        ("qwen3-14b", 14.8, None, 0.1),
        ("qwen3-32b", 32.8, None, 0.1),
        ("qwen3-235b-a22b", 235.0, Some(22.0), 1.0),
        ("mixtral-8x22b", 141.0, Some(39.0), 1.0),
        ("phi-3-medium-4k", 14.0, None, 1.0),
        ("gpt-3-175b", 175.0, None, 1.0),
        ("flan-t5-xl", 2.85, None, 0.01),
    ];
    for &(id, total, active, step) in cases {
        let (computed_total, computed_active) = count(id);
        let near = |computed: u64, published: f64| (computed as f64 / 1e9 - published).abs() <= step / 2.0 + 1e-9;
        assert!(near(computed_total, total), "{id}: {computed_total} vs {total}B");
        if let Some(active) = active {
            assert!(near(computed_active, active), "{id} active: {computed_active} vs {active}B");
        }
    }
}

#[test]
fn moe_presets_report_fewer_active_than_total_parameters() {
    for preset in presets() {
        let (total, active) = count(preset.id);
        let arch = preset.architecture().expect("architecture");
        if arch.moe.is_some() {
            assert!(active < total / 2, "{}: {active} of {total}", preset.id);
        } else {
            assert_eq!(active, total, "{}", preset.id);
        }
    }
}
