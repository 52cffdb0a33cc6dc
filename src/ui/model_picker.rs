//! The model picker: type a few letters ("qwen 7"), pick from the catalogue with the mouse or
//! the keyboard (↑ ↓ Enter Esc). Grouped by family, each row with its size and context. A
//! Hugging Face id or link (`Qwen/Qwen3-8B`) is offered for loading instead, only on Enter or
//! the button.

use leptos::prelude::*;

use super::bind::{bind, target_within, Part};
use super::html::Html;
use crate::core::catalogue::models::{search, Preset};
use crate::core::params::count_params;
use crate::core::catalogue::models::presets;
use crate::core::hub::looks_like_hub_ref;
use crate::core::i18n::{Key, Lang};
use crate::core::units::Tokens;

/// A preset's size and maximum context for its row, from the engine.
fn facts(preset: &Preset, lang: Lang) -> String {
    let Ok(arch) = preset.architecture() else { return String::new() };
    let size = count_params(&arch).map(|c| c.total().to_short(lang.style())).unwrap_or_default();
    match arch.max_context {
        Some(context) => lang.fill(Key::PresetFacts, &[&size, &Tokens(context).to_short(lang.style())]),
        None => size,
    }
}

/// Search hits in family groups, keeping the best hit's family first.
fn grouped(query: &str) -> Vec<&'static Preset> {
    let hits = search(query);
    let mut families: Vec<&str> = Vec::new();
    for hit in &hits {
        if !families.contains(&hit.family) {
            families.push(hit.family);
        }
    }
    families.iter().flat_map(|f| hits.iter().copied().filter(move |h| h.family == *f)).collect()
}

/// The rows of `hits` as text (see [`super::html`]), each under its family's header, row
/// `active` marked; `facts` holds each hit's size and context.
fn options(hits: &[&'static Preset], facts: &[String], active: usize) -> String {
    let mut out = Html::new();
    let mut last_family = "";
    for (i, (preset, facts)) in hits.iter().zip(facts).enumerate() {
        if preset.family != last_family {
            last_family = preset.family;
            out.el("li", "class=\"group\" role=\"presentation\"", preset.family);
        }
        let is_active = i == active;
        out.start("li").attr("id", &format!("model-option-{i}")).attr("role", "option");
        out.attr("class", if is_active { "option active" } else { "option" }).attr("aria-selected", if is_active { "true" } else { "false" });
        out.end_start().el("span", "class=\"option-name\"", preset.name).el("span", "class=\"option-facts\"", facts).close("li");
    }
    out.into_string()
}

/// A combobox over the model catalogue. Calls `on_choose` with the picked preset.
#[component]
pub fn ModelPicker(
    /// Called when a preset is picked.
    #[prop(into)]
    on_choose: Callback<&'static Preset>,
    /// Called with a Hub id or link to load on Enter (super::hub_panel has its button).
    #[prop(into)]
    on_hub: Callback<String>,
    /// What is typed (the page clears it once a Hub model is read, and a link can fill it).
    query: RwSignal<String>,
    /// The page's language.
    lang: Lang,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    // The same hits are the same catalogue rows: compared by address, not field by field.
    let hits = Memo::new_with_compare(
        move |_| grouped(&query.get()),
        |old, new| match (old, new) {
            (Some(old), Some(new)) => old.len() != new.len() || old.iter().zip(new).any(|(a, b)| !std::ptr::eq(*a, *b)),
            _ => true,
        },
    );
    // Each hit's facts read its config: worked out once per list, not on every arrow key.
    let facts = Memo::new(move |_| hits.with(|hits| hits.iter().map(|p| facts(p, lang)).collect::<Vec<String>>()));
    let choose = move |preset: &'static Preset| {
        on_choose.run(preset);
        query.set(String::new());
        open.set(false);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let count = hits.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open.set(true);
                active.update(|i| *i = if count == 0 { 0 } else { (*i + 1).min(count - 1) });
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|i| *i = i.saturating_sub(1));
            }
            "Enter" if query.with_untracked(|q| looks_like_hub_ref(q)) => {
                ev.prevent_default();
                open.set(false);
                on_hub.run(query.get_untracked());
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(preset) = hits.with(|h| h.get(active.get()).copied()) {
                    choose(preset);
                }
            }
            "Escape" => open.set(false),
            _ => {}
        }
    };
    let on_mousedown = move |ev: web_sys::MouseEvent| {
        let row = target_within(&ev, "[role=option]");
        let index = row.and_then(|row| row.id().strip_prefix("model-option-").and_then(|i| i.parse::<usize>().ok()));
        if let Some(preset) = index.and_then(|i| hits.with_untracked(|h| h.get(i).copied())) {
            // Keeps the focus in the field.
            ev.prevent_default();
            choose(preset);
        }
    };
    let mut field = Html::new();
    field.el("label", "for=\"model-search\"", lang.text(Key::Model));
    field.start("input").attr("id", "model-search").attr("type", "search").attr("data-testid", "model-picker").attr("role", "combobox");
    field.attr("placeholder", &lang.fill(Key::ModelSearchPlaceholder, &[&presets().len().to_string()])).attr("autocomplete", "off").attr("spellcheck", "false");
    field.attr("aria-autocomplete", "list").attr("aria-controls", "model-options").attr("aria-expanded", "false").end_start();
    field.el("ul", "id=\"model-options\" role=\"listbox\" class=\"options\" hidden", "");
    let shown = |value: bool| if value { "true".to_string() } else { String::new() };
    bind("model-search", Part::Value, Signal::derive(move || query.get()));
    bind("model-search", Part::Attr("aria-expanded"), Signal::derive(move || open.get().to_string()));
    // Only an open list with rows has an active one.
    let active_row = move || if open.get() && hits.with(|h| !h.is_empty()) { format!("model-option-{}", active.get()) } else { String::new() };
    bind("model-search", Part::Attr("aria-activedescendant"), Signal::derive(active_row));
    bind("model-options", Part::ShownIf, Signal::derive(move || shown(open.get() && !query.with(|q| looks_like_hub_ref(q)))));
    // Written while open: a closed list reads no config.
    bind("model-options", Part::Markup, Signal::derive(move || if open.get() { hits.with(|h| facts.with(|f| options(h, f, active.get()))) } else { String::new() }));
    view! {
        <div
            class="field picker"
            inner_html=field.into_string()
            on:input=move |ev| {
                query.set(event_target_value(&ev));
                active.set(0);
                open.set(true);
            }
            on:focusin=move |_| open.set(true)
            on:focusout=move |_| open.set(false)
            on:keydown=on_key
            on:mousedown=on_mousedown
        ></div>
    }
}
