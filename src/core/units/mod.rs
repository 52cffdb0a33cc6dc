//! Units: parameter counts and byte counts (here), how people type them (`parse`), and how
//! they are shown (`format`).
//!
//! Everything is integer arithmetic. A decimal the user typed ("6.7e9", "1.5T") becomes an exact
//! integer, never a float that turns 6.7e9 into 6,699,999,999. Bytes are formatted here and
//! nowhere else.

use std::fmt;
use crate::core::i18n::{Key, Lang};

/// A number of model parameters (weights).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Params(pub u64);

/// A number of tokens (context length, KV capacity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tokens(pub u64);

/// A number of bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bytes(pub u64);

/// The largest parameter count accepted: 10¹⁵ (a thousand trillion). The largest published models
/// are around 2 × 10¹² parameters; anything beyond this bound is a typo, not a model.
pub const MAX_PARAMS: u64 = 1_000_000_000_000_000;


/// One gigabyte: 10⁹ bytes (SI, as GPU vendors and the seed article use it).
pub const GB: u64 = 1_000_000_000;
/// One gibibyte: 2³⁰ bytes (what nvidia-smi and most runtimes print as "GiB"/"MiB").
pub const GIB: u64 = 1 << 30;

/// The unit the page shows sizes in: GB (10⁹ bytes) or GiB (2³⁰ bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    /// Decimal gigabytes (10⁹ bytes), as GPU vendors label memory.
    Gb,
    /// Binary gibibytes (2³⁰ bytes), as nvidia-smi and the engines report.
    Gib,
}

impl Unit {
    /// Both units, in the order the page's switch shows them.
    pub const ALL: [Unit; 2] = [Unit::Gb, Unit::Gib];

    /// The unit's name in links and the CLI (`gb`, `gib`).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Gb => "gb",
            Unit::Gib => "gib",
        }
    }

    /// Reads `gb` or `gib`.
    pub fn from_name(name: &str) -> Option<Unit> {
        match name.trim().to_ascii_lowercase().as_str() {
            "gb" => Some(Unit::Gb),
            "gib" => Some(Unit::Gib),
            _ => None,
        }
    }

    /// The other unit (what the page shows beside the main figure).
    pub fn other(self) -> Unit {
        match self {
            Unit::Gb => Unit::Gib,
            Unit::Gib => Unit::Gb,
        }
    }
}

/// How a language writes decimals and thousands: English `1,234.5`, Turkish `1.234,5`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NumberStyle {
    /// Decimal point, comma thousands separator (English).
    #[default]
    Point,
    /// Decimal comma, dot thousands separator (Turkish and most of Europe).
    Comma,
}

impl NumberStyle {
    fn decimal_char(self) -> char {
        match self {
            NumberStyle::Point => '.',
            NumberStyle::Comma => ',',
        }
    }

    fn grouping_char(self) -> char {
        match self {
            NumberStyle::Point => ',',
            NumberStyle::Comma => '.',
        }
    }
}

/// Why a typed number was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Nothing was typed.
    Empty,
    /// Text that is not a number at all ("abc", "NaN", "∞").
    NotANumber(String),
    /// A minus sign: counts and factors are positive.
    Negative,
    /// Thousands separators in the wrong places ("7,00,0").
    BadGrouping(String),
    /// A unit word that is not one of K, M, B, T (and their spelled-out forms).
    UnknownUnit(String),
    /// The number is zero, or rounds to zero.
    Zero,
    /// More than [`MAX_PARAMS`] parameters.
    TooLarge,
    /// A count or token length above the field's maximum.
    AboveMax(u64),
    /// A plain count under a thousand: probably "7" meant "7B". Not an error to shout about
    /// while the user is still typing, so the page shows it as a hint.
    MissingUnit(u64),
    /// A factor outside the range the field accepts (bounds in thousandths).
    OutOfRange {
        /// The least value accepted, in thousandths.
        min_thousandths: u32,
        /// The greatest value accepted, in thousandths.
        max_thousandths: u32,
    },
    /// System RAM below what the operating system itself keeps.
    BelowOs,
}

