//! The embed dialog: a compact card or the whole calculator in an `<iframe>` for the current
//! state, the inputs the card offers, the host script that sizes it, and a live preview.

use leptos::prelude::*;

use super::bind::{bind, copy_on_click, Part};
use super::copy_box::copy_box;
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
    // The choices as text with one listener for all of them: the browser keeps each box's
    // state, and a change says which box and what it is now.
    let mut card = Html::new();
    card.el("summary", "class=\"eyebrow\"", lang.text(Key::EmbedHeading)).el("p", "", lang.text(Key::EmbedIntro));
    card.open("div", "id=\"embed-options\" class=\"embed-options card-kind\"");
    card.open("fieldset", "class=\"embed-kind\" data-testid=\"embed-kind\"").el("legend", "", lang.text(Key::EmbedKindLabel));
    for (value, key, checked) in [("1", Key::EmbedCard, " checked"), ("full", Key::EmbedFull, "")] {
        card.open("label", "").open("input", &format!("type=\"radio\" name=\"embed-kind\" value=\"{value}\"{checked}")).text(" ").text(lang.text(key)).close("label");
    }
    card.close("fieldset").open("fieldset", "class=\"embed-controls\" data-testid=\"embed-controls\"").el("legend", "", lang.text(Key::EmbedControls));
    let labels = [Key::ContextLabel, Key::FormatLabel, Key::Gpu, Key::BatchLabel];
    for (control, key) in EmbedControl::ALL.into_iter().zip(labels) {
        let checked = if controls.with_untracked(|c| c.contains(&control)) { " checked" } else { "" };
        card.open("label", "").open("input", &format!("type=\"checkbox\" name=\"embed-control\" value=\"{}\"{checked}", control.name()));
        card.text(" ").text(lang.text(key)).close("label");
    }
    card.close("fieldset").close("div");
    copy_box(&mut card, "embed-code", lang.text(Key::EmbedLabel), "embed-snippet", lang.text(Key::Copy));
    card.el("p", "class=\"eyebrow\"", lang.text(Key::EmbedPreview)).el("div", "id=\"embed-preview\"", "");
    bind("embed-options", Part::Class, Signal::derive(move || if kind.get() == Embed::Card { "embed-options card-kind" } else { "embed-options" }.to_string()));
    bind(
        "embed-code",
        Part::Value,
        Signal::derive(move || {
            if !open.get() {
                return String::new();
            }
            let (origin, base) = page_address();
            controls.with(|c| embed_snippet(&origin, &base, &query.get(), kind.get(), c))
        }),
    );
    bind(
        "embed-preview",
        Part::Markup,
        Signal::derive(move || {
            if !open.get() {
                return String::new();
            }
            let mut frame = Html::new();
            let src = controls.with(|c| embed_address(&page_address().1, &query.get(), kind.get(), c));
            frame.start("iframe").attr("class", "embed-preview").attr("data-testid", "embed-preview").attr("title", lang.text(Key::EmbedPreview)).attr("src", &src);
            frame.end_start().close("iframe");
            frame.into_string()
        }),
    );
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
        <details class="card embed-dialog" inner_html=card.into_string() on:toggle=move |_| open.update(|o| *o = !*o) on:change=on_change on:click=copy_on_click(lang.text(Key::Copied))></details>
    }
}
