//! The line under a field: its hint, or what is wrong with what was typed.

use leptos::prelude::*;

use crate::core::i18n::Lang;
use crate::core::units::NumberError;

/// A message about one field's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// What is shown under the field.
    pub text: String,
    /// A state the user passes through while typing ("7" on the way to "70B"): shown quietly,
    /// not as an error.
    pub quiet: bool,
}

impl Message {
    /// A message for an input error; errors that are only "not finished yet" are quiet.
    pub fn from_number_error(error: &NumberError, lang: Lang) -> Message {
        Message { text: error.message(lang), quiet: error.is_incomplete() }
    }

    /// A message for an error that is never a typing state.
    pub fn error(text: String) -> Message {
        Message { text, quiet: false }
    }
}

/// Shows `hint` under a field, replaced by `message` when there is one. The message carries
/// `data-testid="input-error"`; its id is what the field's `aria-describedby` points at.
#[component]
pub fn FieldMessage(
    /// Element id, referenced by the field's `aria-describedby`.
    id: String,
    /// What to type, shown while there is nothing to say.
    hint: &'static str,
    /// What is wrong with the current input, if anything.
    message: Signal<Option<Message>>,
) -> impl IntoView {
    view! {
        <p id=id class="field-note" aria-live="polite">
            {move || match message.get() {
                Some(message) => view! {
                    <span
                        class="field-message"
                        class:quiet=message.quiet
                        data-testid="input-error"
                    >
                        {if message.quiet { "" } else { "⚠ " }}
                        {message.text}
                    </span>
                }
                .into_any(),
                None => view! { <span class="field-hint">{hint}</span> }.into_any(),
            }}
        </p>
    }
}
