//! The computer a model runs on: its GPUs (which may differ), system RAM and that RAM's
//! bandwidth, and for unified-memory machines the share of memory the GPU may use.

use std::fmt;

use crate::core::catalogue::gpus::Gpu;
use crate::core::units::{Bytes, GIB};

/// Whether this build places models on whole machines (RAM offload, mixed GPUs, the machine's
/// solvers and commands). The CLI and the tests always do; the page leaves it out (built
/// without default features, index.html) until its download budget has room for it: the
/// placement costs the page ~9 KB gzipped and the page stands at its 300 KB limit (issue 16).
pub const MACHINE: bool = cfg!(feature = "machine");

/// A system-memory generation, with the transfer rates its modules are sold at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RamKind {
    Ddr3,
    Ddr4,
    Ddr5,
    Lpddr4x,
    Lpddr5,
    Lpddr5x,
}

impl RamKind {
    const ALL: [RamKind; 6] = [RamKind::Ddr3, RamKind::Ddr4, RamKind::Ddr5, RamKind::Lpddr4x, RamKind::Lpddr5, RamKind::Lpddr5x];

    /// The name links and the CLI use (`ddr5`).
    pub fn name(self) -> &'static str {
        match self {
            RamKind::Ddr3 => "ddr3",
            RamKind::Ddr4 => "ddr4",
            RamKind::Ddr5 => "ddr5",
            RamKind::Lpddr4x => "lpddr4x",
            RamKind::Lpddr5 => "lpddr5",
            RamKind::Lpddr5x => "lpddr5x",
        }
    }

    /// MT/s from the slowest JEDEC grade to the fastest sold overclocked kits (JESD79-3/-4/-5,
    /// JESD209-4/-5; DDR5-9600 and LPDDR5X-10700 are the top grades in 2026).
    fn rates(self) -> (u64, u64) {
        match self {
            RamKind::Ddr3 => (800, 2_400),
            RamKind::Ddr4 => (1_600, 5_333),
            RamKind::Ddr5 => (3_200, 9_600),
            RamKind::Lpddr4x => (3_200, 4_266),
            RamKind::Lpddr5 => (4_800, 6_400),
            RamKind::Lpddr5x => (6_400, 10_700),
        }
    }
}

/// System RAM as sold: `ddr5-6000x2` is DDR5 at 6,000 MT/s on two 64-bit channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RamType {
    /// The generation.
    pub kind: RamKind,
    /// Transfers per second, millions.
    pub mts: u64,
    /// 64-bit channels (a desktop has 2, Threadripper 4–8, EPYC 8–12).
    pub channels: u64,
}

/// A RAM type that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RamTypeError {
    /// Not `TYPE-RATE[xCHANNELS]` at all.
    Shape(String),
    /// A generation that does not exist.
    UnknownKind(String),
    /// A rate the generation is not sold at: (rate, lowest, highest).
    Rate(u64, u64, u64),
    /// Channels outside 1–16.
    Channels(u64),
}

impl fmt::Display for RamTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RamTypeError::Shape(text) => write!(f, "“{text}” is not a RAM type; write it as ddr5-6000x2 (type, MT/s, channels)"),
            RamTypeError::UnknownKind(kind) => {
                let names: Vec<&str> = RamKind::ALL.iter().map(|k| k.name()).collect();
                write!(f, "“{kind}” is not a RAM type; use {}", names.join(", "))
            }
            RamTypeError::Rate(rate, low, high) => write!(f, "{rate} MT/s is not a speed this RAM is sold at ({low}–{high})"),
            RamTypeError::Channels(n) => write!(f, "{n} memory channels: use 1 to 16"),
        }
    }
}

impl std::error::Error for RamTypeError {}

impl RamType {
    /// Reads `ddr5-6000x2`, `DDR4-3200` (two channels) or `lpddr5x-8000x4`.
    pub fn parse(text: &str) -> Result<RamType, RamTypeError> {
        let lower = text.trim().to_ascii_lowercase();
        let shape = || RamTypeError::Shape(text.trim().into());
        let (kind, rest) = lower.split_once('-').ok_or_else(shape)?;
        let kind = RamKind::ALL.into_iter().find(|k| k.name() == kind).ok_or_else(|| RamTypeError::UnknownKind(kind.into()))?;
        let (rate, channels) = rest.split_once('x').unwrap_or((rest, "2"));
        let number = |s: &str| s.parse::<u64>().ok().filter(|_| !s.is_empty() && s.len() <= 6).ok_or_else(shape);
        let (mts, channels) = (number(rate)?, number(channels)?);
        let (low, high) = kind.rates();
        if !(low..=high).contains(&mts) {
            return Err(RamTypeError::Rate(mts, low, high));
        }
        if !(1..=16).contains(&channels) {
            return Err(RamTypeError::Channels(channels));
        }
        Ok(RamType { kind, mts, channels })
    }

    /// Peak bandwidth in GB/s: MT/s × 8 bytes per 64-bit channel × channels (DDR5's two 32-bit
    /// subchannels per DIMM make the same 64 bits).
    pub fn bandwidth_gbps(&self) -> f64 {
        (self.mts * 8 * self.channels) as f64 / 1_000.0
    }
}

