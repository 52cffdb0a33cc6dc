//! The report: what the page shows and the CLI prints, built once from the user's inputs.

use crate::core::architecture::{Architecture, Mixer, MixerCounts};
use crate::core::order::stable_order;
use crate::core::params::PartsReport;
use crate::core::engines::Engine;
use crate::core::export::{llama_cpp_flags, lm_studio_settings, ollama_modelfile};
use crate::core::machine::Machine;
use crate::core::placement::{place, Forced, MachinePlacement, Offload, PlacementKind, Workload};
use crate::core::estimate::{MAX_CONTEXT, estimate as detailed_estimate, layout as layout_of, Component, ComponentKind, Estimate, EstimateError, Mode, Model, Settings};
use crate::core::kv_cache::KvDtype;
use crate::core::catalogue::gpus::{gpus, Gpu};
use crate::core::fit::{fit, fit_on, on_gpus, speed, verdict, Fit, Speed, Verdict};
use crate::core::i18n::{Key, Lang};
use crate::core::import::Source;
use crate::core::solve::{default_ladder, largest, max_batch, max_context, GpuCounts};
use crate::core::quant::WeightFormat;
use crate::core::request::AS_STORED;
use crate::core::rule_of_thumb::{rule_of_thumb, OverheadFactor};
use crate::core::units::{group_thousands, Bytes, NumberStyle, Params, Tokens};

/// A question asked backwards of the chosen GPUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolveFor {
    /// The longest context that fits.
    MaxContext,
    /// The largest batch that fits.
    MaxBatch,
    /// The fewest GPUs it fits on.
    MinGpus,
    /// The best format of the ladder that fits.
    BestQuant,
}

impl SolveFor {
    /// Reads `max-context`, `max-batch`, `min-gpus` or `best-quant`.
    pub fn from_name(name: &str) -> Option<SolveFor> {
        match name.trim().to_ascii_lowercase().as_str() {
            "max-context" | "context" => Some(SolveFor::MaxContext),
            "max-batch" | "batch" => Some(SolveFor::MaxBatch),
            "min-gpus" | "gpus" => Some(SolveFor::MinGpus),
            "best-quant" | "quant" => Some(SolveFor::BestQuant),
            _ => None,
        }
    }
}

/// A solver's answer; `None` means nothing fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Solved {
    /// Tokens per sequence.
    MaxContext(Option<u64>),
    /// Sequences.
    MaxBatch(Option<u64>),
    /// GPUs of the chosen kind.
    MinGpus(Option<u64>),
    /// A format name.
    BestQuant(Option<String>),
}

/// Everything asked backwards of the chosen GPUs, for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    /// The longest context that fits, in tokens, at most the model's trained context.
    pub max_context: Option<u64>,
    /// What memory alone would allow, when that is more than `max_context`.
    pub memory_allows_context: Option<u64>,
    /// The largest batch that fits, at most what the engine runs at once.
    pub max_batch: Option<u64>,
    /// What memory alone would allow, when that is more than `max_batch`.
    pub memory_allows_batch: Option<u64>,
    /// The first format of the ladder that fits.
    pub best_quant: Option<String>,
    /// Every rung of the ladder, best quality first, with its verdict.
    pub ladder: Vec<(String, Verdict)>,
    /// Context lengths of the grid's columns.
    pub grid_contexts: Vec<u64>,
    /// Formats down the grid's rows, each with a verdict per context.
    pub grid: Vec<(String, Vec<Verdict>)>,
}

/// What runs on the whole machine (GPUs and RAM) under llama.cpp, asked backwards: at all, and
/// at or above a decode speed.
#[derive(Clone, Debug, PartialEq)]
pub struct MachineAnswers {
    /// The decode speed asked for, tokens/s.
    pub speed_target: f64,
    /// The longest context that runs.
    pub max_context: Option<u64>,
    /// The best format of the ladder that runs.
    pub best_quant: Option<String>,
    /// The longest context that runs at the target speed.
    pub max_context_at_speed: Option<u64>,
    /// The best format that runs at the target speed.
    pub best_quant_at_speed: Option<String>,
}

/// The placement as the llama.cpp family runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commands {
    /// `llama-server …`.
    pub llama_cpp: String,
    /// An Ollama Modelfile.
    pub ollama_modelfile: String,
    /// LM Studio's settings, in its words.
    pub lm_studio: String,
}

/// The grid's formats and contexts: where a model stops fitting as either grows.
const GRID_FORMATS: [&str; 6] = ["bf16", "q8_0", "q6_k", "q4_k_m", "q3_k_m", "q2_k"];
const GRID_CONTEXTS: [u64; 5] = [4_096, 8_192, 32_768, 131_072, 1_048_576];

/// Where the estimate should run.
#[derive(Clone, Copy, Debug)]
pub struct Placement<'a> {
    /// The GPU.
    pub gpu: &'a Gpu,
    /// How many of it.
    pub count: u64,
    /// Memory kept free on each GPU for the display and other processes.
    pub reserve: Bytes,
    /// Bandwidth efficiency to assume instead of the calibrated default.
    pub efficiency: Option<f64>,
}

