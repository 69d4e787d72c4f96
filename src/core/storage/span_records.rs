//! Spans as IndexedDB keeps them: one record per span, so that an edit writes the record it
//! changed instead of the whole set (a long document's 5,000 spans are a megabyte of JSON, and
//! committing that on every keystroke took five frames).
//!
//! A document's spans are a *head*, stored under the document's id — its relations, the next free
//! id, the suggestions turned down, and how many spans are stored apart — and one record per span
//! under [`record_key`]. The head counts the records, so a set that reads back short is refused
//! instead of being taken for fewer spans. A head written before this layout (schema 1) holds its
//! spans inline; it is read as it is, and the next save replaces it with a head and records.

use super::{open_envelope, Envelope, StoredDataError, SCHEMA_VERSION};
use crate::core::annotation::{Annotation, Relation};
use crate::core::spans::{DocSpans, Rejected};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Separates the document id from the span id in a record's key. Document ids are hex digests,
/// so no id holds it, and a NUL sorts before every other character: a document's records form
/// one key range right after its head.
const SEPARATOR: char = '\0';

/// The key of the record of span `id` of document `doc_id`. The id is zero-padded so that keys
/// sort as the ids do.
pub fn record_key(doc_id: &str, id: u64) -> String {
    format!("{doc_id}{SEPARATOR}{id:020}")
}

/// The key range of every span record of `doc_id`: from the first (inclusive) to the second
/// (exclusive).
pub fn record_bounds(doc_id: &str) -> (String, String) {
    (format!("{doc_id}{SEPARATOR}"), format!("{doc_id}\u{1}"))
}

/// The document a span record's key belongs to; `None` for a head's key (a document id).
pub fn record_owner(key: &str) -> Option<&str> {
    key.rsplit_once(SEPARATOR).map(|(doc_id, _)| doc_id)
}

#[derive(Serialize)]
struct HeadRef<'a> {
    relations: &'a [Relation],
    next_id: u64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    rejected: &'a [Rejected],
    /// How many spans are stored in records of their own.
    apart: usize,
}

#[derive(Deserialize)]
struct Head {
    /// Spans inline: the layout before records (schema 1).
    #[serde(default)]
    annotations: Vec<Annotation>,
    relations: Vec<Relation>,
    next_id: u64,
    #[serde(default)]
    rejected: Vec<Rejected>,
    apart: Option<usize>,
}

/// The head record of a document's spans.
pub fn encode_head(spans: &DocSpans) -> String {
    let data = HeadRef {
        relations: spans.relations(),
        next_id: spans.next_id(),
        rejected: spans.rejected(),
        apart: spans.annotations().len(),
    };
    serde_json::to_string(&Envelope { schema: SCHEMA_VERSION, data }).unwrap_or_default()
}

/// The record of one span. (Its schema is its head's.)
pub fn encode_record(span: &Annotation) -> String {
    serde_json::to_string(span).unwrap_or_default()
}

/// Spans read back, and whether they were stored in records (the current layout) or inline.
#[derive(Debug)]
pub struct Stored {
    pub spans: DocSpans,
    pub in_records: bool,
}

/// Reads a head and its span records back, checking every span against the document's text.
/// Records beside a head of the inline layout are left over from a later layout and ignored.
pub fn decode_stored<'a>(
    head: &str,
    records: impl Iterator<Item = &'a str>,
    text: &str,
) -> Result<Stored, StoredDataError> {
    decode_stored_joined(head, &join_records(records), text)
}

/// Span records as one JSON array (`[record,record,…]`), read by one parse.
pub fn join_records<'a>(records: impl Iterator<Item = &'a str>) -> String {
    let mut joined = String::from("[");
    for (i, record) in records.enumerate() {
        if i > 0 {
            joined.push(',');
        }
        joined.push_str(record);
    }
    joined.push(']');
    joined
}

/// [`decode_stored`] with the records already joined into one JSON array ([`join_records`]):
/// what the app reads, since one string and one parse cost far less than one per span.
pub fn decode_stored_joined(head: &str, records: &str, text: &str) -> Result<Stored, StoredDataError> {
    let head: Head = open_envelope(head)?;
    let (annotations, in_records) = match head.apart {
        None => (head.annotations, false),
        Some(expected) => {
            let spans: Vec<Annotation> = serde_json::from_str(records)
                .map_err(|e| StoredDataError::BadShape(format!("the span records: {e}")))?;
            if spans.len() != expected {
                return Err(StoredDataError::BadShape(format!(
                    "{expected} spans were stored but {} were found",
                    spans.len()
                )));
            }
            (spans, true)
        }
    };
    let spans = DocSpans::from_parts(annotations, head.relations, head.next_id, text)?.with_rejected(head.rejected);
    Ok(Stored { spans, in_records })
}

