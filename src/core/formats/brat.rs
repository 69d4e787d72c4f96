//! brat standoff: per document a `.txt` (the canonical text, unchanged) and a `.ann`, packed
//! with the collection's `annotation.conf` and `visual.conf` into one `.zip`; and brat's files
//! read back in.
//!
//! What the `.ann` holds, per confirmed span (suggestions are left out):
//! - a text-bound annotation `T<span id>\t<label id> <start> <end>\t<text>`, offsets in code
//!   points as brat counts them. A span across a line break (a measure over two paragraphs) is
//!   written as fragments split at the line breaks, `T1\tMEASURE 0 12;13 20\t…`, its text the
//!   fragments joined by a space, as brat writes them; reading joins such fragments again.
//! - attributes, brat's categorical ones: `A<n>\tqualifier T<id> over`, `A<n>\tcurrency T<id>
//!   CNY`, and `A<n>\tunit T<id> 万通` (a unit holding white space goes to a note instead);
//! - notes (`#<n>\tAnnotatorNotes T<id>\t…`), one per free-text field, each starting with the
//!   field: `value: 740000000` (a figure's normalised value), `name: …` (a measure's short
//!   name), `note: …` (the analyst's note). Line breaks, tabs and backslashes in them are
//!   written `\n`, `\t`, `\\`;
//! - per relation between confirmed spans, `R<relation id>\tbelongs_to Arg1:T<from>
//!   Arg2:T<measure>`.
//!
//! `annotation.conf` declares every label as an entity type, `belongs_to` from any entity to the
//! measure labels, overlaps as allowed (nested spans are normal here), and the attributes with
//! the values in use; `visual.conf` gives the labels' names and colours.
//!
//! Reading ([`read_brat`], [`read_brat_zip`]) takes `T`, `A`/`M`, `R` and `#` lines; events,
//! normalisations and equivalences are left out and reported. Each `T`'s text is checked
//! against the `.txt` (in code points; in UTF-16 code units if that is what fits, said so).

use super::foreign::{Builder, ForeignImport, ForeignRelation, ForeignSpan, OffsetUnit};
use super::zip_archive::{read_zip, write_zip, ZipLimits};
use super::{check_all, training_relations, training_spans, FormatError};
use crate::core::annotation::Annotation;
use crate::core::import::limits::{MAX_ZIP_BYTES, MAX_ZIP_ENTRIES};
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::offsets::{utf16_to_cp, TextIndex};
use crate::core::spans::DocSpans;
use std::collections::{BTreeMap, BTreeSet};

