//! Activation memory: what a forward pass keeps alive.
//!
//! Training keeps every tensor the backward pass needs. Korthikanti et al. 2022 (arXiv
//! 2205.05198) give `sbh(34 + 5as/h)` bytes per layer for a GPT layer (4h GeLU MLP, dropout,
//! fp16). vramfit derives the same accounting for the layer the config describes (SwiGLU or
//! GeLU MLP, GQA, MoE), in 16-bit elements per token:
//!
//! | saved tensor | elements per token |
//! |---|---|
//! | attention norm input, QKV input (norm output) | 2h |
//! | q, k, v after rotary | heads·d + 2·kv_heads·d |
//! | attention output (also the o_proj input) + softmax statistics | heads·d + 2·heads |
//! | MLP norm input, MLP input | 2h |
//! | gated MLP: gate, up, act(gate), act·up; plain MLP: fc1 out, act out | 4i or 2i (MoE: × experts per token) |
//! | without flash attention: scores and probabilities | 2·heads·s |
//!
//! Selective recomputation (Korthikanti §5) drops the `s`-quadratic scores; full recomputation
//! keeps only each layer's input (`h`) plus one layer's working set during backward. The logits
//! add `vocab` elements in 16 bits and again in fp32 for the loss. Uncertainty: ±30% (allocator
//! caching, fused kernels and framework versions move it).

use crate::core::architecture::Architecture;
use crate::core::units::Bytes;

/// Gradient checkpointing (activation recomputation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checkpointing {
    /// Every activation kept.
    None,
    /// Recompute the attention core only.
    Selective,
    /// Keep each layer's input only; recompute the layer in backward.
    Full,
}

impl Checkpointing {
    /// Reads `none`, `selective` or `full` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Checkpointing> {
        match name.trim().to_ascii_lowercase().as_str() {
            "none" | "off" | "no" => Some(Checkpointing::None),
            "selective" => Some(Checkpointing::Selective),
            "full" | "on" | "yes" => Some(Checkpointing::Full),
            _ => None,
        }
    }

    /// The name the CLI and JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Checkpointing::None => "none",
            Checkpointing::Selective => "selective",
            Checkpointing::Full => "full",
        }
    }
}

/// 16-bit elements per token one layer keeps for backward, apart from the attention scores.
pub fn layer_elements_per_token(arch: &Architecture) -> u64 {
    let h = arch.hidden;
    let q = arch.heads * arch.head_dim;
    let kv = 2 * arch.kv_heads * arch.head_dim;
    let attention_out = arch.heads * arch.v_head_dim + 2 * arch.heads;
    let mlp_width = match arch.moe {
        Some(moe) => moe.experts_per_token * moe.expert_intermediate + moe.shared_intermediate,
        None => arch.intermediate,
    };
    let mlp = if arch.gated_mlp { 4 * mlp_width } else { 2 * mlp_width };
    4 * h + q + kv + attention_out + mlp
}

/// Bytes of training activations for `batch` sequences of `seq` tokens.
///
/// `layers × b·s × 2 × elements` (+ `layers × b·heads·s² × 2 × 2` without flash attention and
/// without selective recomputation), or with full recomputation `layers × b·s·h × 2` plus one
/// layer's working set; plus logits `b·s·vocab × (2 + 4)`.
pub fn training_activation_bytes(
    arch: &Architecture,
    seq: u64,
    batch: u64,
    checkpointing: Checkpointing,
    flash_attention: bool,
) -> Bytes {
    let tokens = u128::from(seq) * u128::from(batch);
    let layers = arch.layers as u128 + arch.encoder_layers as u128;
    let per_layer = tokens * 2 * u128::from(layer_elements_per_token(arch));
    let scores = if flash_attention {
        0
    } else {
        // scores and softmax output, 16-bit, per head: b · heads · s²
        u128::from(batch) * u128::from(arch.heads) * u128::from(seq) * u128::from(seq) * 2 * 2
    };
    let layer_stack = match checkpointing {
        Checkpointing::None => layers * (per_layer + scores),
        Checkpointing::Selective => layers * per_layer,
        Checkpointing::Full => layers * tokens * 2 * u128::from(arch.hidden) + per_layer + scores,
    };
    let logits = tokens * u128::from(arch.vocab) * (2 + 4);
    Bytes(u64::try_from(layer_stack + logits).unwrap_or(u64::MAX))
}

/// Tokens vLLM's profiling forward pass runs (`max_num_batched_tokens`); the v0.19 runs in
/// docs/reference/measurements.md profiled 8192.
pub const VLLM_PROFILE_TOKENS: u64 = 8_192;

/// Bytes per token and width unit of vLLM's profiling peak (the fitted factor below).
pub const VLLM_ACTIVATION_FACTOR: u64 = 11;

/// vLLM's activation peak from its profiling run:
/// `tokens × VLLM_ACTIVATION_FACTOR × (intermediate_size + 2 × hidden)` bytes.
///
/// Calibrated on vLLM v0.19 logs on H100 (docs/reference/measurements.md): Llama-3.1-8B
/// 1.89 GiB (formula 1.89) and Qwen2.5-7B 2.21 GiB (formula 2.19). Other families measured
/// 0.77–3.66 GiB, hence ±50%; for MoE models (Mixtral 1.21 GiB measured, formula 1.89) the
/// config's dense `intermediate_size` stands in for the fused-MoE workspace, ±60%.
pub fn vllm_activation_bytes(arch: &Architecture, tokens: u64) -> Bytes {
    Bytes(tokens * VLLM_ACTIVATION_FACTOR * (arch.intermediate + 2 * arch.hidden))
}

