//! Number formats a model's weights are stored in.
//!
//! The seed article's precisions and their storage per parameter: FP32 4 bytes, FP16/BF16 2,
//! FP8/INT8 1, INT4/FP4 0.5. Names are lowercase and the same in the page, the CLI and share URLs.

use crate::core::units::{bytes_per_param_text, NumberStyle};

/// Quantized storage formats people download, with what they are (the page's second list).
pub const COMMON_FORMATS: &[(&str, &str)] = &[
    ("fp8_block", "FP8, 128×128 block scales (DeepSeek)"),
    ("nvfp4", "NVFP4 (Blackwell)"),
    ("mxfp4", "MXFP4 (gpt-oss)"),
    ("nf4_dq", "NF4 + double quant (bitsandbytes, QLoRA)"),
    ("gptq_4bit_g128", "GPTQ 4-bit, group 128"),
    ("awq_4bit_g128", "AWQ 4-bit, group 128"),
    ("q8_0", "GGUF Q8_0"),
    ("q6_k", "GGUF Q6_K"),
    ("q5_k_m", "GGUF Q5_K_M"),
    ("q4_k_m", "GGUF Q4_K_M"),
    ("q4_k_s", "GGUF Q4_K_S"),
    ("q4_0", "GGUF Q4_0"),
    ("iq4_xs", "GGUF IQ4_XS"),
    ("q3_k_m", "GGUF Q3_K_M"),
    ("q2_k", "GGUF Q2_K"),
    ("iq2_xxs", "GGUF IQ2_XXS"),
];

/// A weight precision from the seed article's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// 4 bytes per parameter.
    Fp32,
    /// 2 bytes per parameter.
    Fp16,
    /// 2 bytes per parameter, FP32 range.
    Bf16,
    /// 1 byte per parameter.
    Fp8,
    /// 1 byte per parameter.
    Int8,
    /// Half a byte per parameter.
    Int4,
    /// Half a byte per parameter.
    Fp4,
}

impl Precision {
    /// Every precision, widest first (the order of the page's selector).
    pub const ALL: [Precision; 7] = [
        Precision::Fp32,
        Precision::Fp16,
        Precision::Bf16,
        Precision::Fp8,
        Precision::Int8,
        Precision::Int4,
        Precision::Fp4,
    ];

    /// The stable lowercase name used by the CLI, share URLs and the selector's values.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Fp32 => "fp32",
            Precision::Fp16 => "fp16",
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
            Precision::Int8 => "int8",
            Precision::Int4 => "int4",
            Precision::Fp4 => "fp4",
        }
    }

    /// The name as people write it: `FP16`, `BF16`.
    pub fn label(self) -> &'static str {
        match self {
            Precision::Fp32 => "FP32",
            Precision::Fp16 => "FP16",
            Precision::Bf16 => "BF16",
            Precision::Fp8 => "FP8",
            Precision::Int8 => "INT8",
            Precision::Int4 => "INT4",
            Precision::Fp4 => "FP4",
        }
    }

    /// Bits stored per parameter, ignoring block scales (the seed article's accounting).
    /// Source: the IEEE 754 binary32/binary16 widths, bfloat16 (16), OCP FP8 E4M3/E5M2 (8),
    /// INT8 (8), INT4 and OCP FP4 E2M1 (4).
    pub fn bits(self) -> u32 {
        match self {
            Precision::Fp32 => 32,
            Precision::Fp16 | Precision::Bf16 => 16,
            Precision::Fp8 | Precision::Int8 => 8,
            Precision::Int4 | Precision::Fp4 => 4,
        }
    }

    /// Bytes per parameter with its unit: `2 bytes`, `1 byte`, `0.5 bytes`.
    pub fn bytes_per_param_text(self, style: NumberStyle) -> String {
        bytes_per_param_text(self.bits(), style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::quant::WeightFormat;

    #[test]
    fn bytes_per_parameter_match_the_article() {
        let words: Vec<String> =
            Precision::ALL.iter().map(|p| p.bytes_per_param_text(NumberStyle::Point)).collect();
        assert_eq!(words, ["4 bytes", "2 bytes", "2 bytes", "1 byte", "1 byte", "0.5 bytes", "0.5 bytes"]);
        assert_eq!(Precision::Int4.bytes_per_param_text(NumberStyle::Comma), "0,5 bayt", "Turkish writes the decimal comma and its own word");
    }

    #[test]
    fn every_common_format_name_parses() {
        for (name, _) in COMMON_FORMATS {
            assert_eq!(WeightFormat::from_name(name).map(|f| f.name()), Ok(name.to_string()));
        }
    }

    #[test]
    fn every_article_precision_is_a_storage_format_with_the_same_bits() {
        for p in Precision::ALL {
            let format = WeightFormat::from_name(p.name()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(format.name(), p.name());
            assert_eq!(format.nominal_bits(), p.bits(), "{}", p.name());
        }
    }
}
