//! The rule of thumb alone: parameters × 2 bytes × 2, shown as it is typed.

use leptos::prelude::*;

fn main() {
    mount_to_body(|| {
        let billions = RwSignal::new(String::from("7"));
        let total = move || billions.with(|b| b.trim().parse::<u64>().map(|b| format!("{} GB", b * 4)).unwrap_or_default());
        view! {
            <main>
                <h1>"How much GPU memory?"</h1>
                <label>"Parameters (billions) "
                    <input data-testid="params-input" prop:value=move || billions.get() on:input=move |ev| billions.set(event_target_value(&ev)) />
                </label>
                <p data-testid="total">{total}</p>
            </main>
        }
    })
}
