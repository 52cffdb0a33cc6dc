//! GGUF headers (ggml-org/ggml docs/gguf.md): magic `GGUF`, version (2 or 3), tensor and
//! metadata counts, typed metadata key-values (arrays included), then tensor infos (name,
//! dimensions, ggml type, offset). The caller supplies the file's first bytes; when they are not
//! enough the parser says how many it needs, so a 100 GB file costs only its header.

use std::fmt;

use crate::core::from_json::{Map, Value};

use crate::core::architecture::{Architecture, ConfigError};

/// Why a GGUF header could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GgufError {
    /// Supply at least this many bytes from the start of the file and parse again.
    NeedBytes(u64),
    /// The header runs past the end of the file.
    Truncated { needed: u64, file_len: u64 },
    BadMagic,
    UnsupportedVersion(u32),
    /// A count or length no real file has (it would not fit in the file).
    Absurd { what: &'static str, value: u64 },
    BadValueType(u32),
    BadString,
    /// A tensor's type id is not a ggml type vramfit knows.
    UnknownTensorType { tensor: String, type_id: u32 },
    /// A tensor's dimensions overflow.
    BadShape { tensor: String },
}

impl fmt::Display for GgufError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GgufError::NeedBytes(n) => write!(f, "need the first {n} bytes of the file"),
            GgufError::Truncated { needed, file_len } => {
                write!(f, "the GGUF header needs {needed} bytes but the file has {file_len} (truncated?)")
            }
            GgufError::BadMagic => write!(f, "not a GGUF file (it does not start with “GGUF”)"),
            GgufError::UnsupportedVersion(v) => write!(f, "GGUF version {v} is not supported (2 and 3 are)"),
            GgufError::Absurd { what, value } => write!(f, "the header claims {value} {what}, more than the file could hold"),
            GgufError::BadValueType(t) => write!(f, "unknown metadata value type {t}"),
            GgufError::BadString => write!(f, "a metadata string is not UTF-8"),
            GgufError::UnknownTensorType { tensor, type_id } => write!(f, "tensor “{tensor}” has unknown ggml type {type_id}"),
            GgufError::BadShape { tensor } => write!(f, "tensor “{tensor}” has dimensions whose product overflows"),
        }
    }
}

impl std::error::Error for GgufError {}

/// A ggml tensor type id with its name and block layout (elements, bytes), after ggml.h and
/// gguf-py's `GGML_QUANT_SIZES`.
fn ggml_type(id: u32) -> Option<(&'static str, u64, u64)> {
    Some(match id {
        0 => ("F32", 1, 4),
        1 => ("F16", 1, 2),
        2 => ("Q4_0", 32, 18),
        3 => ("Q4_1", 32, 20),
        6 => ("Q5_0", 32, 22),
        7 => ("Q5_1", 32, 24),
        8 => ("Q8_0", 32, 34),
        9 => ("Q8_1", 32, 40),
        10 => ("Q2_K", 256, 84),
        11 => ("Q3_K", 256, 110),
        12 => ("Q4_K", 256, 144),
        13 => ("Q5_K", 256, 176),
        14 => ("Q6_K", 256, 210),
        15 => ("Q8_K", 256, 292),
        16 => ("IQ2_XXS", 256, 66),
        17 => ("IQ2_XS", 256, 74),
        18 => ("IQ3_XXS", 256, 98),
        19 => ("IQ1_S", 256, 50),
        20 => ("IQ4_NL", 32, 18),
        21 => ("IQ3_S", 256, 110),
        22 => ("IQ2_S", 256, 82),
        23 => ("IQ4_XS", 256, 136),
        24 => ("I8", 1, 1),
        25 => ("I16", 1, 2),
        26 => ("I32", 1, 4),
        27 => ("I64", 1, 8),
        28 => ("F64", 1, 8),
        29 => ("IQ1_M", 256, 56),
        30 => ("BF16", 1, 2),
        34 => ("TQ1_0", 256, 54),
        35 => ("TQ2_0", 256, 66),
        39 => ("MXFP4", 32, 17),
        40 => ("NVFP4", 64, 36),
        41 => ("Q1_0", 128, 18),
        _ => return None,
    })
}