/// Tokens llama.cpp processes per micro-batch (`n_ubatch`, default 512).
pub const LLAMA_CPP_UBATCH: u64 = 512;

/// llama.cpp's compute buffer holds f32 values.
pub const F32_BYTES: u64 = 4;

/// MLP intermediates alive at once in llama.cpp's graph (gate, up and their product).
pub const LLAMA_CPP_MLP_INTERMEDIATES: u64 = 3;

/// llama.cpp's compute buffer for a context of `kv_tokens`: the f32 logits
/// `n_ubatch × vocab × 4`, plus the larger of the MLP intermediates `n_ubatch × 3 × intermediate
/// × 4` and, without flash attention, the f32 attention scores `kv_tokens × n_ubatch × heads × 4`
/// (ggml's graph allocator reuses one buffer for both phases).
///
/// Check: Llama-2-7B, n_ctx 4096, no flash attention gives 318.5 MiB; llama.cpp logged
/// 296–308 MiB (docs/reference/measurements.md), so ±15%.
pub fn llama_cpp_compute_bytes(arch: &Architecture, kv_tokens: u64, flash_attention: bool) -> Bytes {
    let ubatch = u128::from(LLAMA_CPP_UBATCH);
    let width = llama_cpp_mlp_width(arch);
    let f32 = u128::from(F32_BYTES);
    let logits = ubatch * f32 * u128::from(arch.vocab);
    let mlp = ubatch * f32 * u128::from(LLAMA_CPP_MLP_INTERMEDIATES) * u128::from(width);
    let scores = if flash_attention { 0 } else { u128::from(kv_tokens) * ubatch * u128::from(arch.heads) * f32 };
    Bytes(u64::try_from(logits + mlp.max(scores)).unwrap_or(u64::MAX))
}

/// The MLP width one token runs through in llama.cpp's graph: the dense intermediate size, or
/// for MoE the active experts' widths plus the shared expert's.
pub fn llama_cpp_mlp_width(arch: &Architecture) -> u64 {
    match arch.moe {
        Some(moe) => moe.experts_per_token * moe.expert_intermediate + moe.shared_intermediate,
        None => arch.intermediate,
    }
}

/// HF transformers' inference peak for a prompt of `batch × seq` tokens with SDPA attention:
/// `b·s × 2 × (2·intermediate + 4·hidden)` plus the last position's fp32 logits `b × vocab × 4`.
/// Derived from the layer's live tensors during one forward; ±50%.
pub fn transformers_activation_bytes(arch: &Architecture, seq: u64, batch: u64) -> Bytes {
    let tokens = u128::from(seq) * u128::from(batch);
    let width = match arch.moe {
        Some(moe) => moe.experts_per_token * moe.expert_intermediate + moe.shared_intermediate,
        None => arch.intermediate,
    };
    let working = tokens * 2 * u128::from(2 * width + 4 * arch.hidden);
    let logits = u128::from(batch) * u128::from(arch.vocab) * 4;
    Bytes(u64::try_from(working + logits).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn llama2_7b() -> Architecture {
        let config = br#"{"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
            "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000}"#;
        Architecture::from_config_json(config).expect("config")
    }

    #[test]
    fn llama_cpp_compute_buffer_is_near_the_logged_value() {
        let mib = llama_cpp_compute_bytes(&llama2_7b(), 4096, false).0 as f64 / (1u64 << 20) as f64;
        assert!((296.0 * 0.85..=308.0 * 1.15).contains(&mib), "{mib} MiB");
        assert!(llama_cpp_compute_bytes(&llama2_7b(), 4096, true).0 < llama_cpp_compute_bytes(&llama2_7b(), 4096, false).0);
    }

    #[test]
    fn checkpointing_shrinks_training_activations() {
        let arch = llama2_7b();
        let none = training_activation_bytes(&arch, 2048, 1, Checkpointing::None, false).0;
        let selective = training_activation_bytes(&arch, 2048, 1, Checkpointing::Selective, false).0;
        let full = training_activation_bytes(&arch, 2048, 1, Checkpointing::Full, false).0;
        let flash = training_activation_bytes(&arch, 2048, 1, Checkpointing::None, true).0;
        assert!(none > selective && selective > full, "{none} > {selective} > {full}");
        assert_eq!(flash, selective, "flash attention saves exactly the scores");
    }

    #[test]
    fn gpt_layer_matches_korthikanti_without_dropout_masks() {
        // A GPT layer (4h GeLU MLP, MHA): our elements are 2 × (4h + 3h + h + 2a + 8h) bytes per
        // token ≈ 32h + 4a; Korthikanti's 34h includes 2 × 1-byte dropout masks we do not have.
        let config = br#"{"model_type": "gpt2", "n_embd": 1024, "n_layer": 1, "n_head": 16, "vocab_size": 1}"#;
        let arch = Architecture::from_config_json(config).expect("config");
        assert_eq!(2 * layer_elements_per_token(&arch), 32 * 1024 + 4 * 16);
    }
}
