//! Imported model files: what each file is, what its header says, and the model they make
//! together (a config + safetensors shards, or a GGUF file or split set).
//!
//! The caller reads bytes (File.slice in the page, std::fs in the CLI) and calls [`read_part`]
//! with the file's first bytes; [`ImportError::NeedBytes`] asks for more of the file's start.

use std::fmt;

use crate::core::architecture::{parse_config_text, Architecture, ConfigError};
use crate::core::estimate::Model;
use crate::core::formats::gguf::{parse_gguf, GgufError};
use crate::core::formats::safetensors::{parse_header, parse_index, SafetensorsError};
use crate::core::from_json::Map;
use crate::core::quant::WeightFormat;
use crate::core::units::{Bytes, Params};

/// What kind of file a name and its first bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A Hugging Face config.json.
    Config,
    /// model.safetensors.index.json.
    SafetensorsIndex,
    /// A .safetensors file or shard.
    Safetensors,
    /// A .gguf file or split.
    Gguf,
}

/// The largest JSON file (config or index) read whole.
pub const MAX_JSON_BYTES: u64 = 16 << 20;
/// The most of a file's start read for a header.
pub const MAX_HEADER_READ: u64 = 256 << 20;
/// How much of a file to read first.
pub const FIRST_READ: u64 = 1 << 20;

/// Why an imported file could not be used; every message names the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Read at least this many bytes from the start of the file and call again.
    NeedBytes(u64),
    /// Not a config.json, safetensors index, safetensors or GGUF file.
    Unrecognised {
        /// The file's name.
        file: String,
    },
    /// A config.json that cannot be read as a model.
    Config {
        /// The file's name.
        file: String,
        /// What is wrong with it.
        error: ConfigError,
    },
    /// A safetensors header that cannot be read.
    Safetensors {
        /// The file's name.
        file: String,
        /// What is wrong with it.
        error: SafetensorsError,
    },
    /// A GGUF header that cannot be read.
    Gguf {
        /// The file's name.
        file: String,
        /// What is wrong with it.
        error: GgufError,
    },
    /// A header longer than any real model's.
    HeaderTooLarge {
        /// The file's name.
        file: String,
    },
    /// The reader asked for bytes it already had: the header is inconsistent.
    Stalled {
        /// The file's name.
        file: String,
    },
    /// No file was given.
    Nothing,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NeedBytes(n) => write!(f, "need the first {n} bytes"),
            ImportError::Unrecognised { file } => write!(
                f,
                "{file}: not a config.json, model.safetensors.index.json, .safetensors or .gguf file"
            ),
            ImportError::Config { file, error } => write!(f, "{file}: {error}"),
            ImportError::Safetensors { file, error } => write!(f, "{file}: {error}"),
            ImportError::Gguf { file, error } => write!(f, "{file}: {error}"),
            ImportError::HeaderTooLarge { file } => write!(f, "{file}: the header is larger than 256 MB"),
            ImportError::Stalled { file } => write!(f, "{file}: the header is inconsistent and cannot be read"),
            ImportError::Nothing => write!(f, "no model file given"),
        }
    }
}

impl std::error::Error for ImportError {}

impl Source {
    /// One line for the page's chip: `model.gguf — 4.08 GB, 291 tensors, Q4_K_M`.
    /// From the Hub, the repo and revision come first: `Qwen/Qwen3-8B (main@d1497293) — config.json, …`.
    pub fn summary(&self, style: crate::core::units::NumberStyle) -> String {
        let mut text = match (&self.repo, &self.revision) {
            (Some(repo), Some(revision)) => match revision.split_once('@') {
                Some((name, commit)) => format!("{repo} ({name}@{}) — ", commit.chars().take(8).collect::<String>()),
                None => format!("{repo} ({revision}) — "),
            },
            _ => String::new(),
        };
        text.push_str(&self.files.join(", "));
        let mut facts = Vec::new();
        if let Some(bytes) = self.weights_bytes {
            facts.push(Bytes(bytes).to_gb_string(style));
        }
        if self.tensors > 0 {
            facts.push(format!("{} tensors", crate::core::units::group_thousands(self.tensors.into(), style)));
        }
        match self.label.as_ref().or(self.quantization.as_ref()) {
            Some(label) => facts.push(label.clone()),
            None if !self.bytes_by_dtype.is_empty() => facts.push(self.bytes_by_dtype.keys().cloned().collect::<Vec<_>>().join(", ")),
            None => {}
        }
        if !facts.is_empty() {
            text.push_str(" — ");
            text.push_str(&facts.join(", "));
        }
        text
    }
}

