//! Reading a native export back: the native JSON (one object with `format`, `version`,
//! `labels`, `documents`) or the native JSONL ([`super::jsonl`], one document a line).
//!
//! Nothing read is trusted: the format name and version are checked before anything else,
//! then the label set is rebuilt through its own checks, every document through
//! [`Document::validate`] (and its id against its text), every document's spans through
//! [`DocSpans::from_parts`] and [`check_document`] (offsets, quotes, ids, relations, labels,
//! layers, attributes). The first problem refuses the whole file, named in the error; what is
//! returned is complete. Exporting it again gives the same bytes.

use super::FormatError;
use crate::core::export::{check_document, ExportDocument, ExportLabel, Statuses, FORMAT, FORMAT_VERSION};
use crate::core::import::document_id;
use crate::core::labels::{Label, LabelSet};
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// A native export, read back and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeCorpus {
    pub labels: LabelSet,
    /// The documents in the order of the file, each with its spans and relations.
    pub documents: Vec<(Document, DocSpans)>,
    /// The status of each document that had one, by document id.
    pub statuses: Statuses,
}

impl NativeCorpus {
    /// The documents as the writers take them.
    pub fn pairs(&self) -> Vec<(&Document, &DocSpans)> {
        self.documents.iter().map(|(d, s)| (d, s)).collect()
    }

    /// Span count, for summaries.
    pub fn span_count(&self) -> usize {
        self.documents.iter().map(|(_, s)| s.annotations().len()).sum()
    }
}

/// Reads a native JSON or JSONL export (told apart by their shape: the JSON export is one
/// object with `documents`; a JSONL export has one document object a line).
pub fn read_native(input: &str) -> Result<NativeCorpus, FormatError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let first_line = input.lines().map(str::trim).find(|l| !l.is_empty());
    let Some(first_line) = first_line else {
        return Err(FormatError::Malformed { at: "the file".into(), message: "is empty".into() });
    };
    let whole = serde_json::from_str::<Value>(input);
    match whole {
        Ok(Value::Object(map)) if map.contains_key("documents") => read_json(map),
        // One object on one line: a JSONL export of one document.
        Ok(Value::Object(_)) => read_jsonl(input),
        Ok(_) => Err(FormatError::Malformed {
            at: "the file".into(),
            message: "is not a biaozhu export (expected a JSON object)".into(),
        }),
        // A pretty-printed file opens with a lone brace: report its error as one JSON file.
        Err(e) if first_line == "{" => Err(FormatError::Json { at: "the file".into(), message: e.to_string() }),
        Err(_) => read_jsonl(input),
    }
}

fn read_json(mut map: Map<String, Value>) -> Result<NativeCorpus, FormatError> {
    let at = "the file";
    check_header(at, &map)?;
    let labels: Vec<ExportLabel> = take(at, &mut map, "labels")?;
    let labels = label_set(at, labels.into_iter().map(|l| (at.to_string(), l)), false)?;
    let documents = match map.remove("documents") {
        Some(Value::Array(docs)) => docs,
        _ => return Err(FormatError::Malformed { at: at.into(), message: "`documents` is not a list".into() }),
    };
    let mut corpus = Corpus::new(labels);
    for (i, value) in documents.into_iter().enumerate() {
        let at = format!("document {}", i + 1);
        let doc: ExportDocument =
            serde_json::from_value(value).map_err(|e| FormatError::Json { at, message: e.to_string() })?;
        corpus.add(doc)?;
    }
    Ok(corpus.finish())
}

fn read_jsonl(input: &str) -> Result<NativeCorpus, FormatError> {
    let mut lines = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = format!("line {}", i + 1);
        let value: Value =
            serde_json::from_str(line).map_err(|e| FormatError::Json { at: at.clone(), message: e.to_string() })?;
        let Value::Object(map) = value else {
            return Err(FormatError::Malformed { at, message: "is not a JSON object".into() });
        };
        check_header(&at, &map)?;
        // A line is a document with the header and the label set beside its fields: those are
        // taken out, and the rest read as the document (no flattening deserialiser in the app).
        let mut map = map;
        map.remove("format");
        map.remove("version");
        let json = |e: serde_json::Error| FormatError::Json { at: at.clone(), message: e.to_string() };
        let labels: Vec<ExportLabel> = match map.remove("labels") {
            Some(labels) => serde_json::from_value(labels).map_err(json)?,
            None => return Err(FormatError::Json { at, message: "missing field `labels`".into() }),
        };
        let document: ExportDocument = serde_json::from_value(Value::Object(map)).map_err(json)?;
        lines.push((at, document, labels));
    }
    // Every line carries the label set: they are merged, and must agree.
    let mut all_labels = Vec::new();
    for (at, _, labels) in &mut lines {
        all_labels.extend(std::mem::take(labels).into_iter().map(|label| (at.clone(), label)));
    }
    let labels = label_set("the file", all_labels.into_iter(), true)?;
    let mut corpus = Corpus::new(labels);
    for (_, document, _) in lines {
        corpus.add(document)?;
    }
    Ok(corpus.finish())
}