/// The files of a brat collection for `docs`: `(path, contents)`, configuration first, then a
/// `<document id>.txt` and `<document id>.ann` per document.
pub fn brat_files(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<Vec<(String, String)>, FormatError> {
    check_all(labels, docs)?;
    let mut files = vec![
        ("annotation.conf".to_string(), annotation_conf(labels, docs)),
        ("visual.conf".to_string(), visual_conf(labels)),
    ];
    for (doc, spans) in docs {
        files.push((format!("{}.txt", doc.id), doc.text.clone()));
        files.push((format!("{}.ann", doc.id), ann(doc, spans)?));
    }
    Ok(files)
}

/// [`brat_files`] packed into one `.zip` (deflated; every entry dated 1980-01-01, so the same
/// corpus gives the same bytes).
pub fn brat_zip(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> Result<Vec<u8>, FormatError> {
    write_zip(&brat_files(labels, docs)?)
}

/// The `.ann` of one document (its spans already checked).
pub fn ann(doc: &Document, spans: &DocSpans) -> Result<String, FormatError> {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut out = String::new();
    let (mut attribute, mut note) = (1, 1);
    for a in training_spans(spans) {
        let frags = fragments(&chars, a.start, a.end);
        if frags.is_empty() {
            return Err(FormatError::Malformed {
                at: format!("document {}", doc.id),
                message: format!("span {} holds only line breaks, which brat cannot hold", a.id),
            });
        }
        let offsets: Vec<String> = frags.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = frags.iter().map(|&(s, e)| chars[s..e].iter().collect()).collect();
        out.push_str(&format!("T{}\t{} {}\t{}\n", a.id, a.label, offsets.join(";"), texts.join(" ")));
        let attrs = &a.attributes;
        let unit_is_token = attrs.unit.as_ref().map(|u| !u.chars().any(char::is_whitespace));
        let categorical = [
            ("qualifier", attrs.qualifier.map(|q| q.as_str().to_string())),
            ("currency", attrs.currency.clone()),
            ("unit", attrs.unit.clone().filter(|_| unit_is_token == Some(true))),
        ];
        for (name, value) in categorical {
            if let Some(value) = value {
                out.push_str(&format!("A{attribute}\t{name} T{} {value}\n", a.id));
                attribute += 1;
            }
        }
        let free = [
            ("value", attrs.value.as_ref()),
            ("unit", attrs.unit.as_ref().filter(|_| unit_is_token == Some(false))),
            ("name", attrs.name.as_ref()),
            ("note", a.note.as_ref()),
        ];
        for (field, text) in free {
            if let Some(text) = text {
                out.push_str(&format!("#{note}\tAnnotatorNotes T{}\t{field}: {}\n", a.id, escape(text)));
                note += 1;
            }
        }
    }
    for r in training_relations(spans) {
        out.push_str(&format!("R{}\t{} Arg1:T{} Arg2:T{}\n", r.id, r.label, r.from, r.to));
    }
    Ok(out)
}

/// `[start, end)` split at line breaks, the breaks left out, empty pieces dropped.
fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        if c == '\n' {
            if from < i {
                out.push((from, i));
            }
            from = i + 1;
        }
    }
    if from < end {
        out.push((from, end));
    }
    out
}

fn annotation_conf(labels: &LabelSet, docs: &[(&Document, &DocSpans)]) -> String {
    let of_layer = |layer: Layer| labels.iter().filter(|l| l.layer == layer).map(|l| l.id.as_str()).collect::<Vec<_>>();
    let (figures, measures) = (of_layer(Layer::Figure), of_layer(Layer::Measure));
    let mut conf =
        String::from("# brat configuration of a biaozhu export: the labels, the relation, the attributes.\n");
    conf.push_str("[entities]\n");
    for l in labels.iter() {
        conf.push_str(&l.id);
        conf.push('\n');
    }
    conf.push_str("[relations]\n");
    if !measures.is_empty() {
        conf.push_str(&format!("belongs_to\tArg1:<ENTITY>, Arg2:{}\n", measures.join("|")));
    }
    conf.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    conf.push_str("[events]\n[attributes]\n");
    if !figures.is_empty() {
        let spans = || docs.iter().flat_map(|(_, s)| training_spans(s));
        let used = |f: fn(&Annotation) -> Option<&String>| spans().filter_map(f).cloned().collect::<BTreeSet<_>>();
        let currencies = used(|a| a.attributes.currency.as_ref());
        let units = used(|a| a.attributes.unit.as_ref().filter(|u| !u.chars().any(char::is_whitespace)));
        let args = figures.join("|");
        let qualifiers = crate::core::annotation::Qualifier::ALL.map(|q| q.as_str()).join("|");
        conf.push_str(&format!("qualifier\tArg:{args}, Value:{qualifiers}\n"));
        for (name, values) in [("currency", currencies), ("unit", units)] {
            if !values.is_empty() {
                conf.push_str(&format!(
                    "{name}\tArg:{args}, Value:{}\n",
                    values.into_iter().collect::<Vec<_>>().join("|")
                ));
            }
        }
    }
    conf
}

fn visual_conf(labels: &LabelSet) -> String {
    let mut conf = String::from("[labels]\n");
    for l in labels.iter() {
        conf.push_str(&format!("{} | {}\n", l.id, l.name.replace('|', "/")));
    }
    conf.push_str("belongs_to | belongs to\n[drawing]\n");
    for l in labels.iter() {
        conf.push_str(&format!("{}\tbgColor:{}\n", l.id, l.color));
    }
    conf
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// One brat document: its name (the file name without `.txt`/`.ann`), text and annotations.
#[derive(Clone, Copy, Debug)]
pub struct BratDocument<'a> {
    pub name: &'a str,
    pub txt: &'a str,
    pub ann: &'a str,
}

