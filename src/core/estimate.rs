//! The detailed estimate: every part of the GPU memory bill, each with its formula (numbers
//! substituted), its source and its uncertainty, summed into a total with a low–high band.

use crate::core::activations::{
    llama_cpp_compute_bytes, llama_cpp_mlp_width, training_activation_bytes, transformers_activation_bytes, vllm_activation_bytes,
    Checkpointing, F32_BYTES, LLAMA_CPP_MLP_INTERMEDIATES, LLAMA_CPP_UBATCH, VLLM_ACTIVATION_FACTOR, VLLM_PROFILE_TOKENS,
};
use crate::core::architecture::{Architecture, Mixer, MixerCounts};
use crate::core::engines::Engine;
use crate::core::i18n::{Key, Lang};
use crate::core::kv_cache::{bytes_per_token, kv_bytes_by_layer, kv_cache_bytes, state_bytes_by_layer, state_bytes_per_sequence, KvDtype};
use crate::core::params::{count_params, ParamCount, PartsReport};
use crate::core::quant::{WeightFormat, WeightSplit};
use crate::core::training::{lora_trainable_params, model_states, LoraTarget, Optimizer, TrainPrecision, ZeroStage};
use crate::core::units::{Bytes, NumberStyle, Params, Tokens};

/// What the user wants to size.
// One Model is built per estimate; boxing the architecture would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Model {
    /// A known architecture (from a config, a preset or a file header): exact.
    Architecture(Architecture),
    /// Only a parameter count: a typical decoder of that size stands in, flagged approximate.
    Params(Params),
    /// Weight files read from their headers: the exact element count and stored bytes, with the
    /// architecture from a config or the GGUF metadata (else a typical decoder, flagged).
    Files {
        /// The architecture from a config, the GGUF metadata or the tensor names.
        arch: Architecture,
        /// The exact element count of the stored tensors.
        params: Params,
        /// The stored tensor bytes.
        weights: Bytes,
        /// Value bits per weight of the stored format (Q4_K_M 4, BF16 16), for the rule of thumb.
        nominal_bits: u32,
    },
}

impl Model {
    /// The parts a person may switch on and off: (a vision or audio tower, MTP layers).
    pub fn optional_parts(&self) -> (bool, bool) {
        match self {
            Model::Architecture(arch) | Model::Files { arch, .. } => (arch.vision_params + arch.audio_params > 0, arch.mtp.is_some()),
            Model::Params(_) => (false, false),
        }
    }

    /// The longest context the model was trained for, when its config says.
    pub fn trained_context(&self) -> Option<u64> {
        match self {
            Model::Architecture(arch) | Model::Files { arch, .. } => arch.max_context,
            Model::Params(_) => None,
        }
    }

    /// Weight files as a what-if in another format: their architecture (or, without one, their
    /// exact parameter count) instead of the bytes as stored. Other models are unchanged.
    pub fn without_stored_weights(self) -> Model {
        match self {
            Model::Files { arch, params, .. } if arch.model_type == "typical" => Model::Params(params),
            Model::Files { arch, .. } => Model::Architecture(arch),
            other => other,
        }
    }
}

/// The job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Serving: weights, KV cache, activations and the engine.
    Inference,
    /// Full fine-tuning: every parameter trains.
    Full,
    /// LoRA adapters on a frozen 16-bit base.
    Lora,
    /// LoRA adapters on a frozen NF4 base (QLoRA, Dettmers et al. 2023).
    Qlora,
}

impl Mode {
    /// Every job, in the order the page lists them.
    pub const ALL: [Mode; 4] = [Mode::Inference, Mode::Full, Mode::Lora, Mode::Qlora];

    /// What the page's list calls it in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Mode::Inference => Key::JobInference,
            Mode::Full => Key::JobFull,
            Mode::Lora => Key::JobLora,
            Mode::Qlora => Key::JobQlora,
        })
    }

    /// Reads a job by name (`inference`, `full`, `lora`, `qlora` and their aliases).
    pub fn from_name(name: &str) -> Option<Mode> {
        match name.trim().to_ascii_lowercase().as_str() {
            "inference" | "infer" | "serve" => Some(Mode::Inference),
            "full" | "finetune" | "full-finetune" | "train" => Some(Mode::Full),
            "lora" => Some(Mode::Lora),
            "qlora" => Some(Mode::Qlora),
            _ => None,
        }
    }

    /// Its short name in `lang`, for headings (`Qlora` → "QLoRA").
    pub fn short_label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            Mode::Inference => Key::JobShortInference,
            Mode::Full => Key::JobShortFull,
            Mode::Lora => Key::JobShortLora,
            Mode::Qlora => Key::JobShortQlora,
        })
    }

    /// The job's name in links and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Inference => "inference",
            Mode::Full => "full",
            Mode::Lora => "lora",
            Mode::Qlora => "qlora",
        }
    }
}

