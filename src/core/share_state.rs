//! The page's state in a query string, and back: what a share link carries.
//!
//! Keys (only values that differ from the defaults are written): `model` (preset id), `hf` (a
//! Hugging Face repo, `owner/name`, with `rev` when not `main`: the page offers to load it and
//! does not fetch on its own), `params`,
//! `quant` (default: the preset's published format), `kvq`, `ctx`, `batch`, `mode`, `engine`,
//! `gpu` (more GPUs of a machine after commas, or in repeated `gpu` keys, each `id` or
//! `id:N`), `gpus` (how many of the first), `mem` and `bw` (a custom GPU's GB and GB/s), `ram`
//! (GB), `ramtype` (`ddr5-6000x2`), `rambw` (GB/s), `offload`, `reserve`, `eff` (bandwidth
//! efficiency), `vision` (`0`: without the vision tower), `mtp` (`1`: with the MTP layers),
//! `overhead`, `unit`, `lang` (`en`|`tr`; numbers in the link are written the language's way)
//! and `embed` (`1`: the compact card, `full`: the whole calculator) with `controls` (the card's
//! inputs, `ctx,quant,gpu,batch`).
//! Reading is defensive: a link may be tampered with, so every value is checked the way the
//! page checks typed input, and anything unknown or invalid is dropped with a notice.

use crate::core::catalogue::models::find;
use crate::core::engines::Engine;
use crate::core::hub::{parse_hub_ref, parse_revision, HubRef};
use crate::core::estimate::{Mode, MAX_BATCH, MAX_CONTEXT};
use crate::core::i18n::{Key, Lang};
use crate::core::kv_cache::KvDtype;
use crate::core::machine::{RamType, MACHINE};
use crate::core::placement::Offload;
use crate::core::quant::WeightFormat;
use crate::core::request::{self, resolve_gpu, Embed, EmbedControl, FormatChoice, ModelInput, Request};
use crate::core::rule_of_thumb::OverheadFactor;
use crate::core::units::{parse_count, parse_params, parse_tokens, NumberStyle, Unit};

/// Longest query string read; a share link is a few hundred bytes.
const MAX_QUERY: usize = 4_096;
/// Longest single value read.
const MAX_VALUE: usize = 200;

/// What a share link restores: the inputs, the preset it names, and notices about what was
/// ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The request, with what the link did not carry at its default.
    pub inputs: Request,
    /// The catalogue id of the model the link names.
    pub preset: Option<String>,
    /// What was ignored, and why, in the link's language.
    pub notices: Vec<String>,
}

