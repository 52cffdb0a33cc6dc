//! Where each part of a model goes on a machine with GPUs and system RAM, the way llama.cpp
//! (and the engines built on it: llama-server, Ollama, LM Studio, koboldcpp) places tensors,
//! and how fast it then decodes.
//!
//! The rules are llama.cpp's, read from its source (docs/reference/llama_cpp_placement.md):
//! - `-ngl N` counts `n_layer + 1` slots, the output layer being the last; it is offloaded
//!   first (PR #18148), then the last `N − 1` blocks. Token embeddings always stay in RAM (§1.1).
//! - `--n-cpu-moe N` keeps the routed-expert tensors of blocks `0 … N−1` in RAM; attention,
//!   norms, router and shared experts stay on the block's device (§2).
//! - Each block's KV cache and recurrent state live on that block's device (§3).
//! - Offloaded slots are split over GPUs in contiguous ranges by free memory (`--tensor-split`
//!   default); the output slot goes to the last GPU (§5).
//! - Every GPU holding a slot allocates the same compute buffer (§4.1); the vision projector
//!   (mmproj) sits whole on the first GPU unless `--no-mmproj-offload` (§6).

use crate::core::estimate::LayerLayout;
use crate::core::fit::{default_efficiency, verdict, Verdict};
use crate::core::machine::Machine;
use crate::core::units::Bytes;

/// How the user lets the model spill into RAM.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Offload {
    /// The fastest placement that fits.
    #[default]
    Auto,
    /// GPUs only.
    None,
    /// Whole layers in RAM (`-ngl`).
    Layers,
    /// Routed experts in RAM (`--n-cpu-moe`).
    Experts,
}

impl Offload {
    /// Every choice, in the page's order.
    pub const ALL: [Offload; 4] = [Offload::Auto, Offload::None, Offload::Layers, Offload::Experts];

    /// `auto`, `none`, `layers` or `experts`.
    pub fn name(self) -> &'static str {
        match self {
            Offload::Auto => "auto",
            Offload::None => "none",
            Offload::Layers => "layers",
            Offload::Experts => "experts",
        }
    }

    /// Reads a name.
    pub fn from_name(name: &str) -> Option<Offload> {
        Offload::ALL.into_iter().find(|o| o.name() == name.trim().to_ascii_lowercase())
    }
}

/// A placement the user forces, as llama.cpp's own flags say it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Forced {
    /// `-ngl N`: slots on the GPUs (the output layer counts as one).
    pub gpu_layers: Option<u64>,
    /// `--n-cpu-moe N`: blocks whose routed experts stay in RAM.
    pub cpu_moe: Option<u64>,
}

/// What kind of placement was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlacementKind {
    /// Everything on the GPUs.
    Gpu,
    /// Some whole layers in RAM.
    Layers,
    /// Some layers' routed experts in RAM.
    Experts,
    /// Nothing that fits.
    None,
}

/// Where the model goes on the machine, what each device holds and how fast it decodes.
#[derive(Clone, Debug, PartialEq)]
pub struct MachinePlacement {
    /// The kind of placement.
    pub kind: PlacementKind,
    /// `-ngl`: slots on the GPUs, of `layers + 1` (the output layer is one).
    pub gpu_layers: u64,
    /// The model's repeating layers.
    pub layers: u64,
    /// `--n-cpu-moe`: blocks whose routed experts stay in RAM.
    pub cpu_moe_layers: u64,
    /// Slots on each GPU (llama.cpp's `--tensor-split` as layer counts).
    pub layers_per_gpu: Vec<u64>,
    /// What each GPU holds.
    pub vram_bytes: Vec<Bytes>,
    /// What each GPU can hold.
    pub usable_bytes: Vec<Bytes>,
    /// What stays in system RAM.
    pub ram_bytes: Bytes,
    /// System RAM left for the model after the OS.
    pub ram_usable_bytes: Bytes,
    /// The vision projector runs on the CPU (`--no-mmproj-offload`).
    pub mmproj_on_cpu: bool,
    /// The verdict for the machine: fits, tight, offload or no.
    pub verdict: Verdict,
    /// With verdict `no`: how much more memory (VRAM plus RAM) it would take.
    pub short_bytes: Bytes,
    /// Bytes read from system RAM per decode step (what bounds offloaded decoding).
    pub ram_read_bytes: Bytes,
    /// Generated tokens per second over the batch.
    pub decode_tokens_per_s: f64,
    /// Prompt processing of the whole context: (fast, slow) ends of the band, seconds; `None`
    /// where a GPU has no throughput figure.
    pub prefill_seconds: Option<(f64, f64)>,
}