/// Everything besides the model that shapes the estimate.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub format: WeightFormat,
    pub kv_dtype: KvDtype,
    /// Tokens per sequence. Defaults to 4096, never silently to the model's maximum.
    pub context: Tokens,
    pub batch: u64,
    pub engine: Engine,
    pub mode: Mode,
    pub precision: TrainPrecision,
    pub optimizer: Optimizer,
    pub checkpointing: Checkpointing,
    pub flash_attention: bool,
    pub lora_rank: u64,
    pub lora_targets: Vec<LoraTarget>,
    /// Tensor-parallel GPUs (inference).
    pub tensor_parallel: u64,
    /// Pipeline stages (inference).
    pub pipeline_parallel: u64,
    /// ZeRO stage for training across `gpus` data-parallel GPUs.
    pub zero: ZeroStage,
    pub gpus: u64,
    /// vLLM's `gpu_memory_utilization` in per mille (0.95 → 950).
    pub gpu_memory_utilization_permille: u64,
    /// Memory of one GPU, when the user gives one (enables `kv_capacity_tokens`).
    pub gpu_memory: Option<Bytes>,
    /// Load the vision tower (on by default when the model has one).
    pub vision: bool,
    /// Load the MTP layers for speculative decoding (off by default).
    pub mtp: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            format: WeightFormat::Bf16,
            kv_dtype: KvDtype::F16,
            context: Tokens(4_096),
            batch: 1,
            engine: Engine::Vllm,
            mode: Mode::Inference,
            precision: TrainPrecision::Mixed,
            optimizer: Optimizer::AdamW,
            checkpointing: Checkpointing::None,
            flash_attention: true,
            lora_rank: 16,
            lora_targets: vec![LoraTarget::Q, LoraTarget::K, LoraTarget::V, LoraTarget::O],
            tensor_parallel: 1,
            pipeline_parallel: 1,
            zero: ZeroStage(0),
            gpus: 1,
            gpu_memory_utilization_permille: 900,
            gpu_memory: None,
            vision: true,
            mtp: false,
        }
    }
}

/// Bounds on settings: beyond these the question is not a real deployment.
pub const MAX_CONTEXT: u64 = 10_000_000;
pub const MAX_BATCH: u64 = 100_000;
pub const MAX_GPUS: u64 = 4_096;

/// Why an estimate could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EstimateError {
    TooManyParams,
    /// The bill passes 2⁶⁴ bytes (18 exabytes): no figure would mean anything.
    TooLarge,
    Invalid(String),
}

impl std::fmt::Display for EstimateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EstimateError::TooManyParams => write!(f, "more than 10¹⁵ parameters; no real model is that large"),
            EstimateError::TooLarge => write!(f, "the estimate passes 18 exabytes (2⁶⁴ bytes): check the parameter count, context and batch"),
            EstimateError::Invalid(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for EstimateError {}

/// What a share of the memory is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentKind {
    Weights,
    KvCache,
    /// Linear-attention and Mamba layers' fixed state per sequence.
    RecurrentState,
    Activations,
    /// The engine's CUDA context, workspaces and communication buffers.
    Runtime,
    CudaGraphs,
    Gradients,
    Optimizer,
}

impl ComponentKind {
    /// The stable key in JSON, the CLI's table and the page's CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            ComponentKind::Weights => "weights",
            ComponentKind::KvCache => "kv_cache",
            ComponentKind::RecurrentState => "recurrent_state",
            ComponentKind::Activations => "activations",
            ComponentKind::Runtime => "runtime",
            ComponentKind::CudaGraphs => "cuda_graphs",
            ComponentKind::Gradients => "gradients",
            ComponentKind::Optimizer => "optimizer",
        }
    }

    /// Its name in `lang` (`KvCache` → "KV cache").
    pub fn label(self, lang: Lang) -> &'static str {
        lang.text(match self {
            ComponentKind::Weights => Key::ComponentWeights,
            ComponentKind::KvCache => Key::ComponentKvCache,
            ComponentKind::RecurrentState => Key::ComponentRecurrentState,
            ComponentKind::Activations => Key::ComponentActivations,
            ComponentKind::Runtime => Key::ComponentRuntime,
            ComponentKind::CudaGraphs => Key::ComponentCudaGraphs,
            ComponentKind::Gradients => Key::ComponentGradients,
            ComponentKind::Optimizer => Key::ComponentOptimizer,
        })
    }
}

impl crate::core::to_json::ToJson for Mode {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(self.name());
    }
}

impl crate::core::to_json::ToJson for ComponentKind {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.string(self.name());
    }
}

