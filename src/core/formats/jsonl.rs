//! Native JSONL: one document a line, with the same fields as a document of the native JSON
//! export ([`crate::core::export::ExportDocument`]), and on every line the `format`, the
//! `version` and the whole label set, so that each line is a complete export of its document:
//! lines can be split, shuffled and concatenated, and still read back
//! ([`super::native_read::read_native`]). Suggestions are kept, as in the native JSON.

use super::FormatError;
use crate::core::export::{native_export, ExportDocument, ExportLabel, Statuses, FORMAT, FORMAT_VERSION};
use crate::core::labels::LabelSet;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use serde::Serialize;

/// One line of a native JSONL export: a document's fields with the header and the label set.
#[derive(Serialize)]
struct LineRef<'a> {
    format: &'a str,
    version: u32,
    #[serde(flatten)]
    document: &'a ExportDocument,
    labels: &'a [ExportLabel],
}

/// The native JSONL export of `docs`: every span checked first, then one line per document,
/// each ending in `\n`.
pub fn native_jsonl(
    labels: &LabelSet,
    docs: &[(&Document, &DocSpans)],
    statuses: &Statuses,
) -> Result<String, FormatError> {
    let export = native_export(labels, docs, statuses)?;
    let mut out = String::new();
    for document in &export.documents {
        let line = LineRef { format: FORMAT, version: FORMAT_VERSION, document, labels: &export.labels };
        out.push_str(&serde_json::to_string(&line).unwrap_or_default());
        out.push('\n');
    }
    Ok(out)
}