impl EstimateReport {
    /// Adds the fit and the speed on `placement`.
    pub fn place(&mut self, model: &Model, settings: &Settings, placement: Placement) -> Result<(), EstimateError> {
        let Placement { gpu, count, reserve, efficiency } = placement;
        let on = on_gpus(settings, count);
        let per_gpu = detailed_estimate(model, &on)?;
        self.speed = Some(speed(&per_gpu, &on, gpu, efficiency));
        self.fit = Some(fit(model, settings, gpu, count, reserve)?);
        Ok(())
    }

    /// Places the model on the whole machine (its GPUs, which may differ, and its RAM) and
    /// makes that placement's verdict the fit's: llama.cpp-family engines place layers and
    /// experts ([`crate::core::placement::place`]) and report that placement's decode speed
    /// when anything is in RAM or the GPUs differ; the others run on the GPUs only, each holding
    /// its tensor-parallel share. Call after [`EstimateReport::place`].
    pub fn place_on_machine(&mut self, model: &Model, settings: &Settings, machine: &Machine, reserve: Bytes, (offload, forced): (Offload, Forced), speed_target: f64) -> Result<(), EstimateError> {
        let usable: Vec<u64> = machine.gpus.iter().map(|g| g.usable_bytes.saturating_sub(reserve.0)).collect();
        let mixed = machine.gpus.windows(2).any(|w| w[0].id != w[1].id);
        let placement = if settings.engine == Engine::LlamaCpp && settings.mode == Mode::Inference {
            let run = |s: &Settings| -> Result<MachinePlacement, EstimateError> {
                let work = Workload { active_params: self.active_params.0, prompt_tokens: s.context.0 * s.batch, batch: s.batch };
                Ok(place(&layout_of(model, s)?, machine, &usable, offload, forced, work))
            };
            let placed = run(settings)?;
            let runs = |s: &Settings, speed: Option<f64>| run(s).map(|p| p.verdict != Verdict::No && speed.is_none_or(|t| p.decode_tokens_per_s >= t));
            let best = |speed: Option<f64>| -> Result<Option<String>, EstimateError> {
                for format in default_ladder() {
                    if runs(&Settings { format, ..settings.clone() }, speed)? {
                        return Ok(Some(format.name()));
                    }
                }
                Ok(None)
            };
            let longest = |speed: Option<f64>| largest(MAX_CONTEXT, |c| runs(&Settings { context: Tokens(c), ..settings.clone() }, speed));
            let trained = model.trained_context();
            self.machine_answers = Some(MachineAnswers {
                speed_target,
                max_context: capped(longest(None)?, trained).0,
                best_quant: best(None)?,
                max_context_at_speed: capped(longest(Some(speed_target))?, trained).0,
                best_quant_at_speed: best(Some(speed_target))?,
            });
            if placed.kind != PlacementKind::Gpu || mixed {
                if let Some(speed) = self.speed.as_mut() {
                    speed.decode_tokens_per_s = placed.decode_tokens_per_s;
                    speed.prefill_seconds = placed.prefill_seconds.map(|(fast, slow)| (fast * slow).sqrt());
                }
            }
            placed
        } else {
            let per_gpu = detailed_estimate(model, &on_gpus(settings, machine.gpus.len().max(1) as u64))?.total_bytes;
            let worst = usable.iter().map(|&u| verdict(per_gpu, Bytes(u))).max().unwrap_or(Verdict::No);
            let short = usable.iter().map(|&u| per_gpu.0.saturating_sub(u)).sum();
            MachinePlacement {
                kind: if worst == Verdict::No { PlacementKind::None } else { PlacementKind::Gpu },
                gpu_layers: self.layers + 1,
                layers: self.layers,
                cpu_moe_layers: 0,
                layers_per_gpu: Vec::new(),
                vram_bytes: vec![per_gpu; usable.len()],
                usable_bytes: usable.iter().map(|&u| Bytes(u)).collect(),
                ram_bytes: Bytes(0),
                ram_usable_bytes: machine.ram_for_model(),
                mmproj_on_cpu: false,
                verdict: worst,
                short_bytes: Bytes(short),
                ram_read_bytes: Bytes(0),
                decode_tokens_per_s: self.speed.map_or(0.0, |s| s.decode_tokens_per_s),
                prefill_seconds: None,
            }
        };
        if let Some(fit) = self.fit.as_mut() {
            fit.verdict = placement.verdict;
        }
        self.placement = Some(placement);
        if settings.engine == Engine::LlamaCpp {
            self.commands = Some(Commands { llama_cpp: llama_cpp_flags(self), ollama_modelfile: ollama_modelfile(self), lm_studio: lm_studio_settings(self) });
        }
        Ok(())
    }

