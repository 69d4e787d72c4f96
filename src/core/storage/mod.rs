//! What the browser keeps, and in which shape: the schema of stored data, versioned so that
//! older data is migrated forward and data that does not decode is never taken for empty.

use crate::core::annotation::{Annotation, Relation};
use crate::core::corpus::Entry;
use crate::core::labels::LabelSet;
use crate::core::model::{Document, InvalidDocument};
use crate::core::spans::{DocSpans, SpansError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub mod journal;
pub mod span_records;

/// Version of the stored shape. Raise it with every change and add the migration below.
/// 2: IndexedDB keeps a document's spans one record each ([`span_records`]); every other shape
/// is as in 1, and the inline spans of 1 are still read.
pub const SCHEMA_VERSION: u32 = 2;

/// Key of the document open in the view.
pub const CURRENT_DOCUMENT_KEY: &str = "biaozhu:current-document";

/// Key of the label set (shared by every document).
pub const LABELS_KEY: &str = "biaozhu:labels";

/// Key of the app's settings (language, layer filter).
pub const SETTINGS_KEY: &str = "biaozhu:settings";

const SPANS_KEY_PREFIX: &str = "biaozhu:spans:";

/// Key of the spans and relations of the document with id `doc_id`.
pub fn spans_key(doc_id: &str) -> String {
    format!("{SPANS_KEY_PREFIX}{doc_id}")
}

/// The id of the document whose spans `key` holds, when it is a [`spans_key`].
pub fn doc_of_spans_key(key: &str) -> Option<&str> {
    key.strip_prefix(SPANS_KEY_PREFIX).filter(|id| !id.is_empty())
}

/// Prefix of keys under which undecodable data is set aside for the analyst, never deleted.
pub const QUARANTINE_PREFIX: &str = "biaozhu:unreadable:";

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum StoredDataError {
    #[error("stored data is not readable JSON: {0}")]
    NotJson(String),
    #[error("stored data has schema version {found}, newer than this app's {SCHEMA_VERSION}")]
    TooNew { found: u32 },
    #[error("stored data does not have the expected shape: {0}")]
    BadShape(String),
    #[error("stored document is inconsistent: {0}")]
    Invalid(#[from] InvalidDocument),
    #[error("stored spans do not fit their document: {0}")]
    Spans(#[from] SpansError),
}

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    schema: u32,
    data: T,
}

/// The stored form of the open document.
pub fn encode_document(doc: &Document) -> String {
    serde_json::to_string(&Envelope { schema: SCHEMA_VERSION, data: doc }).unwrap_or_default()
}

/// Reads the stored form back, refusing anything it cannot vouch for.
pub fn decode_document(raw: &str) -> Result<Document, StoredDataError> {
    let doc: Document = open_envelope(raw)?;
    doc.validate()?;
    Ok(doc)
}

/// The stored form of a label set.
pub fn encode_labels(labels: &LabelSet) -> String {
    serde_json::to_string(&Envelope { schema: SCHEMA_VERSION, data: labels }).unwrap_or_default()
}

/// Reads a stored label set (its invariants are re-checked while it is read).
pub fn decode_labels(raw: &str) -> Result<LabelSet, StoredDataError> {
    open_envelope(raw)
}

#[derive(Deserialize)]
struct StoredSpans {
    annotations: Vec<Annotation>,
    relations: Vec<Relation>,
    next_id: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<crate::core::spans::Rejected>,
}

/// [`StoredSpans`] as written: borrowed, so that saving copies nothing before serialising.
#[derive(Serialize)]
struct StoredSpansRef<'a> {
    annotations: &'a [std::rc::Rc<Annotation>],
    relations: &'a [Relation],
    next_id: u64,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    rejected: &'a [crate::core::spans::Rejected],
}

/// The stored form of a document's spans and relations.
pub fn encode_spans(spans: &DocSpans) -> String {
    let data = StoredSpansRef {
        annotations: spans.annotations(),
        relations: spans.relations(),
        next_id: spans.next_id(),
        rejected: spans.rejected(),
    };
    serde_json::to_string(&Envelope { schema: SCHEMA_VERSION, data }).unwrap_or_default()
}

/// Reads stored spans back, checking every one against the text of their document.
pub fn decode_spans(raw: &str, text: &str) -> Result<DocSpans, StoredDataError> {
    let stored: StoredSpans = open_envelope(raw)?;
    Ok(DocSpans::from_parts(stored.annotations, stored.relations, stored.next_id, text)?.with_rejected(stored.rejected))
}

/// The stored form of a document-list entry.
pub fn encode_entry(entry: &Entry) -> String {
    serde_json::to_string(&Envelope { schema: SCHEMA_VERSION, data: entry }).unwrap_or_default()
}

pub fn decode_entry(raw: &str) -> Result<Entry, StoredDataError> {
    open_envelope(raw)
}

/// Checks the schema version and reads the data of an envelope.
fn open_envelope<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, StoredDataError> {
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|e| StoredDataError::NotJson(e.to_string()))?;
    let schema = value.get("schema").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let schema = u32::try_from(schema).unwrap_or(u32::MAX);
    if schema > SCHEMA_VERSION {
        return Err(StoredDataError::TooNew { found: schema });
    }
    let envelope: Envelope<T> = serde_json::from_value(value).map_err(|e| StoredDataError::BadShape(e.to_string()))?;
    Ok(envelope.data)
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;

    fn doc() -> Document {
        import_file("a.md", "---\ntitle: 标题\n---\n<p>正文😀</p><p>二</p>".as_bytes()).expect("imports")
    }

    #[test]
    fn a_spans_key_names_its_document_and_no_other_key_does() {
        assert_eq!(doc_of_spans_key(&spans_key("0fec31c336382fed")), Some("0fec31c336382fed"));
        for key in [
            CURRENT_DOCUMENT_KEY.to_string(),
            LABELS_KEY.to_string(),
            SETTINGS_KEY.to_string(),
            format!("{QUARANTINE_PREFIX}{}:1700000000000", spans_key("abc")),
            "biaozhu:spans:".to_string(),
            "other:biaozhu:spans:abc".to_string(),
        ] {
            assert_eq!(doc_of_spans_key(&key), None, "{key}");
        }
    }

    #[test]
    fn round_trips() {
        let d = doc();
        assert_eq!(decode_document(&encode_document(&d)), Ok(d));
    }

    #[test]
    fn labels_and_spans_round_trip_and_are_checked() {
        let d = doc();
        let labels = LabelSet::defaults();
        assert_eq!(decode_labels(&encode_labels(&labels)), Ok(labels.clone()));
        let mut ws = crate::core::workspace::Workspace::new(std::rc::Rc::new(d.clone()), labels, DocSpans::default());
        ws.tag(3, 6, "ORG").expect("tags");
        let raw = encode_spans(ws.spans());
        assert_eq!(decode_spans(&raw, &d.text).as_ref(), Ok(ws.spans()));
        let other_text = "完全不同的一段文字，长度也不一样";
        assert!(matches!(decode_spans(&raw, other_text), Err(StoredDataError::Spans(_))));
    }

    #[test]
    fn refuses_what_it_cannot_vouch_for() {
        let good = encode_document(&doc());
        let too_new = good.replacen(&format!("\"schema\":{SCHEMA_VERSION}"), "\"schema\":99", 1);
        let bad_offsets = good.replacen("\"end\":2", "\"end\":200", 1);
        type Expect = fn(&StoredDataError) -> bool;
        let cases: Vec<(&str, Expect)> = vec![
            ("{not json", |e| matches!(e, StoredDataError::NotJson(_))),
            (&too_new, |e| matches!(e, StoredDataError::TooNew { found: 99 })),
            ("{\"schema\":2,\"data\":{\"id\":3}}", |e| matches!(e, StoredDataError::BadShape(_))),
            (&bad_offsets, |e| matches!(e, StoredDataError::Invalid(_))),
        ];
        for (raw, expected) in cases {
            let err = decode_document(raw).expect_err(raw);
            assert!(expected(&err), "{raw}: {err}");
        }
    }
}