/// Detects a file by its first bytes, then by its name.
pub fn detect(name: &str, prefix: &[u8]) -> Option<FileKind> {
    if prefix.starts_with(b"GGUF") {
        return Some(FileKind::Gguf);
    }
    if prefix.len() >= 9 && prefix[8] == b'{' {
        return Some(FileKind::Safetensors);
    }
    let first = prefix.iter().find(|b| !b.is_ascii_whitespace());
    let lower = name.to_ascii_lowercase();
    if first == Some(&b'{') {
        let head = String::from_utf8_lossy(&prefix[..prefix.len().min(4096)]);
        return Some(if head.contains("\"weight_map\"") || lower.ends_with(".index.json") {
            FileKind::SafetensorsIndex
        } else {
            FileKind::Config
        });
    }
    if lower.ends_with(".gguf") {
        Some(FileKind::Gguf)
    } else if lower.ends_with(".safetensors") {
        Some(FileKind::Safetensors)
    } else {
        None
    }
}

/// One file's contribution.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// A config, with the storage format its `quantization_config` declares.
    Config(Architecture, Option<WeightFormat>),
    /// A safetensors index.
    Index {
        /// The byte total its metadata declares.
        total_size: Option<u64>,
        /// The parameter total its metadata declares, when it does.
        total_parameters: Option<u64>,
        /// Tensors in its weight map.
        tensors: u64,
    },
    /// A weight file's header.
    Weights {
        /// Safetensors or GGUF.
        kind: FileKind,
        /// Tensors in the file.
        tensors: u64,
        /// Elements over its tensors.
        elements: u64,
        /// Stored bytes over its tensors.
        bytes: u64,
        /// Stored bytes by element type.
        bytes_by_dtype: Map<u64>,
        /// The architecture its metadata gives (GGUF), if any.
        arch: Option<Architecture>,
        /// The file type it declares (`Q4_K_M`), if any.
        label: Option<String>,
        /// A safetensors shard's tensor names and shapes: with the other shards, they give the
        /// layer plan when no config.json comes along.
        shapes: Vec<(String, Vec<u64>)>,
        /// A llama.cpp multimodal projector (`mmproj-*.gguf`, general.architecture `clip`): its
        /// tensors are the model's vision encoder and projector.
        projector: bool,
    },
}

