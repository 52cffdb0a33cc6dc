//! Exact parameter counts from an [`Architecture`].
//!
//! The count follows the module layout of each family's `modeling_*.py` in huggingface/transformers
//! (what `sum(p.numel() for p in model.parameters())` returns, tied weights once, buffers
//! excluded). Linear weights are kept per layer and per role, because quantizers treat roles
//! differently (llama.cpp gives `attn_v` and `ffn_down` more bits in its K-quant mixes).

use crate::core::architecture::{Architecture, Family, Norm};
use crate::core::units::{Params, MAX_PARAMS};

/// Weights of the 2-D linear layers in one layer, by the role llama.cpp names them with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Linears {
    /// Query and key projections (and MLA's down-projections; Falcon's fused QKV).
    pub attn_qk: u64,
    /// Value projection (MLA: `kv_b_proj`).
    pub attn_v: u64,
    /// Attention output projection (T5: also its cross-attention).
    pub attn_out: u64,
    /// MLP gate and up projections, dense, shared and routed.
    pub ffn_in: u64,
    /// MLP down projections, dense, shared and routed.
    pub ffn_down: u64,
}

impl Linears {
    pub fn total(&self) -> u64 {
        self.attn_qk + self.attn_v + self.attn_out + self.ffn_in + self.ffn_down
    }
}

/// One transformer layer's parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LayerParams {
    pub linears: Linears,
    /// Norms, biases, routers, attention sinks: small tensors quantizers leave in 16/32 bits.
    pub other: u64,
    /// Routed-expert parameters in this layer (weights in `linears`, biases in `other`).
    pub routed: u64,
    /// Routed-expert parameters one token uses.
    pub routed_active: u64,
    /// Sum of the input widths of this layer's linear matrices (GPTQ stores an int32 `g_idx`
    /// per input row of every matrix).
    pub matrix_inputs: u64,
}

impl LayerParams {
    pub fn total(&self) -> u64 {
        self.linears.total() + self.other
    }
}

/// A model's parameters, by where they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamCount {
    /// Token, position and token-type embedding tables.
    pub embedding: u64,
    /// The output head when it is not tied to the embeddings; 0 when tied.
    pub lm_head: u64,
    /// Every layer in order (T5: encoder layers, then decoder layers).
    pub layers: Vec<LayerParams>,
    /// Parameters outside the layers besides embeddings and head: final norms, BERT's pooler and
    /// embedding norm, T5's relative-position tables.
    pub outside_layers: u64,
}

/// The count exceeded [`MAX_PARAMS`]: the config describes no real model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooManyParams;

impl std::fmt::Display for TooManyParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "this config describes more than 10¹⁵ parameters; no real model is that large")
    }
}

impl std::error::Error for TooManyParams {}

impl ParamCount {
    /// Every parameter, tied weights once.
    pub fn total(&self) -> Params {
        Params(self.embedding + self.lm_head + self.outside_layers + self.layers.iter().map(LayerParams::total).sum::<u64>())
    }

    /// Parameters one token passes through: all but the routed experts it is not sent to.
    /// (Embedding and head included, as Mixtral's "12.9B active" and DeepSeek-V3's "37B" count.)
    pub fn active(&self) -> Params {
        let unused: u64 = self.layers.iter().map(|l| l.routed.saturating_sub(l.routed_active)).sum();
        Params(self.total().0.saturating_sub(unused))
    }

    /// Linear weights of all layers, by role.
    pub fn linears(&self) -> Linears {
        self.layers.iter().fold(Linears::default(), |sum, l| Linears {
            attn_qk: sum.attn_qk + l.linears.attn_qk,
            attn_v: sum.attn_v + l.linears.attn_v,
            attn_out: sum.attn_out + l.linears.attn_out,
            ffn_in: sum.ffn_in + l.linears.ffn_in,
            ffn_down: sum.ffn_down + l.linears.ffn_down,
        })
    }

    /// Sum of the input widths of every linear matrix in the layers.
    pub fn matrix_inputs(&self) -> u64 {
        self.layers.iter().map(|l| l.matrix_inputs).sum()
    }

    /// Parameters that are not linear weights inside layers: embeddings, head, norms, biases,
    /// routers. Quantization schemes usually keep these in 16 or 32 bits.
    pub fn non_linear(&self) -> u64 {
        self.total().0 - self.linears().total()
    }
}

