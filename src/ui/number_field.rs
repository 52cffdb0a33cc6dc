//! A labelled text field for a number the core parses (parameter count, overhead factor).

use leptos::prelude::*;

use super::field_message::{FieldMessage, Message};
use super::state::Lens;

/// A text input that keeps exactly what the user typed in `value` (the core parses it), with a
/// label and a hint or message underneath.
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
    /// Called after each edit by the user.
    #[prop(optional, into)]
    on_edit: Option<Callback<()>>,
) -> impl IntoView {
    let message_id = format!("{id}-note");
    let invalid = move || message.with(|m| m.as_ref().is_some_and(|m| !m.quiet));
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                data-testid=testid
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || invalid().to_string()
                aria-describedby=message_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(on_edit) = on_edit {
                        on_edit.run(());
                    }
                }
            />
            <FieldMessage id=message_id hint=hint message=message />
        </div>
    }
}
