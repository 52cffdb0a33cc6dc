//! The KV cache: keys and values kept for every token in context, per layer.
//!
//! Formula (vLLM and llama.cpp allocate exactly this; docs/reference/measurements.md §1.4 confirms it
//! on Llama-3.1-8B, Qwen2.5-7B and Gemma-2-9B token capacities in vLLM v0.19 and llama.cpp's
//! "KV self size" log line): per token and layer, `kv_heads × (head_dim + v_head_dim)` elements
//! of the KV dtype. MLA (DeepSeek V2/V3) stores one compressed latent of
//! `kv_lora_rank + qk_rope_head_dim` elements per layer when the engine supports it (vLLM, SGLang,
//! llama.cpp); HF transformers expands it to full keys and values.

use crate::core::i18n::{Key, Lang};
use crate::core::architecture::{Architecture, CompressedAttention, Family, Layer, Mixer, Span, SsmKind};
use crate::core::units::{Bytes, Tokens};

/// The element type of the KV cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KvDtype {
    /// 4 bytes per element.
    F32,
    /// 2 bytes per element (the engines' default).
    F16,
    /// 2 bytes per element.
    Bf16,
    /// 1 byte per element (vLLM `--kv-cache-dtype fp8`).
    Fp8,
    /// llama.cpp's 8-bit blocks: 32 values in 34 bytes.
    Q8_0,
    /// llama.cpp's 4-bit blocks: 32 values in 18 bytes.
    Q4_0,
}

/// Written as its name (`q8_0`, `llama.cpp`) in JSON.
impl crate::core::to_json::ToJson for KvDtype {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(self.name());
    }
}

impl KvDtype {
    /// Every KV cache type, in the order the page lists them.
    pub const ALL: [KvDtype; 6] = [KvDtype::F16, KvDtype::Bf16, KvDtype::Fp8, KvDtype::Q8_0, KvDtype::Q4_0, KvDtype::F32];

    /// What the page's list calls it in `lang` (`FP8 · 1 byte`).
    pub fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            KvDtype::F32 => Key::KvF32,
            KvDtype::F16 => Key::KvF16,
            KvDtype::Bf16 => Key::KvBf16,
            KvDtype::Fp8 => Key::KvFp8,
            KvDtype::Q8_0 => Key::KvQ80,
            KvDtype::Q4_0 => Key::KvQ40,
        })
    }

    /// The name the CLI, links and JSON use (`q8_0`).
    pub fn name(self) -> &'static str {
        match self {
            KvDtype::F32 => "f32",
            KvDtype::F16 => "f16",
            KvDtype::Bf16 => "bf16",
            KvDtype::Fp8 => "fp8",
            KvDtype::Q8_0 => "q8_0",
            KvDtype::Q4_0 => "q4_0",
        }
    }

    /// Looks a KV dtype up by name (`fp16` and `float16` are accepted for `f16`).
    pub fn from_name(name: &str) -> Option<KvDtype> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "fp16" | "float16" | "half" => "f16",
            "bfloat16" => "bf16",
            "fp8_e4m3" | "fp8_e5m2" | "f8" => "fp8",
            "fp32" | "float32" => "f32",
            other => other,
        };
        KvDtype::ALL.into_iter().find(|d| d.name() == alias)
    }

    /// Bytes per element as a fraction (numerator, denominator). Block formats from ggml's
    /// `block_q8_0` (34 B / 32) and `block_q4_0` (18 B / 32) (ggml-common.h).
    pub fn bytes_per_element(self) -> (u64, u64) {
        match self {
            KvDtype::F32 => (4, 1),
            KvDtype::F16 | KvDtype::Bf16 => (2, 1),
            KvDtype::Fp8 => (1, 1),
            KvDtype::Q8_0 => (34, 32),
            KvDtype::Q4_0 => (18, 32),
        }
    }
}

/// How an engine stores the cache of sliding-window layers, of MLA and of recurrent layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KvLayout {
    /// Sliding-window and chunked layers keep only their window or chunk (llama.cpp);
    /// otherwise they reserve the full context like other layers (vLLM v0.19 does this for
    /// Gemma 2: the token capacities measured in
    /// https://github.com/llm-d-incubation/llm-d-planner, accuracy/accuracy_report.md).
    pub cap_sliding_window: bool,
    /// MLA's compressed latent is cached (vLLM, llama.cpp) rather than expanded keys and values.
    pub mla_compressed: bool,
    /// Recurrent state is kept in f32 whatever the model's dtype (llama.cpp's
    /// `llama_memory_recurrent` hard-codes its r and s tensors to F32); vLLM keeps it in the
    /// model dtype unless the config names a state dtype (docs/reference/engine_state.md).
    pub state_f32: bool,
}

