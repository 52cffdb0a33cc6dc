//! If the page ever panics, it says so instead of freezing: the panic hook logs the panic to the
//! console and puts a banner with a reload link at the top of the page. After a panic the wasm
//! instance is gone, so the banner is plain DOM (a link reloads; no Rust code runs again).

use crate::core::i18n::{Key, Lang};

/// Installs the hook: the panic's message and place in the console, then the banner. (Written
/// out rather than through console_error_panic_hook: its JavaScript stack trace cost the page
/// about 350 bytes, and the message already names the file and line.)
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show_crash_banner();
    }));
}

/// Puts "Something went wrong — reload the page." at the top of the page, once, in the page's
/// language (read from `<html lang>`).
pub fn show_crash_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("crash-banner").is_some() {
        return;
    }
    let lang = document.document_element().and_then(|e| e.get_attribute("lang")).as_deref().and_then(Lang::from_code).unwrap_or_default();
    let (Ok(banner), Ok(link)) = (document.create_element("div"), document.create_element("a")) else { return };
    banner.set_id("crash-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "crash-banner");
    let _ = link.set_attribute("href", &document.location().and_then(|l| l.href().ok()).unwrap_or_default());
    link.set_text_content(Some(lang.text(Key::SomethingWentWrong)));
    let _ = banner.append_with_node_1(&link);
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
