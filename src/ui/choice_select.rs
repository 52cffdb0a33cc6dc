//! A labelled `<select>` over one of the core's choice lists (job, KV cache type, engine).

use leptos::prelude::*;

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
    let options = choices
        .into_iter()
        .enumerate()
        .map(|(i, (name, text))| view! { <option value=name selected=move || value.get() == i>{text}</option> })
        .collect_view();
    let pick = move |ev| {
        let picked = event_target_value(&ev);
        if let Some(i) = names.iter().position(|name| *name == picked) {
            value.set(i);
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=testid on:change=pick>
                {options}
            </select>
        </div>
    }
}