/// Bytes one token adds to one layer's cache: attention keeps `kv_heads × (head_dim +
/// v_head_dim)` elements of the KV dtype; MLA its latent (`kv_lora_rank + qk_rope_head_dim`)
/// when the engine compresses it, else expanded keys and values; DSA's indexer adds its own key,
/// `index_head_dim` FP8 values and one f32 scale per 128 (vLLM's DeepseekV32IndexerCache:
/// 132 B for DeepSeek V3.2). Linear-attention and Mamba layers keep no per-token cache.
fn layer_bytes_per_token(arch: &Architecture, layer: &Layer, dtype: KvDtype, layout: KvLayout) -> u64 {
    let (num, den) = dtype.bytes_per_element();
    let elements = |n: u64| (n * num).div_ceil(den);
    match (layer.mixer, arch.mla) {
        (Mixer::Attention { shape, .. }, _) => elements(shape.kv_heads * (shape.head_dim + shape.v_head_dim)),
        (Mixer::Mla, Some(mla)) => {
            let cache = if layout.mla_compressed {
                elements(mla.kv_lora_rank + mla.qk_rope_head_dim)
            } else {
                elements(arch.heads * (mla.qk_nope_head_dim + mla.qk_rope_head_dim + mla.v_head_dim))
            };
            let indexer = mla.indexer.map_or(0, |i| i.head_dim + 4 * i.head_dim.div_ceil(128));
            cache + indexer
        }
        // One compressed entry per `ratio` tokens, rounded up to whole bytes per token.
        (Mixer::Compressed { ratio }, _) if ratio > 0 => arch.compressed.map_or(0, |a| compressed_entry_bytes(a, ratio).div_ceil(ratio)),
        _ => 0,
    }
}

/// One entry of DeepSeek V4's compressed cache as vLLM stores it (fp8_ds_mla, the only cache
/// dtype vLLM runs DeepSeek V4 with; vllm/model_executor/layers/deepseek_v4_attention.py):
/// the non-rotary part in FP8 with one scale byte per 64 values, the rotary part in BF16, one
/// pad byte (448 + 7 + 128 + 1 = 584 B at head size 512); CSA layers add the indexer's key,
/// FP8 with one f32 scale per 128 (132 B).
fn compressed_entry_bytes(a: CompressedAttention, ratio: u64) -> u64 {
    let nope = a.head_dim - a.rope_dim;
    let entry = nope + nope / 64 + 2 * a.rope_dim + 1;
    let indexer = if ratio == a.sparse_ratio { a.indexer.head_dim + 4 * a.indexer.head_dim.div_ceil(128) } else { 0 };
    entry + indexer
}

/// Tokens a layer keeps for a sequence of `context` tokens.
fn tokens_kept(layer: &Layer, layout: KvLayout, context: Tokens) -> u64 {
    match layer.mixer {
        Mixer::Attention { span: Span::Sliding { window }, .. } if layout.cap_sliding_window => context.0.min(window),
        Mixer::Attention { span: Span::Chunked { chunk }, .. } if layout.cap_sliding_window => context.0.min(chunk),
        Mixer::Attention { span: Span::Image { tokens }, .. } => tokens,
        _ => context.0,
    }
}

/// Layers that keep a KV cache: decoder layers; none for an encoder-only model (BERT).
fn cached_layers(arch: &Architecture) -> &[Layer] {
    if arch.family == Family::Bert {
        &[]
    } else {
        &arch.plan
    }
}

/// Bytes one token of context adds across all layers, with every layer caching it (the figure
/// for contexts within any sliding window): `Σ layers kv_heads × (head_dim + v_head_dim) × bytes`.
pub fn bytes_per_token(arch: &Architecture, dtype: KvDtype, layout: KvLayout) -> Bytes {
    let grows = |l: &&Layer| !matches!(l.mixer, Mixer::Attention { span: Span::Image { .. }, .. });
    Bytes(cached_layers(arch).iter().filter(grows).map(|l| layer_bytes_per_token(arch, l, dtype, layout)).sum())
}

/// The whole cache for `batch` sequences of `context` tokens:
/// `batch × Σ layers tokens_kept(layer) × bytes per token and layer`, where a sliding-window
/// or chunked layer keeps `min(context, window)` tokens if the engine caps it. Saturates
/// instead of overflowing (the fit check then fails cleanly).
pub fn kv_cache_bytes(arch: &Architecture, dtype: KvDtype, layout: KvLayout, context: Tokens, batch: u64) -> Bytes {
    let per_sequence: u128 = cached_layers(arch).iter().map(|l| layer_cache_bytes(arch, l, dtype, layout, context)).sum();
    Bytes(u64::try_from(per_sequence * u128::from(batch)).unwrap_or(u64::MAX))
}

