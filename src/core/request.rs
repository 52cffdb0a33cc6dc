//! What a person asks for, as the page's fields, share links and the CLI's flags give it: the
//! inputs as typed, the text → value functions with one set of bounds and one set of messages
//! for all three front doors, and [`report`], the one entry point from inputs to the report.

use crate::core::catalogue::gpus::{gpus, Gpu, SYSTEMS};
use crate::core::engines::Engine;
use crate::core::estimate::{estimate as detailed_estimate, EstimateError, Mode, Model, Settings, MAX_BATCH, MAX_CONTEXT, MAX_GPUS};
use crate::core::kv_cache::KvDtype;
use crate::core::quant::{UnknownFormat, WeightFormat};
use crate::core::report::{EstimateReport, Placement};
use crate::core::rule_of_thumb::OverheadFactor;
use crate::core::i18n::Lang;
use crate::core::units::{parse_count, parse_factor_thousandths, parse_params, parse_tokens, Bytes, NumberError, NumberStyle, Unit};

/// The model on the page: a typed parameter count, or one chosen from the catalogue, a pasted
/// config or imported files.
// One value per page update; boxing the model would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageModel {
    Typed(String),
    Chosen(Model),
}

/// The page's inputs: the typed fields as typed (so a half-typed value is kept; [`report`]
/// parses them), the choices as the core's own enums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    pub model: PageModel,
    /// A format name, or [`AS_STORED`] for imported weight files.
    pub quant: String,
    pub overhead: String,
    /// A catalogue GPU id or a system id (`4x-rtx-6000-ada`); empty for none.
    pub gpu: String,
    pub gpu_count: String,
    /// GB kept free per GPU for the display and other processes.
    pub reserve: String,
    /// Bandwidth efficiency for the speed estimate; empty for the calibrated default.
    pub efficiency: String,
    /// With `gpu` = `custom`: its memory in GB and bandwidth in GB/s.
    pub custom_memory: String,
    pub custom_bandwidth: String,
    pub mode: Mode,
    pub kv: KvDtype,
    /// Tokens per sequence (`4096`, `8k`).
    pub context: String,
    pub batch: String,
    pub engine: Engine,
    /// How sizes are shown (it does not change any figure).
    pub unit: Unit,
    /// The language when chosen (a link or the switch); `None`: the browser's.
    pub lang: Option<Lang>,
    /// The compact layout for iframes.
    pub embed: bool,
    /// Load the vision tower, when the model has one.
    pub vision: bool,
    /// Load the MTP layers (for speculative decoding), when the model has them.
    pub mtp: bool,
}

impl Default for Inputs {
    fn default() -> Inputs {
        Inputs {
            model: PageModel::Typed("7B".into()),
            quant: "fp16".into(),
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
            unit: Unit::Gb,
            lang: None,
            embed: false,
            vision: true,
            mtp: false,
        }
    }
}

/// A GPU id or system id, resolved to the GPU and how many of it.
pub fn resolve_gpu(id: &str) -> Option<(&'static Gpu, Option<u64>)> {
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
    pub params: Option<NumberError>,
    pub quant: Option<UnknownFormat>,
    pub overhead: Option<NumberError>,
    pub gpu_count: Option<NumberError>,
    pub reserve: Option<NumberError>,
    pub efficiency: Option<NumberError>,
    pub custom_memory: Option<NumberError>,
    pub custom_bandwidth: Option<NumberError>,
    pub context: Option<NumberError>,
    pub batch: Option<NumberError>,
    /// A GPU id that is not in the catalogue (a tampered link).
    pub gpu: Option<String>,
    /// The inputs parse but the estimate cannot be made.
    pub estimate: Option<EstimateError>,
}

