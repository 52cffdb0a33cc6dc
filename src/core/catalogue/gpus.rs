//! The GPU catalogue (src/core/catalogue/gpus.json): memory, usable memory, bandwidth, dense
//! FP16 throughput and native formats of 74 accelerators, each row with its source and
//! confidence, plus named multi-GPU systems. build.rs makes the JSON a constant table.

use std::sync::OnceLock;

use super::{matches_query, words};
use crate::core::units::Bytes;

/// One accelerator.
#[derive(Clone, Debug, PartialEq)]
pub struct Gpu {
    /// Stable id (`rtx-4090`), used by the CLI and share URLs.
    pub id: &'static str,
    /// The product name (`GeForce RTX 4090`).
    pub name: &'static str,
    /// NVIDIA, AMD, Intel, Apple, …
    pub vendor: &'static str,
    /// consumer, workstation, datacenter, edge, apple, …
    pub category: &'static str,
    /// Memory as marketed.
    pub memory_gb: f64,
    /// What a runtime can allocate: the observed driver total where published, else derived
    /// (see `usable_source`).
    pub usable_bytes: u64,
    /// How `usable_bytes` was obtained.
    pub usable_source: &'static str,
    /// Peak memory bandwidth, decimal GB/s.
    pub bandwidth_gbps: f64,
    /// Dense FP16/BF16 matrix throughput with FP32 accumulation.
    pub fp16_tflops: Option<f64>,
    /// Native FP8, FP4 and BF16 matrix support.
    pub fp8: bool,
    /// Native FP4 matrix support.
    pub fp4: bool,
    /// Native BF16 matrix support.
    pub bf16: bool,
    /// HBM memory (decode efficiency differs from GDDR under llama.cpp).
    pub hbm: bool,
    /// Memory shared with the CPU and OS (Apple, Strix Halo, Jetson, DGX Spark).
    pub unified: bool,
    /// Architecture and launch year. Not in the page's copy (build.rs).
    pub arch: &'static str,
    /// Launch year.
    pub year: u32,
    /// How sure the row's least certain figure is (high, medium, low). Not in the page's copy.
    pub confidence: &'static str,
    /// Where the row's figures come from. Not in the page's copy (build.rs).
    pub source: &'static str,
}

impl Gpu {
    /// A GPU the user describes: all its memory usable, GDDR-class speed defaults, every format
    /// assumed native (no warnings can be known).
    pub fn custom(memory: Bytes, bandwidth_gbps: f64) -> Gpu {
        Gpu {
            id: "custom",
            name: "Custom GPU",
            vendor: "Custom",
            category: "custom",
            memory_gb: memory.0 as f64 / (1u64 << 30) as f64,
            usable_bytes: memory.0,
            usable_source: "as entered",
            bandwidth_gbps,
            fp16_tflops: None,
            fp8: true,
            fp4: true,
            bf16: true,
            hbm: false,
            unified: false,
            arch: "custom",
            year: 0,
            confidence: "as entered",
            source: "as entered",
        }
    }
}

/// A row's numbers and flags (build.rs `gpu_table` writes them beside the rows' text).
struct Figures {
    memory_gb: f64,
    usable_bytes: u64,
    bandwidth_gbps: f64,
    fp16_tflops: Option<f64>,
    fp8: bool,
    fp4: bool,
    bf16: bool,
    hbm: bool,
    unified: bool,
    year: u32,
}

include!(concat!(env!("OUT_DIR"), "/gpus.rs"));

/// One row: its text fields and its figures.
fn gpu_from((mut fields, f): (std::str::Split<'static, char>, &Figures)) -> Option<Gpu> {
    let mut next = || fields.next();
    Some(Gpu {
        id: next()?,
        name: next()?,
        vendor: next()?,
        category: next()?,
        memory_gb: f.memory_gb,
        usable_bytes: f.usable_bytes,
        usable_source: next()?,
        bandwidth_gbps: f.bandwidth_gbps,
        fp16_tflops: f.fp16_tflops,
        fp8: f.fp8,
        fp4: f.fp4,
        bf16: f.bf16,
        hbm: f.hbm,
        unified: f.unified,
        arch: next()?,
        year: f.year,
        confidence: next()?,
        source: next()?,
    })
}

/// Every GPU, in catalogue order, put together once from the embedded rows (a test guards that
/// every row reads).
pub fn gpus() -> &'static [Gpu] {
    static GPUS: OnceLock<Vec<Gpu>> = OnceLock::new();
    GPUS.get_or_init(|| super::rows(GPU_TEXT).zip(&GPU_FIGURES).filter_map(gpu_from).collect())
}

