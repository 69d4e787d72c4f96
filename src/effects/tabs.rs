//! Several tabs on the same corpus: each tells the others what it saved (a BroadcastChannel),
//! and remembers which revision of each open document's spans it started from, so that a save
//! over another tab's newer work is refused instead of overwriting it. Each also holds a Web
//! Lock named after it for as long as it lives, which tells a tab that finds another's save
//! journal whether that tab is still there (its save still running) or went away.

use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

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
    let message = Saved { tab: tab_id(), doc, labels };
    let Ok(text) = serde_json::to_string(&message) else { return };
    CHANNEL_HANDLE.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&text.into());
        }
    });
}

/// This tab's id (random, new with every page load).
pub fn tab_id() -> String {
    TAB_ID.with(Clone::clone)
}

const PRESENCE_PREFIX: &str = "biaozhu-tab:";

/// The browser's Web Locks (`navigator.locks`), where it has them.
fn locks() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined())
}

fn call(target: &JsValue, method: &str, args: &js_sys::Array) -> Option<JsValue> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(target, args).ok()
}

/// Takes this tab's lock, held until the page goes away (a crashed page's too).
fn hold_presence() {
    let Some(locks) = locks() else { return };
    let never = Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(|_| js_sys::Promise::new(&mut |_, _| {}));
    let args = js_sys::Array::of2(&format!("{PRESENCE_PREFIX}{}", tab_id()).into(), never.as_ref());
    let _ = call(&locks, "request", &args);
    // It is called once, when the lock is granted, and the lock lives as long as the page.
    never.forget();
}

/// The ids of the tabs alive now (this one too); `None` where the browser cannot tell.
pub async fn live_tabs() -> Option<Vec<String>> {
    let promise: js_sys::Promise = call(&locks()?, "query", &js_sys::Array::new())?.dyn_into().ok()?;
    let snapshot = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    // A lock asked for and not granted yet is as good as held: its tab is there.
    let mut tabs = Vec::new();
    for part in ["held", "pending"] {
        let locks: js_sys::Array = js_sys::Reflect::get(&snapshot, &part.into()).ok()?.dyn_into().ok()?;
        let names = locks.iter().filter_map(|lock| js_sys::Reflect::get(&lock, &"name".into()).ok()?.as_string());
        tabs.extend(names.filter_map(|n| n.strip_prefix(PRESENCE_PREFIX).map(str::to_string)));
    }
    Some(tabs)
}

/// Listens to the other tabs; `on_saved` gets what they saved (never this tab's own messages).
/// From now on this tab is known to be alive ([`live_tabs`]).
pub fn listen(on_saved: impl Fn(Saved) + 'static) {
    hold_presence();
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let me = tab_id();
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