/// A metadata value; arrays keep their length and, when short, their numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum GgufValue {
    Int(i128),
    Float(f64),
    Bool(bool),
    Text(String),
    Array { len: u64, numbers: Vec<i128> },
}

/// One tensor's entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GgufTensor {
    pub name: String,
    pub dims: Vec<u64>,
    pub type_name: &'static str,
    pub elements: u64,
    pub bytes: u64,
}

/// What a GGUF header says.
#[derive(Clone, Debug, PartialEq)]
pub struct GgufSummary {
    pub version: u32,
    /// The key-value pairs in file order (a handful of lookups read them, so no map is built).
    pub metadata: Vec<(String, GgufValue)>,
    pub tensors: Vec<GgufTensor>,
    /// Stored bytes per ggml type (`Q4_K` → bytes).
    pub bytes_by_type: Map<u64>,
    pub elements: u64,
    pub data_bytes: u64,
    /// Bytes of the header (where tensor data begins, before alignment padding).
    pub header_bytes: u64,
}

impl GgufSummary {
    /// The value under `key` (of a repeated key, the last one read).
    pub fn value(&self, key: &str) -> Option<&GgufValue> {
        self.metadata.iter().rev().find(|(k, _)| k == key).map(|(_, value)| value)
    }

    fn text(&self, key: &str) -> Option<&str> {
        match self.value(key) {
            Some(GgufValue::Text(s)) => Some(s),
            _ => None,
        }
    }

    fn int(&self, key: &str) -> Option<u64> {
        match self.value(key) {
            Some(GgufValue::Int(n)) => u64::try_from(*n).ok(),
            // Per-layer arrays (e.g. head_count_kv for some models): take the largest.
            Some(GgufValue::Array { numbers, .. }) => numbers.iter().filter_map(|n| u64::try_from(*n).ok()).max(),
            _ => None,
        }
    }

    /// `general.architecture` (`llama`, `qwen2`, `gemma2`, …).
    pub fn architecture_name(&self) -> Option<&str> {
        self.text("general.architecture")
    }

    /// `general.name`, as the file calls its model.
    pub fn model_name(&self) -> Option<&str> {
        self.text("general.name")
    }