/// Reads one file from its first bytes (`prefix`) and total length. JSON files must be given
/// whole; for headers, [`ImportError::NeedBytes`] says how much more of the start is needed.
pub fn read_part(name: &str, prefix: &[u8], file_len: u64) -> Result<Part, ImportError> {
    let kind = detect(name, prefix).ok_or_else(|| ImportError::Unrecognised { file: name.into() })?;
    let need = |n: u64| {
        if n > MAX_HEADER_READ {
            ImportError::HeaderTooLarge { file: name.into() }
        } else {
            ImportError::NeedBytes(n)
        }
    };
    match kind {
        FileKind::Config | FileKind::SafetensorsIndex if file_len > MAX_JSON_BYTES => {
            Err(ImportError::Unrecognised { file: format!("{name} ({file_len} bytes is too large for a JSON config or index)") })
        }
        FileKind::Config | FileKind::SafetensorsIndex if (prefix.len() as u64) < file_len => Err(need(file_len)),
        FileKind::Config => {
            // As Python writes it: bare `Infinity` and `NaN` are read (Nemotron-H's config has them).
            let value = parse_config_text(prefix).map_err(|error| ImportError::Config { file: name.into(), error })?;
            let arch = Architecture::from_config(&value).map_err(|error| ImportError::Config { file: name.into(), error })?;
            Ok(Part::Config(arch, WeightFormat::from_quantization_config(&value)))
        }
        FileKind::SafetensorsIndex => parse_index(prefix)
            .map(|i| Part::Index { total_size: i.total_size, total_parameters: i.total_parameters, tensors: i.tensors })
            .map_err(|error| ImportError::Safetensors { file: name.into(), error }),
        FileKind::Safetensors => match parse_header(prefix, file_len) {
            Err(SafetensorsError::NeedBytes(n)) => Err(need(n)),
            Err(error) => Err(ImportError::Safetensors { file: name.into(), error }),
            Ok(s) => Ok(Part::Weights {
                kind,
                tensors: s.tensors.len() as u64,
                elements: s.elements,
                bytes: s.data_bytes,
                bytes_by_dtype: s.bytes_by_dtype,
                arch: None,
                label: None,
                shapes: s.tensors.into_iter().map(|t| (t.name, t.shape)).collect(),
                projector: false,
            }),
        },
        FileKind::Gguf => match parse_gguf(prefix, file_len) {
            Err(GgufError::NeedBytes(n)) => Err(need(n)),
            Err(error) => Err(ImportError::Gguf { file: name.into(), error }),
            Ok(g) => Ok(Part::Weights {
                kind,
                tensors: g.tensors.len() as u64,
                elements: g.elements,
                bytes: g.data_bytes,
                arch: g.to_architecture().ok(),
                label: g.file_type().map(str::to_string).or_else(|| g.model_name().map(str::to_string)),
                projector: g.architecture_name() == Some("clip"),
                bytes_by_dtype: g.bytes_by_type,
                shapes: Vec::new(),
            }),
        },
    }
}

/// What to do after offering a file's first bytes to [`read_part`].
// One value per read step; boxing the part would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Next {
    /// The file is read; here is what it contributes.
    Done(Part),
    /// Read this many bytes from the start of the file and call [`read_step`] again.
    ReadMore(u64),
}

/// One step of reading a file: parse what is there, or say how much of its start to read next
/// (at least double, so a header costs a few reads). Shared by the page and the CLI, which only
/// do the reading.
pub fn read_step(name: &str, prefix: &[u8], file_len: u64) -> Result<Next, ImportError> {
    let have = prefix.len() as u64;
    match read_part(name, prefix, file_len) {
        Ok(part) => Ok(Next::Done(part)),
        Err(ImportError::NeedBytes(n)) if n > have && n <= file_len => Ok(Next::ReadMore(n.max(have.saturating_mul(2)).min(file_len))),
        Err(ImportError::NeedBytes(_)) => Err(ImportError::Stalled { file: name.into() }),
        Err(error) => Err(error),
    }
}

/// What the imported files are, for the report (`source` in the CLI's JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    /// `config`, `safetensors` or `gguf`.
    pub kind: String,
    /// The file names, as given.
    pub files: Vec<String>,
    /// Tensors over all weight files.
    pub tensors: u64,
    /// Stored bytes by element type (`BF16`, `Q4_K`).
    pub bytes_by_dtype: Map<u64>,
    /// Stored tensor bytes over all weight files.
    pub weights_bytes: Option<u64>,
    /// Elements over all weight files (the exact parameter count).
    pub elements: Option<u64>,
    /// The GGUF file type (`Q4_K_M`) or model name, when a header says.
    pub label: Option<String>,
    /// The format a config's `quantization_config` declares (`gptq_4bit_g128`).
    pub quantization: Option<String>,
    /// The Hugging Face repo the files were read from (`owner/name`), when they came from the Hub.
    pub repo: Option<String>,
    /// The repo's revision, and the commit it resolved to when the Hub said (`main@0123abcd…`).
    pub revision: Option<String>,
}

