//! `vramfit`: the command-line front end. It reads files and flags, asks the core for the
//! estimate and prints the core's report (a table, or JSON with `--json`). It computes nothing.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::process::ExitCode;

use vramfit::core::activations::Checkpointing;
use vramfit::core::catalogue::models::find;
use vramfit::core::engines::Engine;
use vramfit::core::import::{combine, read_step, Next, Part, Source, FIRST_READ};
use vramfit::core::estimate::{estimate, Mode, Model, Settings, MAX_BATCH, MAX_CONTEXT};
use vramfit::core::kv_cache::KvDtype;
use vramfit::core::quant::WeightFormat;
use vramfit::core::catalogue::gpus::{find_gpu, Gpu};
use vramfit::core::report::{EstimateReport, Placement, SolveFor};
use vramfit::core::request::{self, report as page_report, resolve_gpu, PageModel};
use vramfit::core::share_state::from_query;
use vramfit::core::rule_of_thumb::OverheadFactor;
use vramfit::core::training::{LoraTarget, Optimizer, TrainPrecision, ZeroStage};
use vramfit::core::units::{Bytes, parse_count, parse_factor_thousandths, parse_params, parse_tokens, NumberStyle};

const USAGE: &str = "\
vramfit — how much GPU memory does this model need?

Usage:
  vramfit CONFIG.json [options]      exact, from a Hugging Face config.json
  vramfit FILE… [options]            exact, from model files: config.json,
                                     model.safetensors.index.json, *.safetensors shards,
                                     *.gguf (split sets too); only headers are read
  vramfit --params 7B [options]      approximate, from a parameter count
  vramfit --model ID [options]       exact, a catalogue model (the page's model=ID)
  vramfit --link URL [--json]        the page's state from a share link (or its query part):
                                     the same report, and with --json the page's JSON export

Options (defaults in brackets):
  --quant NAME                 weight format [bf16; as stored for weight files]: fp32 fp16 bf16 fp8 fp8_block int8 int4 fp4
                               nvfp4 mxfp4 nf4 nf4_dq gptq awq gptq_8bit_g32 q8_0 q6_k q5_k_m
                               q4_k_m q4_k_s q4_0 iq4_xs q3_k_m q2_k iq2_xxs iq1_s …
  --kv-quant NAME              KV cache type [f16]: f16 bf16 fp8 q8_0 q4_0 f32
  --context N                  tokens per sequence [4096]; 8k = 8192
  --batch N                    sequences [1]
  --engine NAME                transformers, vllm, llama.cpp, tensorrt-llm, custom [vllm]
  --mode NAME                  inference, full, lora, qlora [inference]
  --precision NAME             training precision: mixed, fp32, bf16 [mixed]
  --optimizer NAME             adamw, adamw8bit, adafactor, sgd, sgd-momentum, lion [adamw]
  --checkpointing NAME         none, selective, full [none]
  --flash-attention on|off     [on]
  --vision on|off              load the vision tower, when the model has one [on]
  --mtp on|off                 load the MTP layers for speculative decoding [off]
  --lora-rank R                [16]
  --lora-targets LIST          q,k,v,o,gate,up,down or all [q,k,v,o]
  --tp N, --pp N               tensor / pipeline parallel GPUs (inference), 1–4,096 [1]
  --zero 0|1|2|3               ZeRO stage (3 = FSDP) for training [0]
  --gpus N                     GPUs: data-parallel for training, the fit's count, 1–4,096 [1]
  --memory-gb X                memory of one GPU in GB (10⁹ bytes), 1–10,000; adds kv_capacity_tokens
  --gpu-memory-utilization F   vLLM's fraction of GPU memory [0.9]
  --gpu NAME                   a catalogue GPU or system (id or name: 4090, rtx-6000-ada,
                               h100 sxm, 4x-rtx-6000-ada):
                               adds fit {verdict, headroom_bytes, gpus_needed, warnings} and
                               speed {decode_tokens_per_s, prefill_seconds, efficiency}
                               `custom` with --memory-gb X [--bandwidth-gbps Y]
  --reserve GB                 memory kept free per GPU for the display and other processes [0]
  --efficiency F               bandwidth efficiency for the speed estimate, 0.05–1 [calibrated]
  --solve KIND                 with --gpu: max-context, max-batch, min-gpus or best-quant
  --fit-all                    every catalogue GPU's fit, most headroom first
  --overhead F                 the article's rule-of-thumb factor [2]
  --json                       print one JSON object
  -h, --help, -V, --version

Exit status: 0 on success, 1 for an invalid value or file, 2 for a usage error.
";


enum Failure {
    Usage(String),
    Invalid(String),
}

struct Command {
    model: Model,
    source: Option<Source>,
    gpu: Option<Gpu>,
    /// The GPU count a system id fixes (`4x-rtx-6000-ada`).
    system_count: Option<u64>,
    reserve: Bytes,
    efficiency: Option<f64>,
    solve: Option<SolveFor>,
    fit_all: bool,
    settings: Settings,
    overhead: OverheadFactor,
    json: bool,
}

enum Parsed {
    Run(Box<Command>),
    /// A share link: the page's own path from its state to its report.
    Link { query: String, json: bool },
    Help,
    Version,
}

fn invalid(flag: &str, error: impl std::fmt::Display) -> Failure {
    Failure::Invalid(format!("{flag}: {error}"))
}

/// Reads one model file: JSON whole, weight files only as far as their headers go.
fn read_file(path: &str) -> Result<(String, Part), Failure> {
    let mut file = File::open(path).map_err(|e| invalid(path, e))?;
    let file_len = file.metadata().map_err(|e| invalid(path, e))?.len();
    let name = Path::new(path).file_name().map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut want = FIRST_READ.min(file_len);
    loop {
        let mut prefix = vec![0u8; want as usize];
        file.seek(SeekFrom::Start(0)).and_then(|_| file.read_exact(&mut prefix)).map_err(|e| invalid(path, e))?;
        match read_step(&name, &prefix, file_len).map_err(|e| Failure::Invalid(e.to_string()))? {
            Next::Done(part) => return Ok((name, part)),
            Next::ReadMore(n) => want = n,
        }
    }
}

fn parse_args(args: Vec<String>) -> Result<Parsed, Failure> {
    let style = NumberStyle::Point;
    let mut settings = Settings::default();
    let mut overhead = OverheadFactor::ARTICLE;
    let mut json = false;
    let mut paths: Vec<String> = Vec::new();
    let (mut gpu_name, mut reserve, mut efficiency, mut solve, mut fit_all) = (None::<String>, Bytes(0), None, None, false);
    let mut bandwidth = 1_000.0;
    let mut quant_given = false;
    let mut params: Option<String> = None;
    let mut preset: Option<String> = None;
    let mut link: Option<String> = None;
    let mut flags = 0;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline.clone().or_else(|| args.next()).ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        flags += usize::from(flag.starts_with('-') && flag != "--json" && flag != "--link");
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--link" => link = Some(value()?),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--json" => json = true,
            "--params" => params = Some(value()?),
            "--model" => preset = Some(value()?),
            "--quant" => {
                settings.format = WeightFormat::from_name(&value()?).map_err(|e| invalid("--quant", e))?;
                quant_given = true;
            }
            "--kv-quant" => {
                let v = value()?;
                settings.kv_dtype = KvDtype::from_name(&v).ok_or_else(|| invalid("--kv-quant", format!("unknown KV type “{v}”; use f16, bf16, fp8, q8_0, q4_0 or f32")))?;
            }
            "--context" => settings.context = parse_tokens(&value()?, style, MAX_CONTEXT).map_err(|e| invalid("--context", e))?,
            "--batch" => settings.batch = parse_count(&value()?, MAX_BATCH).map_err(|e| invalid("--batch", e))?,
            "--engine" => settings.engine = Engine::from_name(&value()?).map_err(|e| invalid("--engine", e))?,
            "--mode" => {
                let v = value()?;
                settings.mode = Mode::from_name(&v).ok_or_else(|| invalid("--mode", format!("unknown mode “{v}”; use inference, full, lora or qlora")))?;
            }
            "--precision" => {
                let v = value()?;
                settings.precision = TrainPrecision::from_name(&v).ok_or_else(|| invalid("--precision", format!("unknown precision “{v}”; use mixed, fp32 or bf16")))?;
            }
            "--optimizer" => settings.optimizer = Optimizer::from_name(&value()?).map_err(|e| invalid("--optimizer", e))?,
            "--checkpointing" => {
                let v = value()?;
                settings.checkpointing = Checkpointing::from_name(&v).ok_or_else(|| invalid("--checkpointing", format!("unknown “{v}”; use none, selective or full")))?;
            }
            "--flash-attention" => settings.flash_attention = on_off("--flash-attention", &value()?)?,
            "--vision" => settings.vision = on_off("--vision", &value()?)?,
            "--mtp" => settings.mtp = on_off("--mtp", &value()?)?,
            "--lora-rank" => settings.lora_rank = parse_count(&value()?, 65_536).map_err(|e| invalid("--lora-rank", e))?,
            "--lora-targets" => settings.lora_targets = LoraTarget::parse_list(&value()?).map_err(|e| invalid("--lora-targets", e))?,
            "--tp" => settings.tensor_parallel = request::gpu_count(&value()?).map_err(|e| invalid("--tp", e))?,
            "--pp" => settings.pipeline_parallel = request::gpu_count(&value()?).map_err(|e| invalid("--pp", e))?,
            "--gpus" => settings.gpus = request::gpu_count(&value()?).map_err(|e| invalid("--gpus", e))?,
            "--zero" => {
                let v = value()?;
                settings.zero = ZeroStage::parse(&v).ok_or_else(|| invalid("--zero", format!("“{v}”: use 0, 1, 2 or 3")))?;
            }
            "--memory-gb" => settings.gpu_memory = Some(request::gpu_memory(&value()?, style).map_err(|e| invalid("--memory-gb", e))?),
            "--gpu-memory-utilization" => {
                let thousandths = parse_factor_thousandths(&value()?, style, 1, 1_000).map_err(|e| invalid("--gpu-memory-utilization", e))?;
                settings.gpu_memory_utilization_permille = u64::from(thousandths);
            }
            "--gpu" => gpu_name = Some(value()?),
            "--bandwidth-gbps" => bandwidth = request::bandwidth(&value()?, style).map_err(|e| invalid("--bandwidth-gbps", e))?,
            "--reserve" => reserve = request::reserve(&value()?, style).map_err(|e| invalid("--reserve", e))?,
            "--efficiency" => efficiency = request::efficiency(&value()?, style).map_err(|e| invalid("--efficiency", e))?,
            "--solve" => {
                let v = value()?;
                solve = Some(SolveFor::from_name(&v).ok_or_else(|| invalid("--solve", format!("“{v}”: use max-context, max-batch, min-gpus or best-quant")))?);
            }
            "--fit-all" => fit_all = true,
            "--overhead" => overhead = OverheadFactor::parse(&value()?, style).map_err(|e| invalid("--overhead", e))?,
            other if other.starts_with('-') => return Err(Failure::Usage(format!("unknown option “{other}”"))),
            _ => paths.push(arg),
        }
    }
    if let Some(link) = link {
        if flags > 0 || !paths.is_empty() {
            return Err(Failure::Usage("--link carries the whole state: give it alone (with --json at most)".into()));
        }
        // The query part of a whole address, without its fragment.
        let query = link.split_once('?').map_or(link.as_str(), |(_, q)| q);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        return Ok(Parsed::Link { query: query.to_string(), json });
    }
    if let Some(id) = preset {
        if params.is_some() || !paths.is_empty() {
            return Err(Failure::Usage("give one model: --model, --params or model files".into()));
        }
        let preset = find(&id).ok_or_else(|| invalid("--model", format!("no catalogue model has the id “{id}”")))?;
        let arch = preset.architecture().map_err(|e| invalid("--model", e))?;
        if let (false, Some(declared)) = (quant_given, WeightFormat::from_quantization_config(&preset.config)) {
            settings.format = declared;
        }
        let command = Command { model: Model::Architecture(arch), source: None, gpu: None, system_count: None, reserve, efficiency, solve, fit_all, settings, overhead, json };
        return with_gpu(command, gpu_name, bandwidth);
    }
    let (model, source) = match (paths.is_empty(), params) {
        (false, Some(_)) => return Err(Failure::Usage("give model files or --params, not both".into())),
        (true, Some(text)) => (Model::Params(parse_params(&text, style).map_err(|e| invalid("--params", e))?), None),
        (true, None) => return Err(Failure::Usage("give a config.json or model files, or --params (e.g. --params 7B)".into())),
        (false, None) => {
            let parts = paths.iter().map(|p| read_file(p)).collect::<Result<Vec<_>, _>>()?;
            let (model, source) = combine(&parts).map_err(|e| Failure::Invalid(e.to_string()))?;
            if let (false, Some(declared)) = (quant_given, source.quantization.as_deref()) {
                settings.format = WeightFormat::from_name(declared).map_err(|e| invalid("quantization_config", e))?;
            }
            // With --quant, weight files become a what-if in that format.
            (if quant_given { model.without_stored_weights() } else { model }, Some(source))
        }
    };
    with_gpu(Command { model, source, gpu: None, system_count: None, reserve, efficiency, solve, fit_all, settings, overhead, json }, gpu_name, bandwidth)
}

