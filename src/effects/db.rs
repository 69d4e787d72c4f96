//! IndexedDB: the corpus — every document, its spans, and its list entry — which outgrows
//! local storage (about 5 MiB per origin) after a few hundred articles.
//!
//! Records are the same versioned JSON envelopes as everywhere else ([`crate::core::storage`]),
//! stored as strings under the document id; a document's spans are a head under its id and one
//! record per span beside it ([`span_records`]), so that an edit writes only what it changed. A
//! record that does not decode is copied to the `unreadable` store and reported; it is never
//! overwritten or dropped silently.

use crate::core::corpus::Entry;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use crate::core::storage::journal::{verdict, Journal, Verdict};
use crate::core::storage::span_records::{
    self, covering, decode_stored, decode_stored_joined, encode_record, record_bounds, record_id, record_key,
    record_owner, touched, SavedSpans, SpanWrites,
};
use crate::core::storage::{decode_document, decode_entry, encode_document, encode_entry};
use crate::effects::storage;
use futures::future::{FutureExt, LocalBoxFuture};
use rexie::{KeyRange, ObjectStore, Rexie, TransactionMode};
use std::cell::RefCell;
use std::collections::HashMap;
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
    /// What the store holds of the spans of the documents last read or written here, newest
    /// last: a save writes the difference. A document not in it is written whole.
    static SAVED: RefCell<Vec<(String, SavedSpans)>> = const { RefCell::new(Vec::new()) };
    /// The document whose spans are being saved now, with the ids of the spans its save writes
    /// or removes (see [`journal_waiting`]).
    static RUNNING: RefCell<Option<(String, Vec<u64>)>> = const { RefCell::new(None) };
}

/// How many documents' stored spans are remembered (the open one and those just before it).
const SAVED_KEPT: usize = 4;

/// The writes that take what the store holds of a document's spans to `spans`.
fn span_writes(doc_id: &str, spans: &DocSpans) -> SpanWrites {
    SAVED.with(|s| span_records::writes(spans, s.borrow().iter().find(|(id, _)| id == doc_id).map(|(_, saved)| saved)))
}

/// Remembers what the store holds of a document's spans now that `writes` are committed.
fn remember_saved(doc_id: &str, writes: &SpanWrites) {
    SAVED.with(|s| {
        let mut s = s.borrow_mut();
        let at = s.iter().position(|(id, _)| id == doc_id);
        let (_, mut saved) = at.map(|at| s.remove(at)).unwrap_or_default();
        saved.commit(writes);
        keep_saved(&mut s, doc_id, saved);
    });
}

/// Keeps what the store holds of a document's spans, as the newest of those remembered.
fn keep_saved(remembered: &mut Vec<(String, SavedSpans)>, doc_id: &str, saved: SavedSpans) {
    remembered.retain(|(id, _)| id != doc_id);
    remembered.push((doc_id.to_string(), saved));
    let over = remembered.len().saturating_sub(SAVED_KEPT);
    remembered.drain(..over);
}

