//! What the importers of other tools' files share: turning their documents and spans into
//! [`Document`]s and [`DocSpans`], offsets checked, labels matched or created.
//!
//! - **Offsets** are checked against the tool's own text before anything else: each span inside
//!   the text, non-empty, and equal to the text the tool quoted, when it quotes one. Tools
//!   written in JavaScript count UTF-16 code units, not code points; the two differ only after
//!   a character beyond the BMP (emoji, 𠮷). With [`OffsetUnit::Auto`], offsets are read as code
//!   points and, if that fails, as UTF-16 code units; whichever fits every span of the document
//!   is used, and a conversion is reported in [`ForeignImport::notes`]. Offsets that fit
//!   neither refuse the whole import, naming the first span that does not fit.
//! - **Line breaks**: `\r\n` becomes `\n` and offsets move with it ([`super::foreign_doc`]).
//! - **Labels** are matched by id, then by name (`机构` finds `ORG`), then by id ignoring case;
//!   a label name the set does not know becomes a new label (its name kept, its id the name when
//!   that is a valid id, else a fresh one; layer `figure` or `measure` for names such as
//!   `MONEY`, `PERCENT`, `金额` or `举措`, else `entity`), and is reported.
//! - **Attributes** the tool carries (`value`, `unit`, `currency`, `qualifier`, `name`) become
//!   span attributes when they fit the span's layer; notes become the span's note. Anything
//!   else is left out and reported.
//! - **Relations** from a span to a measure are kept; others are left out and reported.

use super::FormatError;
use crate::core::annotation::{quote, Annotation, Attributes, Qualifier, Relation, BELONGS_TO};
use crate::core::labels::{Label, LabelSet, Layer};
use crate::core::model::Document;
use crate::core::offsets::{cp_len, utf16_to_cp, TextIndex};
use crate::core::spans::DocSpans;
use std::collections::{HashMap, HashSet};

/// The unit a file's offsets count in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Try code points, then UTF-16 code units (see the module docs).
    #[default]
    Auto,
    CodePoints,
    Utf16,
}

/// Another tool's documents, with their spans, ready to join the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignImport {
    /// The label set given to the importer, plus the labels created for names it did not know.
    pub labels: LabelSet,
    pub documents: Vec<(Document, DocSpans)>,
    /// What was converted, created or left out, one line each, for the analyst.
    pub notes: Vec<String>,
}

/// A span as the other tool gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ForeignSpan {
    /// The tool's id for the span (`T3`, a region id, a position): names it in messages.
    pub key: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The text the tool says the span covers, when it says.
    pub quote: Option<String>,
    /// Attribute-like fields (`value`, `unit`, `note`…), by the tool's names.
    pub fields: Vec<(String, String)>,
}

/// A relation as the other tool gave it, between span keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ForeignRelation {
    pub key: Option<String>,
    pub from: String,
    pub to: String,
    pub label: String,
}

/// Colours given to new labels, in turn.
const PALETTE: [&str; 8] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/// Collects the documents of one import.
pub(crate) struct Builder {
    /// The tool's name, for notes.
    tool: &'static str,
    labels: LabelSet,
    created: usize,
    documents: Vec<(Document, DocSpans)>,
    seen: HashSet<String>,
    notes: Vec<(String, usize, String)>,
}

impl Builder {
    pub fn new(tool: &'static str, labels: &LabelSet) -> Self {
        Builder {
            tool,
            labels: labels.clone(),
            created: 0,
            documents: Vec::new(),
            seen: HashSet::new(),
            notes: Vec::new(),
        }
    }

    /// Records something the analyst should know; notes of one kind are counted, not repeated.
    pub fn note(&mut self, kind: &str, example: String) {
        match self.notes.iter_mut().find(|(k, _, _)| k == kind) {
            Some((_, count, _)) => *count += 1,
            None => self.notes.push((kind.to_string(), 1, example)),
        }
    }

