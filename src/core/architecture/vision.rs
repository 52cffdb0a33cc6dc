//! Vision encoders and their projectors into the language model, counted from `vision_config`
//! as transformers v5.23 builds them: SigLIP with Gemma 3's projector (modeling_siglip.py,
//! modeling_gemma3.py), Pixtral with Mistral 3's patch merger (modeling_pixtral.py,
//! modeling_mistral3.py), the Qwen2.5-VL and Qwen3-VL vision transformers
//! (modeling_qwen2_5_vl.py, modeling_qwen3_vl.py) and Llama 4's (modeling_llama4.py).

use crate::core::from_json::{Map, Value};

use super::{MAX_LAYERS, MAX_WIDTH, invalid, Fields, Read};

/// Parameters of the vision tower and projector, or `None` for a vision tower vramfit cannot
/// count (the estimate is then flagged approximate).
pub(super) fn params(outer: &Map, outer_type: &str, text_hidden: u64) -> Read<Option<u64>> {
    let Some(vision) = outer.get("vision_config").and_then(Value::as_object) else { return Ok(Some(0)) };
    let v = Fields(vision);
    let vision_type = v.text("model_type").unwrap_or("");
    let count = match (outer_type, vision_type) {
        ("gemma3", _) | (_, "siglip_vision_model") => siglip(&v)? + gemma3_projector(&v, text_hidden)?,
        ("mistral3", _) | (_, "pixtral") => pixtral(&v)? + mistral3_projector(&Fields(outer), &v, text_hidden)?,
        ("qwen2_5_vl", _) => qwen2_5_vl(&v)?,
        ("qwen3_vl" | "qwen3_vl_moe", _) => qwen3_vl(&v, 3)?,
        // Qwen3.5's vision tower is Qwen3-VL's without deepstack mergers (modeling_qwen3_5.py).
        ("qwen3_5" | "qwen3_5_moe", _) => qwen3_vl(&v, 0)?,
        ("llama4", _) | (_, "llama4_vision_model") => llama4(&v, text_hidden)?,
        ("gemma4", _) | (_, "gemma4_vision") => gemma4(&v, text_hidden)?,
        // timm's mobilenetv5_300m_enc (timm 1.0.31, counted on the meta device): the only
        // tower Gemma 3n ships; a config naming another is not counted.
        ("gemma3n", _) if v.text("architecture") == Some("mobilenetv5_300m_enc") => MOBILENETV5_300M_ENC + gemma3n_embedder(&v, text_hidden)?,
        // transformers builds MllamaForCausalLM, text only, for architectures [MllamaForCausalLM]
        // and, through AutoModelForCausalLM, for a config without architectures; otherwise
        // MllamaForConditionalGeneration with the vision model and the projector.
        ("mllama", _) => match outer.get("architectures").and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_str) {
            None | Some("MllamaForCausalLM") => 0,
            _ => mllama(&v, text_hidden)?,
        },
        _ => return Ok(None),
    };
    // Widths ≤ 2²⁰, patches ≤ 2¹⁰ and images ≤ 2¹⁶ pixels, merges ≤ 8 and ≤ 64 deepstack mergers keep every
    // product below 2⁶⁰; a tower beyond any real model is refused.
    if count > crate::core::units::MAX_PARAMS {
        return Err(invalid("vision_config", "describes more than 10¹⁵ parameters".into()));
    }
    Ok(Some(count))
}

fn width(v: &Fields, names: &'static str) -> Read<u64> {
    v.required(names, MAX_WIDTH)
}

/// An optional small dimension with its default.
fn small(v: &Fields, names: &'static str, max: u64, default: u64) -> Read<u64> {
    Ok(v.dim(names, max)?.unwrap_or(default))
}

fn layers(v: &Fields, names: &'static str) -> Read<u64> {
    v.required(names, MAX_LAYERS)
}

/// A linear layer's parameters.
fn linear(input: u64, output: u64, bias: bool) -> u64 {
    input * output + if bias { output } else { 0 }
}

/// One encoder layer of SigLIP and of Llama 4's vision model: two LayerNorms, biased q/k/v/o
/// and a biased two-layer GELU MLP.
fn vit_layer(h: u64, i: u64) -> u64 {
    4 * linear(h, h, true) + 4 * h + linear(h, i, true) + linear(i, h, true)
}

