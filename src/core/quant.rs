//! How many bytes a model's weights take in each storage format.
//!
//! Linear weights inside the layers are what quantizers convert; embeddings, the output head,
//! norms, biases and routers usually stay 16-bit (32-bit norms in GGUF). Block layouts and
//! bits per weight: docs/reference/quantization.md, from ggml's `ggml-common.h` block structs,
//! vLLM's GPTQ/AWQ `create_weights`, the QLoRA paper (NF4, double quantization) and the OCP MX
//! and NVFP4 specifications.

use std::fmt;

use crate::core::params::ParamCount;
use crate::core::units::Bytes;

/// A ggml tensor type: `block_bytes` bytes hold `block_elements` weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GgmlType {
    F32,
    F16,
    Q8_0,
    Q6K,
    Q5K,
    Q5_0,
    Q4K,
    Q4_0,
    Iq4Xs,
    Q3K,
    Q2K,
    Iq3Xxs,
    Iq2Xs,
    Iq2Xxs,
    Iq1S,
}

impl GgmlType {
    /// (elements per block, bytes per block), from ggml-common.h (docs/reference/quantization.md §2).
    pub fn block(self) -> (u64, u64) {
        match self {
            GgmlType::F32 => (1, 4),
            GgmlType::F16 => (1, 2),
            GgmlType::Q8_0 => (32, 34),
            GgmlType::Q6K => (256, 210),
            GgmlType::Q5K => (256, 176),
            GgmlType::Q5_0 => (32, 22),
            GgmlType::Q4K => (256, 144),
            GgmlType::Q4_0 => (32, 18),
            GgmlType::Iq4Xs => (256, 136),
            GgmlType::Q3K => (256, 110),
            GgmlType::Q2K => (256, 84),
            GgmlType::Iq3Xxs => (256, 98),
            GgmlType::Iq2Xs => (256, 74),
            GgmlType::Iq2Xxs => (256, 66),
            GgmlType::Iq1S => (256, 50),
        }
    }

    /// Bytes for `elements` weights of this type, whole blocks.
    pub fn bytes(self, elements: u64) -> u128 {
        let (per_block, block_bytes) = self.block();
        u128::from(elements.div_ceil(per_block)) * u128::from(block_bytes)
    }
}

/// Which layers get more bits for `attn_v`/`ffn_down` in a llama.cpp mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LayerRule {
    /// Every layer.
    All(GgmlType),
    /// llama.cpp's `use_more_bits(i, n)`: the first and last eighth, and every third layer
    /// between: `i < n/8 || i >= 7n/8 || (i − n/8) % 3 == 2`.
    MoreBits(GgmlType),
    /// Layers `i < n × num / den` get the type (`den` 0: `i < num`).
    First { num: u64, den: u64, kind: GgmlType },
}

/// A llama.cpp file type (a per-tensor recipe), after `llama_tensor_get_type` in
/// ggml-org/llama.cpp src/llama-quant.cpp. Norms stay F32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GgufMix {
    pub name: &'static str,
    base: GgmlType,
    output: GgmlType,
    attn_v: &'static [LayerRule],
    ffn_down: &'static [LayerRule],
    attn_output: Option<GgmlType>,
    /// True where the recipe here is simplified (IQ mixes' GQA and MoE special cases).
    approximate: bool,
}

use GgmlType::*;
use LayerRule::*;

