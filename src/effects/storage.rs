//! The browser's local storage, through the schemas in [`crate::core::storage`].
//!
//! Whatever cannot be read is copied aside under a quarantine key (never deleted) and reported;
//! a full store leaves the previous copy in place and says so.

use crate::core::labels::LabelSet;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use crate::core::storage::journal::{decode_journal, encode_journal, journal_key, journal_of_key, Journal};
use crate::core::storage::{
    decode_document, decode_labels, decode_spans, doc_of_spans_key, encode_document, encode_labels, encode_spans,
    spans_key, StoredDataError, CURRENT_DOCUMENT_KEY, LABELS_KEY, QUARANTINE_PREFIX, SETTINGS_KEY,
};

fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "local storage is not available (private mode or blocked by the browser)".to_string())?
        .ok_or_else(|| "local storage is not available in this browser".to_string())
}

/// What was found under a key.
pub enum Loaded<T> {
    Nothing,
    Found(T),
    /// Data was there but could not be read; it has been set aside under `kept_as` (when there
    /// was room to), and the original key is left untouched when there was not.
    Unreadable {
        reason: String,
        kept_as: Option<String>,
    },
}

fn load<T>(key: &str, decode: impl FnOnce(&str) -> Result<T, StoredDataError>) -> Result<Loaded<T>, String> {
    let storage = local_storage()?;
    let raw = match storage.get_item(key) {
        Ok(Some(raw)) => raw,
        Ok(None) => return Ok(Loaded::Nothing),
        Err(_) => return Err("local storage could not be read".into()),
    };
    match decode(&raw) {
        Ok(value) => Ok(Loaded::Found(value)),
        Err(e) => Ok(Loaded::Unreadable { reason: e.to_string(), kept_as: move_aside(&storage, key, &raw) }),
    }
}

/// Copies `raw`, stored under `key`, to a quarantine key (never deleted) and removes `key`; the
/// new key, if there was room for the copy (otherwise `key` is left as it was).
fn move_aside(storage: &web_sys::Storage, key: &str, raw: &str) -> Option<String> {
    let aside = format!("{QUARANTINE_PREFIX}{key}:{}", js_sys::Date::now() as u64);
    storage.set_item(&aside, raw).ok()?;
    let _ = storage.remove_item(key);
    Some(aside)
}

fn save(key: &str, value: &str, what: &str) -> Result<(), String> {
    local_storage()?.set_item(key, value).map_err(|_| {
        format!("The browser's storage is full: {what} could not be saved (the copy saved before is kept). 存储空间已满，未能保存。")
    })
}

pub fn load_current() -> Result<Loaded<Document>, String> {
    load(CURRENT_DOCUMENT_KEY, decode_document)
}

pub fn save_current(doc: &Document) -> Result<(), String> {
    save(CURRENT_DOCUMENT_KEY, &encode_document(doc), "the open document")
}

pub fn load_labels() -> Result<Loaded<LabelSet>, String> {
    load(LABELS_KEY, decode_labels)
}

/// The stored label set, or the defaults when there is none to read (flows that add documents
/// need some label set; an unreadable one is reported where the app starts).
pub fn labels_or_defaults() -> LabelSet {
    match load_labels() {
        Ok(Loaded::Found(labels)) => labels,
        _ => LabelSet::defaults(),
    }
}

pub fn save_labels(labels: &LabelSet) -> Result<(), String> {
    save(LABELS_KEY, &encode_labels(labels), "the label set")
}

pub fn load_spans(doc: &Document) -> Result<Loaded<DocSpans>, String> {
    load(&spans_key(&doc.id), |raw| decode_spans(raw, &doc.text))
}

pub fn save_spans(doc_id: &str, spans: &DocSpans) -> Result<(), String> {
    save(&spans_key(doc_id), &encode_spans(spans), "the spans")
}

/// The ids of the documents that have a working copy of their spans here.
pub fn span_copies() -> Vec<String> {
    keys().iter().filter_map(|key| doc_of_spans_key(key).map(str::to_string)).collect()
}

/// Every key in local storage (none when it cannot be read).
fn keys() -> Vec<String> {
    let Ok(storage) = local_storage() else { return Vec::new() };
    (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect()
}

/// Moves the working copy of a document's spans aside, under a quarantine key (kept, never
/// read again by the app): where it went, if it could be moved.
pub fn set_aside_spans(doc_id: &str) -> Option<String> {
    set_aside(&spans_key(doc_id))
}

/// Moves what is stored under `key` aside, under a quarantine key: where it went, if it could be moved.
pub fn set_aside(key: &str) -> Option<String> {
    let storage = local_storage().ok()?;
    let raw = storage.get_item(key).ok()??;
    move_aside(&storage, key, &raw)
}

/// Drops the working copy of a document's spans (IndexedDB holds them).
pub fn forget_spans(doc_id: &str) {
    forget(&spans_key(doc_id));
}

thread_local! {
    /// How many journals this page has written, and the number of the one each document's key
    /// holds: a save drops its journal only while it is still the one written last.
    static JOURNALS_WRITTEN: std::cell::RefCell<(u64, std::collections::HashMap<String, u64>)> =
        std::cell::RefCell::new((0, std::collections::HashMap::new()));
}

/// Writes down a save of a document's spans before IndexedDB has it ([`crate::core::storage::journal`]),
/// over the document's earlier journal; the number to drop it by ([`drop_journal`]). When there
/// is no room, the earlier journal is removed (it would be stale) and the save goes on without.
/// The body is stamped with when (`data-journaled-at`, milliseconds since the epoch): the
/// benchmark times "tagged → saved" by it.
pub fn write_journal(doc_id: &str, journal: &Journal) -> u64 {
    let key = journal_key(doc_id, &super::tabs::tab_id());
    let number = JOURNALS_WRITTEN.with(|j| {
        let mut j = j.borrow_mut();
        j.0 += 1;
        let number = j.0;
        j.1.insert(doc_id.to_string(), number);
        number
    });
    let Ok(storage) = local_storage() else { return number };
    if storage.set_item(&key, &encode_journal(journal)).is_err() {
        let _ = storage.remove_item(&key);
        web_sys::console::warn_1(&"biaozhu: no room in local storage for the save journal".into());
        return number;
    }
    stamp_now("data-journaled-at");
    number
}

/// Stamps the page's body with the time now (attribute `name`, milliseconds since the epoch),
/// for the benchmark to time saves by.
pub fn stamp_now(name: &str) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute(name, &(js_sys::Date::now() as u64).to_string());
    }
}

