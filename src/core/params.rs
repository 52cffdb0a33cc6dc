//! Exact parameter counts from an [`Architecture`].
//!
//! The count follows the module layout of each family's `modeling_*.py` in huggingface/transformers
//! (what `sum(p.numel() for p in model.parameters())` returns, tied weights once, buffers
//! excluded). Linear weights are kept per layer and per role, because quantizers treat roles
//! differently (llama.cpp gives `attn_v` and `ffn_down` more bits in its K-quant mixes).

use crate::core::architecture::{Architecture, AttentionShape, CompressedAttention, Family, Ffn, GatedDeltaNet, Layer, Mixer, Mla, Moe, Norm, QkNorm, Span, Ssm, SsmKind};
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
    /// The same parameters by role.
    pub parts: Parts,
}

/// What a layer's parameters do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Attention,
    LinearAttention,
    Ssm,
    DenseMlp,
    RoutedExperts,
    SharedExperts,
    Router,
    Norms,
}

impl Role {
    const ALL: [Role; 8] = [
        Role::Attention,
        Role::LinearAttention,
        Role::Ssm,
        Role::DenseMlp,
        Role::RoutedExperts,
        Role::SharedExperts,
        Role::Router,
        Role::Norms,
    ];
}

/// Parameters by role (in a layer, or summed over the model).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts {
    pub attention: u64,
    pub linear_attention: u64,
    pub ssm: u64,
    pub dense_mlp: u64,
    pub routed_experts: u64,
    pub shared_experts: u64,
    pub router: u64,
    pub norms: u64,
}

impl Parts {
    fn slot(&mut self, role: Role) -> &mut u64 {
        match role {
            Role::Attention => &mut self.attention,
            Role::LinearAttention => &mut self.linear_attention,
            Role::Ssm => &mut self.ssm,
            Role::DenseMlp => &mut self.dense_mlp,
            Role::RoutedExperts => &mut self.routed_experts,
            Role::SharedExperts => &mut self.shared_experts,
            Role::Router => &mut self.router,
            Role::Norms => &mut self.norms,
        }
    }

    fn add(&mut self, role: Role, n: u64) {
        *self.slot(role) += n;
    }

    pub fn get(mut self, role: Role) -> u64 {
        *self.slot(role)
    }

    fn plus(mut self, other: Parts) -> Parts {
        for role in Role::ALL {
            self.add(role, other.get(role));
        }
        self
    }
}