/// The llama.cpp mixes people download, highest quality first.
pub const GGUF_MIXES: &[GgufMix] = &[
    GgufMix { name: "q8_0", base: Q8_0, output: Q8_0, attn_v: &[], ffn_down: &[], attn_output: None, approximate: false },
    GgufMix { name: "q6_k", base: Q6K, output: Q6K, attn_v: &[], ffn_down: &[], attn_output: None, approximate: false },
    GgufMix { name: "q5_k_m", base: Q5K, output: Q6K, attn_v: &[MoreBits(Q6K)], ffn_down: &[MoreBits(Q6K)], attn_output: None, approximate: false },
    GgufMix { name: "q5_k_s", base: Q5K, output: Q6K, attn_v: &[], ffn_down: &[], attn_output: None, approximate: false },
    GgufMix { name: "q5_0", base: Q5_0, output: Q6K, attn_v: &[], ffn_down: &[], attn_output: None, approximate: false },
    GgufMix { name: "q4_k_m", base: Q4K, output: Q6K, attn_v: &[MoreBits(Q6K)], ffn_down: &[MoreBits(Q6K)], attn_output: None, approximate: false },
    GgufMix { name: "q4_k_s", base: Q4K, output: Q6K, attn_v: &[First { num: 4, den: 0, kind: Q5K }], ffn_down: &[First { num: 1, den: 8, kind: Q5K }], attn_output: None, approximate: false },
    GgufMix { name: "q4_0", base: Q4_0, output: Q6K, attn_v: &[], ffn_down: &[], attn_output: None, approximate: false },
    GgufMix { name: "iq4_xs", base: Iq4Xs, output: Q6K, attn_v: &[], ffn_down: &[], attn_output: None, approximate: true },
    GgufMix { name: "q3_k_l", base: Q3K, output: Q6K, attn_v: &[All(Q5K)], ffn_down: &[All(Q5K)], attn_output: Some(Q5K), approximate: false },
    GgufMix { name: "q3_k_m", base: Q3K, output: Q6K, attn_v: &[First { num: 2, den: 0, kind: Q5K }, All(Q4K)], ffn_down: &[First { num: 2, den: 0, kind: Q5K }, All(Q4K)], attn_output: Some(Q4K), approximate: false },
    GgufMix { name: "q3_k_s", base: Q3K, output: Q6K, attn_v: &[], ffn_down: &[], attn_output: None, approximate: false },
    GgufMix { name: "iq3_xxs", base: Iq3Xxs, output: Q6K, attn_v: &[All(Q4K)], ffn_down: &[], attn_output: None, approximate: true },
    GgufMix { name: "q2_k", base: Q2K, output: Q6K, attn_v: &[All(Q3K)], ffn_down: &[All(Q3K)], attn_output: Some(Q3K), approximate: false },
    GgufMix { name: "iq2_xs", base: Iq2Xs, output: Q5K, attn_v: &[All(Q4K)], ffn_down: &[], attn_output: None, approximate: true },
    GgufMix { name: "iq2_xxs", base: Iq2Xxs, output: Q5K, attn_v: &[All(Q4K)], ffn_down: &[], attn_output: None, approximate: true },
    GgufMix { name: "iq1_s", base: Iq1S, output: Q5K, attn_v: &[All(Q4K)], ffn_down: &[], attn_output: None, approximate: true },
];

impl GgufMix {
    /// The tensor type a role gets in layer `i` of `n` under `rules`, else the base type.
    fn pick(&self, rules: &[LayerRule], i: u64, n: u64) -> GgmlType {
        rules
            .iter()
            .find_map(|rule| match *rule {
                All(kind) => Some(kind),
                MoreBits(kind) => {
                    let more = i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
                    more.then_some(kind)
                }
                First { num, den, kind } => {
                    let limit = (n * num).checked_div(den).unwrap_or(num);
                    (i < limit).then_some(kind)
                }
            })
            .unwrap_or(self.base)
    }

    /// Bytes of every tensor under this recipe: the token embedding in the base type, the
    /// output head in `output`, each layer's roles per the rules, the vision tower F16,
    /// everything else F32.
    fn bytes(&self, count: &ParamCount) -> u128 {
        let outside = self.outside_bytes(count);
        outside.input + outside.output + outside.rest + outside.vision + (0..count.layers.len()).map(|i| self.layer_bytes(count, i).0).sum::<u128>()
    }

