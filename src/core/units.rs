//! Units: parameter counts and byte counts, how people type them, and how they are shown.
//!
//! Everything is integer arithmetic. A decimal the user typed ("6.7e9", "1.5T") becomes an exact
//! integer, never a float that turns 6.7e9 into 6,699,999,999. Bytes are formatted here and
//! nowhere else.

use serde::Serialize;
use std::fmt;
use crate::core::i18n::{Key, Lang};

/// A number of model parameters (weights).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Params(pub u64);

/// A number of tokens (context length, KV capacity).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Tokens(pub u64);

/// A number of bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Bytes(pub u64);

/// The largest parameter count accepted: 10¹⁵ (a thousand trillion). The largest published models
/// are around 2 × 10¹² parameters; anything beyond this bound is a typo, not a model.
pub const MAX_PARAMS: u64 = 1_000_000_000_000_000;

/// Parameter counts below this, typed without a unit, are almost certainly a missing "B" or "M".
const BARE_COUNT_HINT_BELOW: u64 = 1_000;

/// One gigabyte: 10⁹ bytes (SI, as GPU vendors and the seed article use it).
pub const GB: u64 = 1_000_000_000;
/// One gibibyte: 2³⁰ bytes (what nvidia-smi and most runtimes print as "GiB"/"MiB").
pub const GIB: u64 = 1 << 30;

/// The unit the page shows sizes in: GB (10⁹ bytes) or GiB (2³⁰ bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    #[default]
    Gb,
    Gib,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Gb => "gb",
            Unit::Gib => "gib",
        }
    }

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
    /// A plain count under a thousand: probably "7" meant "7B". Not an error to shout about
    /// while the user is still typing, so the page shows it as a hint.
    MissingUnit(u64),
    /// A factor outside the range the field accepts (bounds in thousandths).
    OutOfRange { min_thousandths: u32, max_thousandths: u32 },
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
            NumberError::MissingUnit(n) => lang.fill(Key::NumberErrorMissingUnit, &[&n.to_string()]),
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

/// A decimal number as typed: `mantissa × 10^exponent`, exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Decimal {
    mantissa: u128,
    exponent: i32,
}

/// Significant digits kept from what was typed; more cannot change a count below 10¹⁶.
const MAX_SIGNIFICANT_DIGITS: usize = 30;

impl Decimal {
    /// The value rounded half-up to an integer, or `None` when it is at least 10^`max_digits`.
    fn to_integer(self, max_digits: i32) -> Option<u128> {
        let digits = decimal_digits(self.mantissa) as i32;
        if self.mantissa == 0 {
            return Some(0);
        }
        if digits + self.exponent > max_digits {
            return None;
        }
        if self.exponent >= 0 {
            Some(self.mantissa * 10u128.pow(self.exponent as u32))
        } else if -self.exponent > 38 {
            Some(0)
        } else {
            let divisor = 10u128.pow((-self.exponent) as u32);
            Some((self.mantissa + divisor / 2) / divisor)
        }
    }
}

fn decimal_digits(mut n: u128) -> usize {
    let mut digits = 1;
    while n >= 10 {
        n /= 10;
        digits += 1;
    }
    digits
}

/// Splits `text` (already without spaces) into the numeric part and whatever follows it.
/// The numeric part is digits and separators, then an optional exponent (`e9`, `E+9`, `e-3`).
fn split_number(text: &str) -> (&str, Option<&str>, &str) {
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.' || bytes[end] == b',') {
        end += 1;
    }
    let mantissa = &text[..end];
    // An exponent needs at least one digit after `e` and an optional sign.
    if end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
        let mut cursor = end + 1;
        if cursor < bytes.len() && (bytes[cursor] == b'+' || bytes[cursor] == b'-') {
            cursor += 1;
        }
        let digits_start = cursor;
        while cursor < bytes.len() && bytes[cursor].is_ascii_digit() {
            cursor += 1;
        }
        if cursor > digits_start {
            return (mantissa, Some(&text[end + 1..cursor]), &text[cursor..]);
        }
    }
    (mantissa, None, &text[end..])
}