/// A model's parameters by part, as the CLI's `parts` reports them: embeddings, head, the
/// layers by role, what else sits outside the layers, the vision tower, and MTP layers (not in
/// the total unless included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartsReport {
    pub embedding: u64,
    pub per_layer_embedding: u64,
    pub head: u64,
    pub attention: u64,
    pub linear_attention: u64,
    pub ssm: u64,
    pub dense_mlp: u64,
    pub routed_experts: u64,
    pub shared_experts: u64,
    pub router: u64,
    pub norms: u64,
    pub other: u64,
    pub vision: u64,
    pub audio: u64,
    pub mtp: u64,
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
    /// Gemma's per-layer-input embedding table (a lookup, like `embedding`).
    pub per_layer_embedding: u64,
    /// Every layer in order (T5: encoder layers, then decoder layers).
    pub layers: Vec<LayerParams>,
    /// Parameters outside the layers besides embeddings and head: final norms, BERT's pooler and
    /// embedding norm, T5's relative-position tables.
    pub outside_layers: u64,
    /// The vision encoder and projector (0 without one).
    pub vision: u64,
    /// The audio encoder and projector (0 without one).
    pub audio: u64,
    /// Multi-token-prediction layers; not in [`ParamCount::total`] (transformers does not
    /// build them; engines load them only for speculative decoding).
    pub mtp: u64,
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
    /// The count with the MTP layers loaded as well (speculative decoding with the model's own
    /// draft layers, as vLLM's and SGLang's `--speculative-config` with an MTP method do).
    pub fn with_mtp(mut self, arch: &Architecture) -> ParamCount {
        if self.mtp > 0 {
            let layer = mtp_layer(arch);
            let layers = arch.mtp.map_or(0, |m| m.layers);
            self.layers.extend((0..layers).map(|_| layer));
            self.mtp = 0;
        }
        self
    }

    /// The count without the vision and audio towers (a text-only deployment).
    pub fn without_vision(mut self) -> ParamCount {
        self.vision = 0;
        self.audio = 0;
        self
    }

    pub fn total(&self) -> Params {
        Params(self.embedding + self.lm_head + self.per_layer_embedding + self.outside_layers + self.vision + self.audio + self.layers.iter().map(LayerParams::total).sum::<u64>())
    }

    /// Parameters by part.
    pub fn parts(&self) -> PartsReport {
        let layers = self.layers.iter().fold(Parts::default(), |sum, l| sum.plus(l.parts));
        PartsReport {
            embedding: self.embedding,
            per_layer_embedding: self.per_layer_embedding,
            head: self.lm_head,
            attention: layers.attention,
            linear_attention: layers.linear_attention,
            ssm: layers.ssm,
            dense_mlp: layers.dense_mlp,
            routed_experts: layers.routed_experts,
            shared_experts: layers.shared_experts,
            router: layers.router,
            norms: layers.norms,
            other: self.outside_layers,
            vision: self.vision,
            audio: self.audio,
            mtp: self.mtp,
        }
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
            (arch.plan.iter().map(|l| layer_params(arch, l)).collect(), embedding_norm + pooler)
        }
        _ => {
            // DeepSeek V4's hc_head: n × n·h weights, n biases and a scale.
            let n = arch.hyper_connections;
            let hc_head = if n > 0 { n * n * h + n + 1 } else { 0 };
            (arch.plan.iter().map(|l| layer_params(arch, l)).collect(), final_norm + arch.outside_extra + hc_head)
        }
    };
    let mtp_layers = arch.mtp.map_or(0, |mtp| mtp.layers);
    let mtp = if mtp_layers > 0 { u128::from(mtp_layers) * u128::from(mtp_layer(arch).total()) } else { 0 };
    let total: u128 = u128::from(embedding) + u128::from(lm_head) + u128::from(arch.per_layer_embedding) + u128::from(outside_layers) + u128::from(arch.vision_params) + u128::from(arch.audio_params)
        + mtp
        + layers.iter().map(|l| u128::from(l.total())).sum::<u128>();
    if total > u128::from(MAX_PARAMS) {
        return Err(TooManyParams);
    }
    Ok(ParamCount { embedding, lm_head, per_layer_embedding: arch.per_layer_embedding, layers, outside_layers, vision: arch.vision_params, audio: arch.audio_params, mtp: mtp as u64 })
}

/// Adds a layer's tensors to its role and its quantization slot.
impl LayerParams {
    /// `count` matrices of `input × output` in `slot`, belonging to `role`.
    fn matrices(&mut self, role: Role, slot: Slot, count: u64, input: u64, output: u64) {
        let n = count * input * output;
        let l = &mut self.linears;
        match slot {
            Slot::Qk => l.attn_qk += n,
            Slot::V => l.attn_v += n,
            Slot::Out => l.attn_out += n,
            Slot::FfnIn => l.ffn_in += n,
            Slot::FfnDown => l.ffn_down += n,
        }
        // A matrix that is not there (`output` 0) has no input rows either.
        self.matrix_inputs += if output == 0 { 0 } else { count * input };
        self.parts.add(role, n);
    }

    fn matrix(&mut self, role: Role, slot: Slot, input: u64, output: u64) {
        self.matrices(role, slot, 1, input, output);
    }

    /// Norms, biases, convolutions, decays: small tensors kept in 16/32 bits.
    fn small(&mut self, role: Role, n: u64) {
        self.other += n;
        self.parts.add(role, n);
    }
}

