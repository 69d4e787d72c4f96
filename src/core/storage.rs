//! What the browser keeps, and in which shape: the schema of stored data, versioned so that
//! older data is migrated forward and data that does not decode is never taken for empty.

use crate::core::model::{Document, InvalidDocument};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Version of the stored shape. Raise it with every change and add the migration below.
pub const SCHEMA_VERSION: u32 = 1;

/// Key of the document open in the view.
pub const CURRENT_DOCUMENT_KEY: &str = "biaozhu:current-document";

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
    let value: serde_json::Value = serde_json::from_str(raw).map_err(|e| StoredDataError::NotJson(e.to_string()))?;
    let schema = value.get("schema").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let schema = u32::try_from(schema).unwrap_or(u32::MAX);
    if schema > SCHEMA_VERSION {
        return Err(StoredDataError::TooNew { found: schema });
    }
    let envelope: Envelope<Document> =
        serde_json::from_value(value).map_err(|e| StoredDataError::BadShape(e.to_string()))?;
    envelope.data.validate()?;
    Ok(envelope.data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::import_file;

    fn doc() -> Document {
        import_file("a.md", "---\ntitle: 标题\n---\n<p>正文😀</p><p>二</p>".as_bytes()).expect("imports")
    }

    #[test]
    fn round_trips() {
        let d = doc();
        assert_eq!(decode_document(&encode_document(&d)), Ok(d));
    }

    #[test]
    fn refuses_what_it_cannot_vouch_for() {
        let good = encode_document(&doc());
        let too_new = good.replacen("\"schema\":1", "\"schema\":99", 1);
        let bad_offsets = good.replacen("\"end\":2", "\"end\":200", 1);
        type Expect = fn(&StoredDataError) -> bool;
        let cases: Vec<(&str, Expect)> = vec![
            ("{not json", |e| matches!(e, StoredDataError::NotJson(_))),
            (&too_new, |e| matches!(e, StoredDataError::TooNew { found: 99 })),
            ("{\"schema\":1,\"data\":{\"id\":3}}", |e| matches!(e, StoredDataError::BadShape(_))),
            (&bad_offsets, |e| matches!(e, StoredDataError::Invalid(_))),
        ];
        for (raw, expected) in cases {
            let err = decode_document(raw).expect_err(raw);
            assert!(expected(&err), "{raw}: {err}");
        }
    }
}
