//! A titled block of text to copy: an export, an embed snippet.

use leptos::prelude::*;

use crate::core::i18n::{Key, Lang};

/// Read-only text with a Copy button; `testid` marks the text.
#[component]
pub fn CopyBox(
    /// Element id of the text, tied to the title.
    id: &'static str,
    /// What the text is.
    title: &'static str,
    /// The stable `data-testid` of the text.
    testid: &'static str,
    /// The text to show and copy.
    #[prop(into)]
    text: Signal<String>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&text.get_untracked());
        copied.set(true);
    };
    Effect::new(move |_| {
        text.track();
        copied.set(false);
    });
    view! {
        <div class="copy-box">
            <div class="copy-box-head">
                <label for=id>{title}</label>
                <button type="button" class="copy" on:click=copy>{move || lang.text(if copied.get() { Key::Copied } else { Key::Copy })}</button>
            </div>
            <textarea id=id data-testid=testid readonly rows="4" spellcheck="false" prop:value=move || text.get()></textarea>
        </div>
    }
}
