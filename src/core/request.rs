//! What a person asks for, as the page's fields, share links and the CLI's flags give it: the
//! inputs as typed, the text → value functions with one set of bounds and one set of messages
//! for all three front doors, and [`report`], the one entry point from inputs to the report.

use crate::core::activations::Checkpointing;
use crate::core::catalogue::gpus::{gpus, Gpu, SYSTEMS};
use crate::core::engines::Engine;
use crate::core::estimate::{estimate as detailed_estimate, EstimateError, Mode, Model, Settings, MAX_BATCH, MAX_CONTEXT, MAX_GPUS};
use crate::core::kv_cache::KvDtype;
use crate::core::quant::{UnknownFormat, WeightFormat};
use crate::core::hub::HubRef;
use crate::core::import::Source;
use crate::core::report::{EstimateReport, Placement, SolveFor};
use crate::core::training::{LoraTarget, Optimizer, TrainPrecision, ZeroStage};
use crate::core::rule_of_thumb::OverheadFactor;
use crate::core::i18n::Lang;
use crate::core::machine::{unified_share, Machine, RamType, RamTypeError, DEFAULT_RAM, MACHINE, RAM_RANGE_GB};
use crate::core::placement::{Forced, Offload};
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
    /// The LoRA rank ([`lora_rank`] reads it).
    pub lora_rank: u64,
    /// The LoRA target modules (`LoraTarget::parse_list` reads `q,k,v,o` or `all`).
    pub lora_targets: Vec<LoraTarget>,
    /// The ZeRO stage across the data-parallel GPUs.
    pub zero: ZeroStage,
}

impl Default for TrainingRequest {
    /// The estimate's own defaults ([`Settings::default`]), so the two cannot drift.
    fn default() -> TrainingRequest {
        let s = Settings::default();
        TrainingRequest {
            precision: s.precision,
            optimizer: s.optimizer,
            checkpointing: s.checkpointing,
            lora_rank: s.lora_rank,
            lora_targets: s.lora_targets,
            zero: s.zero,
        }
    }
}

/// How much of the report [`report`] builds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Everything: with a GPU, every solver's answer and every catalogue GPU's fit too.
    #[default]
    Everything,
    /// The estimate, the fit and the speed: what the page's first paint shows (the solvers and
    /// the GPU table, about 160 more estimates, follow right after it).
    Answer,
}

/// How the page is shown inside another site's page (`embed=` in a link).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Embed {
    /// Not embedded: the whole page.
    #[default]
    Off,
    /// One compact card (`embed=1`): the model, its settings, the verdict, the total, the bar.
    Card,
    /// The whole calculator without the page's header and footer (`embed=full`).
    Full,
}

impl Embed {
    /// The value a link carries (`1`, `full`); `None` for [`Embed::Off`].
    pub fn value(self) -> Option<&'static str> {
        match self {
            Embed::Off => None,
            Embed::Card => Some("1"),
            Embed::Full => Some("full"),
        }
    }

    /// Reads a link's value (`0` is off).
    pub fn from_value(value: &str) -> Option<Embed> {
        match value {
            "0" => Some(Embed::Off),
            "1" => Some(Embed::Card),
            "full" => Some(Embed::Full),
            _ => None,
        }
    }
}

/// An input the compact embed offers its readers (`controls=ctx,quant`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedControl {
    /// The context length.
    Context,
    /// The weight format.
    Quant,
    /// The GPU.
    Gpu,
    /// The batch.
    Batch,
}

impl EmbedControl {
    /// Every control, in the order the card shows them.
    pub const ALL: [EmbedControl; 4] = [EmbedControl::Context, EmbedControl::Quant, EmbedControl::Gpu, EmbedControl::Batch];

    /// The name a link uses (the same as the field's own link key).
    pub fn name(self) -> &'static str {
        match self {
            EmbedControl::Context => "ctx",
            EmbedControl::Quant => "quant",
            EmbedControl::Gpu => "gpu",
            EmbedControl::Batch => "batch",
        }
    }

    /// Reads a list such as `ctx,quant`; `None` when any name is unknown. Each control once,
    /// in [`EmbedControl::ALL`]'s order.
    pub fn parse_list(list: &str) -> Option<Vec<EmbedControl>> {
        let names: Vec<&str> = list.split(',').map(str::trim).filter(|n| !n.is_empty()).collect();
        if names.iter().any(|n| !EmbedControl::ALL.iter().any(|c| c.name() == *n)) {
            return None;
        }
        Some(EmbedControl::ALL.into_iter().filter(|c| names.contains(&c.name())).collect())
    }
}