/// One line of the bill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// What the memory is for (its stable key in JSON: `weights`, `kv_cache`, …).
    pub name: ComponentKind,
    pub bytes: Bytes,
    /// The formula with the user's numbers in it.
    pub formula: String,
    pub source: &'static str,
    /// ± per mille.
    pub uncertainty_permille: u64,
}

/// The estimate for one model and settings (per GPU when `per_gpu`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub params: Params,
    pub active_params: Params,
    pub trainable_params: u64,
    pub components: Vec<Component>,
    pub total_bytes: Bytes,
    pub total_low_bytes: Bytes,
    pub total_high_bytes: Bytes,
    /// Figures are for each of several GPUs.
    pub per_gpu: bool,
    /// The architecture was guessed (bare parameter count or unknown `model_type`).
    pub approximate: bool,
    /// Tokens of KV cache that fit in what the GPU has left (needs `gpu_memory`).
    pub kv_capacity_tokens: Option<Tokens>,
    /// KV bytes one token adds (per GPU), full attention in every layer.
    pub kv_bytes_per_token: Bytes,
    /// Plain-language caveats.
    pub notes: Vec<String>,
    /// Parameters by part (embedding, head, attention, experts, SSM, vision, MTP, …).
    pub parts: PartsReport,
    /// Layers by token mixer (`{"attention": 12, "gated_deltanet": 36}`).
    pub layers_by_mixer: MixerCounts,
}

impl Estimate {
    /// The bytes of a named component, 0 when absent.
    pub fn component(&self, name: ComponentKind) -> Bytes {
        Bytes(self.components.iter().filter(|c| c.name == name).map(|c| c.bytes.0).sum())
    }
}

fn check(settings: &Settings) -> Result<(), EstimateError> {
    let bad = |why: String| Err(EstimateError::Invalid(why));
    if settings.context.0 == 0 || settings.context.0 > MAX_CONTEXT {
        return bad(format!("context must be between 1 and {MAX_CONTEXT} tokens"));
    }
    if settings.batch == 0 || settings.batch > MAX_BATCH {
        return bad(format!("batch must be between 1 and {MAX_BATCH}"));
    }
    for (name, n) in [("gpus", settings.gpus), ("tensor parallel", settings.tensor_parallel), ("pipeline parallel", settings.pipeline_parallel)] {
        if n == 0 || n > MAX_GPUS {
            return bad(format!("{name} must be between 1 and {MAX_GPUS}"));
        }
    }
    if settings.mode != Mode::Inference && (settings.tensor_parallel > 1 || settings.pipeline_parallel > 1) {
        return bad("tensor and pipeline parallelism are sized for inference; for training use ZeRO/FSDP with --zero and --gpus".into());
    }
    if settings.lora_rank == 0 || settings.lora_rank > 65_536 {
        return bad("LoRA rank must be between 1 and 65536".into());
    }
    if !(1..=1_000).contains(&settings.gpu_memory_utilization_permille) {
        return bad("gpu_memory_utilization must be above 0 and at most 1".into());
    }
    Ok(())
}

fn gib(bytes: u128) -> String {
    saturate(bytes).to_gib_string(NumberStyle::Point)
}

/// A count with thousands separators, for formulas.
fn grouped(n: u64) -> String {
    crate::core::units::group_thousands(n.into(), NumberStyle::Point)
}

fn saturate(bytes: u128) -> Bytes {
    Bytes(u64::try_from(bytes).unwrap_or(u64::MAX))
}

/// Inference on several GPUs without an explicit split means tensor parallelism over all of
/// them (what `vllm serve --tensor-parallel-size N` and llama.cpp's row split do).
fn normalized(settings: &Settings) -> Settings {
    let mut settings = settings.clone();
    if settings.mode == Mode::Inference && settings.gpus > 1 && settings.tensor_parallel == 1 && settings.pipeline_parallel == 1 {
        settings.tensor_parallel = settings.gpus;
    }
    settings
}

