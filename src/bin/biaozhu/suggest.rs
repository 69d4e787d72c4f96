//! `biaozhu suggest [--native] [-o OUT] FILE...`: the figure recogniser over whole corpora.
//!
//! Without `--native`, one JSON object per figure and line: the document id and file, the
//! code-point span into the imported document's `text`, the span's text, kind, exact value
//! (`value_max` too for a range), unit, currency and qualifier. With `--native`, a native export
//! of the documents with every figure as an unconfirmed span (a suggestion for the analyst to
//! accept), labelled with the recogniser's default label.

use crate::cli::USAGE;
use biaozhu::core::annotation::{quote, Annotation, Qualifier};
use biaozhu::core::export::native_json;
use biaozhu::core::import::import_file;
use biaozhu::core::labels::{LabelSet, Layer};
use biaozhu::core::model::Document;
use biaozhu::core::offsets::TextIndex;
use biaozhu::core::recognize::{default_label, recognize, Figure};
use biaozhu::core::spans::DocSpans;
use serde::Serialize;
use std::io::{self, BufWriter, Write};
use std::path::Path;

const SUGGEST_USAGE: &str = "usage: biaozhu suggest [--native] [-o OUT] FILE...\n\n\
    Finds the figures (money, percentages, counts, ratios, ranges, multiples) of each article.\n\
    Prints one JSON object per figure and line: doc, file, start, end (code points into the\n\
    imported text), text, kind, value, unit, currency, qualifier.\n\
    --native      write a native export instead, with the figures as unconfirmed spans\n\
    -o OUT        write to OUT instead of standard output";

/// One figure as a JSON line.
#[derive(Serialize)]
struct Line<'a> {
    doc: &'a str,
    file: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    kind: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_max: Option<&'a str>,
    unit: Option<&'a str>,
    currency: Option<&'a str>,
    qualifier: Option<Qualifier>,
}

struct Options {
    native: bool,
    output: Option<String>,
    files: Vec<String>,
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options { native: false, output: None, files: Vec::new() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--native" => options.native = true,
            "-o" | "--output" => match args.next() {
                Some(out) if options.output.is_none() => options.output = Some(out.clone()),
                Some(_) => return Err("-o given twice".into()),
                None => return Err("-o needs a file name".into()),
            },
            "--" => options.files.extend(args.by_ref().cloned()),
            flag if flag.starts_with('-') && flag.len() > 1 => return Err(format!("unknown option '{flag}'")),
            file => options.files.push(file.to_string()),
        }
    }
    if options.files.is_empty() {
        return Err("no files given".into());
    }
    Ok(Some(options))
}

/// Runs the command; returns the exit code (0 all files read, 1 a file failed, 2 usage).
pub fn run(args: &[String]) -> i32 {
    let options = match parse(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{SUGGEST_USAGE}");
            return 0;
        }
        Err(problem) => {
            eprintln!("biaozhu suggest: {problem}\n\n{SUGGEST_USAGE}\n\n{USAGE}");
            return 2;
        }
    };
    let mut failed = false;
    let mut docs: Vec<(String, Document)> = Vec::new();
    for path in &options.files {
        match read(path) {
            Ok(doc) => docs.push((path.clone(), doc)),
            Err(reason) => {
                failed = true;
                eprintln!("biaozhu suggest: {path}: {reason}");
            }
        }
    }
    let written = if options.native {
        write_native(&docs, options.output.as_deref())
    } else {
        write_lines(&docs, options.output.as_deref())
    };
    match written {
        Ok(()) => i32::from(failed),
        Err(problem) => {
            eprintln!("biaozhu suggest: {problem}");
            1
        }
    }
}

fn read(path: &str) -> Result<Document, String> {
    let bytes = crate::import::read_within_limit(path)?;
    let name = Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    // Import errors start with the file name; the path is named instead.
    import_file(&name, &bytes).map_err(|e| {
        let message = e.to_string();
        message.split_once(": ").map_or(message.clone(), |(_, reason)| reason.to_string())
    })
}

/// Standard output or the file `-o` names.
fn sink(output: Option<&str>) -> Result<Box<dyn Write>, String> {
    Ok(match output {
        Some(path) => {
            Box::new(BufWriter::new(std::fs::File::create(path).map_err(|e| format!("cannot write {path}: {e}"))?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn write_lines(docs: &[(String, Document)], output: Option<&str>) -> Result<(), String> {
    let mut out = sink(output)?;
    let fail = |e: io::Error| format!("cannot write output: {e}");
    for (path, doc) in docs {
        for f in recognize(&doc.text) {
            let line = Line {
                doc: &doc.id,
                file: path,
                start: f.start,
                end: f.end,
                text: &f.text,
                kind: f.kind.as_str(),
                value: &f.value,
                value_max: f.value_max.as_deref(),
                unit: f.unit.as_deref(),
                currency: f.currency.as_deref(),
                qualifier: f.qualifier,
            };
            let json = serde_json::to_string(&line).map_err(|e| e.to_string())?;
            writeln!(out, "{json}").map_err(fail)?;
        }
    }
    out.flush().map_err(fail)
}

/// The figures of `doc` as unconfirmed spans.
fn suggestions(doc: &Document) -> DocSpans {
    let mut spans = DocSpans::default();
    let index = TextIndex::new(&doc.text);
    for f in recognize(&doc.text) {
        let attributes = f.attributes();
        if attributes.validate(Layer::Figure).is_err() {
            continue; // never happens: the recogniser's values are decimals, its currencies ISO codes
        }
        let (prefix, text, suffix) = quote(&doc.text, &index, f.start, f.end);
        let id = spans.allocate_id();
        spans.insert(Annotation {
            id,
            layer: Layer::Figure,
            label: default_label(&f).to_string(),
            start: f.start,
            end: f.end,
            text,
            prefix,
            suffix,
            attributes,
            note: range_note(&f),
            unconfirmed: true,
        });
    }
    spans
}

/// A range keeps its upper end in the note, since the attributes hold one value.
fn range_note(f: &Figure) -> Option<String> {
    f.value_max.as_ref().map(|max| format!("range: {} to {max}", f.value))
}

fn write_native(docs: &[(String, Document)], output: Option<&str>) -> Result<(), String> {
    let spans: Vec<DocSpans> = docs.iter().map(|(_, doc)| suggestions(doc)).collect();
    let pairs: Vec<(&Document, &DocSpans)> = docs.iter().map(|(_, doc)| doc).zip(&spans).collect();
    let json = native_json(&LabelSet::defaults(), &pairs).map_err(|e| e.to_string())?;
    let mut out = sink(output)?;
    let fail = |e: io::Error| format!("cannot write output: {e}");
    writeln!(out, "{json}").map_err(fail)?;
    out.flush().map_err(fail)
}
