//! The families of the first transformers: GPT-2, OPT, BERT, T5, Falcon and GPT-NeoX. Each has
//! identical layers, so the plan is uniform.

use super::{base, check_head_split, check_heads, invalid, uniform, Architecture, AttentionShape, Ffn, Fields, Norm, Read};
use super::{MAX_CONTEXT, MAX_LAYERS, MAX_VOCAB, MAX_WIDTH};

/// The uniform plan for the head layout and MLP width a reader settled on.
fn planned(arch: Architecture) -> Architecture {
    let shape = AttentionShape { heads: arch.heads, kv_heads: arch.kv_heads, head_dim: arch.head_dim, v_head_dim: arch.v_head_dim };
    Architecture { plan: uniform(arch.layers, shape, Ffn::Dense { width: arch.intermediate }), ..arch }
}

/// GPT-2: learned positions, fused c_attn with biases, GeLU MLP, tied head.
pub(super) fn gpt2(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("n_embd|hidden_size", MAX_WIDTH)?;
    let heads = f.required("n_head|num_attention_heads", MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let positions = f.dim("n_positions|max_position_embeddings", MAX_CONTEXT)?.unwrap_or(1024);
    Ok(planned(Architecture {
        intermediate: f.dim("n_inner", MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        learned_positions: positions,
        max_context: Some(positions),
        ..base(hidden, f.required("n_layer|num_hidden_layers", MAX_LAYERS)?, f.required("vocab_size", MAX_VOCAB)?, heads)
    }))
}

/// OPT: learned positions with an offset of 2 rows, biases everywhere, tied head.
pub(super) fn opt(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let heads = f.required("num_attention_heads", MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    if let Some(projected) = f.dim("word_embed_proj_dim", MAX_WIDTH)? {
        if projected != hidden {
            return Err(invalid("word_embed_proj_dim", "OPT-350m's projected embeddings are not supported".into()));
        }
    }
    let positions = f.dim("max_position_embeddings", MAX_CONTEXT)?.unwrap_or(2048);
    Ok(planned(Architecture {
        intermediate: f.dim("ffn_dim", MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        learned_positions: positions + 2,
        max_context: Some(positions),
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(true),
        ..base(hidden, f.required("num_hidden_layers", MAX_LAYERS)?, f.required("vocab_size", MAX_VOCAB)?, heads)
    }))
}

/// BERT encoder: word, position and token-type embeddings, post-LN layers, pooler.
pub(super) fn bert(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let heads = f.required("num_attention_heads", MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let positions = f.dim("max_position_embeddings", MAX_CONTEXT)?.unwrap_or(512);
    Ok(planned(Architecture {
        intermediate: f.dim("intermediate_size", MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        learned_positions: positions,
        token_types: f.dim("type_vocab_size", MAX_VOCAB)?.unwrap_or(2),
        max_context: Some(positions),
        ..base(hidden, f.required("num_hidden_layers", MAX_LAYERS)?, f.required("vocab_size", MAX_VOCAB)?, heads)
    }))
}

/// T5: encoder and decoder stacks, relative position buckets, RMS-style norms without bias,
/// ReLU or gated-GeLU MLP; v1.0 ties the head, v1.1 does not.
pub(super) fn t5(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("d_model", MAX_WIDTH)?;
    let heads = f.required("num_heads", MAX_WIDTH)?;
    let head_dim = f.required("d_kv", MAX_WIDTH)?;
    let encoder_layers = f.required("num_layers", MAX_LAYERS)?;
    let decoder_layers = f.dim("num_decoder_layers", MAX_LAYERS)?.unwrap_or(encoder_layers);
    let gated = f.text("feed_forward_proj").is_some_and(|p| p.starts_with("gated"));
    Ok(planned(Architecture {
        encoder_layers,
        head_dim,
        v_head_dim: head_dim,
        intermediate: f.required("d_ff", MAX_WIDTH * 8)?,
        gated_mlp: gated,
        qkv_bias: false,
        out_bias: false,
        mlp_bias: false,
        norm: Norm::Rms,
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(true),
        learned_positions: f.dim("relative_attention_num_buckets", MAX_WIDTH)?.unwrap_or(32),
        ..base(hidden, decoder_layers, f.required("vocab_size", MAX_VOCAB)?, heads)
    }))
}

/// Falcon: fused QKV with multi-query (one KV head) or grouped KV in the new decoder
/// architecture, parallel attention and MLP, 4h GeLU MLP, tied head.
pub(super) fn falcon(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let heads = f.required("num_attention_heads|n_head", MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    let new_architecture = f.flag("new_decoder_architecture").unwrap_or(false);
    let kv_heads = if new_architecture {
        f.dim("num_kv_heads", MAX_WIDTH)?.unwrap_or(heads)
    } else if f.flag("multi_query").unwrap_or(true) {
        1
    } else {
        heads
    };
    check_heads(heads, kv_heads)?;
    let parallel = f.flag("parallel_attn").unwrap_or(true);
    let bias = f.flag("bias").unwrap_or(false);
    Ok(planned(Architecture {
        kv_heads,
        intermediate: f.dim("ffn_hidden_size", MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        qkv_bias: bias,
        out_bias: bias,
        mlp_bias: bias,
        norms_per_layer: if new_architecture || !parallel { 2 } else { 1 },
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(true),
        max_context: f.dim("max_position_embeddings", MAX_CONTEXT)?,
        ..base(hidden, f.required("num_hidden_layers|n_layer", MAX_LAYERS)?, f.required("vocab_size", MAX_VOCAB)?, heads)
    }))
}

/// GPT-NeoX / Pythia: rotary, fused QKV with biases, GeLU MLP, untied `embed_out`.
pub(super) fn gpt_neox(f: &Fields) -> Read<Architecture> {
    let hidden = f.required("hidden_size", MAX_WIDTH)?;
    let heads = f.required("num_attention_heads", MAX_WIDTH)?;
    check_head_split(hidden, heads)?;
    Ok(planned(Architecture {
        intermediate: f.dim("intermediate_size", MAX_WIDTH * 8)?.unwrap_or(4 * hidden),
        tied_embeddings: f.flag("tie_word_embeddings").unwrap_or(false),
        max_context: f.dim("max_position_embeddings", MAX_CONTEXT)?,
        ..base(hidden, f.required("num_hidden_layers", MAX_LAYERS)?, f.required("vocab_size", MAX_VOCAB)?, heads)
    }))
}