    /// Answers every solver for the placement (the page shows them all), and puts the one
    /// `solve` names in `solve` (the CLI prints it). Call after [`EstimateReport::place`].
    pub fn answer_all(&mut self, model: &Model, settings: &Settings, placement: Placement, solve: Option<SolveFor>) -> Result<(), EstimateError> {
        let on = on_gpus(settings, placement.count);
        let usable = Bytes(placement.gpu.usable_bytes.saturating_sub(placement.reserve.0));
        let ladder = default_ladder();
        let verdict_of = |s: &Settings| detailed_estimate(model, s).map(|e| verdict(e.total_bytes, usable));
        let mut rungs = Vec::with_capacity(ladder.len());
        for format in &ladder {
            rungs.push((format.name(), verdict_of(&Settings { format: *format, ..on.clone() })?));
        }
        let mut grid = Vec::with_capacity(GRID_FORMATS.len());
        for format in GRID_FORMATS.iter().filter_map(|name| WeightFormat::from_name(name).ok()) {
            let mut row = Vec::with_capacity(GRID_CONTEXTS.len());
            for context in GRID_CONTEXTS {
                row.push(verdict_of(&Settings { format, context: Tokens(context), ..on.clone() })?);
            }
            grid.push((format.name(), row));
        }
        let (max_context, memory_allows_context) = capped(max_context(model, &on, usable)?.map(|t| t.0), model.trained_context());
        let engine_cap = (settings.mode == Mode::Inference).then(|| settings.engine.max_sequences(Bytes(placement.gpu.usable_bytes), placement.gpu.name)).flatten();
        let (max_batch, memory_allows_batch) = capped(max_batch(model, &on, usable)?, engine_cap);
        let answers = Answers {
            max_context,
            memory_allows_context,
            max_batch,
            memory_allows_batch,
            best_quant: rungs.iter().find(|(_, v)| *v != Verdict::No).map(|(f, _)| f.clone()),
            ladder: rungs,
            grid_contexts: GRID_CONTEXTS.to_vec(),
            grid,
        };
        self.solve = solve.map(|kind| match kind {
            SolveFor::MaxContext => Solved::MaxContext(answers.max_context),
            SolveFor::MaxBatch => Solved::MaxBatch(answers.max_batch),
            SolveFor::MinGpus => Solved::MinGpus(self.fit.as_ref().and_then(|f| f.gpus_needed)),
            SolveFor::BestQuant => Solved::BestQuant(answers.best_quant.clone()),
        });
        self.solve_memory_allows = match solve {
            Some(SolveFor::MaxContext) => answers.memory_allows_context,
            Some(SolveFor::MaxBatch) => answers.memory_allows_batch,
            _ => None,
        };
        self.answers = Some(answers);
        Ok(())
    }

    /// Adds every catalogue GPU's fit on `count` of it, most headroom first.
    pub fn fit_everywhere(&mut self, model: &Model, settings: &Settings, count: u64, reserve: Bytes) -> Result<(), EstimateError> {
        let mut fits = Vec::with_capacity(gpus().len());
        let mut counts = GpuCounts::new(model, settings);
        for gpu in gpus() {
            fits.push(fit_on(&mut counts, gpu, count, reserve)?);
        }
        let order = stable_order(fits.len(), &|a, b| fits[b].headroom_bytes.cmp(&fits[a].headroom_bytes));
        // Moved into their order, not cloned: each fit owns strings.
        let mut slots: Vec<Option<Fit>> = fits.into_iter().map(Some).collect();
        self.fit_all = Some(order.into_iter().filter_map(|i| slots[i].take()).collect());
        Ok(())
    }
}

/// A solver's answer held to a limit the memory does not set (the model's trained context, the
/// engine's sequences at once): (the answer, what memory alone would allow when that is more).
fn capped(found: Option<u64>, limit: Option<u64>) -> (Option<u64>, Option<u64>) {
    match (found, limit) {
        (Some(n), Some(limit)) if n > limit => (Some(limit), Some(n)),
        _ => (found, None),
    }
}

/// The layer plan and the fields the estimate reads, in one line:
/// `48 layers: 36 Gated DeltaNet + 12 attention · hidden 2048 · 16 heads (2 KV) × 256 · vocab
/// 151,936 · 512 experts, 10 active + shared in 48 layers · vision 0.46B`.
fn describe(arch: &Architecture, style: NumberStyle) -> String {
    let lang = Lang::of(style);
    let layers = (arch.layers + arch.encoder_layers).to_string();
    let mix = arch.layers_by_mixer().entries();
    let first = if mix.iter().any(|(name, _)| *name != Key::MixerAttention) {
        let mix: Vec<String> = mix.iter().map(|(name, n)| format!("{n} {}", lang.text(*name))).collect();
        lang.fill(Key::ShapeLayerMix, &[&layers, &mix.join(" + ")])
    } else {
        lang.fill(Key::ShapeLayers, &[&layers])
    };
    let mut parts = vec![
        first,
        lang.fill(Key::ShapeHidden, &[&arch.hidden.to_string()]),
        lang.fill(Key::ShapeHeads, &[&arch.heads.to_string(), &arch.kv_heads.to_string(), &arch.head_dim.to_string()]),
        lang.fill(Key::ShapeVocab, &[&group_thousands(arch.vocab.into(), style)]),
    ];
    if let Some(moe) = arch.moe {
        let shared = if moe.shared_intermediate > 0 { lang.text(Key::ShapeShared) } else { "" };
        parts.push(lang.fill(
            Key::ShapeExpertsIn,
            &[&moe.experts.to_string(), &moe.experts_per_token.to_string(), shared, &arch.moe_layers().to_string()],
        ));
    }
    if let Some(mla) = arch.mla {
        parts.push(lang.fill(Key::ShapeMla, &[&mla.kv_lora_rank.to_string()]));
    }
    let shared = arch.plan.iter().filter(|l| matches!(l.mixer, Mixer::SharedKv { .. })).count();
    if shared > 0 {
        parts.push(lang.fill(Key::ShapeSharedKv, &[&shared.to_string()]));
    }
    if arch.parallel_ssm {
        parts.push(lang.text(Key::ShapeParallelMamba).to_string());
    }
    if arch.vision_params > 0 {
        parts.push(lang.fill(Key::ShapeVision, &[&Params(arch.vision_params).to_short(style)]));
    }
    if arch.audio_params > 0 {
        parts.push(lang.fill(Key::ShapeAudio, &[&Params(arch.audio_params).to_short(style)]));
    }
    if let Some(mtp) = arch.mtp {
        parts.push(lang.fill(Key::ShapeMtp, &[&mtp.layers.to_string()]));
    }
    parts.join(" · ")
}

