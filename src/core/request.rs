//! What a person asks for, as the page's fields, share links and the CLI's flags give it: the
//! inputs as typed, the text → value functions with one set of bounds and one set of messages
//! for all three front doors, and [`report`], the one entry point from inputs to the report.

use crate::core::activations::Checkpointing;
use crate::core::catalogue::gpus::{find_gpu, gpus, Gpu, SYSTEMS};
use crate::core::engines::Engine;
use crate::core::estimate::{estimate as detailed_estimate, EstimateError, Mode, Model, Settings, MAX_BATCH, MAX_CONTEXT, MAX_GPUS};
use crate::core::kv_cache::KvDtype;
use crate::core::quant::{UnknownFormat, WeightFormat};
use crate::core::import::Source;
use crate::core::report::{EstimateReport, Placement, SolveFor};
use crate::core::training::{LoraTarget, Optimizer, TrainPrecision, ZeroStage};
use crate::core::rule_of_thumb::OverheadFactor;
use crate::core::i18n::Lang;
use crate::core::units::{parse_count, parse_factor_thousandths, parse_params, parse_tokens, Bytes, NumberError, NumberStyle, Unit};

/// The model asked about: a typed parameter count, or one chosen from the catalogue, a pasted
/// config or imported files.
// One value per page update; boxing the model would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelInput {
    /// A parameter count as typed (`7B`, `6,7 milyar`).
    Typed(String),
    /// A model whose architecture is known.
    Chosen(Model),
}

/// The weight format asked for: a named format, or the imported files' own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatChoice {
    /// Weights as this format stores them (a what-if for imported files).
    Format(WeightFormat),
    /// Imported weight files as they are stored.
    AsStored,
}

impl FormatChoice {
    /// Reads a format name, or [`AS_STORED`].
    pub fn from_name(name: &str) -> Result<FormatChoice, UnknownFormat> {
        if name.trim().eq_ignore_ascii_case(AS_STORED) {
            Ok(FormatChoice::AsStored)
        } else {
            WeightFormat::from_name(name).map(FormatChoice::Format)
        }
    }

    /// The canonical name (`q4_k_m`, [`AS_STORED`]).
    pub fn name(&self) -> String {
        match self {
            FormatChoice::Format(format) => format.name(),
            FormatChoice::AsStored => AS_STORED.into(),
        }
    }
}

/// Training settings; only the CLI offers them (the page keeps these defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingRequest {
    /// Mixed precision, pure BF16 or FP32.
    pub precision: TrainPrecision,
    /// The optimizer whose states are held.
    pub optimizer: Optimizer,
    /// Which activations are kept for the backward pass.
    pub checkpointing: Checkpointing,
    /// The LoRA rank as typed.
    pub lora_rank: String,
    /// The LoRA target modules as typed (`q,k,v,o`, `all`).
    pub lora_targets: String,
    /// The ZeRO stage across the data-parallel GPUs.
    pub zero: ZeroStage,
}

impl Default for TrainingRequest {
    fn default() -> TrainingRequest {
        TrainingRequest {
            precision: TrainPrecision::Mixed,
            optimizer: Optimizer::AdamW,
            checkpointing: Checkpointing::None,
            lora_rank: "16".into(),
            lora_targets: "q,k,v,o".into(),
            zero: ZeroStage(0),
        }
    }
}