/// Reads brat documents (see the module docs); `labels` is the set to match label names to.
pub fn read_brat(docs: &[BratDocument<'_>], labels: &LabelSet) -> Result<ForeignImport, FormatError> {
    let mut builder = Builder::new("brat", labels);
    for d in docs {
        let txt = d.txt.strip_prefix('\u{feff}').unwrap_or(d.txt);
        let (spans, relations) = parse_ann(&mut builder, d.name, txt, d.ann)?;
        builder.document(&format!("{}.txt", d.name), txt, spans, relations, OffsetUnit::CodePoints)?;
    }
    Ok(builder.finish())
}

/// Reads a `.zip` of brat files: every `.ann` with the `.txt` of the same name (a `.txt` alone
/// is a document without spans); configuration and other files are passed over.
///
/// An archive of more than [`MAX_ZIP_ENTRIES`] entries, or whose `.txt` and `.ann` files unpack
/// to more than [`MAX_ZIP_BYTES`], is refused: the sizes an archive declares are checked first,
/// and reading stops at the limit whatever they say (a zip bomb understates them).
pub fn read_brat_zip(bytes: &[u8], labels: &LabelSet) -> Result<ForeignImport, FormatError> {
    read_zip_within(bytes, labels, MAX_ZIP_ENTRIES, MAX_ZIP_BYTES)
}

/// [`read_brat_zip`] with the limits given (tests use small ones).
fn read_zip_within(
    bytes: &[u8],
    labels: &LabelSet,
    max_entries: usize,
    max_bytes: u64,
) -> Result<ForeignImport, FormatError> {
    let is_brat_file = |name: &str| name.ends_with(".txt") || name.ends_with(".ann");
    let files = read_zip(bytes, ZipLimits { entries: max_entries, bytes: max_bytes }, is_brat_file)?;
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut anns: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let (stem, into) = match file.name.rsplit_once('.') {
            Some((stem, "txt")) => (stem.to_string(), &mut texts),
            Some((stem, "ann")) => (stem.to_string(), &mut anns),
            _ => continue,
        };
        let contents = String::from_utf8(file.contents).map_err(|e| {
            FormatError::Zip(format!("{}: not UTF-8 text (at byte {})", file.name, e.utf8_error().valid_up_to()))
        })?;
        into.insert(stem, contents);
    }
    if let Some(orphan) = anns.keys().find(|k| !texts.contains_key(*k)) {
        return Err(FormatError::Malformed { at: format!("{orphan}.ann"), message: "has no .txt beside it".into() });
    }
    if texts.is_empty() {
        return Err(FormatError::Zip("holds no .txt files".into()));
    }
    let docs: Vec<BratDocument<'_>> = texts
        .iter()
        .map(|(name, txt)| BratDocument { name, txt, ann: anns.get(name).map_or("", String::as_str) })
        .collect();
    read_brat(&docs, labels)
}

/// A text-bound annotation as written: fragments in the file's units, and the quoted text.
struct TextBound {
    key: String,
    label: String,
    fragments: Vec<(usize, usize)>,
    quote: String,
    line: usize,
}

