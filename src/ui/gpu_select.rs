//! Choose the GPU (or a named multi-GPU system), how many, and how much to keep free.

use leptos::prelude::*;

use super::state::Lens;
use crate::core::catalogue::gpus::{distinct, gpus, SYSTEMS};
use crate::core::i18n::{Key, Lang};
use crate::core::units::format_float;

/// A `<select>` over the named systems and every catalogue GPU, grouped by vendor.
#[component]
pub fn GpuSelect(
    /// The chosen GPU id or system id.
    value: Lens<String>,
    lang: Lang,
) -> impl IntoView {
    let option = move |id: String, label: String| {
        let selected_id = id.clone();
        view! { <option value=id selected=move || value.get() == selected_id>{label}</option> }
    };
    let systems = SYSTEMS.iter().map(|s| option(s.id.to_string(), s.name.to_string())).collect_view();
    let groups = distinct(|g| &g.vendor)
        .into_iter()
        .map(|vendor| {
            let items = gpus()
                .iter()
                .filter(|g| g.vendor == vendor)
                .map(|g| option(g.id.clone(), format!("{} · {} GB", g.name, format_float(g.memory_gb, 1, lang.style()))))
                .collect_view();
            view! { <optgroup label=vendor>{items}</optgroup> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="gpu-select">{lang.text(Key::Gpu)}</label>
            <select id="gpu-select" data-testid="gpu-select" on:change=move |ev| value.set(event_target_value(&ev))>
                <optgroup label=lang.text(Key::Systems)>{systems}</optgroup>
                {groups}
                <optgroup label=lang.text(Key::Other)>{option("custom".into(), lang.text(Key::CustomGpu).into())}</optgroup>
            </select>
        </div>
    }
}