/// What one candidate placement puts where.
#[derive(Clone, Debug, Default)]
struct Assignment {
    vram: Vec<u64>,
    ram: u64,
    /// Bytes each GPU reads per decode step.
    gpu_reads: Vec<u64>,
    /// Bytes the CPU reads per decode step.
    cpu_reads: u64,
    /// Weight bytes in RAM that prompt processing streams to the GPU.
    cpu_weights: u64,
    layers_per_gpu: Vec<u64>,
}

/// CPU decode constants for the RAM-resident part, fitted to six offload rows of
/// docs/reference/offload.md §1 (A5, A13, A19, D1, C1, C4: experts in RAM, layers in RAM and CPU
/// only, DDR4 and DDR5) by least mean relative error: the share of peak RAM bandwidth reached,
/// and the fixed time a step that runs partly on the CPU costs (graph splits, waking the CPU
/// threads, the CPU's own per-token work). tests/offload_speed.rs checks the 16 held-out rows
/// (mean error 18%).
pub const CPU_EFFICIENCY: f64 = 0.82;
/// See [`CPU_EFFICIENCY`]; milliseconds.
pub const CPU_STEP_MS: f64 = 12.0;

/// PCIe 4.0 ×16 as prompt processing streams RAM-resident weights to the GPU (llama.cpp copies
/// them per batch of 512 tokens): 32 GB/s peak, about 25 effective.
const PCIE_GBPS: f64 = 25.0;

/// Tokens per prompt batch (llama.cpp's default `-ub 512`).
const UBATCH: u64 = 512;

/// The share of a device's compute buffer the CPU backend needs for the ops it runs (log L1:
/// CUDA_Host 368 MiB beside CUDA0's 3,768 MiB).
const CPU_COMPUTE_DIVISOR: u64 = 10;

fn assign(layout: &LayerLayout, usable: &[u64], ngl: u64, cpu_moe: u64, mmproj_on_cpu: bool) -> Assignment {
    let blocks = layout.weights.layers.len() as u64;
    let slots = blocks + 1;
    let gpus = usable.len();
    let start = if gpus == 0 { slots } else { slots.saturating_sub(ngl) };
    let offloaded = slots - start;
    let total_free: u128 = usable.iter().map(|&u| u128::from(u)).sum::<u128>().max(1);
    // Slot j of the offloaded ones goes to the first GPU whose cumulative share exceeds j / A.
    let cumulative: Vec<u128> = usable.iter().scan(0u128, |sum, &u| {
        *sum += u128::from(u);
        Some(*sum)
    }).collect();
    let device = |slot: u64| -> Option<usize> {
        (slot >= start).then(|| {
            let j = u128::from(slot - start);
            cumulative.iter().position(|&c| j * total_free < c * u128::from(offloaded)).unwrap_or(gpus - 1)
        })
    };
    let mut a = Assignment { vram: vec![0; gpus], gpu_reads: vec![0; gpus], layers_per_gpu: vec![0; gpus], ..Assignment::default() };
    let on = |dev: Option<usize>, bytes: u64, read: u64, a: &mut Assignment| match dev {
        Some(d) => {
            a.vram[d] += bytes;
            a.gpu_reads[d] += read;
        }
        None => {
            a.ram += bytes;
            a.cpu_reads += read;
        }
    };
    for (i, &(dense, experts)) in layout.weights.layers.iter().enumerate() {
        let dev = device(i as u64);
        let cache = layout.cache.get(i).copied().unwrap_or(0);
        let active = experts * layout.active_experts_permille.get(i).copied().unwrap_or(1_000) / 1_000;
        on(dev, dense + cache, dense + cache, &mut a);
        let experts_dev = if (i as u64) < cpu_moe { None } else { dev };
        on(experts_dev, experts, active, &mut a);
        if dev.is_none() {
            a.cpu_weights += dense;
        }
        if experts_dev.is_none() {
            a.cpu_weights += experts;
        }
        if let Some(d) = dev {
            a.layers_per_gpu[d] += 1;
        }
    }
    let output = device(blocks);
    on(output, layout.weights.output, layout.weights.output, &mut a);
    if let Some(d) = output {
        a.layers_per_gpu[d] += 1;
    } else {
        a.cpu_weights += layout.weights.output;
    }
    a.ram += layout.weights.input;
    let vision_gpu = (gpus > 0 && offloaded > 0 && !mmproj_on_cpu).then_some(0);
    on(vision_gpu, layout.weights.vision, 0, &mut a);
    for d in 0..gpus {
        if a.layers_per_gpu[d] > 0 || (vision_gpu == Some(d) && layout.weights.vision > 0) {
            a.vram[d] += layout.compute.0 + layout.runtime.0;
        }
    }
    if a.cpu_reads > 0 {
        a.ram += layout.compute.0 / CPU_COMPUTE_DIVISOR;
    }
    a
}