/// The detailed estimate as the CLI prints it (`--json` serialises this), with the article's
/// rule of thumb beside it so the two can be compared.
#[derive(Clone, Debug, PartialEq)]
pub struct EstimateReport {
    /// `model_type` from the config, or `parameter count` for a bare count.
    pub model: String,
    /// The weight format (`stored` for imported weights as stored).
    pub quant: String,
    /// The KV cache's element type.
    pub kv_quant: KvDtype,
    /// Tokens per sequence.
    pub context: u64,
    /// Sequences at once.
    pub batch: u64,
    /// The engine the estimate is for.
    pub engine: Engine,
    /// Inference or a training method.
    pub mode: Mode,
    /// Every parameter stored.
    pub params: Params,
    /// Parameters read per token (fewer than `params` for MoE).
    pub active_params: Params,
    /// Parameters the training updates (0 for inference).
    pub trainable_params: u64,
    /// Decoder layers (llama.cpp offloads whole layers).
    pub layers: u64,
    /// Weights in the chosen format.
    pub weights_bytes: Bytes,
    /// The cache that grows with every token (attention layers only).
    pub kv_cache_bytes: Bytes,
    /// The fixed per-sequence state of linear-attention and Mamba layers, all sequences.
    pub state_bytes: Bytes,
    /// Layers by token mixer (`{"attention": 12, "gated_deltanet": 36}`).
    pub layers_by_mixer: MixerCounts,
    /// Parameters by part.
    pub parts: PartsReport,
    /// Peak activations (for training: those kept for the backward pass).
    pub activation_bytes: Bytes,
    /// Runtime (CUDA context, workspaces, communication buffers) and CUDA graphs.
    pub overhead_bytes: Bytes,
    /// Gradients of the trainable parameters.
    pub gradients_bytes: Bytes,
    /// Optimizer states (and the FP32 master copy in mixed precision).
    pub optimizer_bytes: Bytes,
    /// The sum of the components.
    pub total_bytes: Bytes,
    /// The total with each component at the low end of its uncertainty.
    pub total_low_bytes: Bytes,
    /// The total with each component at the high end of its uncertainty.
    pub total_high_bytes: Bytes,
    /// True when the figures are per GPU (tensor, pipeline or data parallel).
    pub per_gpu: bool,
    /// True when only a parameter count is known (a typical decoder stands in).
    pub approximate: bool,
    /// KV cache bytes per token of one sequence.
    pub kv_bytes_per_token: Bytes,
    /// Tokens of KV cache that fit in one GPU's memory, when it is known.
    pub kv_capacity_tokens: Option<Tokens>,
    /// Each component with its formula and source.
    pub components: Vec<Component>,
    /// What the reader should know about this estimate.
    pub notes: Vec<String>,
    /// The architecture fields the estimate used: `32 layers · hidden 4096 · 32 heads (8 KV) · …`.
    pub shape: String,
    /// The imported files, when the model came from files.
    pub source: Option<Source>,
    /// The fit on the chosen GPUs, when a GPU is given.
    pub fit: Option<Fit>,
    /// Where the model goes on the machine (GPUs and RAM), when a GPU is given.
    pub placement: Option<MachinePlacement>,
    /// The commands that run this placement (llama.cpp-family engines).
    pub commands: Option<Commands>,
    /// What runs on the machine, asked backwards (llama.cpp-family engines).
    pub machine_answers: Option<MachineAnswers>,
    /// Decode and prefill speed on the chosen GPUs, when a GPU is given.
    pub speed: Option<Speed>,
    /// The answer to a question asked backwards (`--solve`).
    pub solve: Option<Solved>,
    /// What memory alone would allow when the answer to `solve` is held to the model's trained
    /// context or the engine's sequences at once.
    pub solve_memory_allows: Option<u64>,
    /// Every catalogue GPU's fit, most headroom first (`--fit-all`).
    pub fit_all: Option<Vec<Fit>>,
    /// All the solvers' answers for the chosen GPUs (the page).
    pub answers: Option<Answers>,
    /// The article's method for the same model and format.
    pub bytes_per_param: f64,
    /// The rule of thumb's factor (the article's 2).
    pub overhead_factor: f64,
    /// Parameters × bytes per parameter, the first factor of the rule of thumb.
    pub rule_of_thumb_weights_bytes: Bytes,
    /// Parameters × bytes per parameter × the factor.
    pub rule_of_thumb_bytes: Bytes,
    /// The rule of thumb written out (`7 billion × 2 bytes × 2 = 28 GB`).
    pub arithmetic: String,
    /// Where the rule of thumb comes from.
    pub rule_of_thumb_source: &'static str,
}

