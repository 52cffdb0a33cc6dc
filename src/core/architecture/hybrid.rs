//! State-space models and their hybrids: Nemotron-H (Mamba-2, attention, MLP and MoE blocks in
//! `hybrid_override_pattern`), Granite 4.0-H (`layer_types` of Mamba-2 and attention, every
//! layer with a shared MLP and optional experts), Jamba (Mamba-1 with attention every
//! `attn_layer_period` layers and experts every `expert_layer_period`), and pure Mamba-2.
//! Shapes follow modeling_nemotron_h.py, modeling_granitemoehybrid.py, modeling_jamba.py and
//! modeling_mamba2.py in huggingface/transformers v5.23.

use crate::core::from_json::Value;

use super::{MAX_CONTEXT, MAX_EXPERTS, MAX_LAYERS, MAX_VOCAB, MAX_WIDTH, base, check_heads, invalid, missing, one_per_layer, read_list, Architecture, AttentionShape, Family, Ffn, Fields, Layer, Mixer, Moe, Norm, QkNorm, Read, Span, Ssm, SsmKind};

pub(super) fn read(f: &Fields, family: Family) -> Read<Architecture> {
    match family {
        Family::NemotronH => nemotron_h(f),
        Family::GraniteMoeHybrid => granite_hybrid(f),
        Family::Jamba => jamba(f),
        Family::FalconH1 => falcon_h1(f),
        _ => mamba2(f),
    }
}

/// Attention heads of a hybrid's attention layers.
fn attention_shape(f: &Fields, hidden: u64) -> Read<AttentionShape> {
    let heads = f.required("num_attention_heads", MAX_WIDTH)?;
    let kv_heads = f.dim("num_key_value_heads", MAX_WIDTH)?.unwrap_or(heads);
    check_heads(heads, kv_heads)?;
    let head_dim = f.dim("head_dim|attention_head_dim", MAX_WIDTH)?.unwrap_or(hidden / heads.max(1));
    Ok(AttentionShape { heads, kv_heads, head_dim, v_head_dim: head_dim })
}

