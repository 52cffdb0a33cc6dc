//! The Leptos front end. Components only wire signals to the core: every figure they show comes
//! from [`crate::core::report`].

mod answer_card;
mod app;
mod bind;
mod choice_select;
mod config_paste;
mod copy_box;
mod crash_banner;
mod embed_card;
mod estimate_card;
mod explanation_card;
mod export_card;
mod field_message;
mod file_import;
mod fit_card;
mod gpu_select;
mod html;
mod hub_fetch;
mod hub_panel;
mod model_picker;
mod number_field;
mod precision_select;
mod rule_of_thumb_card;
mod share;
mod state;
mod toggle_group;

pub use app::App;

pub use crash_banner::{install_panic_hook, show_crash_banner};
pub use field_message::Message;
