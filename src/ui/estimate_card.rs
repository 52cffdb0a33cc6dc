//! The detailed estimate: total with its low–high band, a stacked bar of the components, and
//! why it differs from the article's rule of thumb.

use leptos::prelude::*;

use crate::core::report::EstimateReport;
use crate::core::units::{format_float, group_thousands, Bytes, NumberStyle, Unit};

/// Job names for the card's heading.
const JOB_NAMES: &[(&str, &str)] = &[("inference", "inference"), ("full", "full fine-tune"), ("lora", "LoRA"), ("qlora", "QLoRA")];

/// A component's label on the page.
fn label(name: &str) -> &'static str {
    match name {
        "weights" => "Weights",
        "kv_cache" => "KV cache",
        "activations" => "Activations",
        "runtime" => "Runtime (CUDA context, workspaces)",
        "cuda_graphs" => "CUDA graphs",
        "gradients" => "Gradients",
        "optimizer" => "Optimizer states",
        _ => "Other",
    }
}

/// Shows the detailed estimate of the latest valid report (dimmed while `stale`).
#[component]
pub fn EstimateCard(
    /// The latest valid report, if there has been one.
    report: Signal<Option<EstimateReport>>,
    /// True while the current inputs are invalid and `report` is the last good one.
    stale: Signal<bool>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// How numbers are written in the current language.
    style: NumberStyle,
) -> impl IntoView {
    move || {
        let unit = unit.get();
        report.get().map(|report| {
            let total = report.total_bytes;
            let segments = report
                .components
                .iter()
                .filter(|c| c.bytes.0 > 0)
                .map(|c| {
                    let width = format!("width: {}%", format_float(EstimateReport::percent(c.bytes, total), 3, NumberStyle::Point));
                    view! { <span class=format!("segment seg-{}", c.name) style=width title=label(c.name)></span> }
                })
                .collect_view();
            let rows = report
                .components
                .iter()
                .map(|c| {
                    view! {
                        <div>
                            <dt>
                                <span class=format!("swatch seg-{}", c.name)></span>
                                {label(c.name)}
                            </dt>
                            <dd>{c.bytes.to_unit_string(unit, style)}</dd>
                            <p class="formula">{c.formula.clone()}</p>
                        </div>
                    }
                })
                .collect_view();
            let besides = Bytes(total.0.saturating_sub(report.weights_bytes.0)).to_unit_string(unit, style);
            let why = if report.mode == "inference" {
                format!(
                    "Instead of doubling the weights, this adds what inference really allocates: the KV cache for {} tokens, the engine's activation buffers and its runtime ({besides} in all besides the weights).",
                    group_thousands(report.context.into(), style),
                )
            } else {
                format!(
                    "Training adds gradients, optimizer states and the activations kept for the backward pass ({besides} besides the weights): far more than the article's ×2.",
                )
            };
            let heading = format!("Detailed estimate · {}", JOB_NAMES.iter().find(|(m, _)| *m == report.mode).map_or(report.mode, |(_, n)| *n));
            view! {
                <section class="card result detailed" class:stale=move || stale.get() aria-labelledby="detailed-heading">
                    <h2 id="detailed-heading" class="eyebrow">{heading}</h2>
                    <p class="total" data-testid="total" aria-live="polite" aria-atomic="true">
                        <span class="total-gb">{total.to_unit_string(unit, style)}</span>
                        <span class="total-gib">
                            {format!("{} – {}", report.total_low_bytes.to_unit_string(unit, style), report.total_high_bytes.to_unit_string(unit, style))}
                        </span>
                    </p>
                    <dl class="facts">
                        <div>
                            <dt>"Parameters"</dt>
                            <dd data-testid="params">{group_thousands(report.params.0.into(), style)}</dd>
                        </div>
                        {(report.active_params != report.params).then(|| view! {
                            <div>
                                <dt>"Active per token"</dt>
                                <dd>{group_thousands(report.active_params.0.into(), style)}</dd>
                            </div>
                        })}
                        <div>
                            <dt>"Model"</dt>
                            <dd>{report.model.clone()}</dd>
                        </div>
                    </dl>
                    <p class="settings-line">{report.shape.clone()}</p>
                    <p class="settings-line">
                        {format!("{} tokens · batch {} · {} weights · {} KV cache · {}", group_thousands(report.context.into(), style), report.batch, report.quant, report.kv_quant, report.engine)}
                    </p>
                    <div data-testid="breakdown">
                        <div class="bar" role="img" aria-label="Memory by component">{segments}</div>
                        <dl class="parts">{rows}</dl>
                    </div>
                    <p class="why">{why}</p>
                    {report.notes.iter().map(|n| view! { <p class="note">{n.clone()}</p> }).collect_view()}
                </section>
            }
        })
    }
}
