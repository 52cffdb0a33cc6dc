//! The page: the model and its settings on one side, the results on the other.

use std::sync::Arc;

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;

use super::choice_select::ChoiceSelect;
use super::config_paste::ConfigPaste;
use super::answer_card::{AnswerCard, CompactAnswer, Summary};
use super::estimate_card::EstimateCard;
use super::field_message::Message;
use super::fit_card::FitCard;
use super::gpu_select::GpuSelect;
use super::hub_fetch::load_from_hub;
use super::hub_panel::{HubPanel, HubQuants};
use super::file_import::FileImport;
use super::model_picker::ModelPicker;
use super::number_field::NumberField;
use super::bind::{bind, target_within, Part};
use super::html::Html;
use super::precision_select::PrecisionSelect;
use super::rule_of_thumb_card::RuleOfThumbCard;
use super::embed_card::EmbedCard;
use super::explanation_card::ExplanationCard;
use super::export_card::ExportCard;
use super::share::{page_address, ShareLink};
use super::toggle_group::ToggleGroup;
use super::state::{read_only, Chosen, Lens, PageState};
use crate::core::i18n::{Key, Lang};
use crate::core::catalogue::models::find;
use crate::core::share_state::{embed_address, from_query, to_query};
use crate::core::catalogue::models::Preset;
use crate::core::engines::Engine;
use crate::core::architecture::Architecture;
use crate::core::estimate::{Mode, Model};
use crate::core::kv_cache::KvDtype;
use crate::core::hub::{parse_hub_ref, HubRef};
use crate::core::import::Source;
use crate::core::quant::WeightFormat;
use crate::core::report::EstimateReport;
use crate::core::request::{report, Detail, Embed, EmbedControl, FormatChoice, InputErrors, ModelInput, Request, AS_STORED};
use crate::core::units::Unit;

/// A select's choices from one of the core's enums: (name, label in `lang`).
fn choices<T: Copy>(all: &[T], name: fn(T) -> &'static str, label: fn(T, Lang) -> &'static str, lang: Lang) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&item| (name(item), label(item, lang))).collect()
}

/// The position of `value` in the core's list `all` (every value is in its list).
fn position<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|item| item == value).unwrap_or_default()
}

/// The value at position `i` of the core's list `all` (positions come from that list).
fn at<T: Copy>(all: &[T], i: usize) -> T {
    all[i.min(all.len() - 1)]
}

/// The browser's language when it is one the page speaks, else English.
fn browser_lang() -> Lang {
    window().navigator().language().as_deref().and_then(Lang::from_code).unwrap_or_default()
}