    /// Adds one document: `doc_name` names it in messages and becomes its source file name.
    pub fn document(
        &mut self,
        doc_name: &str,
        text: &str,
        spans: Vec<ForeignSpan>,
        relations: Vec<ForeignRelation>,
        unit: OffsetUnit,
    ) -> Result<(), FormatError> {
        let offsets = self.offsets(doc_name, text, &spans, unit)?;
        let (doc, breaks) = Document::from_plain_text(doc_name, text)?;
        if breaks.converted() {
            self.note("line breaks \\r\\n turned into \\n, offsets moved with them", doc_name.to_string());
        }
        if !self.seen.insert(doc.id.clone()) {
            self.note("documents whose text appears twice", doc_name.to_string());
        }
        let ids = span_ids(&spans);
        let index = TextIndex::new(&doc.text);
        let mut annotations = Vec::with_capacity(spans.len());
        let mut by_key: HashMap<&str, (u64, Layer)> = HashMap::new();
        for ((span, (start, end)), id) in spans.iter().zip(offsets).zip(&ids) {
            let (start, end) = (breaks.map(start), breaks.map(end));
            if start >= end {
                return Err(FormatError::Offsets {
                    doc: doc_name.to_string(),
                    span: span.key.clone(),
                    start,
                    end,
                    problem: "covers nothing but a line break".into(),
                });
            }
            let (label, layer) = self.label_for(doc_name, span)?;
            let (attributes, note) = self.attributes(doc_name, span, layer);
            let (prefix, quoted, suffix) = quote(&doc.text, &index, start, end);
            by_key.entry(span.key.as_str()).or_insert((*id, layer));
            annotations.push(Annotation {
                id: *id,
                layer,
                label,
                start,
                end,
                text: quoted,
                prefix,
                suffix,
                attributes,
                note,
                unconfirmed: false,
            });
        }
        let mut next_id = ids.iter().max().map_or(0, |m| m + 1);
        let mut taken: HashSet<u64> = ids.iter().copied().collect();
        let mut kept = Vec::new();
        for r in &relations {
            let end = |key: &str| {
                by_key.get(key).copied().ok_or_else(|| FormatError::Malformed {
                    at: doc_name.to_string(),
                    message: format!(
                        "relation {} refers to {key}, which is not a span of the document",
                        r.key.as_deref().unwrap_or("")
                    ),
                })
            };
            let ((from, from_layer), (to, to_layer)) = (end(&r.from)?, end(&r.to)?);
            if to_layer != Layer::Measure || from_layer == Layer::Measure || from == to {
                let what = format!("{doc_name}: {} {} → {}", r.label, r.from, r.to);
                self.note("relations that do not link a span to a measure, left out", what);
                continue;
            }
            let id = match r.key.as_deref().and_then(numeric_id) {
                Some(id) if !taken.contains(&id) => id,
                _ => {
                    while taken.contains(&next_id) {
                        next_id += 1;
                    }
                    next_id
                }
            };
            taken.insert(id);
            next_id = next_id.max(id + 1);
            let label = if r.label.trim().is_empty() { BELONGS_TO.to_string() } else { r.label.trim().to_string() };
            kept.push(Relation { id, from, to, label });
        }
        let spans = DocSpans::from_parts(annotations, kept, next_id, &doc.text)
            .map_err(|source| FormatError::Spans { doc: doc_name.to_string(), source })?;
        self.documents.push((doc, spans));
        Ok(())
    }

    pub fn finish(self) -> ForeignImport {
        let notes = self
            .notes
            .into_iter()
            .map(|(kind, count, example)| match count {
                1 => format!("{kind}: {example}"),
                _ => format!("{kind}: {count} (the first: {example})"),
            })
            .collect();
        ForeignImport { labels: self.labels, documents: self.documents, notes }
    }

    /// The spans' offsets in code points over `text`, checked (see the module docs).
    fn offsets(
        &mut self,
        doc_name: &str,
        text: &str,
        spans: &[ForeignSpan],
        unit: OffsetUnit,
    ) -> Result<Vec<(usize, usize)>, FormatError> {
        let index = TextIndex::new(text);
        let as_given: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        let astral = text.chars().any(|c| c.len_utf16() == 2);
        let converted = || -> Result<Vec<(usize, usize)>, FormatError> {
            spans
                .iter()
                .map(|s| {
                    let cp = |unit| {
                        utf16_to_cp(text, unit).map_err(|e| FormatError::Offsets {
                            doc: doc_name.to_string(),
                            span: s.key.clone(),
                            start: s.start,
                            end: s.end,
                            problem: format!("does not fit the text in UTF-16 code units: {e}"),
                        })
                    };
                    Ok((cp(s.start)?, cp(s.end)?))
                })
                .collect()
        };
        let chosen = match unit {
            OffsetUnit::CodePoints => as_given,
            OffsetUnit::Utf16 => converted()?,
            OffsetUnit::Auto => match check(doc_name, text, &index, spans, &as_given) {
                Ok(()) if !astral || spans.iter().all(|s| s.quote.is_some()) => as_given,
                Ok(()) => match converted() {
                    Ok(other) if other != as_given && check(doc_name, text, &index, spans, &other).is_ok() => {
                        return Err(FormatError::Malformed {
                            at: doc_name.to_string(),
                            message: "has characters beyond the BMP (emoji, 𠮷) and its offsets fit both as code \
                                      points and as UTF-16 code units: say which unit the file counts in"
                                .into(),
                        });
                    }
                    _ => as_given,
                },
                Err(first) => match converted() {
                    Ok(other) if check(doc_name, text, &index, spans, &other).is_ok() => other,
                    _ => return Err(first),
                },
            },
        };
        check(doc_name, text, &index, spans, &chosen)?;
        if astral && chosen != spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>() {
            let tool = self.tool;
            self.note(
                &format!("offsets counted in UTF-16 code units (as {tool} counts them) converted to code points"),
                doc_name.to_string(),
            );
        }
        Ok(chosen)
    }