/// Percent-encodes a value for a query string (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `+` and `%XX`; `None` for a malformed escape or text that is not UTF-8.
fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The query string (without `?`) for the page's inputs and chosen preset.
pub fn to_query(inputs: &Request, preset: Option<&str>) -> String {
    let defaults = Request::default();
    let mut pairs: Vec<(&str, String)> = Vec::new();
    match (preset, &inputs.model, &inputs.hub) {
        (Some(id), _, _) => pairs.push(("model", id.to_string())),
        (None, _, Some(hub)) => {
            pairs.push(("hf", hub.repo.clone()));
            if hub.revision != "main" {
                pairs.push(("rev", hub.revision.clone()));
            }
        }
        (None, ModelInput::Typed(text), None) if !text.trim().is_empty() => pairs.push(("params", text.trim().to_string())),
        _ => {}
    }
    let quant_default = default_quant(preset);
    let custom = inputs.gpu == "custom";
    let lang = |l: Option<Lang>| l.map_or("", Lang::code);
    let offload = if MACHINE { inputs.offload.name() } else { "" };
    let choices: [(&str, &str, &str); 6] = [
        ("offload", offload, if MACHINE { defaults.offload.name() } else { "" }),
        ("kvq", inputs.kv.name(), defaults.kv.name()),
        ("mode", inputs.mode.name(), defaults.mode.name()),
        ("engine", inputs.engine.name(), defaults.engine.name()),
        ("unit", inputs.unit.name(), defaults.unit.name()),
        ("lang", lang(inputs.lang), lang(defaults.lang)),
    ];
    // Imported files' own format cannot travel: the files stay on the computer.
    if !matches!(inputs.quant, FormatChoice::AsStored) && inputs.quant.name() != quant_default.name() {
        pairs.push(("quant", inputs.quant.name()));
    }
    let mut gpus = inputs.gpu.trim().to_string();
    for (id, n) in inputs.more_gpus.iter().filter(|_| MACHINE) {
        gpus.push(',');
        gpus.push_str(id);
        if *n > 1 {
            gpus.push(':');
            gpus.push_str(&n.to_string());
        }
    }
    let fields: [(&str, &String, &String, bool); 12] = [
        ("ctx", &inputs.context, &defaults.context, true),
        ("batch", &inputs.batch, &defaults.batch, true),
        ("gpu", &gpus, &defaults.gpu, true),
        ("ram", &inputs.ram, &defaults.ram, MACHINE),
        ("ramtype", &inputs.ram_type, &defaults.ram_type, MACHINE),
        ("rambw", &inputs.ram_bandwidth, &defaults.ram_bandwidth, MACHINE),
        ("gpus", &inputs.gpu_count, &defaults.gpu_count, true),
        ("mem", &inputs.custom_memory, &defaults.custom_memory, custom),
        ("bw", &inputs.custom_bandwidth, &defaults.custom_bandwidth, custom),
        ("reserve", &inputs.reserve, &defaults.reserve, true),
        ("eff", &inputs.efficiency, &defaults.efficiency, true),
        ("overhead", &inputs.overhead, &defaults.overhead, true),
    ];
    for (key, value, default, shown) in fields {
        if shown && value.trim() != default.trim() {
            pairs.push((key, value.trim().to_string()));
        }
    }
    for (key, value, default) in choices {
        if value != default {
            pairs.push((key, value.into()));
        }
    }
    for (key, on, default) in [("vision", inputs.vision, defaults.vision), ("mtp", inputs.mtp, defaults.mtp)] {
        if on != default {
            pairs.push((key, if on { "1" } else { "0" }.into()));
        }
    }
    if let Some(value) = inputs.embed.value() {
        pairs.push(("embed", value.into()));
        if !inputs.embed_controls.is_empty() {
            pairs.push(("controls", inputs.embed_controls.iter().map(|c| c.name()).collect::<Vec<_>>().join(",")));
        }
    }
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

/// Restores the inputs a query string (with or without `?`) describes. Never fails: what it
/// cannot use it reports in `notices` and leaves at the default.
pub fn from_query(query: &str) -> Restored {
    let mut restored = Restored { inputs: Request::default(), preset: None, notices: Vec::new() };
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > MAX_QUERY {
        restored.notices.push(Lang::En.text(Key::NoticeTooLong).into());
        return restored;
    }
    // Numbers in a link are written the way its language writes them (`params=6,7B&lang=tr`).
    let lang = query.split('&').filter_map(|p| p.strip_prefix("lang=")).find_map(Lang::from_code);
    let style = lang.map_or(NumberStyle::Point, Lang::style);
    // Notices are written in the link's language (else English).
    let lang = lang.unwrap_or_default();
    let mut quant_given = false;
    let mut gpu_seen = false;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(value) = decode(raw).filter(|v| v.len() <= MAX_VALUE) else {
            restored.notices.push(lang.fill(Key::NoticeMalformed, &[key]));
            continue;
        };
        // Stored as written back (trimmed), so a restored link writes the same link again.
        let value = value.trim().to_string();
        let i = &mut restored.inputs;
        let ok = match key {
            "model" => match find(&value) {
                Some(preset) => {
                    restored.preset = Some(preset.id.to_string());
                    true
                }
                None => false,
            },
            "hf" => match parse_hub_ref(&value) {
                // Only `owner/name` as to_query writes it, so a link reads back as itself.
                Ok(HubRef { repo, .. }) if repo == value => {
                    let revision = i.hub.take().map_or_else(|| "main".to_string(), |h| h.revision);
                    i.hub = Some(HubRef { repo, revision, file: None });
                    true
                }
                _ => false,
            },
            "rev" => match parse_revision(&value) {
                Ok(revision) => {
                    let repo = i.hub.take().map_or_else(String::new, |h| h.repo);
                    i.hub = Some(HubRef { repo, revision, file: None });
                    true
                }
                Err(_) => false,
            },
            "params" => parse_params(&value, style).is_ok() && set(&mut i.model, ModelInput::Typed(value.clone())),
            "quant" => WeightFormat::from_name(&value).map(|f| i.quant = FormatChoice::Format(f)).is_ok() && set(&mut quant_given, true),
            "kvq" => KvDtype::from_name(&value).map(|kv| i.kv = kv).is_some(),
            "ctx" => parse_tokens(&value, style, MAX_CONTEXT).is_ok() && set(&mut i.context, value.clone()),
            "batch" => parse_count(&value, MAX_BATCH).is_ok() && set(&mut i.batch, value.clone()),
            "mode" => Mode::from_name(&value).map(|mode| i.mode = mode).is_some(),
            "engine" => Engine::from_name(&value).map(|engine| i.engine = engine).is_ok(),
            "gpu" => {
                let mut ids = value.split(',').map(str::trim);
                let first = if gpu_seen { None } else { ids.next() };
                let first_ok = first.is_none_or(|id| id == "custom" || resolve_gpu(id).is_some());
                let more: Option<Vec<(String, u64)>> = ids.map(|id| if MACHINE { more_gpu(id) } else { None }).collect();
                match (first_ok, more) {
                    (true, Some(more)) if i.more_gpus.len() + more.len() < usize::try_from(request::MAX_MACHINE_GPUS).unwrap_or(16) => {
                        if let Some(id) = first {
                            i.gpu = id.to_string();
                        }
                        i.more_gpus.extend(more);
                        gpu_seen = true;
                        true
                    }
                    _ => false,
                }
            }
            "ram" if MACHINE => request::ram(&value, style).is_ok() && set(&mut i.ram, value.clone()),
            "ramtype" if MACHINE => RamType::parse(&value).is_ok() && set(&mut i.ram_type, value.clone()),
            "rambw" if MACHINE => request::bandwidth(&value, style).is_ok() && set(&mut i.ram_bandwidth, value.clone()),
            "offload" if MACHINE => Offload::from_name(&value).map(|o| i.offload = o).is_some(),
            "gpus" => request::gpu_count(&value).is_ok() && set(&mut i.gpu_count, value.clone()),
            "mem" => request::gpu_memory(&value, style).is_ok() && set(&mut i.custom_memory, value.clone()),
            "bw" => request::bandwidth(&value, style).is_ok() && set(&mut i.custom_bandwidth, value.clone()),
            "reserve" => request::reserve(&value, style).is_ok() && set(&mut i.reserve, value.clone()),
            "eff" => request::efficiency(&value, style).is_ok() && set(&mut i.efficiency, value.clone()),
            "vision" => matches!(value.as_str(), "1" | "0") && set(&mut i.vision, value == "1"),
            "mtp" => matches!(value.as_str(), "1" | "0") && set(&mut i.mtp, value == "1"),
            "overhead" => OverheadFactor::parse(&value, style).is_ok() && set(&mut i.overhead, value.clone()),
            "unit" => Unit::from_name(&value).map(|unit| i.unit = unit).is_some(),
            "lang" => Lang::from_code(&value).filter(|l| l.code() == value).map(|l| i.lang = Some(l)).is_some(),
            "embed" => Embed::from_value(&value).map(|e| i.embed = e).is_some(),
            "controls" => EmbedControl::parse_list(&value).map(|c| i.embed_controls = c).is_some(),
            _ => {
                restored.notices.push(lang.fill(Key::NoticeUnknownKey, &[key]));
                continue;
            }
        };
        if !ok {
            restored.notices.push(lang.fill(Key::NoticeInvalid, &[key, &value]));
        }
    }
    // A revision without its repo names nothing; a repo beside a preset loses to the preset.
    if let Some(hub) = restored.inputs.hub.take() {
        match (&restored.preset, hub.repo.is_empty()) {
            (None, false) => restored.inputs.hub = Some(hub),
            (Some(_), false) => restored.notices.push(lang.fill(Key::NoticeInvalid, &["hf", &hub.repo])),
            (_, true) => restored.notices.push(lang.fill(Key::NoticeInvalid, &["rev", &hub.revision])),
        }
    }
    if !quant_given {
        restored.inputs.quant = default_quant(restored.preset.as_deref());
    }
    // A link that names a model (a preset or a Hub repo) has no use for a typed count: the model
    // wins, as in to_query.
    if let (true, ModelInput::Typed(typed)) = (restored.preset.is_some() || restored.inputs.hub.is_some(), &restored.inputs.model) {
        if *typed != default_count() {
            restored.notices.push(lang.fill(Key::NoticeParamsWithModel, &[typed]));
            restored.inputs.model = ModelInput::Typed(default_count());
        }
    }
    // A custom GPU's memory and bandwidth mean nothing beside a catalogue GPU (nor does to_query
    // write them there).
    if restored.inputs.gpu != "custom" {
        let defaults = Request::default();
        let i = &mut restored.inputs;
        for (key, value, default) in [("mem", &mut i.custom_memory, defaults.custom_memory), ("bw", &mut i.custom_bandwidth, defaults.custom_bandwidth)] {
            if *value != default {
                restored.notices.push(lang.fill(Key::NoticeCustomGpuOnly, &[key, value]));
                *value = default;
            }
        }
    }
    restored
}