/// A Mamba-2 block's shape from the given field names.
fn mamba2_shape(f: &Fields, names: [&'static str; 5], conv_bias: bool, proj_bias: bool) -> Read<Ssm> {
    let [heads, head_dim, state, groups, kernel] = names;
    let heads = f.required(heads, MAX_WIDTH)?;
    let head_dim = f.required(head_dim, MAX_WIDTH)?;
    let groups = f.dim(groups, MAX_WIDTH)?.unwrap_or(1);
    if !heads.is_multiple_of(groups) {
        return Err(invalid("n_groups", format!("{groups} groups must divide the {heads} Mamba heads")));
    }
    if heads * head_dim > MAX_WIDTH * 8 {
        return Err(invalid("mamba_head_dim", format!("{heads} heads × {head_dim} is wider than any real model")));
    }
    Ok(Ssm {
        kind: SsmKind::Mamba2 { heads, head_dim, groups, gated_norm: true },
        inner: heads * head_dim,
        state: f.required(state, MAX_WIDTH)?,
        conv_kernel: f.dim(kernel, 1_024)?.unwrap_or(4),
        conv_bias,
        proj_bias,
    })
}

/// Falcon-H1 (FalconH1Config, modeling_falcon_h1.py in transformers v5.23): every layer runs
/// attention and a Mamba-2 mixer on the same normed input and sums them, then a gated MLP. The
/// Mamba width is `mamba_d_ssm` (default 1024; null means `mamba_expand × hidden`) in
/// `mamba_n_heads` heads (default 128), state 256 and one group by default; the gated norm
/// exists only with `mamba_rms_norm`, and out_proj's bias follows `projectors_bias`.
fn falcon_h1(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let layers = f.required("num_hidden_layers", MAX_LAYERS)?;
    let shape = attention_shape(f, hidden)?;
    let intermediate = f.required("intermediate_size", MAX_WIDTH * 8)?;
    let inner = match f.0.get("mamba_d_ssm") {
        Some(Value::Null) => f.dim("mamba_expand", 64)?.unwrap_or(2) * hidden,
        _ => f.dim("mamba_d_ssm", MAX_WIDTH * 8)?.unwrap_or(1_024),
    };
    let heads = f.dim("mamba_n_heads", MAX_WIDTH)?.unwrap_or(128);
    if !inner.is_multiple_of(heads) {
        return Err(invalid("mamba_n_heads", format!("{heads} heads do not divide mamba_d_ssm {inner}")));
    }
    let proj_bias = f.flag("mamba_proj_bias").unwrap_or(false);
    let ssm = Ssm {
        kind: SsmKind::Mamba2 { heads, head_dim: inner / heads, groups: f.dim("mamba_n_groups", MAX_WIDTH)?.unwrap_or(1), gated_norm: f.flag("mamba_rms_norm").unwrap_or(false) },
        inner,
        state: f.dim("mamba_d_state", MAX_WIDTH)?.unwrap_or(256),
        conv_kernel: f.dim("mamba_d_conv", 1_024)?.unwrap_or(4),
        conv_bias: f.flag("mamba_conv_bias").unwrap_or(true),
        proj_bias,
    };
    let mut arch = Architecture {
        intermediate,
        gated_mlp: true,
        ssm: Some(ssm),
        parallel_ssm: true,
        plan: vec![Layer { mixer: Mixer::Attention { shape, span: Span::Full }, ffn: Ffn::Dense { width: intermediate } }; layers as usize],
        ..common(f, hidden, layers, Some(shape))?
    };
    // One bias flag covers both Mamba projections; every published config sets both false.
    if f.flag("projectors_bias").unwrap_or(false) != proj_bias {
        arch.approximate = true;
        arch.assumed.push("projectors_bias read as mamba_proj_bias".into());
    }
    Ok(arch)
}

/// What every hybrid shares, with the head layout of its attention layers (`None` for a model
/// without attention).
fn common(f: &Fields, hidden: u64, layers: u64, shape: Option<AttentionShape>) -> Read<Architecture> {
    let base = base(hidden, layers, f.required("vocab_size", MAX_VOCAB)?, shape.map_or(1, |s| s.heads));
    let shape = shape.unwrap_or(AttentionShape { heads: base.heads, kv_heads: base.kv_heads, head_dim: base.head_dim, v_head_dim: base.v_head_dim });
    Ok(Architecture {
        kv_heads: shape.kv_heads,
        head_dim: shape.head_dim,
        v_head_dim: shape.v_head_dim,
        gated_mlp: false,
        qkv_bias: f.flag("attention_bias").unwrap_or(false),
        out_bias: f.flag("attention_bias").unwrap_or(false),
        mlp_bias: f.flag("mlp_bias").unwrap_or(false),
        norm: Norm::Rms,
        qk_norm: QkNorm::None,
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(false),
        max_context: f.dim("max_position_embeddings", MAX_CONTEXT)?,
        ..base
    })
}

/// Nemotron-H / Nemotron 3: one mixer per block, chosen by a letter of
/// `hybrid_override_pattern`: `M` Mamba-2, `*` attention, `-` MLP (squared ReLU, not gated),
/// `E` mixture of experts. Each block has one norm.
fn nemotron_h(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    // transformers 5 writes the pattern out as `layers_block_type`.
    let from_types: Option<String> = f.array("layers_block_type").map(|types| {
        types
            .iter()
            .map(|t| match t.as_str() {
                Some("mamba" | "linear_attention") => 'M',
                Some("attention" | "full_attention") => '*',
                Some("mlp") => '-',
                Some("moe") => 'E',
                _ => '?',
            })
            .collect()
    });
    let pattern = match (&from_types, f.text("hybrid_override_pattern")) {
        (Some(types), _) => types.as_str(),
        (None, Some(pattern)) => pattern,
        (None, None) => return Err(missing("hybrid_override_pattern")),
    };
    let layers = pattern.chars().count() as u64;
    if layers == 0 || layers > MAX_LAYERS {
        return Err(invalid("hybrid_override_pattern", format!("{layers} layers")));
    }
    if let Some(n) = f.dim("num_hidden_layers", MAX_LAYERS)? {
        if n != layers {
            return Err(invalid("hybrid_override_pattern", format!("has {layers} letters but num_hidden_layers is {n}")));
        }
    }
    let shape = attention_shape(f, hidden)?;
    let intermediate = f.dim("intermediate_size", MAX_WIDTH * 8)?.unwrap_or(4 * hidden);
    let mut plan = Vec::with_capacity(layers as usize);
    for letter in pattern.chars() {
        plan.push(match letter {
            'M' => Layer { mixer: Mixer::Mamba, ffn: Ffn::None },
            '*' => Layer { mixer: Mixer::Attention { shape, span: Span::Full }, ffn: Ffn::None },
            '-' => Layer { mixer: Mixer::None, ffn: Ffn::Dense { width: intermediate } },
            'E' => Layer { mixer: Mixer::None, ffn: Ffn::Moe },
            other => {
                return Err(invalid("hybrid_override_pattern", format!("unknown letter “{other}” (M Mamba, * attention, - MLP, E experts)")))
            }
        });
    }
    let has = |m: fn(&Layer) -> bool| plan.iter().any(m);
    let ssm = if has(|l| l.mixer == Mixer::Mamba) {
        let bias = f.flag("use_bias").unwrap_or(false);
        let ssm = mamba2_shape(f, ["mamba_num_heads", "mamba_head_dim", "ssm_state_size", "n_groups", "conv_kernel"], f.flag("use_conv_bias").unwrap_or(true), bias)?;
        Some(ssm)
    } else {
        None
    };
    let moe = if has(|l| l.ffn == Ffn::Moe) {
        let experts = f.required("n_routed_experts|num_experts", MAX_EXPERTS)?;
        let expert_intermediate = f.required("moe_intermediate_size", MAX_WIDTH * 8)?;
        let shared = f.count("moe_shared_expert_intermediate_size", MAX_WIDTH * 8)?.unwrap_or(0) * f.count("n_shared_experts", MAX_EXPERTS)?.unwrap_or(1);
        Some(Moe {
            experts,
            experts_per_token: f.dim("num_experts_per_tok", experts)?.unwrap_or(1),
            expert_intermediate,
            shared_intermediate: shared,
            shared_expert_gate: false,
            biases: false,
            router_bias: false,
            plain_experts: true,
        })
    } else {
        None
    };
    Ok(Architecture {
        intermediate,
        norms_per_layer: 1,
        moe,
        ssm,
        plan,
        ..common(f, hidden, layers, Some(shape))?
    })
}

/// Granite 4.0-H: `layer_types` of "mamba" and "attention"; every layer has two norms, a gated
/// shared MLP (`shared_intermediate_size`) and, with `num_local_experts` > 0, routed experts.
fn granite_hybrid(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let layers = f.required("num_hidden_layers", MAX_LAYERS)?;
    let shape = attention_shape(f, hidden)?;
    let types: Vec<Mixer> = match f.array("layer_types") {
        Some(types) => {
            one_per_layer("layer_types", types, layers)?;
            read_list("layer_types", types, &|t| match t.as_str() {
                // transformers 5 writes them "linear_attention" and "full_attention".
                Some("mamba" | "linear_attention") => Some(Mixer::Mamba),
                Some("attention" | "full_attention") => Some(Mixer::Attention { shape, span: Span::Full }),
                _ => None,
            })?
        }
        None => vec![Mixer::Attention { shape, span: Span::Full }; layers as usize],
    };
    let shared = f.required("shared_intermediate_size", MAX_WIDTH * 8)?;
    let experts = f.count("num_local_experts", MAX_EXPERTS)?.unwrap_or(0);
    let moe = if experts > 0 {
        Some(Moe {
            experts,
            experts_per_token: f.dim("num_experts_per_tok", experts)?.unwrap_or(1),
            expert_intermediate: f.required("intermediate_size", MAX_WIDTH * 8)?,
            shared_intermediate: shared,
            shared_expert_gate: false,
            biases: false,
            router_bias: false,
            plain_experts: false,
        })
    } else {
        None
    };
    let ffn = if moe.is_some() { Ffn::Moe } else { Ffn::Dense { width: shared } };
    let ssm = if types.contains(&Mixer::Mamba) {
        Some(mamba2_shape(
            f,
            ["mamba_n_heads", "mamba_d_head", "mamba_d_state", "mamba_n_groups", "mamba_d_conv"],
            f.flag("mamba_conv_bias").unwrap_or(true),
            f.flag("mamba_proj_bias").unwrap_or(false),
        )?)
    } else {
        None
    };
    Ok(Architecture {
        intermediate: shared,
        gated_mlp: true,
        moe,
        ssm,
        plan: types.into_iter().map(|mixer| Layer { mixer, ffn }).collect(),
        ..common(f, hidden, layers, Some(shape))?
    })
}

/// Jamba: attention where `i % attn_layer_period == attn_layer_offset`, Mamba-1 elsewhere;
/// experts where `i % expert_layer_period == expert_layer_offset`, a gated MLP elsewhere.
fn jamba(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let layers = f.required("num_hidden_layers", MAX_LAYERS)?;
    let shape = attention_shape(f, hidden)?;
    let intermediate = f.required("intermediate_size", MAX_WIDTH * 8)?;
    let period = |name: &'static str, default: u64| -> Read<u64> { Ok(f.dim(name, MAX_LAYERS)?.unwrap_or(default)) };
    let offset = |name: &'static str, default: u64| -> Read<u64> { Ok(f.count(name, MAX_LAYERS)?.unwrap_or(default)) };
    let (attn_period, attn_offset) = (period("attn_layer_period", 8)?, offset("attn_layer_offset", 4)?);
    let (expert_period, expert_offset) = (period("expert_layer_period", 2)?, offset("expert_layer_offset", 1)?);
    let experts = f.count("num_experts", MAX_EXPERTS)?.unwrap_or(16);
    let moe = (experts > 1).then_some(Moe {
        experts,
        experts_per_token: f.dim("num_experts_per_tok", experts)?.unwrap_or(2),
        expert_intermediate: intermediate,
        shared_intermediate: 0,
        shared_expert_gate: false,
        biases: false,
        router_bias: false,
        plain_experts: false,
    });
    let plan = (0..layers)
        .map(|i| Layer {
            mixer: if i % attn_period == attn_offset { Mixer::Attention { shape, span: Span::Full } } else { Mixer::Mamba },
            ffn: if moe.is_some() && i % expert_period == expert_offset { Ffn::Moe } else { Ffn::Dense { width: intermediate } },
        })
        .collect();
    let inner = f.dim("mamba_expand", 8)?.unwrap_or(2) * hidden;
    // JambaConfig: mamba_dt_rank "auto" is ⌈hidden / 16⌉.
    let dt_rank = match f.value("mamba_dt_rank") {
        Some((_, Value::String(auto))) if auto == "auto" => hidden.div_ceil(16),
        Some(_) => f.required("mamba_dt_rank", MAX_WIDTH)?,
        None => hidden.div_ceil(16),
    };
    let ssm = Ssm {
        kind: SsmKind::Mamba1 { dt_rank, inner_layernorms: true },
        inner,
        state: f.dim("mamba_d_state", MAX_WIDTH)?.unwrap_or(16),
        conv_kernel: f.dim("mamba_d_conv", 1_024)?.unwrap_or(4),
        conv_bias: f.flag("mamba_conv_bias").unwrap_or(true),
        proj_bias: f.flag("mamba_proj_bias").unwrap_or(false),
    };
    Ok(Architecture {
        intermediate,
        gated_mlp: true,
        moe,
        ssm: Some(ssm),
        plan,
        ..common(f, hidden, layers, Some(shape))?
    })
}

/// Pure Mamba-2 (Mamba-Codestral): every block a norm and a Mamba-2 mixer of width
/// `expand × hidden`.
fn mamba2(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let layers = f.required("num_hidden_layers", MAX_LAYERS)?;
    let ssm = mamba2_shape(
        f,
        ["num_heads", "head_dim", "state_size", "n_groups", "conv_kernel"],
        f.flag("use_conv_bias").unwrap_or(true),
        f.flag("use_bias").unwrap_or(false),
    )?;
    let expanded = f.dim("expand", 8)?.unwrap_or(2) * hidden;
    if expanded != ssm.inner {
        return Err(invalid("num_heads", format!("num_heads × head_dim = {} but expand × hidden_size = {expanded}", ssm.inner)));
    }
    Ok(Architecture {
        norms_per_layer: 1,
        ssm: Some(ssm),
        plan: vec![Layer { mixer: Mixer::Mamba, ffn: Ffn::None }; layers as usize],
        ..common(f, hidden, layers, None)?
    })
}