/// Counts an architecture's parameters exactly (for known families).
pub fn count_params(arch: &Architecture) -> Result<ParamCount, TooManyParams> {
    // Widths are bounded by the config reader (≤ 2²⁰, ≤ 2²⁴ vocab, ≤ 10⁴ layers), so each
    // product below fits in u64; the layer sum is checked.
    let h = arch.hidden;
    let embedding = arch.vocab * h + arch.learned_positions * h * u64::from(arch.family != Family::T5) + arch.token_types * h;
    let lm_head = if arch.tied_embeddings { 0 } else { arch.vocab * h };
    let final_norm = arch.norm.params(h);
    let (layers, outside_layers) = match arch.family {
        Family::T5 => {
            let relative_positions = arch.learned_positions * arch.heads;
            let mut layers: Vec<LayerParams> = (0..arch.encoder_layers).map(|_| t5_layer(arch, false)).collect();
            layers.extend((0..arch.layers).map(|_| t5_layer(arch, true)));
            (layers, 2 * (final_norm + relative_positions))
        }
        Family::Bert => {
            let embedding_norm = Norm::LayerNorm.params(h);
            let pooler = h * h + h;
            ((0..arch.layers).map(|i| decoder_layer(arch, i)).collect(), embedding_norm + pooler)
        }
        _ => ((0..arch.layers).map(|i| decoder_layer(arch, i)).collect(), final_norm),
    };
    let count = ParamCount { embedding, lm_head, layers, outside_layers };
    let total: u128 = u128::from(count.embedding + count.lm_head + count.outside_layers)
        + count.layers.iter().map(|l| u128::from(l.total())).sum::<u128>();
    if total > u128::from(MAX_PARAMS) {
        return Err(TooManyParams);
    }
    Ok(count)
}

/// One decoder (or BERT encoder) layer: attention, MLP or MoE, norms.
fn decoder_layer(arch: &Architecture, index: u64) -> LayerParams {
    let h = arch.hidden;
    let mut layer = LayerParams::default();
    let l = &mut layer.linears;
    match arch.mla {
        Some(mla) => {
            let q_width = arch.heads * (mla.qk_nope_head_dim + mla.qk_rope_head_dim);
            match mla.q_lora_rank {
                Some(rank) => {
                    l.attn_qk += h * rank + rank * q_width;
                    layer.other += rank; // q_a_layernorm
                }
                None => l.attn_qk += h * q_width,
            }
            l.attn_qk += h * (mla.kv_lora_rank + mla.qk_rope_head_dim);
            layer.other += mla.kv_lora_rank; // kv_a_layernorm
            l.attn_v += mla.kv_lora_rank * arch.heads * (mla.qk_nope_head_dim + mla.v_head_dim);
            l.attn_out += arch.heads * mla.v_head_dim * h;
            let q_inputs = mla.q_lora_rank.map_or(h, |rank| h + rank);
            layer.matrix_inputs += q_inputs + h + mla.kv_lora_rank + arch.heads * mla.v_head_dim;
        }
        None => {
            let q = arch.heads * arch.head_dim;
            let kv = arch.kv_heads * arch.head_dim;
            l.attn_qk += h * (q + kv);
            l.attn_v += h * kv;
            l.attn_out += q * h;
            layer.matrix_inputs += 3 * h + q;
            if arch.qkv_bias {
                layer.other += q + 2 * kv;
            }
            if arch.out_bias {
                layer.other += h;
            }
            if arch.qk_norm {
                layer.other += 2 * arch.head_dim;
            }
            if arch.attention_sinks {
                layer.other += arch.heads;
            }
        }
    }
    match arch.moe {
        Some(moe) if index >= moe.dense_layers => {
            let e = moe.expert_intermediate;
            let expert = 3 * h * e;
            l.ffn_in += moe.experts * 2 * h * e + 2 * h * moe.shared_intermediate;
            l.ffn_down += moe.experts * e * h + moe.shared_intermediate * h;
            layer.routed = moe.experts * expert;
            layer.routed_active = moe.experts_per_token * expert;
            layer.other += h * moe.experts; // router
            let shared_matrices = if moe.shared_intermediate > 0 { 2 * h + moe.shared_intermediate } else { 0 };
            layer.matrix_inputs += moe.experts * (2 * h + e) + shared_matrices;
            if moe.biases {
                // Router bias, and each expert's own biases (which go with that expert).
                let expert_biases = 2 * e + h;
                layer.other += moe.experts + moe.experts * expert_biases;
                layer.routed += moe.experts * expert_biases;
                layer.routed_active += moe.experts_per_token * expert_biases;
            }
            if moe.shared_expert_gate {
                layer.other += h;
            }
        }
        _ => {
            let i = arch.intermediate;
            let inputs = if arch.gated_mlp { 2 } else { 1 };
            l.ffn_in += inputs * h * i;
            l.ffn_down += i * h;
            layer.matrix_inputs += inputs * h + i;
            if arch.mlp_bias {
                layer.other += inputs * i + h;
            }
        }
    }
    layer.other += arch.norms_per_layer * arch.norm.params(h);
    layer
}

/// One T5 layer: self-attention (+ cross-attention in the decoder), MLP, a norm per sub-block.
fn t5_layer(arch: &Architecture, decoder: bool) -> LayerParams {
    let h = arch.hidden;
    let inner = arch.heads * arch.head_dim;
    let attention_blocks = if decoder { 2 } else { 1 };
    let inputs = if arch.gated_mlp { 2 } else { 1 };
    LayerParams {
        linears: Linears {
            attn_qk: attention_blocks * 2 * h * inner,
            attn_v: attention_blocks * h * inner,
            attn_out: attention_blocks * inner * h,
            ffn_in: inputs * h * arch.intermediate,
            ffn_down: arch.intermediate * h,
        },
        other: (attention_blocks + 1) * arch.norm.params(h),
        routed: 0,
        routed_active: 0,
        matrix_inputs: attention_blocks * (3 * h + inner) + inputs * h + arch.intermediate,
    }
}
