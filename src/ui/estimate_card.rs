//! The model behind the answer: its parameter counts, its layer plan, the settings the estimate
//! used and the estimator's notes.

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::html::Html;
use super::state::ShownReport;
use crate::core::export::settings_line;
use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;

/// The card's content as text (see [`super::html`]).
fn details(report: &EstimateReport, lang: Lang) -> String {
    let style = lang.style();
    let mut out = Html::new();
    out.open("dl", "class=\"facts\"");
    let fact = |out: &mut Html, label: &str, testid: &str, value: &str| {
        out.open("div", "").el("dt", "", label).start("dd");
        if !testid.is_empty() {
            out.attr("data-testid", testid);
        }
        out.end_start().text(value).close("dd").close("div");
    };
    fact(&mut out, lang.text(Key::Parameters), "params", &report.params_grouped(style));
    if report.active_params != report.params {
        fact(&mut out, lang.text(Key::ActivePerToken), "", &crate::core::units::group_thousands(report.active_params.0.into(), style));
    }
    fact(&mut out, lang.text(Key::Model), "", &report.model);
    out.close("dl");
    out.el("p", "class=\"settings-line\"", &report.shape);
    out.el("p", "class=\"settings-line\"", &settings_line(report, lang));
    for note in &report.notes {
        out.el("p", "class=\"note\"", note);
    }
    out.into_string()
}

/// The model and settings of the latest valid report (dimmed while `stale`).
#[component]
pub fn EstimateCard(
    /// The latest valid report, if there has been one.
    report: ShownReport,
    /// True while the current inputs are invalid and `report` is the last good one.
    stale: Signal<bool>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let mut card = Html::new();
    card.el("h2", "id=\"detailed-heading\" class=\"eyebrow\"", lang.text(Key::Model)).el("div", "id=\"detailed-body\"", "");
    bind("detailed-card", Part::Class, Signal::derive(move || if stale.get() { "card result detailed stale" } else { "card result detailed" }.to_string()));
    bind("detailed-body", Part::Markup, Signal::derive(move || report.with(|r| r.as_ref().map(|r| details(r, lang)).unwrap_or_default())));
    view! { <section id="detailed-card" class="card result detailed" aria-labelledby="detailed-heading" inner_html=card.into_string()></section> }
}