/// Which linear-weight slot a matrix fills (the roles llama.cpp's quantization recipes name).
#[derive(Clone, Copy)]
enum Slot {
    Qk,
    V,
    Out,
    FfnIn,
    FfnDown,
}

/// One layer of the plan: its token mixer, its channel mixer, its norms.
fn layer_params(arch: &Architecture, layer: &Layer) -> LayerParams {
    let h = arch.hidden;
    let mut p = LayerParams::default();
    match layer.mixer {
        Mixer::SharedKv { shape, .. } => attention(arch, shape, AttentionWeights::QueryOnly, &mut p),
        Mixer::Attention { shape, span } => {
            let weights = if arch.attention_k_eq_v && span == Span::Full { AttentionWeights::KeyAsValue } else { AttentionWeights::All };
            attention(arch, shape, weights, &mut p);
            // Mllama's cross-attention: a q and a k norm over one head, and two tanh gates.
            match span {
                Span::Image { .. } => p.small(Role::Attention, 2 * shape.head_dim + 2),
                // MiMoV2FlashAttention: a learned sink logit per head in sliding-window layers.
                Span::Sliding { .. } if arch.family == Family::MiMoV2 => p.small(Role::Attention, shape.heads),
                _ => {}
            }
            if let (true, Some(ssm)) = (arch.parallel_ssm, arch.ssm) {
                mamba(h, ssm, &mut p);
            }
        }
        Mixer::Mla => {
            if let Some(mla) = arch.mla {
                mla_attention(arch, mla, &mut p);
            }
        }
        Mixer::GatedDeltaNet => {
            if let Some(gdn) = arch.linear_attention {
                gated_deltanet(h, gdn, &mut p);
            }
        }
        Mixer::Mamba => {
            if let Some(ssm) = arch.ssm {
                mamba(h, ssm, &mut p);
            }
        }
        Mixer::Compressed { ratio } => {
            if let Some(attention) = arch.compressed {
                compressed_attention(arch, attention, ratio, &mut p);
            }
        }
        Mixer::Linear => p.matrix(Role::Attention, Slot::Out, h, h),
        Mixer::None => {}
    }
    match layer.ffn {
        Ffn::Dense { width } => dense_mlp(arch, width, Role::DenseMlp, &mut p),
        Ffn::Moe => {
            if let Some(moe) = arch.moe {
                experts(arch, moe, &mut p);
            }
        }
        Ffn::DenseAndMoe { width } => {
            dense_mlp(arch, width, Role::DenseMlp, &mut p);
            if let Some(moe) = arch.moe {
                experts(arch, moe, &mut p);
            }
        }
        Ffn::Linear => p.matrix(Role::DenseMlp, Slot::FfnDown, h, h),
        Ffn::None => {}
    }
    p.small(Role::Norms, arch.layer_extra + 2 * hyper_connection(h, arch.hyper_connections));
    // DeciLM, Nemotron-H and Mamba-2 put one norm before each sub-block that is there.
    let norms = match arch.family {
        Family::DeciLm | Family::NemotronH | Family::Mamba2 => u64::from(layer.mixer != Mixer::None) + u64::from(layer.ffn != Ffn::None),
        _ => arch.norms_per_layer,
    };
    p.small(Role::Norms, norms * arch.norm.params(h));
    p
}

