//! The KV cache: keys and values kept for every token in context, per layer.
//!
//! Formula (vLLM and llama.cpp allocate exactly this; shared/reference measurements confirm it
//! on Llama-3.1-8B, Qwen2.5-7B and Gemma-2-9B token capacities in vLLM v0.19 and llama.cpp's
//! "KV self size" log line): per token and layer, `kv_heads × (head_dim + v_head_dim)` elements
//! of the KV dtype. MLA (DeepSeek V2/V3) stores one compressed latent of
//! `kv_lora_rank + qk_rope_head_dim` elements per layer when the engine supports it (vLLM, SGLang,
//! llama.cpp); HF transformers expands it to full keys and values.

use crate::core::architecture::{Architecture, Attention, Family};
use crate::core::units::{Bytes, Tokens};

/// The element type of the KV cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KvDtype {
    F32,
    F16,
    Bf16,
    Fp8,
    /// llama.cpp's 8-bit blocks: 32 values in 34 bytes.
    Q8_0,
    /// llama.cpp's 4-bit blocks: 32 values in 18 bytes.
    Q4_0,
}

impl KvDtype {
    pub const ALL: [KvDtype; 6] = [KvDtype::F16, KvDtype::Bf16, KvDtype::Fp8, KvDtype::Q8_0, KvDtype::Q4_0, KvDtype::F32];

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

/// How an engine stores the cache of sliding-window layers and of MLA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KvLayout {
    /// Sliding-window layers keep only their window (llama.cpp); otherwise they reserve the full
    /// context like other layers (vLLM v0.19 does this for Gemma 2, per shared/reference).
    pub cap_sliding_window: bool,
    /// MLA's compressed latent is cached (vLLM, llama.cpp) rather than expanded keys and values.
    pub mla_compressed: bool,
}

/// Elements one token adds to one layer's cache.
fn elements_per_token_layer(arch: &Architecture, layout: KvLayout) -> u64 {
    match arch.mla {
        Some(mla) if layout.mla_compressed => mla.kv_lora_rank + mla.qk_rope_head_dim,
        _ => arch.kv_heads * (arch.head_dim + arch.v_head_dim),
    }
}

/// Layers that keep a KV cache: decoder layers; none for an encoder-only model (BERT).
fn cached_layers(arch: &Architecture) -> &[Attention] {
    if arch.family == Family::Bert {
        &[]
    } else {
        &arch.attention
    }
}

/// Bytes one token of context adds across all layers, with every layer caching it (the figure
/// for contexts within any sliding window): `Σ layers kv_heads × (head_dim + v_head_dim) × bytes`.
pub fn bytes_per_token(arch: &Architecture, dtype: KvDtype, layout: KvLayout) -> Bytes {
    let (num, den) = dtype.bytes_per_element();
    let per_layer = (elements_per_token_layer(arch, layout) * num).div_ceil(den);
    Bytes(per_layer * cached_layers(arch).len() as u64)
}

/// The whole cache for `batch` sequences of `context` tokens:
/// `batch × Σ layers tokens_kept(layer) × bytes per token and layer`, where a sliding-window
/// layer keeps `min(context, window)` tokens if the engine caps it. Saturates instead of
/// overflowing (the fit check then fails cleanly).
pub fn kv_cache_bytes(arch: &Architecture, dtype: KvDtype, layout: KvLayout, context: Tokens, batch: u64) -> Bytes {
    let (num, den) = dtype.bytes_per_element();
    let per_layer_token = u128::from((elements_per_token_layer(arch, layout) * num).div_ceil(den));
    let tokens: u128 = cached_layers(arch)
        .iter()
        .map(|layer| match layer {
            Attention::Sliding { window } if layout.cap_sliding_window => u128::from(context.0.min(*window)),
            _ => u128::from(context.0),
        })
        .sum();
    let bytes = tokens * per_layer_token * u128::from(batch);
    Bytes(u64::try_from(bytes).unwrap_or(u64::MAX))
}
