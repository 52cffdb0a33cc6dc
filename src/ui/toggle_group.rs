//! A row of buttons where one is pressed (GB/GiB, English/Türkçe).

use leptos::prelude::*;

use super::bind::{bind, target_within, Part};
use super::html::Html;

/// Buttons over `options` (value, text), written as text (see super::bind); the one equal to
/// `current` is pressed, and a click calls `on_pick` with its value.
#[component]
pub fn ToggleGroup(
    /// What the group chooses, for screen readers.
    label: &'static str,
    /// The stable `data-testid`; each button's id is it and the button's value.
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
    let mut buttons = Html::new();
    for &(value, text) in &options {
        let id = format!("{testid}-{value}");
        buttons.start("button").attr("type", "button").attr("id", &id).attr("data-value", value);
        // Pressed from the start: the page moves the focus to the pressed one when it is built.
        buttons.attr("aria-pressed", if current.get_untracked() == value { "true" } else { "false" }).end_start().text(text).close("button");
        bind(&id, Part::Attr("aria-pressed"), Signal::derive(move || (current.get() == value).to_string()));
    }
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let button = target_within(&ev, "button[data-value]");
        let picked = button.and_then(|b| b.get_attribute("data-value")).and_then(|v| options.iter().find(|(value, _)| *value == v));
        if let Some(&(value, _)) = picked {
            on_pick.run(value);
        }
    };
    view! { <div class="toggle-group" role="group" aria-label=label data-testid=testid inner_html=buttons.into_string() on:click=on_click></div> }
}
