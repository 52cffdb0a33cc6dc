//! A model's architecture, read from a Hugging Face `config.json`, as a plan of layers.
//!
//! Each layer has a token mixer (attention, MLA, Gated DeltaNet, Mamba, or none) and a channel
//! mixer (a dense MLP of its own width, mixture-of-experts, or none), because the models of
//! 2025–2026 mix them: Qwen3-Next has attention in one layer of four, Nemotron-H interleaves
//! Mamba-2, attention and MLP blocks, Llama 4 Maverick puts experts in every second layer.
//! Outside the layers sit the embeddings, the head, the vision tower and MTP layers.
//!
//! Field names and defaults follow each family's `configuration_*.py` in huggingface/transformers
//! (the class and the version are named where a default is taken). Every dimension is bounded
//! before it is used, so a hostile config cannot overflow the counts.

mod classic;
mod decoder;
mod hybrid;
mod tensors;
mod vision;

use std::fmt;

use crate::core::from_json::{Map, Value};

use crate::core::i18n::Key;
use crate::core::units::Params;


/// Model families whose parameter count is exact; anything else is [`Family::Generic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Llama,
    Mistral,
    Mixtral,
    Qwen2,
    Qwen2Moe,
    Qwen3,
    Qwen3Moe,
    /// Qwen3-Next and Qwen3.5 / 3.6 (dense and MoE): Gated DeltaNet plus gated attention.
    Qwen3Next,
    Gemma,
    Gemma2,
    Gemma3Text,
    Phi3,
    Falcon,
    Gpt2,
    GptNeox,
    Opt,
    Bert,
    T5,
    DeepseekV2,
    /// DeepSeek V3 and the MLA models built on it (Kimi K2, DeepSeek V3.2, GLM-5).
    DeepseekV3,
    /// DeepSeek V4: compressed attention with one shared key/value head, hyper-connections.
    DeepseekV4,
    GptOss,
    Llama4,
    SmolLm3,
    Glm4,
    Glm4Moe,
    Olmo2,
    Ernie45,
    Ernie45Moe,
    SeedOss,
    Exaone4,
    Hunyuan,
    HunyuanMoe,
    MiniMaxM2,
    /// DeciLM / Nemotron-NAS: every block has its own attention and FFN (`block_configs`).
    DeciLm,
    NemotronH,
    GraniteMoeHybrid,
    Jamba,
    Mamba2,
    /// MiMo-V2-Flash: sliding-window layers with twice the KV heads and attention sinks, value
    /// heads narrower than key heads.
    MiMoV2,
    /// Gemma 3n: Gemma 4's per-layer inputs and KV sharing with AltUp and LAuReL blocks,
    /// per-layer MLP widths, MobileNetV5 vision and Conformer audio towers.
    Gemma3n,
    /// Gemma 4: global layers with their own head size (and KV heads), per-layer embeddings,
    /// KV shared across the last layers, an optional MoE block beside the MLP.
    Gemma4,
    /// Llama 3.2 Vision: a Llama decoder whose `cross_attention_layers` attend to the image.
    Mllama,
    /// Falcon-H1: attention and a Mamba-2 mixer side by side in every layer.
    FalconH1,
    /// An unknown `model_type` read as a Llama-style decoder: approximate.
    Generic,
    /// A checkpoint without its config, read from its tensor names and shapes (`tensors.rs`).
    FromTensors,
}