/// True when `digits` separated by `separator` are valid thousands groups: a first group of one
/// to three digits, then groups of exactly three ("7,000,000").
fn is_thousands_grouping(digits: &str, separator: char) -> bool {
    let mut groups = digits.split(separator);
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

/// Decides which separator in `mantissa` is the decimal mark and returns (integer digits,
/// fraction digits), both digits only.
///
/// With both `.` and `,` present, the last one is the decimal mark. With only one kind: the
/// language's grouping character is grouping when the groups are well formed, and a decimal mark
/// when it appears once; the language's decimal character is a decimal mark when it appears once.
/// So "6,7B" is 6.7 billion in either language, and "7,000" is 7000 in English but 7 in Turkish.
fn resolve_separators(mantissa: &str, style: NumberStyle) -> Result<(String, String), NumberError> {
    let commas = mantissa.matches(',').count();
    let dots = mantissa.matches('.').count();
    let bad_grouping = || NumberError::BadGrouping(mantissa.to_string());
    let split_at_decimal = |decimal: char, grouping: Option<char>| {
        let (int, frac) = mantissa.split_once(decimal).unwrap_or((mantissa, ""));
        if let Some(grouping) = grouping {
            if int.contains(grouping) && !is_thousands_grouping(int, grouping) {
                return Err(bad_grouping());
            }
        }
        if frac.contains(['.', ',']) {
            return Err(bad_grouping());
        }
        Ok((int.replace([',', '.'], ""), frac.to_string()))
    };
    match (commas, dots) {
        (0, 0) => Ok((mantissa.to_string(), String::new())),
        (_, 0) | (0, _) => {
            let separator = if commas > 0 { ',' } else { '.' };
            let count = commas + dots;
            let grouped = is_thousands_grouping(mantissa, separator);
            let as_grouping = if separator == style.grouping_char() {
                grouped
            } else {
                count > 1 && grouped
            };
            if as_grouping {
                Ok((mantissa.replace(separator, ""), String::new()))
            } else if count == 1 {
                split_at_decimal(separator, None)
            } else {
                Err(bad_grouping())
            }
        }
        _ => {
            let last_comma = mantissa.rfind(',').unwrap_or(0);
            let last_dot = mantissa.rfind('.').unwrap_or(0);
            let (decimal, grouping) = if last_comma > last_dot { (',', '.') } else { ('.', ',') };
            split_at_decimal(decimal, Some(grouping))
        }
    }
}

/// Parses a positive decimal: digits with thousands separators and one decimal mark, and an
/// optional exponent. Returns the number and the text after it (a unit, for the caller).
fn parse_decimal(text: &str, style: NumberStyle) -> Result<(Decimal, String), NumberError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '_').collect();
    if compact.is_empty() {
        return Err(NumberError::Empty);
    }
    if compact.starts_with(['-', '−']) {
        return Err(NumberError::Negative);
    }
    let unsigned = compact.strip_prefix('+').unwrap_or(&compact);
    let (mantissa, exponent, rest) = split_number(unsigned);
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber(text.trim().to_string()));
    }
    let (int, frac) = resolve_separators(mantissa, style)?;
    let exponent: i32 = match exponent {
        None => 0,
        // Exponents beyond ±9999 are absurd either way; clamp so the magnitude check decides.
        Some(e) => e.parse::<i32>().unwrap_or(if e.starts_with('-') { -9999 } else { 9999 }),
    }
    .clamp(-9999, 9999);
    let all_digits = format!("{int}{frac}");
    let significant = all_digits.trim_start_matches('0');
    let kept = &significant[..significant.len().min(MAX_SIGNIFICANT_DIGITS)];
    let dropped = (significant.len() - kept.len()) as i32;
    let mantissa: u128 = if kept.is_empty() {
        0
    } else {
        kept.parse().map_err(|_| NumberError::NotANumber(text.trim().to_string()))?
    };
    let decimal = Decimal { mantissa, exponent: exponent + dropped - frac.len() as i32 };
    Ok((decimal, rest.to_string()))
}

