//! The precision selector: the seed article's formats and their bytes per parameter.

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::field_message::{note, Message};
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
    // The options are written as text (see super::bind), anew when the choice changes: a
    // format the model declares first, then one from a link that no list offers, then the
    // article's precisions and the quantized formats; the chosen one marked.
    let options = move || {
        let current = value.get();
        let mut out = Html::new();
        let declared = extra.get();
        if let Some((name, label)) = &declared {
            out.option(name, label, &current);
        }
        let listed = Precision::ALL.iter().any(|p| p.name() == current)
            || COMMON_FORMATS.iter().any(|(n, _)| *n == current)
            || declared.as_ref().is_some_and(|(n, _)| *n == current);
        if !listed {
            out.option(&current, &current, &current);
        }
        out.start("optgroup").attr("label", lang.text(Key::ArticlePrecisions)).end_start();
        for precision in Precision::ALL {
            out.option(precision.name(), &format!("{} · {}", precision.label(), precision.bytes_per_param_text(lang.style())), &current);
        }
        out.close("optgroup").start("optgroup").attr("label", lang.text(Key::QuantizedFormats)).end_start();
        for (name, label) in COMMON_FORMATS {
            out.option(name, label, &current);
        }
        out.close("optgroup");
        out.into_string()
    };
    let mut field = Html::new();
    field.el("label", "for=\"quant\"", lang.text(Key::FormatLabel)).el("select", "id=\"quant\" data-testid=\"quant\" aria-describedby=\"quant-note\"", "");
    field.el("p", "id=\"quant-note\" class=\"field-note\" aria-live=\"polite\"", "");
    bind("quant", Part::Markup, Signal::derive(options));
    bind("quant-note", Part::Markup, Signal::derive(move || message.with(|m| note(m.as_ref(), lang.text(Key::FormatHint)))));
    view! { <div class="field" inner_html=field.into_string() on:change=move |ev| value.set(event_target_value(&ev))></div> }
}
