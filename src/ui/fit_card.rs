//! The fit: the chosen GPU's context, batch and speed, the format ladder, and the GPUs nearest
//! the answer in a sortable table (every GPU on request).

use leptos::prelude::*;

use super::bind::{bind, target_within, Part};
use super::field_message::{note, Message};
use super::html::Html;
use super::state::{Lens, ShownReport};
use crate::core::catalogue::gpus::{distinct, gpus, Gpu};
use crate::core::fit::{Fit, Verdict};
use crate::core::i18n::{Key, Lang};
use crate::core::order::stable_order;
use crate::core::report::{Answers, EstimateReport};
use crate::core::units::{format_float, group_thousands, Bytes, Unit};

/// How many of the GPUs that fit, and of those that just do not, the folded table shows
/// beside the chosen one.
const NEAREST_FITTING: usize = 5;
const NEAREST_SHORT: usize = 2;

/// The chosen GPU's answers as text: context, batch, speed, count, best format, warnings.
fn facts(r: &EstimateReport, answers: &Answers, fit: &Fit, lang: Lang) -> String {
    let style = lang.style();
    let none = || lang.text(Key::DoesNotFit).to_string();
    let tokens = |t: u64| lang.fill(Key::NTokens, &[&group_thousands(t.into(), style)]);
    let held = |answer: String, allows: Option<u64>, show: &dyn Fn(u64) -> String| match allows {
        Some(n) => lang.fill(Key::MemoryAllows, &[&answer, &show(n)]),
        None => answer,
    };
    let context = held(answers.max_context.map_or_else(none, tokens), answers.memory_allows_context, &tokens);
    let at = group_thousands(r.context.into(), style);
    let batch = held(answers.max_batch.map_or_else(none, |b| lang.fill(Key::BatchAt, &[&b.to_string(), &at])), answers.memory_allows_batch, &|n| n.to_string());
    let speed = r.speed.map(|s| lang.fill(Key::TokensPerSecond, &[&format_float(s.decode_tokens_per_s, 0, style)])).unwrap_or_default();
    let needed = fit.gpus_needed.map_or(lang.text(Key::MoreThan64).to_string(), |n| n.to_string());
    let best = answers.best_quant.clone().unwrap_or_else(|| lang.text(Key::NoneFits).into());
    let mut out = Html::new();
    out.open("dl", "class=\"facts\"");
    for (label, testid, value) in [
        (Key::MaxContext, "max-context", context),
        (Key::MaxBatch, "max-batch", batch),
        (Key::Decode, "tokens-per-second", speed),
        (Key::GpusNeeded, "", needed),
        (Key::BestFormat, "best-quant", best),
    ] {
        out.open("div", "").el("dt", "", lang.text(label)).start("dd");
        if !testid.is_empty() {
            out.attr("data-testid", testid);
        }
        out.end_start().text(&value).close("dd").close("div");
    }
    out.close("dl");
    for warning in &fit.warnings {
        out.el("p", "class=\"warning\"", &format!("⚠ {}", warning.message(lang)));
    }
    out.into_string()
}

/// The format ladder and the format × context grid as text.
fn ladder(answers: &Answers, lang: Lang) -> String {
    let mut out = Html::new();
    out.open("ol", "class=\"rungs\" data-testid=\"quant-ladder\"");
    for (name, v) in &answers.ladder {
        out.start("li").attr("class", &format!("rung {}", v.name())).end_start().text(&format!("{name} {}", v.label(lang))).close("li");
    }
    out.close("ol").open("div", "class=\"table-scroll\"").open("table", "class=\"grid\" data-testid=\"quant-grid\"");
    out.open("thead", "").open("tr", "").el("th", "scope=\"col\"", lang.text(Key::GridCorner));
    for c in &answers.grid_contexts {
        out.el("th", "scope=\"col\"", &crate::core::units::Tokens(*c).to_short(lang.style()));
    }
    out.close("tr").close("thead").open("tbody", "");
    for (name, row) in &answers.grid {
        out.open("tr", "").el("th", "scope=\"row\"", name);
        for v in row {
            out.start("td").attr("class", &format!("verdict-cell {}", v.name())).end_start().text(v.label(lang)).close("td");
        }
        out.close("tr");
    }
    out.close("tbody").close("table").close("div");
    out.into_string()
}

/// The memory filter's choices: at least this many GB.
const MEMORY_FILTERS: [(&str, &str); 4] = [("16", "≥ 16 GB"), ("24", "≥ 24 GB"), ("48", "≥ 48 GB"), ("80", "≥ 80 GB")];

