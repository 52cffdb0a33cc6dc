//! The seed article's rule of thumb: VRAM ≈ parameters × bytes per parameter × overhead factor.
//!
//! Source: the Turkish NVIDIA-partner article vramfit grew from, whose worked example is a 7B
//! model at FP16: 7 billion × 2 bytes × 2 = 28 GB. The factor of 2 is its allowance for
//! everything that is not weights (KV cache, activations, runtime); it is editable here because
//! it is a guess, not a measurement.

use crate::core::units::{bytes_per_param_text, format_ratio, parse_factor_thousandths, Bytes, NumberError, NumberStyle, Params};

/// The overhead multiplier, exact to a thousandth (2 → 2000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OverheadFactor(u32);

impl OverheadFactor {
    /// The article's factor: 2.
    pub const ARTICLE: OverheadFactor = OverheadFactor(2_000);
    /// ×1 is weights alone; below that the "estimate" would be smaller than the weights.
    const MIN_THOUSANDTHS: u32 = 1_000;
    /// ×10 already dwarfs any measured overhead; more is a typo.
    const MAX_THOUSANDTHS: u32 = 10_000;

    /// Parses a factor typed by the user ("2", "1.2", "1,2", "×1.5"), between 1 and 10.
    pub fn parse(text: &str, style: NumberStyle) -> Result<OverheadFactor, NumberError> {
        parse_factor_thousandths(text, style, Self::MIN_THOUSANDTHS, Self::MAX_THOUSANDTHS)
            .map(OverheadFactor)
    }

    /// The factor as a decimal, for JSON.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 1_000.0
    }

    /// The factor as the user would write it: `2`, `1.2`, `1.125`.
    pub fn to_text(self, style: NumberStyle) -> String {
        format_ratio(self.0.into(), 1_000, 3, style)
    }
}

/// The rule of thumb worked out for one model and precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleOfThumb {
    pub params: Params,
    /// Value bits per parameter: the article's table (FP16 16, INT4 4), scales not counted.
    pub bits: u32,
    pub overhead: OverheadFactor,
    /// Weights alone: ⌈parameters × bits ÷ 8⌉ bytes (two 4-bit weights share a byte).
    pub weights: Bytes,
    /// weights × overhead factor, rounded to the nearest byte.
    pub total: Bytes,
}

/// Works out the rule of thumb: `weights = ⌈params × bits ÷ 8⌉`, `total = weights × factor`.
/// Exact integer arithmetic: 7 B at FP16 with factor 2 is 28,000,000,000 bytes, not 27.999… GB.
pub fn rule_of_thumb(params: Params, bits: u32, overhead: OverheadFactor) -> RuleOfThumb {
    let all_bits = u128::from(params.0) * u128::from(bits);
    let weights = all_bits.div_ceil(8);
    let total = (weights * u128::from(overhead.0) + 500) / 1_000;
    // Bounded by MAX_PARAMS (10¹⁵) × 4 bytes × 10 = 4 × 10¹⁶ < u64::MAX, so these fit.
    RuleOfThumb {
        params,
        bits,
        overhead,
        weights: Bytes(weights as u64),
        total: Bytes(total as u64),
    }
}

impl RuleOfThumb {
    /// The arithmetic as the article shows it: `7 billion × 2 bytes × 2 = 28 GB`.
    pub fn arithmetic(&self, style: NumberStyle) -> String {
        format!(
            "{} × {} × {} = {}",
            self.params.to_words(style),
            bytes_per_param_text(self.bits, style),
            self.overhead.to_text(style),
            self.total.to_gb_string(style),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::format::Precision;
    use crate::core::units::parse_params;

    #[track_caller]
    fn total(params: &str, precision: Precision, factor: &str) -> RuleOfThumb {
        let style = NumberStyle::Point;
        rule_of_thumb(
            parse_params(params, style).expect("params"),
            precision.bits(),
            OverheadFactor::parse(factor, style).expect("factor"),
        )
    }

    #[test]
    fn the_articles_worked_examples() {
        let cases: &[(&str, Precision, &str, u64, &str)] = &[
            ("7B", Precision::Fp16, "2", 28_000_000_000, "7 billion × 2 bytes × 2 = 28 GB"),
            ("7B", Precision::Bf16, "2", 28_000_000_000, "7 billion × 2 bytes × 2 = 28 GB"),
            ("70B", Precision::Int4, "2", 70_000_000_000, "70 billion × 0.5 bytes × 2 = 70 GB"),
            ("175B", Precision::Fp32, "2", 1_400_000_000_000, "175 billion × 4 bytes × 2 = 1,400 GB"),
            ("13B", Precision::Int8, "2", 26_000_000_000, "13 billion × 1 byte × 2 = 26 GB"),
            ("8B", Precision::Fp8, "1.2", 9_600_000_000, "8 billion × 1 byte × 1.2 = 9.6 GB"),
            ("405B", Precision::Fp4, "1", 202_500_000_000, "405 billion × 0.5 bytes × 1 = 202.5 GB"),
        ];
        for &(params, precision, factor, bytes, line) in cases {
            let r = total(params, precision, factor);
            assert_eq!(r.total, Bytes(bytes), "{params} {precision:?} ×{factor}");
            assert_eq!(r.arithmetic(NumberStyle::Point), line);
        }
    }

    #[test]
    fn seven_b_fp16_is_26_08_gib() {
        let r = total("7B", Precision::Fp16, "2");
        assert_eq!(r.total.to_gib_string(NumberStyle::Point), "26.08 GiB");
        assert_eq!(r.weights, Bytes(14_000_000_000));
    }

    #[test]
    fn four_bit_weights_round_up_to_whole_bytes() {
        let r = rule_of_thumb(Params(1_001), 4, OverheadFactor::ARTICLE);
        assert_eq!(r.weights, Bytes(501));
        assert_eq!(r.total, Bytes(1_002));
    }

    #[test]
    fn the_largest_accepted_model_does_not_overflow() {
        let most = OverheadFactor::parse("10", NumberStyle::Point).expect("factor");
        let r = rule_of_thumb(Params(crate::core::units::MAX_PARAMS), 32, most);
        assert_eq!(r.total, Bytes(40_000_000_000_000_000));
    }

    #[test]
    fn overhead_scales_the_total_monotonically() {
        let mut last = 0;
        for factor in ["1", "1.2", "1.5", "2", "3", "10"] {
            let t = total("7B", Precision::Fp16, factor).total.0;
            assert!(t > last, "×{factor}: {t} should exceed {last}");
            last = t;
        }
    }
}
