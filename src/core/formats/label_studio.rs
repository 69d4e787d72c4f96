//! Label Studio: tasks to carry the work over ([`label_studio_json`], with the labeling
//! configuration they need from [`label_studio_config`]), and Label Studio's JSON export
//! read back in ([`read_label_studio`]).
//!
//! A task is `{"data": {"text", "doc_id", "title", "source_file"?}, "annotations": [{"result":
//! […]}]}`, one completed annotation per document holding:
//! - per span, a `labels` region `{"id": "s<span id>", "from_name": "label", "to_name": "text",
//!   "value": {"start", "end", "text", "labels": [label id]}}` (offsets in code points, as Label
//!   Studio counts them since it stopped counting UTF-16 code units);
//! - per attribute and note, a per-region result with the same `id`: `choices` from
//!   `qualifier`, `textarea` from `value`, `unit`, `currency`, `name` and `note`;
//! - per relation, `{"type": "relation", "from_id", "to_id", "direction": "right",
//!   "labels": [label]}`.
//!
//! Suggestions (unconfirmed spans) and their relations are left out.
//!
//! Reading takes the JSON export (a list of tasks; `annotations`, or `completions` of old
//! versions; the first annotation not cancelled) or the JSON-MIN export (`{"text", "label":
//! [{"start", "end", "text", "labels"}]}`). The text is `data.text`, or the one text field of
//! `data`. Offsets are checked against the quoted `text` of each region; old versions counted
//! UTF-16 code units, which are recognised and converted, and said so.

use super::foreign::{Builder, ForeignImport, ForeignRelation, ForeignSpan, OffsetUnit};
use super::{check_all, training_relations, training_spans, FormatError};
use crate::core::annotation::Qualifier;
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use serde::Serialize;
use serde_json::{Map, Value};

/// The `from_name` of the labels control, and the `to_name` of the text, in the configuration.
pub const LABELS_NAME: &str = "label";
pub const TEXT_NAME: &str = "text";

/// The per-region text fields of the configuration, in order.
const TEXT_FIELDS: [&str; 5] = ["value", "unit", "currency", "name", "note"];

/// Label Studio tasks for `docs`, pretty-printed.
pub fn label_studio_json(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<String, FormatError> {
    check_all(labels, docs)?;
    let mut tasks = Vec::with_capacity(docs.len());
    for (doc, spans) in docs {
        let mut result = Vec::new();
        for a in training_spans(spans) {
            let id = format!("s{}", a.id);
            let region = |kind, from_name, value| {
                Region::Span(SpanRegion {
                    from_name,
                    id: id.clone(),
                    origin: "manual",
                    to_name: TEXT_NAME,
                    kind,
                    value,
                })
            };
            let value = |choices, labels, text| RegionValue { choices, end: a.end, labels, start: a.start, text };
            result.push(region("labels", LABELS_NAME, value(None, Some([&a.label]), Some(Text::Quote(&a.text)))));
            if let Some(q) = a.attributes.qualifier {
                result.push(region("choices", "qualifier", value(Some([q.as_str()]), None, None)));
            }
            let attrs = &a.attributes;
            let texts = [&attrs.value, &attrs.unit, &attrs.currency, &attrs.name, &a.note];
            for (field, text) in TEXT_FIELDS.iter().zip(texts) {
                if let Some(text) = text {
                    result.push(region("textarea", field, value(None, None, Some(Text::Field([text])))));
                }
            }
        }
        for r in training_relations(spans) {
            result.push(Region::Relation(RelationRegion {
                direction: "right",
                from_id: format!("s{}", r.from),
                labels: [&r.label],
                to_id: format!("s{}", r.to),
                kind: "relation",
            }));
        }
        let data = TaskData {
            doc_id: &doc.id,
            source_file: doc.meta.source_file.as_deref(),
            text: &doc.text,
            title: &doc.title,
        };
        let annotations = if result.is_empty() { Vec::new() } else { vec![Completed { result }] };
        tasks.push(Task { annotations, data });
    }
    Ok(serde_json::to_string_pretty(&tasks).unwrap_or_default())
}

// The written shape. Fields are in alphabetical order, the order Label Studio's own exports
// (and this writer's earlier ones) have.

#[derive(Serialize)]
struct Task<'a> {
    annotations: Vec<Completed<'a>>,
    data: TaskData<'a>,
}

#[derive(Serialize)]
struct TaskData<'a> {
    doc_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_file: Option<&'a str>,
    text: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Completed<'a> {
    result: Vec<Region<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Region<'a> {
    Span(SpanRegion<'a>),
    Relation(RelationRegion<'a>),
}

#[derive(Serialize)]
struct SpanRegion<'a> {
    from_name: &'a str,
    id: String,
    origin: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: RegionValue<'a>,
}

