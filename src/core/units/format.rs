//! Showing numbers: sizes in GB or GiB, ratios and floats with the language's separators,
//! thousands grouping. Bytes are formatted here and nowhere else.

use super::{Bytes, NumberStyle, Params, Tokens, Unit, GB, GIB};
use crate::core::i18n::{Key, Lang};

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
