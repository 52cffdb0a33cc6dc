//! The page: the model and its settings on one side, the results on the other.

use leptos::prelude::*;

use super::choice_select::ChoiceSelect;
use super::config_paste::ConfigPaste;
use super::estimate_card::EstimateCard;
use super::field_message::Message;
use super::fit_card::FitCard;
use super::gpu_select::GpuSelect;
use super::file_import::FileImport;
use super::model_picker::ModelPicker;
use super::number_field::NumberField;
use super::precision_select::PrecisionSelect;
use super::rule_of_thumb_card::RuleOfThumbCard;
use super::share::ShareLink;
use crate::core::catalogue::models::find;
use crate::core::share_state::{from_query, to_query};
use crate::core::catalogue::models::Preset;
use crate::core::estimate::Model;
use crate::core::import::Source;
use crate::core::quant::WeightFormat;
use crate::core::report::{estimate, EstimateReport, InputErrors, Inputs, PageModel, AS_STORED};
use crate::core::units::{NumberStyle, Unit};

/// The jobs the page sizes.
const JOBS: &[(&str, &str)] = &[
    ("inference", "Inference"),
    ("full", "Full fine-tune (mixed precision, AdamW)"),
    ("lora", "LoRA fine-tune (16-bit base)"),
    ("qlora", "QLoRA fine-tune (4-bit base)"),
];

/// KV cache types.
const KV_TYPES: &[(&str, &str)] = &[("f16", "FP16 / BF16 · 2 bytes"), ("fp8", "FP8 · 1 byte"), ("q8_0", "Q8_0 (llama.cpp) · 1.06 bytes"), ("q4_0", "Q4_0 (llama.cpp) · 0.56 bytes")];

/// Inference engines.
const ENGINES: &[(&str, &str)] = &[
    ("vllm", "vLLM"),
    ("llama.cpp", "llama.cpp / Ollama"),
    ("transformers", "Hugging Face transformers"),
    ("tensorrt-llm", "TensorRT-LLM"),
    ("custom", "Weights + KV only"),
];

/// A model the user picked, pasted or imported (instead of typing a parameter count).
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    pub model: Model,
    /// The catalogue id, when the model is a preset (it travels in share links).
    pub preset: Option<String>,
    /// What the chip says: the preset's name, or the files and their facts.
    pub label: String,
    /// The format the model declares (a quantization_config, or its files as stored).
    pub format: Option<(String, String)>,
}

