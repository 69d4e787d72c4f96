//! doccano's sequence-labelling JSONL, read in: one document a line, its text in `text` (or
//! `data`, as some versions write it) and its spans either as `label: [[start, end, "LABEL"],
//! …]` or as `entities: [{"id", "start_offset", "end_offset", "label"}]`, with `relations:
//! [{"id", "from_id", "to_id", "type"}]` in the second form.
//!
//! doccano quotes no text, so offsets are checked against the text's length only, and their
//! unit matters: doccano's web interface counts UTF-16 code units (an emoji counts two), while
//! files written by Python scripts count code points. The caller says which
//! ([`OffsetUnit::Utf16`] for files exported by doccano); with [`OffsetUnit::Auto`], a
//! document whose offsets fit both ways and mean different spans is refused rather than
//! guessed. A conversion is said in the import's notes.

use super::foreign::{Builder, ForeignImport, ForeignRelation, ForeignSpan, OffsetUnit};
use super::FormatError;
use crate::core::labels::LabelSet;
use serde_json::Value;

/// Reads a doccano JSONL export.
pub fn read_doccano(jsonl: &str, labels: &LabelSet, unit: OffsetUnit) -> Result<ForeignImport, FormatError> {
    let jsonl = jsonl.strip_prefix('\u{feff}').unwrap_or(jsonl);
    let mut builder = Builder::new("doccano", labels);
    let mut any = false;
    for (i, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        let at = format!("line {}", i + 1);
        let value: Value =
            serde_json::from_str(line).map_err(|e| FormatError::Json { at: at.clone(), message: e.to_string() })?;
        let text = value
            .get("text")
            .or_else(|| value.get("data"))
            .and_then(Value::as_str)
            .ok_or_else(|| malformed(&at, "has no `text`"))?;
        let (spans, relations) = match (value.get("entities"), value.get("label").or_else(|| value.get("labels"))) {
            (Some(entities), _) => (entities_form(&at, entities)?, relations(&at, value.get("relations"))?),
            (None, Some(list)) => (list_form(&at, list)?, Vec::new()),
            (None, None) => (Vec::new(), Vec::new()),
        };
        builder.document(&at, text, spans, relations, unit)?;
    }
    if !any {
        return Err(malformed("the file", "is empty"));
    }
    Ok(builder.finish())
}

fn malformed(at: &str, message: &str) -> FormatError {
    FormatError::Malformed { at: at.to_string(), message: message.to_string() }
}

fn number(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok())
}

/// `label: [[start, end, "LABEL"], …]`.
fn list_form(at: &str, list: &Value) -> Result<Vec<ForeignSpan>, FormatError> {
    let items = list.as_array().ok_or_else(|| malformed(at, "`label` is not a list"))?;
    let mut spans = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let triple = item.as_array().map(Vec::as_slice).unwrap_or_default();
        let (Some(start), Some(end), Some(label)) =
            (number(triple.first()), number(triple.get(1)), triple.get(2).and_then(Value::as_str))
        else {
            return Err(malformed(at, &format!("label {} is not [start, end, \"LABEL\"]", n + 1)));
        };
        spans.push(ForeignSpan {
            key: format!("{}", n + 1),
            start,
            end,
            label: label.into(),
            quote: None,
            fields: vec![],
        });
    }
    Ok(spans)
}

/// `entities: [{"id", "start_offset", "end_offset", "label"}]`.
fn entities_form(at: &str, entities: &Value) -> Result<Vec<ForeignSpan>, FormatError> {
    let items = entities.as_array().ok_or_else(|| malformed(at, "`entities` is not a list"))?;
    let mut spans = Vec::with_capacity(items.len());
    for (n, e) in items.iter().enumerate() {
        let (Some(start), Some(end), Some(label)) =
            (number(e.get("start_offset")), number(e.get("end_offset")), e.get("label").and_then(Value::as_str))
        else {
            return Err(malformed(at, &format!("entity {} has no start_offset, end_offset and label", n + 1)));
        };
        let key = e.get("id").map_or_else(|| format!("{}", n + 1), |id| id.to_string().trim_matches('"').to_string());
        spans.push(ForeignSpan { key, start, end, label: label.into(), quote: None, fields: vec![] });
    }
    Ok(spans)
}

/// `relations: [{"id", "from_id", "to_id", "type"}]`.
fn relations(at: &str, relations: Option<&Value>) -> Result<Vec<ForeignRelation>, FormatError> {
    let Some(items) = relations.and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(items.len());
    for (n, r) in items.iter().enumerate() {
        let id = |k: &str| r.get(k).filter(|v| !v.is_null()).map(|v| v.to_string().trim_matches('"').to_string());
        let (Some(from), Some(to)) = (id("from_id"), id("to_id")) else {
            return Err(malformed(at, &format!("relation {} has no from_id and to_id", n + 1)));
        };
        let label = r.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
        out.push(ForeignRelation { key: id("id"), from, to, label });
    }
    Ok(out)
}