    /// The tensors outside the layers.
    fn outside_bytes(&self, count: &ParamCount) -> Outside {
        Outside {
            input: self.base.bytes(count.embedding),
            output: self.output.bytes(count.lm_head),
            rest: F32.bytes(count.outside_layers),
            // The vision tower ships as a separate mmproj GGUF, usually in F16.
            vision: F16.bytes(count.vision),
        }
    }

    /// Layer `i`'s bytes, and of those its MLP tensors' (dense, shared and routed).
    fn layer_bytes(&self, count: &ParamCount, i: usize) -> (u128, u128) {
        let n = count.layers.len() as u64;
        let layer = &count.layers[i];
        let i = i as u64;
        let l = &layer.linears;
        let down = self.pick(self.ffn_down, i, n);
        let bytes = self.base.bytes(l.attn_qk + l.ffn_in)
            + self.pick(self.attn_v, i, n).bytes(l.attn_v)
            + down.bytes(l.ffn_down)
            + self.attn_output.unwrap_or(self.base).bytes(l.attn_out)
            + F32.bytes(layer.other);
        (bytes, self.base.bytes(l.ffn_in) + down.bytes(l.ffn_down))
    }
}

/// Bytes of the tensors outside the repeating layers, by where llama.cpp puts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Outside {
    /// Token (and per-layer) embeddings: llama.cpp keeps them on the CPU.
    input: u128,
    /// The output head (0 when tied to the embeddings).
    output: u128,
    /// Final norms and other small tensors.
    rest: u128,
    /// Vision and audio towers (llama.cpp's mmproj file).
    vision: u128,
}

/// Where a model's weight bytes are, for placing them on devices: outside the layers, and per
/// layer the routed experts apart from the rest (attention, norms, router, dense and shared
/// MLPs), scaled so the parts add up to the weights the estimate counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeightSplit {
    /// The token embedding table (and Gemma's per-layer embeddings).
    pub input: u64,
    /// The output head with the final norm; for tied embeddings a second copy of the
    /// embedding table, which llama.cpp loads for the head (`TENSOR_DUPLICATED`).
    pub output: u64,
    /// The vision and audio towers with their projectors.
    pub vision: u64,
    /// Per layer: (everything but the routed experts, the routed experts).
    pub layers: Vec<(u64, u64)>,
}

/// The routed experts' part of a layer's MLP bytes: their share of the MLP's parameters (gate, up and down keep one 2 : 1 ratio in every expert, so
/// this is exact per role).
fn expert_share(layer: &crate::core::params::LayerParams, mlp_bytes: u128) -> u128 {
    let mlp = u128::from(layer.linears.ffn_in + layer.linears.ffn_down);
    (mlp_bytes * u128::from(layer.parts.routed_experts.min(layer.linears.ffn_in + layer.linears.ffn_down))).checked_div(mlp).unwrap_or(0)
}

/// A weight storage format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightFormat {
    /// 4 bytes per weight.
    Fp32,
    /// 2 bytes per weight.
    Fp16,
    /// 2 bytes per weight, FP32 range.
    Bf16,
    /// FP8 E4M3 linears with one FP32 scale per tensor (vLLM `--quantization fp8`).
    Fp8,
    /// FP8 with an FP32 scale per 128×128 block (DeepSeek-V3 checkpoints).
    Fp8Block,
    /// INT8 linears with an FP32 scale per output row (bitsandbytes LLM.int8).
    Int8,
    /// The article's idealised 4 bits per linear weight, no scales.
    Int4,
    /// The article's idealised FP4, no scales.
    Fp4,
    /// NVFP4: E2M1 values with an FP8 scale per 16.
    Nvfp4,
    /// OCP MXFP4: E2M1 values with an E8M0 scale per 32.
    Mxfp4,
    /// bitsandbytes NF4 with an FP32 absmax per 64 (`double_quant` quantizes those to 8 bits).
    Nf4 {
        /// The absmax scales quantized to 8 bits too.
        double_quant: bool,
    },
    /// GPTQ: packed `bits`-bit weights, FP16 scale and packed zero per `group`, int32 g_idx.
    Gptq {
        /// Bits per weight.
        bits: u8,
        /// Weights per scale.
        group: u32,
    },
    /// AWQ (GEMM layout): like GPTQ without g_idx.
    Awq {
        /// Bits per weight.
        bits: u8,
        /// Weights per scale.
        group: u32,
    },
    /// A llama.cpp GGUF type (Q4_K_M, …): its per-tensor type mix.
    Gguf(&'static GgufMix),
}