/// Attention with its own head layout: q (twice as wide with an output gate), k, v, o;
/// biases, query/key norms and attention sinks as the family has them.
fn attention(arch: &Architecture, shape: AttentionShape, weights: AttentionWeights, p: &mut LayerParams) {
    let h = arch.hidden;
    let q = shape.heads * shape.head_dim;
    let k = if weights == AttentionWeights::QueryOnly { 0 } else { shape.kv_heads * shape.head_dim };
    let v = if weights == AttentionWeights::All { shape.kv_heads * shape.v_head_dim } else { 0 };
    let gate = if arch.attention_output_gate { 2 } else { 1 };
    p.matrix(Role::Attention, Slot::Qk, h, gate * q);
    p.matrix(Role::Attention, Slot::Qk, h, k);
    p.matrix(Role::Attention, Slot::V, h, v);
    p.matrix(Role::Attention, Slot::Out, shape.heads * shape.v_head_dim, h);
    if arch.qkv_bias {
        p.small(Role::Attention, q + k + v);
    }
    if arch.out_bias {
        p.small(Role::Attention, h);
    }
    match arch.qk_norm {
        QkNorm::PerHead => p.small(Role::Attention, if k > 0 { 2 } else { 1 } * shape.head_dim),
        QkNorm::Full => p.small(Role::Attention, q + k),
        QkNorm::None => {}
    }
    if arch.attention_sinks {
        p.small(Role::Attention, shape.heads);
    }
}

/// DeepseekV4Attention: q_a_proj (h → q_lora) with its norm, q_b_proj (q_lora → heads·d),
/// one shared kv_proj (h → d) with its norm, the grouped o_a_proj (heads·d/g → g·o_lora per
/// group) and o_b_proj (g·o_lora → h), a sink per head. HCA layers add a compressor (kv and
/// gate h → d, a ratio × d position bias, a norm); CSA layers a double-width one and the
/// Lightning indexer (the same at index width, a q_lora → heads·width query, a scorer h → heads).
fn compressed_attention(arch: &Architecture, a: CompressedAttention, ratio: u64, p: &mut LayerParams) {
    let (h, d, heads) = (arch.hidden, a.head_dim, arch.heads);
    p.matrix(Role::Attention, Slot::Qk, h, a.q_lora_rank);
    p.matrix(Role::Attention, Slot::Qk, a.q_lora_rank, heads * d);
    p.matrix(Role::Attention, Slot::V, h, d);
    p.matrix(Role::Attention, Slot::Out, heads * d / a.o_groups, a.o_groups * a.o_lora_rank);
    p.matrix(Role::Attention, Slot::Out, a.o_groups * a.o_lora_rank, h);
    p.small(Role::Attention, a.q_lora_rank + d + heads);
    if ratio == 0 {
        return;
    }
    let sparse = ratio == a.sparse_ratio;
    let width = if sparse { 2 * d } else { d };
    p.matrices(Role::Attention, Slot::Qk, 2, h, width);
    p.small(Role::Attention, ratio * width + d);
    if sparse {
        let i = a.indexer;
        p.matrices(Role::Attention, Slot::Qk, 2, h, 2 * i.head_dim);
        p.small(Role::Attention, ratio * 2 * i.head_dim + i.head_dim);
        p.matrix(Role::Attention, Slot::Qk, a.q_lora_rank, i.heads * i.head_dim);
        p.matrix(Role::Attention, Slot::Qk, h, i.heads);
    }
}

/// One DeepseekV4HyperConnection over `n` streams: a (2 + n)·n × n·h mixing weight, its
/// (2 + n)·n bias and three scales; none without hyper-connections.
fn hyper_connection(h: u64, n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        (2 + n) * n * n * h + (2 + n) * n + 3
    }
}

/// Which of an attention layer's projections exist.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AttentionWeights {
    All,
    /// Values are the key projection (Gemma 4's `attention_k_eq_v` global layers).
    KeyAsValue,
    /// Keys and values come from an earlier layer ([`Mixer::SharedKv`]).
    QueryOnly,
}