impl InputErrors {
    /// Every message, prefixed with the field it belongs to (for the CLI's stderr).
    pub fn messages(&self) -> Vec<String> {
        let params = self.params.as_ref().map(|e| format!("params: {e}"));
        let quant = self.quant.as_ref().map(|e| format!("quant: {e}"));
        let overhead = self.overhead.as_ref().map(|e| format!("overhead: {e}"));
        let count = self.gpu_count.as_ref().map(|e| format!("GPUs: {e}"));
        let reserve = self.reserve.as_ref().map(|e| format!("reserve: {e}"));
        let gpu = self.gpu.clone();
        let context = self.context.as_ref().map(|e| format!("context: {e}"));
        let batch = self.batch.as_ref().map(|e| format!("batch: {e}"));
        let estimate = self.estimate.as_ref().map(|e| e.to_string());
        [params, quant, overhead, count, reserve, gpu, context, batch, estimate].into_iter().flatten().collect()
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

/// A custom GPU's memory in GB (10⁹ bytes, as vendors count it): 1 to 10,000 GB.
pub fn gpu_memory(text: &str, style: NumberStyle) -> Result<Bytes, NumberError> {
    parse_factor_thousandths(text, style, 1_000, 10_000_000).map(|t| Bytes(u64::from(t) * 1_000_000))
}

/// A custom GPU's memory bandwidth in GB/s: 1 to 100,000 GB/s.
pub fn bandwidth(text: &str, style: NumberStyle) -> Result<f64, NumberError> {
    parse_factor_thousandths(text, style, 1_000, 100_000_000).map(|t| f64::from(t) / 1_000.0)
}

/// A switch: on or off (`on`/`off`, `1`/`0`, `true`/`false`, `yes`/`no`).
pub fn switch(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "1" | "true" | "yes" => Some(true),
        "off" | "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// The one entry point from inputs to what the page shows (and `vramfit --link` prints): parses
/// every field with the bounds above and builds the report, or says what is wrong with each bad
/// field.
// Called once per page update; the per-field errors need no box.
#[allow(clippy::result_large_err)]
pub fn report(inputs: &Inputs, style: NumberStyle) -> Result<EstimateReport, InputErrors> {
    let model = match &inputs.model {
        PageModel::Typed(text) => parse_params(text, style).map(Model::Params),
        PageModel::Chosen(model) => Ok(model.clone()),
    };
    let stored = inputs.quant == AS_STORED && matches!(model, Ok(Model::Files { .. }));
    let format = if stored { Ok(WeightFormat::Bf16) } else { WeightFormat::from_name(&inputs.quant) };
    let overhead = OverheadFactor::parse(&inputs.overhead, style);
    let gpu_count = gpu_count(&inputs.gpu_count);
    let reserve = reserve(&inputs.reserve, style);
    let efficiency = efficiency(&inputs.efficiency, style);
    let custom = inputs.gpu == "custom";
    let custom_memory = if custom { gpu_memory(&inputs.custom_memory, style).map(Some) } else { Ok(None) };
    let custom_bandwidth = if custom { bandwidth(&inputs.custom_bandwidth, style).map(Some) } else { Ok(None) };
    let gpu: Result<Option<(Gpu, Option<u64>)>, String> = match (inputs.gpu.as_str(), &custom_memory, &custom_bandwidth) {
        ("", _, _) => Ok(None),
        ("custom", Ok(Some(memory)), Ok(Some(bandwidth))) => Ok(Some((Gpu::custom(*memory, *bandwidth), None))),
        ("custom", _, _) => Ok(None),
        (id, _, _) => resolve_gpu(id).map(|(g, n)| Some((g.clone(), n))).ok_or_else(|| format!("“{id}” is not a GPU in the catalogue")),
    };
    let context = parse_tokens(&inputs.context, style, MAX_CONTEXT);
    let batch = parse_count(&inputs.batch, MAX_BATCH);
    let (Ok(model), Ok(format), Ok(overhead), Ok(count), Ok(reserve), Ok(gpu), Ok(efficiency), Ok(_), Ok(_), Ok(context), Ok(batch)) =
        (&model, &format, &overhead, &gpu_count, &reserve, &gpu, &efficiency, &custom_memory, &custom_bandwidth, &context, &batch)
    else {
        return Err(InputErrors {
            params: model.err(),
            quant: format.err(),
            overhead: overhead.err(),
            gpu_count: gpu_count.err(),
            reserve: reserve.err(),
            gpu: gpu.err(),
            efficiency: efficiency.err(),
            custom_memory: custom_memory.err(),
            custom_bandwidth: custom_bandwidth.err(),
            context: context.err(),
            batch: batch.err(),
            estimate: None,
        });
    };
    let model = if stored { model.clone() } else { model.clone().without_stored_weights() };
    let settings = Settings {
        format: *format,
        kv_dtype: inputs.kv,
        context: *context,
        batch: *batch,
        engine: inputs.engine,
        mode: inputs.mode,
        vision: inputs.vision,
        mtp: inputs.mtp,
        ..Settings::default()
    };
    let fail = |e| InputErrors { estimate: Some(e), ..InputErrors::default() };
    let estimate = detailed_estimate(&model, &settings).map_err(fail)?;
    let mut report = EstimateReport::new(&model, &settings, estimate, *overhead, style);
    if let Some((gpu, system_count)) = gpu {
        let placement = Placement { gpu, count: system_count.unwrap_or(*count), reserve: *reserve, efficiency: *efficiency };
        report.place(&model, &settings, placement, None).map_err(fail)?;
        report.answer_all(&model, &settings, placement).map_err(fail)?;
        report.fit_everywhere(&model, &settings, placement.count, *reserve).map_err(fail)?;
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
