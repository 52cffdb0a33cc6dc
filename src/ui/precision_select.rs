//! The precision selector: the seed article's formats and their bytes per parameter.

use leptos::prelude::*;

use super::field_message::{FieldMessage, Message};
use super::html::Html;
use super::state::Lens;
use crate::core::format::{Precision, COMMON_FORMATS};
use crate::core::i18n::{Key, Lang};

/// A `<select>` over [`Precision::ALL`]; its values are the lowercase names (`fp16`).
#[component]
pub fn PrecisionSelect(
    /// The selected precision's name.
    value: Lens<String>,
    /// What is wrong with `value` (an unknown name), if anything.
    #[prop(into)]
    message: Signal<Option<Message>>,
    /// A format the chosen model declares, as (value, label), offered first.
    #[prop(into)]
    extra: Signal<Option<(String, String)>>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let option = move |name: String, label: String| {
        let selected = name.clone();
        view! { <option value=name selected=move || value.get() == selected>{label}</option> }
    };
    let declared = move || extra.get().map(|(name, label)| option(name, label));
    // The two fixed lists are written once as text (see super::html); later changes set the
    // select's value.
    let chosen = value.get_untracked();
    let mut quantized = Html::new();
    for (name, label) in COMMON_FORMATS {
        quantized.option(name, label, &chosen);
    }
    // A format from a link that no list offers is still shown as chosen.
    let other = move || {
        let current = value.get();
        let listed = Precision::ALL.iter().any(|p| p.name() == current)
            || COMMON_FORMATS.iter().any(|(n, _)| *n == current)
            || extra.with(|e| e.as_ref().is_some_and(|(n, _)| *n == current));
        (!listed).then(|| option(current.clone(), current))
    };
    let mut options = Html::new();
    for precision in Precision::ALL {
        options.option(precision.name(), &format!("{} · {}", precision.label(), precision.bytes_per_param_text(lang.style())), &chosen);
    }
    view! {
        <div class="field">
            <label for="quant">{lang.text(Key::FormatLabel)}</label>
            <select
                id="quant"
                data-testid="quant"
                aria-describedby="quant-note"
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {declared}
                {other}
                <optgroup label=lang.text(Key::ArticlePrecisions) inner_html=options.into_string()></optgroup>
                <optgroup label=lang.text(Key::QuantizedFormats) inner_html=quantized.into_string()></optgroup>
            </select>
            <FieldMessage
                id="quant-note".to_string()
                hint=lang.text(Key::FormatHint)
                message=message
            />
        </div>
    }
}