/// Forgets what the store holds of a document's spans: the next save writes them all.
fn forget_saved(doc_id: &str) {
    SAVED.with(|s| s.borrow_mut().retain(|(id, _)| id != doc_id));
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

/// The key range of a document's span records.
fn records_of(doc_id: &str) -> Result<KeyRange, String> {
    let (from, to) = record_bounds(doc_id);
    KeyRange::bound(&JsValue::from_str(&from), &JsValue::from_str(&to), Some(false), Some(true))
        .map_err(|e| fail("key range", e))
}

/// What one write transaction changes: records removed (by key, or key range), then records
/// written.
#[derive(Default)]
struct Changes<'a> {
    deletes: Vec<(&'a str, JsValue)>,
    puts: Vec<(&'a str, String, String)>,
    /// The spans written, by document: what the store holds of them once committed.
    spans: Vec<(String, SpanWrites)>,
    /// Nothing is written unless this document's stored revision is this one (read in the same
    /// transaction, so no other tab can save in between).
    unless_changed: Option<(String, u64)>,
    /// What an aborted transaction is reported as, when not a full disk (see [`committed`]).
    if_aborted: Option<&'static str>,
}

impl<'a> Changes<'a> {
    fn put(mut self, store: &'a str, key: &str, value: String) -> Self {
        self.puts.push((store, key.to_string(), value));
        self
    }

    /// Writes nothing unless `doc_id`'s stored revision is still `base` ([`Self::commit_checked`]).
    fn unless_changed(mut self, doc_id: &str, base: u64) -> Self {
        self.unless_changed = Some((doc_id.to_string(), base));
        self
    }

    /// Reports an aborted transaction as `message` (a write's abort is a full disk otherwise).
    fn if_aborted(mut self, message: &'static str) -> Self {
        self.if_aborted = Some(message);
        self
    }

    fn delete(mut self, store: &'a str, key: &str) -> Self {
        self.deletes.push((store, JsValue::from_str(key)));
        self
    }

    /// Also removes every span record of a document (not its head).
    fn delete_records(mut self, doc_id: &str) -> Result<Self, String> {
        self.deletes.push((SPANS, records_of(doc_id)?.into()));
        Ok(self)
    }

    /// Also stores a document's spans: the difference from what the store holds when that is
    /// known, else the whole set in place of whatever is there. Every write of spans goes
    /// through here, so no record of a removed span is left behind.
    fn spans(self, doc_id: &str, spans: &DocSpans) -> Result<Self, String> {
        let writes = span_writes(doc_id, spans);
        let records: Vec<(u64, String)> = writes.put.iter().map(|a| (a.id, encode_record(a))).collect();
        self.writes(doc_id, writes, records)
    }

    /// Also performs `writes` of a document's spans, whose records are `records` (already encoded).
    fn writes(mut self, doc_id: &str, mut writes: SpanWrites, records: Vec<(u64, String)>) -> Result<Self, String> {
        self = self.journaled(doc_id, &writes.head, writes.replace_all, &writes.delete, records)?;
        // The head is written now; what is kept for after the commit needs only the spans.
        writes.head = String::new();
        self.spans.push((doc_id.to_string(), writes));
        Ok(self)
    }

    /// Also performs the span writes of a journal (see [`Self::writes`]).
    fn journaled(
        mut self,
        doc_id: &str,
        head: &str,
        replace_all: bool,
        delete: &[u64],
        records: Vec<(u64, String)>,
    ) -> Result<Self, String> {
        if replace_all {
            self = self.delete_records(doc_id)?;
        }
        self.deletes.extend(delete.iter().map(|&id| (SPANS, JsValue::from_str(&record_key(doc_id, id)))));
        self.puts.push((SPANS, doc_id.to_string(), head.to_string()));
        self.puts.extend(records.into_iter().map(|(id, record)| (SPANS, record_key(doc_id, id), record)));
        Ok(self)
    }

    /// Performs the changes in one transaction: all of them or none.
    async fn commit(self) -> Result<(), String> {
        self.commit_checked().await.map_err(|e| match e {
            SaveError::Failed(e) => e,
            SaveError::Conflict(rev) => format!("IndexedDB write refused: stored revision {rev} changed"),
        })
    }

    /// [`Self::commit`], refused with [`SaveError::Conflict`] when the stored revision is not
    /// the one expected.
    ///
    /// Every request is sent at once, in the order the database performs them: the check, the
    /// removals, the writes. Awaiting the check before sending the writes would cost a turn of
    /// the event loop, with a frame drawn in between. Should the check fail, the transaction is
    /// aborted there and then (its writes have not been answered yet, so it cannot have
    /// committed), and none of the writes stay.
    async fn commit_checked(self) -> Result<(), SaveError> {
        let db = db().await?;
        let mut stores: Vec<&str> = self.deletes.iter().map(|d| d.0).chain(self.puts.iter().map(|p| p.0)).collect();
        if self.unless_changed.is_some() {
            stores.push(ENTRIES);
        }
        stores.sort_unstable();
        stores.dedup();
        let tx = db.transaction(&stores, TransactionMode::ReadWrite).map_err(|e| fail("write", e))?;
        let check = match self.unless_changed {
            Some((doc_id, base)) => {
                let entries = tx.store(ENTRIES).map_err(|e| fail("read", e))?;
                Some((send(async move { entries.get(JsValue::from_str(&doc_id)).await }.boxed_local()), base))
            }
            None => None,
        };
        let mut requests: Vec<Sent<'_, rexie::Result<()>>> = Vec::new();
        for (name, key) in self.deletes {
            let store = tx.store(name).map_err(|e| fail("write", e))?;
            requests.push(send(async move { store.delete(key).await }.boxed_local()));
        }
        for name in &stores {
            let puts: Vec<(JsValue, Option<JsValue>)> = (self.puts.iter().filter(|p| p.0 == *name))
                .map(|(_, key, value)| (JsValue::from_str(value), Some(JsValue::from_str(key))))
                .collect();
            if !puts.is_empty() {
                let store = tx.store(name).map_err(|e| fail("write", e))?;
                requests.push(send(async move { store.put_all(puts.into_iter()).await }.boxed_local()));
            }
        }
        if let Some((stored, base)) = check {
            let stored = rev_of(stored.answered().await.map_err(|e| fail("read", e))?.and_then(|v| v.as_string()));
            if stored != base {
                // Whether the abort took is read from the writes' answers, which all fail once it
                // has: rexie's abort future takes the first request's abort error for its own
                // failure (and idb's handlers log an error for each later one, console noise).
                let _ = tx.abort().await;
                let answers = futures::future::join_all(requests.into_iter().map(Sent::answered)).await;
                return if answers.iter().all(Result::is_err) {
                    Err(SaveError::Conflict(stored))
                } else {
                    Err(SaveError::Failed(format!(
                        "IndexedDB: another tab saved revision {stored} of this document while this one was saved over it"
                    )))
                };
            }
        }
        for done in futures::future::join_all(requests.into_iter().map(Sent::answered)).await {
            done.map_err(|e| quota_or(e, "write"))?;
        }
        committed(tx.done().await.map_err(|e| quota_or(e, "write"))?, self.if_aborted.unwrap_or(FULL))?;
        for (doc_id, writes) in &self.spans {
            remember_saved(doc_id, writes);
        }
        Ok(())
    }
}

/// A request sent to the database now: its future is polled once, which sends it, and is
/// awaited later (each poll registers the waker anew). An answer ready at once is kept.
struct Sent<'a, T> {
    future: LocalBoxFuture<'a, T>,
    answer: Option<T>,
}

fn send<T>(mut future: LocalBoxFuture<'_, T>) -> Sent<'_, T> {
    let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
    let answer = match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(answer) => Some(answer),
        std::task::Poll::Pending => None,
    };
    Sent { future, answer }
}

impl<T> Sent<'_, T> {
    async fn answered(self) -> T {
        match self.answer {
            Some(answer) => answer,
            None => self.future.await,
        }
    }
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
    Changes::default().put(UNREADABLE, &aside, raw).commit().await.ok().map(|()| aside)
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
    // Heads by document, and each document's span records in key order (the order of the scan).
    let mut heads: HashMap<String, String> = HashMap::new();
    let mut records: HashMap<String, Vec<String>> = HashMap::new();
    for (key, value) in spans {
        let (Some(key), Some(value)) = (key.as_string(), value.as_string()) else { continue };
        match record_owner(&key) {
            Some(owner) => records.entry(owner.to_string()).or_default().push(value),
            None => {
                heads.insert(key, value);
            }
        }
    }
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
        let spans = match heads.remove(&key) {
            None => DocSpans::default(),
            Some(head) => {
                let records = records.remove(&key).unwrap_or_default();
                match decode_stored(&head, records.iter().map(String::as_str), &doc.text) {
                    Ok(stored) => stored.spans,
                    Err(e) => {
                        let kept = set_aside(SPANS, &key, unreadable_spans(head, &records)).await;
                        problems.push(format!("spans of {key}: {e}; kept as {kept:?}"));
                        DocSpans::default()
                    }
                }
            }
        };
        out.push((doc, spans));
    }
    Ok((out, problems))
}