impl NumberError {
    /// True for states a user passes through while typing a valid value ("" or "7" on the way to
    /// "70B"): the page shows these as a quiet hint rather than an error.
    pub fn is_incomplete(&self) -> bool {
        matches!(self, NumberError::Empty | NumberError::MissingUnit(_))
    }
}

impl NumberError {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NumberError::Empty => lang.text(Key::NumberErrorEmpty).into(),
            NumberError::NotANumber(text) => lang.fill(Key::NumberErrorNotANumber, &[text]),
            NumberError::Negative => lang.text(Key::NumberErrorNegative).into(),
            NumberError::BadGrouping(text) => lang.fill(Key::NumberErrorBadGrouping, &[text]),
            NumberError::UnknownUnit(unit) => lang.fill(Key::NumberErrorUnknownUnit, &[unit]),
            NumberError::Zero => lang.text(Key::NumberErrorZero).into(),
            NumberError::TooLarge => lang.text(Key::NumberErrorTooLarge).into(),
            NumberError::AboveMax(max) => lang.fill(Key::NumberErrorAboveMax, &[&group_thousands((*max).into(), lang.style())]),
            NumberError::MissingUnit(n) => lang.fill(Key::NumberErrorMissingUnit, &[&n.to_string()]),
            NumberError::BelowOs => lang.text(Key::NumberErrorBelowOs).into(),
            NumberError::OutOfRange { min_thousandths, max_thousandths } => {
                let show = |t: &u32| format_ratio((*t).into(), 1_000, 3, lang.style());
                lang.fill(Key::NumberErrorOutOfRange, &[&show(min_thousandths), &show(max_thousandths)])
            }
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NumberError {}

mod format;
mod parse;

pub use format::*;
pub use parse::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn params(text: &str) -> u64 {
        parse_params(text, NumberStyle::Point).unwrap_or_else(|e| panic!("{text:?}: {e}")).0
    }

    #[track_caller]
    fn params_tr(text: &str) -> u64 {
        parse_params(text, NumberStyle::Comma).unwrap_or_else(|e| panic!("{text:?}: {e}")).0
    }

    #[track_caller]
    fn params_err(text: &str) -> NumberError {
        parse_params(text, NumberStyle::Point).expect_err(text)
    }

    #[test]
    fn parses_what_people_type() {
        let cases: &[(&str, u64)] = &[
            ("7B", 7_000_000_000),
            ("7b", 7_000_000_000),
            ("7 B", 7_000_000_000),
            (" 7B ", 7_000_000_000),
            ("1.5T", 1_500_000_000_000),
            ("350M", 350_000_000),
            ("6.7e9", 6_700_000_000),
            ("6.7E9", 6_700_000_000),
            ("7e9", 7_000_000_000),
            ("67e+8", 6_700_000_000),
            ("7000000000", 7_000_000_000),
            ("7,000,000,000", 7_000_000_000),
            ("7_000_000_000", 7_000_000_000),
            ("7 000 000 000", 7_000_000_000),
            ("6,7B", 6_700_000_000),
            ("0.5B", 500_000_000),
            (".5B", 500_000_000),
            ("+7B", 7_000_000_000),
            ("7.241732096B", 7_241_732_096),
            ("70 billion", 70_000_000_000),
            ("124M params", 124_000_000),
            ("175B parameters", 175_000_000_000),
        ];
        for &(text, expected) in cases {
            assert_eq!(params(text), expected, "{text}");
        }
    }

    #[test]
    fn turkish_style_reads_decimal_comma_and_dot_groups() {
        assert_eq!(params_tr("6,7B"), 6_700_000_000);
        assert_eq!(params_tr("7.000.000.000"), 7_000_000_000);
        assert_eq!(params_tr("1.5T"), 1_500_000_000_000, "a lone dot that is no grouping is a decimal");
        assert_eq!(params_tr("7 milyar"), 7_000_000_000);
        assert_eq!(params_tr("350 milyon"), 350_000_000);
        // The same text means different things in the two languages, as it does on paper.
        assert_eq!(params_tr("7,000B"), 7_000_000_000);
        assert_eq!(params("7,000B"), 7_000_000_000_000);
    }

