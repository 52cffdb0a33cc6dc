//! Text → typed values for the inputs that the page's fields, share links and the CLI's flags
//! have in common: one set of bounds and one set of messages for all three.

use crate::core::estimate::MAX_GPUS;
use crate::core::units::{parse_count, parse_factor_thousandths, Bytes, NumberError, NumberStyle};

/// How many GPUs: 1 to [`MAX_GPUS`].
pub fn gpu_count(text: &str) -> Result<u64, NumberError> {
    parse_count(text, MAX_GPUS)
}

/// GB kept free per GPU for the display and other processes: 0 to 1,000 GB.
pub fn reserve(text: &str, style: NumberStyle) -> Result<Bytes, NumberError> {
    parse_factor_thousandths(text, style, 0, 1_000_000).map(|gb| Bytes(u64::from(gb) * 1_000_000))
}

/// The speed estimate's bandwidth efficiency, 0.05 to 1; empty keeps the calibrated default.
pub fn efficiency(text: &str, style: NumberStyle) -> Result<Option<f64>, NumberError> {
    match text.trim() {
        "" => Ok(None),
        text => parse_factor_thousandths(text, style, 50, 1_000).map(|t| Some(f64::from(t) / 1_000.0)),
    }
}

/// A custom GPU's memory in GB (10⁹ bytes, as vendors count it): 1 to 10,000 GB.
pub fn gpu_memory(text: &str, style: NumberStyle) -> Result<Bytes, NumberError> {
    parse_factor_thousandths(text, style, 1_000, 10_000_000).map(|t| Bytes(u64::from(t) * 1_000_000))
}

/// A custom GPU's memory bandwidth in GB/s: 1 to 100,000 GB/s.
pub fn bandwidth(text: &str, style: NumberStyle) -> Result<f64, NumberError> {
    parse_factor_thousandths(text, style, 1_000, 100_000_000).map(|t| f64::from(t) / 1_000.0)
}

/// A switch: on or off (`on`/`off`, `1`/`0`, `true`/`false`, `yes`/`no`).
pub fn switch(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "1" | "true" | "yes" => Some(true),
        "off" | "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_the_documented_ones() {
        let p = NumberStyle::Point;
        assert!(gpu_count("4096").is_ok() && gpu_count("4097").is_err() && gpu_count("0").is_err());
        assert_eq!(efficiency("", p), Ok(None));
        assert_eq!(efficiency("0.05", p), Ok(Some(0.05)));
        assert!(efficiency("0.049", p).is_err() && efficiency("1.01", p).is_err());
        assert_eq!(gpu_memory("24", p), Ok(Bytes(24_000_000_000)));
        assert!(gpu_memory("0.5", p).is_err() && gpu_memory("NaN", p).is_err());
        assert_eq!(bandwidth("1008", p), Ok(1008.0));
        assert_eq!(reserve("0,5", NumberStyle::Comma), Ok(Bytes(500_000_000)));
        assert_eq!((switch("Off"), switch("1"), switch("maybe")), (Some(false), Some(true), None));
    }
}