/// Everything an estimate depends on, as the page's fields, a share link and the CLI's flags
/// give it: what the page lets a person type as typed (so a half-typed value is kept; [`report`]
/// parses it with one set of bounds), every choice as the core's own enum, and the settings only
/// the CLI offers as values (it reads them with this module's functions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The model.
    pub model: ModelInput,
    /// The imported files behind `model`, when it came from files (shown in the report).
    pub source: Option<Source>,
    /// The Hugging Face repo the model is (or, from a link, is to be) read from: it travels in
    /// share links as `hf=` and `rev=`, the files themselves never do.
    pub hub: Option<HubRef>,
    /// The weight format.
    pub quant: FormatChoice,
    /// The article's rule-of-thumb factor as typed.
    pub overhead: String,
    /// A catalogue GPU id, a system id (`4x-rtx-6000-ada`) or `custom`; empty for none.
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
    /// Tensor-parallel GPUs for the estimate itself ([`gpu_count`] reads it).
    pub tensor_parallel: u64,
    /// Pipeline stages for the estimate itself ([`gpu_count`] reads it).
    pub pipeline_parallel: u64,
    /// One GPU's memory for vLLM's KV capacity ([`gpu_memory`] reads it); `None`: a custom
    /// GPU's, else none.
    pub kv_capacity_memory: Option<Bytes>,
    /// vLLM's `gpu_memory_utilization` in per mille ([`memory_utilization`] reads it).
    pub gpu_memory_utilization_permille: u64,
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
    /// How much of the report to build.
    pub detail: Detail,
    /// How sizes are shown (it does not change any figure).
    pub unit: Unit,
    /// The language when chosen (a link or the switch); `None`: the browser's.
    pub lang: Option<Lang>,
    /// The layout inside another site's page.
    pub embed: Embed,
    /// The inputs the compact embed shows, in this order.
    pub embed_controls: Vec<EmbedControl>,
    /// More GPUs in the same machine, of other kinds: (catalogue id, how many).
    pub more_gpus: Vec<(String, u64)>,
    /// System RAM in GB as typed (for a unified-memory machine, its memory size); empty when
    /// not given (then nothing is offloaded).
    pub ram: String,
    /// The RAM type as typed (`ddr5-6000x2`); empty for dual-channel DDR5-5600.
    pub ram_type: String,
    /// RAM bandwidth in GB/s as typed; empty to take it from the RAM type.
    pub ram_bandwidth: String,
    /// How the model may spill into RAM (llama.cpp-family engines).
    pub offload: Offload,
    /// A placement forced with llama.cpp's own flags.
    pub forced: Forced,
    /// A unified-memory GPU's limit in MiB (macOS `iogpu.wired_limit_mb`); `None`: the
    /// platform's rule.
    pub gpu_limit_mib: Option<u64>,
    /// The decode speed the machine solvers ask for, tokens/s, as typed.
    pub speed_target: String,
}

impl Default for Request {
    /// The page's starting state; what only the CLI sets starts at the estimate's own defaults.
    fn default() -> Request {
        let settings = Settings::default();
        Request {
            model: ModelInput::Typed("7B".into()),
            source: None,
            hub: None,
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
            tensor_parallel: settings.tensor_parallel,
            pipeline_parallel: settings.pipeline_parallel,
            kv_capacity_memory: settings.gpu_memory,
            gpu_memory_utilization_permille: settings.gpu_memory_utilization_permille,
            flash_attention: settings.flash_attention,
            training: TrainingRequest::default(),
            vision: settings.vision,
            mtp: settings.mtp,
            solve: None,
            fit_all: false,
            detail: Detail::Everything,
            unit: Unit::Gb,
            lang: None,
            embed: Embed::Off,
            embed_controls: Vec::new(),
            more_gpus: Vec::new(),
            ram: String::new(),
            ram_type: String::new(),
            ram_bandwidth: String::new(),
            offload: Offload::Auto,
            forced: Forced::default(),
            gpu_limit_mib: None,
            speed_target: DEFAULT_SPEED_TARGET.into(),
        }
    }
}