    fn label_for(&mut self, doc_name: &str, span: &ForeignSpan) -> Result<(String, Layer), FormatError> {
        let name = span.label.trim();
        if name.is_empty() {
            return Err(FormatError::Malformed {
                at: doc_name.to_string(),
                message: format!("span {} has no label", span.key),
            });
        }
        let known = self.labels.get(name).or_else(|| {
            self.labels
                .iter()
                .find(|l| l.name == name)
                .or_else(|| self.labels.iter().find(|l| l.id.eq_ignore_ascii_case(name)))
        });
        if let Some(l) = known {
            return Ok((l.id.clone(), l.layer));
        }
        let id = if is_label_id(name) { name.to_string() } else { self.labels.fresh_id() };
        let layer = guess_layer(name);
        let label = Label {
            id: id.clone(),
            name: name.to_string(),
            layer,
            color: PALETTE[self.created % PALETTE.len()].to_string(),
            hotkey: None,
        };
        self.labels
            .insert(self.labels.len(), label)
            .map_err(|source| FormatError::Labels { at: doc_name.to_string(), source })?;
        self.created += 1;
        self.note("new labels", format!("{id} ({name}, {})", layer.as_str()));
        Ok((id, layer))
    }

    /// The span's attributes and note from the tool's fields.
    fn attributes(&mut self, doc_name: &str, span: &ForeignSpan, layer: Layer) -> (Attributes, Option<String>) {
        let mut a = Attributes::default();
        let mut notes: Vec<&str> = Vec::new();
        for (key, value) in &span.fields {
            match key.trim().to_ascii_lowercase().as_str() {
                "value" => a.value = Some(value.clone()),
                "unit" => a.unit = Some(value.clone()),
                "currency" => a.currency = Some(value.clone()),
                "name" => a.name = Some(value.clone()),
                "qualifier" => match parse_qualifier(value) {
                    Some(q) => a.qualifier = Some(q),
                    None => self.note("qualifiers not understood, left out", format!("{doc_name}: {value}")),
                },
                "note" | "notes" | "annotatornotes" | "comment" => notes.push(value),
                _ => {
                    self.note("fields biaozhu does not have, left out", format!("{doc_name}: span {} {key}", span.key))
                }
            }
        }
        let attributes = match a.clone().normalized(layer) {
            Ok(a) => a,
            Err(e) => {
                self.note(
                    "attributes that do not fit their span, left out",
                    format!("{doc_name}: span {}: {e}", span.key),
                );
                a.for_layer(layer).normalized(layer).unwrap_or_default()
            }
        };
        let note = notes.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join("\n");
        (attributes, (!note.is_empty()).then_some(note))
    }
}

/// Checks every span against the tool's text: inside it, non-empty, quoting it exactly.
fn check(
    doc_name: &str,
    text: &str,
    index: &TextIndex,
    spans: &[ForeignSpan],
    offsets: &[(usize, usize)],
) -> Result<(), FormatError> {
    for (span, &(start, end)) in spans.iter().zip(offsets) {
        let fail = |problem: String| FormatError::Offsets {
            doc: doc_name.to_string(),
            span: span.key.clone(),
            start: span.start,
            end: span.end,
            problem,
        };
        if start >= end {
            return Err(fail("is empty or reversed".into()));
        }
        if end > index.len() {
            return Err(fail(format!("lies outside the text ({} characters)", cp_len(text))));
        }
        let actual = index.slice(text, start, end).unwrap_or_default();
        if let Some(q) = &span.quote {
            if q != actual {
                return Err(fail(format!("quotes {q:?} but the text there is {actual:?}")));
            }
        }
    }
    Ok(())
}

