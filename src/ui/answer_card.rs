//! The answer, first: the verdict on the chosen machine, the total with its band, why it is
//! more than the weights, the components as a bar, and the article's rule of thumb beside it.
//! The same verdict and total, small, are the phone's sticky summary ([`Summary`]).

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::html::Html;
use super::state::ShownReport;
use crate::core::estimate::Mode;
use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;
use crate::core::units::{format_float, group_thousands, Bytes, NumberStyle, Unit};

/// The verdict line: "✓ fits on 1 × RTX 4090 · 6.55 GB free per GPU" (nothing without a GPU).
fn verdict(out: &mut Html, report: &EstimateReport, unit: Unit, lang: Lang) {
    let Some(fit) = &report.fit else { return };
    out.start("p").attr("class", "verdict verdict-line").attr("data-verdict", fit.verdict.name()).attr("data-testid", "verdict");
    out.end_start().el("strong", "", fit.verdict.label(lang));
    let headroom = Bytes::signed_unit_string(fit.headroom_bytes, unit, lang.style());
    out.text(&lang.fill(Key::FitLine, &[&fit.gpus.to_string(), &fit.name, &headroom])).close("p");
}

/// The total and its low–high band.
fn total(out: &mut Html, report: &EstimateReport, unit: Unit, style: NumberStyle) {
    out.el("span", "class=\"total-gb\"", &report.total_bytes.to_unit_string(unit, style));
    let band = format!("{} – {}", report.total_low_bytes.to_unit_string(unit, style), report.total_high_bytes.to_unit_string(unit, style));
    out.el("span", "class=\"total-gib\"", &band);
}

/// Why the total is what it is, the stacked bar with each component's share, and the rule of
/// thumb as a comparison line with its own arithmetic.
fn body(report: &EstimateReport, unit: Unit, lang: Lang) -> String {
    let style = lang.style();
    let mut out = Html::new();
    let besides = Bytes(report.total_bytes.0.saturating_sub(report.weights_bytes.0)).to_unit_string(unit, style);
    let why = if report.mode == Mode::Inference {
        lang.fill(Key::WhyInference, &[&group_thousands(report.context.into(), style), &besides])
    } else {
        lang.fill(Key::WhyTraining, &[&besides])
    };
    out.el("p", "class=\"why\"", &why);
    breakdown(&mut out, report, unit, lang);
    let rule = format!("{} ({})", report.rule_of_thumb_bytes.to_unit_string(unit, style), report.arithmetic);
    out.el("p", "class=\"rule-line\"", &lang.fill(Key::RuleLine, &[&rule]));
    out.into_string()
}

/// The stacked bar of the components and the list naming each with its share.
fn breakdown(out: &mut Html, report: &EstimateReport, unit: Unit, lang: Lang) {
    let style = lang.style();
    let total = report.total_bytes;
    out.open("div", "data-testid=\"breakdown\"");
    // The bar is an SVG drawn here (inline styles are barred by the CSP); each component is
    // named with its share in the list under it, so colour is never the only cue.
    out.start("svg").attr("class", "bar-svg").attr("viewBox", "0 0 1000 24").attr("preserveAspectRatio", "none").attr("role", "img");
    out.attr("aria-label", lang.text(Key::BreakdownLabel)).end_start();
    for (name, start, width) in report.bar_segments() {
        out.start("rect").attr("class", &format!("seg-{}", name.name())).attr("x", &start.to_string()).attr("width", &width.to_string());
        out.attr("height", "24").end_start().el("title", "", name.label(lang)).close("rect");
    }
    out.close("svg").open("dl", "class=\"parts\"");
    for c in &report.components {
        out.open("div", "").open("dt", "");
        out.start("span").attr("class", &format!("swatch seg-{}", c.name.name())).end_start().close("span");
        out.text(c.name.label(lang));
        out.el("span", "class=\"part-share\"", &format!("{}%", format_float(EstimateReport::percent(c.bytes, total), 0, style)));
        out.close("dt").el("dd", "", &c.bytes.to_unit_string(unit, style)).close("div");
    }
    out.close("dl").close("div");
}

