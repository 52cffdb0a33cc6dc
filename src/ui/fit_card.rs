//! The fit: the chosen GPU's verdict, context and speed, and every GPU in a sortable table.

use leptos::prelude::*;

use crate::core::catalogue::gpus::{distinct, gpus};
use crate::core::i18n::{Key, Lang};
use super::field_message::{FieldMessage, Message};
use super::state::Lens;
use crate::core::order::stable_order;
use crate::core::report::EstimateReport;
use crate::core::units::{format_float, group_thousands, Bytes, Unit};

/// The chosen GPU's answer and the table of all GPUs (filter by vendor and memory; the chosen
/// one highlighted).
#[component]
pub fn FitCard(
    /// The latest valid report.
    report: Signal<Option<EstimateReport>>,
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
    let summary = move || {
        report.get().and_then(|r| {
            let fit = r.fit.clone()?;
            let name = fit.name.clone();
            let answers = r.answers.clone()?;
            let none = || lang.text(Key::DoesNotFit).to_string();
            let context = answers.max_context.map_or_else(none, |t| lang.fill(Key::NTokens, &[&group_thousands(t.into(), style)]));
            let batch = answers.max_batch.map_or_else(none, |b| lang.fill(Key::BatchAt, &[&b.to_string(), &group_thousands(r.context.into(), style)]));
            let speed = r.speed.map(|s| lang.fill(Key::TokensPerSecond, &[&format_float(s.decode_tokens_per_s, 0, style)])).unwrap_or_default();
            let default_efficiency = r.speed.map(|s| format_float(s.efficiency, 2, style)).unwrap_or_default();
            let needed = fit.gpus_needed.map_or(lang.text(Key::MoreThan64).to_string(), |n| n.to_string());
            let best = answers.best_quant.clone().unwrap_or_else(|| lang.text(Key::NoneFits).into());
            let ladder = answers
                .ladder
                .iter()
                .map(|(name, v)| view! { <li class=format!("rung {}", v.name())>{name.clone()} " " {v.label(lang)}</li> })
                .collect_view();
            let header = answers
                .grid_contexts
                .iter()
                .map(|c| view! { <th scope="col">{crate::core::units::Tokens(*c).to_short(style)}</th> })
                .collect_view();
            let grid = answers
                .grid
                .iter()
                .map(|(name, row)| {
                    let cells = row.iter().map(|v| view! { <td class=format!("verdict-cell {}", v.name())>{v.label(lang)}</td> }).collect_view();
                    view! { <tr><th scope="row">{name.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            Some(view! {
                <div class="verdict" data-verdict=fit.verdict.name()>
                    <p class="verdict-line">
                        <strong>{fit.verdict.label(lang)}</strong>
                        {lang.fill(Key::FitLine, &[&fit.gpus.to_string(), &name, &Bytes::signed_unit_string(fit.headroom_bytes, unit.get(), style)])}
                    </p>
                    <dl class="facts">
                        <div><dt>{lang.text(Key::MaxContext)}</dt><dd data-testid="max-context">{context}</dd></div>
                        <div><dt>{lang.text(Key::MaxBatch)}</dt><dd data-testid="max-batch">{batch}</dd></div>
                        <div><dt>{lang.text(Key::Decode)}</dt><dd data-testid="tokens-per-second">{speed}</dd></div>
                        <div><dt>{lang.text(Key::GpusNeeded)}</dt><dd>{needed}</dd></div>
                        <div><dt>{lang.text(Key::BestFormat)}</dt><dd data-testid="best-quant">{best}</dd></div>
                    </dl>
                    {fit.warnings.iter().map(|w| view! { <p class="warning">"⚠ " {w.message(lang)}</p> }).collect_view()}
                    <div class="field efficiency">
                        <label for="efficiency">{lang.text(Key::EfficiencyLabel)}</label>
                        <input
                            id="efficiency"
                            type="text"
                            inputmode="decimal"
                            data-testid="efficiency"
                            placeholder=default_efficiency
                            prop:value=move || efficiency.get()
                            on:input=move |ev| efficiency.set(event_target_value(&ev))
                        />
                        <FieldMessage
                            id="efficiency-note".to_string()
                            hint=lang.text(Key::EfficiencyHint)
                            message=efficiency_message
                        />
                    </div>
                </div>
                <details class="ladder">
                    <summary>{lang.text(Key::LadderSummary)}</summary>
                    <ol class="rungs" data-testid="quant-ladder">{ladder}</ol>
                    <div class="table-scroll">
                        <table class="grid" data-testid="quant-grid">
                            <thead><tr><th scope="col">{lang.text(Key::GridCorner)}</th>{header}</tr></thead>
                            <tbody>{grid}</tbody>
                        </table>
                    </div>
                </details>
            })
        })
    };
    let rows = move || {
        let r = report.get()?;
        let chosen = r.fit.as_ref().map(|f| f.gpu.clone()).unwrap_or_default();
        let fits: Vec<_> = r.fit_all?.into_iter().filter_map(|fit| Some((gpus().iter().find(|g| g.id == fit.gpu)?, fit))).collect();
        let order = match sort.get() {
            1 => stable_order(fits.len(), &|a, b| fits[a].0.name.cmp(&fits[b].0.name)),
            2 => stable_order(fits.len(), &|a, b| fits[b].0.memory_gb.total_cmp(&fits[a].0.memory_gb)),
            _ => (0..fits.len()).collect(),
        };
        let rows = order
            .into_iter()
            .map(|i| fits[i].clone())
            .filter_map(|(gpu, fit)| {
                let shown = vendor.with(|v| v.is_empty() || *v == gpu.vendor)
                    && class.with(|c| c.is_empty() || *c == gpu.category)
                    && gpu.memory_gb >= f64::from(min_gb.get());
                shown.then(|| {
                    let needed = fit.gpus_needed.map_or("> 64".into(), |n| n.to_string());
                    view! {
                        <tr data-testid="fit-row" data-gpu=fit.gpu.clone() data-verdict=fit.verdict.name() class:chosen=fit.gpu == chosen>
                            <td>{gpu.name.clone()}</td>
                            <td class="num">{format!("{} GB", format_float(gpu.memory_gb, 1, style))}</td>
                            <td class=format!("verdict-cell {}", fit.verdict.name())>{fit.verdict.label(lang)}</td>
                            <td class="num">{Bytes::signed_unit_string(fit.headroom_bytes, unit.get(), style)}</td>
                            <td class="num">{needed}</td>
                        </tr>
                    }
                })
            })
            .collect_view();
        Some(rows)
    };
    let vendors = distinct(|g| &g.vendor);
    let classes = distinct(|g| &g.category);
    let sort_button = move |key: u8, label: &'static str| {
        view! {
            <th scope="col" aria-sort=move || if sort.get() == key { "descending" } else { "none" }>
                <button type="button" class="sort" on:click=move |_| sort.set(key)>{label}</button>
            </th>
        }
    };
    view! {
        <section class="card fit" aria-labelledby="fit-heading">
            <h2 id="fit-heading" class="eyebrow">{lang.text(Key::FitHeading)}</h2>
            {summary}
            <div class="filters">
                <label>
                    {lang.text(Key::Vendor)} " "
                    <select on:change=move |ev| vendor.set(event_target_value(&ev))>
                        <option value="">{lang.text(Key::All)}</option>
                        {vendors.into_iter().map(|v| view! { <option value=v>{v}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {lang.text(Key::Class)} " "
                    <select on:change=move |ev| class.set(event_target_value(&ev))>
                        <option value="">{lang.text(Key::All)}</option>
                        {classes.into_iter().map(|c| view! { <option value=c>{c}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {lang.text(Key::Memory)} " "
                    <select on:change=move |ev| min_gb.set(event_target_value(&ev).parse().unwrap_or(0))>
                        <option value="0">{lang.text(Key::Any)}</option>
                        <option value="16">"≥ 16 GB"</option>
                        <option value="24">"≥ 24 GB"</option>
                        <option value="48">"≥ 48 GB"</option>
                        <option value="80">"≥ 80 GB"</option>
                    </select>
                </label>
            </div>
            <div class="table-scroll">
                <table data-testid="fit-table">
                    <caption class="visually-hidden">{lang.text(Key::FitCaption)}</caption>
                    <thead>
                        <tr>
                            {sort_button(1, lang.text(Key::Gpu))}
                            {sort_button(2, lang.text(Key::Memory))}
                            <th scope="col">{lang.text(Key::Verdict)}</th>
                            {sort_button(0, lang.text(Key::Headroom))}
                            <th scope="col">{lang.text(Key::GpusNeeded)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
