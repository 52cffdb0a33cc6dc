//! Exports: the result as a Markdown table, as the CLI's JSON, and as llama.cpp and vLLM flags.

use leptos::prelude::*;

use super::copy_box::CopyBox;
use crate::core::export::{llama_cpp_flags, markdown, vllm_flags};
use crate::core::i18n::{Key, Lang};
use crate::core::report::EstimateReport;
use crate::core::units::Unit;

/// The four exports of the latest valid report, folded until asked for.
#[component]
pub fn ExportCard(
    /// The latest valid report.
    report: Signal<Option<EstimateReport>>,
    /// The unit sizes are shown in.
    unit: Signal<Unit>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    // Written only once the card is opened: nobody reads an export before that.
    let open = RwSignal::new(false);
    let with_report = move |render: fn(&EstimateReport, Unit, Lang) -> String| {
        Signal::derive(move || if open.get() { report.with(|r| r.as_ref().map(|r| render(r, unit.get(), lang)).unwrap_or_default()) } else { String::new() })
    };
    let markdown_text = with_report(markdown);
    let json_text = with_report(|r, _, _| r.export_json());
    let llama_text = with_report(|r, _, _| llama_cpp_flags(r));
    let vllm_text = with_report(|r, _, _| vllm_flags(r));
    view! {
        // `toggle` fires after each opening and closing, and the card starts closed.
        <details class="card export" on:toggle=move |_| open.update(|o| *o = !*o)>
            <summary class="eyebrow">{lang.text(Key::ExportHeading)}</summary>
            <p>{lang.text(Key::ExportIntro)}</p>
            <CopyBox id="export-md" title=lang.text(Key::ExportMarkdown) testid="export-markdown" text=markdown_text lang=lang />
            <CopyBox id="export-json" title=lang.text(Key::ExportJson) testid="export-json" text=json_text lang=lang />
            <CopyBox id="export-llama" title=lang.text(Key::ExportLlamacpp) testid="export-llamacpp" text=llama_text lang=lang />
            <CopyBox id="export-vllm" title=lang.text(Key::ExportVllm) testid="export-vllm" text=vllm_text lang=lang />
        </details>
    }
}
