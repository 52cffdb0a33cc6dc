//! `vramfit`: the command-line front end. It reads files and flags, asks the core for the
//! estimate and prints the core's report (a table, or JSON with `--json`). It computes nothing.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::process::ExitCode;

use vramfit::core::catalogue::gpus::find_gpu;
use vramfit::core::catalogue::models::find;
#[cfg(not(target_arch = "wasm32"))]
use vramfit::core::hub::{HubError, HubLoad, Step};
use vramfit::core::hub::{parse_hub_ref, HubModel, HubRef, HUB};
use vramfit::core::import::{combine, read_step, Next, Part, FIRST_READ};
use vramfit::core::report::{EstimateReport, SolveFor};
use vramfit::core::request::{self, report as page_report, FormatChoice, ModelInput, Request};
use vramfit::core::share_state::from_query;
use vramfit::core::{Checkpointing, Engine, KvDtype, LoraTarget, Mode, Model, Optimizer, TrainPrecision, WeightFormat, ZeroStage};
use vramfit::core::units::NumberStyle;
use vramfit::core::Offload;

const USAGE: &str = "\
vramfit — how much GPU memory does this model need?

Usage:
  vramfit CONFIG.json [options]      exact, from a Hugging Face config.json
  vramfit FILE… [options]            exact, from model files: config.json,
                                     model.safetensors.index.json, *.safetensors shards,
                                     *.gguf (split sets too); only headers are read
  vramfit hf:OWNER/NAME [options]    exact, a Hugging Face model repo (a Hub link works too):
                                     its config.json and index, or its weight files' headers
                                     (GGUF: the Q4_K_M quant unless --hf-file names another)
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
  --gpu NAME[:N]               a catalogue GPU or system (id or name: 4090, rtx-6000-ada,
                               h100 sxm, 4x-rtx-6000-ada); NAME:N is N of them (4090:2):
                               adds fit {verdict, headroom_bytes, gpus_needed, warnings} and
                               speed {decode_tokens_per_s, prefill_seconds, efficiency}
                               `custom` with --memory-gb X [--bandwidth-gbps Y]
                               repeat it for a machine with different GPUs
                               (--gpu 4090 --gpu 3090): adds placement {kind, gpu_layers,
                               cpu_moe_layers, vram_bytes per GPU, ram_bytes}
  --ram GB                     system RAM, 8–16,000 (a Mac, Strix Halo or DGX Spark: its
                               memory size); lets llama.cpp-family engines offload to RAM
  --ram-type T                 RAM type for its bandwidth [ddr5-5600x2]: ddr4-3200, ddr5-6000x2,
                               lpddr5x-8000x4, … (TYPE-MT/s x 64-bit channels)
  --ram-bandwidth GBPS         RAM bandwidth in GB/s, instead of --ram-type
  --offload KIND               auto, none, layers or experts [auto]: what may go to RAM
  --gpu-layers N               force llama.cpp's -ngl N (the output layer counts as one)
  --cpu-moe N                  force llama.cpp's --n-cpu-moe N (experts of the first N layers in RAM)
  --gpu-limit-mb MIB           a unified-memory GPU's limit (macOS iogpu.wired_limit_mb)
  --min-speed TPS              decode speed the machine's solvers ask for [10]: adds
                               machine_answers {max_context, best_quant, … _at_speed}
  --reserve GB                 memory kept free per GPU for the display and other processes [0]
  --efficiency F               bandwidth efficiency for the speed estimate, 0.05–1 [calibrated]
  --solve KIND                 with --gpu: max-context, max-batch, min-gpus or best-quant
  --fit-all                    every catalogue GPU's fit, most headroom first
  --overhead F                 the article's rule-of-thumb factor [2]
  --hf-file PATH               with hf:…, the .gguf file (a quant) to read
  --hf-endpoint URL            with hf:…, the Hub's address [$HF_ENDPOINT, else https://huggingface.co]
  --json                       print one JSON object
  -h, --help, -V, --version

Exit status: 0 on success, 1 for an invalid value or file, 2 for a usage error.
";


enum Failure {
    Usage(String),
    Invalid(String),
}

enum Parsed {
    /// The flags as one request, for the core's one entry point.
    Run { request: Box<Request>, json: bool },
    /// A share link: the page's own path from its state to its report.
    Link { query: String, json: bool },
    Help,
    Version,
}

fn invalid(flag: &str, error: impl std::fmt::Display) -> Failure {
    Failure::Invalid(format!("{flag}: {error}"))
}