/// The format a link means when it names none: the preset's published format (gpt-oss's MXFP4),
/// else the page's default.
fn default_quant(preset: Option<&str>) -> FormatChoice {
    let published = preset.and_then(find).and_then(|p| WeightFormat::from_quantization_config(&p.config()));
    published.map_or(Request::default().quant, FormatChoice::Format)
}

/// The typed count a page starts with.
fn default_count() -> String {
    match Request::default().model {
        ModelInput::Typed(text) => text,
        ModelInput::Chosen(_) => String::new(),
    }
}

/// The address of the page at `base` with `query`, embedded as `embed` with `controls`.
pub fn embed_address(base: &str, query: &str, embed: Embed, controls: &[EmbedControl]) -> String {
    let mut pairs: Vec<String> = Vec::new();
    if !query.is_empty() {
        pairs.push(query.to_string());
    }
    pairs.push(format!("embed={}", embed.value().unwrap_or("1")));
    if embed == Embed::Card && !controls.is_empty() {
        pairs.push(format!("controls={}", encode(&controls.iter().map(|c| c.name()).collect::<Vec<_>>().join(","))));
    }
    format!("{base}?{}", pairs.join("&"))
}

/// The `<iframe>` snippet for the page at `base` with `query` as `embed` (the compact card, or
/// the whole calculator) with `controls`, and a host script that applies the heights the frame
/// posts (`{type: "vramfit:height", height}`), only from this page's origin.
pub fn embed_snippet(origin: &str, base: &str, query: &str, embed: Embed, controls: &[EmbedControl]) -> String {
    // `&` is escaped in the attribute: `&para…` would otherwise risk reading as an entity.
    let src = embed_address(base, query, embed, controls).replace('&', "&amp;");
    let height = if embed == Embed::Full { 900 } else { 560 };
    format!(
        "<iframe src=\"{src}\" title=\"vramfit — GPU memory calculator\" style=\"width:100%;border:0\" height=\"{height}\" loading=\"lazy\"></iframe>\n\
         <script>addEventListener(\"message\",e=>{{if(e.origin!==\"{origin}\"||!e.data||e.data.type!==\"vramfit:height\")return;\
         for(const f of document.querySelectorAll(\"iframe\"))if(f.contentWindow===e.source)f.style.height=e.data.height+\"px\"}});</script>"
    )
}