    /// `general.file_type` as llama.cpp names it (`Q4_K_M`), when known.
    pub fn file_type(&self) -> Option<&'static str> {
        let names = [
            "ALL_F32", "F16", "Q4_0", "Q4_1", "", "", "", "Q8_0", "Q5_0", "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S",
            "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",
            "IQ3_M", "IQ2_S", "IQ2_M", "IQ4_XS", "IQ1_M", "BF16",
        ];
        let id = self.int("general.file_type")? as usize;
        names.get(id).copied().filter(|n| !n.is_empty())
    }

    /// The model's architecture from the `<arch>.*` metadata keys, mapped onto the config fields
    /// vramfit reads, so the KV cache and activations follow the file.
    pub fn to_architecture(&self) -> Result<Architecture, ConfigError> {
        let arch = self.architecture_name().ok_or(ConfigError::Missing("general.architecture"))?;
        let key = |k: &str| self.int(&format!("{arch}.{k}"));
        let model_type = match arch {
            "llama" | "mistral" => "llama",
            "qwen2" => "qwen2",
            "qwen3" => "qwen3",
            "qwen2moe" => "qwen2_moe",
            "qwen3moe" => "qwen3_moe",
            "gemma" => "gemma",
            "gemma2" => "gemma2",
            "gemma3" => "gemma3_text",
            "phi3" => "phi3",
            "deepseek2" => "deepseek_v3",
            "gpt-oss" | "gptoss" => "gpt_oss",
            "qwen3next" => "qwen3_next",
            "nemotron_h" | "nemotron_h_moe" => "nemotron_h",
            "granitehybrid" => "granitemoehybrid",
            "mamba2" => "mamba2",
            "falcon-h1" => "falcon_h1",
            "hunyuan-moe" => "hunyuan_v1_moe",
            "hunyuan-dense" => "hunyuan_v1_dense",
            "minimax-m2" => "minimax_m2",
            "ernie4_5-moe" => "ernie4_5_moe",
            "llama4" => "llama4",
            "glm4moe" => "glm4_moe",
            "smollm3" => "smollm3",
            "gemma3n" => "gemma3n_text",
            other => other,
        };
        let vocab = key("vocab_size").or_else(|| match self.value("tokenizer.ggml.tokens") {
            Some(GgufValue::Array { len, .. }) => Some(*len),
            _ => None,
        });
        let tied = !self.tensors.iter().any(|t| t.name == "output.weight");
        let mut config = Map::new();
        let mut put = |name: &str, value: Option<u64>| {
            if let Some(v) = value {
                config.insert(name.into(), Value::from(v));
            }
        };
        for (field, gguf_key) in COMMON_KEYS {
            put(field, key(gguf_key));
        }
        put("vocab_size", vocab);
        if model_type == "deepseek_v3" {
            // convert_hf_to_gguf.py writes MLA's own head sizes as key_length_mla / value_length_mla
            // (key_length and value_length then describe the cached latent); older files have
            // only key_length and value_length.
            let rope = key("rope.dimension_count");
            let key_length = key("attention.key_length_mla").or(key("attention.key_length"));
            put("qk_nope_head_dim", key_length.zip(rope).map(|(k, r)| k.saturating_sub(r)));
            put("v_head_dim", key("attention.value_length_mla").or(key("attention.value_length")));
        }
        if let Some((_, fields, head_dim_field)) = RECURRENT_KEYS.iter().find(|(t, ..)| *t == model_type) {
            for (field, gguf_key) in *fields {
                put(field, key(gguf_key));
            }
            // The `ssm.*` keys give the inner width and the head count; the head size is their ratio.
            put(head_dim_field, key("ssm.inner_size").zip(key("ssm.time_step_rank")).and_then(|(i, h)| i.checked_div(h)));
            if model_type == "mamba2" {
                put("expand", key("ssm.inner_size").zip(key("embedding_length")).and_then(|(i, h)| i.checked_div(h)));
            }
        }
        // Which layers attend (`head_count_kv[i] > 0`) or have an MLP (`feed_forward_length[i] > 0`).
        // Bounded before anything is built per layer: a header may claim billions of blocks
        // (cargo-fuzz found one), which the config reader then refuses by its own bound.
        let layers = key("block_count").filter(|&n| n <= 10_000).unwrap_or(0) as usize;
        let positive = |name: &str, i: usize| self.per_layer(arch, name).and_then(|n| n.get(i)).is_some_and(|&n| n > 0);
        match model_type {
            "nemotron_h" => {
                let experts = key("expert_count").unwrap_or(0) > 0;
                let pattern: String = (0..layers)
                    .map(|i| match (positive("attention.head_count_kv", i), positive("feed_forward_length", i)) {
                        (true, _) => '*',
                        (false, true) if experts => 'E',
                        (false, true) => '-',
                        (false, false) => 'M',
                    })
                    .collect();
                config.insert("hybrid_override_pattern".into(), Value::from(pattern));
            }
            "granitemoehybrid" => {
                let types: Vec<&str> = (0..layers).map(|i| if positive("attention.head_count_kv", i) { "attention" } else { "mamba" }).collect();
                config.insert("layer_types".into(), Value::from(types));
                let shared = key("expert_shared_feed_forward_length").or(key("feed_forward_length"));
                config.insert("shared_intermediate_size".into(), Value::from(shared));
            }
            // llama.cpp's llama4 (src/llama-model.cpp): experts every `interleave_moe_layer_step`
            // layers, 8192-token chunks in three layers of four unless `sliding_window` is 0;
            // `feed_forward_length` is the dense MLP, `expert_feed_forward_length` an expert's.
            "llama4" => {
                put("interleave_moe_layer_step", key("interleave_moe_layer_step"));
                put("intermediate_size_mlp", key("feed_forward_length"));
                put("intermediate_size", key("expert_feed_forward_length"));
                match key("attention.sliding_window") {
                    Some(0) => {}
                    chunk => put("attention_chunk_size", Some(chunk.unwrap_or(8_192))),
                }
            }
            // convert_hf_to_gguf.py's JambaModel: `head_count_kv` is 0 on the Mamba layers, a
            // layer with experts has a router (`blk.N.ffn_gate_inp`), and the `ssm.*` keys hold
            // Mamba-1's sizes (inner = expand × hidden, time_step_rank = dt_rank).
            "jamba" => {
                let attends: Vec<bool> = (0..layers).map(|i| positive("attention.head_count_kv", i)).collect();
                let mut routed = vec![false; layers];
                for t in &self.tensors {
                    let layer = t.name.strip_prefix("blk.").and_then(|n| n.strip_suffix(".ffn_gate_inp.weight")).and_then(|n| n.parse::<usize>().ok());
                    if let Some(on) = layer.and_then(|i| routed.get_mut(i)) {
                        *on = true;
                    }
                }
                let (attn_period, attn_offset) = periodic(&attends).ok_or(ConfigError::Invalid {
                    field: "attention.head_count_kv",
                    reason: "the attention layers do not repeat with one period".into(),
                })?;
                put("attn_layer_period", Some(attn_period));
                put("attn_layer_offset", Some(attn_offset));
                match periodic(&routed) {
                    Some((period, offset)) => {
                        put("expert_layer_period", Some(period));
                        put("expert_layer_offset", Some(offset));
                        put("num_experts", key("expert_count"));
                    }
                    None if routed.iter().any(|&r| r) => {
                        return Err(ConfigError::Invalid { field: "ffn_gate_inp", reason: "the expert layers do not repeat with one period".into() })
                    }
                    None => put("num_experts", Some(1)),
                }
                put("mamba_d_conv", key("ssm.conv_kernel"));
                put("mamba_d_state", key("ssm.state_size"));
                put("mamba_dt_rank", key("ssm.time_step_rank"));
                put("mamba_expand", key("ssm.inner_size").zip(key("embedding_length")).and_then(|(i, h)| i.checked_div(h)));
            }
            // convert_hf_to_gguf.py's Gemma3NModel: one MLP width and one sliding-window flag per
            // layer, the KV-shared tail, AltUp's inputs and the per-layer input width on their own
            // keys; the per-layer embedding's rows are its tensor's.
            "gemma3n_text" => {
                put("num_kv_shared_layers", key("attention.shared_kv_layers"));
                put("altup_num_inputs", key("altup.num_inputs"));
                put("hidden_size_per_layer_input", key("embedding_length_per_layer_input"));
                let per_layer_rows = self.tensors.iter().find(|t| t.name == "per_layer_token_embd.weight").and_then(|t| t.dims.get(1).copied());
                put("vocab_size_per_layer_input", per_layer_rows.or(vocab));
                if let Some(widths) = self.per_layer(arch, "feed_forward_length") {
                    let widths: Vec<i64> = widths.iter().map(|&w| i64::try_from(w).unwrap_or(-1)).collect();
                    config.insert("intermediate_size".into(), Value::from(widths));
                }
                if let Some(sliding) = self.per_layer(arch, "attention.sliding_window_pattern") {
                    let types: Vec<&str> = sliding.iter().map(|&s| if s != 0 { "sliding_attention" } else { "full_attention" }).collect();
                    config.insert("layer_types".into(), Value::from(types));
                }
            }
            _ => {}
        }
        config.insert("model_type".into(), Value::from(model_type));
        config.insert("tie_word_embeddings".into(), Value::from(tied));
        Architecture::from_config(&Value::Object(config))
    }

    /// A per-layer array of `<arch>.<key>` (llama.cpp writes `head_count_kv` and
    /// `feed_forward_length` per layer for hybrids: 0 where the layer has none).
    fn per_layer(&self, arch: &str, key: &str) -> Option<&[i128]> {
        match self.value(&format!("{arch}.{key}")) {
            Some(GgufValue::Array { numbers, len }) if *len == numbers.len() as u64 => Some(numbers),
            _ => None,
        }
    }
}