/// The CLI is only ever run natively; `cargo test --target wasm32-unknown-unknown` still builds
/// every binary, and there is no HTTP client there.
#[cfg(target_arch = "wasm32")]
fn read_hub(_: HubRef, _: &str) -> Result<HubModel, Failure> {
    Err(Failure::Invalid("hf: needs the native vramfit (there is no HTTP client on wasm32)".into()))
}

/// Reads a Hub repo: the core says what to fetch, this only fetches (following redirects, with
/// the `Range` header the core asks for) and hands back the status and body.
#[cfg(not(target_arch = "wasm32"))]
fn read_hub(reference: HubRef, base: &str) -> Result<HubModel, Failure> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .user_agent(concat!("vramfit/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let failed = |e: HubError| Failure::Invalid(e.to_string());
    let (mut load, mut fetch) = HubLoad::start(reference, base);
    loop {
        let mut call = agent.get(&fetch.url);
        if let Some(range) = fetch.range_header() {
            call = call.header("Range", range);
        }
        let mut response = call.call().map_err(|e| failed(HubError::Network { detail: e.to_string() }))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        if (200..300).contains(&status) {
            // No more than was asked for, even from a server that ignores `Range`.
            let limit = fetch.first_bytes.unwrap_or(vramfit::core::import::MAX_JSON_BYTES + 1);
            response.body_mut().as_reader().take(limit).read_to_end(&mut body).map_err(|e| failed(HubError::Network { detail: e.to_string() }))?;
        }
        match load.receive(status, &body).map_err(failed)? {
            Step::Fetch(next) => fetch = next,
            Step::Done(model) => return Ok(model),
        }
    }
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
    // The CLI's defaults where they differ from the page's: no GPU, nothing reserved, BF16.
    let mut request = Request { gpu: String::new(), reserve: "0".into(), quant: FormatChoice::Format(WeightFormat::Bf16), ..Request::default() };
    let mut json = false;
    let mut paths: Vec<String> = Vec::new();
    let mut quant_given = false;
    let (mut params, mut preset, mut link, mut memory) = (None::<String>, None::<String>, None::<String>, None::<String>);
    let (mut gpus_flag, mut gpu_count_from_name) = (None::<String>, None::<String>);
    let mut flags = 0;
    let mut gpu_given = false;
    let (mut hf_file, mut hf_endpoint) = (None::<String>, None::<String>);
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
        let training = &mut request.training;
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--link" => link = Some(value()?),
            "-V" | "--version" => return Ok(Parsed::Version),
            "--json" => json = true,
            "--params" => params = Some(value()?),
            "--model" => preset = Some(value()?),
            "--quant" => {
                request.quant = FormatChoice::Format(WeightFormat::from_name(&value()?).map_err(|e| invalid("--quant", e))?);
                quant_given = true;
            }
            "--kv-quant" => {
                let v = value()?;
                request.kv = KvDtype::from_name(&v).ok_or_else(|| invalid("--kv-quant", format!("unknown KV type “{v}”; use f16, bf16, fp8, q8_0, q4_0 or f32")))?;
            }
            "--context" => request.context = value()?,
            "--batch" => request.batch = value()?,
            "--engine" => request.engine = Engine::from_name(&value()?).map_err(|e| invalid("--engine", e))?,
            "--mode" => {
                let v = value()?;
                request.mode = Mode::from_name(&v).ok_or_else(|| invalid("--mode", format!("unknown mode “{v}”; use inference, full, lora or qlora")))?;
            }
            "--precision" => {
                let v = value()?;
                training.precision = TrainPrecision::from_name(&v).ok_or_else(|| invalid("--precision", format!("unknown precision “{v}”; use mixed, fp32 or bf16")))?;
            }
            "--optimizer" => training.optimizer = Optimizer::from_name(&value()?).map_err(|e| invalid("--optimizer", e))?,
            "--checkpointing" => {
                let v = value()?;
                training.checkpointing = Checkpointing::from_name(&v).ok_or_else(|| invalid("--checkpointing", format!("unknown “{v}”; use none, selective or full")))?;
            }
            "--flash-attention" => request.flash_attention = on_off("--flash-attention", &value()?)?,
            "--vision" => request.vision = on_off("--vision", &value()?)?,
            "--mtp" => request.mtp = on_off("--mtp", &value()?)?,
            "--lora-rank" => training.lora_rank = request::lora_rank(&value()?).map_err(|e| invalid("--lora-rank", e))?,
            "--lora-targets" => training.lora_targets = LoraTarget::parse_list(&value()?).map_err(|e| invalid("--lora-targets", e))?,
            "--tp" => request.tensor_parallel = request::gpu_count(&value()?).map_err(|e| invalid("--tp", e))?,
            "--pp" => request.pipeline_parallel = request::gpu_count(&value()?).map_err(|e| invalid("--pp", e))?,
            "--gpus" => gpus_flag = Some(value()?),
            "--zero" => {
                let v = value()?;
                training.zero = ZeroStage::parse(&v).ok_or_else(|| invalid("--zero", format!("“{v}”: use 0, 1, 2 or 3")))?;
            }
            "--memory-gb" => memory = Some(value()?),
            "--gpu-memory-utilization" => {
                let permille = request::memory_utilization(&value()?, NumberStyle::Point).map_err(|e| invalid("--gpu-memory-utilization", e))?;
                request.gpu_memory_utilization_permille = permille;
            }
            // A GPU id, system id or `custom` as links take them, or a catalogue name (`4090`).
            // `NAME:N` is N of them, as `--gpus N` is.
            "--gpu" => {
                let given = value()?;
                let (name, count) = match given.rsplit_once(':') {
                    Some((name, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (name.to_string(), Some(n.to_string())),
                    _ => (given, None),
                };
                let id = match find_gpu(&name) {
                    Some(gpu) if request::resolve_gpu(&name).is_none() => gpu.id.to_string(),
                    _ => name,
                };
                if gpu_given {
                    // A second --gpu: another GPU in the same machine.
                    let n = count.map_or(Ok(1), |n| request::gpu_count(&n)).map_err(|e| invalid("--gpu", e))?;
                    request.more_gpus.push((id, n));
                } else {
                    request.gpu = id;
                    gpu_count_from_name = count;
                    gpu_given = true;
                }
            }
            "--ram" => request.ram = value()?,
            "--ram-type" => request.ram_type = value()?,
            "--ram-bandwidth" => request.ram_bandwidth = value()?,
            "--offload" => {
                let v = value()?;
                request.offload = Offload::from_name(&v).ok_or_else(|| invalid("--offload", format!("“{v}”: use auto, none, layers or experts")))?;
            }
            "--gpu-layers" => request.forced.gpu_layers = Some(layer_count("--gpu-layers", &value()?)?),
            "--cpu-moe" => request.forced.cpu_moe = Some(layer_count("--cpu-moe", &value()?)?),
            "--min-speed" => request.speed_target = value()?,
            "--gpu-limit-mb" => request.gpu_limit_mib = Some(request::gpu_limit_mib(&value()?).map_err(|e| invalid("--gpu-limit-mb", e))?),
            "--bandwidth-gbps" => request.custom_bandwidth = value()?,
            "--reserve" => request.reserve = value()?,
            "--efficiency" => request.efficiency = value()?,
            "--solve" => {
                let v = value()?;
                request.solve = Some(SolveFor::from_name(&v).ok_or_else(|| invalid("--solve", format!("“{v}”: use max-context, max-batch, min-gpus or best-quant")))?);
            }
            "--fit-all" => request.fit_all = true,
            "--overhead" => request.overhead = value()?,
            "--hf-file" => hf_file = Some(value()?),
            "--hf-endpoint" => hf_endpoint = Some(value()?),
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
    request.gpu_count = match (gpus_flag, gpu_count_from_name) {
        (Some(a), Some(b)) if a.trim() != b => return Err(Failure::Usage(format!("--gpus {a} and --gpu …:{b} disagree; give the count once"))),
        (Some(n), _) | (None, Some(n)) => n,
        (None, None) => request.gpu_count,
    };
    // --memory-gb is one GPU's memory: a custom GPU's, and what vLLM's KV capacity is counted in.
    match (&memory, request.gpu.trim()) {
        (None, "custom") => return Err(Failure::Usage("--gpu custom needs --memory-gb".into())),
        (Some(gb), _) => {
            request.kv_capacity_memory = Some(request::gpu_memory(gb, NumberStyle::Point).map_err(|e| invalid("--memory-gb", e))?);
            request.custom_memory = gb.clone();
        }
        (None, _) => {}
    }
    if request.solve.is_some() && request.gpu.trim().is_empty() {
        return Err(Failure::Usage("--solve needs --gpu NAME".into()));
    }
    request.model = match (preset, params, paths.is_empty()) {
        (Some(_), Some(_), _) | (Some(_), _, false) => return Err(Failure::Usage("give one model: --model, --params or model files".into())),
        (None, Some(_), false) => return Err(Failure::Usage("give model files or --params, not both".into())),
        (None, None, true) => return Err(Failure::Usage("give a config.json or model files, or --params (e.g. --params 7B)".into())),
        (None, Some(text), true) => ModelInput::Typed(text),
        (Some(id), None, true) => {
            let preset = find(&id).ok_or_else(|| invalid("--model", format!("no catalogue model has the id “{id}”")))?;
            if let (false, Some(declared)) = (quant_given, WeightFormat::from_quantization_config(&preset.config())) {
                request.quant = FormatChoice::Format(declared);
            }
            ModelInput::Chosen(Model::Architecture(preset.architecture().map_err(|e| invalid("--model", e))?))
        }
        (None, None, false) => {
            let (model, source) = match paths.iter().find_map(|p| p.strip_prefix("hf:")) {
                Some(_) if paths.len() > 1 => return Err(Failure::Usage("give one hf:OWNER/NAME, without other model files".into())),
                Some(id) => {
                    let mut reference = parse_hub_ref(id).map_err(|e| invalid(&paths[0], e))?;
                    if let Some(file) = hf_file.take() {
                        reference.file = Some(file);
                    }
                    let base = hf_endpoint.take().or_else(|| std::env::var("HF_ENDPOINT").ok()).unwrap_or_else(|| HUB.to_string());
                    let loaded = read_hub(reference, &base)?;
                    (loaded.model, loaded.source)
                }
                None => {
                    let parts = paths.iter().map(|p| read_file(p)).collect::<Result<Vec<_>, _>>()?;
                    combine(&parts).map_err(|e| Failure::Invalid(e.to_string()))?
                }
            };
            if !quant_given {
                // Weight files as stored, or the format a config.json declares; with --quant,
                // weight files become a what-if in that format.
                request.quant = match (&model, source.quantization.as_deref()) {
                    (Model::Files { .. }, _) => FormatChoice::AsStored,
                    (_, Some(declared)) => FormatChoice::Format(WeightFormat::from_name(declared).map_err(|e| invalid("quantization_config", e))?),
                    (_, None) => request.quant,
                };
            }
            request.source = Some(source);
            ModelInput::Chosen(model)
        }
    };
    if hf_file.is_some() || hf_endpoint.is_some() {
        return Err(Failure::Usage("--hf-file and --hf-endpoint go with hf:OWNER/NAME".into()));
    }
    Ok(Parsed::Run { request: Box::new(request), json })
}

/// The report for the flags, through the page's own entry point: JSON is the page's export
/// (with every GPU's fit under --fit-all).
fn run(request: &Request, json: bool) -> Result<String, Failure> {
    let style = NumberStyle::Point;
    let report = page_report(request, style).map_err(|e| Failure::Invalid(e.messages().join("; ")))?;
    let fit_all = if request.fit_all { report.fit_all.clone() } else { None };
    let shown = EstimateReport { fit_all, ..report.exported() };
    if json {
        Ok(shown.json())
    } else {
        Ok(shown.to_text(style))
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
        inputs.model = ModelInput::Chosen(Model::Architecture(preset.architecture().map_err(|e| invalid("model", e))?));
    }
    let style = inputs.lang.unwrap_or_default().style();
    let report = page_report(&inputs, style).map_err(|e| Failure::Invalid(e.messages().join("; ")))?;
    Ok(if json { report.export_json() } else { report.exported().to_text(style) })
}

fn main() -> ExitCode {
    let outcome = parse_args(std::env::args().skip(1).collect()).and_then(|parsed| match parsed {
        Parsed::Help => Ok(USAGE.trim_end().to_string()),
        Parsed::Version => Ok(format!("vramfit {}", env!("CARGO_PKG_VERSION"))),
        Parsed::Run { request, json } => run(&request, json),
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

/// A layer count for `--gpu-layers` / `--cpu-moe`.
fn layer_count(flag: &str, value: &str) -> Result<u64, Failure> {
    request::layer_count(value).map_err(|e| invalid(flag, e))
}

/// A switch's value: on or off.
fn on_off(flag: &str, value: &str) -> Result<bool, Failure> {
    request::switch(value).ok_or_else(|| invalid(flag, format!("“{value}”: use on or off")))
}