/// Each distinct value of a GPU field, in catalogue order (vendors come grouped, NVIDIA first).
pub fn distinct(field: fn(&Gpu) -> &str) -> Vec<&'static str> {
    let mut seen: Vec<&'static str> = Vec::new();
    for value in gpus().iter().map(field) {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

/// Finds a GPU by id, or by words of its name (case-insensitive, each query word the start of a
/// word of the name or id): "4090" → GeForce RTX 4090, "rtx 6000 ada", "mi300x". Among several
/// matches the catalogue's first wins.
pub fn find_gpu(query: &str) -> Option<&'static Gpu> {
    let query = query.trim();
    if let Some(gpu) = gpus().iter().find(|g| g.id.eq_ignore_ascii_case(query)) {
        return Some(gpu);
    }
    let wanted = words(query);
    if wanted.is_empty() {
        return None;
    }
    gpus().iter().find(|g| matches_query(&wanted, &[g.name, g.id]))
}

/// A named multi-GPU system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct System {
    /// Stable id (`4x-rtx-6000-ada`), as links and the CLI give it.
    pub id: &'static str,
    /// What the GPU list shows.
    pub name: &'static str,
    /// The catalogue id of the system's GPU.
    pub gpu: &'static str,
    /// How many of that GPU the system holds.
    pub count: u64,
}

/// Systems people buy or rent whole: the seed article's 4× RTX 6000 Ada workstation (192 GB)
/// and the 8-GPU HGX/DGX servers.
pub const SYSTEMS: &[System] = &[
    System { id: "4x-rtx-6000-ada", name: "Workstation: 4× RTX 6000 Ada (192 GB)", gpu: "rtx-6000-ada", count: 4 },
    System { id: "8x-a100-80gb", name: "Server: 8× A100 80GB SXM", gpu: "a100-80gb-sxm4", count: 8 },
    System { id: "8x-h100", name: "Server: 8× H100 SXM (HGX/DGX H100)", gpu: "h100-sxm5-80gb", count: 8 },
    System { id: "8x-h200", name: "Server: 8× H200 (HGX H200)", gpu: "h200-sxm-141gb", count: 8 },
    System { id: "8x-b200", name: "Server: 8× B200 (HGX/DGX B200)", gpu: "b200", count: 8 },
    System { id: "8x-mi300x", name: "Server: 8× MI300X", gpu: "instinct-mi300x", count: 8 },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_with_sources() {
        assert!(gpus().len() >= 60, "{} GPUs", gpus().len());
        assert_eq!(gpus().len(), include_str!("gpus.json").matches("\"usable_bytes\"").count(), "every row reads");
        for gpu in gpus() {
            assert!(!gpu.source.is_empty() && !gpu.usable_source.is_empty(), "{}", gpu.id);
            assert!(gpu.usable_bytes > 0 && gpu.bandwidth_gbps > 0.0, "{}", gpu.id);
            // Usable memory is never more than 2% above the marketed size read as GiB.
            assert!((gpu.usable_bytes as f64) <= gpu.memory_gb * 1.02 * (1u64 << 30) as f64, "{}", gpu.id);
        }
        for system in SYSTEMS {
            assert!(gpus().iter().any(|g| g.id == system.gpu), "{}", system.id);
        }
    }

    #[test]
    fn finds_gpus_by_what_people_type() {
        let cases = [("4090", "rtx-4090"), ("RTX 4090", "rtx-4090"), ("rtx 6000 ada", "rtx-6000-ada"), ("mi300x", "instinct-mi300x"), ("H200", "h200-sxm-141gb"), ("a100 80gb sxm", "a100-80gb-sxm4"), ("t4", "tesla-t4"), ("m2 ultra", "apple-m2-ultra-76c")];
        for (query, id) in cases {
            assert_eq!(find_gpu(query).map(|g| g.id), Some(id), "{query}");
        }
        assert!(find_gpu("voodoo 2").is_none());
        assert!(find_gpu("").is_none());
    }

    #[test]
    fn the_articles_workstation_has_192_gb() {
        let system = SYSTEMS.iter().find(|s| s.id == "4x-rtx-6000-ada").expect("system");
        let gpu = find_gpu(system.gpu).expect("gpu");
        assert_eq!(gpu.memory_gb * system.count as f64, 192.0);
    }
}
