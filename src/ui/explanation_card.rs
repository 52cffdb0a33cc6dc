//! "How is this computed?": every component's formula with the user's numbers, its source and
//! its uncertainty, and why the article's rule of thumb gives a different total.

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::html::Html;
use super::state::ShownReport;
use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;
use crate::core::units::{format_ratio, Bytes, Unit};

/// The explanation as text (see [`super::html`]).
fn explanation(r: &EstimateReport, unit: Unit, lang: Lang) -> String {
    let style = lang.style();
    let size = |b: Bytes| b.to_unit_string(unit, style);
    let mut out = Html::new();
    out.el("p", "", lang.text(Key::ExplainIntro)).open("ol", "class=\"explain-parts\"");
    for c in &r.components {
        let band = format!("{}%", format_ratio(c.uncertainty_permille.into(), 10, 1, style));
        out.open("li", "").open("p", "class=\"explain-name\"").el("strong", "", c.name.label(lang));
        out.text(&format!(" = {} · {}", size(c.bytes), lang.fill(Key::ExplainBand, &[&band]))).close("p");
        out.el("p", "class=\"formula\"", &c.formula).el("p", "class=\"source\"", &lang.fill(Key::ExplainSource, &[c.source])).close("li");
    }
    out.close("ol");
    out.el("p", "", &lang.fill(Key::ExplainTotal, &[&size(r.total_bytes), &size(r.total_low_bytes), &size(r.total_high_bytes)]));
    out.el("p", "", &lang.fill(Key::ExplainVersus, &[&format!("{} ({})", size(r.rule_of_thumb_bytes), r.arithmetic), &size(r.total_bytes)]));
    out.into_string()
}

/// The explanation of the latest valid report, folded until asked for and written only then.
#[component]
pub fn ExplanationCard(
    /// The latest valid report.
    report: ShownReport,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let body = move || {
        if !open.get() {
            return String::new();
        }
        report.with(|r| r.as_ref().map(|r| explanation(r, unit.get(), lang)).unwrap_or_default())
    };
    let mut card = Html::new();
    card.el("summary", "class=\"eyebrow\"", lang.text(Key::ExplainHeading)).el("div", "id=\"explanation-body\"", "");
    bind("explanation-body", Part::Markup, Signal::derive(body));
    view! {
        // `toggle` fires after each opening and closing, and the card starts closed.
        <details class="card explanation" data-testid="explanation" inner_html=card.into_string() on:toggle=move |_| open.update(|o| *o = !*o)></details>
    }
}