    #[test]
    fn rounds_to_a_whole_parameter() {
        assert_eq!(params("1.0000000005B"), 1_000_000_001);
        assert_eq!(params("1.0000000004B"), 1_000_000_000);
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        let cases: &[(&str, NumberError)] = &[
            ("", NumberError::Empty),
            ("   ", NumberError::Empty),
            ("abc", NumberError::NotANumber("abc".into())),
            ("NaN", NumberError::NotANumber("NaN".into())),
            ("inf", NumberError::NotANumber("inf".into())),
            ("-7B", NumberError::Negative),
            ("−7B", NumberError::Negative),
            ("0", NumberError::Zero),
            ("0B", NumberError::Zero),
            ("1e24", NumberError::TooLarge),
            ("1000000T", NumberError::TooLarge),
            ("1e99999999999", NumberError::TooLarge),
            ("99999999999999999999999999999999999999999999", NumberError::TooLarge),
            ("7Q", NumberError::UnknownUnit("Q".into())),
            ("7B!", NumberError::NotANumber("7B!".into())),
            ("7,00,0", NumberError::BadGrouping("7,00,0".into())),
            ("1.2.3", NumberError::BadGrouping("1.2.3".into())),
            ("7", NumberError::MissingUnit(7)),
            ("70", NumberError::MissingUnit(70)),
        ];
        for (text, expected) in cases {
            assert_eq!(&params_err(text), expected, "{text}");
        }
    }

    #[test]
    fn only_typing_states_are_incomplete() {
        assert!(params_err("").is_incomplete());
        assert!(params_err("7").is_incomplete());
        assert!(!params_err("abc").is_incomplete());
        assert!(!params_err("1e24").is_incomplete());
    }

    #[test]
    fn just_above_and_below_the_limit() {
        assert_eq!(params("1000T"), MAX_PARAMS);
        assert_eq!(params_err("1000.001T"), NumberError::TooLarge);
        assert_eq!(params_err("1e-9"), NumberError::Zero);
    }

    #[test]
    fn factors_parse_to_thousandths() {
        let ok = |t| parse_factor_thousandths(t, NumberStyle::Point, 1_000, 10_000);
        let out_of_range = NumberError::OutOfRange { min_thousandths: 1_000, max_thousandths: 10_000 };
        assert_eq!(ok("2"), Ok(2_000));
        assert_eq!(ok("1.2"), Ok(1_200));
        assert_eq!(ok("1,2"), Ok(1_200));
        assert_eq!(ok("×2"), Ok(2_000));
        assert_eq!(ok("2x"), Ok(2_000));
        assert_eq!(ok("1.0005"), Ok(1_001));
        assert_eq!(ok("0.5"), Err(out_of_range.clone()));
        assert_eq!(ok("11"), Err(out_of_range.clone()));
        assert_eq!(ok("1e300"), Err(out_of_range.clone()));
        assert_eq!(ok("2B"), Err(NumberError::NotANumber("2B".into())));
        assert_eq!(ok("-2"), Err(NumberError::Negative));
        assert_eq!(out_of_range.to_string(), "Must be between 1 and 10.");
        assert_eq!(ok("NaN"), Err(NumberError::NotANumber("NaN".into())));
        assert_eq!(ok(""), Err(NumberError::Empty));
    }

    #[test]
    fn tokens_counts_and_memory() {
        let tokens = |t| parse_tokens(t, NumberStyle::Point, 10_000_000);
        assert_eq!(tokens("4096"), Ok(Tokens(4_096)));
        assert_eq!(tokens("8k"), Ok(Tokens(8_192)));
        assert_eq!(tokens("128K"), Ok(Tokens(131_072)));
        assert_eq!(tokens("32,768"), Ok(Tokens(32_768)));
        assert_eq!(tokens("0"), Err(NumberError::Zero));
        assert_eq!(tokens("1e9"), Err(NumberError::AboveMax(10_000_000)));
        assert_eq!(NumberError::AboveMax(10_000_000).message(Lang::En), "At most 10,000,000.");
        assert_eq!(tokens("8q"), Err(NumberError::UnknownUnit("q".into())));
        assert_eq!(parse_count("8", 100), Ok(8));
        assert_eq!(parse_count("1.5", 100), Err(NumberError::NotANumber("1.5".into())));
        assert_eq!(parse_count("101", 100), Err(NumberError::AboveMax(100)));
        assert_eq!(parse_count("-1", 100), Err(NumberError::Negative));
    }

