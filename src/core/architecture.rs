//! A model's architecture, read from a Hugging Face `config.json`.
//!
//! Field names and defaults follow each family's `configuration_*.py` in huggingface/transformers.
//! Every dimension is bounded before it is used, so a hostile config cannot overflow the counts.

use std::fmt;

use serde_json::{Map, Value};

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
    DeepseekV3,
    GptOss,
    /// An unknown `model_type` read as a Llama-style decoder: approximate.
    Generic,
}

impl Family {
    fn from_model_type(model_type: &str) -> Family {
        match model_type {
            "llama" => Family::Llama,
            "mistral" => Family::Mistral,
            "mixtral" => Family::Mixtral,
            "qwen2" => Family::Qwen2,
            "qwen2_moe" => Family::Qwen2Moe,
            "qwen3" => Family::Qwen3,
            "qwen3_moe" => Family::Qwen3Moe,
            "gemma" => Family::Gemma,
            "gemma2" => Family::Gemma2,
            "gemma3_text" => Family::Gemma3Text,
            "phi3" => Family::Phi3,
            "falcon" => Family::Falcon,
            "gpt2" => Family::Gpt2,
            "gpt_neox" => Family::GptNeox,
            "opt" => Family::Opt,
            "bert" => Family::Bert,
            "t5" => Family::T5,
            "deepseek_v2" => Family::DeepseekV2,
            "deepseek_v3" => Family::DeepseekV3,
            "gpt_oss" => Family::GptOss,
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
    /// Qwen2-MoE's sigmoid gate on the shared expert (a hidden × 1 linear).
    pub shared_expert_gate: bool,
    /// Leading layers that keep a dense MLP (`first_k_dense_replace`).
    pub dense_layers: u64,
    /// Router and experts carry biases (gpt-oss).
    pub biases: bool,
}

/// Multi-head latent attention (DeepSeek V2/V3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mla {
    /// Rank of the query down-projection; `None` projects queries directly.
    pub q_lora_rank: Option<u64>,
    pub kv_lora_rank: u64,
    pub qk_nope_head_dim: u64,
    pub qk_rope_head_dim: u64,
    pub v_head_dim: u64,
}

/// Which tokens a layer attends to, which decides how much KV cache it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attention {
    Full,
    /// Only the last `window` tokens.
    Sliding { window: u64 },
}

/// Everything the estimator needs to know about a model's shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Architecture {
    pub model_type: String,
    pub family: Family,
    pub hidden: u64,
    /// Decoder layers (for T5 the decoder stack; for BERT the encoder stack).
    pub layers: u64,
    /// T5's encoder layers; 0 for other families.
    pub encoder_layers: u64,
    pub vocab: u64,
    pub heads: u64,
    pub kv_heads: u64,
    /// Width of one query/key head.
    pub head_dim: u64,
    /// Width of one value head (differs from `head_dim` only under MLA).
    pub v_head_dim: u64,
    /// Hidden width of the dense MLP.
    pub intermediate: u64,
    /// SwiGLU/GeGLU MLP (gate, up, down) rather than up, down.
    pub gated_mlp: bool,
    pub qkv_bias: bool,
    pub out_bias: bool,
    pub mlp_bias: bool,
    pub norm: Norm,
    /// Norms inside each layer (2 usually, 4 for Gemma 2/3, 1 for Falcon-7B's parallel block).
    pub norms_per_layer: u64,
    /// Per-head RMSNorm on queries and keys (Qwen3, Gemma 3).
    pub qk_norm: bool,
    pub tied_embeddings: bool,
    /// Rows of a learned position-embedding table (GPT-2, OPT, BERT); 0 for rotary.
    pub learned_positions: u64,
    /// BERT's token-type embeddings.
    pub token_types: u64,
    /// gpt-oss's learned attention-sink logit per head.
    pub attention_sinks: bool,
    pub moe: Option<Moe>,
    pub mla: Option<Mla>,
    /// Per-layer attention span, `layers` entries.
    pub attention: Vec<Attention>,
    /// The longest context the model was trained for, if the config says.
    pub max_context: Option<u64>,
    /// True when the family is not one vramfit knows exactly.
    pub approximate: bool,
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