/// Which of `fits` (in the table's order) the folded table shows: the chosen GPU, the GPUs
/// that fit with the least headroom, and the first that fall just short.
fn nearest(fits: &[(&Gpu, Fit)], chosen: &str) -> Vec<bool> {
    let by_headroom = stable_order(fits.len(), &|a, b| fits[b].1.headroom_bytes.cmp(&fits[a].1.headroom_bytes));
    let fitting = by_headroom.iter().filter(|&&i| fits[i].1.verdict != Verdict::No).count();
    let mut shown = vec![false; fits.len()];
    let from = fitting.saturating_sub(NEAREST_FITTING);
    for &i in &by_headroom[from..(fitting + NEAREST_SHORT).min(fits.len())] {
        shown[i] = true;
    }
    for (i, (_, fit)) in fits.iter().enumerate() {
        shown[i] |= fit.gpu == chosen;
    }
    shown
}

/// The card as text (see [`super::html`]), [`FitCard`] binding its live parts by id: the
/// filters are a labelled select each, named for the one listener of them all, `any` its
/// first option as the browser selects the first; the sort buttons say their column.
fn card(lang: Lang) -> String {
    let mut out = Html::new();
    out.el("h2", "id=\"fit-heading\" class=\"eyebrow\"", lang.text(Key::FitHeading));
    out.open("div", "id=\"fit-answers\" class=\"fit-answers\" hidden").el("div", "id=\"fit-facts\"", "");
    out.open("div", "class=\"field efficiency\"").el("label", "for=\"efficiency\"", lang.text(Key::EfficiencyLabel));
    out.open("input", "id=\"efficiency\" type=\"text\" inputmode=\"decimal\" data-testid=\"efficiency\" aria-describedby=\"efficiency-note\"");
    out.el("p", "id=\"efficiency-note\" class=\"field-note\" aria-live=\"polite\"", "").close("div");
    out.open("details", "id=\"fit-ladder\" class=\"ladder\"").el("summary", "", lang.text(Key::LadderSummary)).el("div", "id=\"fit-ladder-body\"", "");
    out.close("details").close("div").open("div", "class=\"filters\"");
    let vendors: Vec<(&str, &str)> = distinct(|g| &g.vendor).into_iter().map(|v| (v, v)).collect();
    let classes: Vec<(&str, &str)> = distinct(|g| &g.category).into_iter().map(|c| (c, c)).collect();
    let all = ("", lang.text(Key::All));
    for (name, label, any, choices) in [("vendor", Key::Vendor, all, &vendors[..]), ("class", Key::Class, all, &classes[..]), ("memory", Key::Memory, ("0", lang.text(Key::Any)), &MEMORY_FILTERS[..])] {
        out.open("label", "").text(lang.text(label)).text(" ").start("select").attr("name", name).end_start();
        for &(value, text) in std::iter::once(&any).chain(choices) {
            out.start("option").attr("value", value).end_start().text(text).close("option");
        }
        out.close("select").close("label");
    }
    out.close("div").open("div", "class=\"table-scroll\"").open("table", "data-testid=\"fit-table\"");
    out.el("caption", "class=\"visually-hidden\"", lang.text(Key::FitCaption)).open("thead", "").open("tr", "");
    for (key, label) in [(Some(1), Key::Gpu), (Some(2), Key::Memory), (None, Key::Verdict), (Some(0), Key::Headroom), (None, Key::GpusNeeded)] {
        match key {
            Some(key) => {
                out.start("th").attr("scope", "col").attr("id", &format!("fit-sort-{key}")).attr("aria-sort", "none").end_start();
                out.start("button").attr("type", "button").attr("class", "sort").attr("data-sort", &key.to_string()).end_start();
                out.text(lang.text(label)).close("button").close("th");
            }
            None => {
                out.el("th", "scope=\"col\"", lang.text(label));
            }
        }
    }
    out.close("tr").close("thead").el("tbody", "id=\"fit-rows\"", "").close("table").close("div");
    out.el("button", "type=\"button\" id=\"fit-all\" class=\"show-all\" data-testid=\"fit-all\"", "");
    out.into_string()
}

