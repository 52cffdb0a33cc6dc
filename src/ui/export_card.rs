//! Exports: the result as a Markdown table, as the CLI's JSON, and as llama.cpp and vLLM flags.

use leptos::prelude::*;

use super::bind::{bind, copy_on_click, Part};
use super::copy_box::copy_box;
use super::html::Html;
use super::state::ShownReport;
use crate::core::export::{llama_cpp_flags, markdown, vllm_flags};
use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;
use crate::core::units::Unit;

/// The four exports of the latest valid report, folded until asked for.
#[component]
pub fn ExportCard(
    /// The latest valid report.
    report: ShownReport,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    // Written only once the card is opened: nobody reads an export before that.
    let open = RwSignal::new(false);
    let mut card = Html::new();
    card.el("summary", "class=\"eyebrow\"", lang.text(Key::ExportHeading)).el("p", "", lang.text(Key::ExportIntro));
    let exports: [(&'static str, Key, &str, fn(&EstimateReport, Unit, Lang) -> String); 4] = [
        ("export-md", Key::ExportMarkdown, "export-markdown", markdown),
        ("export-json", Key::ExportJson, "export-json", |r, _, _| r.export_json()),
        ("export-llama", Key::ExportLlamacpp, "export-llamacpp", |r, _, _| llama_cpp_flags(r)),
        ("export-vllm", Key::ExportVllm, "export-vllm", |r, _, _| vllm_flags(r)),
    ];
    for (id, title, testid, render) in exports {
        copy_box(&mut card, id, lang.text(title), testid, lang.text(Key::Copy));
        let text = move || if open.get() { report.with(|r| r.as_ref().map(|r| render(r, unit.get(), lang)).unwrap_or_default()) } else { String::new() };
        bind(id, Part::Value, Signal::derive(text));
    }
    view! {
        // `toggle` fires after each opening and closing, and the card starts closed.
        <details class="card export" inner_html=card.into_string() on:toggle=move |_| open.update(|o| *o = !*o) on:click=copy_on_click(lang.text(Key::Copied))></details>
    }
}