/// Upper bounds on single dimensions: far beyond any published model, small enough that every
/// product in the parameter count fits in u128 and the total check rejects the rest cleanly.
const MAX_WIDTH: u64 = 1 << 20;
const MAX_LAYERS: u64 = 10_000;
const MAX_VOCAB: u64 = 1 << 24;
const MAX_EXPERTS: u64 = 1 << 16;
const MAX_CONTEXT: u64 = 1 << 30;

/// Reads the config's fields by name, with bounds and clear errors.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn value(&self, names: &[&'static str]) -> Option<(&'static str, &Value)> {
        names.iter().find_map(|n| match self.0.get(*n) {
            None | Some(Value::Null) => None,
            Some(v) => Some((*n, v)),
        })
    }

    /// The first present field among `names`, as a positive integer at most `max`.
    fn dim(&self, names: &[&'static str], max: u64) -> Result<Option<u64>, ConfigError> {
        let Some((field, value)) = self.value(names) else { return Ok(None) };
        let invalid = |reason: String| ConfigError::Invalid { field, reason };
        let n = match value {
            Value::Number(n) => match (n.as_u64(), n.as_f64()) {
                (Some(n), _) => n,
                (None, Some(x)) if x.fract() == 0.0 && x > 0.0 && x < 1e18 => x as u64,
                _ => return Err(invalid(format!("{n} is not a positive whole number"))),
            },
            other => return Err(invalid(format!("expected a number, found {other}"))),
        };
        if n == 0 {
            return Err(invalid("must be at least 1".into()));
        }
        if n > max {
            return Err(invalid(format!("{n} is larger than any real model ({max} at most)")));
        }
        Ok(Some(n))
    }

    fn required(&self, names: &[&'static str], max: u64) -> Result<u64, ConfigError> {
        self.dim(names, max)?.ok_or(ConfigError::Missing(names[0]))
    }

    fn flag(&self, names: &[&'static str]) -> Option<bool> {
        self.value(names).and_then(|(_, v)| v.as_bool())
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }
}

impl Architecture {
    /// Parses a `config.json` text.
    pub fn from_config_json(bytes: &[u8]) -> Result<Architecture, ConfigError> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| ConfigError::NotJson(e.to_string()))?;
        Architecture::from_config(&value)
    }

    /// Reads an architecture from a parsed `config.json`. Multimodal configs that wrap the
    /// language model in `text_config` are read from there.
    pub fn from_config(config: &Value) -> Result<Architecture, ConfigError> {
        let object = config.as_object().ok_or_else(|| ConfigError::NotJson("expected an object".into()))?;
        let object = match object.get("text_config").and_then(Value::as_object) {
            Some(text) if !object.contains_key("hidden_size") => text,
            _ => object,
        };
        let f = Fields(object);
        let model_type = f.text("model_type").unwrap_or("").to_string();
        let family = Family::from_model_type(&model_type);
        let arch = match family {
            Family::Gpt2 => gpt2(&f)?,
            Family::Opt => opt(&f)?,
            Family::Bert => bert(&f)?,
            Family::T5 => t5(&f)?,
            Family::Falcon => falcon(&f)?,
            Family::GptNeox => gpt_neox(&f)?,
            _ => decoder(&f, family)?,
        };
        Ok(Architecture { model_type, family, ..arch })
    }
}