/// The `(period, offset)` of a layer pattern that is on where `layer % period == offset` (how
/// JambaConfig places attention and experts), or None when it is all off or not periodic.
fn periodic(on: &[bool]) -> Option<(u64, u64)> {
    let mut layers_on = on.iter().enumerate().filter(|(_, &b)| b).map(|(i, _)| i);
    let first = layers_on.next()?;
    let period = layers_on.next().map_or(on.len(), |second| second - first);
    let offset = first % period;
    on.iter().enumerate().all(|(i, &b)| b == (i % period == offset)).then_some((period as u64, offset as u64))
}

/// config.json field ← `<arch>.<key>` for every architecture (gguf-py's `Keys`); MLA's only
/// where the file has them.
const COMMON_KEYS: [(&str, &str); 18] = [
    ("hidden_size", "embedding_length"),
    ("num_hidden_layers", "block_count"),
    ("num_attention_heads", "attention.head_count"),
    ("num_key_value_heads", "attention.head_count_kv"),
    ("head_dim", "attention.key_length"),
    ("intermediate_size", "feed_forward_length"),
    ("max_position_embeddings", "context_length"),
    ("sliding_window", "attention.sliding_window"),
    ("num_local_experts", "expert_count"),
    ("num_experts_per_tok", "expert_used_count"),
    ("moe_intermediate_size", "expert_feed_forward_length"),
    ("n_shared_experts", "expert_shared_count"),
    ("first_k_dense_replace", "leading_dense_block_count"),
    ("kv_lora_rank", "attention.kv_lora_rank"),
    ("q_lora_rank", "attention.q_lora_rank"),
    ("qk_rope_head_dim", "rope.dimension_count"),
    ("v_head_dim", "attention.value_length"),
    ("full_attention_interval", "full_attention_interval"),
];