/// Works out the estimate.
pub fn estimate(model: &Model, settings: &Settings) -> Result<Estimate, EstimateError> {
    check(settings)?;
    let settings = &normalized(settings);
    let Prepared { arch, count, exact_total, stored, mtp_loaded } = prepare(model, settings)?;
    let guessed = matches!(model, Model::Params(_)) || arch.model_type == "typical";
    let approximate = arch.approximate || guessed;
    let mut notes = Vec::new();
    if guessed {
        notes.push("Only a parameter count is known: a typical decoder of that size stands in for the KV cache and activations, so treat those two as rough. A config.json gives exact figures.".into());
    } else if arch.approximate && arch.family == crate::core::architecture::Family::Generic {
        notes.push(format!("Unknown model_type “{}”: read as a Llama-style decoder, so the count is approximate.", arch.model_type));
    }
    if !guessed && !arch.assumed.is_empty() {
        let why = if arch.family == crate::core::architecture::Family::FromTensors {
            "Read from the tensor names and shapes (no config.json), so assumed"
        } else {
            "Absent from the config, so assumed"
        };
        notes.push(format!("{why}: {}.", arch.assumed.join("; ")));
    }
    if count.vision + count.audio > 0 {
        let towers = if count.audio > 0 { "vision and audio encoders and their projectors" } else { "vision encoder and projector" };
        notes.push(format!("Includes the {towers}: {} parameters.", grouped(count.vision + count.audio)));
    } else if !settings.vision && arch.vision_params + arch.audio_params > 0 {
        notes.push(format!("Text only: the towers' {} parameters are not loaded.", grouped(arch.vision_params + arch.audio_params)));
    }
    if arch.compressed.is_some() {
        notes.push("DeepSeek V4's cache is sized as vLLM keeps it: FP8 entries of a 128-token window in every layer plus one per 4 or 128 tokens, whatever KV type is chosen.".into());
    }
    if mtp_loaded {
        notes.push("Includes the multi-token-prediction layers, loaded for speculative decoding.".into());
    } else if count.mtp > 0 {
        notes.push(format!("Not included: {} parameters of multi-token-prediction layers, which engines load only for speculative decoding.", grouped(count.mtp)));
    }
    let scale = |bytes: u128| scaled(bytes, exact_total, &count);
    let params = exact_total.unwrap_or(count.total());
    let active = Params(scale(count.active().0.into()) as u64);

    let mut components = Vec::new();
    let job = Job { arch: &arch, count: &count, settings, scale: &scale, guessed, stored };
    let parts = match settings.mode {
        Mode::Inference => inference(&job, &mut components, &mut notes),
        _ => training(&job, &mut components),
    };
    let (trainable, per_gpu, kv_per_token) = parts;

    let total: u128 = components.iter().map(|c| u128::from(c.bytes.0)).sum();
    let spread: u128 = components.iter().map(|c| u128::from(c.bytes.0) * u128::from(c.uncertainty_permille) / 1_000).sum();
    let low = components
        .iter()
        .map(|c| u128::from(c.bytes.0) * u128::from(1_000 - c.uncertainty_permille.min(1_000)) / 1_000)
        .sum::<u128>();

    let kv_capacity_tokens = settings.gpu_memory.map(|memory| {
        let usable = match settings.engine {
            Engine::Vllm => u128::from(memory.0) * u128::from(settings.gpu_memory_utilization_permille) / 1_000,
            _ => u128::from(memory.0),
        };
        let fixed: u128 = components
            .iter()
            .filter(|c| c.name != ComponentKind::KvCache && !(settings.engine == Engine::Vllm && c.name == ComponentKind::CudaGraphs))
            .map(|c| u128::from(c.bytes.0))
            .sum();
        let left = usable.saturating_sub(fixed);
        Tokens(u64::try_from(left / u128::from(kv_per_token.0.max(1))).unwrap_or(u64::MAX))
    });
    if let (Engine::Vllm, Some(memory), Mode::Inference) = (settings.engine, settings.gpu_memory, settings.mode) {
        let reserved = u128::from(memory.0) * u128::from(settings.gpu_memory_utilization_permille) / 1_000;
        notes.push(format!(
            "vLLM reserves gpu_memory_utilization {} × {} = {} per GPU up front and fills what is left after weights, activations and runtime with KV cache.",
            crate::core::units::format_ratio(settings.gpu_memory_utilization_permille.into(), 1_000, 3, NumberStyle::Point),
            gib(memory.0.into()),
            gib(reserved),
        ));
    }
    if settings.mode == Mode::Inference {
        if let Some(max) = arch.max_context {
            if settings.context.0 > max {
                notes.push(format!("Context {} is longer than the model was trained for ({max} tokens).", settings.context.0));
            }
        }
    }
    if u64::try_from(total + spread).is_err() {
        return Err(EstimateError::TooLarge);
    }
    Ok(Estimate {
        params,
        active_params: active,
        trainable_params: trainable,
        components,
        total_bytes: saturate(total),
        total_low_bytes: saturate(low),
        total_high_bytes: saturate(total + spread),
        per_gpu,
        approximate,
        kv_capacity_tokens,
        kv_bytes_per_token: kv_per_token,
        notes,
        parts: count.parts(),
        layers_by_mixer: arch.layers_by_mixer(),
    })
}

/// The architecture and parameter count an estimate works from.
struct Prepared {
    arch: Architecture,
    /// With the vision tower dropped and the MTP layers added as the settings ask.
    count: ParamCount,
    /// The user's parameter count, when the architecture stands in for it.
    exact_total: Option<Params>,
    /// Weight bytes read from file headers.
    stored: Option<Bytes>,
    /// MTP layers are loaded.
    mtp_loaded: bool,
}

