//! spaCy / Prodigy JSONL: one document a line,
//! `{"text": …, "spans": [{"start", "end", "label", "text"}], "meta": {…}}`.
//!
//! Offsets are code points, which is what spaCy's `Doc.char_span(start, end)` takes; with the
//! character-based Chinese tokenizer of `spacy.blank("zh")` every span aligns with tokens
//! (`alignment_mode="strict"`). Spans of every layer are written, in reading order, so nested
//! and overlapping ones are all there (as Prodigy's span categorisation and spaCy's
//! `doc.spans` hold them; keep one layer for `doc.ents`). `label` is the label id (`ORG`),
//! unique across layers. Suggestions (unconfirmed spans) are left out. `meta` holds the
//! document's id and title, and its source file and date when known.

use super::{check_all, training_spans, FormatError};
use crate::core::labels::LabelSet;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    spans: Vec<Span<'a>>,
    meta: Meta<'a>,
}

#[derive(Serialize)]
struct Span<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Meta<'a> {
    doc_id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
}

/// The spaCy / Prodigy JSONL of `docs`, one line (ending in `\n`) per document.
pub fn spacy_jsonl(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<String, FormatError> {
    check_all(labels, docs)?;
    let mut out = String::new();
    for (doc, spans) in docs {
        let line = Line {
            text: &doc.text,
            spans: training_spans(spans)
                .map(|a| Span { start: a.start, end: a.end, label: &a.label, text: &a.text })
                .collect(),
            meta: Meta {
                doc_id: &doc.id,
                title: &doc.title,
                source_file: doc.meta.source_file.as_deref(),
                date: doc.meta.date.as_deref(),
            },
        };
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    Ok(out)
}