/// A format name that is not known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Unknown format “{}”. Use fp32, fp16, bf16, fp8, fp8_block, int8, int4, fp4, nvfp4, mxfp4, nf4, nf4_dq, gptq, gptq_8bit_g32, awq, or a GGUF type such as q4_k_m.",
            self.0
        )
    }
}

impl std::error::Error for UnknownFormat {}

/// Reads `gptq`, `gptq_8bit`, `gptq_g32`, `awq_4bit_g64`: bits default 4, group default 128.
fn parse_grouped(rest: &str) -> Option<(u8, u32)> {
    let (mut bits, mut group) = (4u8, 128u32);
    for part in rest.split(['_', '-']).filter(|p| !p.is_empty()) {
        if let Some(b) = part.strip_suffix("bit").or_else(|| part.strip_suffix('b')) {
            bits = b.parse().ok().filter(|b| (2..=8).contains(b))?;
        } else if let Some(g) = part.strip_prefix('g') {
            group = g.parse().ok().filter(|g| (16..=4096).contains(g))?;
        } else {
            return None;
        }
    }
    Some((bits, group))
}

impl WeightFormat {
    /// Looks a format up by its lowercase name (case-insensitive).
    pub fn from_name(name: &str) -> Result<WeightFormat, UnknownFormat> {
        let lower = name.trim().to_ascii_lowercase();
        let simple = match lower.as_str() {
            "fp32" | "f32" | "float32" => Some(WeightFormat::Fp32),
            "fp16" | "f16" | "float16" => Some(WeightFormat::Fp16),
            "bf16" | "bfloat16" => Some(WeightFormat::Bf16),
            "fp8" => Some(WeightFormat::Fp8),
            "fp8_block" => Some(WeightFormat::Fp8Block),
            "int8" => Some(WeightFormat::Int8),
            "int4" => Some(WeightFormat::Int4),
            "fp4" => Some(WeightFormat::Fp4),
            "nvfp4" => Some(WeightFormat::Nvfp4),
            "mxfp4" => Some(WeightFormat::Mxfp4),
            "nf4" => Some(WeightFormat::Nf4 { double_quant: false }),
            "nf4_dq" => Some(WeightFormat::Nf4 { double_quant: true }),
            _ => None,
        };
        if let Some(format) = simple {
            return Ok(format);
        }
        if let Some(mix) = GGUF_MIXES.iter().find(|m| m.name == lower) {
            return Ok(WeightFormat::Gguf(mix));
        }
        let grouped = |prefix: &str| lower.strip_prefix(prefix).and_then(parse_grouped);
        if let Some((bits, group)) = grouped("gptq") {
            return Ok(WeightFormat::Gptq { bits, group });
        }
        if let Some((bits, group)) = grouped("awq") {
            return Ok(WeightFormat::Awq { bits, group });
        }
        Err(UnknownFormat(name.trim().to_string()))
    }