fn prepare(model: &Model, settings: &Settings) -> Result<Prepared, EstimateError> {
    let (arch, exact_total, stored) = match model {
        Model::Architecture(arch) => (arch.clone(), None, None),
        Model::Params(params) => (Architecture::typical(*params), Some(*params), None),
        Model::Files { arch, params, weights, .. } => (arch.clone(), Some(*params), Some(*weights)),
    };
    let mut count = count_params(&arch).map_err(|_| EstimateError::TooManyParams)?;
    if !settings.vision {
        count = count.without_vision();
    }
    let mtp_loaded = settings.mtp && count.mtp > 0;
    if settings.mtp {
        count = count.with_mtp(&arch);
    }
    Ok(Prepared { arch, count, exact_total, stored, mtp_loaded })
}

/// `bytes` of the stand-in architecture scaled to the user's parameter count (as is otherwise).
fn scaled(bytes: u128, exact_total: Option<Params>, count: &ParamCount) -> u128 {
    match exact_total {
        Some(p) => bytes * u128::from(p.0) / u128::from(count.total().0.max(1)),
        None => bytes,
    }
}

/// A model's inference memory by layer, for placing it on devices one layer at a time (as
/// llama.cpp does): the weights by part, each layer's cache, and what every device that holds
/// layers allocates besides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerLayout {
    /// The weights: embeddings, head, towers, and per layer the routed experts apart.
    pub weights: WeightSplit,
    /// Per layer: KV cache plus recurrent state for the whole batch (same order as the
    /// weights' layers; MTP layers keep none).
    pub cache: Vec<u64>,
    /// Per layer: the share of its routed experts one token reads, per mille.
    pub active_experts_permille: Vec<u64>,
    /// The compute buffer of a device that holds layers.
    pub compute: Bytes,
    /// Runtime memory on each GPU (CUDA context).
    pub runtime: Bytes,
}

/// The per-layer layout of an inference estimate on one device at a time (no tensor
/// parallelism): the same weights, cache and compute buffer [`estimate`] counts, by layer.
pub fn layout(model: &Model, settings: &Settings) -> Result<LayerLayout, EstimateError> {
    let settings = &Settings { tensor_parallel: 1, pipeline_parallel: 1, gpus: 1, mode: Mode::Inference, ..settings.clone() };
    check(settings)?;
    let Prepared { arch, count, exact_total, stored, .. } = prepare(model, settings)?;
    let weights = saturate(all_weights(stored, settings.format, &count, &|b| scaled(b, exact_total, &count)));
    let kv_layout = settings.engine.kv_layout();
    let kv = kv_bytes_by_layer(&arch, settings.kv_dtype, kv_layout, settings.context, settings.batch);
    let state = state_bytes_by_layer(&arch, kv_layout);
    let cache = (0..count.layers.len())
        .map(|i| {
            let kv = kv.get(i).copied().unwrap_or(0);
            let state = state.get(i).copied().unwrap_or(0).saturating_mul(settings.batch);
            kv.saturating_add(state)
        })
        .collect();
    let active_experts_permille = count.layers.iter().map(|l| (l.routed_active * 1_000).checked_div(l.routed).unwrap_or(0)).collect();
    let activations = inference_activations(&Job { arch: &arch, count: &count, settings, scale: &|b| b, guessed: false, stored });
    Ok(LayerLayout {
        weights: settings.format.split(&count, arch.tied_embeddings, weights),
        cache,
        active_experts_permille,
        compute: activations.bytes,
        runtime: settings.engine.runtime_bytes(1).0,
    })
}

/// What both the inference and the training accounting work from.
struct Job<'a> {
    arch: &'a Architecture,
    count: &'a ParamCount,
    settings: &'a Settings,
    /// Scales counts of the stand-in architecture to the user's parameter count (identity otherwise).
    scale: &'a dyn Fn(u128) -> u128,
    /// The architecture is a stand-in for a bare parameter count.
    guessed: bool,
    /// Weight bytes read from file headers, used as they are for inference.
    stored: Option<Bytes>,
}

/// Inference components; returns (trainable params, per_gpu, KV bytes per token per GPU).
fn inference(job: &Job, components: &mut Vec<Component>, notes: &mut Vec<String>) -> (u64, bool, Bytes) {
    let settings = job.settings;
    let split = settings.tensor_parallel * settings.pipeline_parallel;
    components.push(inference_weights(job));
    let (cache, per_token) = kv_cache(job, notes);
    components.push(cache);
    components.extend(recurrent_state(job));
    components.push(inference_activations(job));
    components.extend(engine_overhead(settings));
    (0, split > 1, per_token)
}