/// Everything an estimate depends on, as the page's fields, a share link and the CLI's flags
/// give it: typed quantities as typed (so a half-typed value is kept; [`report`] parses them with
/// one set of bounds), every choice as the core's own enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The model.
    pub model: ModelInput,
    /// The imported files behind `model`, when it came from files (shown in the report).
    pub source: Option<Source>,
    /// The weight format.
    pub quant: FormatChoice,
    /// The article's rule-of-thumb factor as typed.
    pub overhead: String,
    /// A catalogue GPU id or name, a system id (`4x-rtx-6000-ada`) or `custom`; empty for none.
    pub gpu: String,
    /// How many GPUs: the fit's count and the estimate's (data-parallel for training; for
    /// inference tensor parallel when that is 1). A system id fixes it.
    pub gpu_count: String,
    /// GB kept free per GPU for the display and other processes.
    pub reserve: String,
    /// Bandwidth efficiency for the speed estimate; empty for the calibrated default.
    pub efficiency: String,
    /// With `gpu` = `custom`: its memory in GB.
    pub custom_memory: String,
    /// With `gpu` = `custom`: its bandwidth in GB/s.
    pub custom_bandwidth: String,
    /// Inference or a training method.
    pub mode: Mode,
    /// The KV cache's element type.
    pub kv: KvDtype,
    /// Tokens per sequence (`4096`, `8k`).
    pub context: String,
    /// Sequences at once.
    pub batch: String,
    /// The serving or training engine.
    pub engine: Engine,
    /// Tensor-parallel GPUs for the estimate itself.
    pub tensor_parallel: String,
    /// Pipeline stages for the estimate itself.
    pub pipeline_parallel: String,
    /// One GPU's memory in GB for vLLM's KV capacity; empty: a custom GPU's, else none.
    pub kv_capacity_memory: String,
    /// vLLM's `gpu_memory_utilization` as typed.
    pub gpu_memory_utilization: String,
    /// FlashAttention (no materialised attention scores).
    pub flash_attention: bool,
    /// Training settings.
    pub training: TrainingRequest,
    /// Load the vision tower, when the model has one.
    pub vision: bool,
    /// Load the MTP layers (for speculative decoding), when the model has them.
    pub mtp: bool,
    /// One solver's answer to put in the report's `solve` (the CLI's `--solve`).
    pub solve: Option<SolveFor>,
    /// Every catalogue GPU's fit even without a chosen GPU (the CLI's `--fit-all`).
    pub fit_all: bool,
    /// How sizes are shown (it does not change any figure).
    pub unit: Unit,
    /// The language when chosen (a link or the switch); `None`: the browser's.
    pub lang: Option<Lang>,
    /// The compact layout for iframes.
    pub embed: bool,
}

impl Default for Request {
    fn default() -> Request {
        Request {
            model: ModelInput::Typed("7B".into()),
            source: None,
            quant: FormatChoice::Format(WeightFormat::Fp16),
            overhead: "2".into(),
            gpu: "rtx-4090".into(),
            gpu_count: "1".into(),
            reserve: "0.5".into(),
            efficiency: String::new(),
            custom_memory: "24".into(),
            custom_bandwidth: "1000".into(),
            mode: Mode::Inference,
            kv: KvDtype::F16,
            context: "4096".into(),
            batch: "1".into(),
            engine: Engine::Vllm,
            tensor_parallel: "1".into(),
            pipeline_parallel: "1".into(),
            kv_capacity_memory: String::new(),
            gpu_memory_utilization: "0.9".into(),
            flash_attention: true,
            training: TrainingRequest::default(),
            vision: true,
            mtp: false,
            solve: None,
            fit_all: false,
            unit: Unit::Gb,
            lang: None,
            embed: false,
        }
    }
}

/// A GPU as a request names it: a system id (`4x-rtx-6000-ada`, which fixes the count), a
/// catalogue id, or a catalogue name (`4090`, `h100 sxm`); with how many a system holds.
pub fn resolve_gpu(text: &str) -> Option<(&'static Gpu, Option<u64>)> {
    let text = text.trim();
    match SYSTEMS.iter().find(|s| s.id == text) {
        Some(system) => gpus().iter().find(|g| g.id == system.gpu).map(|g| (g, Some(system.count))),
        None => find_gpu(text).map(|g| (g, None)),
    }
}

/// The format choice that keeps imported weights as their files store them.
pub const AS_STORED: &str = "stored";

/// What was wrong with each input; a field with no error is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputErrors {
    /// The parameter count.
    pub params: Option<NumberError>,
    /// The format ([`AS_STORED`] for a model without weight files).
    pub quant: Option<UnknownFormat>,
    /// The rule-of-thumb factor.
    pub overhead: Option<NumberError>,
    /// The GPU count.
    pub gpu_count: Option<NumberError>,
    /// The memory kept free per GPU.
    pub reserve: Option<NumberError>,
    /// The bandwidth efficiency.
    pub efficiency: Option<NumberError>,
    /// A custom GPU's memory.
    pub custom_memory: Option<NumberError>,
    /// A custom GPU's bandwidth.
    pub custom_bandwidth: Option<NumberError>,
    /// The context length.
    pub context: Option<NumberError>,
    /// The batch.
    pub batch: Option<NumberError>,
    /// Tensor-parallel and pipeline GPUs, in that order.
    pub parallel: [Option<NumberError>; 2],
    /// The memory for vLLM's KV capacity.
    pub kv_capacity_memory: Option<NumberError>,
    /// vLLM's memory fraction.
    pub gpu_memory_utilization: Option<NumberError>,
    /// The LoRA rank.
    pub lora_rank: Option<NumberError>,
    /// The LoRA target list.
    pub lora_targets: Option<String>,
    /// A GPU that is not in the catalogue (a tampered link, a misspelt name).
    pub gpu: Option<String>,
    /// The inputs parse but the estimate cannot be made.
    pub estimate: Option<EstimateError>,
}

