//! The share box: the link to this exact state, and a button that copies it.

use leptos::prelude::*;

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
    let copied = RwSignal::new(false);
    let url = move || format!("{}?{}", page_address().1, query.get());
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&url());
        copied.set(true);
    };
    view! {
        <section class="card share" aria-labelledby="share-heading">
            <h2 id="share-heading" class="eyebrow">{lang.text(Key::ShareHeading)}</h2>
            {notices.into_iter().map(|n| view! { <p class="note" data-testid="share-notice">"⚠ " {n}</p> }).collect_view()}
            <div class="share-row">
                <label class="visually-hidden" for="share-link">{lang.text(Key::ShareLinkLabel)}</label>
                <input id="share-link" data-testid="share-link" type="text" readonly prop:value=url />
                <button type="button" class="copy" on:click=copy>{move || lang.text(if copied.get() { Key::Copied } else { Key::CopyLink })}</button>
            </div>
            {move || note.get().map(|n| view! { <p class="note">{n}</p> })}
        </section>
    }
}