/// The recurrent layers' sizes, which llama.cpp stores on the `ssm.*` keys
/// (src/llama-model.cpp): for qwen3next state_size is the key head size, group_count the key
/// heads and time_step_rank the value heads; for the Mamba-2 models time_step_rank is the head
/// count. The last entry names the field that takes `inner_size ÷ time_step_rank`.
type RecurrentKeys = (&'static str, &'static [(&'static str, &'static str)], &'static str);
const RECURRENT_KEYS: [RecurrentKeys; 5] = [
    (
        "qwen3_next",
        &[
            ("linear_num_value_heads", "ssm.time_step_rank"),
            ("linear_num_key_heads", "ssm.group_count"),
            ("linear_key_head_dim", "ssm.state_size"),
            ("linear_conv_kernel_dim", "ssm.conv_kernel"),
            ("shared_expert_intermediate_size", "expert_shared_feed_forward_length"),
        ],
        "linear_value_head_dim",
    ),
    (
        "nemotron_h",
        &[
            ("mamba_num_heads", "ssm.time_step_rank"),
            ("ssm_state_size", "ssm.state_size"),
            ("n_groups", "ssm.group_count"),
            ("conv_kernel", "ssm.conv_kernel"),
            ("moe_shared_expert_intermediate_size", "expert_shared_feed_forward_length"),
            ("n_routed_experts", "expert_count"),
        ],
        "mamba_head_dim",
    ),
    (
        "granitemoehybrid",
        &[
            ("mamba_n_heads", "ssm.time_step_rank"),
            ("mamba_d_state", "ssm.state_size"),
            ("mamba_n_groups", "ssm.group_count"),
            ("mamba_d_conv", "ssm.conv_kernel"),
            ("intermediate_size", "expert_feed_forward_length"),
        ],
        "mamba_d_head",
    ),
    ("mamba2", &[("num_heads", "ssm.time_step_rank"), ("state_size", "ssm.state_size"), ("n_groups", "ssm.group_count"), ("conv_kernel", "ssm.conv_kernel")], "head_dim"),
    (
        "falcon_h1",
        &[
            ("mamba_n_heads", "ssm.time_step_rank"),
            ("mamba_d_state", "ssm.state_size"),
            ("mamba_n_groups", "ssm.group_count"),
            ("mamba_d_conv", "ssm.conv_kernel"),
            ("mamba_d_ssm", "ssm.inner_size"),
        ],
        "mamba_d_head",
    ),
];

/// Most metadata entries, tensors and array elements a header may claim. The largest real
/// headers (tokenizers of ~260k tokens, ~3,000 tensors) are far below.
const MAX_ENTRIES: u64 = 1 << 24;
/// Numbers of arrays shorter than this are kept (per-layer settings); longer ones only counted.
const KEEP_ARRAY_NUMBERS: u64 = 1_024;

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    file_len: u64,
}

