//! Will it run on this GPU, and how fast? Verdicts per GPU, format-support warnings, and a
//! bandwidth-bound decode speed.

use crate::core::catalogue::gpus::Gpu;
use crate::core::estimate::{ComponentKind, Estimate, EstimateError, Mode, Model, Settings};
use crate::core::kv_cache::KvDtype;
use crate::core::i18n::{Key, Lang};
use crate::core::quant::WeightFormat;
use crate::core::solve::GpuCounts;
use crate::core::units::Bytes;

/// Whether the estimate fits, from best to worst (so the worst of several is their `max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Fits with at least 10% of the usable memory to spare.
    Fits,
    /// Fits with less than 10% to spare: a longer prompt or a driver update can tip it over.
    Tight,
    /// Runs with part of the model in system RAM.
    Offload,
    /// Does not fit.
    No,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Fits => "fits",
            Verdict::Tight => "tight",
            Verdict::Offload => "offload",
            Verdict::No => "no",
        }
    }

    /// Symbol and word in `lang` (`✓ fits`): never colour alone.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Verdict::Fits => Key::VerdictFits,
            Verdict::Tight => Key::VerdictTight,
            Verdict::Offload => Key::VerdictOffload,
            Verdict::No => Key::VerdictNo,
        })
    }
}

/// A fit check of one estimate on `gpus` GPUs of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    pub gpu: String,
    /// The GPU's display name.
    pub name: String,
    pub gpus: u64,
    /// Usable memory per GPU after the reserve.
    pub usable_bytes: Bytes,
    /// What the estimate needs per GPU with this many GPUs.
    pub needed_bytes: Bytes,
    pub verdict: Verdict,
    /// Usable minus needed, per GPU (negative: short by that much).
    pub headroom_bytes: i64,
    /// The fewest GPUs of this kind that fit (up to 64), if any.
    pub gpus_needed: Option<u64>,
    pub warnings: Vec<FormatWarning>,
}

/// Headroom below this share of usable memory makes a fit "tight" (per mille).
const TIGHT_PERMILLE: u128 = 100;

/// The settings for running on `count` GPUs: tensor parallel for inference, data parallel for
/// training (with the settings' ZeRO stage).
pub fn on_gpus(settings: &Settings, count: u64) -> Settings {
    if settings.mode == Mode::Inference {
        Settings { tensor_parallel: count, pipeline_parallel: 1, gpus: 1, ..settings.clone() }
    } else {
        Settings { gpus: count, ..settings.clone() }
    }
}

/// The verdict for `needed` bytes in `usable` bytes.
pub fn verdict(needed: Bytes, usable: Bytes) -> Verdict {
    if needed > usable {
        Verdict::No
    } else if u128::from(usable.0 - needed.0) * 1_000 < u128::from(usable.0) * TIGHT_PERMILLE {
        Verdict::Tight
    } else {
        Verdict::Fits
    }
}

/// Checks the estimate on `count` GPUs of `gpu`, keeping `reserve` bytes per GPU for the display
/// and other processes.
pub fn fit(model: &Model, settings: &Settings, gpu: &Gpu, count: u64, reserve: Bytes) -> Result<Fit, EstimateError> {
    fit_on(&mut GpuCounts::new(model, settings), gpu, count, reserve)
}

/// [`fit`] for the model and settings of `counts`, which keeps the estimates of each GPU count
/// for the next GPU.
pub fn fit_on(counts: &mut GpuCounts, gpu: &Gpu, count: u64, reserve: Bytes) -> Result<Fit, EstimateError> {
    let settings = counts.settings();
    let usable = Bytes(gpu.usable_bytes.saturating_sub(reserve.0));
    let needed = counts.placed(count)?;
    Ok(Fit {
        gpu: gpu.id.to_string(),
        name: gpu.name.to_string(),
        gpus: count,
        usable_bytes: usable,
        needed_bytes: needed,
        verdict: verdict(needed, usable),
        headroom_bytes: (i128::from(usable.0) - i128::from(needed.0)).clamp(i64::MIN.into(), i64::MAX.into()) as i64,
        gpus_needed: counts.min_gpus(usable, 64)?,
        warnings: format_warnings(gpu, settings),
    })
}