impl crate::core::to_json::ToJson for Source {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("kind", &self.kind);
        json.field("files", &self.files);
        json.field("tensors", &self.tensors);
        json.field("bytes_by_dtype", &self.bytes_by_dtype);
        json.field_if("weights_bytes", &self.weights_bytes);
        json.field_if("elements", &self.elements);
        json.field_if("label", &self.label);
        json.field_if("quantization", &self.quantization);
        json.field_if("repo", &self.repo);
        json.field_if("revision", &self.revision);
        json.end_object();
    }
}

/// Combines the parts of one model (a config and/or weight files) into the model to estimate
/// and a summary of the files. Weight files make the parameter count and stored weights exact;
/// the architecture comes from the config, else the GGUF metadata, else the safetensors tensor
/// names and shapes, else a typical decoder.
pub fn combine(parts: &[(String, Part)]) -> Result<(Model, Source), ImportError> {
    if parts.is_empty() {
        return Err(ImportError::Nothing);
    }
    let mut source = Source { files: parts.iter().map(|(n, _)| n.clone()).collect(), ..Source::default() };
    let mut config = None;
    let mut weight_arch = None;
    let (mut elements, mut bytes, mut weight_files, mut index_size, mut index_params) = (0u64, 0u64, 0, None, None);
    let mut shapes: Vec<(&str, &[u64])> = Vec::new();
    let mut vision = 0u64;
    for (_, part) in parts {
        match part {
            Part::Config(arch, format) => {
                config = Some(arch.clone());
                source.quantization = format.map(|f| f.name());
            }
            Part::Index { total_size, total_parameters, tensors } => {
                index_size = *total_size;
                index_params = *total_parameters;
                source.tensors = source.tensors.max(*tensors);
            }
            Part::Weights { kind, tensors, elements: e, bytes: b, bytes_by_dtype, arch, label, shapes: part_shapes, projector } => {
                if *projector {
                    vision = vision.saturating_add(*e);
                }
                shapes.extend(part_shapes.iter().map(|(n, s)| (n.as_str(), s.as_slice())));
                weight_files += 1;
                elements = elements.saturating_add(*e);
                bytes = bytes.saturating_add(*b);
                if weight_files == 1 {
                    source.tensors = 0;
                }
                source.tensors += tensors;
                for (dtype, n) in bytes_by_dtype.iter() {
                    source.bytes_by_dtype.add(dtype, *n);
                }
                source.kind = if *kind == FileKind::Gguf { "gguf".into() } else { "safetensors".into() };
                weight_arch = weight_arch.or_else(|| arch.clone());
                if !projector {
                    source.label = source.label.clone().or_else(|| label.clone());
                }
            }
        }
    }
    if weight_files == 0 {
        source.kind = "config".into();
        source.weights_bytes = index_size;
        let arch = config.ok_or_else(|| ImportError::Unrecognised { file: "index.json without its config.json or shards".into() })?;
        // An index that declares both totals is as exact as the shards' headers together.
        return Ok(match (index_size, index_params) {
            (Some(bytes), Some(elements)) if elements > 0 => {
                source.elements = Some(elements);
                let nominal_bits = nominal_bits(&source, elements, bytes);
                (Model::Files { arch, params: Params(elements), weights: Bytes(bytes), nominal_bits }, source)
            }
            _ => (Model::Architecture(arch), source),
        });
    }
    source.weights_bytes = Some(bytes);
    source.elements = Some(elements);
    // Without a config, the tensors' names and shapes give the plan; a layout they do not
    // follow leaves a typical decoder of the exact size.
    let mut arch = config
        .or(weight_arch)
        .or_else(|| Architecture::from_tensors(&shapes))
        .unwrap_or_else(|| Architecture::typical(Params(elements.max(1))));
    // An mmproj file next to a GGUF model: its tensors are the vision tower the model's own
    // metadata does not describe.
    if vision > 0 {
        arch.vision_params = vision;
    }
    let nominal_bits = nominal_bits(&source, elements, bytes);
    Ok((Model::Files { arch, params: Params(elements), weights: Bytes(bytes), nominal_bits }, source))
}

