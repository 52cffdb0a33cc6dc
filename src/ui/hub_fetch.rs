//! Fetches what [`HubLoad`] asks for from the Hugging Face Hub with the browser's `fetch`: no
//! cookies or credentials, nothing but the URL and a `Range` header. The core decides every
//! request; this only carries them.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::hub::{Fetch, HubError, HubLoad, HubModel, HubRef, Step, HUB};

/// What the browser said when a request failed before any answer (offline, CORS, blocked).
fn network_error(error: wasm_bindgen::JsValue) -> String {
    let detail = js_sys::Reflect::get(&error, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "network error".into());
    HubError::Network { detail }.to_string()
}

/// One request: its status, and its body when the status is a success.
async fn get(fetch: &Fetch) -> Result<(u16, Vec<u8>), String> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    // The Hub's public files need no sign-in; sending cookies would say who the user is.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    // Not kept in the HTTP cache either: Hub answers are not the page's own files.
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Some(range) = fetch.range_header() {
        let headers = web_sys::Headers::new().map_err(network_error)?;
        headers.set("Range", &range).map_err(network_error)?;
        init.set_headers(&headers);
    }
    let answer = JsFuture::from(web_sys::window().ok_or("no window")?.fetch_with_str_and_init(&fetch.url, &init)).await.map_err(network_error)?;
    let response: web_sys::Response = answer.dyn_into().map_err(network_error)?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Ok((status, Vec::new()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network_error)?).await.map_err(network_error)?;
    Ok((status, js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// Reads a repo from the Hub, request by request as the core asks.
pub async fn load_from_hub(reference: HubRef) -> Result<HubModel, String> {
    let (mut load, mut fetch) = HubLoad::start(reference, HUB);
    loop {
        let (status, body) = get(&fetch).await?;
        match load.receive(status, &body).map_err(|e| e.to_string())? {
            Step::Fetch(next) => fetch = next,
            Step::Done(model) => return Ok(model),
        }
    }
}
