//! The embed dialog: a compact card or the whole calculator in an `<iframe>` for the current
//! state, the inputs the card offers, the host script that sizes it, and a live preview.

use leptos::prelude::*;

use super::copy_box::CopyBox;
use super::html::Html;
use super::share::page_address;
use crate::core::i18n::{Key, Lang};
use crate::core::request::{Embed, EmbedControl};
use crate::core::share_state::{embed_address, embed_snippet};

/// The embed code for the current state, built once the dialog is opened.
#[component]
pub fn EmbedCard(
    /// The query string of the current state (without `?`).
    query: Signal<String>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let kind = RwSignal::new(Embed::Card);
    let controls = RwSignal::new(vec![EmbedControl::Context, EmbedControl::Quant]);
    let code = Signal::derive(move || {
        if !open.get() {
            return String::new();
        }
        let (origin, base) = page_address();
        controls.with(|c| embed_snippet(&origin, &base, &query.get(), kind.get(), c))
    });
    let preview = move || open.get().then(|| controls.with(|c| embed_address(&page_address().1, &query.get(), kind.get(), c)));
    // The choices as text (see super::html) with one listener for all of them: the browser
    // keeps each box's state, and a change says which box and what it is now.
    let options = {
        let mut out = Html::new();
        out.open("fieldset", "class=\"embed-kind\" data-testid=\"embed-kind\"").el("legend", "", lang.text(Key::EmbedKindLabel));
        for (value, key, checked) in [("1", Key::EmbedCard, " checked"), ("full", Key::EmbedFull, "")] {
            out.open("label", "").open("input", &format!("type=\"radio\" name=\"embed-kind\" value=\"{value}\"{checked}")).text(" ").text(lang.text(key)).close("label");
        }
        out.close("fieldset").open("fieldset", "class=\"embed-controls\" data-testid=\"embed-controls\"").el("legend", "", lang.text(Key::EmbedControls));
        let labels = [Key::ContextLabel, Key::FormatLabel, Key::Gpu, Key::BatchLabel];
        for (control, key) in EmbedControl::ALL.into_iter().zip(labels) {
            let checked = if controls.with_untracked(|c| c.contains(&control)) { " checked" } else { "" };
            out.open("label", "").open("input", &format!("type=\"checkbox\" name=\"embed-control\" value=\"{}\"{checked}", control.name()));
            out.text(" ").text(lang.text(key)).close("label");
        }
        out.close("fieldset");
        out.into_string()
    };
    let on_change = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let value = input.value();
        if input.name() == "embed-kind" {
            kind.set(Embed::from_value(&value).unwrap_or(Embed::Card));
        } else if let Some(control) = EmbedControl::ALL.into_iter().find(|c| c.name() == value) {
            let on = input.checked();
            // Switched, and kept in the card's order.
            controls.update(|c| *c = EmbedControl::ALL.into_iter().filter(|x| if *x == control { on } else { c.contains(x) }).collect());
        }
    };
    view! {
        // `toggle` fires after each opening and closing, and the dialog starts closed.
        <details class="card embed-dialog" on:toggle=move |_| open.update(|o| *o = !*o)>
            <summary class="eyebrow">{lang.text(Key::EmbedHeading)}</summary>
            <p>{lang.text(Key::EmbedIntro)}</p>
            <div class="embed-options" class:card-kind=move || kind.get() == Embed::Card inner_html=options on:change=on_change></div>
            <CopyBox id="embed-code" title=lang.text(Key::EmbedLabel) testid="embed-snippet" text=code lang=lang />
            <p class="eyebrow">{lang.text(Key::EmbedPreview)}</p>
            {move || preview().map(|src| view! { <iframe class="embed-preview" data-testid="embed-preview" title=lang.text(Key::EmbedPreview) src=src></iframe> })}
        </details>
    }
}