/// SiglipVisionTransformer: a biased patch convolution, learned positions, pre-LN layers with
/// biased q/k/v/o and a GELU MLP, a post-LN, and the attention-pooling head when
/// `vision_use_head` (SiglipVisionConfig's default is true; Gemma 3 turns it off).
fn siglip(v: &Fields) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    let i = width(v, "intermediate_size")?;
    let layers = layers(v, "num_hidden_layers")?;
    let patch = v.required("patch_size", 1 << 10)?;
    let image = v.required("image_size", 1 << 16)?;
    let channels = small(v, "num_channels", 16, 3)?;
    let patches = (image / patch).pow(2);
    let embeddings = channels * patch * patch * h + h + patches * h;
    let layer = vit_layer(h, i);
    let head = if v.flag("vision_use_head").unwrap_or(true) { h + 3 * h * h + 3 * h + linear(h, h, true) + 2 * h + linear(h, i, true) + linear(i, h, true) } else { 0 };
    Ok(embeddings + layers * layer + 2 * h + head)
}

/// Gemma3MultiModalProjector: an RMSNorm over the vision width and a vision → text matrix.
fn gemma3_projector(v: &Fields, text_hidden: u64) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    Ok(h + h * text_hidden)
}

/// PixtralTransformer: an unbiased patch convolution, an RMSNorm, pre-norm layers with
/// unbiased q/k/v/o and a gated MLP (2-D rotary positions, no table).
fn pixtral(v: &Fields) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    let i = width(v, "intermediate_size")?;
    let layers = layers(v, "num_hidden_layers")?;
    let patch = v.required("patch_size", 1 << 10)?;
    let channels = small(v, "num_channels", 16, 3)?;
    Ok(channels * patch * patch * h + h + layers * (4 * h * h + 3 * h * i + 2 * h))
}

/// Mistral3MultiModalProjector: an RMSNorm, the patch merger (`spatial_merge_size`² patches → one,
/// unbiased), and two linears into the text width (biased when `multimodal_projector_bias`,
/// false by default).
fn mistral3_projector(outer: &Fields, v: &Fields, text_hidden: u64) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    let merge = small(outer, "spatial_merge_size", 8, 2)?;
    let bias = outer.flag("multimodal_projector_bias").unwrap_or(false);
    Ok(h + h * merge * merge * h + linear(h, text_hidden, bias) + linear(text_hidden, text_hidden, bias))
}

/// The Qwen2.5-VL vision transformer: an unbiased 3-D patch convolution, RMSNorm layers with a
/// fused biased qkv and a gated biased MLP, and the merger (RMSNorm, two biased linears over
/// `spatial_merge_size`² patches).
fn qwen2_5_vl(v: &Fields) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    let i = width(v, "intermediate_size")?;
    let depth = layers(v, "depth")?;
    let patch = v.required("patch_size", 1 << 10)?;
    let temporal = small(v, "temporal_patch_size", 64, 2)?;
    let channels = small(v, "in_channels|in_chans", 16, 3)?;
    let merged = h * small(v, "spatial_merge_size", 8, 2)?.pow(2);
    let out = width(v, "out_hidden_size")?;
    let layer = 2 * h + linear(h, 3 * h, true) + linear(h, h, true) + 2 * linear(h, i, true) + linear(i, h, true);
    Ok(channels * temporal * patch * patch * h + depth * layer + h + linear(merged, merged, true) + linear(merged, out, true))
}