/// Drops a document's journal, once its save is committed (or refused), unless a later one has
/// been written since.
pub fn drop_journal(doc_id: &str, number: u64) {
    let current = JOURNALS_WRITTEN.with(|j| j.borrow().1.get(doc_id) == Some(&number));
    if current {
        forget(&journal_key(doc_id, &super::tabs::tab_id()));
    }
}

/// Drops what is stored under `key`.
pub fn forget(key: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// A journal found in local storage.
pub struct FoundJournal {
    pub key: String,
    pub doc_id: String,
    /// The tab that wrote it.
    pub tab: String,
    pub journal: Loaded<Journal>,
}

/// Every journal in local storage; one that does not decode is moved aside.
pub fn journals() -> Vec<FoundJournal> {
    let keys = keys();
    let found = keys.iter().filter_map(|key| {
        let (doc_id, tab) = journal_of_key(key)?;
        let journal = load(key, decode_journal).ok()?;
        Some(FoundJournal { key: key.clone(), doc_id: doc_id.to_string(), tab: tab.to_string(), journal })
    });
    found.collect()
}

/// Small settings (language, hidden layers); unreadable settings are ignored.
pub fn load_settings<T: serde::de::DeserializeOwned>() -> Option<T> {
    let raw = local_storage().ok()?.get_item(SETTINGS_KEY).ok()??;
    serde_json::from_str(&raw).ok()
}

pub fn save_settings(settings: &impl serde::Serialize) -> Result<(), String> {
    save(SETTINGS_KEY, &serde_json::to_string(settings).unwrap_or_default(), "the settings")
}

/// Key of the gazetteer (confirmed entity strings and their labels).
const GAZETTEER_KEY: &str = "biaozhu:gazetteer";

/// The gazetteer, with what saved work is still due to teach it (see [`learn_soon`]).
pub fn load_gazetteer() -> crate::core::suggest::Gazetteer {
    if let Err(e) = learn_due() {
        web_sys::console::error_1(&e.into());
    }
    read_gazetteer()
}

/// The stored gazetteer; an unreadable one is ignored (it is rebuilt from confirmed spans).
fn read_gazetteer() -> crate::core::suggest::Gazetteer {
    local_storage()
        .ok()
        .and_then(|s| s.get_item(GAZETTEER_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

pub fn save_gazetteer(gazetteer: &crate::core::suggest::Gazetteer) -> Result<(), String> {
    save(GAZETTEER_KEY, &serde_json::to_string(gazetteer).unwrap_or_default(), "the gazetteer")
}

thread_local! {
    /// The gazetteer as this page last read or wrote it.
    static GAZETTEER_SEEN: std::cell::RefCell<Option<crate::core::suggest::Gazetteer>> =
        const { std::cell::RefCell::new(None) };
    /// The last saved spans the gazetteer has not learnt from yet, and their document's id.
    static LESSON: std::cell::RefCell<Option<(String, DocSpans)>> = const { std::cell::RefCell::new(None) };
}

/// Keeps a document's saved spans for the gazetteer to learn from soon ([`learn_due`]) rather
/// than now: reading, growing and writing a large gazetteer costs a frame, and only documents
/// opened later need it. Spans of another document still due are learnt from first. Whether no
/// lesson was due before (the caller then schedules one).
pub fn learn_soon(doc_id: &str, spans: &DocSpans) -> Result<bool, String> {
    let earlier = LESSON.with(|l| l.borrow_mut().replace((doc_id.to_string(), spans.clone())));
    match earlier {
        Some((id, spans)) if id != doc_id => learn_entities(&spans).map(|()| false),
        Some(_) => Ok(false),
        None => Ok(true),
    }
}

/// Learns from the spans kept by [`learn_soon`], if any.
pub fn learn_due() -> Result<(), String> {
    match LESSON.with(|l| l.borrow_mut().take()) {
        Some((_, spans)) => learn_entities(&spans),
        None => Ok(()),
    }
}

/// Adds the confirmed entities of `spans` to the stored gazetteer. After most edits there is
/// nothing new to add, which the copy this page last saw tells without reading local storage;
/// otherwise the stored gazetteer is read (another tab may have added to it), added to and written.
fn learn_entities(spans: &DocSpans) -> Result<(), String> {
    let nothing_new = GAZETTEER_SEEN
        .with(|seen| seen.borrow().as_ref().is_some_and(|g| crate::core::suggest::to_learn(g, spans).next().is_none()));
    if nothing_new {
        return Ok(());
    }
    let mut gazetteer = read_gazetteer();
    let result = if crate::core::suggest::learn(&mut gazetteer, spans) { save_gazetteer(&gazetteer) } else { Ok(()) };
    GAZETTEER_SEEN.with(|seen| *seen.borrow_mut() = Some(gazetteer));
    result
}