impl Architecture {
    /// A typical modern decoder with about `params` parameters, for when only a count is known
    /// (flagged approximate): `h ≈ 128·L`, so `P ≈ 12·L·h² = 196,608·L³` (Llama-2-7B: L = 32,
    /// h = 4096); `h` rounded to a multiple of 512 (1024 from 4096) so the heads (head_dim 128)
    /// split evenly; GQA
    /// with 8 KV heads from 32 heads up (Llama-3 70B), else 4 query heads per KV head; SwiGLU
    /// width 8h/3; RMSNorm; untied 32,000-token vocabulary.
    ///
    /// `h` comes from the unrounded `L`, so both grow with `params` and never step back (with a
    /// rounded `L`, one more layer could shrink `h` and the KV cache with it): a bigger count
    /// never gets a smaller estimate (tests/properties.rs).
    pub fn typical(params: Params) -> Architecture {
        let depth = (params.0 as f64 / 196_608.0).cbrt().clamp(1.0, 200.0);
        let layers = depth.round() as u64;
        let width = (params.0 as f64 / (12.0 * depth)).sqrt();
        // From 4096 up, a multiple of 1024, so the 32+ heads split into 8 KV groups.
        let hidden = match ((width / 512.0).round() as u64).clamp(1, 2_048) {
            small @ ..=7 => small * 512,
            _ => ((width / 1_024.0).round() as u64).clamp(4, 1_024) * 1_024,
        };
        let heads = hidden / 128;
        Architecture {
            model_type: "typical".into(),
            kv_heads: if heads >= 32 { 8 } else { heads / 4 },
            intermediate: (hidden * 8 / 3).div_ceil(256) * 256,
            gated_mlp: true,
            qkv_bias: false,
            out_bias: false,
            mlp_bias: false,
            norm: Norm::Rms,
            tied_embeddings: false,
            approximate: true,
            ..base(hidden, layers, 32_000, heads)
        }
    }
}

/// Defaults shared by all families; each reader overrides what differs.
fn base(hidden: u64, layers: u64, vocab: u64, heads: u64) -> Architecture {
    Architecture {
        model_type: String::new(),
        family: Family::Generic,
        hidden,
        layers,
        encoder_layers: 0,
        vocab,
        heads,
        kv_heads: heads,
        head_dim: hidden / heads,
        v_head_dim: hidden / heads,
        intermediate: 4 * hidden,
        gated_mlp: false,
        qkv_bias: true,
        out_bias: true,
        mlp_bias: true,
        norm: Norm::LayerNorm,
        norms_per_layer: 2,
        qk_norm: false,
        tied_embeddings: true,
        learned_positions: 0,
        token_types: 0,
        attention_sinks: false,
        moe: None,
        mla: None,
        attention: vec![Attention::Full; layers as usize],
        max_context: None,
        approximate: false,
    }
}

fn check_heads(heads: u64, kv_heads: u64) -> Result<(), ConfigError> {
    if kv_heads > heads || !heads.is_multiple_of(kv_heads) {
        return Err(ConfigError::Invalid {
            field: "num_key_value_heads",
            reason: format!("{kv_heads} key/value heads must divide the {heads} attention heads"),
        });
    }
    Ok(())
}

fn check_head_split(hidden: u64, heads: u64) -> Result<(), ConfigError> {
    if !hidden.is_multiple_of(heads) {
        return Err(ConfigError::Invalid {
            field: "num_attention_heads",
            reason: format!("{heads} heads do not divide the hidden size {hidden}; give head_dim"),
        });
    }
    Ok(())
}