/// MLA (DeepseekV3Attention): q through its low-rank pair (or directly), the joint KV
/// down-projection with the rope key, the KV up-projection, the output; DSA's indexer
/// (`wq_b`, `wk`, its LayerNorm, `weights_proj`).
fn mla_attention(arch: &Architecture, mla: Mla, p: &mut LayerParams) {
    let h = arch.hidden;
    let q_width = arch.heads * (mla.qk_nope_head_dim + mla.qk_rope_head_dim);
    match mla.q_lora_rank {
        Some(rank) => {
            p.matrix(Role::Attention, Slot::Qk, h, rank);
            p.matrix(Role::Attention, Slot::Qk, rank, q_width);
            p.small(Role::Attention, rank); // q_a_layernorm
        }
        None => p.matrix(Role::Attention, Slot::Qk, h, q_width),
    }
    p.matrix(Role::Attention, Slot::Qk, h, mla.kv_lora_rank + mla.qk_rope_head_dim);
    p.small(Role::Attention, mla.kv_lora_rank); // kv_a_layernorm
    p.matrix(Role::Attention, Slot::V, mla.kv_lora_rank, arch.heads * (mla.qk_nope_head_dim + mla.v_head_dim));
    p.matrix(Role::Attention, Slot::Out, arch.heads * mla.v_head_dim, h);
    if let Some(indexer) = mla.indexer {
        p.matrix(Role::Attention, Slot::Qk, mla.q_lora_rank.unwrap_or(h), indexer.heads * indexer.head_dim);
        p.matrix(Role::Attention, Slot::Qk, h, indexer.head_dim);
        p.small(Role::Attention, 2 * indexer.head_dim);
        p.small(Role::Attention, h * indexer.heads);
    }
}

/// Qwen3NextGatedDeltaNet: `in_proj_qkvz` (h → 2·key_dim + 2·value_dim), `in_proj_ba`
/// (h → 2·value_heads), a depthwise causal convolution over q, k, v without bias, per-head
/// `dt_bias` and `A_log`, a gated RMSNorm over one value head, `out_proj`.
fn gated_deltanet(h: u64, gdn: GatedDeltaNet, p: &mut LayerParams) {
    p.matrix(Role::LinearAttention, Slot::Qk, h, 2 * gdn.key_dim() + 2 * gdn.value_dim());
    p.matrix(Role::LinearAttention, Slot::Qk, h, 2 * gdn.value_heads);
    p.small(Role::LinearAttention, gdn.conv_dim() * gdn.conv_kernel + 2 * gdn.value_heads + gdn.value_head_dim);
    p.matrix(Role::LinearAttention, Slot::Out, gdn.value_dim(), h);
}

/// A Mamba block. Mamba-2 (Mamba2Mixer, NemotronHMamba2Mixer): `in_proj` (h → 2·inner +
/// 2·groups·state + heads), the convolution over x, B, C, per-head `dt_bias`, `A_log`, `D`, a
/// gated RMSNorm over `inner`, `out_proj`. Mamba-1 (JambaMambaMixer): `in_proj` (h → 2·inner),
/// the convolution, `x_proj` (inner → dt_rank + 2·state), `dt_proj` with bias, `A_log`
/// (inner × state), `D`, `out_proj`, and Jamba's norms on dt, B and C.
fn mamba(h: u64, ssm: Ssm, p: &mut LayerParams) {
    let conv = ssm.conv_dim() * ssm.conv_kernel + if ssm.conv_bias { ssm.conv_dim() } else { 0 };
    let proj_bias = |width: u64| if ssm.proj_bias { width } else { 0 };
    match ssm.kind {
        SsmKind::Mamba2 { heads, groups, gated_norm, .. } => {
            let projected = 2 * ssm.inner + 2 * groups * ssm.state + heads;
            p.matrix(Role::Ssm, Slot::Qk, h, projected);
            p.small(Role::Ssm, proj_bias(projected) + conv + 3 * heads + if gated_norm { ssm.inner } else { 0 });
        }
        SsmKind::Mamba1 { dt_rank, inner_layernorms } => {
            p.matrix(Role::Ssm, Slot::Qk, h, 2 * ssm.inner);
            p.matrix(Role::Ssm, Slot::Qk, ssm.inner, dt_rank + 2 * ssm.state);
            p.matrix(Role::Ssm, Slot::V, dt_rank, ssm.inner);
            let norms = if inner_layernorms { dt_rank + 2 * ssm.state } else { 0 };
            p.small(Role::Ssm, proj_bias(2 * ssm.inner) + conv + ssm.inner + ssm.inner * ssm.state + ssm.inner + norms);
        }
    }
    p.matrix(Role::Ssm, Slot::Out, ssm.inner, h);
    p.small(Role::Ssm, proj_bias(h));
}