#[derive(Serialize)]
struct RegionValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<[&'a str; 1]>,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<[&'a str; 1]>,
    start: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Text<'a>>,
}

/// A region's `text`: the quoted span text of a `labels` region, the field of a `textarea` one.
#[derive(Serialize)]
#[serde(untagged)]
enum Text<'a> {
    Quote(&'a str),
    Field([&'a str; 1]),
}

#[derive(Serialize)]
struct RelationRegion<'a> {
    direction: &'static str,
    from_id: String,
    labels: [&'a str; 1],
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The Label Studio labeling configuration (XML) that the tasks of [`label_studio_json`] need:
/// the labels with their colours and hotkeys, the relation, and the per-region fields.
pub fn label_studio_config(labels: &LabelSet) -> String {
    let mut xml = String::from("<View>\n");
    xml.push_str(&format!("  <Labels name=\"{LABELS_NAME}\" toName=\"{TEXT_NAME}\">\n"));
    for l in labels.iter() {
        let hotkey = l.hotkey.map(|k| format!(" hotkey=\"{}\"", escape(&k.to_string()))).unwrap_or_default();
        xml.push_str(&format!(
            "    <Label value=\"{}\" hint=\"{} ({})\" background=\"{}\"{hotkey}/>\n",
            escape(&l.id),
            escape(&l.name),
            l.layer.as_str(),
            escape(&l.color)
        ));
    }
    xml.push_str("  </Labels>\n");
    xml.push_str(&format!("  <Text name=\"{TEXT_NAME}\" value=\"${TEXT_NAME}\"/>\n"));
    xml.push_str("  <Relations>\n    <Relation value=\"belongs_to\"/>\n  </Relations>\n");
    xml.push_str("  <View visibleWhen=\"region-selected\">\n");
    if labels.iter().any(|l| l.layer == Layer::Figure) {
        xml.push_str(&format!(
            "    <Choices name=\"qualifier\" toName=\"{TEXT_NAME}\" perRegion=\"true\" choice=\"single\">\n"
        ));
        for q in Qualifier::ALL {
            xml.push_str(&format!("      <Choice value=\"{}\"/>\n", q.as_str()));
        }
        xml.push_str("    </Choices>\n");
    }
    for field in TEXT_FIELDS {
        xml.push_str(&format!(
            "    <TextArea name=\"{field}\" toName=\"{TEXT_NAME}\" perRegion=\"true\" maxSubmissions=\"1\" \
             editable=\"true\" placeholder=\"{field}\"/>\n"
        ));
    }
    xml.push_str("  </View>\n</View>\n");
    xml
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Reads Label Studio's JSON or JSON-MIN export: every task becomes a document.
pub fn read_label_studio(json: &str, labels: &LabelSet) -> Result<ForeignImport, FormatError> {
    let value: Value = serde_json::from_str(json.strip_prefix('\u{feff}').unwrap_or(json))
        .map_err(|e| FormatError::Json { at: "the file".into(), message: e.to_string() })?;
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => return Err(malformed("the file", "is not a list of Label Studio tasks")),
    };
    let mut builder = Builder::new("Label Studio", labels);
    for (i, task) in tasks.iter().enumerate() {
        let name = match task.get("id") {
            Some(id) if !id.is_null() => format!("task {}", id.to_string().trim_matches('"')),
            _ => format!("task {}", i + 1),
        };
        let Some(task) = task.as_object() else {
            return Err(malformed(&name, "is not a JSON object"));
        };
        let (text, file_name) = task_text(&name, task)?;
        let (spans, relations) = match task.get("data") {
            Some(_) => task_regions(&mut builder, &name, task)?,
            None => min_regions(&name, task)?,
        };
        builder.document(&file_name, &text, spans, relations, OffsetUnit::Auto)?;
    }
    Ok(builder.finish())
}

fn malformed(at: &str, message: &str) -> FormatError {
    FormatError::Malformed { at: at.to_string(), message: message.to_string() }
}

/// The task's text and a file name for its document.
fn task_text(name: &str, task: &Map<String, Value>) -> Result<(String, String), FormatError> {
    let Some(data) = task.get("data") else {
        let text =
            task.get("text").and_then(Value::as_str).ok_or_else(|| malformed(name, "has no `data` and no `text`"))?;
        return Ok((text.to_string(), format!("{name}.txt")));
    };
    let data = data.as_object().ok_or_else(|| malformed(name, "`data` is not an object"))?;
    let strings: Vec<&str> = data.values().filter_map(Value::as_str).collect();
    let text = match (data.get("text").and_then(Value::as_str), strings.as_slice()) {
        (Some(t), _) => t,
        (None, [only]) => only,
        (None, _) => return Err(malformed(name, "has no `data.text` (and not exactly one text field in `data`)")),
    };
    let file_name = data.get("source_file").and_then(Value::as_str).map_or_else(|| format!("{name}.txt"), String::from);
    Ok((text.to_string(), file_name))
}

/// Spans and relations of the JSON export's first annotation that was not cancelled.
fn task_regions(
    builder: &mut Builder,
    name: &str,
    task: &Map<String, Value>,
) -> Result<(Vec<ForeignSpan>, Vec<ForeignRelation>), FormatError> {
    let annotations = task.get("annotations").or_else(|| task.get("completions")).and_then(Value::as_array);
    let kept: Vec<&Value> = annotations
        .into_iter()
        .flatten()
        .filter(|a| a.get("was_cancelled").and_then(Value::as_bool) != Some(true))
        .collect();
    if kept.len() > 1 {
        builder.note("tasks with several annotations, of which the first was taken", name.to_string());
    }
    let Some(annotation) = kept.first() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let results = annotation.get("result").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut spans: Vec<ForeignSpan> = Vec::new();
    let mut relations = Vec::new();
    let mut fields: Vec<(String, String, String)> = Vec::new();
    for (n, r) in results.iter().enumerate() {
        let at = format!("{name}, result {}", n + 1);
        let kind = r.get("type").and_then(Value::as_str).unwrap_or_default();
        let id = r.get("id").map(|v| v.as_str().map_or_else(|| v.to_string(), String::from)).unwrap_or_default();
        let value = r.get("value").cloned().unwrap_or(Value::Null);
        match kind {
            "labels" => {
                let (start, end) = offsets(&at, &value)?;
                let quote = value.get("text").and_then(Value::as_str).map(String::from);
                let names = value.get("labels").and_then(Value::as_array).cloned().unwrap_or_default();
                if names.is_empty() {
                    return Err(malformed(&at, "is a region without a label"));
                }
                for label in names {
                    let label = label.as_str().ok_or_else(|| malformed(&at, "has a label that is not text"))?;
                    let key = if id.is_empty() { format!("result {}", n + 1) } else { id.clone() };
                    spans.push(ForeignSpan {
                        key,
                        start,
                        end,
                        label: label.into(),
                        quote: quote.clone(),
                        fields: vec![],
                    });
                }
            }
            "relation" => {
                let end = |k: &str| r.get(k).and_then(Value::as_str).map(String::from);
                let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
                    return Err(malformed(&at, "is a relation without from_id and to_id"));
                };
                let label = r
                    .get("labels")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                relations.push(ForeignRelation { key: None, from, to, label });
            }
            "choices" | "textarea" | "number" | "rating" | "taxonomy" => {
                let from_name = r.get("from_name").and_then(Value::as_str).unwrap_or(kind).to_string();
                let text = match kind {
                    "choices" => value.get("choices").and_then(Value::as_array).map(|c| join(c)),
                    "textarea" => value.get("text").and_then(Value::as_array).map(|t| join(t)),
                    _ => value.get(kind).map(|v| v.as_str().map_or_else(|| v.to_string(), String::from)),
                };
                if let Some(text) = text {
                    fields.push((id, from_name, text));
                }
            }
            other => builder.note("Label Studio results of other kinds, left out", format!("{at}: {other}")),
        }
    }
    for (id, field, text) in fields {
        match spans.iter_mut().find(|s| s.key == id) {
            Some(span) => span.fields.push((field, text)),
            None => builder.note("per-task fields not tied to a span, left out", format!("{name}: {field}")),
        }
    }
    Ok((spans, relations))
}

fn join(items: &[Value]) -> String {
    items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")
}

/// Spans of a JSON-MIN task (`label`: regions with `labels`).
fn min_regions(name: &str, task: &Map<String, Value>) -> Result<(Vec<ForeignSpan>, Vec<ForeignRelation>), FormatError> {
    let regions = task.get("label").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut spans = Vec::new();
    for (n, region) in regions.iter().enumerate() {
        let at = format!("{name}, region {}", n + 1);
        let (start, end) = offsets(&at, region)?;
        let quote = region.get("text").and_then(Value::as_str).map(String::from);
        let names = region.get("labels").and_then(Value::as_array).cloned().unwrap_or_default();
        if names.is_empty() {
            return Err(malformed(&at, "is a region without a label"));
        }
        for label in names.iter().filter_map(Value::as_str) {
            spans.push(ForeignSpan {
                key: format!("region {}", n + 1),
                start,
                end,
                label: label.into(),
                quote: quote.clone(),
                fields: vec![],
            });
        }
    }
    Ok((spans, Vec::new()))
}

fn offsets(at: &str, value: &Value) -> Result<(usize, usize), FormatError> {
    let get = |k: &str| value.get(k).and_then(Value::as_u64).and_then(|n| usize::try_from(n).ok());
    match (get("start"), get("end")) {
        (Some(start), Some(end)) => Ok((start, end)),
        _ => Err(malformed(at, "has no whole-number `start` and `end`")),
    }
}