/// The Qwen3-VL vision transformer (also Qwen3.5's): a biased 3-D patch convolution, a learned
/// position table, LayerNorm layers with a fused biased qkv and a biased GELU MLP, the merger,
/// and one more merger per `deepstack_visual_indexes` entry (normed after the shuffle;
/// `default_deepstack` when the config leaves the list out).
fn qwen3_vl(v: &Fields, default_deepstack: u64) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    let i = width(v, "intermediate_size")?;
    let depth = layers(v, "depth")?;
    let patch = v.required("patch_size", 1 << 10)?;
    let temporal = small(v, "temporal_patch_size", 64, 2)?;
    let channels = small(v, "in_channels|in_chans", 16, 3)?;
    let positions = small(v, "num_position_embeddings", 1 << 20, 2_304)?;
    let merged = h * small(v, "spatial_merge_size", 8, 2)?.pow(2);
    let out = width(v, "out_hidden_size")?;
    let layer = 4 * h + linear(h, 3 * h, true) + linear(h, h, true) + linear(h, i, true) + linear(i, h, true);
    let merger = linear(merged, merged, true) + linear(merged, out, true);
    // Qwen3VLVisionConfig's default deepstack_visual_indexes is [8, 16, 24].
    let deepstack = v.array("deepstack_visual_indexes").map_or(default_deepstack, |list| list.len() as u64);
    if deepstack > 64 {
        return Err(invalid("deepstack_visual_indexes", format!("{deepstack} mergers")));
    }
    Ok(channels * temporal * patch * patch * h + h + positions * h + depth * layer + 2 * h + merger + deepstack * (2 * merged + merger))
}

/// Llama4VisionModel: an unbiased unfold-and-project patch embedding, a class token, learned
/// positions for every patch and the class token, LayerNorms before and after, encoder layers
/// with biased q/k/v/o and a biased GELU MLP, the pixel-shuffle adapter (two unbiased linears,
/// `intermediate_size → projector_input_dim` and `projector_output_dim²`), and
/// Llama4MultiModalProjector (`vision_output_dim → text hidden`, unbiased).
fn llama4(v: &Fields, text_hidden: u64) -> Read<u64> {
    let h = width(v, "hidden_size")?;
    let i = width(v, "intermediate_size")?;
    let layers = layers(v, "num_hidden_layers")?;
    let patch = v.required("patch_size", 1 << 10)?;
    let image = v.required("image_size", 1 << 16)?;
    let channels = small(v, "num_channels", 16, 3)?;
    let positions = (image / patch).pow(2) + 1;
    let layer = vit_layer(h, i);
    let adapter = i * width(v, "projector_input_dim")? + width(v, "projector_output_dim")?.pow(2);
    let projector = width(v, "vision_output_dim")? * text_hidden;
    Ok(channels * patch * patch * h + h + positions * h + 4 * h + layers * layer + adapter + projector)
}

/// MllamaVisionModel and multi_modal_projector (modeling_mllama.py): an unbiased patch
/// convolution, a class token, the gated position embedding (a table of (image/patch)² + 1
/// positions and one per aspect ratio and tile), gated pre- and post-tile aspect-ratio
/// embeddings, two LayerNorms, the local encoder and the gated global encoder (unbiased q/k/v/o,
/// biased GELU MLP, two LayerNorms; global layers add two gates), and a biased
/// vision_output_dim → text-hidden projector. Defaults of MllamaVisionConfig.
fn mllama(v: &Fields, text_hidden: u64) -> Read<u64> {
    let h = small(v, "hidden_size", MAX_WIDTH, 1_280)?;
    let i = small(v, "intermediate_size", MAX_WIDTH, 5_120)?;
    let local = small(v, "num_hidden_layers", MAX_LAYERS, 32)?;
    let global = small(v, "num_global_layers", MAX_LAYERS, 8)?;
    let patch = small(v, "patch_size", 1 << 10, 14)?;
    let image = small(v, "image_size", 1 << 16, 448)?;
    let channels = small(v, "num_channels", 16, 3)?;
    let tiles = small(v, "max_num_tiles", 16, 4)?;
    // max_aspect_ratio_id + 1 rows: one per supported aspect ratio, and padding.
    let ratios = v.array("supported_aspect_ratios").map_or(8, |r| r.len() as u64) + 1;
    if ratios > 64 {
        return Err(invalid("supported_aspect_ratios", format!("{} ratios", ratios - 1)));
    }
    let out = small(v, "vision_output_dim", MAX_WIDTH * 8, 7_680)?;
    let positions = (image / patch).pow(2) + 1;
    let layer = 4 * h * h + linear(h, i, true) + linear(i, h, true) + 4 * h;
    Ok(channels * patch * patch * h
        + h
        + 1
        + positions * h
        + ratios * tiles * positions * h
        + 2 * (ratios * tiles * h + 1)
        + 4 * h
        + local * layer
        + global * (layer + 2)
        + linear(out, text_hidden, true))
}

