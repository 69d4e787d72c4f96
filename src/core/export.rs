//! The native export: the whole state of the work in one JSON file that re-imports exactly
//! ([`crate::core::formats::read_native`]), each document with its status in the corpus when
//! one is given. Offsets are Unicode code points; every span is checked against the text
//! before anything is written, so a consumer can rely on `text[start:end] == span.text`.

use crate::core::annotation::{Annotation, AttributeError, Relation};
use crate::core::corpus::Status;
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::{Block, Document, Meta};
use crate::core::spans::{DocSpans, SpansError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

pub const FORMAT: &str = "biaozhu";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ExportError {
    #[error("document {doc}: {source}")]
    Span { doc: String, source: SpansError },
    #[error("span {id} in document {doc} uses label {label}, which is not in the label set")]
    UnknownLabel { doc: String, id: u64, label: String },
    #[error(
        "span {id} in document {doc} is on the {layer} layer, but its label {label} belongs to the {label_layer} layer"
    )]
    LayerMismatch { doc: String, id: u64, label: String, layer: &'static str, label_layer: &'static str },
    #[error("span {id} in document {doc}: {source}")]
    Attributes { doc: String, id: u64, source: AttributeError },
}

/// Each document's progress in the corpus, by document id. Documents without an entry are
/// exported without a `status` field.
pub type Statuses = BTreeMap<String, Status>;

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
    /// The document's progress in the corpus (absent when the export was made without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

/// Checks one document's spans before anything of it is written: every span inside the text
/// and quoting it exactly, ids unique, relations whole, every label in `labels` and of the
/// span's layer, attributes fit for that layer. The first problem is the error, naming the span.
pub fn check_document(labels: &LabelSet, doc: &Document, spans: &DocSpans) -> Result<(), ExportError> {
    spans.validate(&doc.text).map_err(|source| ExportError::Span { doc: doc.id.clone(), source })?;
    for a in spans.annotations() {
        let Some(label) = labels.get(&a.label) else {
            return Err(ExportError::UnknownLabel { doc: doc.id.clone(), id: a.id, label: a.label.clone() });
        };
        if label.layer != a.layer {
            return Err(ExportError::LayerMismatch {
                doc: doc.id.clone(),
                id: a.id,
                label: a.label.clone(),
                layer: a.layer.as_str(),
                label_layer: label.layer.as_str(),
            });
        }
        a.attributes.validate(a.layer).map_err(|source| ExportError::Attributes {
            doc: doc.id.clone(),
            id: a.id,
            source,
        })?;
    }
    Ok(())
}

/// The label set in its exported form.
pub fn export_labels(labels: &LabelSet) -> Vec<ExportLabel> {
    labels
        .iter()
        .map(|l| ExportLabel {
            id: l.id.clone(),
            name: l.name.clone(),
            layer: l.layer,
            color: l.color.clone(),
            hotkey: l.hotkey.map(String::from),
        })
        .collect()
}

/// One document in its exported form (after [`check_document`]).
pub fn export_document(doc: &Document, spans: &DocSpans, status: Option<Status>) -> ExportDocument {
    ExportDocument {
        id: doc.id.clone(),
        title: doc.title.clone(),
        meta: doc.meta.clone(),
        text: doc.text.clone(),
        blocks: doc.blocks.clone(),
        normalization: doc.normalization,
        annotations: spans.annotations().iter().map(|a| (**a).clone()).collect(),
        relations: spans.relations().to_vec(),
        next_id: spans.next_id(),
        status,
    }
}

/// The native export of `docs`, checked, with the statuses of those that have one.
pub fn native_export(
    labels: &LabelSet,
    docs: &[(&Document, &DocSpans)],
    statuses: &Statuses,
) -> Result<NativeExport, ExportError> {
    let mut documents = Vec::with_capacity(docs.len());
    for (doc, spans) in docs {
        check_document(labels, doc, spans)?;
        documents.push(export_document(doc, spans, statuses.get(&doc.id).copied()));
    }
    Ok(NativeExport { format: FORMAT.to_string(), version: FORMAT_VERSION, labels: export_labels(labels), documents })
}

/// The native export of `docs` with their spans, as pretty-printed JSON.
pub fn native_json(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<String, ExportError> {
    native_json_with_statuses(labels, docs, &Statuses::new())
}

/// [`native_json`] with each document's status in the corpus (see [`ExportDocument::status`]).
pub fn native_json_with_statuses(
    labels: &LabelSet,
    docs: &[(&Document, &DocSpans)],
    statuses: &Statuses,
) -> Result<String, ExportError> {
    let export = native_export(labels, docs, statuses)?;
    Ok(serde_json::to_string_pretty(&export).unwrap_or_default())
}

/// A file name for the export of one document: its title, made safe, plus `.biaozhu.json`.
pub fn file_name_for(doc: &Document) -> String {
    let safe: String =
        doc.title.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).take(40).collect();
    format!("{}.biaozhu.json", safe.trim_matches('_'))
}