fn fits_gpus(a: &Assignment, usable: &[u64]) -> bool {
    a.vram.iter().zip(usable).all(|(v, u)| v <= u)
}

/// Seconds per decode step: each device's reads at its bandwidth × efficiency, one after the
/// other (llama.cpp runs layers in order), plus the slowest GPU's fixed step time and, when the
/// CPU runs part of the step, its own.
fn step_seconds(a: &Assignment, machine: &Machine) -> f64 {
    let mut seconds = 0.0;
    let mut overhead_ms: f64 = 0.0;
    for (gpu, &read) in machine.gpus.iter().zip(&a.gpu_reads) {
        let (efficiency, step_ms) = default_efficiency(gpu);
        if read > 0 {
            seconds += read as f64 / (gpu.bandwidth_gbps * 1e9 * efficiency);
            overhead_ms = overhead_ms.max(step_ms);
        }
    }
    if a.cpu_reads > 0 {
        seconds += a.cpu_reads as f64 / (machine.ram_bandwidth_gbps * 1e9 * CPU_EFFICIENCY);
        overhead_ms += CPU_STEP_MS;
    }
    seconds + overhead_ms / 1_000.0
}

/// What the placement runs: parameters one token passes through, prompt tokens (context ×
/// batch) and sequences decoded at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Workload {
    /// Active parameters (for prompt-processing FLOPs).
    pub active_params: u64,
    /// Tokens of prompt processed.
    pub prompt_tokens: u64,
    /// Sequences per decode step.
    pub batch: u64,
}

