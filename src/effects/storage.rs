//! The browser's local storage, through the schema in [`crate::core::storage`].

use crate::core::model::Document;
use crate::core::storage::{decode_document, encode_document, CURRENT_DOCUMENT_KEY, QUARANTINE_PREFIX};

fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "local storage is not available (private mode or blocked by the browser)".to_string())?
        .ok_or_else(|| "local storage is not available in this browser".to_string())
}

/// What was found in storage for the open document.
pub enum Loaded {
    Nothing,
    Document(Document),
    /// Data was there but could not be read; it has been set aside under `kept_as`.
    Unreadable {
        reason: String,
        kept_as: Option<String>,
    },
}

/// Loads the stored document. Undecodable data is copied aside (never deleted), so a fix or a
/// newer version of the app can still recover it, and the caller can report it.
pub fn load_current() -> Result<Loaded, String> {
    let storage = local_storage()?;
    let raw = match storage.get_item(CURRENT_DOCUMENT_KEY) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Ok(Loaded::Nothing),
        Err(_) => return Err("local storage could not be read".into()),
    };
    match decode_document(&raw) {
        Ok(doc) => Ok(Loaded::Document(doc)),
        Err(e) => {
            let key = format!("{QUARANTINE_PREFIX}{}", js_sys::Date::now() as u64);
            let kept_as = storage.set_item(&key, &raw).ok().map(|()| key);
            if kept_as.is_some() {
                let _ = storage.remove_item(CURRENT_DOCUMENT_KEY);
            }
            Ok(Loaded::Unreadable { reason: e.to_string(), kept_as })
        }
    }
}

/// Saves the open document. A full store leaves the previous copy in place and says so.
pub fn save_current(doc: &Document) -> Result<(), String> {
    let storage = local_storage()?;
    storage.set_item(CURRENT_DOCUMENT_KEY, &encode_document(doc)).map_err(|_| {
        "the browser's storage is full: this document could not be saved (the previously saved one is kept)".to_string()
    })
}
