//! A row of buttons where one is pressed (GB/GiB, English/Türkçe).

use leptos::prelude::*;

/// Buttons over `options` (value, text); the one equal to `current` is pressed, and a click
/// calls `on_pick` with its value.
#[component]
pub fn ToggleGroup(
    /// What the group chooses, for screen readers.
    label: &'static str,
    /// The stable `data-testid`.
    testid: &'static str,
    /// (value, text) pairs.
    options: Vec<(&'static str, &'static str)>,
    /// The value now in effect.
    #[prop(into)]
    current: Signal<&'static str>,
    /// Called with the value clicked.
    #[prop(into)]
    on_pick: Callback<&'static str>,
) -> impl IntoView {
    view! {
        <div class="toggle-group" role="group" aria-label=label data-testid=testid>
            {options.into_iter().map(|(value, text)| view! {
                <button
                    type="button"
                    data-value=value
                    aria-pressed=move || (current.get() == value).to_string()
                    on:click=move |_| on_pick.run(value)
                >
                    {text}
                </button>
            }).collect_view()}
        </div>
    }
}
