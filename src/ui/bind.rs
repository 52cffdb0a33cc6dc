//! The live parts of a card written as text (see [`super::html`]): an element of the text,
//! found by its id, kept equal to a signal; and one click listener for every Copy button.
//!
//! Why: a `view!` tree per card is its own set of build, rebuild and drop functions in the wasm
//! (the share, export and embed cards were 16 KB of the gzipped page). Bound by id, a card is
//! one element with its text, one listener and an effect per live part, and every effect is the
//! same function.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// What of the element a signal sets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The markup inside it: only text written by [`super::html::Html`], which escapes data.
    Markup,
    /// Its `value` (a text field or text area); the Copy button of the field says Copy again.
    Value,
    /// Its `class` attribute.
    Class,
    /// The attribute of this name, removed while the value is empty.
    Attr(&'static str),
    /// Whether it shows: hidden while the value is empty.
    ShownIf,
    /// Whether it is checked (a checkbox): checked while the value is not empty.
    Checked,
    /// Its text, the element hidden while that is empty.
    TextOrHidden,
}

/// Keeps `part` of the element with `id` equal to `value` (looked up on each change: the
/// element belongs to a text the card wrote, and goes with it).
pub fn bind(id: &str, part: Part, value: Signal<String>) {
    let id = id.to_string();
    // Only a change is written (markup written again would lose the focus inside it); what
    // was written is remembered only when the element was there.
    Effect::new(move |written: Option<Option<String>>| {
        let value = value.get();
        let element = document().get_element_by_id(&id)?;
        if written.flatten().as_ref() != Some(&value) {
            write(&element, part, &value, &id);
        }
        Some(value)
    });
}

/// Writes `part` of `element` (whose id is `id`).
fn write(element: &web_sys::Element, part: Part, value: &str, id: &str) {
    match part {
        Part::Markup => element.set_inner_html(value),
        Part::Value => {
            // The caret of a field being typed in stays put.
            let current = js_sys::Reflect::get(element, &JsValue::from_str("value")).ok().and_then(|v| v.as_string());
            if current.as_deref() == Some(value) {
                return;
            }
            let _ = js_sys::Reflect::set(element, &JsValue::from_str("value"), &JsValue::from_str(value));
            if let Ok(Some(button)) = document().query_selector(&format!("[data-copy=\"{id}\"]")) {
                button.set_text_content(button.get_attribute("data-label").as_deref());
            }
        }
        Part::Class => element.set_class_name(value),
        Part::Attr(name) if value.is_empty() => {
            let _ = element.remove_attribute(name);
        }
        Part::Attr(name) => {
            let _ = element.set_attribute(name, value);
        }
        Part::ShownIf => {
            let _ = element.toggle_attribute_with_force("hidden", value.is_empty());
        }
        Part::Checked => {
            let _ = js_sys::Reflect::set(element, &JsValue::from_str("checked"), &JsValue::from_bool(!value.is_empty()));
        }
        Part::TextOrHidden => {
            let _ = element.toggle_attribute_with_force("hidden", value.is_empty());
            element.set_text_content(Some(value));
        }
    }
}

/// The element matching `selector` that the event happened in (the target or an ancestor):
/// which control of a card's text a delegated listener heard.
pub fn target_within(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()?.closest(selector).ok().flatten()
}

/// A card's click listener: a click on a Copy button (`data-copy` names the field it copies,
/// `data-label` is what it says) copies that field's value and says `copied`.
pub fn copy_on_click(copied: &'static str) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    move |ev| {
        let Some(button) = target_within(&ev, "[data-copy]") else {
            return;
        };
        let field = button.get_attribute("data-copy").and_then(|id| document().get_element_by_id(&id));
        let text = field.and_then(|f| js_sys::Reflect::get(&f, &JsValue::from_str("value")).ok()).and_then(|v| v.as_string());
        if let Some(text) = text {
            let _ = window().navigator().clipboard().write_text(&text);
            button.set_text_content(Some(copied));
        }
    }
}