/// A document's spans that do not decode, kept aside as one JSON array: the head, then the records.
fn unreadable_spans(head: String, records: &[String]) -> String {
    let all: Vec<&str> = std::iter::once(head.as_str()).chain(records.iter().map(String::as_str)).collect();
    serde_json::to_string(&all).unwrap_or(head)
}

pub async fn load_document(id: &str) -> Result<Found<Document>, String> {
    load(DOCUMENTS, id, decode_document).await
}

/// Span records joined into one JSON array by the page's JavaScript: one string crosses into
/// wasm and one parse reads it, where a string and a parse per span made opening a long
/// document half as slow again.
fn joined_in_page(records: &[JsValue]) -> String {
    let records: js_sys::Array = records.iter().collect();
    format!("[{}]", String::from(records.join(",")))
}

/// A document's spans: its head and its span records, read in one transaction (both requests
/// sent at once).
pub async fn load_spans(doc: &Document) -> Result<Found<DocSpans>, String> {
    let db = db().await?;
    let tx = db.transaction(&[SPANS], TransactionMode::ReadOnly).map_err(|e| fail("read", e))?;
    let store = tx.store(SPANS).map_err(|e| fail("read", e))?;
    let range = records_of(&doc.id)?;
    let head = send(store.get(JsValue::from_str(&doc.id)).boxed_local());
    let records = send(store.get_all(Some(range), None).boxed_local());
    let Some(head) = head.answered().await.map_err(|e| fail("read", e))?.and_then(|v| v.as_string()) else {
        return Ok(Found::Nothing);
    };
    let records = records.answered().await.map_err(|e| fail("read", e))?;
    drop(tx);
    match decode_stored_joined(&head, &joined_in_page(&records), &doc.text) {
        Ok(stored) => {
            if stored.in_records {
                SAVED.with(|s| keep_saved(&mut s.borrow_mut(), &doc.id, SavedSpans::of(&stored.spans)));
            } else {
                // Spans still inline are not known as records: the next save writes them all.
                forget_saved(&doc.id);
            }
            Ok(Found::Value(stored.spans))
        }
        Err(e) => {
            let records: Vec<String> = records.iter().map(|v| v.as_string().unwrap_or_default()).collect();
            Ok(Found::Unreadable {
                reason: e.to_string(),
                kept_as: set_aside(SPANS, &doc.id, unreadable_spans(head, &records)).await,
            })
        }
    }
}

