//! A checkbox that loads one optional part of the model (its vision tower, its MTP layers).

use leptos::prelude::*;

use super::state::Lens;

/// The checkbox, checked while `value` is true.
#[component]
pub fn PartSwitch(
    /// What checking it loads.
    label: &'static str,
    /// The stable `data-testid`.
    testid: &'static str,
    /// Whether the part is loaded: 1 on, 0 off (a position, like the selects', so both share
    /// one slice type).
    value: Lens<usize>,
) -> impl IntoView {
    view! {
        <label class="part-switch">
            <input type="checkbox" data-testid=testid prop:checked=move || value.get() == 1 on:change=move |e| value.set(usize::from(event_target_checked(&e))) />
            {label}
        </label>
    }
}
