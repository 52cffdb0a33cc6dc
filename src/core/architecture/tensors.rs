//! The layer plan of a checkpoint read from its tensor names and shapes alone: safetensors
//! shards dropped without their config.json.
//!
//! Names follow the modules transformers builds (`modeling_*.py`): `model.layers.{i}.self_attn.
//! k_proj.weight`, `linear_attn.A_log` (Qwen3-Next), `backbone.layers.{i}.mixer.*` (Nemotron-H,
//! Mamba-2), `mamba.*` (Jamba, Granite 4), `self_attn.kv_a_proj_with_mqa` (DeepSeek MLA),
//! `mlp.experts.{j}.*` and `mlp.gate` (MoE). A linear layer's weight is stored `[out, in]`
//! (torch.nn.Linear). What shapes cannot tell (the head size within heads × head size, the
//! attention window, experts per token, a Mamba-2 state size within groups × state) is assumed
//! and named in `assumed`; the parameter count itself comes from the tensors' elements.

use super::{
    base, AttentionShape, Architecture, CompressedAttention, Family, Ffn, GatedDeltaNet, Indexer, Layer, Mixer, Mla, Moe, Mtp, Norm, Ssm, SsmKind,
    Span, MAX_LAYERS, MAX_VOCAB, MAX_WIDTH,
};

/// Parts of a name that mark a tensor outside the text layers.
const VISION_MARKS: [&str; 6] = ["vision", "visual", "multi_modal_projector", "mm_projector", "image_newline", "patch_embed"];

/// Head sizes of published models, most common first, tried when only heads × head size is
/// known (128: Llama, Qwen, Mistral; 64: Llama 3.2 1B, gpt-oss; 192: MiMo-V2).
const COMMON_HEAD_DIMS: [u64; 8] = [128, 64, 256, 192, 96, 80, 160, 32];
/// The Mamba-2 state size of every published Mamba-2 model (Mamba-Codestral, Nemotron-H, Granite 4,
/// Falcon-H1), taken when only groups × state is known.
const ASSUMED_SSM_STATE: u64 = 128;
/// Experts per token when only the expert count is known (DeepSeek V3, Qwen3-MoE, Kimi K2 use 8).
const ASSUMED_EXPERTS_PER_TOKEN: u64 = 8;

/// One layer's tensors: the name after `layers.{i}.`, and the shape. A list rather than a map:
/// layers hold tens of tensors, and a map type would cost the page its code.
#[derive(Default)]
struct LayerTensors<'a>(Vec<(&'a str, &'a [u64])>);

impl<'a> LayerTensors<'a> {
    /// The shape of `root` + `suffix`. Not inlined: it is called from dozens of places.
    #[inline(never)]
    fn get(&self, root: &str, suffix: &str) -> Option<&'a [u64]> {
        self.0.iter().find(|(name, _)| name.strip_prefix(root) == Some(suffix)).map(|(_, shape)| *shape)
    }
}

/// `(text-layer index, rest of the name)` when the name is inside a text decoder layer.
fn text_layer(name: &str) -> Option<(u64, &str)> {
    let at = name.find("layers.")?;
    let (prefix, rest) = (&name[..at], &name[at + 7..]);
    if VISION_MARKS.iter().any(|m| prefix.contains(m)) || prefix.contains("mtp") || prefix.contains("encoder") {
        return None;
    }
    let (index, suffix) = rest.split_once('.')?;
    Some((index.parse().ok()?, suffix))
}

/// The first of `suffixes` present in the layer, with its shape.
#[inline(never)]
fn find<'a>(layer: &LayerTensors<'a>, suffixes: &[&str]) -> Option<&'a [u64]> {
    suffixes.iter().find_map(|s| layer.get("", s))
}

/// Size `i` of a shape, bounded like a config field.
#[inline(never)]
fn dim(shape: &[u64], i: usize) -> Option<u64> {
    match shape.get(i) {
        Some(&n) if (1..=MAX_WIDTH * 8).contains(&n) => Some(n),
        _ => None,
    }
}