/// What IndexedDB holds of a document's spans, as last read or written: each span by id, as the
/// very `Rc` the set held, so that an unchanged span is known by its pointer.
#[derive(Clone, Debug, Default)]
pub struct SavedSpans(HashMap<u64, Rc<Annotation>>);

impl SavedSpans {
    pub fn of(spans: &DocSpans) -> Self {
        SavedSpans(spans.annotations().iter().map(|a| (a.id, a.clone())).collect())
    }

    /// What is stored once `writes` are committed.
    pub fn commit(&mut self, writes: &SpanWrites) {
        if writes.replace_all {
            self.0.clear();
        }
        for id in &writes.delete {
            self.0.remove(id);
        }
        self.0.extend(writes.put.iter().map(|a| (a.id, a.clone())));
    }
}

/// The writes that store a document's spans.
#[derive(Debug, PartialEq, Eq)]
pub struct SpanWrites {
    /// The head, under the document's id.
    pub head: String,
    /// Every record of the document is removed first: what is stored is not known.
    pub replace_all: bool,
    /// Ids of the spans whose records are removed.
    pub delete: Vec<u64>,
    /// Spans whose records are written (as [`encode_record`] under [`record_key`]).
    pub put: Vec<Rc<Annotation>>,
}

/// The writes that take the stored spans of a document from `saved` (everything, when unknown)
/// to `spans`. A span shared with the saved set is unchanged (an edit copies a shared span
/// before changing it); one that is not is compared.
pub fn writes(spans: &DocSpans, saved: Option<&SavedSpans>) -> SpanWrites {
    let head = encode_head(spans);
    let Some(SavedSpans(saved)) = saved else {
        return SpanWrites { head, replace_all: true, delete: Vec::new(), put: spans.annotations().to_vec() };
    };
    let mut still_stored = 0;
    let mut put = Vec::new();
    for span in spans.annotations() {
        match saved.get(&span.id) {
            Some(stored) => {
                still_stored += 1;
                if !(Rc::ptr_eq(stored, span) || stored == span) {
                    put.push(span.clone());
                }
            }
            None => put.push(span.clone()),
        }
    }
    // Only when some stored span is no longer in the set are the ids compared.
    let mut delete: Vec<u64> = if still_stored == saved.len() {
        Vec::new()
    } else {
        let now: HashSet<u64> = spans.annotations().iter().map(|a| a.id).collect();
        saved.keys().copied().filter(|id| !now.contains(id)).collect()
    };
    delete.sort_unstable();
    SpanWrites { head, replace_all: false, delete, put }
}

/// [`writes`] that also hold while an earlier save of the same document may or may not have
/// committed: every span that save `touched` (wrote or removed) is written again when `spans`
/// has it and removed when it does not, so the result takes the store to `spans` from what it
/// holds before that save and from what it holds after.
pub fn covering(mut writes: SpanWrites, spans: &DocSpans, touched: &[u64]) -> SpanWrites {
    if writes.replace_all || touched.is_empty() {
        return writes;
    }
    let mut touched = touched.to_vec();
    touched.sort_unstable();
    touched.dedup();
    let put: HashSet<u64> = writes.put.iter().map(|a| a.id).collect();
    let mut kept = vec![false; touched.len()];
    for span in spans.annotations() {
        if let Ok(at) = touched.binary_search(&span.id) {
            kept[at] = true;
            if !put.contains(&span.id) {
                writes.put.push(span.clone());
            }
        }
    }
    for (id, kept) in touched.iter().zip(kept) {
        if !kept && !writes.delete.contains(id) {
            writes.delete.push(*id);
        }
    }
    writes.delete.sort_unstable();
    writes
}

/// The ids of the spans that `writes` write or remove.
pub fn touched(writes: &SpanWrites) -> Vec<u64> {
    writes.put.iter().map(|a| a.id).chain(writes.delete.iter().copied()).collect()
}

/// The span id of a record's key (see [`record_key`]); `None` for a head's key.
pub fn record_id(key: &str) -> Option<u64> {
    key.rsplit_once(SEPARATOR).and_then(|(_, id)| id.parse().ok())
}

// The tests import articles, which needs the native HTML reader.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
