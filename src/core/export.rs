//! The native export: the whole state of the work in one JSON file that re-imports exactly.
//! Offsets are Unicode code points; every span is checked against the text before anything is
//! written, so a consumer can rely on `text[start:end] == span.text`.

use crate::core::annotation::{Annotation, Relation};
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::{Block, Document, Meta};
use crate::core::spans::{DocSpans, SpansError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const FORMAT: &str = "biaozhu";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ExportError {
    #[error("document {doc}: {source}")]
    Span { doc: String, source: SpansError },
    #[error("span {id} in document {doc} uses label {label}, which is not in the label set")]
    UnknownLabel { doc: String, id: u64, label: String },
}

#[derive(Serialize, Deserialize)]
pub struct NativeExport {
    pub format: String,
    pub version: u32,
    pub labels: Vec<ExportLabel>,
    pub documents: Vec<ExportDocument>,
}

#[derive(Serialize, Deserialize)]
pub struct ExportLabel {
    pub id: String,
    pub name: String,
    pub layer: Layer,
    pub color: String,
    pub hotkey: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct ExportDocument {
    pub id: String,
    pub title: String,
    pub meta: Meta,
    pub text: String,
    pub blocks: Vec<Block>,
    pub normalization: u32,
    pub annotations: Vec<Annotation>,
    pub relations: Vec<Relation>,
    /// The next span id: kept so that ids stay unique after a re-import.
    pub next_id: u64,
}

/// The native export of `docs` with their spans, as pretty-printed JSON.
pub fn native_json(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<String, ExportError> {
    let mut documents = Vec::with_capacity(docs.len());
    for (doc, spans) in docs {
        spans.validate(&doc.text).map_err(|source| ExportError::Span { doc: doc.id.clone(), source })?;
        if let Some(a) = spans.annotations().iter().find(|a| labels.get(&a.label).is_none()) {
            return Err(ExportError::UnknownLabel { doc: doc.id.clone(), id: a.id, label: a.label.clone() });
        }
        documents.push(ExportDocument {
            id: doc.id.clone(),
            title: doc.title.clone(),
            meta: doc.meta.clone(),
            text: doc.text.clone(),
            blocks: doc.blocks.clone(),
            normalization: doc.normalization,
            annotations: spans.annotations().to_vec(),
            relations: spans.relations().to_vec(),
            next_id: spans.next_id(),
        });
    }
    let export = NativeExport {
        format: FORMAT.to_string(),
        version: FORMAT_VERSION,
        labels: labels
            .iter()
            .map(|l| ExportLabel {
                id: l.id.clone(),
                name: l.name.clone(),
                layer: l.layer,
                color: l.color.clone(),
                hotkey: l.hotkey.map(String::from),
            })
            .collect(),
        documents,
    };
    Ok(serde_json::to_string_pretty(&export).unwrap_or_default())
}

/// A file name for the export of one document: its title, made safe, plus `.biaozhu.json`.
pub fn file_name_for(doc: &Document) -> String {
    let safe: String =
        doc.title.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).take(40).collect();
    format!("{}.biaozhu.json", safe.trim_matches('_'))
}
