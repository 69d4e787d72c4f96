//! Exchange formats: the files that leave the tool for training pipelines and other annotation
//! tools, and the files that other tools bring in.
//!
//! Every writer takes the label set and the documents with their spans
//! (`&LabelSet`, `&[(&Document, &DocSpans)]`) and checks every span of every document first
//! ([`check_all`]: inside the text, `text[start:end] == span.text`, label known and of the span's
//! layer): a failed check is an error naming the document and the span, and nothing is written.
//! All offsets are Unicode code points over the document's canonical text.
//!
//! | format | module | keeps suggestions |
//! | --- | --- | --- |
//! | native JSON, the full state | [`crate::core::export`] | yes |
//! | native JSONL, one document a line | [`jsonl`] | yes |
//! | spaCy / Prodigy JSONL | [`spacy`] | no |
//! | character-level BIO / BIOES, one layer | [`bio`] | no |
//! | brat standoff, `.txt` + `.ann` in a `.zip` | [`brat`] | no |
//! | W3C Web Annotation (JSON-LD) | [`w3c`] | no |
//! | Label Studio tasks | [`label_studio`] | no |
//!
//! Suggestions (spans with `unconfirmed: true`, from the recogniser or tag-all-occurrences)
//! are work not yet accepted by the analyst: the native formats keep them, so that a re-import
//! restores them, but the training formats leave them out, together with any relation that
//! touches one. [`Exported::report`] says how many were left out.
//!
//! Reading: [`native_read::read_native`] restores a native JSON or JSONL export exactly;
//! [`brat`], [`doccano`] and [`label_studio`] bring in other tools' work as a
//! [`foreign::ForeignImport`]. An import whose offsets do not fit its text, or whose format
//! version is unknown, is refused whole, with an error naming the first problem.
//!
//! Pure Rust: this module is shared by the web app (wasm32) and the command line.

pub mod bio;
pub mod brat;
pub mod doccano;
pub mod foreign;
pub mod foreign_doc;
pub mod jsonl;
pub mod label_studio;
pub mod native_read;
pub mod sentences;
pub mod spacy;
pub mod w3c;
mod zip_archive;

pub use foreign::{ForeignImport, OffsetUnit};
pub use native_read::{read_native, NativeCorpus};

use crate::core::annotation::{Annotation, Relation};
use crate::core::export::{check_document, native_json_with_statuses, ExportError, Statuses};
use crate::core::labels::{LabelError, LabelSet, Layer};
use crate::core::model::{Document, InvalidDocument};
use crate::core::spans::{DocSpans, SpansError};
use thiserror::Error;

/// Why a file could not be written or read. Every message names the document (by id, or by the
/// file, line or task it came from) and, where there is one, the span.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FormatError {
    /// A span or label that fails the check made before anything is written.
    #[error(transparent)]
    Check(#[from] ExportError),
    #[error("{at}: not valid JSON: {message}")]
    Json { at: String, message: String },
    #[error("{at}: {message}")]
    Malformed { at: String, message: String },
    #[error("{at}: not a biaozhu export (format {found:?}, expected \"biaozhu\")")]
    UnknownFormat { at: String, found: String },
    #[error("{at}: format version {found} is unknown (this program reads version {supported})")]
    UnknownVersion { at: String, found: u64, supported: u32 },
    #[error("{at}: the label set: {source}")]
    Labels { at: String, source: LabelError },
    #[error("document {doc}: {source}")]
    Document { doc: String, source: InvalidDocument },
    #[error("document {doc}: its id does not match its text (the text's id is {expected})")]
    IdMismatch { doc: String, expected: String },
    #[error("document {doc} appears twice")]
    DuplicateDocument { doc: String },
    #[error("document {doc}: {source}")]
    Spans { doc: String, source: SpansError },
    /// A span of an imported file whose offsets do not fit its text.
    #[error("{doc}: span {span} [{start}, {end}) {problem}")]
    Offsets { doc: String, span: String, start: usize, end: usize, problem: String },
    #[error("zip archive: {0}")]
    Zip(String),
}

