//! Several tabs on the same corpus: each tells the others what it saved (a BroadcastChannel),
//! and remembers which revision of each open document's spans it started from, so that a save
//! over another tab's newer work is refused instead of overwriting it.

use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const CHANNEL: &str = "biaozhu";

thread_local! {
    static BASE_REVS: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
    static CHANNEL_HANDLE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
    static TAB_ID: String = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
}

/// The revision of `doc_id`'s spans this tab last loaded or saved.
pub fn base_rev(doc_id: &str) -> u64 {
    BASE_REVS.with(|m| m.borrow().get(doc_id).copied().unwrap_or(0))
}

pub fn set_base_rev(doc_id: &str, rev: u64) {
    BASE_REVS.with(|m| m.borrow_mut().insert(doc_id.to_string(), rev));
}

/// What a tab says it saved.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    pub tab: String,
    /// The document whose spans were saved, with their new revision.
    pub doc: Option<(String, u64)>,
    /// The labels changed (they are shared by every document).
    pub labels: bool,
}

/// Tells the other tabs.
pub fn announce(doc: Option<(String, u64)>, labels: bool) {
    let message = Saved { tab: TAB_ID.with(Clone::clone), doc, labels };
    let Ok(text) = serde_json::to_string(&message) else { return };
    CHANNEL_HANDLE.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&text.into());
        }
    });
}

/// Listens to the other tabs; `on_saved` gets what they saved (never this tab's own messages).
pub fn listen(on_saved: impl Fn(Saved) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let me = TAB_ID.with(Clone::clone);
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let Some(text) = e.data().as_string() else { return };
        if let Ok(saved) = serde_json::from_str::<Saved>(&text) {
            if saved.tab != me {
                on_saved(saved);
            }
        }
    });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The channel lives as long as the page; so does its handler.
    handler.forget();
    CHANNEL_HANDLE.with(|c| *c.borrow_mut() = Some(channel));
}