/// Adds an assumption once (each layer of a kind makes the same one).
#[inline(never)]
fn note(assumed: &mut Vec<String>, text: String) {
    if !assumed.contains(&text) {
        assumed.push(text);
    }
}

impl Architecture {
    /// Reads the plan from the `(name, shape)` of every tensor of a checkpoint; `None` when they
    /// follow no layout this reader knows (the caller then falls back to a typical decoder, so
    /// no reason is kept: messages would only cost the page bytes).
    pub fn from_tensors(tensors: &[(&str, &[u64])]) -> Option<Architecture> {
        read(tensors)
    }
}

fn read(tensors: &[(&str, &[u64])]) -> Option<Architecture> {
    let mut layers: Vec<LayerTensors> = Vec::new();
    // Mllama's cross-attention caches one image: tiles × positions vision tokens, read off the
    // gated position embedding ([positions, width]) and its tile table ([ratios, tiles × positions × width]).
    let shape_of = |suffix: &str| tensors.iter().find(|(n, _)| n.ends_with(suffix)).map(|(_, s)| *s);
    let image_tokens = match (shape_of("gated_positional_embedding.embedding"), shape_of("gated_positional_embedding.tile_embedding.weight")) {
        (Some(&[positions, width]), Some(&[_, table])) if positions > 0 && width > 0 => Some(table / width),
        _ => None,
    };
    let (mut embedding, mut untied, mut vision, mut mtp_layers) = (None, false, 0u64, 0u64);
    for &(name, shape) in tensors {
        if VISION_MARKS.iter().any(|m| name.contains(m)) {
            vision = vision.saturating_add(shape.iter().try_fold(1u64, |n, d| n.checked_mul(*d)).unwrap_or(u64::MAX));
        } else if let Some(rest) = name.find("mtp.").map(|at| &name[at + 4..]) {
            // `mtp.layers.{i}.…` (Qwen3-Next, MiMo-V2), numbered from 0.
            let index = rest.split('.').find_map(|part| part.parse::<u64>().ok()).unwrap_or(0).min(MAX_LAYERS);
            mtp_layers = mtp_layers.max(index + 1);
        } else if let Some((index, suffix)) = text_layer(name) {
            if index >= MAX_LAYERS {
                return None;
            }
            if index as usize >= layers.len() {
                layers.resize_with(index as usize + 1, LayerTensors::default);
            }
            layers[index as usize].0.push((suffix, shape));
        } else if name.ends_with("embed_tokens.weight") || name.ends_with("embeddings.weight") || name.ends_with("wte.weight") {
            embedding = Some(shape);
        } else if name == "lm_head.weight" || name.ends_with(".lm_head.weight") {
            untied = true;
        }
    }
    // DeepSeek stores its MTP layers as the last `model.layers.{i}`, recognisable by `eh_proj`.
    while layers.last().is_some_and(|l| l.get("", "eh_proj.weight").is_some()) {
        mtp_layers += 1;
        layers.pop();
    }
    if layers.is_empty() || layers.iter().any(|l| l.0.is_empty()) {
        return None;
    }
    let embedding = embedding?;
    let (vocab, hidden) = (dim(embedding, 0)?, dim(embedding, 1)?);
    if vocab > MAX_VOCAB || hidden > MAX_WIDTH {
        return None;
    }
    let mut arch = Architecture { intermediate: 0, norm: Norm::Rms, qkv_bias: false, out_bias: false, mlp_bias: false, gated_mlp: true, ..base(hidden, layers.len() as u64, vocab, 1) };
    arch.model_type = "safetensors".into();
    arch.family = Family::FromTensors;
    arch.tied_embeddings = !untied;
    arch.vision_params = vision;
    arch.mtp = (mtp_layers > 0).then_some(Mtp { layers: mtp_layers, block: None });
    let mut assumed = Vec::new();
    let mut first_attention = None;
    arch.plan = Vec::with_capacity(layers.len());
    for layer in &layers {
        let mixer = mixer(&mut arch, layer, image_tokens, &mut assumed)?;
        if let (None, Mixer::Attention { shape, .. }) = (first_attention, mixer) {
            first_attention = Some(shape);
        }
        let ffn = ffn(&mut arch, layer, hidden, &mut assumed)?;
        arch.plan.push(Layer { mixer, ffn });
    }
    // Without a dense layer, one expert's width stands in where formulas take the config's
    // intermediate_size (vLLM's activation profile).
    if let (0, Some(moe)) = (arch.intermediate, arch.moe) {
        arch.intermediate = moe.expert_intermediate;
    }
    if let Some(shape) = first_attention {
        (arch.heads, arch.kv_heads, arch.head_dim, arch.v_head_dim) = (shape.heads, shape.kv_heads, shape.head_dim, shape.v_head_dim);
        assumed.push("every attention layer sees the whole context (config.json sets any sliding window)".into());
    }
    arch.approximate = !assumed.is_empty();
    arch.assumed = assumed;
    Some(arch)
}