/// A dense MLP of `width`: gate, up and down (or up and down), with biases if the family has them.
fn dense_mlp(arch: &Architecture, width: u64, role: Role, p: &mut LayerParams) {
    let h = arch.hidden;
    let inputs = if arch.gated_mlp { 2 } else { 1 };
    p.matrices(role, Slot::FfnIn, inputs, h, width);
    p.matrix(role, Slot::FfnDown, width, h);
    if arch.mlp_bias {
        p.small(role, inputs * width + h);
    }
}

/// Routed experts (gated, or up/down only), their router, and the shared expert(s).
fn experts(arch: &Architecture, moe: Moe, p: &mut LayerParams) {
    let h = arch.hidden;
    let e = moe.expert_intermediate;
    let inputs = if moe.plain_experts { 1 } else { 2 };
    p.matrices(Role::RoutedExperts, Slot::FfnIn, moe.experts * inputs, h, e);
    p.matrices(Role::RoutedExperts, Slot::FfnDown, moe.experts, e, h);
    p.small(Role::Router, h * moe.experts);
    if moe.router_bias {
        p.small(Role::Router, moe.experts);
    }
    if moe.biases {
        // Router bias, and each expert's own biases (which go with that expert).
        p.small(Role::Router, moe.experts);
        p.small(Role::RoutedExperts, moe.experts * (inputs * e + h));
    }
    if moe.shared_intermediate > 0 {
        let s = moe.shared_intermediate;
        p.matrices(Role::SharedExperts, Slot::FfnIn, inputs, h, s);
        p.matrix(Role::SharedExperts, Slot::FfnDown, s, h);
        if moe.shared_expert_gate {
            p.small(Role::SharedExperts, h);
        }
    }
    let routed = p.parts.get(Role::RoutedExperts);
    p.routed = routed;
    p.routed_active = routed / moe.experts * moe.experts_per_token;
}

/// One DeepSeek MTP module (DeepseekV3 `model.layers.{n}` past the last layer in the
/// checkpoints): `enorm` and `hnorm`, `eh_proj` (2h → h), one more decoder layer like the last,
/// and its own `shared_head.norm` (the head itself is shared).
fn mtp_layer(arch: &Architecture) -> LayerParams {
    let h = arch.hidden;
    let block = arch.mtp.and_then(|m| m.block).or(arch.plan.last().copied());
    let mut layer = block.map_or_else(LayerParams::default, |l| layer_params(arch, &l));
    layer.matrix(Role::Attention, Slot::Qk, 2 * h, h);
    layer.small(Role::Norms, 3 * arch.norm.params(h));
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
        parts: Parts {
            attention: attention_blocks * 4 * h * inner,
            dense_mlp: (inputs + 1) * h * arch.intermediate,
            norms: (attention_blocks + 1) * arch.norm.params(h),
            ..Parts::default()
        },
    }
}

impl crate::core::to_json::ToJson for PartsReport {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("embedding", &self.embedding);
        json.nonzero("per_layer_embedding", self.per_layer_embedding);
        for (key, n) in [
            ("head", self.head),
            ("attention", self.attention),
            ("linear_attention", self.linear_attention),
            ("ssm", self.ssm),
            ("dense_mlp", self.dense_mlp),
            ("routed_experts", self.routed_experts),
            ("shared_experts", self.shared_experts),
            ("router", self.router),
            ("norms", self.norms),
            ("other", self.other),
            ("vision", self.vision),
        ] {
            json.field(key, &n);
        }
        json.nonzero("audio", self.audio);
        json.field("mtp", &self.mtp);
        json.end_object();
    }
}
