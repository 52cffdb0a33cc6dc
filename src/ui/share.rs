//! The share box: the link to this exact state, and a button that copies it.

use leptos::prelude::*;

use super::bind::{bind, copy_on_click, Part};
use super::copy_box::copy_button;
use super::html::Html;
use crate::core::i18n::{Key, Lang};

/// This page's origin and its address without the query (`https://host/sub/path/`): where
/// links, the embed code and "open in vramfit" point.
pub fn page_address() -> (String, String) {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let base = format!("{origin}{}", location.pathname().unwrap_or_default());
    (origin, base)
}

/// The current page's link with `query`, shown read-only with a Copy button.
#[component]
pub fn ShareLink(
    /// The query string of the current state (without `?`).
    query: Signal<String>,
    /// A caveat to show (imported files cannot travel in a link).
    note: Signal<Option<String>>,
    /// What the opened link could not restore.
    notices: Vec<String>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let mut card = Html::new();
    card.el("h2", "id=\"share-heading\" class=\"eyebrow\"", lang.text(Key::ShareHeading));
    for notice in &notices {
        card.el("p", "class=\"note\" data-testid=\"share-notice\"", &format!("⚠ {notice}"));
    }
    card.open("div", "class=\"share-row\"").el("label", "class=\"visually-hidden\" for=\"share-link\"", lang.text(Key::ShareLinkLabel));
    card.open("input", "id=\"share-link\" data-testid=\"share-link\" type=\"text\" readonly");
    copy_button(&mut card, "share-link", lang.text(Key::CopyLink));
    card.close("div").el("p", "class=\"note\" id=\"share-note\" hidden", "");
    bind("share-link", Part::Value, Signal::derive(move || format!("{}?{}", page_address().1, query.get())));
    bind("share-note", Part::TextOrHidden, Signal::derive(move || note.get().unwrap_or_default()));
    view! { <section class="card share" aria-labelledby="share-heading" inner_html=card.into_string() on:click=copy_on_click(lang.text(Key::Copied))></section> }
}