impl Cursor<'_> {
    fn take(&mut self, n: u64) -> Result<&[u8], GgufError> {
        let end = (self.at as u64).checked_add(n).ok_or(GgufError::Absurd { what: "bytes", value: n })?;
        if end > self.file_len {
            return Err(GgufError::Truncated { needed: end, file_len: self.file_len });
        }
        if end > self.bytes.len() as u64 {
            return Err(GgufError::NeedBytes(end));
        }
        let slice = &self.bytes[self.at..end as usize];
        self.at = end as usize;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], GgufError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N as u64)?);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, GgufError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, GgufError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A count that must fit in what is left of the file at `min_bytes` each.
    fn count(&mut self, what: &'static str, min_bytes: u64) -> Result<u64, GgufError> {
        let n = self.u64()?;
        let left = self.file_len.saturating_sub(self.at as u64);
        if n > MAX_ENTRIES {
            return Err(GgufError::Absurd { what, value: n });
        }
        if n * min_bytes > left {
            return Err(GgufError::Truncated { needed: self.at as u64 + n * min_bytes, file_len: self.file_len });
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, GgufError> {
        let len = self.count("string bytes", 1)?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| GgufError::BadString)
    }

    /// A scalar of metadata type `t` as an integer, float, bool or string.
    fn scalar(&mut self, t: u32) -> Result<GgufValue, GgufError> {
        Ok(match t {
            0 => GgufValue::Int(self.array::<1>()?[0].into()),
            1 => GgufValue::Int((self.array::<1>()?[0] as i8).into()),
            2 => GgufValue::Int(u16::from_le_bytes(self.array()?).into()),
            3 => GgufValue::Int(i16::from_le_bytes(self.array()?).into()),
            4 => GgufValue::Int(self.u32()?.into()),
            5 => GgufValue::Int(i32::from_le_bytes(self.array()?).into()),
            6 => GgufValue::Float(f32::from_le_bytes(self.array()?).into()),
            7 => GgufValue::Bool(self.array::<1>()?[0] != 0),
            8 => GgufValue::Text(self.string()?),
            10 => GgufValue::Int(self.u64()?.into()),
            11 => GgufValue::Int(i64::from_le_bytes(self.array()?).into()),
            12 => GgufValue::Float(f64::from_le_bytes(self.array()?)),
            other => return Err(GgufError::BadValueType(other)),
        })
    }

    fn value(&mut self, t: u32) -> Result<GgufValue, GgufError> {
        if t != 9 {
            return self.scalar(t);
        }
        let element = self.u32()?;
        if element == 9 {
            return Err(GgufError::BadValueType(9)); // nested arrays do not occur in GGUF files
        }
        let min_bytes = match element {
            0 | 1 | 7 => 1,
            2 | 3 => 2,
            4..=6 => 4,
            8 | 10..=12 => 8,
            other => return Err(GgufError::BadValueType(other)),
        };
        let len = self.count("array elements", min_bytes)?;
        let mut numbers = Vec::new();
        for _ in 0..len {
            match self.scalar(element)? {
                GgufValue::Int(n) if len <= KEEP_ARRAY_NUMBERS => numbers.push(n),
                GgufValue::Bool(b) if len <= KEEP_ARRAY_NUMBERS => numbers.push(b.into()),
                _ => {}
            }
        }
        Ok(GgufValue::Array { len, numbers })
    }
}