fn parse_ann(
    builder: &mut Builder,
    name: &str,
    txt: &str,
    ann: &str,
) -> Result<(Vec<ForeignSpan>, Vec<ForeignRelation>), FormatError> {
    let file = format!("{name}.ann");
    let bad = |line: usize, message: &str| FormatError::Malformed {
        at: format!("{file}, line {line}"),
        message: message.into(),
    };
    let mut bounds = Vec::new();
    let mut fields: Vec<(String, String, String)> = Vec::new();
    let mut relations = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        let mut parts = raw.splitn(3, '\t');
        let (id, middle, rest) = (parts.next().unwrap_or_default(), parts.next(), parts.next());
        let Some(middle) = middle else {
            return Err(bad(line, "is not a brat annotation (no tab after the id)"));
        };
        match id.chars().next() {
            Some('T') => {
                let (label, offsets) = middle.split_once(' ').ok_or_else(|| bad(line, "has no offsets"))?;
                let mut fragments = Vec::new();
                for pair in offsets.split(';') {
                    let mut numbers = pair.split_whitespace().map(str::parse::<usize>);
                    match (numbers.next(), numbers.next(), numbers.next()) {
                        (Some(Ok(s)), Some(Ok(e)), None) => fragments.push((s, e)),
                        _ => return Err(bad(line, &format!("offsets {offsets:?} are not `start end[;start end…]`"))),
                    }
                }
                let quote = rest.ok_or_else(|| bad(line, "has no text"))?.to_string();
                bounds.push(TextBound { key: id.to_string(), label: label.to_string(), fragments, quote, line });
            }
            Some('A' | 'M') => {
                let mut words = middle.split_whitespace();
                let (attr, target, value) = (words.next(), words.next(), words.next());
                let (Some(attr), Some(target)) = (attr, target) else {
                    return Err(bad(line, "is an attribute without a name and a target"));
                };
                fields.push((target.to_string(), attr.to_string(), value.unwrap_or("true").to_string()));
            }
            Some('#') => {
                let target = middle.split_whitespace().nth(1).ok_or_else(|| bad(line, "is a note without a target"))?;
                let text = unescape(rest.unwrap_or_default());
                let known = ["value", "unit", "currency", "qualifier", "name", "note"]
                    .into_iter()
                    .find_map(|f| text.strip_prefix(f).and_then(|r| r.strip_prefix(": ")).map(|v| (f, v.to_string())));
                let (field, value) = known.unwrap_or(("note", text.clone()));
                fields.push((target.to_string(), field.to_string(), value));
            }
            Some('R') => {
                let mut words = middle.split_whitespace();
                let label = words.next().unwrap_or_default().to_string();
                let args: Vec<(&str, &str)> = words.filter_map(|w| w.split_once(':')).collect();
                let arg =
                    |n: &str, i: usize| args.iter().find(|(k, _)| *k == n).or(args.get(i)).map(|(_, v)| v.to_string());
                let (Some(from), Some(to)) = (arg("Arg1", 0), arg("Arg2", 1)) else {
                    return Err(bad(line, "is a relation without two arguments"));
                };
                relations.push(ForeignRelation { key: Some(id.to_string()), from, to, label });
            }
            Some('E' | 'N' | '*') => {
                builder.note("brat events, normalisations and equivalences, left out", format!("{file}, line {line}"))
            }
            _ => return Err(bad(line, &format!("starts with {id:?}, which is no brat annotation id"))),
        }
    }
    let (mut spans, left_out) = resolve_bounds(builder, &file, txt, &bounds)?;
    relations.retain(|r| !left_out.contains(&r.from) && !left_out.contains(&r.to));
    for (target, field, value) in fields {
        match spans.iter_mut().find(|s| s.key == target) {
            Some(span) => span.fields.push((field, value)),
            None if left_out.contains(&target) => {}
            None => {
                return Err(FormatError::Malformed {
                    at: file.clone(),
                    message: format!("an attribute or note refers to {target}, which is not a text-bound annotation"),
                })
            }
        }
    }
    Ok((spans, relations))
}