/// Powers of ten for the unit words people put after a parameter count, in English and Turkish.
/// A trailing "params"/"parameters" is allowed and ignored.
fn unit_power(unit: &str) -> Option<i32> {
    // The unit words are ASCII in both languages; ASCII case folding keeps Unicode's case tables
    // out of the page.
    let unit = unit.to_ascii_lowercase();
    let unit = ["parameters", "parameter", "parametre", "params", "param"]
        .iter()
        .find_map(|word| unit.strip_suffix(word))
        .unwrap_or(&unit);
    match unit {
        "" => Some(0),
        "k" | "thousand" | "bin" => Some(3),
        "m" | "mn" | "million" | "milyon" => Some(6),
        "b" | "bn" | "g" | "billion" | "milyar" | "mlr" => Some(9),
        "t" | "tn" | "trillion" | "trilyon" => Some(12),
        _ => None,
    }
}

/// Parses a parameter count as people type it: `7B`, `7 b`, `1.5T`, `350M`, `6.7e9`,
/// `7000000000`, `7,000,000,000`, and with [`NumberStyle::Comma`] also `6,7B` and `7.000.000.000`.
/// The result is exact (rounded half-up to a whole parameter) and between 1,000 and [`MAX_PARAMS`].
pub fn parse_params(text: &str, style: NumberStyle) -> Result<Params, NumberError> {
    let (decimal, unit) = parse_decimal(text, style)?;
    let power = unit_power(&unit).ok_or_else(|| {
        if unit.chars().all(|c| c.is_ascii_alphabetic()) {
            NumberError::UnknownUnit(unit.clone())
        } else {
            NumberError::NotANumber(text.trim().to_string())
        }
    })?;
    let scaled = Decimal { exponent: decimal.exponent + power, ..decimal };
    let count = scaled.to_integer(16).ok_or(NumberError::TooLarge)?;
    if count == 0 {
        return Err(NumberError::Zero);
    }
    if count > u128::from(MAX_PARAMS) {
        return Err(NumberError::TooLarge);
    }
    let count = count as u64;
    if power == 0 && count < BARE_COUNT_HINT_BELOW {
        return Err(NumberError::MissingUnit(count));
    }
    Ok(Params(count))
}

/// Parses a context length: `4096`, `32,768`, or with `k` for ×1024 as context sizes are
/// quoted (`8k` = 8192, `128K` = 131072). At most `max` tokens.
pub fn parse_tokens(text: &str, style: NumberStyle, max: u64) -> Result<Tokens, NumberError> {
    let (decimal, unit) = parse_decimal(text, style)?;
    let multiplier: u128 = match unit.to_ascii_lowercase().as_str() {
        "" | "tokens" | "tok" => 1,
        "k" => 1_024,
        _ if unit.chars().all(|c| c.is_ascii_alphabetic()) => return Err(NumberError::UnknownUnit(unit)),
        _ => return Err(NumberError::NotANumber(text.trim().to_string())),
    };
    let count = decimal.to_integer(19).ok_or(NumberError::TooLarge)?.saturating_mul(multiplier);
    if count == 0 {
        return Err(NumberError::Zero);
    }
    if count > u128::from(max) {
        return Err(NumberError::TooLarge);
    }
    Ok(Tokens(count as u64))
}