/// Parses a GGUF header from the file's first bytes. Returns [`GgufError::NeedBytes`] when more
/// of the file is needed; callers read that much (or more) and call again.
pub fn parse_gguf(bytes: &[u8], file_len: u64) -> Result<GgufSummary, GgufError> {
    let mut c = Cursor { bytes, at: 0, file_len };
    if c.take(4)? != b"GGUF" {
        return Err(GgufError::BadMagic);
    }
    let version = c.u32()?;
    if !(2..=3).contains(&version) {
        return Err(GgufError::UnsupportedVersion(version));
    }
    // Each tensor info takes at least 8 (name length) + 4 + 8 + 4 + 8 bytes; each entry 8 + 4 + 1.
    let tensor_count = c.count("tensors", 32)?;
    let kv_count = c.count("metadata entries", 13)?;
    let mut metadata = Vec::new();
    for _ in 0..kv_count {
        let key = c.string()?;
        let t = c.u32()?;
        let value = c.value(t)?;
        metadata.push((key, value));
    }
    let mut summary = GgufSummary {
        version,
        metadata,
        tensors: Vec::new(),
        bytes_by_type: Map::new(),
        elements: 0,
        data_bytes: 0,
        header_bytes: 0,
    };
    for _ in 0..tensor_count {
        let name = c.string()?;
        let n_dims = c.u32()?;
        if n_dims > 8 {
            return Err(GgufError::Absurd { what: "tensor dimensions", value: n_dims.into() });
        }
        let mut dims = Vec::with_capacity(n_dims as usize);
        for _ in 0..n_dims {
            dims.push(c.u64()?);
        }
        let type_id = c.u32()?;
        let _offset = c.u64()?;
        let (type_name, block, block_bytes) =
            ggml_type(type_id).ok_or_else(|| GgufError::UnknownTensorType { tensor: name.clone(), type_id })?;
        let elements = dims
            .iter()
            .try_fold(1u64, |p, d| p.checked_mul(*d))
            .ok_or_else(|| GgufError::BadShape { tensor: name.clone() })?;
        let bytes = elements
            .div_ceil(block)
            .checked_mul(block_bytes)
            .ok_or_else(|| GgufError::BadShape { tensor: name.clone() })?;
        summary.bytes_by_type.add(type_name, bytes);
        summary.elements = summary.elements.saturating_add(elements);
        summary.data_bytes = summary.data_bytes.saturating_add(bytes);
        summary.tensors.push(GgufTensor { name, dims, type_name, elements, bytes });
    }
    summary.header_bytes = c.at as u64;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal GGUF v3 header with one u32 entry and one F16 tensor.
    fn tiny() -> Vec<u8> {
        let mut b = b"GGUF".to_vec();
        b.extend(3u32.to_le_bytes());
        b.extend(1u64.to_le_bytes()); // tensors
        b.extend(1u64.to_le_bytes()); // metadata entries
        let key = b"llama.block_count";
        b.extend((key.len() as u64).to_le_bytes());
        b.extend(key);
        b.extend(4u32.to_le_bytes());
        b.extend(2u32.to_le_bytes());
        let name = b"w";
        b.extend((name.len() as u64).to_le_bytes());
        b.extend(name);
        b.extend(2u32.to_le_bytes());
        b.extend(4u64.to_le_bytes());
        b.extend(8u64.to_le_bytes());
        b.extend(1u32.to_le_bytes()); // F16
        b.extend(0u64.to_le_bytes());
        b.resize(b.len() + 64, 0);
        b
    }

    #[test]
    fn reads_a_tiny_header() {
        let bytes = tiny();
        let summary = parse_gguf(&bytes, bytes.len() as u64).expect("valid");
        assert_eq!(summary.version, 3);
        assert_eq!(summary.value("llama.block_count"), Some(&GgufValue::Int(2)));
        assert_eq!(summary.elements, 32);
        assert_eq!(summary.data_bytes, 64);
    }

    #[test]
    fn asks_for_more_bytes_when_the_prefix_is_short() {
        let bytes = tiny();
        let needed = match parse_gguf(&bytes[..20], bytes.len() as u64) {
            Err(GgufError::NeedBytes(n)) => n,
            other => panic!("{other:?}"),
        };
        assert!(needed > 20 && needed <= bytes.len() as u64);
        // Every prefix either parses or asks for more; never a panic.
        for cut in 0..bytes.len() {
            let _ = parse_gguf(&bytes[..cut], bytes.len() as u64);
        }
    }

    #[test]
    fn hostile_headers_are_refused() {
        let bytes = tiny();
        assert_eq!(parse_gguf(b"GGML\x03\0\0\0", 8), Err(GgufError::BadMagic));
        let mut v9 = bytes.clone();
        v9[4] = 9;
        assert_eq!(parse_gguf(&v9, v9.len() as u64), Err(GgufError::UnsupportedVersion(9)));
        let mut many = bytes.clone();
        many[8..16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(parse_gguf(&many, many.len() as u64), Err(GgufError::Absurd { what: "tensors", .. })));
        let mut truncated = bytes.clone();
        truncated.truncate(30);
        assert!(matches!(parse_gguf(&truncated, 30), Err(GgufError::Truncated { .. })));
    }
}