/// The layer's token mixer, filling the architecture-wide MLA, Gated DeltaNet or Mamba shape
/// from the first layer that has one.
fn mixer(arch: &mut Architecture, layer: &LayerTensors, image_tokens: Option<u64>, assumed: &mut Vec<String>) -> Option<Mixer> {
    if let (Some(kv), Some(o_a), Some(sinks)) = (layer.get("self_attn.", "kv_proj.weight"), layer.get("self_attn.", "o_a_proj.weight"), layer.get("self_attn.", "sinks")) {
        return compressed(arch, layer, kv, o_a, sinks, assumed);
    }
    if let Some(kv_a) = find(layer, &["self_attn.kv_a_proj_with_mqa.weight"]) {
        // DeepSeek V2/V3 (modeling_deepseek_v3.py): kv_a = kv_lora_rank + rope; kv_b = heads ×
        // (nope + v); o_proj's input = heads × v; q (or q_b) = heads × (nope + rope).
        let rank = dim(find(layer, &["self_attn.kv_a_layernorm.weight"])?, 0)?;
        let rope = dim(kv_a, 0)?.checked_sub(rank).filter(|r| *r > 0)?;
        let kv_b = dim(find(layer, &["self_attn.kv_b_proj.weight"])?, 0)?;
        let o_in = dim(find(layer, &["self_attn.o_proj.weight"])?, 1)?;
        let q = dim(find(layer, &["self_attn.q_b_proj.weight", "self_attn.q_proj.weight"])?, 0)?;
        let heads_rope = (q + o_in).checked_sub(kv_b).filter(|n| *n > 0 && n % rope == 0)?;
        let heads = heads_rope / rope;
        let (v, nope) = (o_in / heads, (q / heads).saturating_sub(rope));
        let q_lora_rank = find(layer, &["self_attn.q_a_proj.weight"]).and_then(|s| dim(s, 0));
        let indexer = match (find(layer, &["self_attn.indexer.wk.weight"]), find(layer, &["self_attn.indexer.weights_proj.weight"])) {
            (Some(wk), Some(weights)) => Some(Indexer { heads: dim(weights, 0)?, head_dim: dim(wk, 0)? }),
            _ => None,
        };
        arch.mla.get_or_insert(Mla { q_lora_rank, kv_lora_rank: rank, qk_nope_head_dim: nope, qk_rope_head_dim: rope, v_head_dim: v, indexer });
        (arch.heads, arch.head_dim, arch.v_head_dim) = (heads, nope + rope, v);
        return Some(Mixer::Mla);
    }
    if let Some(a_log) = find(layer, &["linear_attn.A_log"]) {
        // Qwen3-Next (modeling_qwen3_next.py): A_log has one entry per value head, the gated
        // norm one per value-head channel, the conv 2 × key_dim + value_dim channels.
        let value_heads = dim(a_log, 0)?;
        let value_head_dim = dim(find(layer, &["linear_attn.norm.weight"])?, 0)?;
        let conv = find(layer, &["linear_attn.conv1d.weight"])?;
        let key_dim = (dim(conv, 0)?.checked_sub(value_heads * value_head_dim)).map(|k| k / 2).filter(|k| *k > 0 && k % value_head_dim == 0);
        let key_dim = key_dim?;
        note(assumed, format!("Gated DeltaNet key heads as wide as value heads ({value_head_dim})"));
        let kernel = dim(conv, conv.len().saturating_sub(1))?;
        arch.linear_attention.get_or_insert(GatedDeltaNet { key_heads: key_dim / value_head_dim, value_heads, key_head_dim: value_head_dim, value_head_dim, conv_kernel: kernel });
        return Some(Mixer::GatedDeltaNet);
    }
    for root in ["mixer.", "mamba."] {
        let get = |s: &str| layer.get(root, s);
        let (Some(a_log), Some(conv)) = (get("A_log"), get("conv1d.weight")) else { continue };
        let kernel = dim(conv, conv.len().saturating_sub(1))?;
        let conv_channels = dim(conv, 0)?;
        let (kind, inner, state) = if a_log.len() == 2 {
            // Mamba-1 (modeling_jamba.py): A_log [inner, state], dt_proj [inner, dt_rank].
            let dt_rank = dim(get("dt_proj.weight")?, 1)?;
            (SsmKind::Mamba1 { dt_rank, inner_layernorms: get("dt_layernorm.weight").is_some() }, dim(a_log, 0)?, dim(a_log, 1)?)
        } else {
            // Mamba-2 (modeling_mamba2.py): A_log [heads], out_proj [hidden, inner], conv
            // inner + 2 × groups × state channels.
            let heads = dim(a_log, 0)?;
            let inner = dim(get("out_proj.weight")?, 1)?;
            let groups_state = conv_channels.checked_sub(inner).map(|n| n / 2).filter(|n| *n > 0 && inner % heads == 0);
            let groups_state = groups_state?;
            let state = if groups_state % ASSUMED_SSM_STATE == 0 { ASSUMED_SSM_STATE } else { groups_state };
            note(assumed, format!("Mamba-2 state size {state} ({} groups)", groups_state / state));
            let gated_norm = get("norm.weight").is_some();
            (SsmKind::Mamba2 { heads, head_dim: inner / heads, groups: groups_state / state, gated_norm }, inner, state)
        };
        let proj_bias = get("in_proj.bias").is_some();
        arch.ssm.get_or_insert(Ssm { kind, inner, state, conv_kernel: kernel, conv_bias: get("conv1d.bias").is_some(), proj_bias });
        // Falcon-H1 runs attention beside the Mamba block in the same layer.
        if !layer.0.iter().any(|(name, _)| name.starts_with("self_attn.")) {
            return Some(Mixer::Mamba);
        }
        arch.parallel_ssm = true;
        break;
    }
    for root in ["self_attn.", "mixer.", "attention.", "self_attention.", "cross_attn."] {
        let get = |s: &str| layer.get(root, s);
        let Some(k) = get("k_proj.weight").or(get("wk.weight")) else {
            // Gemma's KV-sharing layers have query and output projections only.
            if let (Some(q), Some(norm)) = (get("q_proj.weight"), get("q_norm.weight")) {
                let (q_rows, head_dim) = (dim(q, 0)?, dim(norm, 0)?);
                let heads = (q_rows % head_dim == 0).then(|| q_rows / head_dim)?;
                let shape = AttentionShape { heads, kv_heads: heads, head_dim, v_head_dim: head_dim };
                return Some(Mixer::SharedKv { shape, span: Span::Full });
            }
            continue;
        };
        let k_rows = dim(k, 0)?;
        let v_rows = get("v_proj.weight").or(get("wv.weight")).map_or(Some(k_rows), |v| dim(v, 0))?;
        let q_rows = get("q_proj.weight").or(get("wq.weight")).map_or(Some(k_rows), |q| dim(q, 0))?;
        let o_in = get("o_proj.weight").or(get("wo.weight")).and_then(|o| dim(o, 1));
        // The head layout a head size implies, if the projections agree with it: keys and values
        // split over the same KV heads, o_proj takes heads × value size, q_proj heads × key size
        // (twice that with an output gate).
        let layout = |head_dim: u64| -> Option<AttentionShape> {
            let kv_heads = (head_dim > 0 && k_rows % head_dim == 0).then(|| k_rows / head_dim)?;
            let v_head_dim = (v_rows % kv_heads == 0).then(|| v_rows / kv_heads)?;
            let heads = o_in.map_or(q_rows / head_dim, |o| o / v_head_dim);
            let fits = heads > 0 && heads % kv_heads == 0 && (heads * head_dim == q_rows || 2 * heads * head_dim == q_rows);
            fits.then_some(AttentionShape { heads, kv_heads, head_dim, v_head_dim })
        };
        // A per-head key norm (Qwen3, Gemma 3) has one weight per head channel; sinks one per head.
        let known = match (get("k_norm.weight").or(get("key_layernorm.weight")), get("sinks")) {
            (Some(norm), _) if dim(norm, 0)? < k_rows => Some(dim(norm, 0)?),
            (_, Some(sinks)) => Some(q_rows / dim(sinks, 0)?),
            _ => None,
        };
        let shape = match known.and_then(layout) {
            Some(shape) => shape,
            None => {
                let shape = COMMON_HEAD_DIMS.iter().find_map(|&d| layout(d)).or_else(|| layout(k_rows));
                let shape = shape?;
                note(assumed, format!("head size {} (the tensors give heads × head size)", shape.head_dim));
                shape
            }
        };
        let AttentionShape { heads, head_dim, .. } = shape;
        arch.attention_output_gate |= q_rows == 2 * heads * head_dim;
        arch.qkv_bias |= get("q_proj.bias").is_some();
        // Without a vision tower in the files, no image reaches the cross-attention layers.
        let span = if root == "cross_attn." { Span::Image { tokens: image_tokens.unwrap_or(0) } } else { Span::Full };
        return Some(Mixer::Attention { shape, span });
    }
    Some(Mixer::None)
}

