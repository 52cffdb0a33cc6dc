//! The detailed estimate: total with its low–high band, a stacked bar of the components, and
//! why it differs from the article's rule of thumb.

use leptos::prelude::*;

use crate::core::estimate::Mode;
use crate::core::export::settings_line;
use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;
use crate::core::units::{format_float, group_thousands, Bytes, Unit};

/// Shows the detailed estimate of the latest valid report (dimmed while `stale`).
#[component]
pub fn EstimateCard(
    /// The latest valid report, if there has been one.
    report: Signal<Option<EstimateReport>>,
    /// True while the current inputs are invalid and `report` is the last good one.
    stale: Signal<bool>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let style = lang.style();
    move || {
        let unit = unit.get();
        report.get().map(|report| {
            let total = report.total_bytes;
            // An SVG of the components (drawn here, no chart library); each is named with its
            // share in the list beside it, so colour is never the only cue.
            let segments = report
                .bar_segments()
                .into_iter()
                .map(|(name, start, width)| {
                    view! {
                        <rect class=format!("seg-{}", name.name()) x=start.to_string() y="0" width=width.to_string() height="24">
                            <title>{name.label(lang)}</title>
                        </rect>
                    }
                })
                .collect_view();
            let rows = report
                .components
                .iter()
                .map(|c| {
                    view! {
                        <div>
                            <dt>
                                <span class=format!("swatch seg-{}", c.name.name())></span>
                                {c.name.label(lang)}
                                <span class="part-share">{format!("{}%", format_float(EstimateReport::percent(c.bytes, total), 0, style))}</span>
                            </dt>
                            <dd>{c.bytes.to_unit_string(unit, style)}</dd>
                        </div>
                    }
                })
                .collect_view();
            let besides = Bytes(total.0.saturating_sub(report.weights_bytes.0)).to_unit_string(unit, style);
            let why = if report.mode == Mode::Inference {
                lang.fill(Key::WhyInference, &[&group_thousands(report.context.into(), style), &besides])
            } else {
                lang.fill(Key::WhyTraining, &[&besides])
            };
            let heading = lang.fill(Key::DetailedHeading, &[report.mode.short_label(lang)]);
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
                            <dt>{lang.text(Key::Parameters)}</dt>
                            <dd data-testid="params">{group_thousands(report.params.0.into(), style)}</dd>
                        </div>
                        {(report.active_params != report.params).then(|| view! {
                            <div>
                                <dt>{lang.text(Key::ActivePerToken)}</dt>
                                <dd>{group_thousands(report.active_params.0.into(), style)}</dd>
                            </div>
                        })}
                        <div>
                            <dt>{lang.text(Key::Model)}</dt>
                            <dd>{report.model.clone()}</dd>
                        </div>
                    </dl>
                    <p class="settings-line">{report.shape.clone()}</p>
                    <p class="settings-line">{settings_line(&report, lang)}</p>
                    <div data-testid="breakdown">
                        <svg class="bar-svg" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label=lang.text(Key::BreakdownLabel)>{segments}</svg>
                        <dl class="parts">{rows}</dl>
                    </div>
                    <p class="why">{why}</p>
                    {report.notes.iter().map(|n| view! { <p class="note">{n.clone()}</p> }).collect_view()}
                </section>
            }
        })
    }
}
