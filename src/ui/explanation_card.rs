//! "How is this computed?": every component's formula with the user's numbers, its source and
//! its uncertainty, and why the article's rule of thumb gives a different total.

use leptos::prelude::*;

use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;
use crate::core::units::{format_ratio, Unit};

/// The explanation of the latest valid report, folded until asked for.
#[component]
pub fn ExplanationCard(
    /// The latest valid report.
    report: Signal<Option<EstimateReport>>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let style = lang.style();
    let body = move || {
        let unit = unit.get();
        report.get().map(|r| {
            let size = move |b: crate::core::units::Bytes| b.to_unit_string(unit, style);
            let parts = r
                .components
                .iter()
                .map(|c| {
                    let band = format!("{}%", format_ratio(c.uncertainty_permille.into(), 10, 1, style));
                    view! {
                        <li>
                            <p class="explain-name">
                                <strong>{c.name.label(lang)}</strong>
                                " = " {size(c.bytes)} " · " {lang.fill(Key::ExplainBand, &[&band])}
                            </p>
                            <p class="formula">{c.formula.clone()}</p>
                            <p class="source">{lang.fill(Key::ExplainSource, &[c.source])}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p>{lang.text(Key::ExplainIntro)}</p>
                <ol class="explain-parts">{parts}</ol>
                <p>{lang.fill(Key::ExplainTotal, &[&size(r.total_bytes), &size(r.total_low_bytes), &size(r.total_high_bytes)])}</p>
                <p>{lang.fill(Key::ExplainVersus, &[&format!("{} ({})", size(r.rule_of_thumb_bytes), r.arithmetic), &size(r.total_bytes)])}</p>
            }
        })
    };
    view! {
        <details class="card explanation" data-testid="explanation">
            <summary class="eyebrow">{lang.text(Key::ExplainHeading)}</summary>
            {body}
        </details>
    }
}