/// Gemma4VisionModel and embed_vision (modeling_gemma4.py, Gemma4VisionConfig defaults): an
/// unbiased patch projection of 3·patch² pixels, a two-axis position table, encoder layers with
/// unbiased q/k/v/o, per-head q and k norms, a gated MLP and four RMSNorms, and an unbiased
/// projection to the text width (the pooler and the projection's norm have no weights).
fn gemma4(v: &Fields, text_hidden: u64) -> Read<u64> {
    let h = small(v, "hidden_size", MAX_WIDTH, 768)?;
    let i = small(v, "intermediate_size", MAX_WIDTH, 3_072)?;
    let heads = small(v, "num_attention_heads", MAX_WIDTH, 12)?;
    let kv_heads = small(v, "num_key_value_heads", MAX_WIDTH, heads)?;
    let head_dim = small(v, "head_dim", MAX_WIDTH, 64)?;
    let patch = small(v, "patch_size", 1 << 10, 16)?;
    let positions = small(v, "position_embedding_size", 1 << 20, 10_240)?;
    let layer = linear(h, heads * head_dim, false) * 2 + linear(h, kv_heads * head_dim, false) * 2 + 2 * head_dim + 3 * h * i + 4 * h;
    Ok(3 * patch * patch * h + 2 * positions * h + small(v, "num_hidden_layers", MAX_LAYERS, 16)? * layer + linear(h, text_hidden, false))
}

/// Parameters of timm's `mobilenetv5_300m_enc` (timm 1.0.31: `sum(p.numel())` of
/// `timm.create_model("mobilenetv5_300m_enc", num_classes=0)` on the meta device).
const MOBILENETV5_300M_ENC: u64 = 294_126_912;

/// Gemma3nMultimodalEmbedder: a table of the tower's `vocab_size` soft tokens (128), two
/// RMSNorms over the tower width and an unbiased projection to the text width.
fn gemma3n_embedder(v: &Fields, text_hidden: u64) -> Read<u64> {
    let d = width(v, "hidden_size")?;
    Ok(small(v, "vocab_size", MAX_WIDTH, 128)? * d + 2 * d + d * text_hidden)
}

/// Gemma3nAudioEncoder (modeling_gemma3n.py, Gemma3nAudioConfig): two 3×3 convolutions of
/// `sscp_conv_channel_size` channels, each with a norm weight, over `input_feat_size` bins
/// halved by each stride-2 convolution; a projection of channels × bins to the width; then
/// Conformer blocks of two feed-forward modules (4× wide, two norms each), attention (q, k, v,
/// a position projection, an output and two norms, a per-dimension scale of one head),
/// a light convolution (2× wide in, depthwise kernel, out, two norms) and a final norm; and the
/// embedder to the text width.
pub(super) fn gemma3n_audio(a: &Fields, text_hidden: u64) -> Read<u64> {
    let h = small(a, "hidden_size", MAX_WIDTH, 1_536)?;
    let heads = small(a, "conf_num_attention_heads", MAX_WIDTH, 8)?;
    let kernel = small(a, "conf_conv_kernel_size", 1_024, 5)?;
    let features = small(a, "input_feat_size", MAX_WIDTH, 128)?;
    let channels: Vec<u64> = match a.array("sscp_conv_channel_size") {
        Some(list) => super::read_list("sscp_conv_channel_size", list, &|c| super::positive("sscp_conv_channel_size", c, MAX_WIDTH).ok())?,
        None => vec![128, 32],
    };
    let &[first, second] = channels.as_slice() else {
        return Err(invalid("sscp_conv_channel_size", "two convolutions' channels".into()));
    };
    // Each 3×3, stride-2, padding-1 convolution halves the frequency bins: (f + 2 − 3) / 2 + 1.
    let bins = ((features.saturating_sub(1)) / 2 + 1).saturating_sub(1) / 2 + 1;
    let subsample = 9 * first + first + 9 * first * second + second + second * bins * h;
    let block = 24 * h * h + 9 * h + kernel * h + h / heads.max(1);
    let embedder = gemma3n_embedder(a, text_hidden)?;
    Ok(subsample + small(a, "conf_num_hidden_layers", MAX_LAYERS, 12)? * block + embedder)
}