/// Span ids: the tool's own numbers (`T12` → 12) when every span has a distinct one, else
/// 0, 1, 2… in the order given.
fn span_ids(spans: &[ForeignSpan]) -> Vec<u64> {
    let numbers: Option<Vec<u64>> = spans.iter().map(|s| numeric_id(&s.key)).collect();
    match numbers {
        Some(ids) if ids.iter().collect::<HashSet<_>>().len() == ids.len() => ids,
        _ => (0..spans.len() as u64).collect(),
    }
}

/// The number in a tool's id: `T12`, `R3`, `12` → 12.
fn numeric_id(key: &str) -> Option<u64> {
    key.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()
}

fn is_label_id(name: &str) -> bool {
    (1..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The layer a new label most likely belongs to, by its name.
fn guess_layer(name: &str) -> Layer {
    let upper = name.to_ascii_uppercase();
    const FIGURES: [&str; 14] = [
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "CARDINAL",
        "COUNT",
        "NUMBER",
        "AMOUNT",
        "FIGURE",
        "金额",
        "数量",
        "比例",
        "百分比",
        "数字",
        "数值",
    ];
    const MEASURES: [&str; 6] = ["MEASURE", "POLICY", "ACTION", "举措", "措施", "政策"];
    if MEASURES.iter().any(|m| upper.contains(m)) {
        Layer::Measure
    } else if FIGURES.iter().any(|f| upper.contains(f)) {
        Layer::Figure
    } else {
        Layer::Entity
    }
}

fn parse_qualifier(value: &str) -> Option<Qualifier> {
    let v = value.trim();
    Qualifier::parse(&v.to_ascii_lowercase()).or(match v {
        "超" | "逾" | "以上" => Some(Qualifier::Over),
        "约" | "左右" | "上下" => Some(Qualifier::About),
        "近" | "将近" => Some(Qualifier::Nearly),
        "余" | "多" => Some(Qualifier::MoreThan),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(key: &str, start: usize, end: usize, label: &str, quote: Option<&str>) -> ForeignSpan {
        ForeignSpan { key: key.into(), start, end, label: label.into(), quote: quote.map(Into::into), fields: vec![] }
    }

    #[test]
    fn reads_offsets_in_the_unit_that_fits() {
        let text = "😀上海市";
        // Code points: 上海 is [1, 3); in UTF-16 it is [2, 4).
        let cases: Vec<(ForeignSpan, OffsetUnit, Result<(usize, usize), ()>)> = vec![
            (span("a", 1, 3, "LOC", Some("上海")), OffsetUnit::Auto, Ok((1, 3))),
            (span("b", 2, 4, "LOC", Some("上海")), OffsetUnit::Auto, Ok((1, 3))),
            (span("c", 2, 4, "LOC", None), OffsetUnit::Utf16, Ok((1, 3))),
            (span("d", 2, 4, "LOC", None), OffsetUnit::Auto, Err(())),
            (span("e", 1, 4, "LOC", None), OffsetUnit::Utf16, Err(())),
            (span("f", 1, 3, "LOC", Some("海市")), OffsetUnit::Auto, Err(())),
        ];
        for (s, unit, want) in cases {
            let key = s.key.clone();
            let mut b = Builder::new("test", &LabelSet::defaults());
            let got = b.document("t.txt", text, vec![s], vec![], unit).map(|()| {
                let a = &b.documents[0].1.annotations()[0];
                (a.start, a.end)
            });
            assert_eq!(got.map_err(|_| ()), want, "{key}");
        }
    }

    #[test]
    fn matches_labels_by_id_or_name_and_creates_the_others() {
        let mut b = Builder::new("test", &LabelSet::defaults());
        let spans = vec![
            span("1", 0, 2, "ORG", None),
            span("2", 0, 2, "地点", None),
            span("3", 0, 2, "per", None),
            span("4", 2, 4, "PRODUCT", None),
            span("5", 2, 4, "营收金额", None),
        ];
        b.document("t.txt", "上海浦东", spans, vec![], OffsetUnit::Auto).expect("imports");
        let got: Vec<(&str, Layer)> =
            b.documents[0].1.annotations().iter().map(|a| (a.label.as_str(), a.layer)).collect();
        assert_eq!(
            got,
            [
                ("ORG", Layer::Entity),
                ("LOC", Layer::Entity),
                ("PER", Layer::Entity),
                ("PRODUCT", Layer::Entity),
                ("L1", Layer::Figure)
            ]
        );
        let import = b.finish();
        assert_eq!(import.labels.get("L1").map(|l| l.name.as_str()), Some("营收金额"));
        assert!(import.notes.iter().any(|n| n.starts_with("new labels: 2")), "{:?}", import.notes);
    }
}