impl Family {
    fn from_model_type(model_type: &str) -> Family {
        match model_type {
            "llama" => Family::Llama,
            "mistral" | "ministral" => Family::Mistral,
            "mixtral" => Family::Mixtral,
            "qwen2" | "qwen2_5_vl_text" | "qwen2_5_vl" => Family::Qwen2,
            "qwen2_moe" => Family::Qwen2Moe,
            "qwen3" | "qwen3_vl" | "qwen3_vl_text" => Family::Qwen3,
            "qwen3_moe" | "qwen3_vl_moe" | "qwen3_vl_moe_text" => Family::Qwen3Moe,
            "qwen3_next" | "qwen3_5" | "qwen3_5_text" | "qwen3_5_moe" | "qwen3_5_moe_text" => Family::Qwen3Next,
            "gemma" => Family::Gemma,
            "gemma2" => Family::Gemma2,
            "gemma3_text" | "gemma3" => Family::Gemma3Text,
            "phi3" => Family::Phi3,
            "falcon" => Family::Falcon,
            "gpt2" => Family::Gpt2,
            "gpt_neox" => Family::GptNeox,
            "opt" => Family::Opt,
            "bert" => Family::Bert,
            "t5" => Family::T5,
            "deepseek_v2" => Family::DeepseekV2,
            "deepseek_v3" | "kimi_k2" | "deepseek_v32" | "glm_moe_dsa" => Family::DeepseekV3,
            "deepseek_v4" => Family::DeepseekV4,
            "gpt_oss" => Family::GptOss,
            "llama4" | "llama4_text" => Family::Llama4,
            "smollm3" => Family::SmolLm3,
            "glm4" => Family::Glm4,
            "glm4_moe" => Family::Glm4Moe,
            "olmo2" | "olmo3" => Family::Olmo2,
            "ernie4_5" => Family::Ernie45,
            "ernie4_5_moe" => Family::Ernie45Moe,
            "seed_oss" => Family::SeedOss,
            "exaone4" => Family::Exaone4,
            "hunyuan_v1_dense" => Family::Hunyuan,
            "hunyuan_v1_moe" => Family::HunyuanMoe,
            "minimax_m2" => Family::MiniMaxM2,
            "deci" | "nemotron-nas" | "nemotron_nas" => Family::DeciLm,
            "nemotron_h" => Family::NemotronH,
            "granitemoehybrid" => Family::GraniteMoeHybrid,
            "jamba" => Family::Jamba,
            "mamba2" => Family::Mamba2,
            "falcon_h1" => Family::FalconH1,
            "mimo_v2_flash" => Family::MiMoV2,
            "gemma4" | "gemma4_text" => Family::Gemma4,
            "gemma3n" | "gemma3n_text" => Family::Gemma3n,
            "mllama" | "mllama_text_model" => Family::Mllama,
            _ => Family::Generic,
        }
    }
}

/// How the model normalises activations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    /// RMSNorm: a weight vector only.
    Rms,
    /// LayerNorm: weight and bias.
    LayerNorm,
}

impl Norm {
    /// Parameters of one norm over `width` features.
    pub fn params(self, width: u64) -> u64 {
        match self {
            Norm::Rms => width,
            Norm::LayerNorm => 2 * width,
        }
    }
}

/// Mixture-of-experts feed-forward layers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moe {
    /// Routed experts per MoE layer.
    pub experts: u64,
    /// Routed experts each token uses.
    pub experts_per_token: u64,
    /// Hidden width of one routed expert's MLP.
    pub expert_intermediate: u64,
    /// Total hidden width of the always-on shared expert(s); 0 for none.
    pub shared_intermediate: u64,
    /// A sigmoid gate on the shared expert (a hidden × 1 linear: Qwen2-MoE, Qwen3-Next).
    pub shared_expert_gate: bool,
    /// Router and experts carry biases (gpt-oss).
    pub biases: bool,
    /// The router's per-expert score-correction bias is a parameter (ERNIE 4.5's `moe_statics`);
    /// in DeepSeek V3, GLM-4.5, MiniMax-M2 and Nemotron-H it is a buffer, which `parameters()`
    /// skips.
    pub router_bias: bool,
    /// Experts are plain up/down MLPs rather than gated (Nemotron-H's squared-ReLU experts).
    pub plain_experts: bool,
}

/// DeepSeek's sparse-attention indexer (DSA, DeepSeek V3.2 and GLM-5): a small scorer with its
/// own key cache that picks the top-k tokens each query attends to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Indexer {
    pub heads: u64,
    pub head_dim: u64,
}

/// Multi-head latent attention (DeepSeek V2/V3, Kimi K2, GLM-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mla {
    /// Rank of the query down-projection; `None` projects queries directly.
    pub q_lora_rank: Option<u64>,
    pub kv_lora_rank: u64,
    pub qk_nope_head_dim: u64,
    pub qk_rope_head_dim: u64,
    pub v_head_dim: u64,
    pub indexer: Option<Indexer>,
}

/// DeepSeek V4's attention (DeepseekV4Attention, transformers v5.23): queries through a
/// low-rank pair, one key/value head shared by all heads (K = V), a grouped low-rank output,
/// per-head sinks, and a sliding window over the last `window` tokens; compressed layers also
/// keep one entry per `ratio` tokens (CSA, with the indexer, or HCA).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompressedAttention {
    pub q_lora_rank: u64,
    pub head_dim: u64,
    pub rope_dim: u64,
    pub o_groups: u64,
    pub o_lora_rank: u64,
    pub window: u64,
    /// The compression ratio of sparse (CSA) layers, which carry the indexer.
    pub sparse_ratio: u64,
    pub indexer: Indexer,
}

/// Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5): a fixed recurrent state per sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GatedDeltaNet {
    pub key_heads: u64,
    pub value_heads: u64,
    pub key_head_dim: u64,
    pub value_head_dim: u64,
    pub conv_kernel: u64,
}