    /// The canonical lowercase name.
    pub fn name(&self) -> String {
        match self {
            WeightFormat::Fp32 => "fp32".into(),
            WeightFormat::Fp16 => "fp16".into(),
            WeightFormat::Bf16 => "bf16".into(),
            WeightFormat::Fp8 => "fp8".into(),
            WeightFormat::Fp8Block => "fp8_block".into(),
            WeightFormat::Int8 => "int8".into(),
            WeightFormat::Int4 => "int4".into(),
            WeightFormat::Fp4 => "fp4".into(),
            WeightFormat::Nvfp4 => "nvfp4".into(),
            WeightFormat::Mxfp4 => "mxfp4".into(),
            WeightFormat::Nf4 { double_quant: false } => "nf4".into(),
            WeightFormat::Nf4 { double_quant: true } => "nf4_dq".into(),
            WeightFormat::Gptq { bits, group } => format!("gptq_{bits}bit_g{group}"),
            WeightFormat::Awq { bits, group } => format!("awq_{bits}bit_g{group}"),
            WeightFormat::Gguf(mix) => mix.name.into(),
        }
    }

    /// Bits per quantized linear weight, as (numerator, denominator), for the block-scaled formats:
    /// value bits plus the scale (and zero) bits spread over their block.
    fn linear_bits(&self) -> (u64, u64) {
        match *self {
            WeightFormat::Fp32 => (32, 1),
            WeightFormat::Fp16 | WeightFormat::Bf16 => (16, 1),
            WeightFormat::Fp8 | WeightFormat::Int8 => (8, 1),
            // 8 + 32 / (128 × 128)
            WeightFormat::Fp8Block => (8 * 16_384 + 32, 16_384),
            WeightFormat::Int4 | WeightFormat::Fp4 => (4, 1),
            // 4 + 8/16
            WeightFormat::Nvfp4 => (72, 16),
            // 4 + 8/32
            WeightFormat::Mxfp4 => (136, 32),
            // 4 + 32/64; with double quantization 4 + 8/64 + 32/(64 × 256) (QLoRA §3)
            WeightFormat::Nf4 { double_quant: false } => (288, 64),
            WeightFormat::Nf4 { double_quant: true } => (4 * 16_384 + 8 * 256 + 32, 16_384),
            // bits + (16-bit scale + bits-wide packed zero) per group
            WeightFormat::Gptq { bits, group } | WeightFormat::Awq { bits, group } => {
                let (bits, group) = (u64::from(bits), u64::from(group));
                (bits * group + 16 + bits, group)
            }
            WeightFormat::Gguf(_) => (0, 1),
        }
    }

    /// Bytes of all weights: `linear × bits ÷ 8` plus the rest in 16 bits (32 for fp32), plus
    /// per-tensor or per-row extras (FP8 scales, LLM.int8 row scales, GPTQ g_idx).
    pub fn weights_bytes(&self, count: &ParamCount) -> Bytes {
        let bytes: u128 = match self {
            WeightFormat::Gguf(mix) => mix.bytes(count),
            _ => {
                let linear = u128::from(count.linears().total());
                let rest = u128::from(count.non_linear());
                let (num, den) = self.linear_bits();
                let rest_bytes = if *self == WeightFormat::Fp32 { 4 } else { 2 };
                // About seven linear tensors per layer (q, k, v, o, gate, up, down).
                let linear_matrices = 7 * count.layers.len() as u128;
                let extras = match self {
                    // One FP32 scale per linear tensor.
                    WeightFormat::Fp8 => 4 * linear_matrices,
                    // One FP32 scale per output row ≈ per input of the next matrix.
                    WeightFormat::Int8 => 4 * u128::from(count.matrix_inputs()),
                    // int32 g_idx per input row of every matrix.
                    WeightFormat::Gptq { .. } => 4 * u128::from(count.matrix_inputs()),
                    _ => 0,
                };
                (linear * u128::from(num)).div_ceil(8 * u128::from(den)) + rest * rest_bytes + extras
            }
        };
        Bytes(u64::try_from(bytes).unwrap_or(u64::MAX))
    }