impl InputErrors {
    /// Every message, prefixed with the field it belongs to (for the CLI's stderr).
    pub fn messages(&self) -> Vec<String> {
        let [tp, pp] = &self.parallel;
        let numbers: [(&str, &Option<NumberError>); 13] = [
            ("params", &self.params),
            ("overhead", &self.overhead),
            ("GPUs", &self.gpu_count),
            ("reserve", &self.reserve),
            ("efficiency", &self.efficiency),
            ("GPU memory", &self.custom_memory),
            ("bandwidth", &self.custom_bandwidth),
            ("context", &self.context),
            ("batch", &self.batch),
            ("tensor parallel", tp),
            ("pipeline parallel", pp),
            ("KV capacity memory", &self.kv_capacity_memory),
            ("GPU memory utilization", &self.gpu_memory_utilization),
        ];
        let mut messages: Vec<String> = numbers.iter().filter_map(|(field, e)| e.as_ref().map(|e| format!("{field}: {e}"))).collect();
        messages.extend(self.lora_rank.as_ref().map(|e| format!("LoRA rank: {e}")));
        messages.extend(self.quant.as_ref().map(|e| format!("quant: {e}")));
        messages.extend(self.lora_targets.as_ref().map(|e| format!("LoRA targets: {e}")));
        messages.extend(self.gpu.clone());
        messages.extend(self.estimate.as_ref().map(EstimateError::to_string));
        messages
    }
}

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

/// A GPU's memory in GB (10⁹ bytes, as vendors count it): 1 to 10,000 GB.
pub fn gpu_memory(text: &str, style: NumberStyle) -> Result<Bytes, NumberError> {
    parse_factor_thousandths(text, style, 1_000, 10_000_000).map(|t| Bytes(u64::from(t) * 1_000_000))
}

/// A custom GPU's memory bandwidth in GB/s: 1 to 100,000 GB/s.
pub fn bandwidth(text: &str, style: NumberStyle) -> Result<f64, NumberError> {
    parse_factor_thousandths(text, style, 1_000, 100_000_000).map(|t| f64::from(t) / 1_000.0)
}

/// vLLM's `gpu_memory_utilization`, 0.001 to 1, in per mille.
fn memory_utilization(text: &str, style: NumberStyle) -> Result<u64, NumberError> {
    parse_factor_thousandths(text, style, 1, 1_000).map(u64::from)
}

/// The LoRA rank: 1 to 65,536.
fn lora_rank(text: &str) -> Result<u64, NumberError> {
    parse_count(text, 65_536)
}