impl GatedDeltaNet {
    pub fn key_dim(&self) -> u64 {
        self.key_heads * self.key_head_dim
    }
    pub fn value_dim(&self) -> u64 {
        self.value_heads * self.value_head_dim
    }
    /// Channels of the causal convolution: queries, keys and values.
    pub fn conv_dim(&self) -> u64 {
        2 * self.key_dim() + self.value_dim()
    }
}

/// Which state-space layer a Mamba block uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SsmKind {
    /// Mamba (Gu & Dao 2023), as in Jamba: per-channel state, `dt_rank` projection.
    Mamba1 { dt_rank: u64, inner_layernorms: bool },
    /// Mamba-2 (Dao & Gu 2024): per-head scalar decay, `groups` shared B/C projections.
    /// `gated_norm`: a gated RMSNorm over the inner width before out_proj (absent in Falcon-H1
    /// unless `mamba_rms_norm`).
    Mamba2 { heads: u64, head_dim: u64, groups: u64, gated_norm: bool },
}

/// A Mamba block's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ssm {
    pub kind: SsmKind,
    /// Inner width (`expand × hidden`, or `heads × head_dim` for Mamba-2).
    pub inner: u64,
    pub state: u64,
    pub conv_kernel: u64,
    pub conv_bias: bool,
    pub proj_bias: bool,
}

impl Ssm {
    /// Channels of the causal convolution (Mamba-2 convolves x, B and C).
    pub fn conv_dim(&self) -> u64 {
        match self.kind {
            SsmKind::Mamba1 { .. } => self.inner,
            SsmKind::Mamba2 { groups, .. } => self.inner + 2 * groups * self.state,
        }
    }
}

/// Which tokens an attention layer sees, which decides how much KV cache it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Full,
    /// Only the last `window` tokens.
    Sliding { window: u64 },
    /// Only tokens of the same `chunk` (Llama 4's chunked local attention).
    Chunked { chunk: u64 },
    /// Cross-attention to one image's vision states, `tokens` keys and values per sequence
    /// whatever the context (Mllama).
    Image { tokens: u64 },
}

/// One attention layer's head layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttentionShape {
    pub heads: u64,
    pub kv_heads: u64,
    /// Width of one query/key head.
    pub head_dim: u64,
    /// Width of one value head.
    pub v_head_dim: u64,
}

/// How a layer mixes information across tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mixer {
    Attention { shape: AttentionShape, span: Span },
    /// Attention that reads the keys and values an earlier layer of its span cached (Gemma 3n
    /// and Gemma 4's `num_kv_shared_layers`): query and output projections only, no cache.
    SharedKv { shape: AttentionShape, span: Span },
    /// Multi-head latent attention with the architecture's [`Mla`].
    Mla,
    /// The architecture's [`CompressedAttention`] keeping one entry per `ratio` tokens beyond
    /// its window (0: the window only).
    Compressed { ratio: u64 },
    /// Gated DeltaNet with the architecture's [`GatedDeltaNet`].
    GatedDeltaNet,
    /// A Mamba block with the architecture's [`Ssm`].
    Mamba,
    /// DeciLM's attention replaced by one hidden × hidden linear.
    Linear,
    None,
}


/// How a layer transforms each token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ffn {
    Dense { width: u64 },
    /// A dense MLP of `width` beside the architecture's [`Moe`], outputs summed (Gemma 4).
    DenseAndMoe { width: u64 },
    /// The architecture's [`Moe`].
    Moe,
    /// DeciLM's FFN replaced by one hidden × hidden linear.
    Linear,
    None,
}

/// One layer of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layer {
    pub mixer: Mixer,
    pub ffn: Ffn,
}

/// How queries and keys are normalised before attention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QkNorm {
    None,
    /// One RMSNorm over each head's width (Qwen3, Gemma 3).
    PerHead,
    /// One RMSNorm over all query heads and one over all key heads (OLMo 2, MiniMax-M2).
    Full,
}

/// Multi-token-prediction layers (DeepSeek V3's `num_nextn_predict_layers`): each is one more
/// decoder layer plus two norms and a 2h → h projection, sharing embeddings and head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mtp {
    pub layers: u64,
    /// The decoder layer inside each module when it is not a copy of the last layer (MiMo-V2's
    /// sliding-window attention with a dense MLP).
    pub block: Option<Layer>,
}