/// Llama-style decoders: llama, mistral, mixtral, qwen2/3 (+MoE), gemma 1/2/3, phi3, deepseek
/// v2/v3, gpt-oss, and unknown types read the same way.
fn decoder(f: &Fields, family: Family) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["hidden_size", "n_embd", "d_model"], MAX_WIDTH)?;
    let layers = f.required(&["num_hidden_layers", "n_layer", "num_layers"], MAX_LAYERS)?;
    let vocab = f.required(&["vocab_size"], MAX_VOCAB)?;
    let heads = f.required(&["num_attention_heads", "n_head"], MAX_WIDTH)?;
    let kv_heads = f.dim(&["num_key_value_heads", "num_kv_heads"], MAX_WIDTH)?.unwrap_or(heads);
    check_heads(heads, kv_heads)?;
    let head_dim = match f.dim(&["head_dim"], MAX_WIDTH)? {
        Some(d) => d,
        None => {
            check_head_split(hidden, heads)?;
            hidden / heads
        }
    };
    let intermediate = f.dim(&["intermediate_size", "n_inner"], MAX_WIDTH * 8)?.unwrap_or(4 * hidden);
    let is = |families: &[Family]| families.contains(&family);
    let gemma = is(&[Family::Gemma, Family::Gemma2, Family::Gemma3Text]);
    let qwen2 = is(&[Family::Qwen2, Family::Qwen2Moe]);
    let attention_bias = f.flag(&["attention_bias"]).unwrap_or(false);
    let mut arch = Architecture {
        kv_heads,
        head_dim,
        v_head_dim: head_dim,
        intermediate,
        gated_mlp: true,
        qkv_bias: qwen2 || attention_bias,
        out_bias: attention_bias,
        mlp_bias: f.flag(&["mlp_bias"]).unwrap_or(false),
        norm: Norm::Rms,
        norms_per_layer: if is(&[Family::Gemma2, Family::Gemma3Text]) { 4 } else { 2 },
        qk_norm: is(&[Family::Qwen3, Family::Qwen3Moe, Family::Gemma3Text]),
        // Gemma ties by default; most others default to untied in their configuration classes.
        tied_embeddings: f.flag(&["tie_word_embeddings"]).unwrap_or(gemma),
        attention_sinks: family == Family::GptOss,
        max_context: f.dim(&["max_position_embeddings", "n_positions"], MAX_CONTEXT)?,
        approximate: family == Family::Generic,
        ..base(hidden, layers, vocab, heads)
    };
    arch.moe = moe(f, family, intermediate)?;
    if let Some(moe) = arch.moe {
        if moe.dense_layers > layers {
            return Err(ConfigError::Invalid {
                field: "first_k_dense_replace",
                reason: format!("{} dense layers but only {layers} layers", moe.dense_layers),
            });
        }
    }
    if is(&[Family::DeepseekV2, Family::DeepseekV3]) {
        let mla = Mla {
            q_lora_rank: f.dim(&["q_lora_rank"], MAX_WIDTH)?,
            kv_lora_rank: f.required(&["kv_lora_rank"], MAX_WIDTH)?,
            qk_nope_head_dim: f.required(&["qk_nope_head_dim"], MAX_WIDTH)?,
            qk_rope_head_dim: f.required(&["qk_rope_head_dim"], MAX_WIDTH)?,
            v_head_dim: f.required(&["v_head_dim"], MAX_WIDTH)?,
        };
        arch.head_dim = mla.qk_nope_head_dim + mla.qk_rope_head_dim;
        arch.v_head_dim = mla.v_head_dim;
        arch.mla = Some(mla);
    }
    arch.attention = attention_pattern(f, family, layers)?;
    Ok(arch)
}

/// Routed/shared experts, from each family's field names.
fn moe(f: &Fields, family: Family, intermediate: u64) -> Result<Option<Moe>, ConfigError> {
    let experts = f.dim(&["num_local_experts", "num_experts", "n_routed_experts"], MAX_EXPERTS)?;
    let Some(experts) = experts else { return Ok(None) };
    // Mixtral's default of 2, but never more than there are (a 1-expert config is valid).
    let experts_per_token = f.dim(&["num_experts_per_tok", "experts_per_token"], experts)?.unwrap_or(2).min(experts);
    let expert_intermediate = f.dim(&["moe_intermediate_size"], MAX_WIDTH * 8)?.unwrap_or(intermediate);
    let (shared_intermediate, shared_expert_gate) = match family {
        Family::Qwen2Moe => (f.dim(&["shared_expert_intermediate_size"], MAX_WIDTH * 8)?.unwrap_or(0), true),
        Family::DeepseekV2 | Family::DeepseekV3 => {
            let shared = f.dim(&["n_shared_experts"], MAX_EXPERTS)?.unwrap_or(0);
            (shared * expert_intermediate, false)
        }
        _ => (0, false),
    };
    let dense_layers = f.dim(&["first_k_dense_replace"], MAX_LAYERS)?.unwrap_or(0);
    Ok(Some(Moe {
        experts,
        experts_per_token,
        expert_intermediate,
        shared_intermediate,
        shared_expert_gate,
        dense_layers,
        biases: family == Family::GptOss,
    }))
}

