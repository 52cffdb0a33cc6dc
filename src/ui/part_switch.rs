//! A checkbox that loads one optional part of the model (its vision tower, its MTP layers).

use leptos::prelude::*;

use super::Lens;

/// The checkbox, checked while `value` is true.
#[component]
pub fn PartSwitch(
    /// What checking it loads.
    label: &'static str,
    /// The stable `data-testid`.
    testid: &'static str,
    /// Whether the part is loaded.
    value: Lens<bool>,
) -> impl IntoView {
    let (value, set_value) = value;
    view! {
        <label class="part-switch">
            <input type="checkbox" data-testid=testid prop:checked=move || value.get() on:change=move |e| set_value.set(event_target_checked(&e)) />
            {label}
        </label>
    }
}