/// The stored format's value bits: a GGUF file type's (Q4_K_M → 4), else the safetensors dtype
/// holding most bytes (BF16 → 16), else the average bits per element.
fn nominal_bits(source: &Source, elements: u64, bytes: u64) -> u32 {
    let from_label = source.label.as_deref().and_then(|l| WeightFormat::from_name(l).ok()).map(|f| f.nominal_bits());
    let dominant = source.bytes_by_dtype.iter().max_by_key(|(_, b)| **b).and_then(|(dtype, _)| {
        let digits: String = dtype.chars().filter(char::is_ascii_digit).collect();
        digits.parse::<u32>().ok().filter(|b| [4, 6, 8, 16, 32, 64].contains(b))
    });
    let average = (bytes.saturating_mul(8) / elements.max(1)).clamp(1, 64) as u32;
    from_label.or(dominant).unwrap_or(average)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Python's `json.dumps(float("inf"))` writes `Infinity`, and published configs carry it
    /// (NVIDIA's Nemotron-H: `"time_step_limit": [0.0, Infinity]`): a dropped config.json with it
    /// is read, not refused as broken JSON.
    #[test]
    fn a_config_with_python_infinity_is_read() {
        let config = br#"{"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
            "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 128256, "time_step_limit": [0.0, Infinity]}"#;
        assert!(matches!(read_part("config.json", config, config.len() as u64), Ok(Part::Config(..))));
    }

    #[test]
    fn detects_by_magic_then_by_name() {
        assert_eq!(detect("x.bin", b"GGUF\x03\0\0\0"), Some(FileKind::Gguf));
        assert_eq!(detect("x.bin", b"\x10\0\0\0\0\0\0\0{\"a\":1}"), Some(FileKind::Safetensors));
        assert_eq!(detect("config.json", b"  {\"model_type\":\"llama\"}"), Some(FileKind::Config));
        assert_eq!(detect("x.json", b"{\"metadata\":{},\"weight_map\":{}}"), Some(FileKind::SafetensorsIndex));
        assert_eq!(detect("model.gguf", b"????"), Some(FileKind::Gguf));
        assert_eq!(detect("notes.txt", b"hello"), None);
    }

    #[test]
    fn json_files_must_be_read_whole() {
        assert_eq!(read_part("config.json", b"{\"model_type\"", 100), Err(ImportError::NeedBytes(100)));
    }

    #[test]
    fn the_summary_names_files_size_tensors_and_format() {
        let source = Source {
            files: vec!["model.safetensors".into()],
            tensors: 291,
            bytes_by_dtype: [("BF16".to_string(), 14_483_464_192u64), ("F32".to_string(), 0)].into_iter().collect(),
            weights_bytes: Some(14_483_464_192),
            ..Source::default()
        };
        assert_eq!(source.summary(crate::core::units::NumberStyle::Point), "model.safetensors — 14.48 GB, 291 tensors, BF16, F32");
        let gguf = Source { label: Some("Q4_K_M".into()), ..source };
        assert!(gguf.summary(crate::core::units::NumberStyle::Point).ends_with("291 tensors, Q4_K_M"));
    }

    #[test]
    fn an_index_with_both_totals_is_exact_without_the_shards() {
        let arch = Architecture::typical(Params(7_000_000_000));
        let index = br#"{"metadata":{"total_size":15231233024,"total_parameters":7615616512},"weight_map":{"a":"model-00001-of-00004.safetensors"}}"#;
        let index = read_part("model.safetensors.index.json", index, index.len() as u64).expect("an index");
        let (model, source) = combine(&[("config.json".into(), Part::Config(arch, None)), ("model.safetensors.index.json".into(), index)]).expect("a model");
        match model {
            Model::Files { params, weights, nominal_bits, .. } => assert_eq!((params, weights, nominal_bits), (Params(7_615_616_512), Bytes(15_231_233_024), 16)),
            other => panic!("{other:?}"),
        }
        assert_eq!(source.elements, Some(7_615_616_512));
    }

    #[test]
    fn combine_needs_something() {
        assert_eq!(combine(&[]), Err(ImportError::Nothing));
    }
}