/// Stores a newly opened document with its list entry (and its spans, when it has any).
pub async fn save_document(doc: &Document, spans: &DocSpans, entry: &Entry) -> Result<(), String> {
    save_documents(&[(doc, spans, entry)]).await
}

/// Stores newly opened documents with their spans and list entries in one transaction: all of
/// them or none. (A transaction per file would make opening a folder wait on every commit.)
pub async fn save_documents(batch: &[(&Document, &DocSpans, &Entry)]) -> Result<(), String> {
    let mut changes = Changes::default();
    for (doc, spans, entry) in batch {
        changes = changes
            .put(DOCUMENTS, &doc.id, encode_document(doc))
            .put(ENTRIES, &doc.id, encode_entry(entry))
            .spans(&doc.id, spans)?;
    }
    changes.commit().await
}

/// Why spans were not saved.
pub enum SaveError {
    /// Another tab saved this document's spans since this tab loaded them (stored revision).
    Conflict(u64),
    Failed(String),
}

impl From<String> for SaveError {
    fn from(e: String) -> Self {
        SaveError::Failed(e)
    }
}

/// The revision stored for a document (0 when it has none).
pub async fn stored_rev(doc_id: &str) -> Result<u64, String> {
    Ok(rev_of(get(ENTRIES, doc_id).await?))
}

/// The revision of a stored list entry (0 when there is none, or it does not decode).
fn rev_of(raw_entry: Option<String>) -> u64 {
    raw_entry.and_then(|raw| decode_entry(&raw).ok()).map_or(0, |e| e.rev)
}

/// Stores a document's spans with its list entry, together, unless another tab has saved them
/// since revision `base` was loaded. Returns the new revision.
///
/// The save is written down in the save journal first, at once ([`crate::core::storage::journal`]),
/// and the journal dropped when IndexedDB has answered (kept when the save failed, for the next
/// visit to try again).
pub async fn save_spans(doc_id: &str, spans: &DocSpans, entry: &Entry, base: u64) -> Result<u64, SaveError> {
    let mut entry = entry.clone();
    entry.rev = base + 1;
    let writes = span_writes(doc_id, spans);
    let journal = Journal::of(&writes, &entry, vec![base]);
    let number = storage::write_journal(doc_id, &journal);
    RUNNING.with(|r| *r.borrow_mut() = Some((doc_id.to_string(), touched(&writes))));
    let changes = Changes::default().put(ENTRIES, doc_id, encode_entry(&entry)).writes(doc_id, writes, journal.put);
    let result = match changes {
        Ok(changes) => changes.unless_changed(doc_id, base).commit_checked().await,
        Err(e) => Err(SaveError::Failed(e)),
    };
    RUNNING.with(|r| *r.borrow_mut() = None);
    if !matches!(result, Err(SaveError::Failed(_))) {
        storage::drop_journal(doc_id, number);
    }
    result.map(|()| entry.rev)
}

