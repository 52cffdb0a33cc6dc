//! The line under a field: its hint, or what is wrong with what was typed.

use super::html::Html;
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

/// The line's content as text (see [`super::html`]): `hint`, replaced by `message` when there is
/// one, which carries `data-testid="input-error"`.
pub fn note(message: Option<&Message>, hint: &str) -> String {
    let mut out = Html::new();
    match message {
        Some(message) => {
            let class = if message.quiet { "field-message quiet" } else { "field-message" };
            out.start("span").attr("class", class).attr("data-testid", "input-error").end_start();
            out.text(if message.quiet { "" } else { "⚠ " }).text(&message.text).close("span");
        }
        None => {
            out.el("span", "class=\"field-hint\"", hint);
        }
    }
    out.into_string()
}