impl EstimateReport {
    /// Builds the report from an estimate and the settings and model that produced it.
    pub fn new(model: &Model, settings: &Settings, estimate: Estimate, overhead: OverheadFactor, style: NumberStyle) -> EstimateReport {
        let bits = match model {
            Model::Files { nominal_bits, .. } => *nominal_bits,
            _ => settings.format.nominal_bits(),
        };
        let rule = rule_of_thumb(estimate.params, bits, overhead);
        let overhead_bytes = Bytes(estimate.component(ComponentKind::Runtime).0 + estimate.component(ComponentKind::CudaGraphs).0);
        let arch = match model {
            Model::Architecture(arch) | Model::Files { arch, .. } => arch.clone(),
            Model::Params(params) => Architecture::typical(*params),
        };
        let shape = describe(&arch, style);
        EstimateReport {
            shape,
            model: match model {
                Model::Architecture(arch) if !arch.model_type.is_empty() => arch.model_type.clone(),
                Model::Architecture(_) => "config".into(),
                Model::Params(_) => Lang::of(style).text(Key::ModelParameterCount).into(),
                Model::Files { arch, .. } => format!("{} (from file headers)", arch.model_type),
            },
            quant: if matches!(model, Model::Files { .. }) { AS_STORED.into() } else { settings.format.name() },
            kv_quant: settings.kv_dtype,
            context: settings.context.0,
            batch: settings.batch,
            engine: settings.engine,
            mode: settings.mode,
            params: estimate.params,
            active_params: estimate.active_params,
            trainable_params: estimate.trainable_params,
            layers: arch.layers,
            weights_bytes: estimate.component(ComponentKind::Weights),
            kv_cache_bytes: estimate.component(ComponentKind::KvCache),
            state_bytes: estimate.component(ComponentKind::RecurrentState),
            layers_by_mixer: estimate.layers_by_mixer,
            parts: estimate.parts,
            activation_bytes: estimate.component(ComponentKind::Activations),
            overhead_bytes,
            gradients_bytes: estimate.component(ComponentKind::Gradients),
            optimizer_bytes: estimate.component(ComponentKind::Optimizer),
            total_bytes: estimate.total_bytes,
            total_low_bytes: estimate.total_low_bytes,
            total_high_bytes: estimate.total_high_bytes,
            per_gpu: estimate.per_gpu,
            approximate: estimate.approximate,
            kv_bytes_per_token: estimate.kv_bytes_per_token,
            kv_capacity_tokens: estimate.kv_capacity_tokens,
            components: estimate.components,
            notes: estimate.notes,
            source: None,
            fit: None,
            placement: None,
            machine_answers: None,
            commands: None,
            speed: None,
            solve: None,
            solve_memory_allows: None,
            fit_all: None,
            answers: None,
            bytes_per_param: f64::from(bits) / 8.0,
            overhead_factor: overhead.as_f64(),
            rule_of_thumb_weights_bytes: rule.weights,
            rule_of_thumb_bytes: rule.total,
            arithmetic: rule.arithmetic(style),
            rule_of_thumb_source: Lang::of(style).text(Key::RuleSource),
        }
    }

    /// The JSON document the page exports and `vramfit --link … --json` prints: the CLI's schema
    /// without the page-only answers (every GPU's fit, the solvers' ladder).
    pub fn export_json(&self) -> String {
        self.exported().json()
    }

    /// The report as a JSON document (`vramfit --json`).
    pub fn json(&self) -> String {
        crate::core::to_json::to_json_string(self)
    }

    /// The report as exported: without the page-only answers.
    pub fn exported(&self) -> EstimateReport {
        EstimateReport { fit_all: None, answers: None, ..self.clone() }
    }

    /// The parameter count with thousands separators: `7,000,000,000`.
    pub fn params_grouped(&self, style: NumberStyle) -> String {
        group_thousands(self.params.0.into(), style)
    }

    /// The bytes the rule of thumb's factor adds on top of its weights.
    pub fn rule_of_thumb_allowance_bytes(&self) -> Bytes {
        Bytes(self.rule_of_thumb_bytes.0.saturating_sub(self.rule_of_thumb_weights_bytes.0))
    }

    /// The stacked bar: each non-empty component's name, start and width in thousandths of
    /// the total (widths are rounded so the segments end exactly at 1000).
    pub fn bar_segments(&self) -> Vec<(ComponentKind, u64, u64)> {
        let total = u128::from(self.total_bytes.0.max(1));
        let mut cumulative = 0u128;
        let mut start = 0u64;
        let mut segments = Vec::new();
        for c in self.components.iter().filter(|c| c.bytes.0 > 0) {
            cumulative += u128::from(c.bytes.0);
            let end = u64::try_from((cumulative * 1000 / total).min(1000)).unwrap_or(1000);
            segments.push((c.name, start, end - start));
            start = end;
        }
        segments
    }