/// Refuses a file of another format or of an unknown version before its shape is read.
fn check_header(at: &str, map: &Map<String, Value>) -> Result<(), FormatError> {
    match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(Value::String(other)) => return Err(FormatError::UnknownFormat { at: at.into(), found: other.clone() }),
        Some(_) => return Err(FormatError::UnknownFormat { at: at.into(), found: "not a string".into() }),
        None => return Err(FormatError::UnknownFormat { at: at.into(), found: "missing".into() }),
    }
    match map.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        Some(found) => Err(FormatError::UnknownVersion { at: at.into(), found, supported: FORMAT_VERSION }),
        None => Err(FormatError::Malformed { at: at.into(), message: "has no format version (`version`)".into() }),
    }
}

fn take<T: serde::de::DeserializeOwned>(at: &str, map: &mut Map<String, Value>, key: &str) -> Result<T, FormatError> {
    let value = map.remove(key).unwrap_or(Value::Null);
    serde_json::from_value(value)
        .map_err(|e| FormatError::Json { at: format!("{at}, `{key}`"), message: e.to_string() })
}

/// The label set from exported labels, re-checked. With `merge` (the label sets of JSONL lines),
/// a label given again must be given the same and counts once; without, it is a duplicate.
fn label_set(
    at: &str,
    exported: impl Iterator<Item = (String, ExportLabel)>,
    merge: bool,
) -> Result<LabelSet, FormatError> {
    let mut labels: Vec<(String, Label)> = Vec::new();
    for (where_, l) in exported {
        let mut chars = l.hotkey.as_deref().map(str::chars);
        let hotkey = match chars.as_mut().map(|c| (c.next(), c.next())) {
            None => None,
            Some((Some(key), None)) => Some(key),
            Some(_) => {
                return Err(FormatError::Malformed {
                    at: where_,
                    message: format!("label {}: hotkey {:?} is not one character", l.id, l.hotkey.unwrap_or_default()),
                })
            }
        };
        let label = Label { id: l.id, name: l.name, layer: l.layer, color: l.color, hotkey };
        match labels.iter().find(|(_, known)| merge && known.id == label.id) {
            Some((first, known)) if *known != label => {
                return Err(FormatError::Malformed {
                    at: where_,
                    message: format!("label {} is not the same as on {first}", label.id),
                })
            }
            Some(_) => {}
            None => labels.push((where_, label)),
        }
    }
    LabelSet::try_from(labels.into_iter().map(|(_, l)| l).collect::<Vec<_>>())
        .map_err(|source| FormatError::Labels { at: at.into(), source })
}

/// Documents being restored, each checked as it is added.
struct Corpus {
    labels: LabelSet,
    documents: Vec<(Document, DocSpans)>,
    statuses: Statuses,
    seen: HashSet<String>,
}

impl Corpus {
    fn new(labels: LabelSet) -> Self {
        Corpus { labels, documents: Vec::new(), statuses: Statuses::new(), seen: HashSet::new() }
    }

    fn add(&mut self, d: ExportDocument) -> Result<(), FormatError> {
        let doc = Document {
            id: d.id,
            title: d.title,
            meta: d.meta,
            text: d.text,
            blocks: d.blocks,
            normalization: d.normalization,
        };
        let id = doc.id.clone();
        doc.validate().map_err(|source| FormatError::Document { doc: id.clone(), source })?;
        let expected = document_id(&doc.text);
        if expected != id {
            return Err(FormatError::IdMismatch { doc: id, expected });
        }
        if !self.seen.insert(id.clone()) {
            return Err(FormatError::DuplicateDocument { doc: id });
        }
        let spans = DocSpans::from_parts(d.annotations, d.relations, d.next_id, &doc.text)
            .map_err(|source| FormatError::Spans { doc: id.clone(), source })?;
        check_document(&self.labels, &doc, &spans)?;
        if let Some(status) = d.status {
            self.statuses.insert(id, status);
        }
        self.documents.push((doc, spans));
        Ok(())
    }

    fn finish(self) -> NativeCorpus {
        NativeCorpus { labels: self.labels, documents: self.documents, statuses: self.statuses }
    }
}
