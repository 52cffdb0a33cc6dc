//! Decoder-only transformers: the Llama family and everything read like it, each layer planned
//! from the config's per-layer fields (`layer_types`, `full_attention_interval`,
//! `interleave_moe_layer_step`, `decoder_sparse_step`, `mlp_only_layers`, `first_k_dense_replace`,
//! `moe_layer_freq`, `no_rope_layers`, `attention_chunk_size`, `sliding_window_pattern`) exactly
//! as each family's `modeling_*.py` in transformers builds its layers.

use crate::core::from_json::{Map, Value};

use super::{MAX_CONTEXT, MAX_EXPERTS, MAX_LAYERS, MAX_VOCAB, MAX_WIDTH, base, check_head_split, check_heads, invalid, kind, missing, one_per_layer, positive, read_list, Architecture, AttentionShape, CompressedAttention, Family, Ffn, Fields, GatedDeltaNet, Indexer, Layer, Mixer, Mla, Moe, Mtp, Norm, QkNorm, Read, Span};

/// A config with the defaults of its transformers configuration class filled in for absent keys.
pub(super) struct Defaulted {
    pub object: Map,
    /// `field = value (Class)` for each default used.
    pub assumed: Vec<String>,
}

/// Defaults of the configuration classes for the keys published configs leave out, from
/// huggingface/transformers v5.23 (`src/transformers/models/<family>/configuration_<family>.py`).
/// The official gemma-3-4b-it config, for one, gives no `vocab_size` nor head counts.
fn class_defaults(family: Family, model_type: &str, outer_type: &str) -> (&'static str, &'static [(&'static str, i64)]) {
    match (model_type, outer_type) {
        // GLM-5's DSA indexer and DeepSeek V3.2's, when the config leaves them out.
        ("glm_moe_dsa", _) | (_, "glm_moe_dsa") => return ("GlmMoeDsaConfig", &[("index_n_heads", 32), ("index_head_dim", 128)]),
        ("deepseek_v32", _) | (_, "deepseek_v32") => return ("DeepseekV32Config", &[("index_n_heads", 64), ("index_head_dim", 128)]),
        _ => {}
    }
    match family {
        Family::Gemma3Text if outer_type == "gemma3" || outer_type.is_empty() || outer_type == "gemma3_text" => (
            "Gemma3TextConfig",
            &[
                ("vocab_size", 262_208),
                ("hidden_size", 2_304),
                ("intermediate_size", 9_216),
                ("num_hidden_layers", 26),
                ("num_attention_heads", 8),
                ("num_key_value_heads", 4),
                ("head_dim", 256),
                ("max_position_embeddings", 131_072),
                ("sliding_window", 4_096),
                ("sliding_window_pattern", 6),
            ],
        ),
        Family::Qwen3Next => (
            "Qwen3NextConfig",
            &[
                ("linear_conv_kernel_dim", 4),
                ("linear_key_head_dim", 128),
                ("linear_value_head_dim", 128),
                ("linear_num_key_heads", 16),
                ("linear_num_value_heads", 32),
                ("full_attention_interval", 4),
            ],
        ),
        Family::Llama4 => ("Llama4TextConfig", &[("interleave_moe_layer_step", 1), ("no_rope_layer_interval", 4), ("num_experts_per_tok", 1)]),
        _ => ("", &[]),
    }
}

/// Whether the head shares the embedding table when `tie_word_embeddings` is absent: the
/// default of each configuration class (transformers v5.23). SmolLM3 ties (its config omits
/// the key), Gemma and ERNIE 4.5 tie; the rest default to an untied head.
fn ties_by_default(family: Family) -> bool {
    matches!(
        family,
        Family::Gemma | Family::Gemma2 | Family::Gemma3Text | Family::Gemma4 | Family::Gemma3n | Family::SmolLm3 | Family::Ernie45 | Family::Ernie45Moe
    )
}

pub(super) fn with_class_defaults(object: &Map, family: Family, model_type: &str, outer_type: &str) -> Defaulted {
    let mut object = object.clone();
    let mut assumed = Vec::new();
    let (class, defaults) = class_defaults(family, model_type, outer_type);
    for (key, value) in defaults {
        if object.get(key).is_none_or(Value::is_null) {
            object.insert((*key).into(), Value::from(*value));
            assumed.push(format!("{key} = {value} ({class} default)"));
        }
    }
    Defaulted { object, assumed }
}

/// The first present of several fields, read as a count that may be 0.
fn experts_field(f: &Fields) -> Read<Option<u64>> {
    f.count("num_local_experts|num_experts|n_routed_experts|moe_num_experts", MAX_EXPERTS)
}

/// A list of layer indices (`mlp_only_layers`, `moe_layers`), each below `layers`.
fn index_list(f: &Fields, field: &'static str, layers: u64) -> Read<Option<Vec<u64>>> {
    let Some(list) = f.array(field) else { return Ok(None) };
    read_list(field, list, &|v| v.as_u64().filter(|&i| i < layers)).map(Some)
}

/// How a layer mixes tokens, before shapes are attached.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Full,
    Sliding,
    Chunked,
    Linear,
}

/// Token-mixer kinds of every layer: `layer_types` when the config lists them (it must have one
/// entry per layer), else each family's rule.
fn mixer_kinds(f: &Fields, family: Family, layers: u64) -> Read<Vec<Kind>> {
    if let Some(types) = f.array("layer_types") {
        one_per_layer("layer_types", types, layers)?;
        return read_list("layer_types", types, &|t| match t.as_str() {
            // DeepSeek V3.2's MLA layers with the DSA indexer (DeepseekV32Config) attend fully.
            Some("full_attention" | "attention" | "global" | "global_attention" | "indexed_attention") => Some(Kind::Full),
            Some("sliding_attention" | "sliding_window" | "local" | "local_attention") => Some(Kind::Sliding),
            Some("chunked_attention") => Some(Kind::Chunked),
            Some("linear_attention") => Some(Kind::Linear),
            _ => None,
        });
    }
    let every = |n: u64, hit: Kind, miss: Kind| (0..layers).map(move |i| if (i + 1) % n == 0 { hit } else { miss }).collect();
    match family {
        // Qwen3NextConfig: linear attention except every `full_attention_interval`-th layer.
        Family::Qwen3Next => Ok(every(f.required("full_attention_interval", MAX_LAYERS)?, Kind::Full, Kind::Linear)),
        // Llama4TextConfig: `no_rope_layers[i] = 1` marks a RoPE layer, which attends within its
        // chunk; the others (every `no_rope_layer_interval`-th) attend globally.
        Family::Llama4 => {
            let chunked = f.dim("attention_chunk_size", MAX_CONTEXT)?.is_some();
            let rope: Vec<bool> = match f.array("no_rope_layers").filter(|l| !l.is_empty()) {
                Some(list) => {
                    one_per_layer("no_rope_layers", list, layers)?;
                    list.iter().map(|v| v.as_u64() != Some(0)).collect()
                }
                None => {
                    let n = f.required("no_rope_layer_interval", MAX_LAYERS)?;
                    (0..layers).map(|i| (i + 1) % n != 0).collect()
                }
            };
            Ok(rope.into_iter().map(|r| if r && chunked { Kind::Chunked } else { Kind::Full }).collect())
        }
        _ => sliding_pattern(f, family, layers),
    }
}

/// Which layers use sliding-window attention without `layer_types`: `sliding_window_pattern`
/// (every n-th layer global, or a letter pattern such as EXAONE 4's "LLLG"), else each family's
/// rule (Mistral v0.1 and Phi-3: all layers; Gemma 2 and gpt-oss: every other layer from the
/// first; Gemma 3: five local then one global).
fn sliding_pattern(f: &Fields, family: Family, layers: u64) -> Read<Vec<Kind>> {
    let full = vec![Kind::Full; layers as usize];
    if f.dim("sliding_window|sliding_window_size", MAX_CONTEXT)?.is_none() || f.flag("use_sliding_window") == Some(false) {
        return Ok(full);
    }
    // MiMo-V2's published config lists 1 for each sliding-window layer (vLLM reads it).
    if let (Family::MiMoV2, Some(pattern)) = (family, f.array("hybrid_layer_pattern")) {
        one_per_layer("hybrid_layer_pattern", pattern, layers)?;
        return Ok(pattern.iter().map(|v| if v.as_u64() == Some(1) { Kind::Sliding } else { Kind::Full }).collect());
    }
    match f.value("sliding_window_pattern") {
        Some((field, Value::String(letters))) => {
            let letters: Vec<char> = letters.chars().collect();
            if letters.is_empty() || letters.iter().any(|c| !matches!(c, 'L' | 'G')) {
                return Err(invalid(field, "a pattern of L (local) and G (global) letters".into()));
            }
            return Ok((0..layers as usize).map(|i| if letters[i % letters.len()] == 'L' { Kind::Sliding } else { Kind::Full }).collect());
        }
        Some((field, value)) => {
            let n = positive(field, value, MAX_LAYERS)?;
            return Ok((0..layers).map(|i| if (i + 1) % n == 0 { Kind::Full } else { Kind::Sliding }).collect());
        }
        None => {}
    }
    let pattern: fn(u64) -> bool = match family {
        Family::Gemma2 | Family::GptOss => |i| i % 2 == 0,
        // Gemma4TextConfig also forces the last layer to full attention (below).
        Family::Gemma3Text | Family::Gemma4 => |i| (i + 1) % 6 != 0,
        // Gemma3nTextConfig: every fifth layer attends globally.
        Family::Gemma3n => |i| (i + 1) % 5 != 0,
        // MiMoV2FlashConfig: full attention in layer 0 and every sixth layer.
        Family::MiMoV2 => |i| i != 0 && (i + 1) % 6 != 0,
        Family::Mistral | Family::Phi3 | Family::Qwen2 | Family::Mixtral | Family::Generic => |_| true,
        _ => |_| false,
    };
    let last_full = family == Family::Gemma4;
    Ok((0..layers).map(|i| if pattern(i) && !(last_full && i + 1 == layers) { Kind::Sliding } else { Kind::Full }).collect())
}

/// Which layers have experts: `mlp_only_layers`, `decoder_sparse_step` (Qwen MoE),
/// `moe_layers` / `interleave_moe_layer_step` (Llama 4), `first_k_dense_replace` with
/// `moe_layer_freq` (DeepSeek, GLM-4.5), ERNIE's start index and interval.
fn moe_layers(f: &Fields, family: Family, layers: u64) -> Read<Vec<bool>> {
    let dense_first = f.count("first_k_dense_replace", MAX_LAYERS)?.unwrap_or(0);
    if dense_first > layers {
        return Err(invalid("first_k_dense_replace", format!("{dense_first} dense layers but only {layers} layers")));
    }
    let mut moe: Vec<bool> = match family {
        Family::Llama4 => {
            let listed = index_list(f, "moe_layers", layers)?;
            let step = f.required("interleave_moe_layer_step", MAX_LAYERS)?;
            match listed {
                Some(list) => (0..layers).map(|i| list.contains(&i)).collect(),
                None => (0..layers).map(|i| (i + 1) % step == 0).collect(),
            }
        }
        Family::Ernie45Moe => {
            let start = f.count("moe_layer_start_index", MAX_LAYERS)?.unwrap_or(1);
            let end = match f.value("moe_layer_end_index") {
                Some((_, v)) if v.as_i64() == Some(-1) => layers.saturating_sub(1),
                Some((field, v)) => positive(field, v, MAX_LAYERS)?,
                None => layers.saturating_sub(1),
            };
            let interval = f.dim("moe_layer_interval", MAX_LAYERS)?.unwrap_or(1);
            (0..layers).map(|i| (i + 1) % interval == 0 && i >= start && i <= end).collect()
        }
        _ => {
            let step = f.dim("decoder_sparse_step", MAX_LAYERS)?.unwrap_or(1);
            // MiMo-V2's published config gives moe_layer_freq per layer (1 = experts).
            if let Some(list) = f.array("moe_layer_freq") {
                one_per_layer("moe_layer_freq", list, layers)?;
                return Ok(list.iter().map(|v| v.as_u64().is_some_and(|n| n > 0)).collect());
            }
            let freq = f.dim("moe_layer_freq", MAX_LAYERS)?.unwrap_or(1);
            (0..layers).map(|i| (i + 1) % step == 0 && i >= dense_first && (i - dense_first) % freq == 0).collect()
        }
    };
    // transformers 5 writes the plan out as `mlp_layer_types` ("dense" / "sparse"), which wins.
    if let Some(types) = f.array("mlp_layer_types") {
        one_per_layer("mlp_layer_types", types, layers)?;
        moe = read_list("mlp_layer_types", types, &|t| match t.as_str() {
            Some("sparse" | "moe") => Some(true),
            Some("dense" | "mlp") => Some(false),
            _ => None,
        })?;
    }
    for i in index_list(f, "mlp_only_layers", layers)?.unwrap_or_default() {
        moe[i as usize] = false;
    }
    Ok(moe)
}

/// Routed and shared experts, from each family's field names.
fn moe(f: &Fields, family: Family, intermediate: u64) -> Read<Option<Moe>> {
    let Some(experts) = experts_field(f)?.filter(|&e| e > 0) else { return Ok(None) };
    // Hunyuan's published config gives moe_topk per layer; HunYuanMoEV1Moe takes one value.
    let per_token_names = "num_experts_per_tok|experts_per_token|moe_k|moe_topk|top_k_experts";
    let per_token = match (family, f.array("moe_topk").and_then(|l| l.first())) {
        (Family::HunyuanMoe, Some(first)) => Some(positive("moe_topk", first, experts)?),
        _ => f.dim(per_token_names, experts)?,
    };
    // Mixtral's default of 2, but never more than there are (a 1-expert config is valid).
    let experts_per_token = per_token.unwrap_or(2).min(experts);
    let expert_intermediate = match family {
        // HunYuanMoEV1Experts (MixtralExperts) read intermediate_size, not moe_intermediate_size.
        Family::Llama4 | Family::Mixtral | Family::HunyuanMoe => f.dim("intermediate_size", MAX_WIDTH * 8)?.unwrap_or(intermediate),
        _ => f.dim("moe_intermediate_size", MAX_WIDTH * 8)?.unwrap_or(intermediate),
    };
    let shared_count = |names: &'static str| -> Read<u64> { Ok(f.count(names, MAX_EXPERTS)?.unwrap_or(0)) };
    let (shared_intermediate, shared_expert_gate) = match family {
        Family::Qwen2Moe | Family::Qwen3Next => (f.count("shared_expert_intermediate_size", MAX_WIDTH * 8)?.unwrap_or(0), true),
        Family::DeepseekV2 | Family::DeepseekV3 | Family::Glm4Moe => (shared_count("n_shared_experts")? * expert_intermediate, false),
        Family::Ernie45Moe => (shared_count("moe_num_shared_experts")? * expert_intermediate, false),
        // Llama4TextMoe: one shared expert as wide as a routed one.
        Family::Llama4 => (expert_intermediate, false),
        // HunYuanMoEV1Moe always builds one shared_mlp of intermediate_size (num_shared_expert is
        // not read by transformers 5.23).
        Family::HunyuanMoe => (expert_intermediate, false),
        _ => (0, false),
    };
    Ok(Some(Moe {
        experts,
        experts_per_token,
        expert_intermediate,
        shared_intermediate,
        shared_expert_gate,
        biases: family == Family::GptOss,
        // ERNIE's moe_statics; Gemma 4's router.per_expert_scale.
        router_bias: matches!(family, Family::Ernie45Moe | Family::Gemma4),
        plain_experts: false,
    }))
}

/// MLA's ranks and head sizes, with DSA's indexer when the config has one (`index_n_heads`).
fn mla(f: &Fields) -> Read<Mla> {
    let indexer = match f.dim("index_n_heads", MAX_WIDTH)? {
        Some(heads) => Some(Indexer { heads, head_dim: f.required("index_head_dim", MAX_WIDTH)? }),
        None => None,
    };
    Ok(Mla {
        q_lora_rank: f.dim("q_lora_rank", MAX_WIDTH)?,
        kv_lora_rank: f.required("kv_lora_rank", MAX_WIDTH)?,
        qk_nope_head_dim: f.required("qk_nope_head_dim", MAX_WIDTH)?,
        qk_rope_head_dim: f.required("qk_rope_head_dim", MAX_WIDTH)?,
        v_head_dim: f.required("v_head_dim", MAX_WIDTH)?,
        indexer,
    })
}

/// Qwen3-Next's Gated DeltaNet (Qwen3NextGatedDeltaNet).
fn gated_deltanet(f: &Fields) -> Read<GatedDeltaNet> {
    let gdn = GatedDeltaNet {
        key_heads: f.required("linear_num_key_heads", MAX_WIDTH)?,
        value_heads: f.required("linear_num_value_heads", MAX_WIDTH)?,
        key_head_dim: f.required("linear_key_head_dim", MAX_WIDTH)?,
        value_head_dim: f.required("linear_value_head_dim", MAX_WIDTH)?,
        conv_kernel: f.required("linear_conv_kernel_dim", 1_024)?,
    };
    if gdn.key_dim() > MAX_WIDTH * 8 || gdn.value_dim() > MAX_WIDTH * 8 {
        return Err(invalid("linear_num_value_heads", "key or value width is wider than any real model".into()));
    }
    if !gdn.value_heads.is_multiple_of(gdn.key_heads) {
        return Err(invalid("linear_num_value_heads", format!("{} value heads must be a multiple of the {} key heads", gdn.value_heads, gdn.key_heads)));
    }
    Ok(gdn)
}

/// Llama-style decoders: llama, mistral, mixtral, qwen2/3 (+MoE, VL), Qwen3-Next and Qwen3.5,
/// gemma 1/2/3, phi3, deepseek v2/v3 and its MLA successors, gpt-oss, Llama 4, SmolLM3, GLM-4
/// (+MoE), OLMo 2/3, ERNIE 4.5 (+MoE), Seed-OSS, EXAONE 4, Hunyuan, MiniMax-M2, and unknown
/// types read the same way.
pub(super) fn read(f: &Fields, family: Family) -> Read<Architecture> {
    let hidden = f.required("hidden_size|n_embd|d_model", MAX_WIDTH)?;
    let layers = f.required("num_hidden_layers|n_layer|num_layers", MAX_LAYERS)?;
    let vocab = f.required("vocab_size", MAX_VOCAB)?;
    let heads = f.required("num_attention_heads|n_head", MAX_WIDTH)?;
    let kv_heads = f.dim("num_key_value_heads|num_kv_heads", MAX_WIDTH)?.unwrap_or(heads);
    check_heads(heads, kv_heads)?;
    let head_dim = match f.dim("head_dim", MAX_WIDTH)? {
        Some(d) => d,
        None => {
            check_head_split(hidden, heads)?;
            hidden / heads
        }
    };
    // Gemma3nTextConfig takes one MLP width per layer.
    let widths = match (family, f.array("intermediate_size")) {
        (Family::Gemma3n, Some(list)) if list.len() as u64 == layers => {
            Some(read_list("intermediate_size", list, &|w| positive("intermediate_size", w, MAX_WIDTH * 8).ok())?)
        }
        (_, Some(list)) => {
            return Err(invalid("intermediate_size", format!("lists {} widths for {layers} layers", list.len())))
        }
        _ => None,
    };
    let intermediate = match (&widths, family) {
        (Some(widths), _) => widths.iter().copied().max(),
        (None, Family::Llama4) => f.dim("intermediate_size_mlp|intermediate_size", MAX_WIDTH * 8)?,
        (None, _) => f.dim("intermediate_size|n_inner", MAX_WIDTH * 8)?,
    }
    .unwrap_or(4 * hidden);
    let is = |families: &[Family]| families.contains(&family);
    let attention_bias = f.flag("attention_bias|use_bias");
    let qkv_bias = match family {
        Family::Qwen2 | Family::Qwen2Moe => true,
        // Glm4Config defaults attention_bias to True.
        Family::Glm4 => attention_bias.unwrap_or(true),
        _ => attention_bias.unwrap_or(false),
    };
    // Seed-OSS and GLM-4 bias q, k and v but not the output projection.
    let out_bias = match family {
        Family::SeedOss => f.flag("attention_out_bias").unwrap_or(false),
        Family::Glm4 | Family::Glm4Moe | Family::MiMoV2 => false,
        _ => qkv_bias && attention_bias == Some(true),
    };
    let qk_norm = match family {
        Family::Qwen3 | Family::Qwen3Moe | Family::Qwen3Next | Family::Gemma3Text | Family::Gemma4 | Family::Gemma3n | Family::Exaone4 | Family::Hunyuan | Family::HunyuanMoe => {
            QkNorm::PerHead
        }
        Family::Olmo2 => QkNorm::Full,
        Family::MiniMaxM2 if f.flag("use_qk_norm").unwrap_or(true) => QkNorm::Full,
        Family::Glm4Moe if f.flag("use_qk_norm").unwrap_or(false) => QkNorm::PerHead,
        _ => QkNorm::None,
    };
    let mut arch = Architecture {
        kv_heads,
        head_dim,
        v_head_dim: if family == Family::MiMoV2 { f.dim("v_head_dim", MAX_WIDTH)?.unwrap_or(head_dim) } else { head_dim },
        intermediate,
        gated_mlp: true,
        qkv_bias,
        out_bias,
        mlp_bias: f.flag("mlp_bias").unwrap_or(false),
        norm: Norm::Rms,
        norms_per_layer: if is(&[Family::Gemma2, Family::Gemma3Text, Family::Gemma4, Family::Gemma3n, Family::Glm4]) { 4 } else { 2 },
        qk_norm,
        attention_output_gate: family == Family::Qwen3Next,
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(ties_by_default(family)),
        attention_sinks: family == Family::GptOss,
        max_context: f.dim("max_position_embeddings|n_positions", MAX_CONTEXT)?,
        approximate: family == Family::Generic,
        ..base(hidden, layers, vocab, heads)
    };
    arch.moe = moe(f, family, intermediate)?;
    let mla = if is(&[Family::DeepseekV2, Family::DeepseekV3]) { Some(mla(f)?) } else { None };
    if let Some(mla) = mla {
        arch.head_dim = mla.qk_nope_head_dim + mla.qk_rope_head_dim;
        arch.v_head_dim = mla.v_head_dim;
    }
    arch.mla = mla;
    let kinds = mixer_kinds(f, family, layers)?;
    if kinds.contains(&Kind::Linear) {
        arch.linear_attention = Some(gated_deltanet(f)?);
    }
    let window = f.dim("sliding_window|sliding_window_size", MAX_CONTEXT)?;
    let chunk = f.dim("attention_chunk_size", MAX_CONTEXT)?;
    let shape = AttentionShape { heads, kv_heads, head_dim, v_head_dim: arch.v_head_dim };
    let sliding_shape = if family == Family::MiMoV2 { mimo_sliding_shape(f, shape)? } else { shape };
    let experts_in = if arch.moe.is_some() { moe_layers(f, family, layers)? } else { vec![false; layers as usize] };
    let mut plan = Vec::with_capacity(kinds.len());
    for (kind, has_experts) in kinds.iter().zip(experts_in) {
        let mixer = match (kind, mla) {
            (_, Some(_)) => Mixer::Mla,
            (Kind::Linear, None) => Mixer::GatedDeltaNet,
            (Kind::Full, None) => Mixer::Attention { shape, span: Span::Full },
            (Kind::Sliding, None) => {
                let window = window.ok_or_else(|| missing("sliding_window"))?;
                Mixer::Attention { shape: sliding_shape, span: Span::Sliding { window } }
            }
            (Kind::Chunked, None) => {
                let chunk = chunk.ok_or_else(|| missing("attention_chunk_size"))?;
                Mixer::Attention { shape, span: Span::Chunked { chunk } }
            }
        };
        let ffn = if has_experts { Ffn::Moe } else { Ffn::Dense { width: intermediate } };
        plan.push(Layer { mixer, ffn });
    }
    arch.plan = plan;
    let mtp_layers = f.count("num_nextn_predict_layers|mtp_num_hidden_layers|num_mtp_modules", MAX_LAYERS)?.unwrap_or(0);
    // MiMo-V2's MTP modules hold a sliding-window layer with a dense MLP (vLLM's MiMoV2FlashMTPLayer).
    let block = (family == Family::MiMoV2).then_some(Layer {
        mixer: Mixer::Attention { shape: sliding_shape, span: Span::Sliding { window: window.unwrap_or(128) } },
        ffn: Ffn::Dense { width: intermediate },
    });
    arch.mtp = (mtp_layers > 0).then_some(Mtp { layers: mtp_layers, block });
    match family {
        Family::Gemma4 => gemma4(&mut arch, f, intermediate)?,
        Family::Gemma3n => gemma3n(&mut arch, f, widths.unwrap_or_else(|| vec![intermediate; layers as usize]))?,
        _ => {}
    }
    Ok(arch)
}

/// Gemma 4 (Gemma4TextConfig and Gemma4TextDecoderLayer, transformers v5.23):
/// - `per_layer_config` sets a layer's head size and KV heads; without it, full-attention layers
///   take `global_head_dim` (512), and `num_global_key_value_heads` only with `attention_k_eq_v`
///   (whose full layers have no v_proj);
/// - the last `num_kv_shared_layers` layers reuse earlier layers' keys and values, and with
///   `use_double_wide_mlp` their MLP is twice as wide;
/// - `enable_moe_block` adds experts beside every layer's MLP, with a router scale and three
///   more norms;
/// - per-layer inputs (`hidden_size_per_layer_input` P, default 256, null or 0 for none): a
///   `vocab_size_per_layer_input × layers·P` table, a hidden → layers·P projection with its
///   norm, and in each layer a gate, a projection and a norm.
fn gemma4(arch: &mut Architecture, f: &Fields, intermediate: u64) -> Read<()> {
    let h = arch.hidden;
    let k_eq_v = f.flag("attention_k_eq_v").unwrap_or(false);
    let overrides = f.0.get("per_layer_config").and_then(Value::as_object);
    let global_head_dim = f.dim("global_head_dim", MAX_WIDTH)?.unwrap_or(512);
    let global_kv = if k_eq_v { f.dim("num_global_key_value_heads", MAX_WIDTH)? } else { None };
    let shared_from = share_kv(arch, f)?;
    let double_wide = f.flag("use_double_wide_mlp").unwrap_or(false);
    let experts = f.flag("enable_moe_block").unwrap_or(false) && arch.moe.is_some();
    for (i, layer) in arch.plan.iter_mut().enumerate() {
        let (Mixer::Attention { mut shape, span } | Mixer::SharedKv { mut shape, span }) = layer.mixer else { continue };
        let listed = overrides.and_then(|o| o.iter().find(|(k, _)| k.parse::<usize>() == Ok(i))).and_then(|(_, v)| v.as_object());
        match (overrides, listed) {
            (Some(_), Some(own)) => {
                let own = Fields(own);
                if let Some(d) = own.dim("head_dim", MAX_WIDTH)? {
                    (shape.head_dim, shape.v_head_dim) = (d, d);
                }
                shape.kv_heads = own.dim("num_key_value_heads", MAX_WIDTH)?.unwrap_or(shape.kv_heads);
            }
            (None, _) if span == Span::Full => {
                (shape.head_dim, shape.v_head_dim) = (global_head_dim, global_head_dim);
                shape.kv_heads = global_kv.unwrap_or(shape.kv_heads);
            }
            _ => {}
        }
        check_heads(shape.heads, shape.kv_heads)?;
        let shared = i as u64 >= shared_from;
        layer.mixer = if shared { Mixer::SharedKv { shape, span } } else { Mixer::Attention { shape, span } };
        let width = if shared && double_wide { 2 * intermediate } else { intermediate };
        layer.ffn = if experts { Ffn::DenseAndMoe { width } } else { Ffn::Dense { width } };
    }
    arch.attention_k_eq_v = k_eq_v;
    if experts {
        arch.layer_extra += 4 * h;
    } else {
        arch.moe = None;
    }
    per_layer_inputs(arch, f)
}

/// The last `num_kv_shared_layers` layers of a Gemma 3n / Gemma 4 plan read earlier layers'
/// keys and values.
fn share_kv(arch: &mut Architecture, f: &Fields) -> Read<u64> {
    let layers = arch.plan.len() as u64;
    let shared_from = layers - f.count("num_kv_shared_layers", layers)?.unwrap_or(0);
    for layer in &mut arch.plan[shared_from as usize..] {
        if let Mixer::Attention { shape, span } = layer.mixer {
            layer.mixer = Mixer::SharedKv { shape, span };
        }
    }
    Ok(shared_from)
}

/// Gemma's per-layer inputs (`hidden_size_per_layer_input` P, default 256, null or 0 for none):
/// a `vocab_size_per_layer_input × layers·P` table, a hidden → layers·P projection with its
/// norm, and in each layer a gate, a projection and a norm.
fn per_layer_inputs(arch: &mut Architecture, f: &Fields) -> Read<()> {
    let (h, layers) = (arch.hidden, arch.plan.len() as u64);
    let per_layer_input = match f.0.get("hidden_size_per_layer_input") {
        None => 256,
        Some(Value::Null) => 0,
        Some(v) if v.as_u64() == Some(0) => 0,
        Some(v) => positive("hidden_size_per_layer_input", v, MAX_WIDTH)?,
    };
    if per_layer_input > 0 {
        let vocab = f.dim("vocab_size_per_layer_input", MAX_VOCAB)?.unwrap_or(262_144);
        arch.per_layer_embedding = vocab * layers * per_layer_input;
        arch.layer_extra += 2 * h * per_layer_input + h;
        arch.outside_extra += h * layers * per_layer_input + per_layer_input;
    }
    Ok(())
}

/// Gemma 3n (Gemma3nTextConfig and Gemma3nTextDecoderLayer, transformers v5.23): Gemma 4's
/// KV sharing and per-layer inputs, one MLP width per layer, and in each layer AltUp (an
/// output scale, n×n correction and n×n² prediction coefficients, an n-way router with its
/// norm) and LAuReL (a rank-r pair with its norm); outside the layers, n − 1 AltUp
/// projections in and n − 1 out.
fn gemma3n(arch: &mut Architecture, f: &Fields, widths: Vec<u64>) -> Read<()> {
    let h = arch.hidden;
    share_kv(arch, f)?;
    for (layer, width) in arch.plan.iter_mut().zip(widths) {
        layer.ffn = Ffn::Dense { width };
    }
    let n = f.dim("altup_num_inputs", 64)?.unwrap_or(4);
    let rank = f.dim("laurel_rank", MAX_WIDTH)?.unwrap_or(64);
    arch.layer_extra = (h + n * n + n * n * n + h * n + h) + (2 * h * rank + h);
    arch.outside_extra = 2 * (n - 1) * h * h;
    per_layer_inputs(arch, f)
}

/// MiMo-V2-Flash's sliding-window layers: MiMoV2FlashAttention (transformers v5.23) doubles the
/// KV heads; the published config spells them out as `swa_*` (read by vLLM's mimo_v2_flash.py).
fn mimo_sliding_shape(f: &Fields, full: AttentionShape) -> Read<AttentionShape> {
    let shape = AttentionShape {
        heads: f.dim("swa_num_attention_heads", MAX_WIDTH)?.unwrap_or(full.heads),
        kv_heads: f.dim("swa_num_key_value_heads", MAX_WIDTH)?.unwrap_or(2 * full.kv_heads),
        head_dim: f.dim("swa_head_dim", MAX_WIDTH)?.unwrap_or(full.head_dim),
        v_head_dim: f.dim("swa_v_head_dim", MAX_WIDTH)?.unwrap_or(full.v_head_dim),
    };
    check_heads(shape.heads, shape.kv_heads)?;
    Ok(shape)
}

/// DeciLM / Llama-Nemotron NAS (`block_configs`): each block's attention has its own KV-head
/// grouping or is a no-op or one linear; each FFN has its own width (`ffn_mult`) or is a no-op
/// or one linear. The width rule is `_ffn_mult_to_intermediate_size` of
/// nvidia/Llama-3_3-Nemotron-Super-49B-v1's modeling_decilm.py: `⌈⌊2·mult·h/3⌋ / 256⌉ × 256`.
pub(super) fn deci(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let vocab = f.required("vocab_size", MAX_VOCAB)?;
    let heads = f.required("num_attention_heads", MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let head_dim = f.dim("head_dim", MAX_WIDTH)?.unwrap_or(hidden / heads);
    let blocks = f.array("block_configs").ok_or(missing("block_configs"))?;
    if blocks.is_empty() || blocks.len() as u64 > MAX_LAYERS {
        return Err(invalid("block_configs", format!("{} blocks", blocks.len())));
    }
    let invalid = |reason: String| invalid("block_configs", reason);
    let mut plan = Vec::with_capacity(blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        let part = |name: &str| block.get(name).and_then(Value::as_object).ok_or_else(|| invalid(format!("block {i} has no “{name}”")));
        let (attention, ffn) = (part("attention")?, part("ffn")?);
        let is = |o: &Map, key: &str| o.get(key).and_then(Value::as_bool).unwrap_or(false);
        let mixer = if is(attention, "no_op") {
            Mixer::None
        } else if is(attention, "replace_with_linear") {
            Mixer::Linear
        } else {
            let group = Fields(attention).required("n_heads_in_group", heads)?;
            if !heads.is_multiple_of(group) {
                return Err(invalid(format!("block {i}: {group} heads per group do not divide {heads} heads")));
            }
            let shape = AttentionShape { heads, kv_heads: heads / group, head_dim, v_head_dim: head_dim };
            Mixer::Attention { shape, span: Span::Full }
        };
        let ffn = if is(ffn, "no_op") {
            Ffn::None
        } else if is(ffn, "replace_with_linear") {
            Ffn::Linear
        } else {
            let mult = ffn.get("ffn_mult").and_then(Value::as_f64).filter(|m| m.is_finite() && *m > 0.0 && *m < 1_000.0);
            let mult = mult.ok_or_else(|| invalid(format!("block {i}: ffn_mult must be a positive number")))?;
            let width = ((2.0 * mult * hidden as f64 / 3.0) as u64).div_ceil(256) * 256;
            Ffn::Dense { width }
        };
        plan.push(Layer { mixer, ffn });
    }
    let first_attention = plan.iter().find_map(|l| match l.mixer {
        Mixer::Attention { shape, .. } => Some(shape),
        _ => None,
    });
    let widest = plan.iter().filter_map(|l| if let Ffn::Dense { width } = l.ffn { Some(width) } else { None }).max().unwrap_or(0);
    Ok(Architecture {
        kv_heads: first_attention.map_or(heads, |s| s.kv_heads),
        head_dim,
        v_head_dim: head_dim,
        intermediate: widest,
        gated_mlp: true,
        qkv_bias: f.flag("attention_bias").unwrap_or(false),
        out_bias: f.flag("attention_bias").unwrap_or(false),
        mlp_bias: f.flag("mlp_bias").unwrap_or(false),
        norm: Norm::Rms,
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(false),
        max_context: f.dim("max_position_embeddings", MAX_CONTEXT)?,
        plan,
        ..base(hidden, blocks.len() as u64, vocab, heads)
    })
}

/// Mllama (MllamaTextConfig, modeling_mllama.py in transformers v5.23): the layers listed in
/// `cross_attention_layers` (default 3, 8, …, 38) attend to the projected vision states,
/// `max_num_tiles × ((image_size / patch_size)² + 1)` tokens per image, the length
/// MllamaForConditionalGeneration._prepare_static_cache gives their cache; `embed_tokens` has
/// `vocab_size + 8` rows.
pub(super) fn mllama_cross_attention(arch: &mut Architecture, f: &Fields, outer: &Map) -> Read<()> {
    let empty = Map::new();
    let v = Fields(outer.get("vision_config").and_then(Value::as_object).unwrap_or(&empty));
    let tiles = v.dim("max_num_tiles", 64)?.unwrap_or(4);
    let patch = v.dim("patch_size", 1 << 10)?.unwrap_or(14);
    let image = v.dim("image_size", 1 << 16)?.unwrap_or(448);
    let tokens = tiles * ((image / patch).pow(2) + 1);
    let cross: Vec<u64> = match f.array("cross_attention_layers") {
        Some(list) => {
            let mut cross = Vec::with_capacity(list.len());
            for i in list {
                match i.as_u64().filter(|&i| i < arch.layers) {
                    Some(layer) => cross.push(layer),
                    None => return Err(invalid("cross_attention_layers", format!("{} is not one of the {} layers", kind(i), arch.layers))),
                }
            }
            cross
        }
        None => vec![3, 8, 13, 18, 23, 28, 33, 38],
    };
    for i in cross {
        if let Some(Layer { mixer: Mixer::Attention { shape, .. }, .. }) = arch.plan.get(i as usize).copied() {
            arch.plan[i as usize].mixer = Mixer::Attention { shape, span: Span::Image { tokens } };
        }
    }
    arch.token_types = 8;
    Ok(())
}

/// DeepSeek V4 (DeepseekV4Config and modeling_deepseek_v4.py, transformers v5.23): every layer
/// has the compressed attention of its `compress_ratios` entry (0 sliding window only, 4 CSA
/// with the indexer, 128 HCA; the list's extra last entry is the MTP layer's) or of its
/// `layer_types` name, experts with exactly one shared expert, and two hyper-connection blocks.
/// The MTP layer is not counted: transformers does not build it, and its shape is unpublished.
pub(super) fn deepseek_v4(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let layers = f.required("num_hidden_layers", MAX_LAYERS)?;
    let heads = f.required("num_attention_heads", MAX_WIDTH)?;
    let head_dim = f.dim("head_dim", MAX_WIDTH)?.unwrap_or(512);
    let attention = CompressedAttention {
        q_lora_rank: f.dim("q_lora_rank", MAX_WIDTH)?.unwrap_or(1_024),
        head_dim,
        rope_dim: f.dim("qk_rope_head_dim", head_dim)?.unwrap_or(64),
        o_groups: f.dim("o_groups", heads)?.unwrap_or(8),
        o_lora_rank: f.dim("o_lora_rank", MAX_WIDTH)?.unwrap_or(1_024),
        window: f.dim("sliding_window", MAX_CONTEXT)?.unwrap_or(128),
        sparse_ratio: 4,
        indexer: Indexer { heads: f.dim("index_n_heads", MAX_WIDTH)?.unwrap_or(64), head_dim: f.dim("index_head_dim", MAX_WIDTH)?.unwrap_or(128) },
    };
    if !(heads * head_dim).is_multiple_of(attention.o_groups) {
        return Err(invalid("o_groups", format!("{} groups do not divide {heads} heads × {head_dim}", attention.o_groups)));
    }
    let ratios: Vec<u64> = match (f.array("layer_types"), f.array("compress_ratios")) {
        (Some(types), _) => read_list("layer_types", types, &|t| match t.as_str() {
            Some("sliding_attention") => Some(0),
            Some("compressed_sparse_attention") => Some(4),
            Some("heavily_compressed_attention") => Some(128),
            _ => None,
        })?,
        (None, Some(list)) => read_list("compress_ratios", &list[..list.len().min(layers as usize)], &|r| r.as_u64().filter(|r| matches!(r, 0 | 4 | 128)))?,
        (None, None) => return Err(missing("compress_ratios")),
    };
    if ratios.len() as u64 != layers {
        return Err(invalid("compress_ratios", format!("gives {} layers but num_hidden_layers is {layers}", ratios.len())));
    }
    let expert_intermediate = f.required("moe_intermediate_size", MAX_WIDTH * 8)?;
    let experts = f.required("n_routed_experts", MAX_EXPERTS)?;
    Ok(Architecture {
        kv_heads: 1,
        head_dim,
        v_head_dim: head_dim,
        intermediate: expert_intermediate,
        gated_mlp: true,
        qkv_bias: false,
        out_bias: false,
        mlp_bias: false,
        norm: Norm::Rms,
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(false),
        max_context: f.dim("max_position_embeddings", MAX_CONTEXT)?,
        moe: Some(Moe {
            experts,
            experts_per_token: f.dim("num_experts_per_tok", experts)?.unwrap_or(6),
            expert_intermediate,
            shared_intermediate: expert_intermediate,
            shared_expert_gate: false,
            biases: false,
            router_bias: false,
            plain_experts: false,
        }),
        compressed: Some(attention),
        hyper_connections: f.dim("hc_mult", 64)?.unwrap_or(4),
        plan: ratios.into_iter().map(|ratio| Layer { mixer: Mixer::Compressed { ratio }, ffn: Ffn::Moe }).collect(),
        ..base(hidden, layers, f.required("vocab_size", MAX_VOCAB)?, heads)
    })
}