    /// `part` as a percentage of `whole`, for drawing bars (0 when `whole` is 0).
    pub fn percent(part: Bytes, whole: Bytes) -> f64 {
        match whole.0 {
            0 => 0.0,
            whole => part.0 as f64 * 100.0 / whole as f64,
        }
    }

    /// A readable table for a terminal.
    pub fn to_text(&self, style: NumberStyle) -> String {
        let gb = |b: Bytes| b.to_gb_string(style);
        let mut out = format!(
            "model            {}{}\nparameters       {} (active {}{})\nsettings         {} weights, {} KV, {} tokens × batch {}, {}, {}\n\n",
            self.model,
            if self.approximate { " (approximate)" } else { "" },
            group_thousands(self.params.0.into(), style),
            group_thousands(self.active_params.0.into(), style),
            if self.trainable_params > 0 { format!(", trainable {}", group_thousands(self.trainable_params.into(), style)) } else { String::new() },
            self.quant,
            self.kv_quant.name(),
            self.context,
            self.batch,
            self.engine.name(),
            self.mode.name(),
        );
        for c in &self.components {
            out.push_str(&format!("{:<16} {:>12}   {}\n", c.name.name(), gb(c.bytes), c.formula));
        }
        out.push_str(&format!(
            "\ntotal{}       {} ({}), range {} – {}\n",
            if self.per_gpu { " per GPU" } else { "" },
            gb(self.total_bytes),
            self.total_bytes.to_gib_string(style),
            gb(self.total_low_bytes),
            gb(self.total_high_bytes),
        ));
        if let Some(tokens) = self.kv_capacity_tokens {
            out.push_str(&format!("KV capacity      {} tokens in the memory left\n", group_thousands(tokens.0.into(), style)));
        }
        out.push_str(&format!("rule of thumb    {} ({})\n", gb(self.rule_of_thumb_bytes), self.arithmetic));
        if let Some(fit) = &self.fit {
            let headroom = Bytes(fit.headroom_bytes.unsigned_abs());
            // With a placement the verdict is the machine's (its RAM, its other GPUs); the
            // headroom is still that of the fit's own GPUs alone.
            let machine = self.placement.as_ref().is_some_and(|p| p.verdict != verdict(fit.needed_bytes, fit.usable_bytes) || p.vram_bytes.len() as u64 != fit.gpus);
            out.push_str(&format!(
                "fit              {}{} ({} × {}{}: {} {} of {} usable per GPU{})\n",
                fit.verdict.name(),
                if machine { " on this machine" } else { "" },
                fit.gpus,
                fit.gpu,
                if machine { " alone" } else { "" },
                gb(headroom),
                if fit.headroom_bytes >= 0 { "free" } else { "short" },
                gb(fit.usable_bytes),
                fit.gpus_needed.map_or("; no count up to 64 fits".into(), |n| format!("; fits on {n}")),
            ));
            for warning in &fit.warnings {
                out.push_str(&format!("warning: {}\n", warning.message(Lang::of(style))));
            }
        }
        if let Some(p) = &self.placement {
            let vram: Vec<String> = p.vram_bytes.iter().zip(&p.usable_bytes).map(|(v, u)| format!("{} of {}", gb(*v), gb(*u))).collect();
            let layers = if self.engine == Engine::LlamaCpp { format!("-ngl {} of {}", p.gpu_layers, p.layers + 1) } else { format!("GPUs only ({} keeps nothing in RAM)", self.engine.name()) };
            out.push_str(&format!(
                "placement        {}: {layers}{}, VRAM {}, RAM {} of {}{}\n",
                p.verdict.name(),
                if p.cpu_moe_layers > 0 { format!(", experts of {} layers in RAM", p.cpu_moe_layers) } else { String::new() },
                vram.join(" + "),
                gb(p.ram_bytes),
                gb(p.ram_usable_bytes),
                if p.short_bytes.0 > 0 { format!(", short {}", gb(p.short_bytes)) } else { String::new() },
            ));
        }
        if let Some(c) = &self.commands {
            out.push_str(&format!("llama.cpp        {}\n", c.llama_cpp));
        }
        if let Some(m) = &self.machine_answers {
            let context = |c: Option<u64>| c.map_or("nothing runs".into(), |c| format!("{} tokens", group_thousands(c.into(), style)));
            let quant = |q: &Option<String>| q.clone().unwrap_or_else(|| "none".into());
            out.push_str(&format!(
                "on this machine  longest context {}, best format {}; at {} tokens/s: {}, {}\n",
                context(m.max_context),
                quant(&m.best_quant),
                m.speed_target,
                context(m.max_context_at_speed),
                quant(&m.best_quant_at_speed),
            ));
        }
        if let Some(speed) = &self.speed {
            let prefill = speed.prefill_seconds.map_or_else(|| "prefill unknown (no TFLOPS figure)".into(), |s| format!("prefill ~{s:.2} s"));
            out.push_str(&format!("speed            ~{:.1} tokens/s decode (efficiency {}), {prefill}\n", speed.decode_tokens_per_s, speed.efficiency));
        }
        if let Some(solved) = &self.solve {
            let answer = match solved {
                Solved::MaxContext(n) | Solved::MaxBatch(n) | Solved::MinGpus(n) => n.map_or("nothing fits".into(), |n| group_thousands(n.into(), style)),
                Solved::BestQuant(name) => name.clone().unwrap_or_else(|| "nothing fits".into()),
            };
            let allows = self.solve_memory_allows.map_or_else(String::new, |n| format!(" (memory would allow {})", group_thousands(n.into(), style)));
            out.push_str(&format!("solve            {answer}{allows}\n"));
        }
        for fit in self.fit_all.iter().flatten() {
            out.push_str(&format!("{:<28} {:<6} {:>12}\n", fit.gpu, fit.verdict.name(), format!("{:+.2} GB", fit.headroom_bytes as f64 / 1e9)));
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out
    }
}

/// A solver's answer under its name: `{"max_context": 32768}`.
impl crate::core::to_json::ToJson for Solved {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        match self {
            Solved::MaxContext(n) => json.field("max_context", n),
            Solved::MaxBatch(n) => json.field("max_batch", n),
            Solved::MinGpus(n) => json.field("min_gpus", n),
            Solved::BestQuant(name) => json.field("best_quant", name),
        }
        json.end_object();
    }
}