/// Every weight byte before any split: as the files store them, or the format's bytes for the
/// count (`scale`d to a typed parameter count).
fn all_weights(stored: Option<Bytes>, format: WeightFormat, count: &ParamCount, scale: &dyn Fn(u128) -> u128) -> u128 {
    stored.map_or_else(|| scale(format.weights_bytes(count).0.into()), |bytes| bytes.0.into())
}

/// The weights, split over tensor and pipeline GPUs: as stored in the files, or the exact
/// tensor shapes in the chosen format.
fn inference_weights(job: &Job) -> Component {
    let Job { count, settings, scale, guessed, stored, .. } = *job;
    let (tp, pp) = (settings.tensor_parallel, settings.pipeline_parallel);
    let split = tp * pp;
    let format = settings.format;
    let weights_all = all_weights(stored, format, count, scale);
    let stored_as = if stored.is_some() { "as stored in the files".to_string() } else { format!("in {}", format.name()) };
    let weights = weights_all.div_ceil(u128::from(split));
    Component {
        name: ComponentKind::Weights,
        bytes: saturate(weights),
        formula: if split > 1 {
            format!("{} {stored_as} ÷ {split} GPUs (tensor {tp} × pipeline {pp})", gib(weights_all))
        } else {
            format!("{} parameters {stored_as} = {}", grouped(scale(count.total().0.into()) as u64), gib(weights_all))
        },
        source: if stored.is_some() {
            "Tensor sizes from the file headers (exact)"
        } else {
            "Exact tensor shapes × the format's block layout (docs/reference/quantization.md)"
        },
        uncertainty_permille: if stored.is_some() { 0 } else if guessed { 20 } else { format.uncertainty_permille() },
    }
}

/// The KV cache on each GPU (tensor parallelism splits KV heads, pipeline stages split layers)
/// and its bytes per token.
fn kv_cache(job: &Job, notes: &mut Vec<String>) -> (Component, Bytes) {
    let Job { arch, settings, guessed, .. } = *job;
    let (tp, pp) = (settings.tensor_parallel, settings.pipeline_parallel);
    let split = tp * pp;
    let layout = settings.engine.kv_layout();
    let kv_all = kv_cache_bytes(arch, settings.kv_dtype, layout, settings.context, settings.batch).0;
    let per_token_all = bytes_per_token(arch, settings.kv_dtype, layout).0;
    // Tensor parallelism splits KV heads; with fewer KV heads than GPUs each GPU keeps one head.
    // MLA's single latent is replicated on every tensor-parallel GPU. Pipeline stages split layers.
    let kv_share = |bytes: u64| -> u128 {
        let bytes = u128::from(bytes);
        let per_tp = if arch.mla.is_some() {
            bytes
        } else {
            let heads_here = arch.kv_heads.div_ceil(tp).max(1);
            bytes * u128::from(heads_here) / u128::from(arch.kv_heads.max(1))
        };
        per_tp.div_ceil(u128::from(pp))
    };
    let kv = kv_share(kv_all);
    let per_token = saturate(kv_share(per_token_all));
    if tp > 1 && arch.mla.is_none() && arch.kv_heads < tp {
        notes.push(format!("{} KV heads for {tp} GPUs: KV heads are replicated, so each GPU holds one.", arch.kv_heads));
    }
    let component = Component {
        name: ComponentKind::KvCache,
        bytes: saturate(kv),
        formula: format!(
            "{} tokens × batch {} × {} B/token ({} KV){}",
            settings.context.0,
            settings.batch,
            grouped(per_token.0),
            settings.kv_dtype.name(),
            if split > 1 { " on each GPU" } else { "" }
        ),
        source: "2 × layers × kv_heads × head_dim × bytes per token (MLA: layers × (kv_lora_rank + rope dim)); matches vLLM v0.19 token capacities",
        uncertainty_permille: if guessed { 750 } else { 0 },
    };
    (component, per_token)
}

/// The fixed state of the linear-attention and Mamba layers, for every sequence.
fn recurrent_state(job: &Job) -> Option<Component> {
    let Job { arch, settings, .. } = *job;
    let split = settings.tensor_parallel * settings.pipeline_parallel;
    let layout = settings.engine.kv_layout();
    let state_per_sequence = state_bytes_per_sequence(arch, layout).0;
    (state_per_sequence > 0).then(|| {
        // Tensor parallelism splits the heads of the recurrent layers; pipeline stages split layers.
        let state_all = u128::from(state_per_sequence) * u128::from(settings.batch);
        let state = state_all.div_ceil(u128::from(split));
        let recurrent = arch.plan.iter().filter(|l| l.mixer == Mixer::GatedDeltaNet || arch.runs_ssm(l)).count();
        Component {
            name: ComponentKind::RecurrentState,
            bytes: saturate(state),
            formula: format!(
                "batch {} × {} B per sequence ({recurrent} recurrent layers, {}){}",
                settings.batch,
                grouped(state_per_sequence),
                if layout.state_f32 { "f32" } else if arch.state_dtype_bytes == Some(4) { "f32 state" } else { "16-bit" },
                if split > 1 { " on each GPU" } else { "" }
            ),
            source: "Conv and recurrent state shapes of vLLM's MambaStateShapeCalculator and llama.cpp's n_embd_r/n_embd_s (docs/reference/engine_state.md); fixed per sequence, whatever its length",
            uncertainty_permille: 0,
        }
    })
}

