//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` whose single `AnnotationPage`
//! holds an annotation per span and one per relation.
//!
//! A span's annotation has motivation `tagging`, a `TextualBody` with purpose `tagging` whose
//! value is the label id, a second one with purpose `commenting` for the span's note, and a
//! target whose `source` is the document (`urn:biaozhu:doc:<id>`, the id of the native export)
//! and whose selectors are a `TextQuoteSelector` (`exact`, with up to 16 characters of `prefix`
//! and `suffix`) and a `TextPositionSelector` (`start`, `end`). The model counts positions in
//! code points, as this tool does. What the model has no term for is written with the `bz:`
//! prefix (`urn:biaozhu:vocab:`): `bz:layer`, and a figure's `bz:value`, `bz:unit`,
//! `bz:currency`, `bz:qualifier`, a measure's `bz:name`.
//!
//! A relation (a figure or entity belonging to a measure) is an annotation with motivation
//! `linking`, targeting the span's annotation, with the measure's annotation as body and the
//! relation's label as `bz:relation`. Suggestions (unconfirmed spans) and their relations are
//! left out. Nothing time-dependent is written: the same corpus gives the same file.

use super::{check_all, training_relations, training_spans, FormatError};
use crate::core::annotation::{quote, Annotation};
use crate::core::labels::LabelSet;
use crate::core::model::Document;
use crate::core::offsets::TextIndex;
use crate::core::spans::DocSpans;
use serde::Serialize;

const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const VOCAB: &str = "urn:biaozhu:vocab:";

#[derive(Serialize)]
struct Context {
    bz: &'static str,
}

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: (&'static str, Context),
    id: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'static str,
    total: usize,
    first: Page,
}

#[derive(Serialize)]
struct Page {
    id: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Item>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item {
    Span(Box<SpanAnnotation>),
    Link(LinkAnnotation),
}

#[derive(Serialize)]
struct SpanAnnotation {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body>,
    target: Target,
    #[serde(rename = "bz:layer")]
    layer: &'static str,
    #[serde(rename = "bz:value", skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(rename = "bz:unit", skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(rename = "bz:currency", skip_serializing_if = "Option::is_none")]
    currency: Option<String>,
    #[serde(rename = "bz:qualifier", skip_serializing_if = "Option::is_none")]
    qualifier: Option<&'static str>,
    #[serde(rename = "bz:name", skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Serialize)]
struct Body {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Target {
    source: String,
    selector: (QuoteSelector, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: String,
    prefix: String,
    suffix: String,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct LinkAnnotation {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: String,
    target: String,
    #[serde(rename = "bz:relation")]
    relation: String,
}

/// The IRI of a document of the export.
pub fn document_iri(doc: &Document) -> String {
    format!("urn:biaozhu:doc:{}", doc.id)
}

fn span_iri(doc: &Document, id: u64) -> String {
    format!("{}:span:{id}", document_iri(doc))
}

fn span_annotation(doc: &Document, index: &TextIndex, a: &Annotation) -> SpanAnnotation {
    let mut body = vec![Body { kind: "TextualBody", purpose: "tagging", value: a.label.clone() }];
    if let Some(note) = &a.note {
        body.push(Body { kind: "TextualBody", purpose: "commenting", value: note.clone() });
    }
    let (prefix, exact, suffix) = quote(&doc.text, index, a.start, a.end);
    let attrs = &a.attributes;
    SpanAnnotation {
        id: span_iri(doc, a.id),
        kind: "Annotation",
        motivation: "tagging",
        body,
        target: Target {
            source: document_iri(doc),
            selector: (
                QuoteSelector { kind: "TextQuoteSelector", exact, prefix, suffix },
                PositionSelector { kind: "TextPositionSelector", start: a.start, end: a.end },
            ),
        },
        layer: a.layer.as_str(),
        value: attrs.value.clone(),
        unit: attrs.unit.clone(),
        currency: attrs.currency.clone(),
        qualifier: attrs.qualifier.map(|q| q.as_str()),
        name: attrs.name.clone(),
    }
}

/// The Web Annotation collection of `docs`, pretty-printed.
pub fn w3c_json(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<String, FormatError> {
    check_all(labels, docs)?;
    let mut items = Vec::new();
    for (doc, spans) in docs {
        let index = TextIndex::new(&doc.text);
        items.extend(training_spans(spans).map(|a| Item::Span(Box::new(span_annotation(doc, &index, a)))));
        items.extend(training_relations(spans).map(|r| {
            Item::Link(LinkAnnotation {
                id: format!("{}:relation:{}", document_iri(doc), r.id),
                kind: "Annotation",
                motivation: "linking",
                body: span_iri(doc, r.to),
                target: span_iri(doc, r.from),
                relation: r.label.clone(),
            })
        }));
    }
    let collection = Collection {
        context: (ANNO_CONTEXT, Context { bz: VOCAB }),
        id: "urn:biaozhu:export",
        kind: "AnnotationCollection",
        label: "biaozhu export",
        total: items.len(),
        first: Page { id: "urn:biaozhu:export:page:0", kind: "AnnotationPage", start_index: 0, items },
    };
    Ok(serde_json::to_string_pretty(&collection).unwrap_or_default())
}
