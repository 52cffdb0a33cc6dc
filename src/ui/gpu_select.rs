//! Choose the GPU (or a named multi-GPU system), how many, and how much to keep free.

use leptos::prelude::*;

use super::bind::{bind, Part};
use super::html::Html;
use super::state::Lens;
use crate::core::catalogue::gpus::{distinct, gpus, SYSTEMS};
use crate::core::i18n::{Key, Lang};
use crate::core::units::format_float;

/// A `<select>` over the named systems and every catalogue GPU, grouped by vendor. The 80-odd
/// options are written once as text (see [`super::html`]), the one chosen when the page opens
/// marked `selected`; later changes set the select's value.
#[component]
pub fn GpuSelect(
    /// The chosen GPU id or system id.
    value: Lens<String>,
    lang: Lang,
) -> impl IntoView {
    let chosen = value.get_untracked();
    let mut out = Html::new();
    out.el("label", "for=\"gpu-select\"", lang.text(Key::Gpu)).start("select").attr("id", "gpu-select").attr("data-testid", "gpu-select").end_start();
    out.start("optgroup").attr("label", lang.text(Key::Systems)).end_start();
    for system in SYSTEMS {
        out.option(system.id, system.name, &chosen);
    }
    out.close("optgroup");
    for vendor in distinct(|g| &g.vendor) {
        out.start("optgroup").attr("label", &vendor).end_start();
        for g in gpus().iter().filter(|g| g.vendor == vendor) {
            out.option(&g.id, &format!("{} · {} GB", g.name, format_float(g.memory_gb, 1, lang.style())), &chosen);
        }
        out.close("optgroup");
    }
    out.start("optgroup").attr("label", lang.text(Key::Other)).end_start().option("custom", lang.text(Key::CustomGpu), &chosen).close("optgroup");
    out.close("select");
    bind("gpu-select", Part::Value, Signal::derive(move || value.get()));
    view! { <div class="field" inner_html=out.into_string() on:change=move |ev| value.set(event_target_value(&ev))></div> }
}
