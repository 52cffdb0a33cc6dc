//! The share box: the link to this exact state, and a button that copies it.

use leptos::prelude::*;

/// The current page's link with `query`, shown read-only with a Copy button.
#[component]
pub fn ShareLink(
    /// The query string of the current state (without `?`).
    query: Signal<String>,
    /// A caveat to show (imported files cannot travel in a link).
    note: Signal<Option<String>>,
    /// What the opened link could not restore.
    notices: Vec<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let url = move || {
        let location = window().location();
        let base = format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default());
        format!("{base}?{}", query.get())
    };
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&url());
        copied.set(true);
    };
    view! {
        <section class="card share" aria-labelledby="share-heading">
            <h2 id="share-heading" class="eyebrow">"Share this estimate"</h2>
            {notices.into_iter().map(|n| view! { <p class="note" data-testid="share-notice">"⚠ " {n}</p> }).collect_view()}
            <div class="share-row">
                <label class="visually-hidden" for="share-link">"Link to this estimate"</label>
                <input id="share-link" data-testid="share-link" type="text" readonly prop:value=url />
                <button type="button" class="copy" on:click=copy>{move || if copied.get() { "Copied ✓" } else { "Copy link" }}</button>
            </div>
            {move || note.get().map(|n| view! { <p class="note">{n}</p> })}
        </section>
    }
}