/// The chosen GPU's answers and the table of GPUs (filter by vendor, class and memory; the
/// chosen one highlighted).
#[component]
pub fn FitCard(
    /// The latest valid report.
    report: ShownReport,
    /// The bandwidth efficiency as typed (empty: the calibrated default).
    efficiency: Lens<String>,
    /// What is wrong with the efficiency, if anything.
    #[prop(into)]
    efficiency_message: Signal<Option<Message>>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let style = lang.style();
    let vendor = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    let min_gb = RwSignal::new(0u32);
    // Sort column: 0 headroom (default), 1 name, 2 memory.
    let sort = RwSignal::new(0u8);
    let all = RwSignal::new(false);
    let ladder_open = RwSignal::new(false);
    let has_fit = move || report.with(|r| r.as_ref().is_some_and(|r| r.fit.is_some() && r.answers.is_some()));
    let facts_html = move || {
        report.with(|r| {
            let r = r.as_ref()?;
            Some(facts(r, r.answers.as_ref()?, r.fit.as_ref()?, lang))
        })
        .unwrap_or_default()
    };
    let ladder_html = move || {
        if !ladder_open.get() {
            return String::new();
        }
        report.with(|r| r.as_ref().and_then(|r| r.answers.as_ref()).map(|a| ladder(a, lang)).unwrap_or_default())
    };
    let default_efficiency = move || report.with(|r| r.as_ref().and_then(|r| r.speed).map(|s| format_float(s.efficiency, 2, style)).unwrap_or_default());
    let filtered = move || !vendor.with(String::is_empty) || !class.with(String::is_empty) || min_gb.get() > 0;
    let rows = move || {
        let unit = unit.get();
        report.with(|r| {
            let r = r.as_ref()?;
            let chosen = r.fit.as_ref().map(|f| f.gpu.as_str()).unwrap_or_default();
            let fits: Vec<(&Gpu, Fit)> = r.fit_all.as_ref()?.iter().filter_map(|fit| Some((gpus().iter().find(|g| g.id == fit.gpu)?, fit.clone()))).collect();
            let order = match sort.get() {
                1 => stable_order(fits.len(), &|a, b| fits[a].0.name.cmp(&fits[b].0.name)),
                2 => stable_order(fits.len(), &|a, b| fits[b].0.memory_gb.total_cmp(&fits[a].0.memory_gb)),
                _ => (0..fits.len()).collect(),
            };
            let every = all.get() || filtered();
            let near = nearest(&fits, chosen);
            let mut out = Html::new();
            for i in order {
                let (gpu, fit) = &fits[i];
                let shown = (every || near[i])
                    && vendor.with(|v| v.is_empty() || *v == gpu.vendor)
                    && class.with(|c| c.is_empty() || *c == gpu.category)
                    && gpu.memory_gb >= f64::from(min_gb.get());
                if !shown {
                    continue;
                }
                out.start("tr").attr("data-testid", "fit-row").attr("data-gpu", &fit.gpu).attr("data-verdict", fit.verdict.name());
                if fit.gpu == chosen {
                    out.attr("class", "chosen");
                }
                out.end_start().el("td", "", &gpu.name).el("td", "class=\"num\"", &format!("{} GB", format_float(gpu.memory_gb, 1, style)));
                out.start("td").attr("class", &format!("verdict-cell {}", fit.verdict.name())).end_start().text(fit.verdict.label(lang)).close("td");
                out.el("td", "class=\"num\"", &Bytes::signed_unit_string(fit.headroom_bytes, unit, style));
                out.el("td", "class=\"num\"", &fit.gpus_needed.map_or("> 64".into(), |n| n.to_string())).close("tr");
            }
            Some(out.into_string())
        })
        .unwrap_or_default()
    };
    let shown = |value: bool| if value { "1".to_string() } else { String::new() };
    bind("fit-answers", Part::ShownIf, Signal::derive(move || shown(has_fit())));
    bind("fit-facts", Part::Markup, Signal::derive(facts_html));
    bind("efficiency", Part::Value, Signal::derive(move || efficiency.get()));
    bind("efficiency", Part::Attr("placeholder"), Signal::derive(default_efficiency));
    bind("efficiency-note", Part::Markup, Signal::derive(move || efficiency_message.with(|m| note(m.as_ref(), lang.text(Key::EfficiencyHint)))));
    bind("fit-ladder-body", Part::Markup, Signal::derive(ladder_html));
    for (key, id) in [(0, "fit-sort-0"), (1, "fit-sort-1"), (2, "fit-sort-2")] {
        bind(id, Part::Attr("aria-sort"), Signal::derive(move || if sort.get() == key { "descending" } else { "none" }.to_string()));
    }
    bind("fit-rows", Part::Markup, Signal::derive(rows));
    let all_label = move || match (filtered(), all.get()) {
        (true, _) => String::new(),
        (false, true) => lang.text(Key::ShowNearestGpus).to_string(),
        (false, false) => lang.fill(Key::ShowAllGpus, &[&gpus().len().to_string()]),
    };
    bind("fit-all", Part::TextOrHidden, Signal::derive(all_label));
    let on_input = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::Element>(&ev).id() == "efficiency" {
            efficiency.set(event_target_value(&ev));
        }
    };
    let on_filter = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        match event_target::<web_sys::Element>(&ev).get_attribute("name").as_deref() {
            Some("vendor") => vendor.set(value),
            Some("class") => class.set(value),
            Some("memory") => min_gb.set(value.parse().unwrap_or(0)),
            _ => {}
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(control) = target_within(&ev, "[data-sort], #fit-all, #fit-ladder > summary") else { return };
        if let Some(key) = control.get_attribute("data-sort").and_then(|k| k.parse().ok()) {
            sort.set(key);
        } else if control.id() == "fit-all" {
            all.update(|a| *a = !*a);
        } else {
            // The click comes before the ladder opens or closes.
            ladder_open.update(|o| *o = !*o);
        }
    };
    view! { <section class="card fit" aria-labelledby="fit-heading" inner_html=card(lang) on:input=on_input on:change=on_filter on:click=on_click></section> }
}