/// DeepSeek V4 (modeling_deepseek_v4.py): one shared kv_proj [head, hidden], sinks [heads],
/// o_a_proj [groups·rank, heads·head/groups]; a compressor's position bias has one row per
/// compressed token (the ratio); the indexer's norm is its head size, its scorer one row per
/// head; an hyper-connection's bias has (2 + n)·n entries.
fn compressed(arch: &mut Architecture, layer: &LayerTensors, kv: &[u64], o_a: &[u64], sinks: &[u64], assumed: &mut Vec<String>) -> Option<Mixer> {
    let (head_dim, heads, o_rows, o_in) = (dim(kv, 0)?, dim(sinks, 0)?, dim(o_a, 0)?, dim(o_a, 1)?);
    let groups = (heads * head_dim).checked_div(o_in).filter(|g| *g > 0 && o_rows % g == 0)?;
    let ratio = layer.get("self_attn.", "compressor.position_bias").and_then(|b| dim(b, 0)).unwrap_or(0);
    let indexer = match (layer.get("self_attn.", "compressor.indexer.kv_norm.weight"), layer.get("self_attn.", "compressor.indexer.scorer.weights_proj.weight")) {
        (Some(norm), Some(scorer)) => Some(Indexer { heads: dim(scorer, 0)?, head_dim: dim(norm, 0)? }),
        _ => None,
    };
    let q_lora_rank = dim(layer.get("self_attn.", "q_a_proj.weight")?, 0)?;
    note(assumed, "a rotary part of 64 and a 128-token window (config.json's qk_rope_head_dim and sliding_window)".into());
    let base = CompressedAttention { q_lora_rank, head_dim, rope_dim: 64.min(head_dim), o_groups: groups, o_lora_rank: o_rows / groups, window: 128, sparse_ratio: 4, indexer: Indexer { heads: 64, head_dim: 128 } };
    let attention = arch.compressed.get_or_insert(base);
    if let Some(indexer) = indexer {
        (attention.indexer, attention.sparse_ratio) = (indexer, ratio);
    }
    if let Some(bias) = layer.get("", "attn_hc.base") {
        let entries = dim(bias, 0)?;
        arch.hyper_connections = (1..=64).find(|n| (2 + n) * n == entries).unwrap_or(0);
    }
    (arch.heads, arch.kv_heads, arch.head_dim, arch.v_head_dim) = (heads, 1, head_dim, head_dim);
    Some(Mixer::Compressed { ratio })
}