    /// The weights by part ([`WeightSplit`]), scaled to `total` (the estimate's weights: the
    /// files' own bytes, or this format's with a stand-in architecture scaled to a typed count).
    /// GGUF mixes follow their per-tensor recipe; other formats spread their bits evenly.
    pub fn split(&self, count: &ParamCount, tied: bool, total: Bytes) -> WeightSplit {
        let (outside, layers): (Outside, Vec<(u128, u128)>) = match self {
            WeightFormat::Gguf(mix) => {
                let layers = (0..count.layers.len())
                    .map(|i| {
                        let (bytes, mlp) = mix.layer_bytes(count, i);
                        (bytes, expert_share(&count.layers[i], mlp))
                    })
                    .collect();
                (mix.outside_bytes(count), layers)
            }
            _ => {
                let (num, den) = self.linear_bits();
                let rest = if *self == WeightFormat::Fp32 { 4 } else { 2 };
                let linear = |n: u64| (u128::from(n) * u128::from(num)).div_ceil(8 * u128::from(den));
                let layers = count
                    .layers
                    .iter()
                    .map(|l| (linear(l.linears.total()) + u128::from(l.other) * rest, linear(l.parts.routed_experts.min(l.linears.ffn_in + l.linears.ffn_down))))
                    .collect();
                let plain = |n: u64| u128::from(n) * rest;
                (Outside { input: plain(count.embedding + count.per_layer_embedding), output: plain(count.lm_head), rest: plain(count.outside_layers), vision: plain(count.vision + count.audio) }, layers)
            }
        };
        let raw = outside.input + outside.output + outside.rest + outside.vision + layers.iter().map(|l| l.0).sum::<u128>();
        let scaled = |bytes: u128| u64::try_from(bytes * u128::from(total.0) / raw.max(1)).unwrap_or(u64::MAX);
        let head = if tied { outside.input } else { outside.output };
        WeightSplit {
            input: scaled(outside.input),
            output: scaled(head + outside.rest),
            vision: scaled(outside.vision),
            layers: layers.iter().map(|&(bytes, experts)| (scaled(bytes - experts), scaled(experts))).collect(),
        }
    }

    /// Relative uncertainty of [`WeightFormat::weights_bytes`] in per mille: exact layouts 0,
    /// layouts with simplified extras ±1%, simplified llama.cpp recipes ±5%.
    pub fn uncertainty_permille(&self) -> u64 {
        match self {
            WeightFormat::Fp32 | WeightFormat::Fp16 | WeightFormat::Bf16 => 0,
            WeightFormat::Gguf(mix) if mix.approximate => 50,
            WeightFormat::Gguf(_) => 5,
            _ => 10,
        }
    }