    #[test]
    fn formats_gb_and_gib() {
        let cases: &[(u64, &str, &str)] = &[
            (28_000_000_000, "28 GB", "26.08 GiB"),
            (70_000_000_000, "70 GB", "65.19 GiB"),
            (1_400_000_000_000, "1,400 GB", "1,303.85 GiB"),
            (30_500_000_000, "30.5 GB", "28.41 GiB"),
            (125_000_000, "0.125 GB", "0.116 GiB"),
            (GIB, "1.07 GB", "1 GiB"),
            (0, "0 GB", "0 GiB"),
        ];
        for &(bytes, gb, gib) in cases {
            assert_eq!(Bytes(bytes).to_gb_string(NumberStyle::Point), gb);
            assert_eq!(Bytes(bytes).to_gib_string(NumberStyle::Point), gib);
        }
        assert_eq!(Bytes(1_400_500_000_000).to_gb_string(NumberStyle::Comma), "1.400,5 GB");
    }

    #[test]
    fn units_switch_and_name_themselves() {
        let b = Bytes(28_000_000_000);
        assert_eq!(b.to_unit_string(Unit::Gb, NumberStyle::Point), "28 GB");
        assert_eq!(b.to_unit_string(Unit::Gib, NumberStyle::Point), "26.08 GiB");
        assert_eq!(Unit::from_name("GiB"), Some(Unit::Gib));
        assert_eq!(Unit::from_name(Unit::Gb.name()), Some(Unit::Gb));
        assert_eq!(Unit::from_name("tb"), None);
        assert_eq!(Unit::Gb.other(), Unit::Gib);
    }

    #[test]
    fn floats_without_float_formatting() {
        let cases = [(0.84, 2, "0.84"), (17.39, 0, "17"), (48.0, 1, "48"), (1_234.5, 1, "1,234.5"), (-3.0, 2, "0"), (f64::NAN, 2, "0")];
        for (x, decimals, text) in cases {
            assert_eq!(format_float(x, decimals, NumberStyle::Point), text, "{x}");
        }
    }

    #[test]
    fn short_sizes_and_contexts() {
        let sizes = [(8_030_261_248u64, "8.03B"), (124_439_808, "124M"), (70_553_706_496, "70.6B"), (671_026_404_352, "671B"), (1_500_000_000_000, "1.5T"), (999, "999")];
        for (n, text) in sizes {
            assert_eq!(Params(n).to_short(NumberStyle::Point), text);
        }
        assert_eq!(Tokens(131_072).to_short(NumberStyle::Point), "128k");
        assert_eq!(Tokens(2_047).to_short(NumberStyle::Point), "2,047");
    }

    #[test]
    fn params_in_words() {
        let cases: &[(u64, &str)] = &[
            (7_000_000_000, "7 billion"),
            (1_500_000_000_000, "1.5 trillion"),
            (350_000_000, "350 million"),
            (7_241_732_096, "7.242 billion"),
            (1_000, "1 thousand"),
            (999, "999"),
        ];
        for &(n, words) in cases {
            assert_eq!(Params(n).to_words(NumberStyle::Point), words);
        }
        assert_eq!(Params(6_700_000_000).to_words(NumberStyle::Comma), "6,7 milyar");
    }
}

/// Counts and sizes are plain numbers in the JSON.
macro_rules! number_json {
    ($($unit:ty),*) => {
        $(impl crate::core::to_json::ToJson for $unit {
            fn to_json(&self, json: &mut crate::core::to_json::Json) {
                self.0.to_json(json);
            }
        })*
    };
}
number_json!(Params, Tokens, Bytes);
