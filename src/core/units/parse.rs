//! Reading what people type: parameter counts (`7B`, `6,7B`, `6.7e9`), token counts (`8k`),
//! plain counts and decimal factors, in either number style, exactly (integer arithmetic).

use super::{NumberError, NumberStyle, Params, Tokens, MAX_PARAMS};

/// Parameter counts below this, typed without a unit, are almost certainly a missing "B" or "M".
const BARE_COUNT_HINT_BELOW: u64 = 1_000;

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
    let count = decimal.to_integer(19).ok_or(NumberError::AboveMax(max))?.saturating_mul(multiplier);
    if count == 0 {
        return Err(NumberError::Zero);
    }
    if count > u128::from(max) {
        return Err(NumberError::AboveMax(max));
    }
    Ok(Tokens(count as u64))
}

/// Parses a whole count (batch size, GPUs, LoRA rank) from 1 to `max`.
pub fn parse_count(text: &str, max: u64) -> Result<u64, NumberError> {
    let (decimal, unit) = parse_decimal(text, NumberStyle::Point)?;
    if !unit.is_empty() || decimal.exponent < 0 && decimal.mantissa % 10u128.pow((-decimal.exponent).min(38) as u32) != 0 {
        return Err(NumberError::NotANumber(text.trim().to_string()));
    }
    let count = decimal.to_integer(19).ok_or(NumberError::AboveMax(max))?;
    if count == 0 {
        return Err(NumberError::Zero);
    }
    if count > u128::from(max) {
        return Err(NumberError::AboveMax(max));
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
