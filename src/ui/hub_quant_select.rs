//! The GGUF file of a Hub repo to read: each quantization with its exact size on disk.

use leptos::prelude::*;

use super::html::Html;
use crate::core::i18n::{Key, Lang};

/// A select over a repo's quantizations, as (first file's path, label). Calls `on_pick` with the
/// picked path.
#[component]
pub fn HubQuantSelect(
    /// (path, label) pairs, in the repo's order.
    quants: Vec<(String, String)>,
    /// The path of the quantization read now.
    chosen: String,
    /// Called with the picked file's path.
    #[prop(into)]
    on_pick: Callback<String>,
    lang: Lang,
) -> impl IntoView {
    let mut options = Html::new();
    for (path, label) in &quants {
        options.option(path, label, &chosen);
    }
    view! {
        <div class="field">
            <label for="hub-quant">{lang.text(Key::HubQuantLabel)}</label>
            <select
                id="hub-quant"
                data-testid="hub-quant"
                inner_html=options.into_string()
                prop:value=chosen
                on:change=move |ev| on_pick.run(event_target_value(&ev))
            ></select>
        </div>
    }
}
