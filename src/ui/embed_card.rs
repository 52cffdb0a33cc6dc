//! The embed dialog: an `<iframe>` for the current state and the host script that sizes it.

use leptos::prelude::*;

use super::copy_box::CopyBox;
use super::share::page_address;
use crate::core::i18n::{Key, Lang};
use crate::core::share_state::embed_snippet;

/// The embed code for the current state.
#[component]
pub fn EmbedCard(
    /// The query string of the current state (without `?`).
    query: Signal<String>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let code = Signal::derive(move || {
        let (origin, base) = page_address();
        embed_snippet(&origin, &base, &query.get())
    });
    view! {
        <details class="card embed-dialog">
            <summary class="eyebrow">{lang.text(Key::EmbedHeading)}</summary>
            <p>{lang.text(Key::EmbedIntro)}</p>
            <CopyBox id="embed-code" title=lang.text(Key::EmbedLabel) testid="embed-snippet" text=code lang=lang />
        </details>
    }
}