/// Everything the estimator needs to know about a model's shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Architecture {
    pub model_type: String,
    pub family: Family,
    pub hidden: u64,
    /// Decoder layers (for T5 the decoder stack; for BERT the encoder stack): `plan.len()`.
    pub layers: u64,
    /// T5's encoder layers; 0 for other families.
    pub encoder_layers: u64,
    pub vocab: u64,
    /// The first attention layer's head layout, for activation and adapter sizing.
    pub heads: u64,
    pub kv_heads: u64,
    /// Width of one query/key head.
    pub head_dim: u64,
    /// Width of one value head (differs from `head_dim` under MLA and in MiMo-V2).
    pub v_head_dim: u64,
    /// Hidden width of the (widest) dense MLP.
    pub intermediate: u64,
    /// SwiGLU/GeGLU MLP (gate, up, down) rather than up, down.
    pub gated_mlp: bool,
    pub qkv_bias: bool,
    pub out_bias: bool,
    pub mlp_bias: bool,
    pub norm: Norm,
    /// Norms inside each layer (2 usually, 4 for Gemma 2/3 and GLM-4, 1 for Falcon-7B's
    /// parallel block and for Nemotron-H's single-mixer blocks).
    pub norms_per_layer: u64,
    pub qk_norm: QkNorm,
    /// Attention's output gate (Qwen3-Next, Qwen3.5): the query projection is twice as wide.
    pub attention_output_gate: bool,
    pub tied_embeddings: bool,
    /// Rows of a learned position-embedding table (GPT-2, OPT, BERT); 0 for rotary.
    pub learned_positions: u64,
    /// BERT's token-type embeddings.
    pub token_types: u64,
    /// gpt-oss's learned attention-sink logit per head.
    pub attention_sinks: bool,
    pub moe: Option<Moe>,
    pub mla: Option<Mla>,
    pub linear_attention: Option<GatedDeltaNet>,
    pub compressed: Option<CompressedAttention>,
    /// Streams of DeepSeek V4's manifold-constrained hyper-connections (`hc_mult`); 0 without.
    pub hyper_connections: u64,
    pub ssm: Option<Ssm>,
    /// Every attention layer also runs `ssm` on the same input, outputs summed (Falcon-H1).
    pub parallel_ssm: bool,
    /// The layers in order.
    pub plan: Vec<Layer>,
    /// Parameters of the vision encoder and its projector, when the config has one.
    pub vision_params: u64,
    /// Parameters of the audio encoder and its projector (Gemma 3n).
    pub audio_params: u64,
    /// Gemma's per-layer-input embedding table (`embed_tokens_per_layer`), outside `embedding`.
    pub per_layer_embedding: u64,
    /// Parameters each layer has besides its mixers and norms (Gemma's per-layer-input gate and
    /// projection with their norm, Gemma 4's router scale and extra MoE norms).
    pub layer_extra: u64,
    /// Parameters outside the layers besides embeddings, head and final norm (Gemma's
    /// per-layer-input projection and its norm).
    pub outside_extra: u64,
    /// Full-attention layers project keys once and use them as values too (Gemma 4's
    /// `attention_k_eq_v`); the cache still keeps both.
    pub attention_k_eq_v: bool,
    pub mtp: Option<Mtp>,
    /// Bytes per element of the recurrent state when the config names its dtype
    /// (`mamba_ssm_cache_dtype: float32` in Nemotron-H).
    pub state_dtype_bytes: Option<u64>,
    /// The longest context the model was trained for, if the config says.
    pub max_context: Option<u64>,
    /// True when the family is not one vramfit knows exactly.
    pub approximate: bool,
    /// Fields that were absent and took an assumed value (the report names them).
    pub assumed: Vec<String>,
}

/// Layers by token mixer, serialised without the zeros (`{"attention": 12, "gated_deltanet": 36}`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MixerCounts {
    pub attention: u64,
    pub sliding_attention: u64,
    pub chunked_attention: u64,
    pub cross_attention: u64,
    pub mla: u64,
    pub compressed_attention: u64,
    pub gated_deltanet: u64,
    pub mamba: u64,
    pub linear: u64,
    pub none: u64,
}

impl MixerCounts {
    /// The mixers present, each with its name in the page's languages and its count, most
    /// common first.
    pub fn entries(&self) -> Vec<(Key, u64)> {
        let all = [
            (Key::MixerAttention, self.attention),
            (Key::MixerSlidingAttention, self.sliding_attention),
            (Key::MixerChunkedAttention, self.chunked_attention),
            (Key::MixerCrossAttention, self.cross_attention),
            (Key::MixerMla, self.mla),
            (Key::MixerCompressedAttention, self.compressed_attention),
            (Key::MixerGatedDeltanet, self.gated_deltanet),
            (Key::MixerMamba, self.mamba),
            (Key::MixerLinear, self.linear),
            (Key::MixerNone, self.none),
        ];
        // At most ten entries: picking the largest each time needs no sort.
        let mut left: Vec<(Key, u64)> = all.into_iter().filter(|(_, n)| *n > 0).collect();
        let mut ordered = Vec::with_capacity(left.len());
        while let Some(i) = (0..left.len()).max_by_key(|&i| (left[i].1, std::cmp::Reverse(i))) {
            ordered.push(left.remove(i));
        }
        ordered
    }
}