/// Parses a whole count (batch size, GPUs, LoRA rank) from 1 to `max`.
pub fn parse_count(text: &str, max: u64) -> Result<u64, NumberError> {
    let (decimal, unit) = parse_decimal(text, NumberStyle::Point)?;
    if !unit.is_empty() || decimal.exponent < 0 && decimal.mantissa % 10u128.pow((-decimal.exponent).min(38) as u32) != 0 {
        return Err(NumberError::NotANumber(text.trim().to_string()));
    }
    let count = decimal.to_integer(19).ok_or(NumberError::TooLarge)?;
    if count == 0 {
        return Err(NumberError::Zero);
    }
    if count > u128::from(max) {
        return Err(NumberError::TooLarge);
    }
    Ok(count as u64)
}

/// Parses a positive decimal factor ("2", "1.2", "1,2", "×2", "2x") into thousandths, exact,
/// checked against `min..=max` thousandths.
pub fn parse_factor_thousandths(
    text: &str,
    style: NumberStyle,
    min: u32,
    max: u32,
) -> Result<u32, NumberError> {
    let trimmed = text.trim();
    let without_times = trimmed
        .strip_prefix(['×', 'x', 'X'])
        .or_else(|| trimmed.strip_suffix(['×', 'x', 'X']))
        .unwrap_or(trimmed);
    let (decimal, rest) = parse_decimal(without_times, style)?;
    if !rest.is_empty() {
        return Err(NumberError::NotANumber(trimmed.to_string()));
    }
    let range = || NumberError::OutOfRange { min_thousandths: min, max_thousandths: max };
    let scaled = Decimal { exponent: decimal.exponent + 3, ..decimal };
    let thousandths = scaled.to_integer(12).ok_or_else(range)?;
    if thousandths < u128::from(min) || thousandths > u128::from(max) {
        return Err(range());
    }
    Ok(thousandths as u32)
}

/// Formats `numerator / denominator` with at most `max_decimals` decimals (rounded half-up,
/// trailing zeros dropped) and thousands grouping: `28`, `26.08`, `1,400`, `0.5`.
pub fn format_ratio(numerator: u128, denominator: u128, max_decimals: u32, style: NumberStyle) -> String {
    let scale = 10u128.pow(max_decimals);
    let scaled = (numerator * scale + denominator / 2) / denominator;
    let (int, mut frac) = (scaled / scale, scaled % scale);
    let mut decimals = max_decimals;
    while decimals > 0 && frac % 10 == 0 {
        frac /= 10;
        decimals -= 1;
    }
    let mut out = group_thousands(int, style);
    if decimals > 0 {
        out.push(style.decimal_char());
        out.push_str(&format!("{frac:0width$}", width = decimals as usize));
    }
    out
}

/// Formats a non-negative float with at most `max_decimals` decimals through integer
/// arithmetic (so the page does not carry `core::fmt`'s float formatting): `0.84`, `17`, `48`.
/// Negative, NaN or infinite values format as `0`.
pub fn format_float(x: f64, max_decimals: u32, style: NumberStyle) -> String {
    let scale = 10u128.pow(max_decimals);
    let scaled = if x.is_finite() && x > 0.0 { (x * scale as f64).round() as u128 } else { 0 };
    format_ratio(scaled, scale, max_decimals, style)
}

/// Formats an integer with thousands separators: `7,000,000,000` (or `7.000.000.000`).
pub fn group_thousands(n: u128, style: NumberStyle) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(style.grouping_char());
        }
        out.push(c);
    }
    out
}

/// Decimals that show a quantity `numerator / denominator` to at least three significant digits
/// when it is below one, and to hundredths otherwise (28 GB, 26.08 GiB, 0.125 GB, 0.0000028 GB).
fn decimals_for(numerator: u128, denominator: u128) -> u32 {
    let mut decimals = 2;
    while decimals < 12 && numerator * 10u128.pow(decimals) < denominator * 100 {
        decimals += 1;
    }
    decimals
}

/// Bytes per parameter for `bits` per parameter, with its unit: `2 bytes`, `1 byte`, `0.5 bytes`.
pub fn bytes_per_param_text(bits: u32, style: NumberStyle) -> String {
    let unit = Lang::of(style).text(if bits == 8 { Key::WordByte } else { Key::WordBytes });
    format!("{} {unit}", format_ratio(bits.into(), 8, 3, style))
}