/// Each layer's cache (in `arch.plan` order; llama.cpp keeps it on the layer's device), by the
/// same rule as [`kv_cache_bytes`].
pub fn kv_bytes_by_layer(arch: &Architecture, dtype: KvDtype, layout: KvLayout, context: Tokens, batch: u64) -> Vec<u64> {
    let cached = cached_layers(arch).len();
    arch.plan
        .iter()
        .enumerate()
        .map(|(i, l)| if i < cached { u64::try_from(layer_cache_bytes(arch, l, dtype, layout, context) * u128::from(batch)).unwrap_or(u64::MAX) } else { 0 })
        .collect()
}

/// One layer's cache for one sequence of `context` tokens.
fn layer_cache_bytes(arch: &Architecture, l: &Layer, dtype: KvDtype, layout: KvLayout, context: Tokens) -> u128 {
    match (l.mixer, arch.compressed) {
        // DeepSeek V4: every layer's window of full entries, and one entry per `ratio` tokens.
        (Mixer::Compressed { ratio }, Some(a)) => {
            let window = u128::from(context.0.min(a.window)) * u128::from(compressed_entry_bytes(a, 0));
            let compressed = if ratio > 0 { u128::from(context.0.div_ceil(ratio)) * u128::from(compressed_entry_bytes(a, ratio)) } else { 0 };
            window + compressed
        }
        _ => u128::from(tokens_kept(l, layout, context)) * u128::from(layer_bytes_per_token(arch, l, dtype, layout)),
    }
}

/// Bytes of each state element: f32 in llama.cpp; in vLLM the config's state dtype
/// (`mamba_ssm_cache_dtype`) or else the model's 16-bit dtype.
fn state_element_bytes(arch: &Architecture, layout: KvLayout) -> (u64, u64) {
    if layout.state_f32 {
        (4, 4)
    } else {
        (2, arch.state_dtype_bytes.unwrap_or(2))
    }
}

/// The fixed state one sequence keeps in the recurrent layers, whatever its length:
/// Gated DeltaNet `(kernel − 1) × (2·key_dim + value_dim)` conv elements plus
/// `value_heads × key_head_dim × value_head_dim` recurrent elements; Mamba-2
/// `(kernel − 1) × (inner + 2·groups·state)` plus `heads × head_dim × state`; Mamba-1
/// `(kernel − 1) × inner` plus `inner × state`. vLLM's MambaStateShapeCalculator and
/// llama.cpp's `n_embd_r()` / `n_embd_s()` give these shapes (docs/reference/engine_state.md).
pub fn state_bytes_per_sequence(arch: &Architecture, layout: KvLayout) -> Bytes {
    Bytes(u64::try_from(arch.plan.iter().map(|l| u128::from(layer_state_bytes(arch, l, layout))).sum::<u128>()).unwrap_or(u64::MAX))
}

/// Each layer's recurrent state for one sequence, in `arch.plan` order (0 for attention layers).
pub fn state_bytes_by_layer(arch: &Architecture, layout: KvLayout) -> Vec<u64> {
    arch.plan.iter().map(|l| layer_state_bytes(arch, l, layout)).collect()
}

/// One layer's recurrent state for one sequence. Widths are bounded by the config reader, so
/// one layer fits in u64.
fn layer_state_bytes(arch: &Architecture, layer: &Layer, layout: KvLayout) -> u64 {
    let (conv_bytes, state_bytes) = state_element_bytes(arch, layout);
    match (layer.mixer, arch.linear_attention, arch.ssm) {
        (Mixer::GatedDeltaNet, Some(g), _) => {
            (g.conv_kernel - 1) * g.conv_dim() * conv_bytes + g.value_heads * g.key_head_dim * g.value_head_dim * state_bytes
        }
        (_, _, Some(ssm)) if arch.runs_ssm(layer) => {
            let recurrent = match ssm.kind {
                SsmKind::Mamba2 { heads, head_dim, .. } => heads * head_dim * ssm.state,
                SsmKind::Mamba1 { .. } => ssm.inner * ssm.state,
            };
            (ssm.conv_kernel - 1) * ssm.conv_dim() * conv_bytes + recurrent * state_bytes
        }
        _ => 0,
    }
}