impl crate::core::to_json::ToJson for MachineAnswers {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("speed_target", &self.speed_target);
        json.field("max_context", &self.max_context);
        json.field("best_quant", &self.best_quant);
        json.field("max_context_at_speed", &self.max_context_at_speed);
        json.field("best_quant_at_speed", &self.best_quant_at_speed);
        json.end_object();
    }
}

impl crate::core::to_json::ToJson for Commands {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("llama_cpp", &self.llama_cpp);
        json.field("ollama_modelfile", &self.ollama_modelfile);
        json.field("lm_studio", &self.lm_studio);
        json.end_object();
    }
}

/// The CLI's schema. The page's `answers` (its solvers' ladder and grid) are never part of it:
/// [`EstimateReport::exported`] drops them, and the CLI prints the exported report.
impl crate::core::to_json::ToJson for EstimateReport {
    fn to_json(&self, json: &mut crate::core::to_json::Json) {
        json.begin_object();
        json.field("model", &self.model);
        json.field("quant", &self.quant);
        json.field("kv_quant", &self.kv_quant);
        json.field("context", &self.context);
        json.field("batch", &self.batch);
        json.field("engine", &self.engine);
        json.field("mode", &self.mode);
        json.field("params", &self.params);
        json.field("active_params", &self.active_params);
        json.field("trainable_params", &self.trainable_params);
        json.field("layers", &self.layers);
        json.field("weights_bytes", &self.weights_bytes);
        json.field("kv_cache_bytes", &self.kv_cache_bytes);
        json.field("state_bytes", &self.state_bytes);
        json.field("layers_by_mixer", &self.layers_by_mixer);
        json.field("parts", &self.parts);
        json.field("activation_bytes", &self.activation_bytes);
        json.field("overhead_bytes", &self.overhead_bytes);
        json.field("gradients_bytes", &self.gradients_bytes);
        json.field("optimizer_bytes", &self.optimizer_bytes);
        json.field("total_bytes", &self.total_bytes);
        json.field("total_low_bytes", &self.total_low_bytes);
        json.field("total_high_bytes", &self.total_high_bytes);
        json.field("per_gpu", &self.per_gpu);
        json.field("approximate", &self.approximate);
        json.field("kv_bytes_per_token", &self.kv_bytes_per_token);
        json.field_if("kv_capacity_tokens", &self.kv_capacity_tokens);
        json.field("components", &self.components);
        json.field("notes", &self.notes);
        json.field("shape", &self.shape);
        json.field_if("source", &self.source);
        json.field_if("fit", &self.fit);
        // Without machine placement (the page) never set, and not written.
        #[cfg(feature = "machine")]
        {
            json.field_if("placement", &self.placement);
            json.field_if("commands", &self.commands);
            json.field_if("machine_answers", &self.machine_answers);
        }
        json.field_if("speed", &self.speed);
        json.field_if("solve", &self.solve);
        json.field_if("solve_memory_allows", &self.solve_memory_allows);
        json.field_if("fit_all", &self.fit_all);
        json.field("bytes_per_param", &self.bytes_per_param);
        json.field("overhead_factor", &self.overhead_factor);
        json.field("rule_of_thumb_weights_bytes", &self.rule_of_thumb_weights_bytes);
        json.field("rule_of_thumb_bytes", &self.rule_of_thumb_bytes);
        json.field("arithmetic", &self.arithmetic);
        json.field("rule_of_thumb_source", &self.rule_of_thumb_source);
        json.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::quant::UnknownFormat;
    use crate::core::request::{report as page_report, FormatChoice, ModelInput, Request};
    use crate::core::units::NumberError;

    fn inputs(params: &str, quant: &str, overhead: &str) -> Request {
        Request { model: ModelInput::Typed(params.into()), quant: FormatChoice::from_name(quant).expect("a format"), overhead: overhead.into(), ..Request::default() }
    }

    #[test]
    fn the_page_places_the_model_on_its_gpu() {
        let report = page_report(&inputs("8B", "bf16", "2"), NumberStyle::Point).expect("valid");
        let fit = report.fit.as_ref().expect("a GPU is chosen by default");
        assert_eq!(fit.gpu, "rtx-4090");
        assert!(report.speed.is_some());
        let answers = report.answers.as_ref().expect("answers");
        assert!(answers.max_context.is_some() && answers.max_batch.is_some());
        assert_eq!(answers.best_quant.as_deref(), Some("bf16"), "8B bf16 fits a 4090");
        assert_eq!(answers.grid.len(), 6);
        // Down a grid column (smaller formats) a verdict never gets worse; along a row (longer
        // contexts) never better.
        let rank = |v: &Verdict| *v as u8;
        for (_, row) in &answers.grid {
            assert!(row.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])), "{row:?}");
        }
        let custom = Request { gpu: "custom".into(), custom_memory: "12".into(), custom_bandwidth: "500".into(), efficiency: "0.8".into(), ..inputs("8B", "q4_k_m", "2") };
        let report = page_report(&custom, NumberStyle::Point).expect("valid");
        assert_eq!(report.fit.as_ref().map(|f| f.usable_bytes.0), Some(12_000_000_000 - 500_000_000));
        assert_eq!(report.speed.map(|s| s.efficiency), Some(0.8));
        assert!(report.fit_all.as_ref().is_some_and(|all| all.len() >= 60));
        let system = Request { gpu: "4x-rtx-6000-ada".into(), ..inputs("70B", "bf16", "2") };
        let report = page_report(&system, NumberStyle::Point).expect("valid");
        assert_eq!(report.fit.as_ref().map(|f| f.gpus), Some(4));
        let tampered = Request { gpu: "voodoo".into(), gpu_count: "0".into(), efficiency: "7".into(), context: "-1".into(), ..inputs("8B", "bf16", "2") };
        let errors = page_report(&tampered, NumberStyle::Point).expect_err("invalid");
        assert!(errors.gpu.is_some() && errors.gpu_count.is_some() && errors.efficiency.is_some());
        assert!(errors.context.is_some());
        let training = Request { mode: Mode::Qlora, context: "2k".into(), batch: "4".into(), ..inputs("70B", "bf16", "2") };
        let report = page_report(&training, NumberStyle::Point).expect("valid");
        assert_eq!((report.mode, report.context, report.batch), (Mode::Qlora, 2_048, 4));
        assert!(report.trainable_params > 0);
    }

    #[test]
    fn builds_the_report_from_text() {
        let report = page_report(&inputs("7B", "fp16", "2"), NumberStyle::Point).expect("valid");
        assert_eq!(report.params, Params(7_000_000_000));
        assert_eq!(report.rule_of_thumb_bytes, Bytes(28_000_000_000));
        assert_eq!(report.rule_of_thumb_weights_bytes, Bytes(14_000_000_000));
        assert_eq!(report.rule_of_thumb_allowance_bytes(), Bytes(14_000_000_000));
        assert_eq!(report.arithmetic, "7 billion × 2 bytes × 2 = 28 GB");
        assert_eq!(report.params_grouped(NumberStyle::Point), "7,000,000,000");
        assert_eq!(report.weights_bytes, Bytes(14_000_000_000), "the detailed weights of a bare count");
        assert!(report.approximate);
        assert!(report.total_bytes > report.weights_bytes);
        assert_eq!(EstimateReport::percent(report.rule_of_thumb_weights_bytes, report.rule_of_thumb_bytes), 50.0);
        assert_eq!(EstimateReport::percent(Bytes(1), Bytes(0)), 0.0);
        let segments = report.bar_segments();
        assert_eq!(segments.first().map(|s| (s.0, s.1)), Some((ComponentKind::Weights, 0)));
        assert!(segments.windows(2).all(|w| w[0].1 + w[0].2 == w[1].1), "{segments:?}");
        assert_eq!(segments.last().map(|s| s.1 + s.2), Some(1000), "the bar ends at the total");
    }

    #[test]
    fn reports_every_bad_field_at_once() {
        let errors = page_report(&Request { context: "lots".into(), ..inputs("abc", "fp16", "0") }, NumberStyle::Point).expect_err("invalid");
        assert_eq!(errors.params, Some(NumberError::NotANumber("abc".into())));
        assert!(matches!(errors.overhead, Some(NumberError::OutOfRange { .. })));
        assert_eq!(errors.context, Some(NumberError::NotANumber("lots".into())));
        assert_eq!(errors.messages().len(), 3);
        // "As stored" needs weight files; a typed count has none.
        let errors = page_report(&inputs("7B", "stored", "2"), NumberStyle::Point).expect_err("invalid");
        assert_eq!(errors.quant, Some(UnknownFormat("stored".into())));
    }

    #[test]
    fn a_single_bad_field_leaves_the_others_clean() {
        let errors = page_report(&inputs("7B", "fp16", "NaN"), NumberStyle::Point).expect_err("invalid");
        assert_eq!(errors.params, None);
        assert_eq!(errors.quant, None);
        assert!(errors.overhead.is_some());
    }
}
