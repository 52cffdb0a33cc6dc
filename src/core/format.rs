//! Number formats a model's weights are stored in.
//!
//! The seed article's precisions and their storage per parameter: FP32 4 bytes, FP16/BF16 2,
//! FP8/INT8 1, INT4/FP4 0.5. Names are lowercase and the same in the page, the CLI and share URLs.

use std::fmt;

use crate::core::units::{bytes_per_param_text, NumberStyle};

/// A weight precision from the seed article's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    Fp32,
    Fp16,
    Bf16,
    Fp8,
    Int8,
    Int4,
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

    /// Bytes per parameter as a decimal (4, 2, 1, 0.5) for display and JSON.
    pub fn bytes_per_param(self) -> f64 {
        f64::from(self.bits()) / 8.0
    }

    /// Bytes per parameter with its unit: `2 bytes`, `1 byte`, `0.5 bytes`.
    pub fn bytes_per_param_text(self, style: NumberStyle) -> String {
        bytes_per_param_text(self.bits(), style)
    }

    /// Looks a precision up by name, case-insensitively (`fp16`, `FP16`, `Bf16`).
    pub fn from_name(name: &str) -> Result<Precision, UnknownPrecision> {
        let wanted = name.trim();
        Precision::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownPrecision(wanted.to_string()))
    }
}

/// A precision name that is not in [`Precision::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownPrecision(pub String);

impl fmt::Display for UnknownPrecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Precision::ALL.iter().map(|p| p.name()).collect();
        write!(f, "Unknown precision “{}”. Use one of: {}.", self.0, names.join(", "))
    }
}

impl std::error::Error for UnknownPrecision {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_per_parameter_match_the_article() {
        let table = [
            ("fp32", 4.0),
            ("fp16", 2.0),
            ("bf16", 2.0),
            ("fp8", 1.0),
            ("int8", 1.0),
            ("int4", 0.5),
            ("fp4", 0.5),
        ];
        for (name, bytes) in table {
            assert_eq!(Precision::from_name(name).map(Precision::bytes_per_param), Ok(bytes), "{name}");
        }
    }

    #[test]
    fn bytes_per_parameter_in_words() {
        let words: Vec<String> =
            Precision::ALL.iter().map(|p| p.bytes_per_param_text(NumberStyle::Point)).collect();
        assert_eq!(words, ["4 bytes", "2 bytes", "2 bytes", "1 byte", "1 byte", "0.5 bytes", "0.5 bytes"]);
        assert_eq!(Precision::Int4.bytes_per_param_text(NumberStyle::Comma), "0,5 bytes");
    }

    #[test]
    fn names_round_trip_and_ignore_case() {
        for p in Precision::ALL {
            assert_eq!(Precision::from_name(p.name()), Ok(p));
            assert_eq!(Precision::from_name(p.label()), Ok(p));
        }
        assert_eq!(Precision::from_name(" BF16 "), Ok(Precision::Bf16));
    }

    #[test]
    fn unknown_names_are_refused_with_the_choices() {
        let err = Precision::from_name("fp12").unwrap_err();
        assert_eq!(err, UnknownPrecision("fp12".into()));
        assert!(err.to_string().contains("fp32, fp16, bf16, fp8, int8, int4, fp4"));
    }
}
