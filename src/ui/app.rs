//! The page: inputs on one side, the result on the other.

use leptos::prelude::*;

use super::estimate_card::EstimateCard;
use super::field_message::Message;
use super::number_field::NumberField;
use super::precision_select::PrecisionSelect;
use super::rule_of_thumb_card::RuleOfThumbCard;
use crate::core::report::{estimate, EstimateReport, InputErrors, Inputs};
use crate::core::units::NumberStyle;

/// The calculator. Inputs are kept as typed; the core parses them on every change and the last
/// valid report stays on screen while an input is invalid.
#[component]
pub fn App() -> impl IntoView {
    let style = NumberStyle::Point;
    let params = RwSignal::new("7B".to_string());
    let quant = RwSignal::new("fp16".to_string());
    let overhead = RwSignal::new("2".to_string());

    let outcome = Memo::new(move |_| {
        let inputs = Inputs { params: params.get(), quant: quant.get(), overhead: overhead.get() };
        estimate(&inputs, style)
    });
    let last_good = Memo::new(move |previous: Option<&Option<EstimateReport>>| match outcome.get() {
        Ok(report) => Some(report),
        Err(_) => previous.cloned().flatten(),
    });
    let stale = Signal::derive(move || outcome.with(Result::is_err));
    let field_error = move |pick: fn(&InputErrors) -> Option<Message>| {
        Signal::derive(move || outcome.with(|o| o.as_ref().err().and_then(pick)))
    };
    let params_message = field_error(|e| {
        let estimate = e.estimate.as_ref().map(|e| Message::error(e.to_string()));
        e.params.as_ref().map(Message::from_number_error).or(estimate)
    });
    let quant_message = field_error(|e| e.quant.as_ref().map(|e| Message::error(e.to_string())));
    let overhead_message = field_error(|e| e.overhead.as_ref().map(Message::from_number_error));

    view! {
        <header class="masthead">
            <p class="brand">"vramfit"</p>
            <h1>"How much GPU memory does this model need?"</h1>
        </header>
        <main class="layout">
            <section class="card inputs" aria-label="Model">
                <NumberField
                    id="params"
                    label="Parameters"
                    testid="params-input"
                    hint="e.g. 7B, 1.5T, 350M, 6.7e9 or 7,000,000,000"
                    inputmode="text"
                    value=params
                    message=params_message
                />
                <PrecisionSelect value=quant message=quant_message style=style />
                <NumberField
                    id="overhead"
                    label="Overhead factor"
                    testid="overhead"
                    hint="×2 is the article's allowance for everything besides the weights."
                    inputmode="decimal"
                    value=overhead
                    message=overhead_message
                />
            </section>
            <div class="results">
                <p class="stale-note" hidden=move || !stale.get()>
                    "Showing the last valid result. Fix the highlighted field to update it."
                </p>
                <RuleOfThumbCard report=last_good.into() stale=stale style=style />
                <EstimateCard report=last_good.into() stale=stale style=style />
            </div>
        </main>
        <footer class="footnote">
            <p>"Runs entirely in your browser: nothing you type is sent anywhere. GB = 10⁹ bytes, GiB = 2³⁰ bytes."</p>
        </footer>
    }
}