/// The command with its GPU: a catalogue GPU, or `custom` with --memory-gb (and
/// --bandwidth-gbps for its speed).
fn with_gpu(mut command: Command, gpu_name: Option<String>, bandwidth: f64) -> Result<Parsed, Failure> {
    let settings = &command.settings;
    let gpu = match gpu_name.as_deref() {
        None => None,
        Some("custom") => {
            let memory = settings.gpu_memory.ok_or_else(|| Failure::Usage("--gpu custom needs --memory-gb".into()))?;
            Some(Gpu::custom(memory, bandwidth))
        }
        // A system id (as the page and its links take it), then a GPU id or name.
        Some(name) => match resolve_gpu(name) {
            Some((gpu, count)) => {
                command.system_count = count;
                Some(gpu.clone())
            }
            None => Some(find_gpu(name).cloned().ok_or_else(|| invalid("--gpu", format!("no GPU in the catalogue matches “{name}”")))?),
        },
    };
    if command.solve.is_some() && gpu.is_none() {
        return Err(Failure::Usage("--solve needs --gpu NAME".into()));
    }
    command.gpu = gpu;
    Ok(Parsed::Run(Box::new(command)))
}

fn run(command: &Command) -> Result<String, Failure> {
    let style = NumberStyle::Point;
    let estimate = estimate(&command.model, &command.settings).map_err(|e| Failure::Invalid(e.to_string()))?;
    let mut report = EstimateReport::new(&command.model, &command.settings, estimate, command.overhead, style);
    report.source = command.source.clone();
    let invalid = |e: vramfit::core::estimate::EstimateError| Failure::Invalid(e.to_string());
    if let Some(gpu) = &command.gpu {
        let count = command.system_count.unwrap_or(command.settings.gpus.max(command.settings.tensor_parallel));
        let placement = Placement { gpu, count, reserve: command.reserve, efficiency: command.efficiency };
        report.place(&command.model, &command.settings, placement, command.solve).map_err(invalid)?;
    }
    if command.fit_all {
        let count = command.system_count.unwrap_or(command.settings.gpus.max(command.settings.tensor_parallel));
        report.fit_everywhere(&command.model, &command.settings, count, command.reserve).map_err(invalid)?;
    }
    if command.json {
        serde_json::to_string_pretty(&report).map_err(|e| Failure::Invalid(format!("could not write JSON: {e}")))
    } else {
        Ok(report.to_text(style))
    }
}