/// The calculator. Inputs are kept as typed in one state signal; the core parses them on every
/// change and the last valid report stays on screen while an input is invalid. The view is
/// built anew when the language changes (the state lives outside it and is kept).
#[component]
pub fn App() -> impl IntoView {
    // A share link restores the state it carries; the rest keeps its default.
    let restored = from_query(&window().location().search().unwrap_or_default());
    let embed = restored.inputs.embed;
    let controls = restored.inputs.embed_controls.clone();
    // The first paint shows the answer; the solvers and the GPU table follow once it is on
    // screen (an animation frame, then a task after it).
    // A link's Hub repo waits in the picker, with its button: the page fetches nothing unasked.
    let picker_query = RwSignal::new(restored.inputs.hub.as_ref().map_or_else(String::new, |hub| match hub.revision.as_str() {
        "main" => hub.repo.clone(),
        _ => hub.page_url(),
    }));
    let first = Request { detail: Detail::Answer, ..restored.inputs };
    let state = RwSignal::new(PageState { request: first, chosen: None, typed_before: String::new(), import_error: String::new(), hub_quants: Default::default() });
    request_animation_frame(move || set_timeout(move || state.update(|s| s.request.detail = Detail::Everything), std::time::Duration::ZERO));
    let params = Lens::<String>::new(
        state,
        |s| match &s.request.model {
            ModelInput::Typed(text) => text.clone(),
            ModelInput::Chosen(_) => String::new(),
        },
        PageState::type_params,
    );
    let quant = Lens::<String>::new(state, |s| s.request.quant.name(), |s, name| {
        if let Ok(format) = FormatChoice::from_name(&name) {
            s.request.quant = format;
        }
    });
    let overhead = Lens::<String>::new(state, |s| s.request.overhead.clone(), |s, v| s.request.overhead = v);
    let gpu = Lens::<String>::new(state, |s| s.request.gpu.clone(), |s, v| s.request.gpu = v);
    let gpu_count = Lens::<String>::new(state, |s| s.request.gpu_count.clone(), |s, v| s.request.gpu_count = v);
    let reserve = Lens::<String>::new(state, |s| s.request.reserve.clone(), |s, v| s.request.reserve = v);
    let efficiency = Lens::<String>::new(state, |s| s.request.efficiency.clone(), |s, v| s.request.efficiency = v);
    let custom_memory = Lens::<String>::new(state, |s| s.request.custom_memory.clone(), |s, v| s.request.custom_memory = v);
    let custom_bandwidth = Lens::<String>::new(state, |s| s.request.custom_bandwidth.clone(), |s, v| s.request.custom_bandwidth = v);
    let context = Lens::<String>::new(state, |s| s.request.context.clone(), |s, v| s.request.context = v);
    let batch = Lens::<String>::new(state, |s| s.request.batch.clone(), |s, v| s.request.batch = v);
    let mode = Lens::<usize>::new(state, |s| position(&Mode::ALL, &s.request.mode), |s, i| s.request.mode = at(&Mode::ALL, i));
    let kv = Lens::<usize>::new(state, |s| position(&KvDtype::ALL, &s.request.kv), |s, i| s.request.kv = at(&KvDtype::ALL, i));
    let engine = Lens::<usize>::new(state, |s| position(&Engine::ALL, &s.request.engine), |s, i| s.request.engine = at(&Engine::ALL, i));
    let unit_choice = Lens::<usize>::new(state, |s| position(&Unit::ALL, &s.request.unit), |s, i| s.request.unit = at(&Unit::ALL, i));
    let vision = Lens::<usize>::new(state, |s| usize::from(s.request.vision), |s, on| s.request.vision = on == 1);
    let mtp = Lens::<usize>::new(state, |s| usize::from(s.request.mtp), |s, on| s.request.mtp = on == 1);
    let unit = Signal::derive(move || at(&Unit::ALL, unit_choice.get()));
    // The language a link or the switch chose, else the browser's.
    let lang = Memo::new(move |_| state.with(|s| s.request.lang).unwrap_or_else(browser_lang));
    // Read through the text and choice slices' own types (page weight): the chip's label,
    // the import error, the optional parts as bits (1 vision, 2 MTP).
    let chip_label = Lens::<String>::new(state, |s| s.chosen.as_ref().map(|c| c.label.clone()).unwrap_or_default(), read_only);
    let chip_label_signal = Signal::derive(move || chip_label.get());
    let import_error = Lens::<String>::new(state, |s| s.import_error.clone(), |s, message| s.import_error = message);
    let optional_parts = Lens::<usize>::new(
        state,
        |s| match &s.request.model {
            ModelInput::Chosen(model) => {
                let (vision, mtp) = model.optional_parts();
                usize::from(vision) | usize::from(mtp) << 1
            }
            ModelInput::Typed(_) => 0,
        },
        read_only,
    );

    let on_preset = Callback::new(move |preset: &'static Preset| {
        let config = preset.config();
        match Architecture::from_config(&config) {
            Ok(arch) => {
                let format = WeightFormat::from_quantization_config(&config);
                let chosen = Chosen {
                    preset: Some(preset.id.to_string()),
                    label: preset.name.to_string(),
                    format: format.map(|f| (f.name(), lang.get_untracked().fill(Key::FormatAsPublished, &[&f.name()]))),
                };
                state.update(|s| s.choose(Model::Architecture(arch), None, chosen, format.map(FormatChoice::Format)));
            }
            Err(e) => import_error.set(format!("{}: {e}", preset.name)),
        }
    });
    let on_config = Callback::new(move |(arch, format): (Architecture, Option<WeightFormat>)| {
        let lang = lang.get_untracked();
        let chosen = Chosen {
            preset: None,
            label: lang.fill(Key::PastedConfig, &[&arch.model_type]),
            format: format.map(|f| (f.name(), lang.fill(Key::FormatFromConfig, &[&f.name()]))),
        };
        state.update(|s| s.choose(Model::Architecture(arch), None, chosen, format.map(FormatChoice::Format)));
    });
    let on_import = Callback::new(move |(model, source): (Model, Source)| {
        let lang = lang.get_untracked();
        // Weight files as stored; a config (with its index) in the format it declares, as the
        // CLI reads the same files.
        let format = match (&model, source.quantization.as_deref().and_then(|name| WeightFormat::from_name(name).ok())) {
            (Model::Files { .. }, _) => {
                let dtypes = source.bytes_by_dtype.keys().cloned().collect::<Vec<_>>().join("+");
                let stored = source.label.clone().or_else(|| (!dtypes.is_empty()).then_some(dtypes)).unwrap_or_else(|| "safetensors".into());
                Some((FormatChoice::AsStored, (AS_STORED.into(), lang.fill(Key::FormatAsStored, &[&stored]))))
            }
            (_, Some(declared)) => Some((FormatChoice::Format(declared), (declared.name(), lang.fill(Key::FormatFromConfig, &[&declared.name()])))),
            (_, None) => None,
        };
        let chosen = Chosen { preset: None, label: source.summary(lang.style()), format: format.as_ref().map(|(_, shown)| shown.clone()) };
        state.update(|s| s.choose(model, Some(source), chosen, format.map(|(choice, _)| choice)));
    });
    let on_error = Callback::new(move |message: String| import_error.set(message));
    // A Hub repo is read like dropped files (on_import), then remembered for share links. Only
    // the newest load counts: an older, slower one that finishes later is dropped.
    let hub_status = RwSignal::new(String::new());
    let hub_loads = StoredValue::new(0u32);
    let load_hub = move |reference: HubRef| {
        hub_loads.update_value(|n| *n += 1);
        let this_load = hub_loads.get_value();
        hub_status.set(lang.get_untracked().fill(Key::HubReading, &[&reference.repo]));
        leptos::task::spawn_local(async move {
            let result = load_from_hub(reference.clone()).await;
            if hub_loads.get_value() != this_load {
                return;
            }
            hub_status.set(String::new());
            match result {
                Ok(loaded) => {
                    on_import.run((loaded.model, loaded.source));
                    let style = lang.get_untracked().style();
                    let quants: Vec<(String, String)> = loaded.quants.iter().map(|q| (q.path().to_string(), q.label(style))).collect();
                    let chosen = loaded.chosen_quant.and_then(|i| loaded.quants.get(i)).map_or_else(String::new, |q| q.path().to_string());
                    state.update(|s| {
                        s.request.hub = Some(reference);
                        s.hub_quants = (quants, chosen);
                    });
                    picker_query.set(String::new());
                }
                Err(message) => import_error.set(message),
            }
        });
    };
    let on_hub = Callback::new(move |text: String| match parse_hub_ref(&text) {
        Ok(reference) => load_hub(reference),
        Err(e) => import_error.set(format!("{}: {e}", text.trim())),
    });
    // Another GGUF file of the repo read last.
    let on_hub_quant = Callback::new(move |path: String| {
        if let Some(reference) = state.with_untracked(|s| s.request.hub.clone()) {
            load_hub(HubRef { file: Some(path), ..reference });
        }
    });
    let hub_quants = Lens::<HubQuants>::new(state, |s| s.hub_quants.clone(), read_only);
    if let Some(preset) = restored.preset.as_deref().and_then(find) {
        // The link's format (or the preset's published one, as from_query chose) stays.
        let quant_from_link = state.with_untracked(|s| s.request.quant);
        on_preset.run(preset);
        state.update(|s| s.request.quant = quant_from_link);
    }

    // One report per update; boxing the per-field errors would buy nothing.
    #[allow(clippy::result_large_err)]
    // Every recomputation counts as a change: comparing whole reports would cost the page a
    // derived equality of every report type, and an edit that changes nothing is rare.
    let outcome = Memo::new_with_compare(move |_| state.with(|s| report(&s.request, lang.get().style()).map(Arc::new)), |_, _| true);
    let last_good = Memo::new_with_compare(
        move |previous: Option<&Option<Arc<EstimateReport>>>| outcome.with(|o| o.as_ref().ok().cloned()).or_else(|| previous.cloned().flatten()),
        |_, _| true,
    );
    let stale = Signal::derive(move || outcome.with(Result::is_err));
    let field_error = move |pick: fn(&InputErrors, Lang) -> Option<Message>| {
        Signal::derive(move || outcome.with(|o| o.as_ref().err().and_then(|e| pick(e, lang.get()))))
    };
    let params_message = field_error(|e, lang| {
        let estimate = e.estimate.as_ref().map(|e| Message::error(e.to_string()));
        e.params.as_ref().map(|e| Message::from_number_error(e, lang)).or(estimate)
    });
    let quant_message = field_error(|e, _| e.quant.as_ref().map(|e| Message::error(e.to_string())));
    let overhead_message = field_error(|e, lang| e.overhead.as_ref().map(|e| Message::from_number_error(e, lang)));
    let count_message = field_error(|e, lang| e.gpu_count.as_ref().map(|e| Message::from_number_error(e, lang)));
    let reserve_message = field_error(|e, lang| e.reserve.as_ref().map(|e| Message::from_number_error(e, lang)));
    let memory_message = field_error(|e, lang| e.custom_memory.as_ref().map(|e| Message::from_number_error(e, lang)));
    let bandwidth_message = field_error(|e, lang| e.custom_bandwidth.as_ref().map(|e| Message::from_number_error(e, lang)));
    let efficiency_message = field_error(|e, lang| e.efficiency.as_ref().map(|e| Message::from_number_error(e, lang)));
    let context_message = field_error(|e, lang| e.context.as_ref().map(|e| Message::from_number_error(e, lang)));
    let batch_message = field_error(|e, lang| e.batch.as_ref().map(|e| Message::from_number_error(e, lang)));
    // The link for this state (without `embed`), kept in the address bar without adding history
    // entries (with `embed` when this is the embedded page). A chosen preset travels by id, other
    // chosen models as their parameter count: their files stay on this computer.
    let share_query = Memo::new(move |_| {
        state.with(|s| {
            let (model, preset) = match (&s.chosen, &s.request.model) {
                (Some(Chosen { preset: Some(id), .. }), _) => (ModelInput::Typed(String::new()), Some(id.as_str())),
                // A Hub repo travels as its id (to_query writes `hf=`).
                _ if s.request.hub.is_some() => (ModelInput::Typed(String::new()), None),
                (_, ModelInput::Chosen(_)) => {
                    let count = last_good.with(|r| r.as_ref().map(|r| r.params.0.to_string())).unwrap_or_default();
                    (ModelInput::Typed(count), None)
                }
                (_, ModelInput::Typed(text)) => (ModelInput::Typed(text.clone()), None),
            };
            let request = Request { model, source: None, embed: Embed::Off, embed_controls: Vec::new(), ..s.request.clone() };
            to_query(&request, preset)
        })
    });
    if embed != Embed::Off {
        post_height_to_host();
    }
    let extra_format = Signal::derive(move || state.with(|s| s.chosen.as_ref().and_then(|c| c.format.clone())));
    let notices = restored.notices;

    let address_controls = controls.clone();
    // The chosen model's chip and the switches of its optional parts, as text (see
    // super::bind): written anew only when the model changes, so a switch keeps its focus.
    let chosen_model = Memo::new(move |_| (chip_label.get(), optional_parts.get()));
    let model_extras = move || {
        let lang = lang.get_untracked();
        let mut out = Html::new();
        let (label, parts) = chosen_model.get();
        if !label.is_empty() {
            out.open("p", "class=\"chip\" data-testid=\"model-chip\"").el("span", "", &label);
            out.start("button").attr("type", "button").attr("aria-label", lang.text(Key::ClearModel)).end_start().text("×").close("button").close("p");
        }
        if parts != 0 {
            out.open("p", "class=\"parts\"");
            for (bit, key, testid, on) in [(1, Key::PartVision, "vision-switch", vision), (2, Key::PartMtp, "mtp-switch", mtp)] {
                if parts & bit != 0 {
                    out.open("label", "class=\"part-switch\"").start("input").attr("type", "checkbox").attr("id", testid).attr("data-testid", testid);
                    if on.get_untracked() == 1 {
                        out.attr("checked", "");
                    }
                    out.end_start().text(lang.text(key)).close("label");
                }
            }
            out.close("p");
        }
        out.into_string()
    };
    let checked = |on: usize| if on == 1 { "checked".to_string() } else { String::new() };
    let on_extras_click = move |ev: leptos::ev::MouseEvent| {
        if target_within(&ev, ".chip button").is_some() {
            state.update(|s| {
                let typed = std::mem::take(&mut s.typed_before);
                s.type_params(typed);
            });
        }
    };
    let on_extras_change = move |ev: leptos::ev::Event| {
        let switch = event_target::<web_sys::HtmlInputElement>(&ev);
        let on = usize::from(switch.checked());
        match switch.id().as_str() {
            "vision-switch" => vision.set(on),
            "mtp-switch" => mtp.set(on),
            _ => {}
        }
    };
    let page = move |lang: Lang| {
        let share_note = Signal::derive(move || state.with(|s| s.chosen.as_ref().filter(|c| c.preset.is_none() && s.request.hub.is_none()).map(|_| lang.text(Key::ShareNoteLocal).to_string())));
        let unit_current = Signal::derive(move || unit.get().name());
        let lang_current = Signal::derive(move || lang.code());
        let switches = view! {
            <div class="switches">
                <ToggleGroup
                    label=lang.text(Key::LangSwitchLabel)
                    testid="lang-switch"
                    options=Lang::ALL.into_iter().map(|l| (l.code(), l.name())).collect()
                    current=lang_current
                    on_pick=move |code: &'static str| {
                        if let Some(picked) = Lang::from_code(code) {
                            state.update(|s| s.request.lang = Some(picked));
                        }
                    }
                />
                <ToggleGroup
                    label=lang.text(Key::UnitSwitchLabel)
                    testid="unit-switch"
                    options=vec![("gb", "GB"), ("gib", "GiB")]
                    current=unit_current
                    on_pick=move |name: &'static str| {
                        if let Some(picked) = Unit::ALL.iter().position(|u| u.name() == name) {
                            unit_choice.set(picked);
                        }
                    }
                />
            </div>
        };
        let open_full = move || format!("{}?{}", page_address().1, share_query.get());
        if embed == Embed::Card {
            let inputs = controls
                .iter()
                .map(|control| match control {
                    EmbedControl::Context => EitherOf4::A(view! {
                        <NumberField id="context" label=lang.text(Key::ContextLabel) testid="context" hint=lang.text(Key::ContextHint) inputmode="text" value=context message=context_message />
                    }),
                    EmbedControl::Batch => EitherOf4::B(view! {
                        <NumberField id="batch" label=lang.text(Key::BatchLabel) testid="batch" hint=lang.text(Key::BatchHint) inputmode="numeric" value=batch message=batch_message />
                    }),
                    EmbedControl::Quant => EitherOf4::C(view! { <PrecisionSelect value=quant message=quant_message extra=extra_format lang=lang /> }),
                    EmbedControl::Gpu => EitherOf4::D(view! { <GpuSelect value=gpu lang=lang /> }),
                })
                .collect_view();
            return Either::Left(view! {
                <main class="card compact-embed" data-testid="embed-card">
                    <CompactAnswer report=last_good.into() model=chip_label_signal unit=unit lang=lang />
                    <div class="compact-controls">{inputs}</div>
                    <p class="embed-bar">
                        <a href=open_full target="_blank" rel="noopener" data-testid="open-full">{lang.text(Key::OpenInVramfit)}</a>
                    </p>
                </main>
            });
        }
        // The inputs and the cards under the answer are mounted after the first frame: the answer
        // comes first (a page that waited for every field, option and card took 2.7–3.3 times a
        // bare page's time).
        let inputs = move || {
            bind("model-extras", Part::Markup, Signal::derive(model_extras));
            bind("vision-switch", Part::Checked, Signal::derive(move || checked(vision.get())));
            bind("mtp-switch", Part::Checked, Signal::derive(move || checked(mtp.get())));
            bind("import-error", Part::TextOrHidden, Signal::derive(move || { let e = import_error.get(); if e.is_empty() { e } else { format!("⚠ {e}") } }));
            view! {
            <ModelPicker on_choose=on_preset on_hub=on_hub query=picker_query lang=lang />
            <HubPanel query=picker_query status=hub_status quants=hub_quants on_load=on_hub on_pick=on_hub_quant lang=lang />
            <div id="model-extras" class="model-extras" on:click=on_extras_click on:change=on_extras_change></div>
            <FileImport on_import=on_import on_error=on_error lang=lang />
            <ConfigPaste on_config=on_config on_error=on_error lang=lang />
            <p id="import-error" class="field-message" role="alert" data-testid="import-error" hidden></p>
            <NumberField
                id="params"
                label=lang.text(Key::ParamsLabel)
                testid="params-input"
                hint=lang.text(Key::ParamsHint)
                inputmode="text"
                value=params
                message=params_message
            />
            <ChoiceSelect id="mode" label=lang.text(Key::JobLabel) testid="mode" choices=choices(&Mode::ALL, Mode::name, Mode::label, lang) value=mode />
            <PrecisionSelect value=quant message=quant_message extra=extra_format lang=lang />
            <ChoiceSelect id="kv" label=lang.text(Key::KvLabel) testid="kv-quant" choices=choices(&KvDtype::ALL, KvDtype::name, KvDtype::label, lang) value=kv />
            <div class="pair">
                <NumberField
                    id="context"
                    label=lang.text(Key::ContextLabel)
                    testid="context"
                    hint=lang.text(Key::ContextHint)
                    inputmode="text"
                    value=context
                    message=context_message
                />
                <NumberField
                    id="batch"
                    label=lang.text(Key::BatchLabel)
                    testid="batch"
                    hint=lang.text(Key::BatchHint)
                    inputmode="numeric"
                    value=batch
                    message=batch_message
                />
            </div>
            <ChoiceSelect id="engine" label=lang.text(Key::EngineLabel) testid="engine" choices=choices(&Engine::ALL, Engine::name, Engine::label, lang) value=engine />
            <GpuSelect value=gpu lang=lang />
            <div class="pair" hidden=move || gpu.get() != "custom">
                <NumberField
                    id="custom-memory"
                    label=lang.text(Key::CustomMemoryLabel)
                    testid="custom-memory"
                    hint=lang.text(Key::CustomMemoryHint)
                    inputmode="decimal"
                    value=custom_memory
                    message=memory_message
                />
                <NumberField
                    id="custom-bandwidth"
                    label=lang.text(Key::CustomBandwidthLabel)
                    testid="custom-bandwidth"
                    hint=lang.text(Key::CustomBandwidthHint)
                    inputmode="decimal"
                    value=custom_bandwidth
                    message=bandwidth_message
                />
            </div>
            <div class="pair">
                <NumberField
                    id="gpu-count"
                    label=lang.text(Key::GpuCountLabel)
                    testid="gpu-count"
                    hint=lang.text(Key::GpuCountHint)
                    inputmode="numeric"
                    value=gpu_count
                    message=count_message
                />
                <NumberField
                    id="reserve"
                    label=lang.text(Key::ReserveLabel)
                    testid="reserve"
                    hint=lang.text(Key::ReserveHint)
                    inputmode="decimal"
                    value=reserve
                    message=reserve_message
                />
            </div>
            <NumberField
                id="overhead"
                label=lang.text(Key::OverheadLabel)
                testid="overhead"
                hint=lang.text(Key::OverheadHint)
                inputmode="decimal"
                value=overhead
                message=overhead_message
            />
            }
        };
        let notices = notices.clone();
        let rest = move || view! {
            <FitCard report=last_good.into() efficiency=efficiency efficiency_message=efficiency_message unit=unit lang=lang />
            <EstimateCard report=last_good.into() stale=stale lang=lang />
            <RuleOfThumbCard report=last_good.into() stale=stale unit=unit lang=lang />
            <ExplanationCard report=last_good.into() unit=unit lang=lang />
            {(embed == Embed::Off).then(|| view! {
                <ShareLink query=share_query.into() note=share_note notices=notices lang=lang />
                <ExportCard report=last_good.into() unit=unit lang=lang />
                <EmbedCard query=share_query.into() lang=lang />
            })}
        };
        let inputs_root = NodeRef::<leptos::html::Section>::new();
        let rest_root = NodeRef::<leptos::html::Div>::new();
        mount_after_first_frame(inputs_root, inputs);
        mount_after_first_frame(rest_root, rest);
        let embed = embed != Embed::Off;
        Either::Right(view! {
            {(!embed).then(|| view! {
                <header class="masthead">
                    {switches}
                    <p class="brand">"vramfit"</p>
                    <h1>{lang.text(Key::Title)}</h1>
                </header>
            })}
            <main class="layout" class:embedded=embed>
                <Summary report=last_good.into() unit=unit lang=lang />
                <section class="card inputs" aria-label=lang.text(Key::InputsLabel) node_ref=inputs_root></section>
                <div class="results">
                    {embed.then(|| view! {
                        <p class="embed-bar">
                            <a href=open_full target="_blank" rel="noopener" data-testid="open-full">{lang.text(Key::OpenInVramfit)}</a>
                        </p>
                    })}
                    <p class="stale-note" hidden=move || !stale.get()>{lang.text(Key::StaleNote)}</p>
                    <AnswerCard report=last_good.into() stale=stale unit=unit lang=lang />
                    <div class="results-rest" node_ref=rest_root></div>
                </div>
            </main>
            {(!embed).then(|| view! {
                <footer class="footnote">
                    <p>{lang.text(Key::Footer)}</p>
                </footer>
            })}
        })
    };
    // The page is built for one language and built anew when the language changes (the state
    // lives here, outside it, and is kept). Re-rendering it in place instead would compile a
    // rebuild of every view in it: 14 KB of the page's gzipped download.
    let root = NodeRef::<leptos::html::Div>::new();
    let mounted = StoredValue::new_local(None::<Box<dyn std::any::Any>>);
    Effect::new(move |shown: Option<Lang>| {
        let lang = lang.get();
        let Some(root) = root.get() else { return lang };
        if shown != Some(lang) || mounted.with_value(Option::is_none) {
            let page = page.clone();
            mounted.update_value(|current| {
                // The old page goes first, so the new one takes its place.
                *current = None;
                *current = Some(Box::new(leptos::mount::mount_to(root.into(), move || page(lang))));
            });
        }
        // The switch the user pressed keeps the keyboard focus.
        if shown.is_some_and(|shown| shown != lang) {
            if let Ok(Some(button)) = document().query_selector("[data-testid=lang-switch] [aria-pressed=true]") {
                if let Ok(button) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(button) {
                    let _ = button.focus();
                }
            }
        }
        lang
    });
    // Written once the answer is on screen (from the frame after the first): building the link
    // and replacing the history entry took 7 ms before the first answer could appear.
    Effect::new(move |_| {
        if state.with(|s| s.request.detail) != Detail::Everything {
            return;
        }
        let query = share_query.get();
        let url = match embed {
            Embed::Off => format!("?{query}"),
            _ => embed_address("", &query, embed, &address_controls),
        };
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });
    view! { <div class="page" node_ref=root></div> }
}

