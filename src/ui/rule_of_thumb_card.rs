//! The result: the article's rule of thumb, its arithmetic, and what the two parts of it are.

use leptos::prelude::*;

use super::html::Html;
use super::state::ShownReport;
use crate::core::report::EstimateReport;
use crate::core::i18n::{Key, Lang};
use crate::core::units::{format_float, NumberStyle, Unit};

/// The card's content as text (see [`super::html`]).
fn card(report: &EstimateReport, unit: Unit, lang: Lang) -> String {
    let style = lang.style();
    let weights = report.rule_of_thumb_weights_bytes;
    let overhead = report.rule_of_thumb_allowance_bytes();
    let total = report.rule_of_thumb_bytes;
    // Widths in tenths of a percent, as SVG attributes (inline styles are barred by the CSP).
    let weights_width = format_float(EstimateReport::percent(weights, total) * 10.0, 0, NumberStyle::Point);
    let mut out = Html::new();
    out.el("h2", "id=\"result-heading\" class=\"eyebrow\"", lang.text(Key::RuleHeading));
    out.open("p", "class=\"total\"").el("span", "class=\"total-gb\"", &total.to_unit_string(unit, style));
    out.el("span", "class=\"total-gib\"", &total.to_unit_string(unit.other(), style)).close("p");
    out.el("p", "class=\"arithmetic\"", &report.arithmetic);
    out.start("svg").attr("class", "bar-svg").attr("viewBox", "0 0 1000 24").attr("preserveAspectRatio", "none").attr("role", "img");
    out.attr("aria-label", lang.text(Key::RuleBarLabel)).end_start();
    out.open("defs", "").open("pattern", "id=\"overhead-stripes\" width=\"12\" height=\"24\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"");
    out.open("rect", "class=\"stripe-a\" width=\"6\" height=\"24\"").close("rect");
    out.open("rect", "class=\"stripe-b\" x=\"6\" width=\"6\" height=\"24\"").close("rect");
    out.close("pattern").close("defs");
    out.start("rect").attr("class", "seg-weights").attr("width", &weights_width).attr("height", "24").end_start().close("rect");
    out.start("rect").attr("class", "seg-overhead").attr("x", &weights_width).attr("width", "1000").attr("height", "24").end_start().close("rect");
    out.close("svg");
    out.open("dl", "class=\"parts\"");
    let part = |out: &mut Html, swatch: &str, label: &str, value: &str| {
        out.open("div", "").open("dt", "");
        if !swatch.is_empty() {
            out.start("span").attr("class", swatch).end_start().close("span");
        }
        out.text(label).close("dt").el("dd", "", value).close("div");
    };
    part(&mut out, "swatch weights", lang.text(Key::ComponentWeights), &weights.to_unit_string(unit, style));
    part(&mut out, "swatch overhead", &lang.fill(Key::RuleAllowance, &[&format_float(report.overhead_factor, 3, style)]), &overhead.to_unit_string(unit, style));
    part(&mut out, "", lang.text(Key::Parameters), &report.params_grouped(style));
    out.close("dl");
    out.el("p", "class=\"why\"", lang.text(Key::RuleWhy));
    out.el("p", "class=\"source\"", lang.text(Key::RuleSource));
    out.into_string()
}

/// Shows the rule-of-thumb total in GB and GiB, the arithmetic as the article writes it, and a
/// bar splitting it into weights and the overhead allowance. While the inputs are invalid it
/// keeps showing the last good report, dimmed.
#[component]
pub fn RuleOfThumbCard(
    /// The latest valid report, if there has been one.
    report: ShownReport,
    /// True while the current inputs are invalid and `report` is the last good one.
    stale: Signal<bool>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let content = move || {
        report.with(|r| match r {
            Some(r) => card(r, unit.get(), lang),
            None => {
                let mut out = Html::new();
                out.el("p", "", lang.text(Key::RuleEmpty));
                out.into_string()
            }
        })
    };
    view! {
        <section class="card result rule" class:stale=move || stale.get() data-testid="rule-of-thumb" aria-labelledby="result-heading" inner_html=Signal::derive(content)></section>
    }
}