/// A share link's state through the page's own entry point ([`page_report`]); what the link
/// carried that could not be used is said on stderr, as the page says it above its link box.
fn run_link(query: &str, json: bool) -> Result<String, Failure> {
    let restored = from_query(query);
    for notice in &restored.notices {
        eprintln!("vramfit: link: {notice}");
    }
    let mut inputs = restored.inputs;
    if let Some(preset) = restored.preset.as_deref().and_then(find) {
        inputs.model = PageModel::Chosen(Model::Architecture(preset.architecture().map_err(|e| invalid("model", e))?));
    }
    let style = inputs.lang.unwrap_or_default().style();
    let report = page_report(&inputs, style).map_err(|e| Failure::Invalid(e.messages().join("; ")))?;
    Ok(if json { report.export_json() } else { report.exported().to_text(style) })
}

fn main() -> ExitCode {
    let outcome = parse_args(std::env::args().skip(1).collect()).and_then(|parsed| match parsed {
        Parsed::Help => Ok(USAGE.trim_end().to_string()),
        Parsed::Version => Ok(format!("vramfit {}", env!("CARGO_PKG_VERSION"))),
        Parsed::Run(command) => run(&command),
        Parsed::Link { query, json } => run_link(&query, json),
    });
    match outcome {
        Ok(text) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(Failure::Invalid(message)) => {
            eprintln!("vramfit: {message}");
            ExitCode::FAILURE
        }
        Err(Failure::Usage(message)) => {
            eprintln!("vramfit: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// A switch's value: on or off.
fn on_off(flag: &str, value: &str) -> Result<bool, Failure> {
    request::switch(value).ok_or_else(|| invalid(flag, format!("“{value}”: use on or off")))
}