/// The engine's activation peak: vLLM's profiling run, llama.cpp's compute buffer or one
/// transformers prefill.
fn inference_activations(job: &Job) -> Component {
    let Job { arch, settings, .. } = *job;
    let tokens = settings.context.0 * settings.batch;
    let (activation, formula, source, uncertainty) = match settings.engine {
        Engine::Vllm | Engine::TensorRtLlm => (
            vllm_activation_bytes(arch, VLLM_PROFILE_TOKENS),
            format!("{VLLM_PROFILE_TOKENS} profiled tokens × {VLLM_ACTIVATION_FACTOR} × ({} + 2 × {}) B", arch.intermediate, arch.hidden),
            "Fitted to vLLM v0.19 profiling peaks (Llama-3.1-8B 1.89 GiB, Qwen2.5-7B 2.21 GiB)",
            if arch.moe.is_some() { 600 } else { 500 },
        ),
        Engine::LlamaCpp => (
            llama_cpp_compute_bytes(arch, tokens, settings.flash_attention),
            format!(
                "{LLAMA_CPP_UBATCH} × {F32_BYTES} × {} logits + max({LLAMA_CPP_UBATCH} × {F32_BYTES} × {LLAMA_CPP_MLP_INTERMEDIATES} × {} MLP{})",
                arch.vocab,
                llama_cpp_mlp_width(arch),
                if settings.flash_attention {
                    String::new()
                } else {
                    format!(", {tokens} KV × {LLAMA_CPP_UBATCH} × {} heads × {F32_BYTES} scores", arch.heads)
                }
            ),
            "llama.cpp compute buffer: f32 logits, MLP and (without flash attention) attention scores; Llama-2-7B logged 296–308 MiB",
            150,
        ),
        Engine::Transformers => (
            transformers_activation_bytes(arch, settings.context.0, settings.batch),
            format!("{tokens} tokens × 2 × (2 × {} + 4 × {}) + {} × {} × 4 logits", arch.intermediate, arch.hidden, settings.batch, arch.vocab),
            "Live tensors of one prefill forward with SDPA attention (derived)",
            500,
        ),
        Engine::Custom => (Bytes(0), "not counted (custom engine)".into(), "—", 0),
    };
    Component { name: ComponentKind::Activations, bytes: activation, formula, source, uncertainty_permille: uncertainty }
}

/// What the engine keeps outside its tensors: runtime memory per GPU and CUDA graphs.
fn engine_overhead(settings: &Settings) -> Vec<Component> {
    let tp = settings.tensor_parallel;
    let mut components = Vec::new();
    let (runtime, runtime_uncertainty) = settings.engine.runtime_bytes(tp);
    components.push(Component {
        name: ComponentKind::Runtime,
        bytes: runtime,
        formula: format!("{} per GPU{}", gib(runtime.0.into()), if tp > 1 { " (with tensor-parallel buffers)" } else { "" }),
        source: "vLLM v0.19 non-torch memory per GPU, with one GPU and with TP ≥ 2 (docs/reference/measurements.md §1)",
        uncertainty_permille: runtime_uncertainty,
    });
    let (graphs, graph_uncertainty) = settings.engine.cuda_graph_bytes();
    if graphs.0 > 0 {
        components.push(Component {
            name: ComponentKind::CudaGraphs,
            bytes: graphs,
            formula: format!("{} (mean of 54 vLLM runs, 0.51–1.85 GiB)", gib(graphs.0.into())),
            source: "vLLM v0.19 CUDA graph pool (docs/reference/measurements.md)",
            uncertainty_permille: graph_uncertainty,
        });
    }
    components
}

