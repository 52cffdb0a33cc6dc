//! A labelled `<select>` over one of the core's choice lists (job, KV cache type, engine).

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::html::Html;
use super::state::Lens;

/// A select over `choices` (name, label) whose value is the chosen one's position: positions,
/// not values, so one copy of this component (and of its signal type) serves every enum the
/// page offers.
#[component]
pub fn ChoiceSelect(
    /// Element id, tied to the label.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The stable `data-testid`.
    testid: &'static str,
    /// (name, label) pairs, in the core's order.
    choices: Vec<(&'static str, &'static str)>,
    /// The position of the chosen choice.
    value: Lens<usize>,
) -> impl IntoView {
    let names: Vec<&'static str> = choices.iter().map(|(name, _)| *name).collect();
    // Written once as text (see super::html); later changes set the select's value.
    let chosen = names.get(value.get_untracked()).copied().unwrap_or_default();
    let mut field = Html::new();
    field.start("label").attr("for", id).end_start().text(label).close("label");
    field.start("select").attr("id", id).attr("data-testid", testid).end_start();
    for (name, text) in &choices {
        field.option(name, text, chosen);
    }
    field.close("select");
    let current = names.clone();
    bind(id, Part::Value, Signal::derive(move || current.get(value.get()).copied().unwrap_or_default().to_string()));
    let pick = move |ev| {
        let picked = event_target_value(&ev);
        if let Some(i) = names.iter().position(|name| *name == picked) {
            value.set(i);
        }
    };
    view! { <div class="field" inner_html=field.into_string() on:change=pick></div> }
}