impl Bytes {
    /// The size in gigabytes (10⁹ bytes) with its unit: `28 GB`.
    pub fn to_gb_string(self, style: NumberStyle) -> String {
        format!("{} GB", self.format_in(GB, style))
    }

    /// The size in gibibytes (2³⁰ bytes) with its unit: `26.08 GiB`.
    pub fn to_gib_string(self, style: NumberStyle) -> String {
        format!("{} GiB", self.format_in(GIB, style))
    }

    /// A headroom (negative: short by that much) in `unit` with its sign: `+5.2 GB`, `−1.3 GB`.
    pub fn signed_unit_string(bytes: i64, unit: Unit, style: NumberStyle) -> String {
        let sign = if bytes < 0 { "−" } else { "+" };
        format!("{sign}{}", Bytes(bytes.unsigned_abs()).to_unit_string(unit, style))
    }

    /// The size in `unit`: `28 GB` or `26.08 GiB`.
    pub fn to_unit_string(self, unit: Unit, style: NumberStyle) -> String {
        match unit {
            Unit::Gb => self.to_gb_string(style),
            Unit::Gib => self.to_gib_string(style),
        }
    }

    fn format_in(self, unit: u64, style: NumberStyle) -> String {
        let (n, d) = (u128::from(self.0), u128::from(unit));
        format_ratio(n, d, decimals_for(n, d), style)
    }
}

impl Tokens {
    /// A context length as model cards write it: `128k` for 131,072, `8k`, else `2,047`.
    pub fn to_short(self, style: NumberStyle) -> String {
        if self.0 >= 1_024 && self.0.is_multiple_of(1_024) {
            format!("{}k", self.0 / 1_024)
        } else {
            group_thousands(self.0.into(), style)
        }
    }
}

impl Params {
    /// A size as model names write it: `8.03B`, `124M`, `1.5T` (three significant digits).
    pub fn to_short(self, style: NumberStyle) -> String {
        const SCALES: [(u64, &str); 4] = [(1_000_000_000_000, "T"), (1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")];
        match SCALES.iter().find(|(scale, _)| self.0 >= *scale) {
            Some((scale, unit)) => {
                let whole = self.0 / scale;
                let decimals = if whole >= 100 { 0 } else if whole >= 10 { 1 } else { 2 };
                format!("{}{unit}", format_ratio(self.0.into(), (*scale).into(), decimals, style))
            }
            None => self.0.to_string(),
        }
    }

    /// The count in words as the seed article writes it, in the language of `style`: `7 billion`
    /// (`7 milyar`), `1.5 trillion`,
    /// `350 million`, `7.242 billion` (at most three decimals).
    pub fn to_words(self, style: NumberStyle) -> String {
        const SCALES: [(u64, Key); 4] = [
            (1_000_000_000_000, Key::WordTrillion),
            (1_000_000_000, Key::WordBillion),
            (1_000_000, Key::WordMillion),
            (1_000, Key::WordThousand),
        ];
        match SCALES.iter().find(|(scale, _)| self.0 >= *scale) {
            Some((scale, word)) => {
                format!("{} {}", format_ratio(self.0.into(), (*scale).into(), 3, style), Lang::of(style).text(*word))
            }
            None => group_thousands(self.0.into(), style),
        }
    }
}

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
        assert_eq!(tokens("1e9"), Err(NumberError::TooLarge));
        assert_eq!(tokens("8q"), Err(NumberError::UnknownUnit("q".into())));
        assert_eq!(parse_count("8", 100), Ok(8));
        assert_eq!(parse_count("1.5", 100), Err(NumberError::NotANumber("1.5".into())));
        assert_eq!(parse_count("101", 100), Err(NumberError::TooLarge));
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