/// Checks every document before a writer writes anything (see
/// [`crate::core::export::check_document`]).
pub fn check_all(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<(), FormatError> {
    for (doc, spans) in docs {
        check_document(labels, doc, spans)?;
    }
    Ok(())
}

/// The spans a training format writes: the confirmed ones, in reading order.
pub fn training_spans(spans: &DocSpans) -> impl Iterator<Item = &Annotation> {
    spans.annotations().iter().map(|a| &**a).filter(|a| !a.unconfirmed)
}

/// The relations a training format writes: those between two confirmed spans.
pub fn training_relations(spans: &DocSpans) -> impl Iterator<Item = &Relation> {
    let confirmed = |id: u64| spans.get(id).is_some_and(|a| !a.unconfirmed);
    spans.relations().iter().filter(move |r| confirmed(r.from) && confirmed(r.to))
}

/// How many suggestions a training format leaves out, as a line for the report (if any).
fn suggestions_left_out(docs: &[(&Document, &DocSpans)]) -> Option<String> {
    let n: usize = docs.iter().map(|(_, s)| s.annotations().iter().filter(|a| a.unconfirmed).count()).sum();
    (n > 0).then(|| format!("{n} unconfirmed suggestion(s) left out: confirm them to export them"))
}

/// The formats a corpus can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Native,
    Jsonl,
    Spacy,
    Bio,
    Bioes,
    Brat,
    W3c,
    LabelStudio,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Native,
        Format::Jsonl,
        Format::Spacy,
        Format::Bio,
        Format::Bioes,
        Format::Brat,
        Format::W3c,
        Format::LabelStudio,
    ];

    /// The name the command line uses (`--format NAME`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::Jsonl => "jsonl",
            Format::Spacy => "spacy",
            Format::Bio => "bio",
            Format::Bioes => "bioes",
            Format::Brat => "brat",
            Format::W3c => "w3c",
            Format::LabelStudio => "label-studio",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Whether the format is for training, leaving suggestions out.
    pub fn is_training(self) -> bool {
        !matches!(self, Format::Native | Format::Jsonl)
    }

    /// Whether the format writes one layer only (`layer` of [`ExportOptions`]).
    pub fn is_per_layer(self) -> bool {
        matches!(self, Format::Bio | Format::Bioes)
    }

    /// The end of the file name, without a dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Native | Format::LabelStudio => "json",
            Format::Jsonl | Format::Spacy => "jsonl",
            Format::Bio | Format::Bioes => "conll",
            Format::Brat => "zip",
            Format::W3c => "jsonld",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Native | Format::LabelStudio => "application/json",
            Format::Jsonl | Format::Spacy => "application/jsonl",
            Format::Bio | Format::Bioes => "text/plain;charset=utf-8",
            Format::Brat => "application/zip",
            Format::W3c => "application/ld+json",
        }
    }
}

/// What an export needs besides the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// The layer BIO and BIOES write (the other formats write every layer).
    pub layer: Layer,
    /// Statuses for the native formats.
    pub statuses: Statuses,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { layer: Layer::Entity, statuses: Statuses::new() }
    }
}

/// One exported file, ready to be downloaded or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub bytes: Vec<u8>,
    /// File name extension, without a dot.
    pub extension: &'static str,
    pub mime: &'static str,
    /// What the analyst should know: suggestions left out, overlapping spans BIO dropped.
    pub report: Vec<String>,
}

/// Exports `docs` as one file of `format` (brat: a `.zip`).
pub fn export(
    format: Format,
    labels: &LabelSet,
    docs: &[(&Document, &DocSpans)],
    options: &ExportOptions,
) -> Result<Exported, FormatError> {
    let mut report = Vec::new();
    let bytes = match format {
        Format::Native => native_json_with_statuses(labels, docs, &options.statuses)?.into_bytes(),
        Format::Jsonl => jsonl::native_jsonl(labels, docs, &options.statuses)?.into_bytes(),
        Format::Spacy => spacy::spacy_jsonl(labels, docs)?.into_bytes(),
        Format::Bio | Format::Bioes => {
            let scheme = if format == Format::Bio { bio::Scheme::Bio } else { bio::Scheme::Bioes };
            let out = bio::bio(labels, docs, options.layer, scheme)?;
            report.extend(out.dropped.iter().map(ToString::to_string));
            out.conll.into_bytes()
        }
        Format::Brat => brat::brat_zip(labels, docs)?,
        Format::W3c => w3c::w3c_json(labels, docs)?.into_bytes(),
        Format::LabelStudio => label_studio::label_studio_json(labels, docs)?.into_bytes(),
    };
    if format.is_training() {
        report.extend(suggestions_left_out(docs));
    }
    Ok(Exported { bytes, extension: format.extension(), mime: format.mime(), report })
}
