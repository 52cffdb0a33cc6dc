//! What the page says about a Hugging Face repo beside the model picker: the load button and
//! the privacy note while a Hub id is typed, the progress of a load, and a GGUF repo's files to
//! choose from. Written as HTML text (see super::html) with one click and one change listener
//! for the whole panel.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::html::Html;
use super::state::Lens;
use crate::core::hub::looks_like_hub_ref;
use crate::core::i18n::{Key, Lang};

/// A repo's quantizations as (first file's path, label), and the path of the one read.
pub type HubQuants = (Vec<(String, String)>, String);

/// The panel. `on_load` gets the typed id or link; `on_pick` a GGUF file's path.
#[component]
pub fn HubPanel(
    /// What is typed in the model picker.
    query: RwSignal<String>,
    /// What a load in progress says (empty: none is).
    status: RwSignal<String>,
    /// The quantizations of the GGUF repo read last.
    quants: Lens<HubQuants>,
    #[prop(into)] on_load: Callback<String>,
    #[prop(into)] on_pick: Callback<String>,
    lang: Lang,
) -> impl IntoView {
    let html = Memo::new(move |_| {
        let mut html = Html::new();
        if query.with(|q| looks_like_hub_ref(q)) {
            html.open("div", "class=\"hub-row\"")
                .el("button", "type=\"button\" data-testid=\"hub-load\"", lang.text(Key::HubLoad))
                .el("p", "class=\"note\" data-testid=\"hub-privacy\"", lang.text(Key::HubPrivacy))
                .close("div");
        }
        status.with(|s| {
            if !s.is_empty() {
                html.el("p", "class=\"note\" role=\"status\" data-testid=\"hub-status\"", s);
            }
        });
        let (choices, chosen) = quants.get();
        if !choices.is_empty() {
            html.open("div", "class=\"field\"")
                .el("label", "for=\"hub-quant\"", lang.text(Key::HubQuantLabel))
                .open("select", "id=\"hub-quant\" data-testid=\"hub-quant\"");
            for (path, label) in &choices {
                html.option(path, label, &chosen);
            }
            html.close("select").close("div");
        }
        html.into_string()
    });
    let target_is = |ev: &web_sys::Event, testid: &str| {
        ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).filter(|e| e.get_attribute("data-testid").as_deref() == Some(testid))
    };
    view! {
        <div
            class="hub-panel"
            inner_html=move || html.get()
            on:click=move |ev| {
                if target_is(&ev, "hub-load").is_some() {
                    on_load.run(query.get_untracked());
                }
            }
            on:change=move |ev| {
                if target_is(&ev, "hub-quant").is_some() {
                    on_pick.run(event_target_value(&ev));
                }
            }
        ></div>
    }
}