/// One more GPU of a machine as a link writes it: a catalogue id, or `id:N` for N of it (1–16).
fn more_gpu(entry: &str) -> Option<(String, u64)> {
    let (id, count) = entry.rsplit_once(':').map_or((entry, Ok(1)), |(id, n)| (id, request::gpu_count(n)));
    let count = count.ok().filter(|n| *n <= request::MAX_MACHINE_GPUS)?;
    resolve_gpu(id).filter(|(_, system)| system.is_none()).map(|(gpu, _)| (gpu.id.to_string(), count))
}

/// Assigns and returns true (keeps the match arms above to one line each).
fn set<T>(slot: &mut T, value: T) -> bool {
    *slot = value;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(name: &str) -> FormatChoice {
        FormatChoice::from_name(name).expect("a format")
    }

    #[test]
    fn round_trips_every_field() {
        let inputs = Request {
            model: ModelInput::Typed("6,7B".into()),
            lang: Some(Lang::Tr),
            embed: Embed::Card,
            embed_controls: vec![EmbedControl::Context, EmbedControl::Quant],
            quant: format("q4_k_m"),
            kv: KvDtype::Fp8,
            context: "16k".into(),
            batch: "4".into(),
            mode: Mode::Qlora,
            engine: Engine::LlamaCpp,
            gpu: "4x-rtx-6000-ada".into(),
            gpu_count: "2".into(),
            reserve: "1.5".into(),
            overhead: "1.2".into(),
            unit: Unit::Gib,
            ..Request::default()
        };
        let query = to_query(&inputs, None);
        assert!(query.contains("params=6%2C7B") && query.contains("engine=llama.cpp") && query.ends_with("lang=tr&embed=1&controls=ctx%2Cquant"), "{query}");
        let restored = from_query(&format!("?{query}"));
        assert_eq!(restored.notices, Vec::<String>::new());
        assert_eq!(restored.inputs, inputs);
        // A custom GPU, an edited efficiency and the optional parts travel too.
        let custom = Request {
            gpu: "custom".into(),
            custom_memory: "12".into(),
            custom_bandwidth: "504".into(),
            efficiency: "0.7".into(),
            vision: false,
            mtp: true,
            ..Request::default()
        };
        let query = to_query(&custom, None);
        assert_eq!(query, "params=7B&gpu=custom&mem=12&bw=504&eff=0.7&vision=0&mtp=1");
        assert_eq!(from_query(&query).inputs, custom);
        // A machine: two kinds of GPU, its RAM and RAM type, and what may be offloaded.
        let machine = Request { gpu: "rtx-4090".into(), more_gpus: vec![("rtx-3090".into(), 2)], ram: "64".into(), ram_type: "ddr5-6000x2".into(), offload: Offload::Experts, ..Request::default() };
        let query = to_query(&machine, None);
        assert_eq!(query, "params=7B&gpu=rtx-4090%2Crtx-3090%3A2&ram=64&ramtype=ddr5-6000x2&offload=experts");
        assert_eq!(from_query(&query).inputs, machine);
        let repeated = from_query("?gpu=rtx-4090&gpu=rtx-3090:2&ram=64&ramtype=ddr5-6000x2&offload=experts");
        assert_eq!((repeated.inputs, repeated.notices), (machine, vec![]));
        // A catalogue GPU's link does not carry the custom fields it does not show.
        assert_eq!(to_query(&Request { gpu: "h100-sxm".into(), ..custom.clone() }, None), "params=7B&gpu=h100-sxm&eff=0.7&vision=0&mtp=1");
    }

    #[test]
    fn a_preset_without_quant_keeps_its_published_format() {
        // gpt-oss is published in MXFP4 (its quantization_config): a link without `quant` means
        // that format, and choosing BF16 instead is written out.
        assert_eq!(from_query("?model=gpt-oss-120b").inputs.quant.name(), "mxfp4");
        assert_eq!(to_query(&Request { quant: format("mxfp4"), ..Request::default() }, Some("gpt-oss-120b")), "model=gpt-oss-120b");
        let bf16 = to_query(&Request { quant: format("fp16"), ..Request::default() }, Some("gpt-oss-120b"));
        assert_eq!(bf16, "model=gpt-oss-120b&quant=fp16");
        assert_eq!(from_query(&bf16).inputs.quant.name(), "fp16");
    }

    #[test]
    fn defaults_make_a_short_link_and_presets_travel_by_id() {
        assert_eq!(to_query(&Request::default(), None), "params=7B");
        let query = to_query(&Request { quant: format("q4_k_m"), ..Request::default() }, Some("qwen2.5-7b"));
        assert_eq!(query, "model=qwen2.5-7b&quant=q4_k_m");
        assert_eq!(from_query(&query).preset.as_deref(), Some("qwen2.5-7b"));
    }

    #[test]
    fn tampered_links_are_ignored_with_a_notice() {
        let restored = from_query("?ctx=abc&quant=fp12&gpu=voodoo&model=nope&evil=1&batch=%ZZ&params=1e99&mode=x&lang=de&embed=yes&eff=0.01&mem=0&bw=-1&vision=2&ram=2&ramtype=ddr9-1&offload=maybe&gpu=rtx-4090,voodoo:2&controls=ctx,%3Cscript%3E");
        assert_eq!(restored.inputs, Request::default());
        assert_eq!(restored.preset, None);
        assert_eq!(restored.notices.len(), 19, "{:?}", restored.notices);
        // 1,000 GPUs in one machine, or a system where one GPU is meant.
        assert!(from_query("?gpu=rtx-4090,rtx-3090:1000").inputs.more_gpus.is_empty());
        assert!(from_query("?gpu=rtx-4090,8x-h100").inputs.more_gpus.is_empty());
        let long = format!("?params={}", "9".repeat(5_000));
        assert_eq!(from_query(&long).notices.len(), 1);
        assert_eq!(from_query(""), Restored { inputs: Request::default(), preset: None, notices: vec![] });
    }

    #[test]
    fn numbers_are_read_in_the_links_language() {
        let turkish = from_query("?params=6,7B&lang=tr");
        assert_eq!((turkish.inputs.model, turkish.inputs.lang), (ModelInput::Typed("6,7B".into()), Some(Lang::Tr)));
        assert!(turkish.notices.is_empty());
        assert!(from_query("?params=7.000.000.000&lang=tr").notices.is_empty());
        // Notices speak the link's language.
        assert_eq!(from_query("?lang=tr&evil=1").notices, ["Bilinmeyen bağlantı parametresi “evil” yok sayıldı."]);
    }

    #[test]
    fn the_embed_snippet_opens_this_state_compactly_and_trusts_only_this_origin() {
        let code = embed_snippet("https://example.org", "https://example.org/tools/vramfit/", "model=qwen2.5-7b&lang=tr", Embed::Card, &[]);
        assert!(code.starts_with("<iframe src=\"https://example.org/tools/vramfit/?model=qwen2.5-7b&amp;lang=tr&amp;embed=1\""), "{code}");
        assert!(code.contains("e.origin!==\"https://example.org\"") && code.contains("vramfit:height"), "{code}");
        assert!(embed_snippet("http://a", "http://a/", "", Embed::Card, &[]).contains("src=\"http://a/?embed=1\""));
        let full = embed_snippet("http://a", "http://a/", "ctx=8k", Embed::Full, &[EmbedControl::Quant]);
        assert!(full.contains("src=\"http://a/?ctx=8k&amp;embed=full\"") && full.contains("height=\"900\""), "{full}");
        let card = embed_snippet("http://a", "http://a/", "", Embed::Card, &[EmbedControl::Context, EmbedControl::Quant]);
        assert!(card.contains("src=\"http://a/?embed=1&amp;controls=ctx%2Cquant\""), "{card}");
    }

    #[test]
    fn fuzz_found_a_value_with_trailing_whitespace() {
        // cargo-fuzz (share_state): `unit=gib%09` was kept as "gib\t" but written back as "gib",
        // so a restored link did not restore itself.
        let restored = from_query("?unit=gib%09&ctx=%208k");
        assert_eq!((restored.inputs.unit, restored.inputs.context.as_str()), (Unit::Gib, "8k"));
        assert_eq!(from_query(&to_query(&restored.inputs, None)).inputs, restored.inputs);
    }

    #[test]
    fn fuzz_found_a_custom_bandwidth_beside_a_catalogue_gpu() {
        // cargo-fuzz (share_state): `bw=__40` with the default RTX 4090 was restored, but a link
        // writes bw only for a custom GPU, so the restored state did not survive a round trip.
        let restored = from_query("?bw=__40&mem=12");
        assert_eq!((restored.inputs.custom_bandwidth.as_str(), restored.inputs.custom_memory.as_str()), ("1000", "24"));
        assert_eq!(restored.notices, ["Ignored mem=“12”: it applies to a custom GPU only.", "Ignored bw=“__40”: it applies to a custom GPU only."]);
        let custom = from_query("?gpu=custom&bw=__40&mem=12");
        assert!(custom.notices.is_empty() && custom.inputs.custom_bandwidth == "__40");
        assert_eq!(from_query(&to_query(&custom.inputs, None)).inputs, custom.inputs);
    }

    #[test]
    fn a_hub_repo_travels_as_its_id_and_revision() {
        let restored = from_query("?hf=Qwen/Qwen3-8B&rev=refs%2Fpr%2F3&ctx=8k");
        let hub = restored.inputs.hub.clone().expect("a repo");
        assert_eq!((hub.repo.as_str(), hub.revision.as_str()), ("Qwen/Qwen3-8B", "refs/pr/3"));
        assert!(restored.notices.is_empty(), "{:?}", restored.notices);
        assert_eq!(to_query(&restored.inputs, None), "hf=Qwen%2FQwen3-8B&rev=refs%2Fpr%2F3&ctx=8k");
        assert_eq!(from_query("?hf=Qwen/Qwen3-8B").inputs.hub.map(|h| h.revision), Some("main".to_string()));
        // Tampered: another host, a path that climbs, a revision alone, a repo beside a preset.
        for query in ["hf=https://evil.example/a/b", "hf=../../x", "hf=a/b%0Ac", "rev=main", "hf=a/b&rev=..%2F..", "model=qwen2.5-7b&hf=a/b"] {
            let restored = from_query(query);
            assert!(restored.inputs.hub.is_none() || query.contains("rev=..") , "{query}: {:?}", restored.inputs.hub);
            assert!(!restored.notices.is_empty(), "{query}");
        }
    }

    #[test]
    fn fuzz_found_a_link_with_both_a_model_and_a_count() {
        // cargo-fuzz (share_state): `model=…&params=7e5B` restored both, but a link is written
        // with the model only, so the restored state did not survive a round trip.
        let restored = from_query("?model=qwen2.5-7b&params=7e5B");
        assert_eq!(restored.preset.as_deref(), Some("qwen2.5-7b"));
        assert_eq!(restored.inputs.model, Request::default().model);
        assert_eq!(restored.notices.len(), 1, "{:?}", restored.notices);
        let again = from_query(&to_query(&restored.inputs, restored.preset.as_deref()));
        assert_eq!((again.inputs, again.preset), (restored.inputs, restored.preset));
    }

    #[test]
    fn fuzz_found_a_link_with_both_a_repo_and_a_count() {
        // cargo-fuzz (share_state): `params=70B&hf=owner/name` restored both the count and the
        // repo, but a link is written with the repo only, so the count came back as the default.
        let restored = from_query("?params=70B&hf=Qwen/Qwen3-8B");
        assert_eq!(restored.inputs.hub.as_ref().map(|h| h.repo.as_str()), Some("Qwen/Qwen3-8B"));
        assert_eq!(restored.inputs.model, Request::default().model);
        assert_eq!(restored.notices.len(), 1, "{:?}", restored.notices);
        let again = from_query(&to_query(&restored.inputs, restored.preset.as_deref()));
        assert_eq!((again.inputs, again.preset), (restored.inputs, restored.preset));
    }

    #[test]
    fn encoding_round_trips_any_text() {
        for text in ["7 B", "a&b=c", "ünïcødé", "100%", "+"] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("%E"), None);
        assert_eq!(decode("%FF"), None, "not UTF-8");
    }
}