/// The RAM an operating system keeps for itself: Windows 11 requires 4 GB
/// (https://www.microsoft.com/en-us/windows/windows-11-specifications); a desktop Linux or
/// macOS session uses about as much.
pub const OS_RAM: Bytes = Bytes(4_000_000_000);

/// System RAM from 8 GB (anything less leaves nothing beside the OS) to 16 TB.
pub const RAM_RANGE_GB: (u64, u64) = (8, 16_000);

/// One machine.
#[derive(Clone, Debug, PartialEq)]
pub struct Machine {
    /// Every GPU, one entry each (an RTX 4090 and two RTX 3090s are three entries).
    pub gpus: Vec<Gpu>,
    /// System RAM; `None` when not given (then nothing is offloaded).
    pub ram: Option<Bytes>,
    /// The RAM's bandwidth, GB/s.
    pub ram_bandwidth_gbps: f64,
}

/// Dual-channel DDR5-5600, the most common desktop memory of 2025–2026, when no RAM type is given.
pub const DEFAULT_RAM: RamType = RamType { kind: RamKind::Ddr5, mts: 5_600, channels: 2 };

impl Machine {
    /// RAM left for the model's CPU part: the RAM minus what the OS keeps, and on a
    /// unified-memory machine minus what the GPU may take.
    pub fn ram_for_model(&self) -> Bytes {
        let ram = self.ram.map_or(0, |r| r.0).saturating_sub(OS_RAM.0);
        let gpu_share: u64 = self.gpus.iter().filter(|g| g.unified).map(|g| g.usable_bytes).sum();
        Bytes(ram.saturating_sub(gpu_share))
    }

    /// Whether the memory is shared between CPU and GPU (nothing gains from offloading).
    pub fn unified(&self) -> bool {
        self.gpus.iter().any(|g| g.unified)
    }
}

/// Where a unified-memory machine's GPU share comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnifiedRule {
    /// macOS's Metal working-set limit (`recommendedMaxWorkingSetSize`).
    MacOs,
    /// The share the catalogue row gives for its own memory size (Strix Halo's GTT, DGX Spark's
    /// CUDA pool, Jetson), applied to this memory size.
    RowShare,
    /// The user's own limit (`iogpu.wired_limit_mb` on macOS, `ttm.pages_limit` on Linux).
    Override,
}

/// The memory a unified-memory GPU may use in a machine with `memory` bytes.
///
/// macOS: `recommendedMaxWorkingSetSize` is 2/3 of RAM up to 36 GB and 3/4 above, as llama.cpp
/// logged on M1 16 GB, M2 Max 32 GB and M2 Max 96 GB (docs/reference/offload.md §3a; macOS 26
/// allowed 0.84 on 128 GB machines, so this errs low there). Other platforms keep the share
/// their catalogue row has (its `usable_source`). `override_mib` (macOS
/// `iogpu.wired_limit_mb`) replaces either, capped at the memory itself.
pub fn unified_share(gpu: &Gpu, memory: Bytes, override_mib: Option<u64>) -> (Bytes, UnifiedRule) {
    if let Some(mib) = override_mib {
        return (Bytes(mib.saturating_mul(1 << 20).min(memory.0)), UnifiedRule::Override);
    }
    if gpu.vendor == "Apple" {
        let share = if memory.0 <= 36 * GIB { memory.0 / 3 * 2 } else { memory.0 / 4 * 3 };
        return (Bytes(share), UnifiedRule::MacOs);
    }
    let row_memory = (gpu.memory_gb * GIB as f64) as u64;
    let share = u128::from(memory.0) * u128::from(gpu.usable_bytes) / u128::from(row_memory.max(1));
    (Bytes(u64::try_from(share).unwrap_or(u64::MAX).min(memory.0)), UnifiedRule::RowShare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ram_types_read_as_sold() {
        let ddr5 = RamType::parse("DDR5-6000x2").expect("valid");
        assert_eq!(ddr5, RamType { kind: RamKind::Ddr5, mts: 6_000, channels: 2 });
        // DDR5-6000 dual channel: 96 GB/s, as AMD and Intel state for their desktop platforms.
        assert_eq!(ddr5.bandwidth_gbps(), 96.0);
        assert_eq!(RamType::parse("ddr4-3200").map(|r| r.bandwidth_gbps()), Ok(51.2));
        assert_eq!(RamType::parse("ddr4-3200x8").map(|r| r.bandwidth_gbps()), Ok(204.8), "EPYC 7003: 204.8 GB/s per socket");
        assert!(matches!(RamType::parse("ddr6-6000"), Err(RamTypeError::UnknownKind(_))));
        assert!(matches!(RamType::parse("ddr5-60000"), Err(RamTypeError::Rate(..))));
        assert!(matches!(RamType::parse("ddr5-6000x0"), Err(RamTypeError::Channels(0))));
        assert!(matches!(RamType::parse("fast"), Err(RamTypeError::Shape(_))));
        assert!(matches!(RamType::parse("ddr5-"), Err(RamTypeError::Shape(_))));
    }
}
