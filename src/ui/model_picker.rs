//! The model picker: type a few letters ("qwen 7"), pick from the catalogue with the mouse or
//! the keyboard (↑ ↓ Enter Esc). Grouped by family, each row with its size and context. A
//! Hugging Face id or link (`Qwen/Qwen3-8B`) is offered for loading instead, only on Enter or
//! the button.

use leptos::prelude::*;

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
    let options = move || {
        let mut last_family = "";
        hits.get()
            .into_iter()
            .enumerate()
            .map(|(i, preset)| {
                let header = (preset.family != last_family).then(|| {
                    last_family = preset.family;
                    view! { <li class="group" role="presentation">{preset.family}</li> }
                });
                let is_active = move || active.get() == i;
                view! {
                    {header}
                    <li
                        id=format!("model-option-{i}")
                        role="option"
                        class="option"
                        class:active=is_active
                        aria-selected=move || is_active().to_string()
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            choose(preset);
                        }
                    >
                        <span class="option-name">{preset.name}</span>
                        <span class="option-facts">{facts(preset, lang)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field picker">
            <label for="model-search">{lang.text(Key::Model)}</label>
            <input
                id="model-search"
                type="search"
                data-testid="model-picker"
                role="combobox"
                placeholder=lang.fill(Key::ModelSearchPlaceholder, &[&presets().len().to_string()])
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls="model-options"
                aria-expanded=move || open.get().to_string()
                aria-activedescendant=move || format!("model-option-{}", active.get())
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| open.set(false)
                on:keydown=on_key
            />
            <ul id="model-options" role="listbox" class="options" hidden=move || !open.get() || query.with(|q| looks_like_hub_ref(q))>
                {options}
            </ul>
        </div>
    }
}
