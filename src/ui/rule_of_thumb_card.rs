//! The result: the article's rule of thumb, its arithmetic, and what the two parts of it are.

use leptos::prelude::*;

use crate::core::report::EstimateReport;
use crate::core::i18n::{Key, Lang};
use crate::core::units::{format_float, NumberStyle, Unit};

/// Shows the rule-of-thumb total in GB and GiB, the arithmetic as the article writes it, and a
/// bar splitting it into weights and the overhead allowance. While the inputs are invalid it
/// keeps showing the last good report, dimmed.
#[component]
pub fn RuleOfThumbCard(
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
    move || match report.get() {
        None => view! {
            <section class="card result empty" data-testid="rule-of-thumb">
                <p>{lang.text(Key::RuleEmpty)}</p>
            </section>
        }
        .into_any(),
        Some(report) => {
            let weights = report.rule_of_thumb_weights_bytes;
            let overhead = report.rule_of_thumb_allowance_bytes();
            let total = report.rule_of_thumb_bytes;
            // Widths in tenths of a percent, as SVG attributes (inline styles are barred by the CSP).
            let weights_width = format_float(EstimateReport::percent(weights, total) * 10.0, 0, NumberStyle::Point);
            view! {
                <section
                    class="card result"
                    class:stale=move || stale.get()
                    data-testid="rule-of-thumb"
                    aria-labelledby="result-heading"
                >
                    <h2 id="result-heading" class="eyebrow">{lang.text(Key::RuleHeading)}</h2>
                    <p class="total">
                        <span class="total-gb">{total.to_unit_string(unit.get(), style)}</span>
                        <span class="total-gib">{total.to_unit_string(unit.get().other(), style)}</span>
                    </p>
                    <p class="arithmetic">{report.arithmetic.clone()}</p>
                    <svg class="bar-svg" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label=lang.text(Key::RuleBarLabel)>
                        <defs>
                            <pattern id="overhead-stripes" width="12" height="24" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                                <rect class="stripe-a" width="6" height="24"></rect>
                                <rect class="stripe-b" x="6" width="6" height="24"></rect>
                            </pattern>
                        </defs>
                        <rect class="seg-weights" width=weights_width.clone() height="24"></rect>
                        <rect class="seg-overhead" x=weights_width width="1000" height="24"></rect>
                    </svg>
                    <dl class="parts">
                        <div>
                            <dt><span class="swatch weights"></span>{lang.text(Key::ComponentWeights)}</dt>
                            <dd>{weights.to_unit_string(unit.get(), style)}</dd>
                        </div>
                        <div>
                            <dt>
                                <span class="swatch overhead"></span>
                                {lang.fill(Key::RuleAllowance, &[&format_float(report.overhead_factor, 3, style)])}
                            </dt>
                            <dd>{overhead.to_unit_string(unit.get(), style)}</dd>
                        </div>
                        <div>
                            <dt>{lang.text(Key::Parameters)}</dt>
                            <dd>{report.params_grouped(style)}</dd>
                        </div>
                    </dl>
                    <p class="why">{lang.text(Key::RuleWhy)}</p>
                    <p class="source">{lang.text(Key::RuleSource)}</p>
                </section>
            }
            .into_any()
        }
    }
}
