//! Drop or pick model files. Only their headers are read, in the browser (File.slice); nothing
//! is uploaded.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::bind::{bind, Part};
use super::html::Html;

use crate::core::estimate::Model;
use crate::core::i18n::{Key, Lang};
use crate::core::import::{combine, read_step, Next, Source, FIRST_READ};

/// The first `length` bytes of a file.
async fn read_start(file: &web_sys::File, length: u64) -> Result<Vec<u8>, String> {
    let blob = file.slice_with_f64_and_f64(0.0, length as f64).map_err(|_| format!("{}: could not be read", file.name()))?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(|_| format!("{}: could not be read", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Reads every file's header and combines them into one model.
async fn import(files: Vec<web_sys::File>) -> Result<(Model, Source), String> {
    let mut parts = Vec::new();
    for file in files {
        let (name, length) = (file.name(), file.size() as u64);
        let mut want = FIRST_READ.min(length);
        loop {
            let prefix = read_start(&file, want).await?;
            match read_step(&name, &prefix, length).map_err(|e| e.to_string())? {
                Next::Done(part) => {
                    parts.push((name, part));
                    break;
                }
                Next::ReadMore(n) => want = n,
            }
        }
    }
    combine(&parts).map_err(|e| e.to_string())
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// The drop zone with a file input (`multiple`). Calls `on_import` with the model and a summary
/// of the files, or `on_error` with a message naming the file and the problem.
#[component]
pub fn FileImport(
    /// Called with the imported model.
    #[prop(into)]
    on_import: Callback<(Model, Source)>,
    /// Called with what went wrong.
    #[prop(into)]
    on_error: Callback<String>,
    lang: Lang,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let start = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match import(files).await {
                Ok(imported) => on_import.run(imported),
                Err(message) => on_error.run(message),
            }
        });
    };
    let mut zone = Html::new();
    zone.open("label", "for=\"file-drop\"").el("strong", "", lang.text(Key::DropTitle)).text(lang.text(Key::DropText)).close("label");
    zone.open("input", "id=\"file-drop\" type=\"file\" multiple data-testid=\"file-drop\" accept=\".json,.safetensors,.gguf\"");
    bind("file-drop-zone", Part::Class, Signal::derive(move || if dragging.get() { "drop dragging" } else { "drop" }.to_string()));
    view! {
        <div
            id="file-drop-zone"
            class="drop"
            inner_html=zone.into_string()
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                dragging.set(false);
                start(file_list(ev.data_transfer().and_then(|d| d.files())));
            }
            // The zone's one input: the file picker.
            on:change=move |ev| {
                let input: web_sys::HtmlInputElement = event_target(&ev);
                start(file_list(input.files()));
                input.set_value("");
            }
        ></div>
    }
}
