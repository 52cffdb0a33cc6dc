//! A labelled `<select>` over fixed choices (job, KV cache type, engine).

use leptos::prelude::*;

/// A select whose value is one of `choices` (value, label).
#[component]
pub fn ChoiceSelect(
    /// Element id, tied to the label.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The stable `data-testid`.
    testid: &'static str,
    /// (value, label) pairs.
    choices: Vec<(&'static str, &'static str)>,
    /// The chosen value.
    value: RwSignal<String>,
) -> impl IntoView {
    let options = choices
        .into_iter()
        .map(|(choice, text)| {
            view! { <option value=choice selected=move || value.with(|v| v == choice)>{text}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {options}
            </select>
        </div>
    }
}