/// A switch: on or off (`on`/`off`, `1`/`0`, `true`/`false`, `yes`/`no`).
pub fn switch(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "1" | "true" | "yes" => Some(true),
        "off" | "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// The one entry point from a request to what the page shows and the CLI prints: parses every
/// field with the bounds above and builds the report (with a GPU: its fit, speed, every solver's
/// answer and every catalogue GPU's fit), or says what is wrong with each bad field.
// Called once per page update; the per-field errors need no box.
#[allow(clippy::result_large_err)]
pub fn report(request: &Request, style: NumberStyle) -> Result<EstimateReport, InputErrors> {
    let model = match &request.model {
        ModelInput::Typed(text) => parse_params(text, style).map(Model::Params),
        ModelInput::Chosen(model) => Ok(model.clone()),
    };
    let stored = matches!(model, Ok(Model::Files { .. }));
    let format = match request.quant {
        FormatChoice::Format(format) => Ok(format),
        // Stored weights are counted from their headers; the format they declare still tells
        // the engine's kernels apart.
        FormatChoice::AsStored if stored => {
            let declared = request.source.as_ref().and_then(|s| s.quantization.as_deref());
            Ok(declared.and_then(|name| WeightFormat::from_name(name).ok()).unwrap_or(WeightFormat::Bf16))
        }
        FormatChoice::AsStored if model.is_err() => Ok(WeightFormat::Bf16),
        FormatChoice::AsStored => Err(UnknownFormat(AS_STORED.into())),
    };
    let stored = stored && request.quant == FormatChoice::AsStored;
    let overhead = OverheadFactor::parse(&request.overhead, style);
    let count_text = gpu_count(&request.gpu_count);
    let reserve = reserve(&request.reserve, style);
    let efficiency = efficiency(&request.efficiency, style);
    let custom = request.gpu.trim() == "custom";
    let custom_memory = if custom { gpu_memory(&request.custom_memory, style).map(Some) } else { Ok(None) };
    let custom_bandwidth = if custom { bandwidth(&request.custom_bandwidth, style).map(Some) } else { Ok(None) };
    let gpu: Result<Option<(Gpu, Option<u64>)>, String> = match (request.gpu.trim(), &custom_memory, &custom_bandwidth) {
        ("", _, _) => Ok(None),
        ("custom", Ok(Some(memory)), Ok(Some(bandwidth))) => Ok(Some((Gpu::custom(*memory, *bandwidth), None))),
        ("custom", _, _) => Ok(None),
        (id, _, _) => resolve_gpu(id).map(|(g, n)| Some((g.clone(), n))).ok_or_else(|| format!("“{id}” is not a GPU in the catalogue")),
    };
    let context = parse_tokens(&request.context, style, MAX_CONTEXT);
    let batch = parse_count(&request.batch, MAX_BATCH);
    let parallel = [&request.tensor_parallel, &request.pipeline_parallel].map(|text| gpu_count(text));
    let kv_capacity_memory = match request.kv_capacity_memory.trim() {
        "" => Ok(None),
        text => gpu_memory(text, style).map(Some),
    };
    let utilization = memory_utilization(&request.gpu_memory_utilization, style);
    let rank = lora_rank(&request.training.lora_rank);
    let targets = LoraTarget::parse_list(&request.training.lora_targets);
    let (Ok(model), Ok(format), Ok(overhead), Ok(count), Ok(reserve), Ok(gpu), Ok(efficiency), Ok(_), Ok(_), Ok(context), Ok(batch)) =
        (&model, &format, &overhead, &count_text, &reserve, &gpu, &efficiency, &custom_memory, &custom_bandwidth, &context, &batch)
    else {
        return Err(InputErrors {
            params: model.err(),
            quant: format.err(),
            overhead: overhead.err(),
            gpu_count: count_text.err(),
            reserve: reserve.err(),
            gpu: gpu.err(),
            efficiency: efficiency.err(),
            custom_memory: custom_memory.err(),
            custom_bandwidth: custom_bandwidth.err(),
            context: context.err(),
            batch: batch.err(),
            parallel: parallel.map(Result::err),
            kv_capacity_memory: kv_capacity_memory.err(),
            gpu_memory_utilization: utilization.err(),
            lora_rank: rank.err(),
            lora_targets: targets.err(),
            estimate: None,
        });
    };
    let ([Ok(tensor_parallel), Ok(pipeline_parallel)], Ok(kv_memory), Ok(utilization), Ok(rank), Ok(targets)) =
        (&parallel, &kv_capacity_memory, &utilization, &rank, &targets)
    else {
        return Err(InputErrors {
            parallel: parallel.map(Result::err),
            kv_capacity_memory: kv_capacity_memory.err(),
            gpu_memory_utilization: utilization.err(),
            lora_rank: rank.err(),
            lora_targets: targets.err(),
            ..InputErrors::default()
        });
    };
    let model = if stored { model.clone() } else { model.clone().without_stored_weights() };
    let count = gpu.as_ref().and_then(|(_, system)| *system).unwrap_or(*count);
    let training = &request.training;
    let settings = Settings {
        format: *format,
        kv_dtype: request.kv,
        context: *context,
        batch: *batch,
        engine: request.engine,
        mode: request.mode,
        precision: training.precision,
        optimizer: training.optimizer,
        checkpointing: training.checkpointing,
        flash_attention: request.flash_attention,
        lora_rank: *rank,
        lora_targets: targets.clone(),
        tensor_parallel: *tensor_parallel,
        pipeline_parallel: *pipeline_parallel,
        zero: training.zero,
        gpus: count,
        gpu_memory_utilization_permille: *utilization,
        // One GPU's memory for vLLM's KV capacity: as given, else a custom GPU's.
        gpu_memory: kv_memory.or(custom_memory.clone().ok().flatten()),
        vision: request.vision,
        mtp: request.mtp,
    };
    let fail = |e| InputErrors { estimate: Some(e), ..InputErrors::default() };
    let estimate = detailed_estimate(&model, &settings).map_err(fail)?;
    let mut report = EstimateReport::new(&model, &settings, estimate, *overhead, style);
    report.source = request.source.clone();
    let count = count.max(*tensor_parallel);
    if let Some((gpu, _)) = gpu {
        let placement = Placement { gpu, count, reserve: *reserve, efficiency: *efficiency };
        report.place(&model, &settings, placement).map_err(fail)?;
        report.answer_all(&model, &settings, placement, request.solve).map_err(fail)?;
        report.fit_everywhere(&model, &settings, placement.count, *reserve).map_err(fail)?;
    } else if request.fit_all {
        report.fit_everywhere(&model, &settings, count, *reserve).map_err(fail)?;
    }
    Ok(report)
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