/// Which layers use sliding-window attention: `layer_types` when the config lists them,
/// otherwise each family's rule (Mistral v0.1 and Phi-3: all layers; Gemma 2: every other layer
/// from the first; Gemma 3: five local then one global; gpt-oss: alternating).
fn attention_pattern(f: &Fields, family: Family, layers: u64) -> Result<Vec<Attention>, ConfigError> {
    let full = vec![Attention::Full; layers as usize];
    let Some(window) = f.dim(&["sliding_window"], MAX_CONTEXT)? else { return Ok(full) };
    if f.flag(&["use_sliding_window"]) == Some(false) {
        return Ok(full);
    }
    let sliding = Attention::Sliding { window };
    if let Some(types) = f.0.get("layer_types").and_then(Value::as_array) {
        if types.len() as u64 == layers {
            return Ok(types
                .iter()
                .map(|t| if t.as_str() == Some("sliding_attention") { sliding } else { Attention::Full })
                .collect());
        }
    }
    let pattern: fn(u64) -> bool = match family {
        Family::Gemma2 | Family::GptOss => |i| i % 2 == 0,
        Family::Gemma3Text => |i| (i + 1) % 6 != 0,
        Family::Mistral | Family::Phi3 | Family::Qwen2 | Family::Mixtral | Family::Generic => |_| true,
        _ => |_| false,
    };
    Ok((0..layers).map(|i| if pattern(i) { sliding } else { Attention::Full }).collect())
}

/// GPT-2: learned positions, fused c_attn with biases, GeLU MLP, tied head.
fn gpt2(f: &Fields) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["n_embd", "hidden_size"], MAX_WIDTH)?;
    let heads = f.required(&["n_head", "num_attention_heads"], MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let positions = f.dim(&["n_positions", "max_position_embeddings"], MAX_CONTEXT)?.unwrap_or(1024);
    Ok(Architecture {
        intermediate: f.dim(&["n_inner"], MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        learned_positions: positions,
        max_context: Some(positions),
        ..base(hidden, f.required(&["n_layer", "num_hidden_layers"], MAX_LAYERS)?, f.required(&["vocab_size"], MAX_VOCAB)?, heads)
    })
}

/// OPT: learned positions with an offset of 2 rows, biases everywhere, tied head.
fn opt(f: &Fields) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["hidden_size"], MAX_WIDTH)?;
    let heads = f.required(&["num_attention_heads"], MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    if let Some(projected) = f.dim(&["word_embed_proj_dim"], MAX_WIDTH)? {
        if projected != hidden {
            return Err(ConfigError::Invalid {
                field: "word_embed_proj_dim",
                reason: "OPT-350m's projected embeddings are not supported".into(),
            });
        }
    }
    let positions = f.dim(&["max_position_embeddings"], MAX_CONTEXT)?.unwrap_or(2048);
    Ok(Architecture {
        intermediate: f.dim(&["ffn_dim"], MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        learned_positions: positions + 2,
        max_context: Some(positions),
        tied_embeddings: f.flag(&["tie_word_embeddings"]).unwrap_or(true),
        ..base(hidden, f.required(&["num_hidden_layers"], MAX_LAYERS)?, f.required(&["vocab_size"], MAX_VOCAB)?, heads)
    })
}

/// BERT encoder: word, position and token-type embeddings, post-LN layers, pooler.
fn bert(f: &Fields) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["hidden_size"], MAX_WIDTH)?;
    let heads = f.required(&["num_attention_heads"], MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let positions = f.dim(&["max_position_embeddings"], MAX_CONTEXT)?.unwrap_or(512);
    Ok(Architecture {
        intermediate: f.dim(&["intermediate_size"], MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        learned_positions: positions,
        token_types: f.dim(&["type_vocab_size"], MAX_VOCAB)?.unwrap_or(2),
        max_context: Some(positions),
        ..base(hidden, f.required(&["num_hidden_layers"], MAX_LAYERS)?, f.required(&["vocab_size"], MAX_VOCAB)?, heads)
    })
}

/// T5: encoder and decoder stacks, relative position buckets, RMS-style norms without bias,
/// ReLU or gated-GeLU MLP; v1.0 ties the head, v1.1 does not.
fn t5(f: &Fields) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["d_model"], MAX_WIDTH)?;
    let heads = f.required(&["num_heads"], MAX_WIDTH)?;
    let head_dim = f.required(&["d_kv"], MAX_WIDTH)?;
    let encoder_layers = f.required(&["num_layers"], MAX_LAYERS)?;
    let decoder_layers = f.dim(&["num_decoder_layers"], MAX_LAYERS)?.unwrap_or(encoder_layers);
    let gated = f.text("feed_forward_proj").is_some_and(|p| p.starts_with("gated"));
    Ok(Architecture {
        encoder_layers,
        head_dim,
        v_head_dim: head_dim,
        intermediate: f.required(&["d_ff"], MAX_WIDTH * 8)?,
        gated_mlp: gated,
        qkv_bias: false,
        out_bias: false,
        mlp_bias: false,
        norm: Norm::Rms,
        tied_embeddings: f.flag(&["tie_word_embeddings"]).unwrap_or(true),
        learned_positions: f.dim(&["relative_attention_num_buckets"], MAX_WIDTH)?.unwrap_or(32),
        ..base(hidden, decoder_layers, f.required(&["vocab_size"], MAX_VOCAB)?, heads)
    })
}

