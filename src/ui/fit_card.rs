//! The fit: the chosen GPU's verdict, context and speed, and every GPU in a sortable table.

use leptos::prelude::*;

use crate::core::catalogue::gpus::gpus;
use crate::core::fit::Verdict;
use crate::core::report::{EstimateReport, Solved};
use crate::core::units::{group_thousands, Bytes, NumberStyle};

/// Symbol and word for a verdict: never colour alone.
fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Fits => "✓ fits",
        Verdict::Tight => "≈ tight",
        Verdict::No => "✗ no",
    }
}

fn signed_gb(bytes: i64, style: NumberStyle) -> String {
    let sign = if bytes < 0 { "−" } else { "+" };
    format!("{sign}{}", Bytes(bytes.unsigned_abs()).to_gb_string(style))
}

/// The chosen GPU's answer and the table of all GPUs (filter by vendor and memory; the chosen
/// one highlighted).
#[component]
pub fn FitCard(
    /// The latest valid report.
    report: Signal<Option<EstimateReport>>,
    /// How numbers are written in the current language.
    style: NumberStyle,
) -> impl IntoView {
    let vendor = RwSignal::new(String::new());
    let min_gb = RwSignal::new(0u32);
    let summary = move || {
        report.get().and_then(|r| {
            let fit = r.fit.clone()?;
            let name = gpus().iter().find(|g| g.id == fit.gpu).map_or(fit.gpu.clone(), |g| g.name.clone());
            let context = match r.solve {
                Some(Solved::MaxContext(Some(tokens))) => format!("{} tokens", group_thousands(tokens.into(), style)),
                _ => "does not fit".to_string(),
            };
            let speed = r.speed.map(|s| format!("~{:.0} tokens/s", s.decode_tokens_per_s)).unwrap_or_default();
            let needed = fit.gpus_needed.map_or("more than 64".to_string(), |n| n.to_string());
            Some(view! {
                <div class="verdict" data-verdict=fit.verdict.name()>
                    <p class="verdict-line">
                        <strong>{verdict_text(fit.verdict)}</strong>
                        {format!(" on {} × {} · {} per GPU", fit.gpus, name, signed_gb(fit.headroom_bytes, style))}
                    </p>
                    <dl class="facts">
                        <div><dt>"Max context"</dt><dd data-testid="max-context">{context}</dd></div>
                        <div><dt>"Decode"</dt><dd data-testid="tokens-per-second">{speed}</dd></div>
                        <div><dt>"GPUs needed"</dt><dd>{needed}</dd></div>
                    </dl>
                    {fit.warnings.into_iter().map(|w| view! { <p class="warning">"⚠ " {w}</p> }).collect_view()}
                </div>
            })
        })
    };
    let rows = move || {
        let r = report.get()?;
        let chosen = r.fit.as_ref().map(|f| f.gpu.clone()).unwrap_or_default();
        let rows = r
            .fit_all?
            .into_iter()
            .filter_map(|fit| {
                let gpu = gpus().iter().find(|g| g.id == fit.gpu)?;
                let shown = vendor.with(|v| v.is_empty() || *v == gpu.vendor) && gpu.memory_gb >= f64::from(min_gb.get());
                shown.then(|| {
                    let needed = fit.gpus_needed.map_or("> 64".into(), |n| n.to_string());
                    view! {
                        <tr data-testid="fit-row" data-gpu=fit.gpu.clone() data-verdict=fit.verdict.name() class:chosen=fit.gpu == chosen>
                            <td>{gpu.name.clone()}</td>
                            <td class="num">{format!("{} GB", gpu.memory_gb)}</td>
                            <td class=format!("verdict-cell {}", fit.verdict.name())>{verdict_text(fit.verdict)}</td>
                            <td class="num">{signed_gb(fit.headroom_bytes, style)}</td>
                            <td class="num">{needed}</td>
                        </tr>
                    }
                })
            })
            .collect_view();
        Some(rows)
    };
    let mut vendors: Vec<String> = gpus().iter().map(|g| g.vendor.clone()).collect();
    vendors.sort();
    vendors.dedup();
    view! {
        <section class="card fit" aria-labelledby="fit-heading">
            <h2 id="fit-heading" class="eyebrow">"Which GPUs?"</h2>
            {summary}
            <div class="filters">
                <label>
                    "Vendor "
                    <select on:change=move |ev| vendor.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        {vendors.into_iter().map(|v| view! { <option value=v.clone()>{v.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Memory "
                    <select on:change=move |ev| min_gb.set(event_target_value(&ev).parse().unwrap_or(0))>
                        <option value="0">"any"</option>
                        <option value="16">"≥ 16 GB"</option>
                        <option value="24">"≥ 24 GB"</option>
                        <option value="48">"≥ 48 GB"</option>
                        <option value="80">"≥ 80 GB"</option>
                    </select>
                </label>
            </div>
            <div class="table-scroll">
                <table data-testid="fit-table">
                    <caption class="visually-hidden">"Every GPU, most headroom first"</caption>
                    <thead>
                        <tr><th scope="col">"GPU"</th><th scope="col">"Memory"</th><th scope="col">"Verdict"</th><th scope="col">"Headroom"</th><th scope="col">"GPUs needed"</th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