/// A GPU as a request names it: a system id (`4x-rtx-6000-ada`, which fixes the count) or a
/// catalogue id; with how many a system holds. (The CLI turns a name such as `4090` into its
/// id with `catalogue::gpus::find_gpu` first.)
pub fn resolve_gpu(id: &str) -> Option<(&'static Gpu, Option<u64>)> {
    let id = id.trim();
    match SYSTEMS.iter().find(|s| s.id == id) {
        Some(system) => gpus().iter().find(|g| g.id == system.gpu).map(|g| (g, Some(system.count))),
        None => gpus().iter().find(|g| g.id == id).map(|g| (g, None)),
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
    /// A GPU that is not in the catalogue (a tampered link, a misspelt name).
    pub gpu: Option<String>,
    /// System RAM.
    pub ram: Option<NumberError>,
    /// The RAM type.
    pub ram_type: Option<RamTypeError>,
    /// The RAM bandwidth.
    pub ram_bandwidth: Option<NumberError>,
    /// The decode speed asked for.
    pub speed_target: Option<NumberError>,
    /// The machine as a whole (more GPUs than llama.cpp can use, a second GPU not in the
    /// catalogue).
    pub machine: Option<String>,
    /// The inputs parse but the estimate cannot be made.
    pub estimate: Option<EstimateError>,
}

impl InputErrors {
    /// Every message, prefixed with the field it belongs to (for the CLI's stderr).
    pub fn messages(&self) -> Vec<String> {
        let numbers: [(&str, &Option<NumberError>); 12] = [
            ("params", &self.params),
            ("overhead", &self.overhead),
            ("GPUs", &self.gpu_count),
            ("reserve", &self.reserve),
            ("efficiency", &self.efficiency),
            ("GPU memory", &self.custom_memory),
            ("bandwidth", &self.custom_bandwidth),
            ("context", &self.context),
            ("batch", &self.batch),
            ("RAM", &self.ram),
            ("RAM bandwidth", &self.ram_bandwidth),
            ("speed", &self.speed_target),
        ];
        let mut messages: Vec<String> = numbers.iter().filter_map(|(field, e)| e.as_ref().map(|e| format!("{field}: {e}"))).collect();
        messages.extend(self.quant.as_ref().map(|e| format!("quant: {e}")));
        messages.extend(self.gpu.clone());
        messages.extend(self.ram_type.as_ref().map(|e| format!("RAM type: {e}")));
        messages.extend(self.machine.clone());
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

/// System RAM in GB: 8 to 16,000 (below 8 GB nothing is left beside the OS).
pub fn ram(text: &str, style: NumberStyle) -> Result<Bytes, NumberError> {
    let (low, high) = RAM_RANGE_GB;
    match parse_factor_thousandths(text, style, 1, (high * 1_000) as u32) {
        Ok(t) if u64::from(t) < low * 1_000 => Err(NumberError::BelowOs),
        parsed => parsed.map(|t| Bytes(u64::from(t) * 1_000_000)),
    }
}

/// A count of layers for `-ngl` / `--n-cpu-moe`: 0 (none) to 10,000 (the config reader's bound
/// on layers).
pub fn layer_count(text: &str) -> Result<u64, NumberError> {
    match parse_count(text, 10_000) {
        Err(NumberError::Zero) => Ok(0),
        counted => counted,
    }
}

/// A unified-memory GPU's limit in MiB (macOS `iogpu.wired_limit_mb`): 1,024 to 4,194,304.
pub fn gpu_limit_mib(text: &str) -> Result<u64, NumberError> {
    const MAX_MIB: u32 = 4 << 20;
    let mib = parse_count(text, MAX_MIB.into())?;
    if mib < 1_024 {
        return Err(NumberError::OutOfRange { min_thousandths: 1_024_000, max_thousandths: MAX_MIB * 1_000 });
    }
    Ok(mib)
}

/// The decode speed the machine solvers ask for unless told otherwise: 10 tokens/s, about
/// reading speed. (Text, as typed: formatting an f64 would cost the page ~3 KB of code.)
pub const DEFAULT_SPEED_TARGET: &str = "10";

/// A decode speed to ask for: 0.1 to 10,000 tokens/s.
pub fn speed_target(text: &str, style: NumberStyle) -> Result<f64, NumberError> {
    parse_factor_thousandths(text, style, 100, 10_000_000).map(|t| f64::from(t) / 1_000.0)
}

/// GPUs llama.cpp can use in one process (`GGML_CUDA_MAX_DEVICES`, ggml-cuda's common.cuh).
pub const MAX_MACHINE_GPUS: u64 = 16;

/// vLLM's `gpu_memory_utilization`, 0.001 to 1, in per mille.
pub fn memory_utilization(text: &str, style: NumberStyle) -> Result<u64, NumberError> {
    parse_factor_thousandths(text, style, 1, 1_000).map(u64::from)
}

/// The LoRA rank: 1 to 65,536.
pub fn lora_rank(text: &str) -> Result<u64, NumberError> {
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
    let mut errors = InputErrors::default();
    let model = match &request.model {
        ModelInput::Typed(text) => keep(parse_params(text, style).map(Model::Params), &mut errors.params),
        ModelInput::Chosen(model) => Some(model.clone()),
    };
    let stored = matches!(model, Some(Model::Files { .. })) && matches!(request.quant, FormatChoice::AsStored);
    let format = match request.quant {
        FormatChoice::Format(format) => Some(format),
        // Stored weights are counted from their headers; the format they declare still tells
        // the engine's kernels apart.
        FormatChoice::AsStored if stored => {
            let declared = request.source.as_ref().and_then(|s| s.quantization.as_deref());
            Some(declared.and_then(|name| WeightFormat::from_name(name).ok()).unwrap_or(WeightFormat::Bf16))
        }
        // "As stored" without weight files (a tampered link); no second message for a bad count.
        FormatChoice::AsStored => {
            errors.quant = model.as_ref().map(|_| UnknownFormat(AS_STORED.into()));
            None
        }
    };
    let overhead = keep(OverheadFactor::parse(&request.overhead, style), &mut errors.overhead);
    let count = keep(gpu_count(&request.gpu_count), &mut errors.gpu_count);
    let reserve = keep(reserve(&request.reserve, style), &mut errors.reserve);
    let efficiency = keep(efficiency(&request.efficiency, style), &mut errors.efficiency);
    let custom = request.gpu.trim() == "custom";
    let custom_memory = if custom { keep(gpu_memory(&request.custom_memory, style).map(Some), &mut errors.custom_memory) } else { Some(None) };
    let custom_bandwidth = if custom { keep(bandwidth(&request.custom_bandwidth, style), &mut errors.custom_bandwidth) } else { None };
    let gpu: Option<Option<(Gpu, Option<u64>)>> = match (request.gpu.trim(), custom_memory, custom_bandwidth) {
        ("", _, _) => Some(None),
        ("custom", Some(Some(memory)), Some(bandwidth)) => Some(Some((Gpu::custom(memory, bandwidth), None))),
        ("custom", _, _) => None,
        (id, _, _) => keep(resolve_gpu(id).map(|(g, n)| Some((g.clone(), n))).ok_or_else(|| format!("“{id}” is not a GPU in the catalogue")), &mut errors.gpu),
    };
    let ram = match request.ram.trim() {
        _ if !MACHINE => Some(None),
        "" => Some(None),
        text => keep(ram(text, style).map(Some), &mut errors.ram),
    };
    let ram_bandwidth = match (request.ram_bandwidth.trim(), request.ram_type.trim()) {
        _ if !MACHINE => Some(DEFAULT_RAM.bandwidth_gbps()),
        ("", "") => Some(DEFAULT_RAM.bandwidth_gbps()),
        ("", kind) => keep(RamType::parse(kind).map(|t| t.bandwidth_gbps()), &mut errors.ram_type),
        (gbps, _) => keep(bandwidth(gbps, style), &mut errors.ram_bandwidth),
    };
    // A loop with `?` rather than collecting Results: each such collect is an adapter of its own
    // in the page.
    let resolve_more = || -> Result<Vec<(Gpu, u64)>, String> {
        let mut more = Vec::new();
        for (id, n) in request.more_gpus.iter().filter(|_| MACHINE) {
            let (gpu, _) = resolve_gpu(id).ok_or_else(|| format!("“{}” is not a GPU in the catalogue", id.trim()))?;
            more.push((gpu.clone(), *n));
        }
        Ok(more)
    };
    let more_gpus = keep(resolve_more(), &mut errors.machine);
    let speed_target = if MACHINE { keep(speed_target(&request.speed_target, style), &mut errors.speed_target) } else { Some(0.0) };
    let context = keep(parse_tokens(&request.context, style, MAX_CONTEXT), &mut errors.context);
    let batch = keep(parse_count(&request.batch, MAX_BATCH), &mut errors.batch);
    let (
        Some(model),
        Some(format),
        Some(overhead),
        Some(count),
        Some(reserve),
        Some(efficiency),
        Some(custom_memory),
        Some(gpu),
        Some(context),
        Some(batch),
        Some(ram),
        Some(ram_bandwidth),
        Some(more_gpus),
        Some(speed_target),
    ) = (
        model,
        format,
        overhead,
        count,
        reserve,
        efficiency,
        custom_memory,
        gpu,
        context,
        batch,
        ram,
        ram_bandwidth,
        more_gpus,
        speed_target,
    )
    else {
        return Err(errors);
    };
    let model = if stored { model } else { model.without_stored_weights() };
    let count = gpu.as_ref().and_then(|(_, system)| *system).unwrap_or(count);
    let training = &request.training;
    let settings = Settings {
        format,
        kv_dtype: request.kv,
        context,
        batch,
        engine: request.engine,
        mode: request.mode,
        precision: training.precision,
        optimizer: training.optimizer,
        checkpointing: training.checkpointing,
        flash_attention: request.flash_attention,
        lora_rank: training.lora_rank,
        lora_targets: training.lora_targets.clone(),
        tensor_parallel: request.tensor_parallel,
        pipeline_parallel: request.pipeline_parallel,
        zero: training.zero,
        gpus: count,
        gpu_memory_utilization_permille: request.gpu_memory_utilization_permille,
        // One GPU's memory for vLLM's KV capacity: as given, else a custom GPU's.
        gpu_memory: request.kv_capacity_memory.or(custom_memory),
        vision: request.vision,
        mtp: request.mtp,
    };
    let fail = |e| InputErrors { estimate: Some(e), ..InputErrors::default() };
    let estimate = detailed_estimate(&model, &settings).map_err(fail)?;
    let mut report = EstimateReport::new(&model, &settings, estimate, overhead, style);
    report.source = request.source.clone();
    let count = count.max(request.tensor_parallel);
    if let Some((gpu, _)) = &gpu {
        let placement = Placement { gpu, count, reserve, efficiency };
        report.place(&model, &settings, placement).map_err(fail)?;
        if request.detail == Detail::Everything {
            report.answer_all(&model, &settings, placement, request.solve).map_err(fail)?;
        }
        // A machine is placed when the request describes one (its RAM, more GPUs, an offload
        // choice); otherwise the report stays the GPUs' own, as the page's is.
        let describes_machine = !request.ram.trim().is_empty() || !request.more_gpus.is_empty() || request.offload != Offload::Auto || request.forced != Forced::default();
        if MACHINE && describes_machine {
            let machine = machine(gpu, count, &more_gpus, ram, ram_bandwidth, request.gpu_limit_mib);
            if settings.engine == Engine::LlamaCpp && machine.gpus.len() as u64 > MAX_MACHINE_GPUS {
                return Err(InputErrors { machine: Some(format!("{} GPUs: llama.cpp uses at most {MAX_MACHINE_GPUS} in one machine", machine.gpus.len())), ..InputErrors::default() });
            }
            report.place_on_machine(&model, &settings, &machine, reserve, (request.offload, request.forced), speed_target).map_err(fail)?;
        }
    }
    if (gpu.is_some() || request.fit_all) && request.detail == Detail::Everything {
        report.fit_everywhere(&model, &settings, count, reserve).map_err(fail)?;
    }
    Ok(report)
}

/// The machine: `count` of `gpu` and the other GPUs, each unified-memory GPU's share taken
/// from the machine's memory size when RAM is given.
fn machine(gpu: &Gpu, count: u64, more: &[(Gpu, u64)], ram: Option<Bytes>, ram_bandwidth_gbps: f64, limit_mib: Option<u64>) -> Machine {
    let one = |g: &Gpu| {
        let mut g = g.clone();
        if let (true, Some(memory)) = (g.unified, ram) {
            g.usable_bytes = unified_share(&g, memory, limit_mib).0 .0;
        }
        g
    };
    let mut gpus: Vec<Gpu> = (0..count.min(MAX_MACHINE_GPUS + 1)).map(|_| one(gpu)).collect();
    for (g, n) in more {
        gpus.extend((0..(*n).min(MAX_MACHINE_GPUS + 1)).map(|_| one(g)));
    }
    Machine { gpus, ram, ram_bandwidth_gbps }
}

/// The value of `result`, or `None` with its error put in `slot` (so every field's error is
/// collected before any is returned).
fn keep<T, E>(result: Result<T, E>, slot: &mut Option<E>) -> Option<T> {
    result.map_err(|e| *slot = Some(e)).ok()
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