/// Checks each text-bound annotation against the text (code points, else UTF-16 code units
/// for the whole document) and joins fragments split by line breaks. Returns the spans and
/// the keys of the discontinuous ones, which are left out.
fn resolve_bounds(
    builder: &mut Builder,
    file: &str,
    txt: &str,
    bounds: &[TextBound],
) -> Result<(Vec<ForeignSpan>, BTreeSet<String>), FormatError> {
    let index = TextIndex::new(txt);
    let check = |to_cp: &dyn Fn(usize) -> Option<usize>| -> Result<Vec<Vec<(usize, usize)>>, FormatError> {
        let mut all = Vec::with_capacity(bounds.len());
        for b in bounds {
            let fail = |problem: String| FormatError::Offsets {
                doc: format!("{file}, line {}", b.line),
                span: b.key.clone(),
                start: b.fragments.first().map_or(0, |f| f.0),
                end: b.fragments.last().map_or(0, |f| f.1),
                problem,
            };
            let mut frags = Vec::with_capacity(b.fragments.len());
            let mut pieces = Vec::with_capacity(b.fragments.len());
            for &(s, e) in &b.fragments {
                let (Some(s), Some(e)) = (to_cp(s), to_cp(e)) else {
                    return Err(fail(format!("lies outside the text ({} characters)", index.len())));
                };
                if s >= e || e > index.len() {
                    return Err(fail(format!("is empty, reversed or outside the text ({} characters)", index.len())));
                }
                pieces.push(index.slice(txt, s, e).unwrap_or_default());
                frags.push((s, e));
            }
            let actual = pieces.join(" ");
            if actual != b.quote {
                return Err(fail(format!("quotes {:?} but the text there is {actual:?}", b.quote)));
            }
            all.push(frags);
        }
        Ok(all)
    };
    let resolved = match check(&|o| (o <= index.len()).then_some(o)) {
        Ok(all) => all,
        Err(first) => match check(&|o| utf16_to_cp(txt, o).ok()) {
            Ok(all) => {
                builder.note(
                    "offsets counted in UTF-16 code units (as brat counts them) converted to code points",
                    file.into(),
                );
                all
            }
            Err(_) => return Err(first),
        },
    };
    let chars: Vec<char> = txt.chars().collect();
    let mut spans = Vec::with_capacity(bounds.len());
    let mut left_out = BTreeSet::new();
    for (b, frags) in bounds.iter().zip(resolved) {
        let (start, end) = (frags.first().map_or(0, |f| f.0), frags.last().map_or(0, |f| f.1));
        let joinable =
            frags.windows(2).all(|w| w[0].1 <= w[1].0 && chars[w[0].1..w[1].0].iter().all(|c| c.is_whitespace()));
        if !joinable {
            builder.note("discontinuous spans, which biaozhu cannot hold, left out", format!("{file}: {}", b.key));
            left_out.insert(b.key.clone());
            continue;
        }
        spans.push(ForeignSpan { key: b.key.clone(), start, end, label: b.label.clone(), quote: None, fields: vec![] });
    }
    Ok((spans, left_out))
}

#[cfg(test)]
mod zip_limits {
    use super::*;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        write_zip(files).expect("zip")
    }

    /// Rewrites every declared uncompressed size of an archive (local headers and central
    /// directory) to `size`, as a zip bomb would.
    fn lie_about_sizes(mut bytes: Vec<u8>, size: u32) -> Vec<u8> {
        for at in 0..bytes.len().saturating_sub(30) {
            let field = match &bytes[at..at + 4] {
                [0x50, 0x4b, 0x03, 0x04] => at + 22,
                [0x50, 0x4b, 0x01, 0x02] => at + 24,
                _ => continue,
            };
            bytes[field..field + 4].copy_from_slice(&size.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn archives_beyond_the_limits_are_refused() {
        let labels = LabelSet::default();
        let big = vec![b'a'; 5_000];
        let cases: Vec<(&str, Vec<u8>, Result<usize, &str>)> = vec![
            ("small", zip_of(&[("a.txt", "文本".as_bytes()), ("a.ann", b"")]), Ok(1)),
            (
                "too many entries",
                zip_of(&[("a.txt", b"x"), ("b.txt", b"y"), ("c.txt", b"z"), ("d.txt", b"w")]),
                Err("zip archive: holds 4 files, more than the 3 an import may have"),
            ),
            (
                "declared too big",
                zip_of(&[("a.txt", &big)]),
                Err("zip archive: unpacks to more than 4,096 bytes, the most an import may take"),
            ),
            (
                "together too big",
                zip_of(&[("a.txt", &big[..3_000]), ("b.txt", &big[..3_000])]),
                Err("zip archive: unpacks to more than 4,096 bytes, the most an import may take"),
            ),
            (
                "lying about its size",
                lie_about_sizes(zip_of(&[("a.txt", &big)]), 10),
                // Inflating stops just past the declared size, so the limit holds either way.
                Err("zip archive: a.txt: unpacks to more than the 10 bytes it declares"),
            ),
        ];
        for (what, bytes, expected) in cases {
            let got = read_zip_within(&bytes, &labels, 3, 4_096).map(|i| i.documents.len()).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_string), "{what}");
        }
    }
}