/// Writes down in the save journal the spans of a document whose save waits for the one
/// running (see [`save_spans`]); `base` is the revision last committed. While the running save
/// is of the same document, the journal holds over what it writes as well ([`covering`]).
pub fn journal_waiting(doc_id: &str, spans: &DocSpans, entry: &Entry, base: u64) {
    let writes = span_writes(doc_id, spans);
    let running = RUNNING.with(|r| r.borrow().as_ref().filter(|(id, _)| id == doc_id).map(|(_, t)| t.clone()));
    let (writes, bases) = match running {
        Some(touched) => (covering(writes, spans, &touched), vec![base, base + 1]),
        None => (writes, vec![base]),
    };
    storage::write_journal(doc_id, &Journal::of(&writes, entry, bases));
}

/// Replays a journal left by a page that went away before IndexedDB had answered its save: the
/// writes are stored when IndexedDB lacks them (and the list entry with them). `None` when the
/// document is no longer stored (deleted since), so there is nothing to replay onto.
pub async fn replay(doc_id: &str, journal: &Journal) -> Result<Option<Verdict>, String> {
    if get(DOCUMENTS, doc_id).await?.is_none() {
        return Ok(None);
    }
    let db = db().await?;
    let tx = db.transaction(&[ENTRIES, SPANS], TransactionMode::ReadOnly).map_err(|e| fail("read", e))?;
    let (entries, spans) = (tx.store(ENTRIES), tx.store(SPANS));
    let (entries, spans) = (entries.map_err(|e| fail("read", e))?, spans.map_err(|e| fail("read", e))?);
    let key = JsValue::from_str(doc_id);
    let entry = send(entries.get(key.clone()).boxed_local());
    let head = send(spans.get(key).boxed_local());
    let records = send(spans.scan(Some(records_of(doc_id)?), None, None, None).boxed_local());
    let stored_rev = rev_of(entry.answered().await.map_err(|e| fail("read", e))?.and_then(|v| v.as_string()));
    let head = head.answered().await.map_err(|e| fail("read", e))?.and_then(|v| v.as_string());
    // In key order, which is id order.
    let records: Vec<(u64, String)> = (records.answered().await.map_err(|e| fail("read", e))?.into_iter())
        .filter_map(|(k, v)| Some((record_id(&k.as_string()?)?, v.as_string()?)))
        .collect();
    drop(tx);
    let found = verdict(journal, stored_rev, head.as_deref(), &records);
    let Verdict::Store { base } = found else { return Ok(Some(found)) };
    let mut entry = journal.entry.clone();
    entry.rev = base + 1;
    forget_saved(doc_id);
    let changes = Changes::default().put(ENTRIES, doc_id, encode_entry(&entry)).journaled(
        doc_id,
        &journal.head,
        journal.replace_all,
        &journal.delete,
        journal.put.clone(),
    )?;
    match changes.unless_changed(doc_id, base).commit_checked().await {
        Ok(()) => Ok(Some(found)),
        Err(SaveError::Conflict(stored)) => Ok(Some(Verdict::Refused { stored })),
        Err(SaveError::Failed(e)) => Err(e),
    }
}

/// Stores a list entry (its status, say), keeping the stored revision of its spans.
pub async fn save_entry(entry: &Entry) -> Result<(), String> {
    let mut entry = entry.clone();
    entry.rev = stored_rev(&entry.id).await?;
    Changes::default().put(ENTRIES, &entry.id, encode_entry(&entry)).commit().await
}

/// Removes a document, its spans and its entry (the caller keeps them for undo).
pub async fn delete_document(id: &str) -> Result<(), String> {
    let changes = Changes::default().delete(DOCUMENTS, id).delete(SPANS, id).delete(ENTRIES, id).delete_records(id)?;
    forget_saved(id);
    changes.if_aborted("IndexedDB delete was aborted: nothing was deleted").commit().await
}

/// Empties the corpus (documents, spans, entries); set-aside records stay.
pub async fn clear_corpus() -> Result<(), String> {
    SAVED.with(|s| s.borrow_mut().clear());
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
