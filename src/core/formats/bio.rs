//! Character-level BIO and BIOES, the usual input of Chinese NER training: CoNLL columns, one
//! code point and its tag a line (`上 B-LOC`), a blank line after every sentence
//! ([`super::sentences`]: sentences end at Chinese sentence punctuation and block ends, and
//! are joined where a span would be cut).
//!
//! - One layer per file: BIO cannot hold overlapping spans, and the layers overlap by design
//!   (a figure inside a measure). Tags are `B-`/`I-` (BIOES adds `E-` for the last character
//!   and `S-` for a one-character span) followed by the label id; `O` outside spans.
//! - Within the layer, overlapping or nested spans cannot all be written. The export keeps the
//!   span that starts first, and at the same start the longer one (the outer span of a nested
//!   pair: `上海市公安局` rather than `上海`), and leaves the other out, saying so in
//!   [`BioExport::dropped`], never silently.
//! - White space (spaces, full-width spaces, line breaks) is not written: a CoNLL line cannot
//!   hold it. A span's tags run on over white space inside it.
//! - Suggestions (unconfirmed spans) are left out.

use super::sentences::{join_over, split};
use super::{check_all, training_spans, FormatError};
use crate::core::annotation::Annotation;
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use std::fmt;

/// Which tags are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `B-`, `I-`, `O`.
    Bio,
    /// `B-`, `I-`, `E-`, `S-`, `O`.
    Bioes,
}

/// A span the export could not write, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub doc: String,
    pub id: u64,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: DropReason,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// It overlaps span `kept` of the same layer, which was written instead.
    Overlaps { kept: u64, kept_label: String, kept_text: String },
    /// It holds nothing but white space, which is not written.
    OnlyWhiteSpace,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Dropped { doc, id, label, start, end, text, .. } = self;
        write!(f, "document {doc}: span {id} {label} [{start}, {end}) {text:?} left out: ")?;
        match &self.reason {
            DropReason::Overlaps { kept, kept_label, kept_text } => {
                write!(f, "it overlaps span {kept} {kept_label} {kept_text:?}, which was kept")
            }
            DropReason::OnlyWhiteSpace => write!(f, "it holds only white space"),
        }
    }
}

/// A BIO or BIOES file and what it had to leave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BioExport {
    pub conll: String,
    pub dropped: Vec<Dropped>,
}

/// The spans of `layer` that can be written, and the ones that cannot.
pub fn resolve<'a>(doc: &Document, spans: &'a DocSpans, layer: Layer) -> (Vec<&'a Annotation>, Vec<Dropped>) {
    let mut kept: Vec<&Annotation> = Vec::new();
    let mut dropped = Vec::new();
    let drop = |a: &Annotation, reason| Dropped {
        doc: doc.id.clone(),
        id: a.id,
        label: a.label.clone(),
        start: a.start,
        end: a.end,
        text: a.text.clone(),
        reason,
    };
    // Reading order: by start, the longer first at the same start. Kept spans never overlap,
    // so only the last one kept can overlap the next.
    for a in training_spans(spans).filter(|a| a.layer == layer) {
        if a.text.chars().all(char::is_whitespace) {
            dropped.push(drop(a, DropReason::OnlyWhiteSpace));
            continue;
        }
        match kept.last() {
            Some(k) if a.start < k.end => dropped.push(drop(
                a,
                DropReason::Overlaps { kept: k.id, kept_label: k.label.clone(), kept_text: k.text.clone() },
            )),
            _ => kept.push(a),
        }
    }
    (kept, dropped)
}

/// Writes every document's spans of `layer` as character-level tags.
pub fn bio(
    labels: &LabelSet,
    docs: &[(&Document, &DocSpans)],
    layer: Layer,
    scheme: Scheme,
) -> Result<BioExport, FormatError> {
    check_all(labels, docs)?;
    let mut conll = String::new();
    let mut all_dropped = Vec::new();
    for (doc, spans) in docs {
        let (kept, dropped) = resolve(doc, spans, layer);
        all_dropped.extend(dropped);
        let chars: Vec<char> = doc.text.chars().collect();
        let mut tags: Vec<Option<(&str, &str)>> = vec![None; chars.len()];
        for a in &kept {
            let positions: Vec<usize> = (a.start..a.end).filter(|&i| !chars[i].is_whitespace()).collect();
            let last = positions.len().saturating_sub(1);
            for (n, &i) in positions.iter().enumerate() {
                let prefix = match (scheme, n, last) {
                    (Scheme::Bioes, 0, 0) => "S",
                    (_, 0, _) => "B",
                    (Scheme::Bioes, n, last) if n == last => "E",
                    _ => "I",
                };
                tags[i] = Some((prefix, a.label.as_str()));
            }
        }
        let ranges: Vec<(usize, usize)> = kept.iter().map(|a| (a.start, a.end)).collect();
        for (start, end) in join_over(&split(&doc.text), &ranges) {
            for i in (start..end).filter(|&i| !chars[i].is_whitespace()) {
                conll.push(chars[i]);
                match tags[i] {
                    Some((prefix, label)) => {
                        conll.push(' ');
                        conll.push_str(prefix);
                        conll.push('-');
                        conll.push_str(label);
                    }
                    None => conll.push_str(" O"),
                }
                conll.push('\n');
            }
            conll.push('\n');
        }
    }
    Ok(BioExport { conll, dropped: all_dropped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::labels::LabelSet;

    #[test]
    fn tags_are_chosen_by_position() {
        let (doc, _) = Document::from_plain_text("t.txt", "上海 浦东。好").expect("doc");
        let mut spans = DocSpans::default();
        for (start, end, label) in [(0, 5, "LOC"), (6, 7, "ORG")] {
            let (prefix, text, suffix) =
                crate::core::annotation::quote(&doc.text, &crate::core::offsets::TextIndex::new(&doc.text), start, end);
            let id = spans.allocate_id();
            spans.insert(Annotation {
                id,
                layer: Layer::Entity,
                label: label.into(),
                start,
                end,
                text,
                prefix,
                suffix,
                attributes: Default::default(),
                note: None,
                unconfirmed: false,
            });
        }
        let labels = LabelSet::defaults();
        let bio_out = bio(&labels, &[(&doc, &spans)], Layer::Entity, Scheme::Bio).expect("bio");
        assert_eq!(bio_out.conll, "上 B-LOC\n海 I-LOC\n浦 I-LOC\n东 I-LOC\n。 O\n\n好 B-ORG\n\n");
        let bioes = bio(&labels, &[(&doc, &spans)], Layer::Entity, Scheme::Bioes).expect("bioes");
        assert_eq!(bioes.conll, "上 B-LOC\n海 I-LOC\n浦 I-LOC\n东 E-LOC\n。 O\n\n好 S-ORG\n\n");
    }
}