impl Architecture {
    /// Layers by token mixer.
    pub fn layers_by_mixer(&self) -> MixerCounts {
        let mut counts = MixerCounts::default();
        for layer in &self.plan {
            *match layer.mixer {
                Mixer::Attention { span: Span::Full, .. } | Mixer::SharedKv { span: Span::Full, .. } => &mut counts.attention,
                Mixer::Attention { span: Span::Sliding { .. }, .. } | Mixer::SharedKv { span: Span::Sliding { .. }, .. } => &mut counts.sliding_attention,
                Mixer::Attention { span: Span::Chunked { .. }, .. } | Mixer::SharedKv { span: Span::Chunked { .. }, .. } => &mut counts.chunked_attention,
                Mixer::Attention { span: Span::Image { .. }, .. } | Mixer::SharedKv { span: Span::Image { .. }, .. } => &mut counts.cross_attention,
                Mixer::Mla => &mut counts.mla,
                Mixer::Compressed { .. } => &mut counts.compressed_attention,
                Mixer::GatedDeltaNet => &mut counts.gated_deltanet,
                Mixer::Mamba => &mut counts.mamba,
                Mixer::Linear => &mut counts.linear,
                Mixer::None => &mut counts.none,
            } += 1;
        }
        counts
    }

    /// True when the layer runs the architecture's Mamba block (alone, or beside attention).
    pub fn runs_ssm(&self, layer: &Layer) -> bool {
        layer.mixer == Mixer::Mamba || (self.parallel_ssm && matches!(layer.mixer, Mixer::Attention { .. }))
    }

    /// Layers with mixture-of-experts.
    pub fn moe_layers(&self) -> u64 {
        self.plan.iter().filter(|l| matches!(l.ffn, Ffn::Moe | Ffn::DenseAndMoe { .. })).count() as u64
    }
}