/// What the GPU cannot run natively. FP8 matrix units arrived with Ada, Hopper and CDNA3; FP4
/// with Blackwell and CDNA4; BF16 with Ampere and CDNA2 (docs/reference/gpu_memory.md §2).
/// Weight-only formats (GGUF, GPTQ, AWQ) dequantize to FP16 in the kernel and run anywhere the
/// engine does.
pub fn format_warnings(gpu: &Gpu, settings: &Settings) -> Vec<FormatWarning> {
    let mut warnings = Vec::new();
    let format = settings.format;
    let fp8 = matches!(format, WeightFormat::Fp8 | WeightFormat::Fp8Block) || settings.kv_dtype == KvDtype::Fp8;
    if fp8 && !gpu.fp8 {
        warnings.push(FormatWarning::NoFp8(gpu.name.to_string()));
    }
    if matches!(format, WeightFormat::Nvfp4 | WeightFormat::Mxfp4 | WeightFormat::Fp4) && !gpu.fp4 {
        warnings.push(FormatWarning::NoFp4(gpu.name.to_string()));
    }
    let bf16 = matches!(format, WeightFormat::Bf16) || settings.kv_dtype == KvDtype::Bf16 || (settings.mode != Mode::Inference && settings.precision == crate::core::training::TrainPrecision::Mixed);
    if bf16 && !gpu.bf16 {
        warnings.push(FormatWarning::NoBf16(gpu.name.to_string()));
    }
    if matches!(format, WeightFormat::Gptq { .. } | WeightFormat::Awq { .. }) && gpu.vendor == "Apple" {
        warnings.push(FormatWarning::CudaKernelsOnApple);
    }
    if gpu.unified {
        warnings.push(FormatWarning::Unified(gpu.name.to_string(), gpu.usable_source.to_string()));
    }
    warnings
}

/// Something the chosen GPU cannot do natively (or does differently), naming the GPU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatWarning {
    NoFp8(String),
    NoFp4(String),
    NoBf16(String),
    CudaKernelsOnApple,
    /// The GPU and how its usable memory was derived.
    Unified(String, String),
}

impl FormatWarning {
    /// The warning in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormatWarning::NoFp8(gpu) => lang.fill(Key::WarningNoFp8, &[gpu]),
            FormatWarning::NoFp4(gpu) => lang.fill(Key::WarningNoFp4, &[gpu]),
            FormatWarning::NoBf16(gpu) => lang.fill(Key::WarningNoBf16, &[gpu]),
            FormatWarning::CudaKernelsOnApple => lang.text(Key::WarningCudaOnApple).into(),
            FormatWarning::Unified(gpu, how) => lang.fill(Key::WarningUnified, &[gpu, how]),
        }
    }
}

/// The CLI's JSON carries warnings as English sentences.
impl crate::core::to_json::ToJson for FormatWarning {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(&self.message(Lang::En));
    }
}

/// The speed estimate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Speed {
    /// Generated tokens per second over the whole batch at the current context.
    pub decode_tokens_per_s: f64,
    /// Seconds to process the prompt (the whole context, every sequence); unknown for a GPU
    /// without a TFLOPS figure (a custom one).
    pub prefill_seconds: Option<f64>,
    /// Fraction of peak bandwidth the weight reads reach.
    pub efficiency: f64,
    /// Fixed time per decode step (kernel launches, synchronisation), milliseconds.
    pub step_overhead_ms: f64,
}

