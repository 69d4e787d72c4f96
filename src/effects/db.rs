//! IndexedDB: the corpus — every document, its spans, and its list entry — which outgrows
//! local storage (about 5 MiB per origin) after a few hundred articles.
//!
//! Records are the same versioned JSON envelopes as everywhere else ([`crate::core::storage`]),
//! stored as strings under the document id. A record that does not decode is copied to the
//! `unreadable` store and reported; it is never overwritten or dropped silently.

use crate::core::corpus::Entry;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use crate::core::storage::{decode_document, decode_entry, decode_spans, encode_document, encode_entry, encode_spans};
use rexie::{ObjectStore, Rexie, TransactionMode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

const DATABASE: &str = "biaozhu";
/// Raised with every change of stores; `build` creates what a version lacks.
const VERSION: u32 = 1;
const DOCUMENTS: &str = "documents";
const SPANS: &str = "spans";
const ENTRIES: &str = "entries";
const UNREADABLE: &str = "unreadable";

thread_local! {
    static HANDLE: RefCell<Option<Rc<Rexie>>> = const { RefCell::new(None) };
}

fn fail(what: &str, e: impl std::fmt::Debug) -> String {
    format!("IndexedDB {what} failed: {e:?}")
}

/// The open database (opened once per page).
async fn db() -> Result<Rc<Rexie>, String> {
    if let Some(db) = HANDLE.with(|h| h.borrow().clone()) {
        return Ok(db);
    }
    let db = Rexie::builder(DATABASE)
        .version(VERSION)
        .add_object_store(ObjectStore::new(DOCUMENTS))
        .add_object_store(ObjectStore::new(SPANS))
        .add_object_store(ObjectStore::new(ENTRIES))
        .add_object_store(ObjectStore::new(UNREADABLE))
        .build()
        .await
        .map_err(|e| fail("open", e))?;
    let db = Rc::new(db);
    HANDLE.with(|h| *h.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Writes records in one transaction: all of them or none.
async fn put_all(records: &[(&str, &str, String)]) -> Result<(), String> {
    let db = db().await?;
    let stores: Vec<&str> = {
        let mut s: Vec<&str> = records.iter().map(|(store, _, _)| *store).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let tx = db.transaction(&stores, TransactionMode::ReadWrite).map_err(|e| fail("write", e))?;
    for (store, key, value) in records {
        let store = tx.store(store).map_err(|e| fail("write", e))?;
        store.put(&JsValue::from_str(value), Some(&JsValue::from_str(key))).await.map_err(|e| quota_or(e, "write"))?;
    }
    committed(tx.done().await.map_err(|e| quota_or(e, "write"))?, FULL)
}

const FULL: &str =
    "The browser's storage is full: the change could not be saved (what was saved before is kept). 存储空间已满，未能保存。";

/// Whether a failed save failed because storage is full.
pub fn is_full(error: &str) -> bool {
    error == FULL
}

/// A transaction that ends aborted wrote nothing. Browsers abort a write transaction at commit
/// when the disk or the origin's quota is full (the requests themselves had succeeded), so that
/// is what an abort of a write is reported as.
fn committed(result: rexie::TransactionResult, aborted: &str) -> Result<(), String> {
    if result.is_committed() {
        Ok(())
    } else {
        Err(aborted.to_string())
    }
}

fn quota_or(e: rexie::Error, what: &str) -> String {
    let text = format!("{e:?}");
    if text.contains("Quota") {
        FULL.to_string()
    } else {
        fail(what, text)
    }
}

async fn get(store: &str, key: &str) -> Result<Option<String>, String> {
    let db = db().await?;
    let tx = db.transaction(&[store], TransactionMode::ReadOnly).map_err(|e| fail("read", e))?;
    let value =
        tx.store(store).map_err(|e| fail("read", e))?.get(JsValue::from_str(key)).await.map_err(|e| fail("read", e))?;
    Ok(value.and_then(|v| v.as_string()))
}

/// Copies an undecodable record aside; returns the key it was kept under.
async fn set_aside(store: &str, key: &str, raw: String) -> Option<String> {
    let aside = format!("{store}:{key}:{}", js_sys::Date::now() as u64);
    put_all(&[(UNREADABLE, &aside, raw)]).await.ok().map(|()| aside)
}

/// What was found for a key: the value, nothing, or a record that could not be read (kept aside).
pub enum Found<T> {
    Value(T),
    Nothing,
    Unreadable { reason: String, kept_as: Option<String> },
}

async fn load<T>(
    store: &str,
    key: &str,
    decode: impl FnOnce(&str) -> Result<T, crate::core::storage::StoredDataError>,
) -> Result<Found<T>, String> {
    let Some(raw) = get(store, key).await? else { return Ok(Found::Nothing) };
    match decode(&raw) {
        Ok(value) => Ok(Found::Value(value)),
        Err(e) => Ok(Found::Unreadable { reason: e.to_string(), kept_as: set_aside(store, key, raw).await }),
    }
}

/// Every list entry, and the reasons for those that could not be read (which are kept aside).
pub async fn load_entries() -> Result<(Vec<Entry>, Vec<String>), String> {
    let db = db().await?;
    let tx = db.transaction(&[ENTRIES], TransactionMode::ReadOnly).map_err(|e| fail("read", e))?;
    let all = tx
        .store(ENTRIES)
        .map_err(|e| fail("read", e))?
        .scan(None, None, None, None)
        .await
        .map_err(|e| fail("read", e))?;
    drop(tx);
    let mut entries = Vec::with_capacity(all.len());
    let mut problems = Vec::new();
    for (key, value) in all {
        let key = key.as_string().unwrap_or_default();
        let raw = value.as_string().unwrap_or_default();
        match decode_entry(&raw) {
            Ok(entry) => entries.push(entry),
            Err(e) => {
                let kept = set_aside(ENTRIES, &key, raw).await.unwrap_or_else(|| "(not kept: storage full)".into());
                problems.push(format!("list entry {key}: {e}; kept as {kept}"));
            }
        }
    }
    entries.sort_by_key(|e| e.added);
    Ok((entries, problems))
}

/// Every stored document with its spans (for statistics and backups). Records that do not
/// decode are set aside and named in the returned problems.
pub async fn load_all() -> Result<(Vec<(Document, DocSpans)>, Vec<String>), String> {
    let db = db().await?;
    let tx = db.transaction(&[DOCUMENTS, SPANS], TransactionMode::ReadOnly).map_err(|e| fail("read", e))?;
    let scan = |store: &str| tx.store(store).map_err(|e| fail("read", e));
    let docs = scan(DOCUMENTS)?.scan(None, None, None, None).await.map_err(|e| fail("read", e))?;
    let spans = scan(SPANS)?.scan(None, None, None, None).await.map_err(|e| fail("read", e))?;
    drop(tx);
    let mut spans_by_id: std::collections::HashMap<String, String> =
        spans.into_iter().filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect();
    let mut out = Vec::with_capacity(docs.len());
    let mut problems = Vec::new();
    for (key, value) in docs {
        let (key, raw) = (key.as_string().unwrap_or_default(), value.as_string().unwrap_or_default());
        let doc = match decode_document(&raw) {
            Ok(doc) => doc,
            Err(e) => {
                let kept = set_aside(DOCUMENTS, &key, raw).await;
                problems.push(format!("document {key}: {e}; kept as {kept:?}"));
                continue;
            }
        };
        let spans = match spans_by_id.remove(&key).map(|raw| (decode_spans(&raw, &doc.text), raw)) {
            Some((Ok(spans), _)) => spans,
            Some((Err(e), raw)) => {
                let kept = set_aside(SPANS, &key, raw).await;
                problems.push(format!("spans of {key}: {e}; kept as {kept:?}"));
                DocSpans::default()
            }
            None => DocSpans::default(),
        };
        out.push((doc, spans));
    }
    Ok((out, problems))
}

pub async fn load_document(id: &str) -> Result<Found<Document>, String> {
    load(DOCUMENTS, id, decode_document).await
}

pub async fn load_spans(doc: &Document) -> Result<Found<DocSpans>, String> {
    load(SPANS, &doc.id, |raw| decode_spans(raw, &doc.text)).await
}

/// Stores a newly opened document with its list entry (and its spans, when it has any).
pub async fn save_document(doc: &Document, spans: &DocSpans, entry: &Entry) -> Result<(), String> {
    save_documents(&[(doc, spans, entry)]).await
}

/// Stores newly opened documents with their spans and list entries in one transaction: all of
/// them or none. (A transaction per file would make opening a folder wait on every commit.)
pub async fn save_documents(batch: &[(&Document, &DocSpans, &Entry)]) -> Result<(), String> {
    let records: Vec<(&str, &str, String)> = batch
        .iter()
        .flat_map(|(doc, spans, entry)| {
            [
                (DOCUMENTS, doc.id.as_str(), encode_document(doc)),
                (SPANS, doc.id.as_str(), encode_spans(spans)),
                (ENTRIES, doc.id.as_str(), encode_entry(entry)),
            ]
        })
        .collect();
    put_all(&records).await
}

/// Why spans were not saved.
pub enum SaveError {
    /// Another tab saved this document's spans since this tab loaded them (stored revision).
    Conflict(u64),
    Failed(String),
}

/// The revision stored for a document (0 when it has none).
pub async fn stored_rev(doc_id: &str) -> Result<u64, String> {
    Ok(get(ENTRIES, doc_id).await?.and_then(|raw| decode_entry(&raw).ok()).map_or(0, |e| e.rev))
}

/// Stores a document's spans with its list entry, together, unless another tab has saved them
/// since revision `base` was loaded. Returns the new revision.
pub async fn save_spans(doc_id: &str, spans: &DocSpans, entry: &Entry, base: u64) -> Result<u64, SaveError> {
    let stored = stored_rev(doc_id).await.map_err(SaveError::Failed)?;
    if stored != base {
        return Err(SaveError::Conflict(stored));
    }
    let mut entry = entry.clone();
    entry.rev = base + 1;
    put_all(&[(SPANS, doc_id, encode_spans(spans)), (ENTRIES, doc_id, encode_entry(&entry))])
        .await
        .map_err(SaveError::Failed)?;
    Ok(entry.rev)
}

/// Stores a list entry (its status, say), keeping the stored revision of its spans.
pub async fn save_entry(entry: &Entry) -> Result<(), String> {
    let mut entry = entry.clone();
    entry.rev = stored_rev(&entry.id).await?;
    put_all(&[(ENTRIES, &entry.id, encode_entry(&entry))]).await
}

/// Removes a document, its spans and its entry (the caller keeps them for undo).
pub async fn delete_document(id: &str) -> Result<(), String> {
    let db = db().await?;
    let tx = db.transaction(&[DOCUMENTS, SPANS, ENTRIES], TransactionMode::ReadWrite).map_err(|e| fail("delete", e))?;
    for store in [DOCUMENTS, SPANS, ENTRIES] {
        tx.store(store)
            .map_err(|e| fail("delete", e))?
            .delete(JsValue::from_str(id))
            .await
            .map_err(|e| fail("delete", e))?;
    }
    committed(tx.done().await.map_err(|e| fail("delete", e))?, "IndexedDB delete was aborted: nothing was deleted")
}

/// Empties the corpus (documents, spans, entries); set-aside records stay.
pub async fn clear_corpus() -> Result<(), String> {
    let db = db().await?;
    let tx = db.transaction(&[DOCUMENTS, SPANS, ENTRIES], TransactionMode::ReadWrite).map_err(|e| fail("clear", e))?;
    for store in [DOCUMENTS, SPANS, ENTRIES] {
        tx.store(store).map_err(|e| fail("clear", e))?.clear().await.map_err(|e| fail("clear", e))?;
    }
    committed(tx.done().await.map_err(|e| fail("clear", e))?, "IndexedDB clear was aborted: nothing was cleared")
}

/// Asks the browser to keep this origin's data (not evicted under storage pressure).
pub async fn request_persistence() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

/// Bytes used and available to this origin, as the browser estimates them.
pub async fn usage() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let estimate: web_sys::StorageEstimate =
        wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?).await.ok()?.into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}