/// Places the model on the machine: the forced placement, or under `offload` the fastest that
/// fits its GPUs and RAM; the vision projector moves to the CPU only when nothing fits with it
/// on a GPU. `usable` is each GPU's memory after the reserve.
pub fn place(layout: &LayerLayout, machine: &Machine, usable: &[u64], offload: Offload, forced: Forced, work: Workload) -> MachinePlacement {
    let blocks = layout.weights.layers.len() as u64;
    let all = blocks + 1;
    let moe = layout.weights.layers.iter().any(|&(_, experts)| experts > 0);
    let ram = machine.ram_for_model().0;
    // Unknown RAM: place as if it sufficed (the flags then say what would run), but only a
    // GPU-only placement gets a yes.
    let ram_known = machine.ram.is_some();
    let can_offload = !machine.unified();
    let runs = |a: &Assignment| fits_gpus(a, usable) && (!ram_known || a.ram <= ram || (a.ram == layout.weights.input && !can_offload));
    let projector_choices: &[bool] = if layout.weights.vision > 0 { &[false, true] } else { &[false] };
    let mut first = None;
    let mut best: Option<(u64, u64, bool, Assignment)> = None;
    for &mmproj_on_cpu in projector_choices {
        let mut candidates: Vec<(u64, u64)> = Vec::new();
        if forced.gpu_layers.is_some() || forced.cpu_moe.is_some() {
            candidates.push((forced.gpu_layers.unwrap_or(all).min(all), forced.cpu_moe.unwrap_or(0).min(blocks)));
        } else {
            candidates.push((all, 0));
            let gpu_fit = |ngl: u64, cmoe: u64| fits_gpus(&assign(layout, usable, ngl, cmoe, mmproj_on_cpu), usable);
            if can_offload && moe && matches!(offload, Offload::Auto | Offload::Experts) {
                match (1..=blocks).find(|&n| gpu_fit(all, n)) {
                    Some(n) => candidates.push((all, n)),
                    // Even without their experts the blocks do not fit: fewer layers, experts in RAM.
                    None => candidates.extend((0..all).rev().find(|&ngl| gpu_fit(ngl, blocks)).map(|ngl| (ngl, blocks))),
                }
            }
            if can_offload && matches!(offload, Offload::Auto | Offload::Layers) {
                candidates.extend((0..all).rev().find(|&ngl| gpu_fit(ngl, 0)).map(|ngl| (ngl, 0)));
            }
        }
        for (ngl, cmoe) in candidates {
            let a = assign(layout, usable, ngl, cmoe, mmproj_on_cpu);
            if first.is_none() {
                first = Some((ngl, cmoe, mmproj_on_cpu, a.clone()));
            }
            let faster = best.as_ref().is_none_or(|b| step_seconds(&a, machine) < step_seconds(&b.3, machine));
            if runs(&a) && faster {
                best = Some((ngl, cmoe, mmproj_on_cpu, a));
            }
        }
        if best.is_some() {
            break;
        }
    }
    let full = assign(layout, usable, all, 0, false);
    let gpu_short: u64 = full.vram.iter().zip(usable).map(|(v, u)| v.saturating_sub(*u)).sum();
    let (ngl, cmoe, mmproj_on_cpu, a) = best.clone().or(first).unwrap_or((all, 0, false, full));
    let offloaded = ngl < all || cmoe > 0;
    let kind = match (best.is_some(), offloaded, cmoe > 0) {
        (false, _, _) => PlacementKind::None,
        (true, false, _) => PlacementKind::Gpu,
        (true, true, true) => PlacementKind::Experts,
        (true, true, false) => PlacementKind::Layers,
    };
    let verdict = match kind {
        PlacementKind::None => Verdict::No,
        PlacementKind::Layers | PlacementKind::Experts if !ram_known => Verdict::No,
        PlacementKind::Layers | PlacementKind::Experts => Verdict::Offload,
        PlacementKind::Gpu => {
            a.vram.iter().zip(usable).map(|(&v, &u)| verdict(Bytes(v), Bytes(u))).max().unwrap_or(Verdict::Fits)
        }
    };
    let need: u128 = a.vram.iter().map(|&v| u128::from(v)).sum::<u128>() + u128::from(a.ram);
    let have: u128 = usable.iter().map(|&u| u128::from(u)).sum::<u128>() + u128::from(ram);
    let short_bytes = match verdict {
        Verdict::No if ram_known && can_offload => u64::try_from(need.saturating_sub(have)).unwrap_or(u64::MAX).max(1),
        Verdict::No => gpu_short.max(1),
        _ => 0,
    };
    let step = step_seconds(&a, machine);
    let gpu_tflops: Option<f64> = machine.gpus.iter().map(|g| g.fp16_tflops).sum();
    let prefill_seconds = gpu_tflops.filter(|t| *t > 0.0).map(|tflops| {
        // The GPUs' matrix work (fit::speed's 0.5 of peak) plus streaming the RAM-resident
        // weights over PCIe once per batch of 512 tokens; the band is a factor 2 each way.
        let compute = 2.0 * work.active_params as f64 * work.prompt_tokens as f64 / (tflops * 1e12 * crate::core::fit::PREFILL_EFFICIENCY);
        let streaming = work.prompt_tokens.div_ceil(UBATCH) as f64 * a.cpu_weights as f64 / (PCIE_GBPS * 1e9);
        let middle = compute + streaming;
        (middle / 2.0, middle * 2.0)
    });
    MachinePlacement {
        kind,
        gpu_layers: ngl,
        layers: blocks,
        cpu_moe_layers: cmoe,
        layers_per_gpu: a.layers_per_gpu.clone(),
        vram_bytes: a.vram.iter().map(|&v| Bytes(v)).collect(),
        usable_bytes: usable.iter().map(|&u| Bytes(u)).collect(),
        ram_bytes: Bytes(a.ram),
        ram_usable_bytes: Bytes(ram),
        mmproj_on_cpu,
        verdict,
        short_bytes: Bytes(short_bytes),
        ram_read_bytes: Bytes(a.cpu_reads),
        decode_tokens_per_s: work.batch as f64 / step,
        prefill_seconds,
    }
}

impl crate::core::to_json::ToJson for PlacementKind {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(match self {
            PlacementKind::Gpu => "gpu",
            PlacementKind::Layers => "layers",
            PlacementKind::Experts => "experts",
            PlacementKind::None => "none",
        });
    }
}

impl crate::core::to_json::ToJson for MachinePlacement {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("kind", &self.kind);
        json.field("gpu_layers", &self.gpu_layers);
        json.field("layers", &self.layers);
        json.field("cpu_moe_layers", &self.cpu_moe_layers);
        json.field("layers_per_gpu", &self.layers_per_gpu);
        json.field("vram_bytes", &self.vram_bytes);
        json.field("usable_bytes", &self.usable_bytes);
        json.field("ram_bytes", &self.ram_bytes);
        json.field("ram_usable_bytes", &self.ram_usable_bytes);
        json.field("mmproj_on_cpu", &self.mmproj_on_cpu);
        json.field("verdict", &self.verdict);
        json.field("short_bytes", &self.short_bytes);
        json.field("ram_read_bytes", &self.ram_read_bytes);
        json.field("decode_tokens_per_s", &self.decode_tokens_per_s);
        json.field("prefill_seconds", &self.prefill_seconds);
        json.end_object();
    }
}