/// Falcon: fused QKV with multi-query (one KV head) or grouped KV in the new decoder
/// architecture, parallel attention and MLP, 4h GeLU MLP, tied head.
fn falcon(f: &Fields) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["hidden_size"], MAX_WIDTH)?;
    let heads = f.required(&["num_attention_heads", "n_head"], MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let new_architecture = f.flag(&["new_decoder_architecture"]).unwrap_or(false);
    let kv_heads = if new_architecture {
        f.dim(&["num_kv_heads"], MAX_WIDTH)?.unwrap_or(heads)
    } else if f.flag(&["multi_query"]).unwrap_or(true) {
        1
    } else {
        heads
    };
    check_heads(heads, kv_heads)?;
    let parallel = f.flag(&["parallel_attn"]).unwrap_or(true);
    let bias = f.flag(&["bias"]).unwrap_or(false);
    Ok(Architecture {
        kv_heads,
        intermediate: f.dim(&["ffn_hidden_size"], MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        qkv_bias: bias,
        out_bias: bias,
        mlp_bias: bias,
        norms_per_layer: if new_architecture || !parallel { 2 } else { 1 },
        tied_embeddings: f.flag(&["tie_word_embeddings"]).unwrap_or(true),
        max_context: f.dim(&["max_position_embeddings"], MAX_CONTEXT)?,
        ..base(hidden, f.required(&["num_hidden_layers", "n_layer"], MAX_LAYERS)?, f.required(&["vocab_size"], MAX_VOCAB)?, heads)
    })
}

/// GPT-NeoX / Pythia: rotary, fused QKV with biases, GeLU MLP, untied `embed_out`.
fn gpt_neox(f: &Fields) -> Result<Architecture, ConfigError> {
    let hidden = f.required(&["hidden_size"], MAX_WIDTH)?;
    let heads = f.required(&["num_attention_heads"], MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    Ok(Architecture {
        intermediate: f.dim(&["intermediate_size"], MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        tied_embeddings: f.flag(&["tie_word_embeddings"]).unwrap_or(false),
        max_context: f.dim(&["max_position_embeddings"], MAX_CONTEXT)?,
        ..base(hidden, f.required(&["num_hidden_layers"], MAX_LAYERS)?, f.required(&["vocab_size"], MAX_VOCAB)?, heads)
    })
}
