//! The per-layer plan of the 2025–2026 families against independent sources: the exact
//! parameter counts transformers gives on the meta device (tests/fixtures/transformers_counts.json,
//! written by tests/reference/transformers_counts.py), the tensor sums of published checkpoints,
//! and the engines' own cache and state formulas (docs/reference/engine_state.md).
//! The configs are the published config.json files in tests/fixtures/configs/ (sources in its
//! SOURCES-*.tsv).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use vramfit::core::i18n::Key;
use vramfit::core::architecture::Architecture;
use vramfit::core::engines::Engine;
use vramfit::core::estimate::{estimate, ComponentKind, Model, Settings};
use vramfit::core::import::{combine, read_part, Part};
use vramfit::core::kv_cache::{bytes_per_token, state_bytes_per_sequence, KvDtype};
use vramfit::core::params::count_params;
use vramfit::core::units::Tokens;

fn config(file: &str) -> Architecture {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/configs").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Architecture::from_config_json(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[derive(Deserialize)]
struct Counted {
    total: Option<u64>,
    #[serde(default)]
    parts: BTreeMap<String, u64>,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
struct TransformersCounts {
    transformers: String,
    models: BTreeMap<String, Counted>,
}

/// Families transformers builds but vramfit does not read exactly yet: they must say so
/// (approximate), never come out as a silent exact figure.
const NOT_YET_EXACT: &[&str] = &[];

/// Every config transformers could build: the total equals `sum(p.numel())` exactly, and so do
/// the embedding, the untied head and the vision tower.
#[test]
fn parameter_counts_equal_transformers_on_the_meta_device() {
    let fixture: TransformersCounts =
        serde_json::from_str(include_str!("fixtures/transformers_counts.json")).expect("the fixture parses");
    assert!(fixture.transformers.starts_with('5'), "counted with transformers 5.x, not {}", fixture.transformers);
    let mut checked = 0;
    for (file, counted) in &fixture.models {
        let Some(total) = counted.total else { continue };
        let arch = config(file);
        if NOT_YET_EXACT.contains(&file.as_str()) {
            assert!(arch.approximate, "{file} is flagged approximate");
            continue;
        }
        assert!(!arch.approximate, "{file}: read exactly ({:?})", arch.assumed);
        let count = count_params(&arch).expect("within bounds");
        assert_eq!(count.total().0, total, "{file} total ({})", counted.note);
        let parts = count.parts();
        for (name, ours) in [("embedding", parts.embedding), ("head", parts.head), ("vision", parts.vision)] {
            if let Some(theirs) = counted.parts.get(name) {
                assert_eq!(ours, *theirs, "{file} {name}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 32, "only {checked} configs counted");
}

/// Tensor sums of the published checkpoints (every tensor's elements, from the safetensors
/// headers of the Hugging Face repositories; SOURCES-1.tsv). Qwen3.6-27B's checkpoint also holds
/// its MTP layer, which the total leaves out and `parts.mtp` reports.
#[test]
fn parameter_counts_equal_published_checkpoints() {
    for (file, published) in [
        ("Qwen__Qwen3-VL-8B-Instruct.json", 8_767_123_696u64),
        ("Qwen__Qwen3-VL-30B-A3B-Instruct.json", 31_070_754_032),
    ] {
        let count = count_params(&config(file)).unwrap();
        assert_eq!(count.total().0, published, "{file}");
    }
    let count = count_params(&config("Qwen__Qwen3.6-27B.json")).unwrap();
    assert_eq!(count.total().0 + count.mtp, 27_781_427_952, "Qwen3.6-27B with its MTP layer");
    // Hunyuan-A13B's llama.cpp load log prints "model params = 80.393 B" (ik_llama.cpp PR 565).
    let hunyuan = count_params(&config("tencent__Hunyuan-A13B-Instruct.json")).unwrap().total().0;
    assert_eq!((hunyuan + 500_000) / 1_000_000, 80_393, "{hunyuan}");
}

/// Qwen3-Next-80B-A3B: attention in one layer of four, experts everywhere. KV per token is
/// llama.cpp's `n_layer_attn × 2 × n_embd_k_gqa × 2 B` = 12 × 2 × 512 × 2 = 24,576 B (f16);
/// the Gated DeltaNet state is `n_embd_r = (d_conv − 1)(2·k_heads·d_k + v_heads·d_v)` and
/// `n_embd_s = v_heads·d_k·d_v` in f32: per layer 3 × 8,192 × 4 + 32 × 128 × 128 × 4 B, so
/// 36 layers hold 75.375 MiB per sequence (docs/reference/engine_state.md, from the GGUF
/// metadata in llama.cpp issue 17578).
#[test]
fn qwen3_next_caches_attention_layers_only_and_keeps_a_fixed_state() {
    let arch = config("Qwen__Qwen3-Next-80B-A3B-Thinking.json");
    assert_eq!(arch.layers_by_mixer().entries(), [(Key::MixerGatedDeltanet, 36), (Key::MixerAttention, 12)]);
    let llama_cpp = Engine::LlamaCpp.kv_layout();
    assert_eq!(bytes_per_token(&arch, KvDtype::F16, llama_cpp).0, 24_576);
    assert_eq!(state_bytes_per_sequence(&arch, llama_cpp).0, 79_036_416, "75.375 MiB");
    // vLLM keeps the same shapes in the model's bf16 (MambaStateShapeCalculator.gated_delta_net_state_shape).
    assert_eq!(state_bytes_per_sequence(&arch, Engine::Vllm.kv_layout()).0, 79_036_416 / 2);
}

/// A published llama.cpp load log (llama.cpp PR 23792, the Qwen3.5-27B layout: 48 Gated
/// DeltaNet layers, 16 key and 48 value heads of 128, run with 3 sequences):
/// `llama_memory_recurrent: size = 448.88 MiB (3 cells, 65 layers, 3 seqs), R (f32): 16.88 MiB,
/// S (f32): 432.00 MiB`. Qwen3.6-27B has the same layout.
#[test]
fn qwen3_6_27b_recurrent_state_matches_the_llama_cpp_log() {
    let arch = config("Qwen__Qwen3.6-27B.json");
    assert_eq!(arch.layers_by_mixer().gated_deltanet, 48);
    let settings = Settings { engine: Engine::LlamaCpp, batch: 3, context: Tokens(4_096), ..Settings::default() };
    let estimate = estimate(&Model::Architecture(arch), &settings).expect("estimates");
    let state = estimate.component(ComponentKind::RecurrentState).0 as f64 / (1u64 << 20) as f64;
    assert!((state - 448.875).abs() < 0.01, "{state} MiB");
}

/// MLA under new names: Kimi K2 (kimi_k2) and GLM-5 (glm_moe_dsa) cache one latent of
/// `kv_lora_rank + qk_rope_head_dim` = 576 elements per layer (vLLM's MLA spec), not full heads.
#[test]
fn mla_models_under_new_names_cache_their_latent() {
    for (file, layers) in [("moonshotai__Kimi-K2-Instruct.json", 61), ("zai-org__GLM-5-FP8.json", 78)] {
        let arch = config(file);
        assert_eq!(arch.layers_by_mixer().mla, layers, "{file}");
        let per_token = bytes_per_token(&arch, KvDtype::Bf16, Engine::Vllm.kv_layout()).0;
        let indexer = arch.mla.and_then(|m| m.indexer).map_or(0, |i| i.head_dim + 4 * i.head_dim.div_ceil(128));
        assert_eq!(per_token, layers * (576 * 2 + indexer), "{file}");
    }
}

/// Llama 4: experts in every layer of Scout and every second layer of Maverick
/// (`interleave_moe_layer_step`), three chunked-attention layers of four.
#[test]
fn llama4_interleaves_experts_and_chunks_attention() {
    let scout = config("meta-llama__Llama-4-Scout-17B-16E-Instruct.json");
    let maverick = config("meta-llama__Llama-4-Maverick-17B-128E-Instruct.json");
    assert_eq!((scout.moe_layers(), maverick.moe_layers()), (48, 24));
    assert_eq!(scout.layers_by_mixer().entries(), [(Key::MixerChunkedAttention, 36), (Key::MixerAttention, 12)]);
    // llama.cpp keeps 8,192 tokens in a chunked layer: at 32k the cache is 12 full + 36 chunk-capped layers.
    let per_layer_token = 8 * 2 * 128 * 2;
    let kv = vramfit::core::kv_cache::kv_cache_bytes(&scout, KvDtype::F16, Engine::LlamaCpp.kv_layout(), Tokens(32_768), 1).0;
    assert_eq!(kv, (12 * 32_768 + 36 * 8_192) * per_layer_token);
}

/// The checkpoint as two safetensors shards holding these tensors in BF16 (the format's header:
/// an 8-byte length, then `{name: {dtype, shape, data_offsets}}`; the data is never read),
/// imported the way the page and the CLI import dropped files.
fn import_shards(file: &str, shapes: &[(String, Vec<u64>)], total: u64) -> Architecture {
    let half = shapes.len() / 2;
    let parts: Vec<(String, Part)> = [&shapes[..half], &shapes[half..]]
        .iter()
        .enumerate()
        .map(|(i, tensors)| {
            let mut header = serde_json::Map::new();
            let mut offset = 0u64;
            for (name, shape) in *tensors {
                let bytes = 2 * shape.iter().product::<u64>();
                header.insert(name.clone(), serde_json::json!({"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + bytes]}));
                offset += bytes;
            }
            let json = serde_json::to_vec(&header).expect("JSON");
            let mut prefix = (json.len() as u64).to_le_bytes().to_vec();
            prefix.extend_from_slice(&json);
            let name = format!("model-0000{}-of-00002.safetensors", i + 1);
            let part = read_part(&name, &prefix, prefix.len() as u64 + offset).unwrap_or_else(|e| panic!("{file}: {e}"));
            (name, part)
        })
        .collect();
    match combine(&parts).unwrap_or_else(|e| panic!("{file}: {e}")) {
        (Model::Files { arch, params, .. }, _) => {
            assert_eq!(params.0, total, "{file}: the shards' elements are the parameters");
            assert_eq!(arch.model_type, "safetensors", "{file}: read from the tensors, not a stand-in");
            arch
        }
        _ => panic!("{file}: weight files make a Files model"),
    }
}

#[derive(Deserialize)]
struct Shapes {
    transformers: String,
    models: BTreeMap<String, Vec<(String, Vec<u64>)>>,
}

/// A checkpoint dropped without its config.json, as two safetensors shards: the tensor names and
/// shapes transformers gives each model (tests/fixtures/transformers_shapes.json, from the same
/// meta-device build as the counts) yield the config's layer plan: the same token mixer per layer, the same KV bytes per
/// token under vLLM's and transformers' layouts (neither caps a sliding window, which tensors
/// cannot show), the same recurrent state, the same experts, and the vision tower's size as
/// transformers counts it.
#[test]
fn tensor_names_and_shapes_give_the_configs_layer_plan() {
    let fixture: Shapes = serde_json::from_str(include_str!("fixtures/transformers_shapes.json")).expect("the fixture parses");
    let counts: TransformersCounts =
        serde_json::from_str(include_str!("fixtures/transformers_counts.json")).expect("the fixture parses");
    assert_eq!(fixture.transformers, counts.transformers);
    let mut checked = 0;
    for (file, shapes) in &fixture.models {
        let counted = &counts.models[file];
        let elements: u64 = shapes.iter().map(|(_, s)| s.iter().product::<u64>()).sum();
        assert_eq!(Some(elements), counted.total, "{file}: the fixture holds every parameter");
        if NOT_YET_EXACT.contains(&file.as_str()) {
            continue;
        }
        let mut from_tensors = import_shards(file, shapes, counted.total.unwrap_or(0));
        let from_config = config(file);
        // The state's dtype (`mamba_ssm_dtype`) is a config field; no tensor shows it.
        from_tensors.state_dtype_bytes = from_config.state_dtype_bytes;
        let kinds = |a: &Architecture| -> Vec<String> {
            a.plan.iter().map(|l| format!("{:?}", l.mixer).split([' ', '{']).next().unwrap_or_default().to_string()).collect()
        };
        assert_eq!(kinds(&from_tensors), kinds(&from_config), "{file}: token mixers layer by layer");
        for engine in [Engine::Vllm, Engine::Transformers, Engine::LlamaCpp] {
            let layout = engine.kv_layout();
            if engine != Engine::LlamaCpp {
                assert_eq!(
                    bytes_per_token(&from_tensors, KvDtype::Bf16, layout),
                    bytes_per_token(&from_config, KvDtype::Bf16, layout),
                    "{file}: KV per token under {engine:?}"
                );
            }
            // A Mamba-2 block's shapes give groups × state, not each: 128 is assumed (and said),
            // so the state is compared where the config has 128, and groups × state everywhere.
            if from_config.ssm.is_none_or(|s| s.state == 128) {
                assert_eq!(state_bytes_per_sequence(&from_tensors, layout), state_bytes_per_sequence(&from_config, layout), "{file}: state");
            }
        }
        let ssm = |a: &Architecture| a.ssm.map(|s| (s.inner, s.conv_dim(), s.conv_kernel));
        assert_eq!(ssm(&from_tensors), ssm(&from_config), "{file}: SSM widths");
        let experts = |a: &Architecture| a.moe.map(|m| (m.experts, m.expert_intermediate, m.shared_intermediate, m.shared_expert_gate));
        assert_eq!(experts(&from_tensors), experts(&from_config), "{file}: experts");
        assert_eq!(from_tensors.moe_layers(), from_config.moe_layers(), "{file}: MoE layers");
        assert_eq!(from_tensors.vision_params, counted.parts.get("vision").copied().unwrap_or(0), "{file}: vision");
        assert_eq!(from_tensors.tied_embeddings, from_config.tied_embeddings, "{file}: tied head");
        assert!(from_tensors.approximate, "{file}: what the shapes cannot show is assumed and said");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} layouts checked");
}

/// Falcon-H1 runs attention and Mamba-2 side by side in all 32 layers (FalconH1Config defaults:
/// 8 KV heads of 128; mamba_d_ssm 1024 in 128 heads, 1 group, state 256, kernel 4). Each layer
/// caches K and V per token and keeps llama.cpp's `n_embd_r = (d_conv − 1)(d_inner +
/// 2·n_group·d_state)` and `n_embd_s = d_state·d_inner` in f32 (llama-hparams.cpp, all layers
/// recurrent in src/models/falcon-h1.cpp); vLLM's mamba2_state_shape gives the same elements in
/// the model's bf16.
#[test]
fn falcon_h1_keeps_attention_cache_and_mamba_state_in_every_layer() {
    let arch = config("transformers-default__falcon_h1.json");
    assert!(!arch.approximate, "{:?}", arch.assumed);
    assert_eq!(bytes_per_token(&arch, KvDtype::F16, Engine::LlamaCpp.kv_layout()).0, 32 * 2 * 8 * 128 * 2);
    let per_layer = 3 * (1024 + 2 * 256) + 256 * 1024;
    assert_eq!(state_bytes_per_sequence(&arch, Engine::LlamaCpp.kv_layout()).0, 32 * per_layer * 4, "32.5625 MiB");
    assert_eq!(state_bytes_per_sequence(&arch, Engine::Vllm.kv_layout()).0, 32 * per_layer * 2);
}

/// Llama 3.2 Vision: 8 of 40 layers cross-attend to the image. Their keys and values are the
/// projected vision states of one image, `max_num_tiles × ((image_size / patch_size)² + 1)` =
/// 4 × (40² + 1) = 6,404 tokens at 560 px (MllamaForConditionalGeneration._prepare_static_cache
/// in transformers 5.23), whatever the context; the 32 self-attention layers grow per token.
#[test]
fn mllama_caches_one_image_in_its_cross_attention_layers() {
    let arch = config("transformers-default__mllama-vision-560.json");
    assert_eq!(arch.layers_by_mixer().entries(), [(Key::MixerAttention, 32), (Key::MixerCrossAttention, 8)]);
    let layout = Engine::Transformers.kv_layout();
    let per_token_layer = 2 * 8 * 128 * 2;
    assert_eq!(bytes_per_token(&arch, KvDtype::Bf16, layout).0, 32 * per_token_layer);
    let image = 8 * 6_404 * per_token_layer;
    let cache = vramfit::core::kv_cache::kv_cache_bytes(&arch, KvDtype::Bf16, layout, Tokens(1_000), 2).0;
    assert_eq!(cache, 2 * (1_000 * 32 * per_token_layer + image), "two sequences, one image each");
}

/// MiMo-V2-Flash: 9 full-attention layers with 4 KV heads and 39 sliding-window layers with 8,
/// keys of 192 and values of 128 (MiMoV2FlashAttention, transformers 5.23). vLLM's
/// mimo_v2_flash.py caches `kv × (head_dim + v_head_dim)` per layer: 2,560 B and 5,120 B in
/// bf16. Each MTP module (vLLM's MiMoV2FlashMTPLayer: enorm, hnorm, eh_proj, a sliding-window
/// attention block with sinks, a dense MLP, a final norm) holds 329,273,408 parameters.
#[test]
fn mimo_v2_flash_sliding_layers_have_their_own_heads() {
    let arch = config("transformers-default__mimo_v2_flash.json");
    assert_eq!(arch.layers_by_mixer().entries(), [(Key::MixerSlidingAttention, 39), (Key::MixerAttention, 9)]);
    assert_eq!(bytes_per_token(&arch, KvDtype::Bf16, Engine::Vllm.kv_layout()).0, 9 * 2_560 + 39 * 5_120);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/configs/transformers-default__mimo_v2_flash.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(path).expect("reads")).expect("JSON");
    value["num_nextn_predict_layers"] = 3.into();
    let with_mtp = Architecture::from_config_json(&serde_json::to_vec(&value).expect("JSON")).expect("reads");
    assert_eq!(count_params(&with_mtp).expect("counts").mtp, 3 * 329_273_408);
}

/// Gemma 4 (modeling_gemma4.py, transformers 5.23): sliding layers of 4 KV heads of 256, global
/// layers of 512 (and, with attention_k_eq_v, `num_global_key_value_heads` of them); the last
/// `num_kv_shared_layers` layers read earlier layers' cache and keep none (vLLM's gemma4.py
/// `kv_sharing_target_layer_name`). Per token and layer `kv × (head_dim + head_dim) × 2 B`.
#[test]
fn gemma4_global_layers_have_wider_heads_and_shared_layers_cache_nothing() {
    let default = config("transformers-default__gemma4.json");
    assert_eq!(default.layers_by_mixer().entries(), [(Key::MixerSlidingAttention, 25), (Key::MixerAttention, 5)]);
    assert_eq!(bytes_per_token(&default, KvDtype::Bf16, Engine::Vllm.kv_layout()).0, 25 * 4 * 512 * 2 + 5 * 4 * 1024 * 2);
    let switches = config("transformers-default__gemma4-moe-shared-vision.json");
    // Layers 0–7 keep a cache: seven sliding (4 × 2 × 256) and layer 5, global (2 × 2 × 512).
    assert_eq!(bytes_per_token(&switches, KvDtype::Bf16, Engine::Vllm.kv_layout()).0, 7 * 4 * 512 * 2 + 2 * 1024 * 2);
}

/// Gemma 3n E4B (Gemma3nConfig defaults): only the first 20 of 35 layers keep a cache, the last
/// 15 read theirs (llama.cpp hard-codes `n_layer_kv_from_start = 20` for gemma3n; vLLM's
/// gemma3n.py sets `kv_sharing_target_layer_name`): 20 × 2 KV heads × (256 + 256) × 2 B per
/// token. Its towers are counted apart: vision 298,587,456 and audio 684,694,048 (the fixture).
#[test]
fn gemma3n_shares_the_cache_of_its_last_fifteen_layers() {
    let arch = config("transformers-default__gemma3n.json");
    assert_eq!(bytes_per_token(&arch, KvDtype::Bf16, Engine::Vllm.kv_layout()).0, 20 * 2 * 512 * 2);
    let parts = count_params(&arch).expect("counts").parts();
    assert_eq!((parts.vision, parts.audio), (298_587_456, 684_694_048));
}

/// DeepSeek V4 Flash in vLLM (fp8_ds_mla, vllm/model_executor/layers/deepseek_v4_attention.py
/// and vllm/v1/kv_cache_interface.py): every layer keeps its last 128 tokens as 584-byte
/// entries (448 FP8 + 7 scale bytes + 64 BF16 rotary values + 1 pad); the 21 CSA layers add one
/// entry per 4 tokens plus the indexer's 132-byte key, the 20 HCA layers one entry per 128.
#[test]
fn deepseek_v4_keeps_a_window_and_compressed_entries() {
    let arch = config("nvidia__DeepSeek-V4-Flash-NVFP4.json");
    let ratios: Vec<u64> = arch.plan.iter().filter_map(|l| if let vramfit::core::architecture::Mixer::Compressed { ratio } = l.mixer { Some(ratio) } else { None }).collect();
    assert_eq!((ratios.iter().filter(|r| **r == 0).count(), ratios.iter().filter(|r| **r == 4).count(), ratios.iter().filter(|r| **r == 128).count()), (2, 21, 20));
    let context = 100_000u64;
    let cache = vramfit::core::kv_cache::kv_cache_bytes(&arch, KvDtype::Fp8, Engine::Vllm.kv_layout(), Tokens(context), 1).0;
    assert_eq!(cache, 43 * 128 * 584 + 21 * context.div_ceil(4) * (584 + 132) + 20 * context.div_ceil(128) * 584);
}

/// DeciLM / Nemotron-NAS (`block_configs`): Llama-3.3-Nemotron-Super-49B-v1 from the catalogue
/// (its 80 published blocks). bartowski's llama.cpp conversion lists the BF16 GGUF at 99.74 GB
/// (huggingface.co/bartowski/nvidia_Llama-3_3-Nemotron-Super-49B-v1-GGUF): two bytes a parameter.
#[test]
fn nemotron_super_blocks_add_up_to_the_published_bf16_file() {
    let preset = vramfit::core::catalogue::models::find("llama-3.3-nemotron-super-49b-v1").expect("in the catalogue");
    let arch = preset.architecture().expect("reads");
    assert!(!arch.approximate);
    let bytes = 2 * count_params(&arch).expect("counts").total().0;
    assert!(bytes.abs_diff(99_740_000_000) < 10_000_000, "{bytes} B");
    assert!(arch.layers_by_mixer().none + arch.layers_by_mixer().linear > 0, "some blocks drop attention");
}
