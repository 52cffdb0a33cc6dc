//! A labelled text field for a number the core parses (parameter count, overhead factor).

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::field_message::{note, Message};
use super::html::Html;
use super::state::Lens;

/// A text input that keeps exactly what the user typed in `value` (the core parses it), with a
/// label and a hint or message underneath; written as text (see super::bind).
#[component]
pub fn NumberField(
    /// Element id; the label and message are tied to it.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The stable `data-testid` for tests.
    testid: &'static str,
    /// Examples of valid input, shown under the field.
    hint: &'static str,
    /// The mobile keyboard to offer (`text` for "7B", `decimal` for factors).
    inputmode: &'static str,
    /// The raw text, exactly as typed.
    value: Lens<String>,
    /// What is wrong with `value`, if anything.
    #[prop(into)]
    message: Signal<Option<Message>>,
) -> impl IntoView {
    let (box_id, note_id) = (format!("{id}-field"), format!("{id}-note"));
    let mut field = Html::new();
    field.start("label").attr("for", id).end_start().text(label).close("label");
    field.start("input").attr("id", id).attr("type", "text").attr("data-testid", testid).attr("inputmode", inputmode);
    field.attr("autocomplete", "off").attr("spellcheck", "false").attr("aria-describedby", &note_id).end_start();
    field.start("p").attr("id", &note_id).attr("class", "field-note").attr("aria-live", "polite").end_start().close("p");
    let invalid = move || message.with(|m| m.as_ref().is_some_and(|m| !m.quiet));
    bind(id, Part::Value, Signal::derive(move || value.get()));
    bind(id, Part::Attr("aria-invalid"), Signal::derive(move || invalid().to_string()));
    bind(&box_id, Part::Class, Signal::derive(move || if invalid() { "field invalid" } else { "field" }.to_string()));
    bind(&note_id, Part::Markup, Signal::derive(move || message.with(|m| note(m.as_ref(), hint))));
    view! { <div id=box_id class="field" inner_html=field.into_string() on:input=move |ev| value.set(event_target_value(&ev))></div> }
}