/// The layer's channel mixer, filling the architecture-wide MoE shape from the first MoE layer.
fn ffn(arch: &mut Architecture, layer: &LayerTensors, hidden: u64, assumed: &mut Vec<String>) -> Option<Ffn> {
    // The inner width of a down projection [hidden, width] (or a fused one [experts, width, hidden]).
    let width = |shape: &[u64]| -> Option<u64> {
        let (a, b) = (dim(shape, shape.len().saturating_sub(2))?, dim(shape, shape.len().saturating_sub(1))?);
        Some(if b == hidden { a } else { b })
    };
    // Shared experts: Qwen's `shared_expert`, DeepSeek's `shared_experts`, Granite's and
    // Hunyuan's `shared_mlp`.
    let shared = layer.0.iter().find(|(name, _)| {
        (name.contains("shared_expert") || name.contains("shared_mlp.")) && ["down_proj.weight", "w2.weight", "output_linear.weight"].iter().any(|s| name.ends_with(s))
    });
    // Gemma 4 keeps its experts and router at the layer's top (`router.proj`, `experts.*`).
    for root in ["", "mlp.", "block_sparse_moe.", "feed_forward.", "mixer.", "moe.", "shared_mlp."] {
        let get = |s: &str| layer.get(root, s);
        let router = ["gate.weight", "gate.wg.weight", "router.weight", "router.layer.weight", "router.proj.weight"].iter().find_map(|s| get(s));
        let router = router.filter(|g| g.len() == 2 && g[1] == hidden);
        let down = |prefix: &str| {
            ["down_proj.weight", "w2.weight", "down_proj", "output_linear.weight"].iter().find_map(|s| get(&format!("{prefix}{s}")))
        };
        if let Some(router) = router {
            let experts = dim(router, 0)?;
            // gpt-oss's MXFP4 experts are stored as 16-byte blocks of 32 values.
            let expert = match (down("experts.0.").or(down("experts.")).or(down("")), get("experts.down_proj_blocks")) {
                (Some(down), _) => width(down)?,
                (None, Some(blocks)) => dim(blocks, 2)? * 32,
                (None, None) => return None,
            };
            let shared = shared.and_then(|(_, s)| width(s)).unwrap_or(0);
            note(assumed, format!("{ASSUMED_EXPERTS_PER_TOKEN} experts per token (config.json names num_experts_per_tok)"));
            arch.moe.get_or_insert(Moe {
                experts,
                experts_per_token: ASSUMED_EXPERTS_PER_TOKEN.min(experts),
                expert_intermediate: expert,
                shared_intermediate: shared,
                shared_expert_gate: get("shared_expert_gate.weight").is_some(),
                biases: get("router.bias").or(get("gate.bias")).is_some(),
                router_bias: get("router.per_expert_scale").is_some(),
                plain_experts: ["experts.0.gate_proj.weight", "experts.gate_up_proj", "experts.0.w1.weight", "experts.gate_up_proj_blocks", "input_linear.weight"]
                    .iter()
                    .all(|s| get(s).is_none()),
            });
            // Gemma 4's dense MLP runs beside the experts.
            return Some(match layer.get("", "mlp.down_proj.weight") {
                Some(dense) if root.is_empty() => Ffn::DenseAndMoe { width: width(dense)? },
                _ => Ffn::Moe,
            });
        }
        if let Some(down) = down("") {
            let width = width(down)?;
            arch.intermediate = arch.intermediate.max(width);
            arch.gated_mlp = get("gate_proj.weight").or(get("w1.weight")).or(get("gate_up_proj.weight")).or(get("input_linear.weight")).is_some();
            return Some(Ffn::Dense { width });
        }
    }
    Some(Ffn::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Llama-3-8B's layer 0 as its checkpoint names it (meta-llama/Meta-Llama-3-8B,
    /// model.safetensors.index.json; shapes from config.json: 32 heads, 8 KV heads of 128).
    fn llama3_layer(i: u64) -> Vec<(String, Vec<u64>)> {
        let p = format!("model.layers.{i}.");
        vec![
            (format!("{p}self_attn.q_proj.weight"), vec![4096, 4096]),
            (format!("{p}self_attn.k_proj.weight"), vec![1024, 4096]),
            (format!("{p}self_attn.v_proj.weight"), vec![1024, 4096]),
            (format!("{p}self_attn.o_proj.weight"), vec![4096, 4096]),
            (format!("{p}mlp.gate_proj.weight"), vec![14336, 4096]),
            (format!("{p}mlp.up_proj.weight"), vec![14336, 4096]),
            (format!("{p}mlp.down_proj.weight"), vec![4096, 14336]),
        ]
    }

    fn read_owned(tensors: &[(String, Vec<u64>)]) -> Option<Architecture> {
        let borrowed: Vec<(&str, &[u64])> = tensors.iter().map(|(n, s)| (n.as_str(), s.as_slice())).collect();
        Architecture::from_tensors(&borrowed)
    }

    #[test]
    fn a_llama_checkpoint_gives_its_heads_and_widths() {
        let mut tensors: Vec<_> = (0..32).flat_map(llama3_layer).collect();
        tensors.push(("model.embed_tokens.weight".into(), vec![128256, 4096]));
        tensors.push(("lm_head.weight".into(), vec![128256, 4096]));
        let arch = read_owned(&tensors).expect("reads");
        assert_eq!((arch.layers, arch.hidden, arch.vocab, arch.intermediate), (32, 4096, 128256, 14336));
        assert_eq!((arch.heads, arch.kv_heads, arch.head_dim), (32, 8, 128));
        assert!(!arch.tied_embeddings && arch.gated_mlp && arch.approximate);
    }

    #[test]
    fn broken_layouts_are_refused_not_panicked_on() {
        let embedding = ("model.embed_tokens.weight".to_string(), vec![32000, 4096]);
        let cases: Vec<Vec<(String, Vec<u64>)>> = vec![
            vec![],
            vec![embedding.clone()],
            // Layer 1 without layer 0.
            llama3_layer(1).into_iter().chain([embedding.clone()]).collect(),
            // A layer index past any model, a zero-sized and an absurd dimension.
            llama3_layer(0).into_iter().chain([embedding.clone(), ("model.layers.99999999999.mlp.down_proj.weight".into(), vec![1, 1])]).collect(),
            vec![embedding.clone(), ("model.layers.0.self_attn.k_proj.weight".into(), vec![0, 4096])],
            vec![embedding.clone(), ("model.layers.0.self_attn.k_proj.weight".into(), vec![u64::MAX, u64::MAX])],
            vec![embedding.clone(), ("model.layers.0.self_attn.k_proj.weight".into(), vec![])],
            // v_proj narrower than its KV heads; MLA whose projections disagree; a Mamba-2 conv
            // narrower than its inner width.
            vec![
                embedding.clone(),
                ("model.layers.0.self_attn.q_proj.weight".into(), vec![4096, 4096]),
                ("model.layers.0.self_attn.k_proj.weight".into(), vec![1024, 4096]),
                ("model.layers.0.self_attn.v_proj.weight".into(), vec![3, 4096]),
                ("model.layers.0.self_attn.o_proj.weight".into(), vec![4096, 4096]),
            ],
            vec![
                embedding.clone(),
                ("model.layers.0.self_attn.kv_a_proj_with_mqa.weight".into(), vec![576, 4096]),
                ("model.layers.0.self_attn.kv_a_layernorm.weight".into(), vec![576]),
            ],
            vec![
                embedding.clone(),
                ("model.layers.0.mixer.A_log".into(), vec![128]),
                ("model.layers.0.mixer.conv1d.weight".into(), vec![10, 1, 4]),
                ("model.layers.0.mixer.out_proj.weight".into(), vec![4096, 8192]),
            ],
            vec![("vision_tower.x".into(), vec![u64::MAX, 2]), embedding],
        ];
        for tensors in cases {
            assert!(read_owned(&tensors).is_none(), "{tensors:?}");
        }
    }
}