/// The calculator. Inputs are kept as typed; the core parses them on every change and the last
/// valid report stays on screen while an input is invalid.
#[component]
pub fn App() -> impl IntoView {
    let style = NumberStyle::Point;
    // A share link restores the state it carries; the rest keeps its default.
    let restored = from_query(&window().location().search().unwrap_or_default());
    let defaults = restored.inputs.clone();
    let typed = match &defaults.model {
        PageModel::Typed(text) => text.clone(),
        PageModel::Chosen(_) => String::new(),
    };
    let params = RwSignal::new(typed);
    let quant = RwSignal::new(defaults.quant.clone());
    let overhead = RwSignal::new(defaults.overhead.clone());
    let gpu = RwSignal::new(defaults.gpu);
    let gpu_count = RwSignal::new(defaults.gpu_count);
    let reserve = RwSignal::new(defaults.reserve);
    let efficiency = RwSignal::new(defaults.efficiency);
    let custom_memory = RwSignal::new(defaults.custom_memory);
    let custom_bandwidth = RwSignal::new(defaults.custom_bandwidth);
    let mode = RwSignal::new(defaults.mode);
    let kv = RwSignal::new(defaults.kv);
    let context = RwSignal::new(defaults.context);
    let batch = RwSignal::new(defaults.batch);
    let engine = RwSignal::new(defaults.engine);
    let unit_name = RwSignal::new(defaults.unit);
    let unit = Signal::derive(move || unit_name.with(|u| Unit::from_name(u).unwrap_or_default()));
    let chosen = RwSignal::new(None::<Chosen>);
    let import_error = RwSignal::new(None::<String>);
    // What was typed before a model was chosen, restored when the choice is cleared.
    let typed_before = RwSignal::new(String::new());

    let choose = move |next: Chosen| {
        if chosen.with(Option::is_none) {
            typed_before.set(params.get_untracked());
        }
        params.set(String::new());
        if let Some((value, _)) = &next.format {
            quant.set(value.clone());
        } else if quant.with(|q| q == AS_STORED) {
            quant.set("bf16".into());
        }
        import_error.set(None);
        chosen.set(Some(next));
    };
    let on_preset = Callback::new(move |preset: &'static Preset| match preset.architecture() {
        Ok(arch) => choose(Chosen {
            model: Model::Architecture(arch),
            preset: Some(preset.id.clone()),
            label: preset.name.clone(),
            format: WeightFormat::from_quantization_config(&preset.config).map(|f| (f.name(), format!("{} (as published)", f.name()))),
        }),
        Err(e) => import_error.set(Some(format!("{}: {e}", preset.name))),
    });
    let on_config = Callback::new(move |(arch, format): (crate::core::architecture::Architecture, Option<WeightFormat>)| {
        let label = format!("pasted config ({})", arch.model_type);
        choose(Chosen { model: Model::Architecture(arch), preset: None, label, format: format.map(|f| (f.name(), format!("{} (from config)", f.name()))) });
    });
    let on_import = Callback::new(move |(model, source): (Model, Source)| {
        let stored = source.label.clone().unwrap_or_else(|| source.bytes_by_dtype.keys().cloned().collect::<Vec<_>>().join("+"));
        choose(Chosen { model, preset: None, label: source.summary(style), format: Some((AS_STORED.into(), format!("as stored ({stored})"))) });
    });
    let on_error = Callback::new(move |message: String| import_error.set(Some(message)));
    if let Some(preset) = restored.preset.as_deref().and_then(find) {
        let quant_from_link = quant.get_untracked();
        on_preset.run(preset);
        quant.set(quant_from_link);
    }

    // Every input as typed, with the model given.
    let inputs_with = move |model: PageModel| Inputs {
        model,
        quant: quant.get(),
        overhead: overhead.get(),
        gpu: gpu.get(),
        gpu_count: gpu_count.get(),
        reserve: reserve.get(),
        efficiency: efficiency.get(),
        custom_memory: custom_memory.get(),
        custom_bandwidth: custom_bandwidth.get(),
        mode: mode.get(),
        kv: kv.get(),
        context: context.get(),
        batch: batch.get(),
        engine: engine.get(),
        unit: unit_name.get(),
    };
    let outcome = Memo::new(move |_| {
        let model = match chosen.get() {
            Some(c) => PageModel::Chosen(c.model),
            None => PageModel::Typed(params.get()),
        };
        estimate(&inputs_with(model), style)
    });
    let last_good = Memo::new(move |previous: Option<&Option<EstimateReport>>| match outcome.get() {
        Ok(report) => Some(report),
        Err(_) => previous.cloned().flatten(),
    });
    let stale = Signal::derive(move || outcome.with(Result::is_err));
    let field_error = move |pick: fn(&InputErrors) -> Option<Message>| {
        Signal::derive(move || outcome.with(|o| o.as_ref().err().and_then(pick)))
    };
    let params_message = field_error(|e| {
        let estimate = e.estimate.as_ref().map(|e| Message::error(e.to_string()));
        e.params.as_ref().map(Message::from_number_error).or(estimate)
    });
    let quant_message = field_error(|e| e.quant.as_ref().map(|e| Message::error(e.to_string())));
    let overhead_message = field_error(|e| e.overhead.as_ref().map(Message::from_number_error));
    let count_message = field_error(|e| e.gpu_count.as_ref().map(Message::from_number_error));
    let reserve_message = field_error(|e| e.reserve.as_ref().map(Message::from_number_error));
    let memory_message = field_error(|e| e.custom_memory.as_ref().map(Message::from_number_error));
    let bandwidth_message = field_error(|e| e.custom_bandwidth.as_ref().map(Message::from_number_error));
    let efficiency_message = field_error(|e| e.efficiency.as_ref().map(Message::from_number_error));
    let context_message = field_error(|e| {
        let setting = e.setting.as_ref().map(|s| Message::error(s.clone()));
        e.context.as_ref().map(Message::from_number_error).or(setting)
    });
    let batch_message = field_error(|e| e.batch.as_ref().map(Message::from_number_error));
    // The link for this state, kept in the address bar without adding history entries.
    let share_query = Memo::new(move |_| {
        let (model, preset) = match chosen.get() {
            Some(Chosen { preset: Some(id), .. }) => (PageModel::Typed(String::new()), Some(id)),
            Some(_) => {
                let count = last_good.with(|r| r.as_ref().map(|r| r.params.0.to_string())).unwrap_or_default();
                (PageModel::Typed(count), None)
            }
            None => (PageModel::Typed(params.get()), None),
        };
        let inputs = inputs_with(model);
        to_query(&inputs, preset.as_deref())
    });
    Effect::new(move |_| {
        let url = format!("?{}", share_query.get());
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    let share_note = Signal::derive(move || {
        chosen.with(|c| {
            c.as_ref().filter(|c| c.preset.is_none()).map(|_| {
                "Imported files and pasted configs stay on this device: the link carries the exact parameter count instead.".to_string()
            })
        })
    });
    let extra_format = Signal::derive(move || chosen.with(|c| c.as_ref().and_then(|c| c.format.clone())));

    let clear_choice = move || {
        if chosen.with(Option::is_some) {
            chosen.set(None);
            if quant.with(|q| q == AS_STORED) {
                quant.set("bf16".into());
            }
        }
    };
    // Typing a parameter count replaces any chosen model.
    let on_params_edit = Callback::new(move |()| clear_choice());

    view! {
        <header class="masthead">
            <div class="unit-switch" role="group" aria-label="Show sizes in" data-testid="unit-switch">
                {[Unit::Gb, Unit::Gib].into_iter().map(|u| view! {
                    <button
                        type="button"
                        aria-pressed=move || (unit.get() == u).to_string()
                        on:click=move |_| unit_name.set(u.name().into())
                    >
                        {if u == Unit::Gb { "GB" } else { "GiB" }}
                    </button>
                }).collect_view()}
            </div>
            <p class="brand">"vramfit"</p>
            <h1>"How much GPU memory does this model need?"</h1>
        </header>
        <main class="layout">
            <section class="card inputs" aria-label="Model">
                <ModelPicker on_choose=on_preset style=style />
                {move || chosen.get().map(|c| view! {
                    <p class="chip" data-testid="model-chip">
                        <span>{c.label}</span>
                        <button
                            type="button"
                            aria-label="Clear the chosen model"
                            on:click=move |_| {
                                clear_choice();
                                params.set(typed_before.get_untracked());
                            }
                        >
                            "×"
                        </button>
                    </p>
                })}
                <FileImport on_import=on_import on_error=on_error />
                <ConfigPaste on_config=on_config on_error=on_error />
                {move || import_error.get().map(|message| view! {
                    <p class="field-message" role="alert" data-testid="import-error">"⚠ " {message}</p>
                })}
                <NumberField
                    id="params"
                    label="…or a parameter count"
                    testid="params-input"
                    hint="e.g. 7B, 1.5T, 350M, 6.7e9 or 7,000,000,000"
                    inputmode="text"
                    value=params
                    message=params_message
                    on_edit=on_params_edit
                />
                <ChoiceSelect id="mode" label="Job" testid="mode" choices=JOBS value=mode />
                <PrecisionSelect value=quant message=quant_message extra=extra_format style=style />
                <ChoiceSelect id="kv" label="KV cache type" testid="kv-quant" choices=KV_TYPES value=kv />
                <div class="pair">
                    <NumberField
                        id="context"
                        label="Context (tokens)"
                        testid="context"
                        hint="4096, 8k, 128k"
                        inputmode="text"
                        value=context
                        message=context_message
                    />
                    <NumberField
                        id="batch"
                        label="Batch"
                        testid="batch"
                        hint="sequences at once"
                        inputmode="numeric"
                        value=batch
                        message=batch_message
                    />
                </div>
                <ChoiceSelect id="engine" label="Engine" testid="engine" choices=ENGINES value=engine />
                <GpuSelect value=gpu />
                <div class="pair" hidden=move || gpu.with(|g| g != "custom")>
                    <NumberField
                        id="custom-memory"
                        label="Its memory (GB)"
                        testid="custom-memory"
                        hint="all of it usable"
                        inputmode="decimal"
                        value=custom_memory
                        message=memory_message
                    />
                    <NumberField
                        id="custom-bandwidth"
                        label="Bandwidth (GB/s)"
                        testid="custom-bandwidth"
                        hint="for the speed estimate"
                        inputmode="decimal"
                        value=custom_bandwidth
                        message=bandwidth_message
                    />
                </div>
                <div class="pair">
                    <NumberField
                        id="gpu-count"
                        label="How many"
                        testid="gpu-count"
                        hint="1 to 64 (systems set their own)"
                        inputmode="numeric"
                        value=gpu_count
                        message=count_message
                    />
                    <NumberField
                        id="reserve"
                        label="Keep free (GB)"
                        testid="reserve"
                        hint="for the display and other apps"
                        inputmode="decimal"
                        value=reserve
                        message=reserve_message
                    />
                </div>
                <NumberField
                    id="overhead"
                    label="Overhead factor (rule of thumb)"
                    testid="overhead"
                    hint="×2 is the article's allowance for everything besides the weights."
                    inputmode="decimal"
                    value=overhead
                    message=overhead_message
                />
            </section>
            <div class="results">
                <p class="stale-note" hidden=move || !stale.get()>
                    "Showing the last valid result. Fix the highlighted field to update it."
                </p>
                <RuleOfThumbCard report=last_good.into() stale=stale unit=unit style=style />
                <EstimateCard report=last_good.into() stale=stale unit=unit style=style />
                <FitCard report=last_good.into() efficiency=efficiency efficiency_message=efficiency_message unit=unit style=style />
                <ShareLink query=share_query.into() note=share_note notices=restored.notices.clone() />
            </div>
        </main>
        <footer class="footnote">
            <p>"Runs entirely in your browser: nothing you type or drop is sent anywhere. GB = 10⁹ bytes, GiB = 2³⁰ bytes."</p>
        </footer>
    }
}