/// Why a config could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// Not JSON, or not a JSON object.
    NotJson(String),
    /// A required field is missing.
    Missing(&'static str),
    /// A field has the wrong type, a non-positive value, or an absurd size.
    Invalid { field: &'static str, reason: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NotJson(why) => write!(f, "config.json is not a JSON object: {why}"),
            ConfigError::Missing(field) => write!(f, "config.json has no “{field}”"),
            ConfigError::Invalid { field, reason } => write!(f, "config.json “{field}”: {reason}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// What the readers below return. The error is boxed so that each of their hundreds of `?`
/// moves one pointer rather than the whole error (the page's download budget is tight).
type Read<T> = Result<T, Box<ConfigError>>;

fn invalid(field: &'static str, reason: String) -> Box<ConfigError> {
    Box::new(ConfigError::Invalid { field, reason })
}

fn missing(field: &'static str) -> Box<ConfigError> {
    Box::new(ConfigError::Missing(field))
}

/// Upper bounds on single dimensions: far beyond any published model, small enough that every
/// product in the parameter count fits in u128 and the total check rejects the rest cleanly.
const MAX_WIDTH: u64 = 1 << 20;
const MAX_LAYERS: u64 = 10_000;
const MAX_VOCAB: u64 = 1 << 24;
const MAX_EXPERTS: u64 = 1 << 16;
const MAX_CONTEXT: u64 = 1 << 30;

/// Reads the config's fields by name, with bounds and clear errors.
///
/// A field goes by its names separated by `|`, the preferred first (`"hidden_size|n_embd"`):
/// one string per field, where a list of names would cost the page a table of pointers.
struct Fields<'a>(&'a Map);

impl Fields<'_> {
    /// The first present (and non-null) field among `names`, with the name it was found by.
    #[inline(never)]
    fn value(&self, names: &'static str) -> Option<(&'static str, &Value)> {
        names.split('|').find_map(|n| match self.0.get(n) {
            None | Some(Value::Null) => None,
            Some(v) => Some((n, v)),
        })
    }

    /// The first present field among `names`, as a positive integer at most `max`.
    #[inline(never)]
    fn dim(&self, names: &'static str, max: u64) -> Read<Option<u64>> {
        let Some((field, value)) = self.value(names) else { return Ok(None) };
        positive(field, value, max).map(Some)
    }

    /// Like [`Fields::dim`] but 0 is allowed (a count of optional things).
    #[inline(never)]
    fn count(&self, names: &'static str, max: u64) -> Read<Option<u64>> {
        match self.value(names) {
            Some((_, Value::Number(n))) if n.as_u64() == Some(0) => Ok(Some(0)),
            _ => self.dim(names, max),
        }
    }

    #[inline(never)]
    fn required(&self, names: &'static str, max: u64) -> Read<u64> {
        self.dim(names, max)?.ok_or_else(|| missing(names.split('|').next().unwrap_or(names)))
    }

    #[inline(never)]
    fn flag(&self, names: &'static str) -> Option<bool> {
        self.value(names).and_then(|(_, v)| v.as_bool())
    }

    #[inline(never)]
    fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    #[inline(never)]
    fn array(&self, name: &str) -> Option<&Vec<Value>> {
        self.0.get(name).and_then(Value::as_array)
    }
}

/// Each entry of a list field through `read`, or an error naming the field and the first entry
/// it refuses. One loop for every list: collecting iterators of `Result`s repeats that code per
/// field in the page.
#[inline(never)]
fn read_list<T>(field: &'static str, list: &[Value], read: &dyn Fn(&Value) -> Option<T>) -> Read<Vec<T>> {
    let mut out = Vec::with_capacity(list.len());
    for (i, value) in list.iter().enumerate() {
        match read(value) {
            Some(entry) => out.push(entry),
            None => return Err(refused(field, i, value)),
        }
    }
    Ok(out)
}

/// [`read_list`]'s error, written once for all its instances.
fn refused(field: &'static str, i: usize, value: &Value) -> Box<ConfigError> {
    invalid(field, format!("entry {i} ({}) is not valid", kind(value)))
}

/// A per-layer list field must give one entry per layer.
fn one_per_layer(field: &'static str, list: &[Value], layers: u64) -> Read<()> {
    if list.len() as u64 != layers {
        return Err(invalid(field, format!("lists {} layers but num_hidden_layers is {layers}", list.len())));
    }
    Ok(())
}

/// What a JSON value is, for messages (printing the value itself would cost the page a JSON
/// writer): `text “…”` for short strings.
fn kind(value: &Value) -> String {
    match value {
        Value::String(s) if s.len() <= 40 => format!("text “{s}”"),
        Value::String(_) => "text".into(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A JSON value as a positive whole number at most `max`.
#[inline(never)]
fn positive(field: &'static str, value: &Value, max: u64) -> Read<u64> {
    let invalid = |reason: String| invalid(field, reason);
    let n = match value {
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(n), _) => n,
            (None, Some(x)) if x.fract() == 0.0 && x > 0.0 && x < 1e18 => x as u64,
            _ => return Err(invalid(format!("{n} is not a positive whole number"))),
        },
        other => return Err(invalid(format!("expected a number, found {}", kind(other)))),
    };
    if n == 0 {
        return Err(invalid("must be at least 1".into()));
    }
    if n > max {
        return Err(invalid(format!("{n} is larger than any real model ({max} at most)")));
    }
    Ok(n)
}

/// The wrapped language model's config in a multimodal config: `text_config` (Gemma 3,
/// Mistral 3, Llama 4, Qwen-VL, Qwen3.5), `llm_config` (InternVL) or `language_config`.
fn text_part(object: &Map) -> Option<&Map> {
    ["text_config", "llm_config", "language_config"].iter().find_map(|k| object.get(k).and_then(Value::as_object))
}

/// Parses a config text (bare `Infinity`, `-Infinity` and `NaN`, which Python's json writes and
/// reads, are accepted as `null`: see [`crate::core::from_json`]).
pub fn parse_config_text(bytes: &[u8]) -> Result<Value, ConfigError> {
    crate::core::from_json::parse(bytes).map_err(|e| ConfigError::NotJson(e.to_string()))
}

impl Architecture {
    /// Parses a `config.json` text (bare `Infinity`, `-Infinity` and `NaN`, which Python's json
    /// writes and reads, are accepted).
    pub fn from_config_json(bytes: &[u8]) -> Result<Architecture, ConfigError> {
        Architecture::from_config(&parse_config_text(bytes)?)
    }

    /// Reads an architecture from a parsed `config.json`. Multimodal configs that wrap the
    /// language model in `text_config` are read from there, and their vision tower is counted.
    pub fn from_config(config: &Value) -> Result<Architecture, ConfigError> {
        read_config(config).map_err(|error| *error)
    }
}

/// [`Architecture::from_config`]'s reading.
fn read_config(config: &Value) -> Read<Architecture> {
    let outer = config.as_object().ok_or_else(|| Box::new(ConfigError::NotJson("expected an object".into())))?;
    let outer_type = outer.get("model_type").and_then(Value::as_str).unwrap_or("");
    let (object, wrapped) = match text_part(outer) {
        Some(text) if !outer.contains_key("hidden_size") || outer.contains_key("vision_config") => (text, true),
        _ => (outer, false),
    };
    let inner_type = object.get("model_type").and_then(Value::as_str).unwrap_or("");
    // The outer type names the family when the text config leaves its own out (or is generic).
    let model_type = if inner_type.is_empty() || (wrapped && Family::from_model_type(inner_type) == Family::Generic) {
        outer_type
    } else {
        inner_type
    };
    let family = Family::from_model_type(model_type);
    let with_defaults = decoder::with_class_defaults(object, family, model_type, outer_type);
    let f = Fields(&with_defaults.object);
    let mut arch = match family {
        Family::Gpt2 => classic::gpt2(&f)?,
        Family::Opt => classic::opt(&f)?,
        Family::Bert => classic::bert(&f)?,
        Family::T5 => classic::t5(&f)?,
        Family::Falcon => classic::falcon(&f)?,
        Family::GptNeox => classic::gpt_neox(&f)?,
        Family::NemotronH | Family::GraniteMoeHybrid | Family::Jamba | Family::Mamba2 | Family::FalconH1 => hybrid::read(&f, family)?,
        Family::DeciLm => decoder::deci(&f)?,
        Family::DeepseekV4 => decoder::deepseek_v4(&f)?,
        _ => decoder::read(&f, family)?,
    };
    arch.model_type = if wrapped && !outer_type.is_empty() { outer_type.to_string() } else { model_type.to_string() };
    arch.family = family;
    arch.layers = arch.plan.len() as u64;
    if family == Family::Mllama {
        decoder::mllama_cross_attention(&mut arch, &f, outer)?;
    }
    // A multimodal config's own tie_word_embeddings decides for the whole model (transformers
    // ties the language head at the top-level model).
    if let (true, Some(tied)) = (wrapped, outer.get("tie_word_embeddings").and_then(Value::as_bool)) {
        arch.tied_embeddings = tied;
    }
    arch.assumed = with_defaults.assumed;
    arch.state_dtype_bytes = ["mamba_ssm_cache_dtype", "mamba_ssm_dtype", "ssm_state_dtype"].iter().find_map(|k| {
        match f.text(k)? {
            "float32" | "fp32" => Some(4),
            "bfloat16" | "float16" | "bf16" | "fp16" => Some(2),
            _ => None,
        }
    });
    match (outer.get("audio_config").and_then(Value::as_object), family) {
        (Some(audio), Family::Gemma3n) => arch.audio_params = vision::gemma3n_audio(&Fields(audio), arch.hidden)?,
        (Some(_), _) => {
            arch.approximate = true;
            arch.assumed.push(format!("the {outer_type} audio tower is not counted"));
        }
        (None, _) => {}
    }
    match vision::params(outer, outer_type, arch.hidden)? {
        Some(params) => arch.vision_params = params,
        None => {
            arch.approximate = true;
            arch.assumed.push(format!("the {outer_type} vision tower is not counted"));
        }
    }
    Ok(arch)
}

impl Architecture {
    /// A typical modern decoder with about `params` parameters, for when only a count is known
    /// (flagged approximate): `h ≈ 128·L`, so `P ≈ 12·L·h² = 196,608·L³` (Llama-2-7B: L = 32,
    /// h = 4096); `h` rounded to a multiple of 512 (1024 from 4096) so the heads (head_dim 128)
    /// split evenly; GQA with 8 KV heads from 32 heads up (Llama-3 70B), else 4 query heads per
    /// KV head; SwiGLU width 8h/3; RMSNorm; untied 32,000-token vocabulary.
    ///
    /// `h` comes from the unrounded `L`, so both grow with `params` and never step back (with a
    /// rounded `L`, one more layer could shrink `h` and the KV cache with it): a bigger count
    /// never gets a smaller estimate (tests/properties.rs).
    pub fn typical(params: Params) -> Architecture {
        let depth = cube_root(params.0 as f64 / 196_608.0).clamp(1.0, 200.0);
        let layers = depth.round() as u64;
        let width = (params.0 as f64 / (12.0 * depth)).sqrt();
        // From 4096 up, a multiple of 1024, so the 32+ heads split into 8 KV groups.
        let hidden = match ((width / 512.0).round() as u64).clamp(1, 2_048) {
            small @ ..=7 => small * 512,
            _ => ((width / 1_024.0).round() as u64).clamp(4, 1_024) * 1_024,
        };
        let heads = hidden / 128;
        let kv_heads = if heads >= 32 { 8 } else { heads / 4 };
        let intermediate = (hidden * 8 / 3).div_ceil(256) * 256;
        let shape = AttentionShape { heads, kv_heads, head_dim: 128, v_head_dim: 128 };
        Architecture {
            model_type: "typical".into(),
            kv_heads,
            intermediate,
            gated_mlp: true,
            qkv_bias: false,
            out_bias: false,
            mlp_bias: false,
            norm: Norm::Rms,
            tied_embeddings: false,
            approximate: true,
            plan: uniform(layers, shape, Ffn::Dense { width: intermediate }),
            ..base(hidden, layers, 32_000, heads)
        }
    }
}

/// The cube root of `x` (0 for anything not positive and finite), by Newton's method from a
/// first guess made of the float's bits (the exponent divided by three), within an ulp or two of
/// the exact root. Written out because `f64::cbrt` is libm's correctly rounded one, whose code
/// (and the fused multiply-add it uses) cost the page 1.3 KB gzipped for one call.
fn cube_root(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 0.0;
    }
    // Dividing the bits by three divides the exponent by three; the constant re-biases it
    // (1023 − 1023/3 in the exponent field, tuned in the mantissa): within 4% of the root.
    let mut root = f64::from_bits(x.to_bits() / 3 + 0x2a9f_7893_782d_a1ce);
    // Each step about doubles the correct digits: 4% → 10⁻¹⁶ in six.
    for _ in 0..6 {
        root = (2.0 * root + x / (root * root)) / 3.0;
    }
    root
}

/// `layers` identical full-attention layers.
fn uniform(layers: u64, shape: AttentionShape, ffn: Ffn) -> Vec<Layer> {
    vec![Layer { mixer: Mixer::Attention { shape, span: Span::Full }, ffn }; layers as usize]
}

/// Defaults shared by all families; each reader overrides what differs.
fn base(hidden: u64, layers: u64, vocab: u64, heads: u64) -> Architecture {
    let head_dim = hidden / heads.max(1);
    let shape = AttentionShape { heads, kv_heads: heads, head_dim, v_head_dim: head_dim };
    Architecture {
        model_type: String::new(),
        family: Family::Generic,
        hidden,
        layers,
        encoder_layers: 0,
        vocab,
        heads,
        kv_heads: heads,
        head_dim,
        v_head_dim: head_dim,
        intermediate: 4 * hidden,
        gated_mlp: false,
        qkv_bias: true,
        out_bias: true,
        mlp_bias: true,
        norm: Norm::LayerNorm,
        norms_per_layer: 2,
        qk_norm: QkNorm::None,
        attention_output_gate: false,
        tied_embeddings: true,
        learned_positions: 0,
        token_types: 0,
        attention_sinks: false,
        moe: None,
        mla: None,
        linear_attention: None,
        compressed: None,
        hyper_connections: 0,
        ssm: None,
        parallel_ssm: false,
        plan: uniform(layers, shape, Ffn::Dense { width: 4 * hidden }),
        vision_params: 0,
        audio_params: 0,
        per_layer_embedding: 0,
        layer_extra: 0,
        outside_extra: 0,
        attention_k_eq_v: false,
        mtp: None,
        state_dtype_bytes: None,
        max_context: None,
        approximate: false,
        assumed: Vec::new(),
    }
}

fn check_heads(heads: u64, kv_heads: u64) -> Read<()> {
    if kv_heads > heads || !heads.is_multiple_of(kv_heads) {
        return Err(invalid("num_key_value_heads", format!("{kv_heads} key/value heads must divide the {heads} attention heads")));
    }
    Ok(())
}

fn check_head_split(hidden: u64, heads: u64) -> Read<()> {
    if !hidden.is_multiple_of(heads) {
        return Err(invalid("num_attention_heads", format!("{heads} heads do not divide the hidden size {hidden}; give head_dim")));
    }
    Ok(())
}

/// Only the mixers the model has.
impl crate::core::to_json::ToJson for MixerCounts {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        for (key, n) in [
            ("attention", self.attention),
            ("sliding_attention", self.sliding_attention),
            ("chunked_attention", self.chunked_attention),
            ("cross_attention", self.cross_attention),
            ("mla", self.mla),
            ("compressed_attention", self.compressed_attention),
            ("gated_deltanet", self.gated_deltanet),
            ("mamba", self.mamba),
            ("linear", self.linear),
            ("none", self.none),
        ] {
            json.nonzero(key, n);
        }
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::cube_root;

    #[test]
    fn cube_root_is_libms_within_two_ulps() {
        // libm's correctly rounded cbrt is the reference, over every scale a count reaches.
        let mut x = 1e-12;
        while x < 1e30 {
            for sample in [x, x * 1.37, x * 2.9, x * 7.77] {
                let (ours, exact) = (cube_root(sample), sample.cbrt());
                assert!((ours - exact).abs() <= 2.0 * f64::EPSILON * exact, "{sample}: {ours} vs {exact}");
            }
            x *= 10.0;
        }
        assert_eq!(cube_root(27.0), 3.0);
        assert_eq!(cube_root(0.0), 0.0);
        assert_eq!(cube_root(f64::NAN), 0.0);
    }
}