/// Mounts `view` into the element of `parent` in a task after the next frame; it stays as long as
/// the page that holds `parent` (a new page for another language drops it).
fn mount_after_first_frame<E, V>(parent: NodeRef<E>, view: impl FnOnce() -> V + 'static)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + Into<web_sys::HtmlElement> + 'static,
    V: IntoView + 'static,
{
    let mounted = StoredValue::new_local(None::<Box<dyn std::any::Any>>);
    request_animation_frame(move || {
        set_timeout(
            move || {
                // Gone already when the language changed within the frame.
                if let Some(element) = parent.try_get_untracked().flatten() {
                    let _ = mounted.try_set_value(Some(Box::new(leptos::mount::mount_to(element.into(), view))));
                }
            },
            std::time::Duration::ZERO,
        )
    });
}

/// In an iframe: posts the page's height to the host whenever it changes, as
/// `{type: "vramfit:height", height: <CSS pixels>}` (the host script in README applies it).
fn post_height_to_host() {
    use wasm_bindgen::prelude::*;
    let Some(body) = document().body() else { return };
    let post = Closure::<dyn FnMut()>::new(|| {
        let height = document().document_element().map_or(0, |e| e.scroll_height());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"vramfit:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        if let Ok(Some(parent)) = window().parent() {
            // The height is not secret, and the host's origin is not known here.
            let _ = parent.post_message(&message, "*");
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer lives as long as the page.
    post.forget();
}