    /// The storage format a config's `quantization_config` declares (transformers' quantizers):
    /// gptq and awq (bits, group_size), bitsandbytes 4-bit (NF4, double quant) and 8-bit,
    /// fp8 (per tensor, or `weight_block_size` blocks), compressed-tensors, mxfp4, NVIDIA
    /// Model Optimizer (modelopt: NVFP4, FP8).
    pub fn from_quantization_config(config: &crate::core::from_json::Value) -> Option<WeightFormat> {
        let q = config.get("quantization_config").or_else(|| config.get("text_config")?.get("quantization_config"))?;
        let int = |key: &str| q.get(key).and_then(crate::core::from_json::Value::as_u64);
        let group = |g: Option<u64>| g.and_then(|g| u32::try_from(g).ok()).filter(|g| (16..=4096).contains(g)).unwrap_or(128);
        let bits = |b: Option<u64>| b.and_then(|b| u8::try_from(b).ok()).filter(|b| (2..=8).contains(b)).unwrap_or(4);
        match q.get("quant_method").and_then(crate::core::from_json::Value::as_str)? {
            "gptq" => Some(WeightFormat::Gptq { bits: bits(int("bits")), group: group(int("group_size")) }),
            "awq" => Some(WeightFormat::Awq { bits: bits(int("bits").or(int("w_bit"))), group: group(int("group_size").or(int("q_group_size"))) }),
            "bitsandbytes" => {
                if q.get("load_in_4bit").and_then(crate::core::from_json::Value::as_bool) == Some(true) {
                    let double_quant = q.get("bnb_4bit_use_double_quant").and_then(crate::core::from_json::Value::as_bool) == Some(true);
                    Some(WeightFormat::Nf4 { double_quant })
                } else {
                    Some(WeightFormat::Int8)
                }
            }
            "fp8" if q.get("weight_block_size").is_some() => Some(WeightFormat::Fp8Block),
            "fp8" | "fbgemm_fp8" => Some(WeightFormat::Fp8),
            "mxfp4" => Some(WeightFormat::Mxfp4),
            // NVIDIA Model Optimizer releases (nvidia/*-NVFP4, *-FP8): `quant_algo` names the
            // format (vLLM docs/features/quantization/modelopt.md).
            "modelopt" => match q.get("quant_algo").and_then(crate::core::from_json::Value::as_str)?.to_ascii_uppercase().as_str() {
                "NVFP4" => Some(WeightFormat::Nvfp4),
                "FP8" | "FP8_PER_CHANNEL_PER_TOKEN" => Some(WeightFormat::Fp8),
                "FP8_PB_WO" => Some(WeightFormat::Fp8Block),
                _ => None,
            },
            "compressed-tensors" => {
                let weights = q.get("config_groups")?.get("group_0")?.get("weights")?;
                let num_bits = weights.get("num_bits").and_then(crate::core::from_json::Value::as_u64)?;
                let float = weights.get("type").and_then(crate::core::from_json::Value::as_str) == Some("float");
                match (num_bits, float) {
                    (8, true) => Some(WeightFormat::Fp8),
                    (8, false) => Some(WeightFormat::Int8),
                    (4, true) => Some(WeightFormat::Nvfp4),
                    (b, false) => Some(WeightFormat::Gptq { bits: bits(Some(b)), group: group(weights.get("group_size").and_then(crate::core::from_json::Value::as_u64)) }),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Value bits per weight, scales not counted: what the article's rule of thumb multiplies by
    /// (FP16 16, INT8 8, INT4 4; a GGUF mix by its base type: Q4_K_M 4, Q6_K 6).
    pub fn nominal_bits(&self) -> u32 {
        match self {
            WeightFormat::Fp32 => 32,
            WeightFormat::Fp16 | WeightFormat::Bf16 => 16,
            WeightFormat::Fp8 | WeightFormat::Fp8Block | WeightFormat::Int8 => 8,
            WeightFormat::Int4 | WeightFormat::Fp4 | WeightFormat::Nvfp4 | WeightFormat::Mxfp4 | WeightFormat::Nf4 { .. } => 4,
            WeightFormat::Gptq { bits, .. } | WeightFormat::Awq { bits, .. } => u32::from(*bits),
            WeightFormat::Gguf(mix) => {
                let (elements, bytes) = mix.base.block();
                // Value bits of the base type: whole bits below its bits per weight (Q4_K 4.5 → 4).
                ((8 * bytes) / elements).max(1) as u32
            }
        }
    }

    /// True for formats storing linear weights in fewer than 16 bits.
    pub fn is_quantized(&self) -> bool {
        !matches!(self, WeightFormat::Fp32 | WeightFormat::Fp16 | WeightFormat::Bf16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantization_configs_preselect_their_format() {
        let cases = [
            (r#"{"quant_method": "gptq", "bits": 4, "group_size": 128}"#, "gptq_4bit_g128"),
            (r#"{"quant_method": "gptq", "bits": 8, "group_size": 32}"#, "gptq_8bit_g32"),
            (r#"{"quant_method": "awq", "bits": 4, "group_size": 128}"#, "awq_4bit_g128"),
            (r#"{"quant_method": "bitsandbytes", "load_in_4bit": true, "bnb_4bit_use_double_quant": true}"#, "nf4_dq"),
            (r#"{"quant_method": "bitsandbytes", "load_in_8bit": true}"#, "int8"),
            (r#"{"quant_method": "fp8", "weight_block_size": [128, 128]}"#, "fp8_block"),
            (r#"{"quant_method": "fp8"}"#, "fp8"),
            (r#"{"quant_method": "mxfp4"}"#, "mxfp4"),
            (r#"{"quant_method": "modelopt", "quant_algo": "NVFP4"}"#, "nvfp4"),
            (r#"{"quant_method": "modelopt", "quant_algo": "FP8"}"#, "fp8"),
            (r#"{"quant_method": "compressed-tensors", "config_groups": {"group_0": {"weights": {"num_bits": 8, "type": "float"}}}}"#, "fp8"),
            (r#"{"quant_method": "compressed-tensors", "config_groups": {"group_0": {"weights": {"num_bits": 4, "type": "int", "group_size": 128}}}}"#, "gptq_4bit_g128"),
        ];
        for (q, name) in cases {
            let config = crate::core::from_json::parse(format!(r#"{{"model_type": "llama", "quantization_config": {q}}}"#).as_bytes()).expect("JSON");
            assert_eq!(WeightFormat::from_quantization_config(&config).map(|f| f.name()), Some(name.to_string()), "{q}");
        }
        assert_eq!(WeightFormat::from_quantization_config(&crate::core::from_json::parse(br#"{"model_type": "llama"}"#).expect("JSON")), None);
    }

    #[test]
    fn names_round_trip() {
        let names = ["fp32", "fp16", "bf16", "fp8", "fp8_block", "int8", "int4", "fp4", "nvfp4", "mxfp4", "nf4", "nf4_dq", "gptq_4bit_g128", "awq_4bit_g128", "gptq_8bit_g32", "q4_k_m", "iq2_xxs"];
        for name in names {
            let format = WeightFormat::from_name(name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format.name(), name);
        }
        assert_eq!(WeightFormat::from_name("GPTQ"), Ok(WeightFormat::Gptq { bits: 4, group: 128 }));
        assert_eq!(WeightFormat::from_name("awq"), Ok(WeightFormat::Awq { bits: 4, group: 128 }));
        assert_eq!(WeightFormat::from_name("Q4_K_M").map(|f| f.name()), Ok("q4_k_m".to_string()));
        for bad in ["q9_k", "gptq_99bit", "gptq_g0", "", "awq_x"] {
            assert!(WeightFormat::from_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn block_formats_bits_per_weight_match_their_layouts() {
        // (format, bits per linear weight) from docs/reference/quantization.md §3.
        let cases = [("nvfp4", 4.5), ("mxfp4", 4.25), ("nf4", 4.5), ("awq", 4.15625), ("fp8_block", 8.001953125)];
        for (name, bits) in cases {
            let (num, den) = WeightFormat::from_name(name).expect(name).linear_bits();
            assert_eq!(num as f64 / den as f64, bits, "{name}");
        }
        let (num, den) = WeightFormat::Nf4 { double_quant: true }.linear_bits();
        assert!((num as f64 / den as f64 - 4.127).abs() < 0.001);
    }

    #[test]
    fn ggml_blocks_give_published_bits_per_weight() {
        let cases = [(Q8_0, 8.5), (Q6K, 6.5625), (Q5K, 5.5), (Q4K, 4.5), (Q4_0, 4.5), (Iq4Xs, 4.25), (Q3K, 3.4375), (Q2K, 2.625), (Iq2Xxs, 2.0625), (Iq1S, 1.5625)];
        for (kind, bits) in cases {
            let (elements, bytes) = kind.block();
            assert_eq!(8.0 * bytes as f64 / elements as f64, bits, "{kind:?}");
        }
    }

    #[test]
    fn use_more_bits_marks_half_the_layers_of_a_32_layer_model() {
        let mix = GGUF_MIXES.iter().find(|m| m.name == "q4_k_m").expect("q4_k_m");
        let more: Vec<u64> = (0..32).filter(|&i| mix.pick(mix.attn_v, i, 32) == Q6K).collect();
        assert_eq!(more, [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31]);
    }
}
