//! Paste a config.json: the architecture is read as you paste.

use leptos::prelude::*;

use super::html::Html;
use crate::core::architecture::{parse_config_text, Architecture, ConfigError};
use crate::core::i18n::{Key, Lang};
use crate::core::quant::WeightFormat;

/// A textarea for a pasted `config.json`. Calls `on_config` with the architecture and the
/// format its `quantization_config` declares, or `on_error` with what is wrong.
#[component]
pub fn ConfigPaste(
    /// Called with a readable config.
    #[prop(into)]
    on_config: Callback<(Architecture, Option<WeightFormat>)>,
    /// Called with a message when the text is not a usable config.
    #[prop(into)]
    on_error: Callback<String>,
    lang: Lang,
) -> impl IntoView {
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        if text.trim().is_empty() {
            return;
        }
        // Read as a dropped config.json is (bare `Infinity` and `NaN` accepted, as Python writes them).
        let parsed = parse_config_text(text.as_bytes())
            .map_err(|e| match e {
                ConfigError::NotJson(detail) => lang.fill(Key::PastedNotJson, &[&detail]),
                other => lang.fill(Key::PastedUnusable, &[&other.to_string()]),
            })
            .and_then(|value| {
                Architecture::from_config(&value)
                    .map(|arch| (arch, WeightFormat::from_quantization_config(&value)))
                    .map_err(|e| lang.fill(Key::PastedUnusable, &[&e.to_string()]))
            });
        match parsed {
            Ok(config) => on_config.run(config),
            Err(message) => on_error.run(message),
        }
    };
    let mut paste = Html::new();
    paste.el("summary", "", lang.text(Key::PasteSummary)).el("label", "class=\"visually-hidden\" for=\"config-paste\"", lang.text(Key::PasteLabel));
    paste.start("textarea").attr("id", "config-paste").attr("data-testid", "config-paste").attr("rows", "6").attr("spellcheck", "false");
    paste.attr("placeholder", "{\"model_type\": \"llama\", \"hidden_size\": 4096, …}").end_start().close("textarea");
    // The text area is the card's one field (see super::html).
    view! { <details class="paste" inner_html=paste.into_string() on:input=on_input></details> }
}