/// The result header at the top of the results.
#[component]
pub fn AnswerCard(
    /// The latest valid report, if there has been one.
    report: ShownReport,
    /// True while the current inputs are invalid and `report` is the last good one.
    stale: Signal<bool>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let part = move |write: fn(&mut Html, &EstimateReport, Unit, Lang)| {
        move || {
            let mut out = Html::new();
            report.with(|r| r.as_ref().map(|r| write(&mut out, r, unit.get(), lang)));
            out.into_string()
        }
    };
    let heading = move || report.with(|r| r.as_ref().map(|r| lang.fill(Key::DetailedHeading, &[r.mode.short_label(lang)])).unwrap_or_default());
    // The parts are bound in place (see super::bind): the total is a live region that stays
    // while its text changes, so the new total is read out.
    let mut card = Html::new();
    card.el("h2", "id=\"answer-heading\" class=\"eyebrow\"", "").el("div", "id=\"answer-verdict\"", "");
    card.el("p", "id=\"answer-total\" class=\"total\" data-testid=\"total\" aria-live=\"polite\" aria-atomic=\"true\"", "");
    card.el("div", "id=\"answer-body\" class=\"answer-body\"", "");
    bind("answer-card", Part::Class, Signal::derive(move || if stale.get() { "card result answer stale" } else { "card result answer" }.to_string()));
    bind("answer-heading", Part::Markup, Signal::derive(move || {
        let mut out = Html::new();
        out.text(&heading());
        out.into_string()
    }));
    bind("answer-verdict", Part::Markup, Signal::derive(part(verdict)));
    bind("answer-total", Part::Markup, Signal::derive(part(|out, r, unit, lang| total(out, r, unit, lang.style()))));
    bind("answer-body", Part::Markup, Signal::derive(move || report.with(|r| r.as_ref().map(|r| body(r, unit.get(), lang)).unwrap_or_default())));
    view! { <section id="answer-card" class="card result answer" aria-labelledby="answer-heading" inner_html=card.into_string()></section> }
}

/// The phone's sticky summary: the verdict and the total, visible while editing any input.
#[component]
pub fn Summary(
    /// The latest valid report, if there has been one.
    report: ShownReport,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let text = move || {
        let mut out = Html::new();
        report.with(|r| {
            if let Some(r) = r {
                out.open("span", "class=\"summary-total\"");
                total(&mut out, r, unit.get(), lang.style());
                out.close("span");
                if let Some(fit) = &r.fit {
                    out.start("strong").attr("class", "summary-verdict").attr("data-verdict", fit.verdict.name()).end_start();
                    out.text(fit.verdict.label(lang)).close("strong");
                }
            }
        });
        out.into_string()
    };
    view! { <div class="summary" data-testid="summary" aria-hidden="true" inner_html=Signal::derive(text)></div> }
}

/// The compact embed's answer (`embed=1`): the model and its settings, the verdict, the total
/// and the bar, in one card a blog post can hold.
#[component]
pub fn CompactAnswer(
    /// The latest valid report, if there has been one.
    report: ShownReport,
    /// The chosen model's name (empty: a typed parameter count).
    model: Signal<String>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let text = move || {
        let unit = unit.get();
        let mut out = Html::new();
        report.with(|r| {
            if let Some(r) = r {
                let name = model.get();
                let name = if name.is_empty() { lang.fill(Key::NParameters, &[&r.params_grouped(lang.style())]) } else { name };
                out.el("p", "class=\"compact-model\"", &name);
                out.el("p", "class=\"settings-line\"", &crate::core::export::settings_line(r, lang));
                verdict(&mut out, r, unit, lang);
                out.open("p", "class=\"total\" data-testid=\"total\"");
                total(&mut out, r, unit, lang.style());
                out.close("p");
                breakdown(&mut out, r, unit, lang);
            }
        });
        out.into_string()
    };
    view! { <div class="compact-answer" aria-live="polite" inner_html=Signal::derive(text)></div> }
}