/// Bandwidth efficiency and fixed per-step time of a device class under llama.cpp, fitted to
/// the measured llama.cpp decode rates in docs/reference/measured_tps.md (Llama 3 8B and 70B,
/// Q4_K_M and F16): step time = bytes ÷ (bandwidth × efficiency) + overhead. GDDR cards (and
/// NVIDIA's unified Jetson/DGX Spark): 0.84 and 1.5 ms (RTX 6000 Ada 8B/70B pair); HBM cards:
/// 0.55 and 3.1 ms (A100 SXM pair); Apple: 0.68 and 4 ms (M2 Ultra pair).
pub fn default_efficiency(gpu: &Gpu) -> (f64, f64) {
    if gpu.vendor == "Apple" {
        (0.68, 4.0)
    } else if gpu.hbm {
        (0.55, 3.1)
    } else {
        (0.84, 1.5)
    }
}

/// Share of dense FP16 throughput prompt processing reaches (llama.cpp pp1024 on Llama 3 8B:
/// 0.16 on H100 PCIe to 0.87 on RTX 3090, measured_tps.md): a middle value, ±factor 3.
pub const PREFILL_EFFICIENCY: f64 = 0.5;

/// Decode speed ≈ tokens per step ÷ step time, where a step reads the active weights once and
/// every sequence's KV cache: `batch ÷ ((active weights + KV cache) ÷ (bandwidth × efficiency) +
/// overhead)`. Prefill ≈ `2 × active params × prompt tokens ÷ (TFLOPS × 0.5)`. On several GPUs
/// (tensor parallel) the per-GPU bytes are read in parallel.
pub fn speed(estimate: &Estimate, settings: &Settings, gpu: &Gpu, efficiency: Option<f64>) -> Speed {
    let (default_efficiency, overhead_ms) = default_efficiency(gpu);
    let efficiency = efficiency.filter(|e| e.is_finite() && *e > 0.0 && *e <= 1.0).unwrap_or(default_efficiency);
    let weights = estimate.component(ComponentKind::Weights).0 as f64;
    let active_share = if estimate.params.0 > 0 { estimate.active_params.0 as f64 / estimate.params.0 as f64 } else { 1.0 };
    let bytes_per_step = weights * active_share + estimate.component(ComponentKind::KvCache).0 as f64;
    let bandwidth = gpu.bandwidth_gbps * 1e9 * efficiency;
    let step_seconds = bytes_per_step / bandwidth + overhead_ms / 1_000.0;
    let prompt_tokens = (settings.context.0 * settings.batch) as f64;
    let flops = 2.0 * estimate.active_params.0 as f64 * prompt_tokens;
    let gpus = (settings.tensor_parallel * settings.pipeline_parallel).max(1) as f64;
    let prefill_seconds = match gpu.fp16_tflops {
        Some(tflops) if tflops > 0.0 => Some(flops / (tflops * 1e12 * PREFILL_EFFICIENCY * gpus)),
        _ => None,
    };
    Speed {
        decode_tokens_per_s: settings.batch as f64 / step_seconds,
        prefill_seconds,
        efficiency,
        step_overhead_ms: overhead_ms,
    }
}

impl crate::core::to_json::ToJson for Verdict {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(self.name());
    }
}

impl crate::core::to_json::ToJson for Fit {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("gpu", &self.gpu);
        json.field("name", &self.name);
        json.field("gpus", &self.gpus);
        json.field("usable_bytes", &self.usable_bytes);
        json.field("needed_bytes", &self.needed_bytes);
        json.field("verdict", &self.verdict);
        json.field("headroom_bytes", &self.headroom_bytes);
        json.field("gpus_needed", &self.gpus_needed);
        json.field("warnings", &self.warnings);
        json.end_object();
    }
}

impl crate::core::to_json::ToJson for Speed {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("decode_tokens_per_s", &self.decode_tokens_per_s);
        json.field("prefill_seconds", &self.prefill_seconds);
        json.field("efficiency", &self.efficiency);
        json.field("step_overhead_ms", &self.step_overhead_ms);
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_at_their_edges() {
        let usable = Bytes(1_000);
        assert_eq!(verdict(Bytes(900), usable), Verdict::Fits);
        assert_eq!(verdict(Bytes(901), usable), Verdict::Tight);
        assert_eq!(verdict(Bytes(1_000), usable), Verdict::Tight);
        assert_eq!(verdict(Bytes(1_001), usable), Verdict::No);
    }
}
