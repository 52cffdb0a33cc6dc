//! The precision selector: the seed article's formats and their bytes per parameter.

use leptos::prelude::*;

use super::field_message::{FieldMessage, Message};
use crate::core::format::Precision;
use crate::core::units::NumberStyle;

/// A `<select>` over [`Precision::ALL`]; its values are the lowercase names (`fp16`).
#[component]
pub fn PrecisionSelect(
    /// The selected precision's name.
    value: RwSignal<String>,
    /// What is wrong with `value` (an unknown name), if anything.
    #[prop(into)]
    message: Signal<Option<Message>>,
    /// A format the chosen model declares, as (value, label), offered first.
    #[prop(into)]
    extra: Signal<Option<(String, String)>>,
    /// How numbers are written in the current language.
    style: NumberStyle,
) -> impl IntoView {
    let declared = move || {
        extra.get().map(|(name, label)| {
            let selected = name.clone();
            view! { <option value=name selected=move || value.with(|v| *v == selected)>{label}</option> }
        })
    };
    let options = Precision::ALL
        .into_iter()
        .map(|precision| {
            let name = precision.name();
            view! {
                <option value=name selected=move || value.with(|v| v == name)>
                    {format!("{} · {}", precision.label(), precision.bytes_per_param_text(style))}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="quant">"Precision (bytes per parameter)"</label>
            <select
                id="quant"
                data-testid="quant"
                aria-describedby="quant-note"
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {declared}
                {options}
            </select>
            <FieldMessage
                id="quant-note".to_string()
                hint="8- and 4-bit formats let bigger models fit."
                message=message
            />
        </div>
    }
}
