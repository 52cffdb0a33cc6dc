//! The app mounted in headless Chromium (wasm-bindgen-test): type into the real DOM, read what
//! renders. Run by `./dev.sh test` through wasm-bindgen-test-runner and chromedriver.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted in its own element; unmounted when dropped.
struct Mounted {
    host: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Mounted {
    /// Mounts the app and waits for the page: the app mounts it from an effect once its own
    /// element exists, and the inputs after the first frame (src/ui/app.rs).
    async fn new() -> Mounted {
        let window = web_sys::window().expect("a window");
        // The app keeps its state in the address; start every test from a clean one.
        let path = window.location().pathname().expect("path");
        window.history().expect("history").replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path)).expect("reset");
        let document = window.document().expect("a document");
        let host: HtmlElement = document.create_element("div").expect("div").unchecked_into();
        document.body().expect("body").append_child(&host).expect("append");
        let handle = mount_to(host.clone(), vramfit::ui::App);
        let mounted = Mounted { host, _handle: Box::new(handle) };
        // The page's frame callback queues the inputs' task after this one's.
        next_frame().await;
        next_task().await;
        next_task().await;
        mounted
    }

    fn find(&self, testid: &str) -> Option<HtmlElement> {
        self.host
            .query_selector(&format!("[data-testid='{testid}']"))
            .expect("valid selector")
            .map(JsCast::unchecked_into)
    }

    fn text(&self, testid: &str) -> String {
        self.find(testid).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// Types `text` into the input with `testid` the way a browser does: set value, fire `input`.
    async fn type_into(&self, testid: &str, text: &str) {
        let input: HtmlInputElement = self.find(testid).expect(testid).unchecked_into();
        input.set_value(text);
        fire(&input, "input");
        leptos::task::tick().await;
    }

    async fn choose(&self, testid: &str, value: &str) {
        let select: HtmlSelectElement = self.find(testid).expect(testid).unchecked_into();
        select.set_value(value);
        fire(&select, "change");
        leptos::task::tick().await;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

/// Resolves after the browser's queued tasks (a `setTimeout` of 0) and Leptos's effects.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("a window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    leptos::task::tick().await;
}

/// Resolves at the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("a window").request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn fire(target: &web_sys::EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn starts_with_the_articles_example() {
    let app = Mounted::new().await;
    leptos::task::tick().await;
    let select: HtmlSelectElement = app.find("quant").expect("quant").unchecked_into();
    assert_eq!(select.value(), "fp16");
    let result = app.text("rule-of-thumb");
    assert!(result.contains("28 GB"), "{result}");
    assert!(result.contains("26.08 GiB"), "{result}");
    assert!(result.contains("7 billion × 2 bytes × 2 = 28 GB"), "{result}");
    let total = app.text("total");
    assert!(total.contains(" GB"), "the detailed total is shown: {total}");
    let breakdown = app.text("breakdown");
    for part in ["Weights", "KV cache", "Activations", "Runtime"] {
        assert!(breakdown.contains(part), "{part} in {breakdown}");
    }
}

#[wasm_bindgen_test]
async fn the_detailed_total_follows_the_inputs() {
    let app = Mounted::new().await;
    leptos::task::tick().await;
    let before = app.text("total");
    app.type_into("params-input", "70B").await;
    let after = app.text("total");
    assert_ne!(before, after, "the detailed total changes with the parameter count");
    // The formula with the user's numbers is in "How is this computed?", written once opened
    // (the browser fires `toggle` in a task of its own, so wait one).
    let summary: HtmlElement = app.host.query_selector("[data-testid='explanation'] summary").expect("selector").expect("summary").unchecked_into();
    summary.click();
    next_task().await;
    assert!(app.text("explanation").contains("70,000,000,000 parameters in fp16"), "{}", app.text("explanation"));
}

#[wasm_bindgen_test]
async fn updates_as_the_user_types() {
    let app = Mounted::new().await;
    app.type_into("params-input", "70B").await;
    app.choose("quant", "int4").await;
    assert!(app.text("rule-of-thumb").contains("70 GB"), "{}", app.text("rule-of-thumb"));
    app.type_into("params-input", "175B").await;
    app.choose("quant", "fp32").await;
    assert!(app.text("rule-of-thumb").contains("1,400 GB"), "{}", app.text("rule-of-thumb"));
    app.type_into("overhead", "1").await;
    assert!(app.text("rule-of-thumb").contains("700 GB"), "{}", app.text("rule-of-thumb"));
}

#[wasm_bindgen_test]
async fn garbage_shows_an_error_and_keeps_the_last_result() {
    let app = Mounted::new().await;
    assert!(app.find("input-error").is_none(), "no error at start");
    for garbage in ["abc", "-7B", "NaN", "1e24"] {
        app.type_into("params-input", garbage).await;
        let error = app.text("input-error");
        assert!(!error.is_empty(), "{garbage}: an inline message");
        assert!(app.text("rule-of-thumb").contains("28 GB"), "{garbage}: last good result kept");
        let card = app.find("rule-of-thumb").expect("card");
        assert!(card.class_list().contains("stale"), "{garbage}: marked stale");
    }
    app.type_into("params-input", "13B").await;
    assert!(app.find("input-error").is_none(), "error cleared");
    assert!(app.text("rule-of-thumb").contains("52 GB"));
}

#[wasm_bindgen_test]
async fn a_bad_overhead_is_reported_next_to_its_field() {
    let app = Mounted::new().await;
    app.type_into("overhead", "0.5").await;
    let overhead_field = app.find("overhead").and_then(|e| e.parent_element()).expect("field");
    let note = overhead_field.query_selector("[data-testid='input-error']").expect("selector");
    assert!(note.and_then(|n| n.text_content()).unwrap_or_default().contains("between 1 and 10"));
    assert!(app.text("rule-of-thumb").contains("28 GB"));
}

#[wasm_bindgen_test]
async fn the_address_carries_the_state() {
    let app = Mounted::new().await;
    app.type_into("params-input", "13B").await;
    leptos::task::tick().await;
    let search = web_sys::window().expect("window").location().search().expect("search");
    assert_eq!(search, "?params=13B");
}

#[wasm_bindgen_test]
fn a_panic_shows_a_banner_with_a_reload_link_in_the_page_language() {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    document.document_element().expect("html").set_attribute("lang", "tr").expect("lang");
    vramfit::ui::show_crash_banner();
    vramfit::ui::show_crash_banner();
    let banners = document.query_selector_all("[data-testid='crash-banner']").expect("selector");
    assert_eq!(banners.length(), 1, "shown once");
    let banner = document.get_element_by_id("crash-banner").expect("the banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(banner.text_content().as_deref(), Some("Bir şeyler ters gitti — sayfayı yeniden yükleyin."));
    let link = banner.query_selector("a").expect("selector").expect("a reload link");
    assert!(link.get_attribute("href").is_some_and(|href| href.starts_with("http")));
    banner.remove();
    document.document_element().expect("html").set_attribute("lang", "en").expect("lang");
}