/// Training components; returns (trainable params, per_gpu, KV bytes per token = 0).
fn training(job: &Job, components: &mut Vec<Component>) -> (u64, bool, Bytes) {
    let Job { arch, count, settings, scale, guessed, .. } = *job;
    let gpus = settings.gpus;
    let zero = settings.zero;
    let total = scale(count.total().0.into()) as u64;
    let (trainable, frozen_format, precision) = match settings.mode {
        Mode::Full => (total, None, settings.precision),
        Mode::Lora => (lora_trainable_params(arch, settings.lora_rank, &settings.lora_targets), Some(WeightFormat::Bf16), settings.precision),
        // QLoRA keeps bf16 adapters without an fp32 master copy (Dettmers et al. 2023).
        _ => (
            lora_trainable_params(arch, settings.lora_rank, &settings.lora_targets),
            Some(WeightFormat::Nf4 { double_quant: true }),
            TrainPrecision::PureBf16,
        ),
    };
    let matrix_inputs = if settings.mode == Mode::Full { scale(count.matrix_inputs().into()) as u64 } else { 0 };
    let mut states = model_states(trainable, matrix_inputs, precision, settings.optimizer, zero, gpus);
    if settings.mode == Mode::Qlora {
        // QLoRA's bf16 adapters still get fp32 optimizer moments (no master copy).
        let fp32_moments = settings.optimizer.state_bytes(trainable, matrix_inputs, TrainPrecision::Mixed);
        states.optimizer = zero.shard(fp32_moments, 1, gpus);
    }
    let zero_note = if gpus > 1 && zero.0 > 0 { format!(", ZeRO-{} over {gpus} GPUs", zero.0) } else { String::new() };

    if let Some(format) = frozen_format {
        let base = zero.shard(scale(format.weights_bytes(count).0.into()), 3, gpus);
        components.push(Component {
            name: ComponentKind::Weights,
            bytes: saturate(base + states.weights),
            formula: format!("frozen base in {} = {} + adapters {} × {} B{zero_note}", format.name(), gib(base), grouped(trainable), precision.weight_and_grad_bytes().0),
            source: "Exact tensor shapes × format; LoRA adds r × (in + out) per target (Hu et al. 2021)",
            uncertainty_permille: if guessed { 20 } else { format.uncertainty_permille() },
        });
    } else {
        components.push(Component {
            name: ComponentKind::Weights,
            bytes: saturate(states.weights),
            formula: format!("{} × {} B ({}){zero_note}", grouped(trainable), precision.weight_and_grad_bytes().0, precision.name()),
            source: "ZeRO paper §3.1: 16-bit working weights (fp32 when training in fp32)",
            uncertainty_permille: 0,
        });
    }
    components.push(Component {
        name: ComponentKind::Gradients,
        bytes: saturate(states.gradients),
        formula: format!("{} trainable × {} B{zero_note}", grouped(trainable), precision.weight_and_grad_bytes().1),
        source: "ZeRO paper §3.1: one gradient per trainable parameter in the compute precision",
        uncertainty_permille: 0,
    });
    components.push(Component {
        name: ComponentKind::Optimizer,
        bytes: saturate(states.optimizer),
        formula: format!(
            "{} states{} for {} parameters{zero_note}",
            settings.optimizer.name(),
            if precision.master_bytes() > 0 { " + fp32 master copy" } else { "" },
            grouped(trainable)
        ),
        source: "ZeRO paper §3.1 (Adam: fp32 master 4 B + two moments 8 B = K 12); 8-bit Adam, Adafactor, Lion per their papers",
        uncertainty_permille: if settings.optimizer == Optimizer::Adafactor { 200 } else { 0 },
    });
    let activations = training_activation_bytes(arch, settings.context.0, settings.batch, settings.checkpointing, settings.flash_attention);
    components.push(Component {
        name: ComponentKind::Activations,
        bytes: activations,
        formula: format!(
            "{} layers × batch {} × {} tokens, checkpointing {}, flash attention {}",
            arch.layers + arch.encoder_layers,
            settings.batch,
            settings.context.0,
            settings.checkpointing.name(),
            if settings.flash_attention { "on" } else { "off" }
        ),
        source: "Derived per layer for this architecture after Korthikanti et al. 2022 (arXiv 2205.05198)",
        uncertainty_permille: if guessed { 600 } else { 300 },
    });
    let (runtime, uncertainty) = Engine::Transformers.runtime_bytes(1);
    components.push(Component {
        name: ComponentKind::Runtime,
        bytes: runtime,
        formula: format!("{} CUDA context and workspaces", gib(runtime.0.into())),
        source: "HF model-memory anatomy (CUDA kernels ~1.3 GB on old PyTorch; far less with lazy loading)",
        uncertainty_permille: uncertainty,
    });
    (trainable, gpus > 1, Bytes(0))
}

impl crate::core::to_json::ToJson for Component {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("name", &self.name);
        json.field("bytes", &self.bytes);
        json.field("formula", &self.formula);
        json.field("source", &self.source);
        json.field("uncertainty_permille", &self.uncertainty_permille);
        json.end_object();
    }
}
