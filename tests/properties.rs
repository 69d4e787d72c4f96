//! Property tests of the pure core: generated inputs instead of hand-picked fixtures.
//!
//! | property | why it matters |
//! | --- | --- |
//! | [`import_never_panics_on_arbitrary_bytes`] | the analyst drops any file on the page; a panic in wasm kills the app and the unsaved state with it |
//! | [`import_of_near_html_is_consistent`] | the crawled corpus is messy HTML; every span's offsets rest on the blocks and the id being exact and repeatable |
//! | [`line_endings_and_encodings_do_not_change_the_document`] | the same article saved on Windows, as UTF-16 or with a BOM must get the same id, or its spans are orphaned |
//! | [`offsets_round_trip_on_every_boundary`] | the one place where units change: a silent off-by-one moves every span after an emoji |
//! | [`offsets_refuse_positions_inside_a_character`] | a browser selection inside a surrogate pair must be an error, never a panic or a rounded span |
//! | [`readers_never_panic_on_arbitrary_input`] | imports of other tools' files come from outside: refusing is fine, panicking is not |
//! | [`readers_never_panic_on_mutated_exports`] | near-valid files (truncated downloads, hand edits) reach deeper code than random bytes |
//! | [`native_export_round_trips`] | "re-importing a native export restores the exact state" (DESIGN.md) |
//! | [`brat_export_reads_back_to_the_same_spans`] | brat is the format work goes out and comes back in |
//! | [`doccano_and_label_studio_read_back_the_same_spans`] | UTF-16 and code-point offsets from other tools land on the same characters |
//! | [`save_journals_round_trip_and_damaged_ones_are_refused`] | a crashed page's journal is all that holds its last edits; a damaged one must be refused, never panic the app that replays it |
//! | [`recognize_never_panics_and_stays_in_the_text`] | the recogniser runs over whole corpora; its spans become annotations quoting the text |
//!
//! The default case count (256, or `PROPTEST_CASES`) keeps the file at a few seconds in debug;
//! `PROPTEST_CASES=10000 cargo test --test properties` searches longer. Generated HTML nests at
//! most a few levels: html5ever is quadratic on very deep nesting, which the fuzzers meet instead.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::annotation::{Annotation, Relation};
use biaozhu::core::export::native_json;
use biaozhu::core::formats::brat::{self, BratDocument};
use biaozhu::core::formats::doccano::read_doccano;
use biaozhu::core::formats::label_studio::{label_studio_json, read_label_studio};
use biaozhu::core::formats::{read_native, ForeignImport, OffsetUnit};
use biaozhu::core::import::{document_id, front_matter, import_file};
use biaozhu::core::labels::{LabelSet, Layer};
use biaozhu::core::model::Document;
use biaozhu::core::offsets::{
    byte_to_cp, cp_len, cp_to_byte, cp_to_utf16, slice_cp, utf16_len, utf16_to_cp, OffsetError, TextIndex,
};
use biaozhu::core::recognize::recognize;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::storage::journal::{decode_journal, encode_journal, Journal};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Characters that make the three offset units differ: ASCII, CJK, astral CJK and emoji,
/// combining marks, full-width spaces, a ZWJ, a BOM in the middle, and anything at all.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        4 => prop::char::range('\u{4e00}', '\u{4e80}'),
        2 => prop::sample::select(vec!['𠮷', '😀', '👩', '💻', '📈', '\u{20000}', '\u{10FFFF}']),
        2 => prop::sample::select(vec!['\u{301}', '\u{300}', '\u{200d}', '\u{feff}', '　', ' ', '\t', '\n', '\r']),
        1 => any::<char>(),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
}

/// Text the way articles hold it, with the digits, units and qualifiers the recogniser reads.
fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "上海市公安局", "挽回经济损失", "举措之一：", "直接", "日均拦截诈骗电话", "𠮷祥电器", "cafe\u{301}",
            "😀", "原标题：", "责任编辑：", "　　", "R&D", "Lumie\u{300}re",
        ])
        .prop_map(String::from),
        2 => prop::sample::select(vec![
            "7.4亿余元", "21.5万通", "约12万人次", "3至5万", "百分之三十", "三分之二", "0.8%", "¥-0.0041", "28元/斤",
            "超过", "近6年", "左右", "两三千元", "68：1", "1,000", "１２３", "万亿", "0.6个百分点", "63.8bp",
        ])
        .prop_map(String::from),
        2 => tricky_string(6),
        1 => "[0-9.,%万亿元]{1,6}",
    ]
}

fn plain_text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_piece(), 1..8).prop_map(|pieces| pieces.concat())
}

/// A small alphabet of tags, with the ones that matter to the HTML reader: script and style
/// (dropped), tables (cells become blocks), headings, lists, titles and the corpus' classes.
const TAGS: &[&str] = &[
    "p",
    "div",
    "span",
    "script",
    "style",
    "table",
    "thead",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "font",
    "strong",
    "a",
    "title",
    "head",
    "body",
    "html",
    "figure",
    "figcaption",
    "caption",
    "pre",
    "noscript",
    "template",
    "textarea",
    "svg",
    "math",
    "select",
    "option",
    "iframe",
];

const ATTRIBUTES: &[&str] = &[
    "",
    " class=\"ori_titlesource\"",
    " class=\"article-editor\"",
    " cms-style=\"font-L\"",
    " cms-style=\"font-L strong-Bold\"",
    " rowspan=\"2\"",
    " colspan=\"0\"",
    " colspan=\"99999\"",
    " rowspan=\"-1\"",
    " class=\"adlist\"",
    " style=\"display:none\"",
    " src=\"https://example.com/a.png\" alt=\"图\"",
    " src=\"data:image/png;base64,AAAA\"",
    " href=\"javascript:alert(1)\"",
    " class",
    " =\"x\"",
];

/// A leaf of generated HTML: text, entities, void elements, comment pieces, stray tokens.
fn html_leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => text_piece(),
        1 => prop::sample::select(vec![
            "&amp;", "&lt;", "&#123;", "&#x1F600;", "&#0;", "&#xD800;", "&#99999999;", "&nbsp;", "&bogus;", "&",
            "<br>", "<br/>", "</br>", "<img src=\"a.png\" alt=\"说明\">", "<img>", "<hr>", "<!--", "-->",
            "<!-- 注释 -->", "<!-- unclosed", "<![CDATA[x]]>", "<!DOCTYPE html>", "<?xml version=\"1.0\"?>", "<",
            ">", "</", "</p>", "</td>", "</table>", "<p", "\n", "\r\n", "\r", "\u{feff}", "---\n", "---", "...",
            "责任编辑：张三", "原标题：旧题",
        ])
        .prop_map(String::from),
    ]
}

/// Random nesting of tags from [`TAGS`], each maybe left unclosed.
fn near_html() -> impl Strategy<Value = String> {
    html_leaf().prop_recursive(4, 48, 5, |inner| {
        (prop::sample::select(TAGS), prop::sample::select(ATTRIBUTES), prop::collection::vec(inner, 0..5), 0..4u8)
            .prop_map(|(tag, attrs, children, close)| {
                let body = children.concat();
                match close {
                    0 => format!("<{tag}{attrs}>{body}"),
                    1 => format!("<{tag}{attrs}>{body}</{tag} >"),
                    _ => format!("<{tag}{attrs}>{body}</{tag}>"),
                }
            })
    })
}

/// Front matter lines: the corpus' fields, odd YAML, and lines that are not YAML at all.
fn front_matter_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "title: 沪警方挽回损失超7.4亿😀",
            "title: \"引号里的题\"",
            "title: ''",
            "title:",
            "title: [a, b]",
            "title: {a: 1}",
            "date: Mon, 09 Aug 2021 06:59:27 GMT",
            "date: Invalid Date",
            "date: 2021-13-45T99:99:99+25:00",
            "date: Mon, 09 Aug 2021 06:59:27 +9999",
            "categories: [财经, 金融]",
            "categories:\n  - 一\n  - 二",
            "headimg: https://example.com/h.jpg",
            "thumbnail: x",
            "author: 记者 李四",
            "comments: true",
            "key: &anchor value",
            "other: *anchor",
            "? complex",
            ": :",
            "- list at top",
            "{",
            "[[[[[[",
            "'unclosed",
            "\ttab: indented",
            "title: |\n  多行\n  标题",
        ])
        .prop_map(String::from),
        ("[a-z]{1,8}", text_piece()).prop_map(|(k, v)| format!("{k}: {v}")),
    ]
}

/// A whole source file: maybe a BOM, maybe front matter (closed by `---`, `...` or not at
/// all), then an HTML or plain body. Lines end with `\n` only; [`with_line_endings`] varies them.
fn post_source() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::option::of((prop::collection::vec(front_matter_line(), 0..6), 0..3u8)),
        prop_oneof![3 => near_html(), 1 => plain_text(), 1 => prop::collection::vec(plain_text(), 1..5).prop_map(|l| l.join("\n\n"))],
    )
        .prop_map(|(bom, front, body)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            if let Some((lines, close)) = front {
                s.push_str("---\n");
                for l in lines {
                    s.push_str(&l);
                    s.push('\n');
                }
                s.push_str(["---\n", "...\n", ""][usize::from(close)]);
            }
            s.push_str(&body);
            s
        })
}

/// `\n` turned into `\r\n` or `\r`, all of them or every other one.
fn with_line_endings(source: &str, mode: u8) -> String {
    let mut out = String::with_capacity(source.len() * 2);
    for (i, c) in source.chars().enumerate() {
        match (c, mode) {
            ('\n', 1) => out.push_str("\r\n"),
            ('\n', 2) => out.push('\r'),
            ('\n', 3) if i % 2 == 0 => out.push_str("\r\n"),
            ('\n', 3) => out.push('\r'),
            _ => out.push(c),
        }
    }
    out
}

fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "a.md", "新闻.md", "a.html", "a.HTM", "a.xhtml", "a.txt", "a.text", "a", ".md", "dir/b.markdown",
            "c:\\x\\y.mdown", "a.json", "a.zip", "a.xyz", "", ".", "a.", "..", "a.b.c.html",
        ])
        .prop_map(String::from),
        1 => tricky_string(12),
    ]
}

/// Any JSON value, with the keys the readers look for, so random values reach past the parser.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0..40u64).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "biaozhu",
            "ORG",
            "MEASURE",
            "entity",
            "figure",
            "measure",
            "belongs_to",
            "labels",
            "relation",
            "s1",
            "T1",
            "",
            "\u{feff}",
            "#fff",
            "12",
            "title",
            "paragraph",
            "done",
        ])
        .prop_map(Value::from),
        tricky_string(8).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<serde_json::Map<_, _>>())),
        ]
    })
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "format", "version", "labels", "documents", "id", "name", "layer", "color", "hotkey", "title", "meta",
            "text", "blocks", "kind", "start", "end", "level", "table", "cell", "row", "col", "list", "image",
            "images", "before_block", "normalization", "annotations", "relations", "next_id", "status", "label",
            "entities", "start_offset", "end_offset", "from_id", "to_id", "type", "data", "result", "value",
            "from_name", "to_name", "completions", "was_cancelled", "choices", "from", "to", "unconfirmed",
            "attributes", "qualifier", "currency", "unit", "note", "prefix", "suffix", "source_file",
        ])
        .prop_map(String::from),
        1 => "[a-z_]{1,8}",
    ]
}

/// A line of a brat `.ann`: well-formed and not quite.
fn ann_line() -> impl Strategy<Value = String> {
    let id = "[TAMR#ENX*]?[0-9]{0,3}";
    let offsets = prop::collection::vec((0..40usize, 0..40usize), 0..3)
        .prop_map(|v| v.iter().map(|(s, e)| format!("{s} {e}")).collect::<Vec<_>>().join(";"));
    prop_oneof![
        (id, "[A-Z]{0,7}", offsets, tricky_string(6)).prop_map(|(i, l, o, t)| format!("{i}\t{l} {o}\t{t}")),
        (id, "[a-z]{0,9}", id, tricky_string(4)).prop_map(|(i, a, t, v)| format!("{i}\t{a} {t} {v}")),
        (id, id, id).prop_map(|(i, a, b)| format!("{i}\tbelongs_to Arg1:{a} Arg2:{b}")),
        (id, id, tricky_string(10)).prop_map(|(i, t, n)| format!("{i}\tAnnotatorNotes {t}\t{n}")),
        tricky_string(16),
    ]
}

/// A span to be: a code-point range inside a text of any length, and a default label.
type SpanSeed = (Index, Index, Index, Option<String>);

fn span_seeds() -> impl Strategy<Value = Vec<SpanSeed>> {
    prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), prop::option::of(tricky_string(6))), 0..10)
}

/// An imported document (from generated HTML or plain text) and valid spans over it, with
/// relations from some spans to measures.
fn annotated_document() -> impl Strategy<Value = (Document, DocSpans)> {
    let doc = (prop_oneof![Just("gen.md"), Just("gen.txt"), Just("gen.html")], post_source())
        .prop_filter_map("imports", |(name, source)| import_file(name, source.as_bytes()).ok());
    (doc, span_seeds(), prop::collection::vec((any::<Index>(), any::<Index>()), 0..4)).prop_map(
        |(doc, seeds, links)| {
            let spans = spans_over(&doc.text, &seeds, &links);
            (doc, spans)
        },
    )
}

fn spans_over(text: &str, seeds: &[SpanSeed], links: &[(Index, Index)]) -> DocSpans {
    let labels = LabelSet::defaults();
    let all: Vec<_> = labels.iter().collect();
    let n = cp_len(text);
    let mut spans = DocSpans::default();
    if n == 0 {
        return spans;
    }
    for (s, e, l, note) in seeds {
        let start = s.index(n);
        let end = start + 1 + e.index(n - start);
        let label = all[l.index(all.len())];
        let mut a =
            Annotation::quoting(text, &TextIndex::new(text), spans.allocate_id(), label.layer, &label.id, start, end);
        a.note = note.clone();
        spans.insert(a);
    }
    let ids: Vec<(u64, Layer)> = spans.annotations().iter().map(|a| (a.id, a.layer)).collect();
    let mut linked = BTreeSet::new();
    for (from, to) in links {
        if ids.is_empty() {
            break;
        }
        let (from, from_layer) = ids[from.index(ids.len())];
        let (to, to_layer) = ids[to.index(ids.len())];
        if from_layer != Layer::Measure && to_layer == Layer::Measure && linked.insert(from) {
            let id = spans.allocate_id();
            spans.insert_relation(Relation { id, from, to, label: "belongs_to".into() });
        }
    }
    spans
}

/// A change to a valid file: cut it short, flip bits of one byte, or put a random JSON value
/// (or nothing) somewhere inside its JSON.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(Index),
    Flip(Index, u8),
    Splice(Vec<Index>, Value),
    Remove(Vec<Index>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let path = prop::collection::vec(any::<Index>(), 0..7);
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1..=255u8).prop_map(|(i, m)| Mutation::Flip(i, m)),
        3 => (path.clone(), json_value()).prop_map(|(p, v)| Mutation::Splice(p, v)),
        1 => path.prop_map(Mutation::Remove),
    ]
}

/// Walks `path` down `value` and replaces (or, with `None`, removes) the node it ends on.
fn splice(value: &mut Value, path: &[Index], replacement: Option<Value>) {
    let len = match value {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    };
    let Some((step, rest)) = path.split_first().filter(|_| len > 0) else {
        if let Some(r) = replacement {
            *value = r;
        }
        return;
    };
    let i = step.index(len);
    if rest.is_empty() && replacement.is_none() {
        match value {
            Value::Array(items) => drop(items.remove(i)),
            Value::Object(map) => {
                let key = map.keys().nth(i).cloned().unwrap_or_default();
                map.remove(&key);
            }
            _ => {}
        }
        return;
    }
    let child = match value {
        Value::Array(items) => &mut items[i],
        Value::Object(map) => map.values_mut().nth(i).expect("index below length"),
        _ => unreachable!("only containers have children"),
    };
    splice(child, rest, replacement);
}

/// Applies a mutation to a JSON or JSONL text (JSONL: the path's first step picks the line).
fn mutate_text(input: &str, m: &Mutation) -> String {
    match m {
        Mutation::Truncate(at) => {
            let mut at = at.index(input.len() + 1);
            while !input.is_char_boundary(at) {
                at -= 1;
            }
            input[..at].to_string()
        }
        Mutation::Flip(at, mask) => {
            let mut bytes = input.as_bytes().to_vec();
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] ^= mask;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Mutation::Splice(path, _) | Mutation::Remove(path) => {
            let replacement = match m {
                Mutation::Splice(_, v) => Some(v.clone()),
                _ => None,
            };
            if let Ok(mut whole) = serde_json::from_str::<Value>(input) {
                splice(&mut whole, path, replacement);
                return serde_json::to_string_pretty(&whole).unwrap_or_default();
            }
            // JSONL: one value a line.
            let mut lines: Vec<String> = input.lines().map(String::from).collect();
            if let (Some(first), false) = (path.first(), lines.is_empty()) {
                let n = first.index(lines.len());
                if let Ok(mut v) = serde_json::from_str::<Value>(&lines[n]) {
                    splice(&mut v, &path[1..], replacement);
                    lines[n] = v.to_string();
                }
            }
            lines.join("\n")
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// Everything an imported document promises (see `model::Document`).
fn check_imported(doc: &Document) -> Result<(), TestCaseError> {
    let len = cp_len(&doc.text);
    prop_assert_eq!(&doc.id, &document_id(&doc.text), "the id is the hash of the text");
    prop_assert!(doc.validate().is_ok(), "validates: {:?}", doc.validate());
    let mut previous_end = 0;
    let mut lines = Vec::with_capacity(doc.blocks.len());
    for (i, b) in doc.blocks.iter().enumerate() {
        prop_assert!(
            b.start <= b.end && b.end <= len,
            "block {} [{}, {}) inside {} characters",
            i,
            b.start,
            b.end,
            len
        );
        prop_assert!(i == 0 || b.start > previous_end, "block {} starts after the one before, past a line break", i);
        previous_end = b.end;
        let line = slice_cp(&doc.text, b.start, b.end).expect("inside the text");
        prop_assert!(!line.contains('\n'), "block {} holds no line break", i);
        lines.push(line);
    }
    prop_assert_eq!(lines.join("\n"), doc.text.clone(), "the blocks and their line breaks cover the text");
    prop_assert_eq!(doc.text.split('\n').next(), Some(doc.title.as_str()), "the title is the first line");
    Ok(())
}

fn import_and_check(name: &str, bytes: &[u8]) -> Result<Option<Document>, TestCaseError> {
    let first = import_file(name, bytes);
    if let Ok(doc) = &first {
        check_imported(doc)?;
    }
    prop_assert_eq!(&first, &import_file(name, bytes), "the same bytes give the same document");
    Ok(first.ok())
}

/// Every reader on one input; only panics matter here.
fn read_everything(text: &str, labels: &LabelSet) {
    let _ = read_native(text);
    for unit in [OffsetUnit::Auto, OffsetUnit::CodePoints, OffsetUnit::Utf16] {
        let _ = read_doccano(text, labels, unit);
    }
    let _ = read_label_studio(text, labels);
}

/// A doccano JSONL of `docs` in both of its forms: the `label` list in code points, and
/// `entities` with relations in UTF-16 code units, as doccano's web interface counts.
fn doccano_jsonl(docs: &[(&Document, &DocSpans)]) -> (String, String) {
    let mut list_form = String::new();
    let mut entities_form = String::new();
    for (doc, spans) in docs {
        let label: Vec<Value> = spans.annotations().iter().map(|a| json!([a.start, a.end, a.label])).collect();
        list_form.push_str(&json!({"text": doc.text, "label": label}).to_string());
        list_form.push('\n');
        let u16 = |cp| cp_to_utf16(&doc.text, cp).expect("inside the text");
        let entities: Vec<Value> = spans
            .annotations()
            .iter()
            .map(|a| json!({"id": a.id, "start_offset": u16(a.start), "end_offset": u16(a.end), "label": a.label}))
            .collect();
        let relations: Vec<Value> = spans
            .relations()
            .iter()
            .map(|r| json!({"id": r.id, "from_id": r.from, "to_id": r.to, "type": r.label}))
            .collect();
        entities_form.push_str(&json!({"text": doc.text, "entities": entities, "relations": relations}).to_string());
        entities_form.push('\n');
    }
    (list_form, entities_form)
}

/// The `(start, end, label)` of every span, as a multiset (sorted list).
fn triples(spans: &DocSpans) -> Vec<(usize, usize, String)> {
    let mut t: Vec<_> = spans.annotations().iter().map(|a| (a.start, a.end, a.label.clone())).collect();
    t.sort();
    t
}

fn foreign_triples(import: &ForeignImport) -> Vec<(String, Vec<(usize, usize, String)>)> {
    import.documents.iter().map(|(d, s)| (d.text.clone(), triples(s))).collect()
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    /// Arbitrary bytes under any name: an error or a consistent document, never a panic.
    #[test]
    fn import_never_panics_on_arbitrary_bytes(
        name in file_name(),
        prefix in prop::sample::select(vec![&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF", b"---\n", b"<p>"]),
        bytes in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let mut all = prefix.to_vec();
        all.extend(bytes);
        import_and_check(&name, &all)?;
    }

    /// Generated near-HTML posts under every extension: consistent and repeatable.
    #[test]
    fn import_of_near_html_is_consistent(name in file_name(), source in post_source(), endings in 0..4u8) {
        let source = with_line_endings(&source, endings);
        import_and_check(&name, source.as_bytes())?;
        // The front matter helpers on their own, on the same text.
        let (front, body) = front_matter::split(&source);
        prop_assert!(source.ends_with(body), "the body is the end of the source");
        if let Some(front) = front {
            let _ = front_matter::parse(front);
        }
    }

    /// `\r\n`, `\r`, a UTF-8 BOM and UTF-16 (both byte orders, with BOM) give the same
    /// document as the plain UTF-8 file with `\n`.
    #[test]
    fn line_endings_and_encodings_do_not_change_the_document(
        name in prop::sample::select(vec!["a.md", "a.html", "a.txt", "a"]),
        source in post_source(),
        endings in 1..4u8,
    ) {
        // Documents are compared; a refusal only has to stay a refusal, since its kind may
        // differ (a file of only a BOM is "no article text", an empty one "empty").
        let plain = import_file(name, source.as_bytes()).ok();
        let crlf = with_line_endings(&source, endings);
        prop_assert_eq!(&import_file(name, crlf.as_bytes()).ok(), &plain, "line endings {}", endings);
        // The generated source may open with a BOM already: one BOM is a mark, a second one
        // after it would be text (U+FEFF), so the encodings wrap the source without its own.
        let source = source.strip_prefix('\u{feff}').unwrap_or(&source);
        let bom = [&b"\xEF\xBB\xBF"[..], source.as_bytes()].concat();
        prop_assert_eq!(&import_file(name, &bom).ok(), &plain, "UTF-8 BOM");
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(source.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(source.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        prop_assert_eq!(&import_file(name, &le).ok(), &plain, "UTF-16LE");
        prop_assert_eq!(&import_file(name, &be).ok(), &plain, "UTF-16BE");
    }

    /// Code point ↔ byte and code point ↔ UTF-16 agree with an independent count on every
    /// character boundary, and convert back to where they started.
    #[test]
    fn offsets_round_trip_on_every_boundary(s in tricky_string(40)) {
        let cps: Vec<(usize, usize)> = {
            let mut units = 0;
            let mut v: Vec<(usize, usize)> = s.char_indices().map(|(b, c)| { let u = units; units += c.len_utf16(); (b, u) }).collect();
            v.push((s.len(), units));
            v
        };
        prop_assert_eq!(cp_len(&s), cps.len() - 1);
        prop_assert_eq!(utf16_len(&s), s.encode_utf16().count());
        for (cp, &(byte, unit)) in cps.iter().enumerate() {
            prop_assert_eq!(cp_to_byte(&s, cp), Ok(byte), "cp {} → byte", cp);
            prop_assert_eq!(byte_to_cp(&s, byte), Ok(cp), "byte {} → cp", byte);
            prop_assert_eq!(cp_to_utf16(&s, cp), Ok(unit), "cp {} → unit", cp);
            prop_assert_eq!(utf16_to_cp(&s, unit), Ok(cp), "unit {} → cp", unit);
        }
    }

    /// Past the end, inside a UTF-8 sequence, between the halves of a surrogate pair: an
    /// error naming the problem, never a panic and never a rounded position.
    #[test]
    fn offsets_refuse_positions_inside_a_character(s in tricky_string(30), beyond in 1..5usize) {
        let (cps, bytes, units) = (cp_len(&s), s.len(), utf16_len(&s));
        for byte in 0..=bytes + beyond {
            let got = byte_to_cp(&s, byte);
            if byte > bytes {
                prop_assert_eq!(got, Err(OffsetError::PastEnd { offset: byte, len: bytes }));
            } else if !s.is_char_boundary(byte) {
                prop_assert_eq!(got, Err(OffsetError::NotCharBoundary(byte)));
            } else {
                prop_assert!(got.is_ok());
            }
        }
        let mut starts = BTreeSet::new();
        let mut at = 0;
        for c in s.chars() {
            starts.insert(at);
            at += c.len_utf16();
        }
        starts.insert(at);
        for unit in 0..=units + beyond {
            let got = utf16_to_cp(&s, unit);
            if unit > units {
                prop_assert_eq!(got, Err(OffsetError::PastEnd { offset: unit, len: units }));
            } else if !starts.contains(&unit) {
                prop_assert_eq!(got, Err(OffsetError::InsideSurrogatePair(unit)));
            } else {
                prop_assert!(got.is_ok());
            }
        }
        let past = cps + beyond;
        prop_assert_eq!(cp_to_byte(&s, past), Err(OffsetError::PastEnd { offset: past, len: cps }));
        prop_assert_eq!(cp_to_utf16(&s, past), Err(OffsetError::PastEnd { offset: past, len: cps }));
        prop_assert!(slice_cp(&s, 0, past).is_err());
    }

    /// Every reader on arbitrary text, random JSON (with the keys they look for), arbitrary
    /// bytes as a zip, and random brat files.
    #[test]
    fn readers_never_panic_on_arbitrary_input(
        text in tricky_string(64),
        value in json_value(),
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        txt in tricky_string(40),
        ann in prop::collection::vec(ann_line(), 0..6),
    ) {
        let labels = LabelSet::defaults();
        read_everything(&text, &labels);
        read_everything(&value.to_string(), &labels);
        read_everything(&format!("{value}\n{value}"), &labels);
        let zip_like = [&b"PK\x03\x04"[..], &bytes].concat();
        let _ = brat::read_brat_zip(&bytes, &labels);
        let _ = brat::read_brat_zip(&zip_like, &labels);
        let ann = ann.join("\n");
        let _ = brat::read_brat(&[BratDocument { name: "doc", txt: &txt, ann: &ann }], &labels);
    }

    /// Valid exports of a generated document, then damaged: every reader refuses or reads,
    /// never panics. What a reader returns must still be consistent.
    #[test]
    fn readers_never_panic_on_mutated_exports(
        (doc, spans) in annotated_document(),
        mutations in prop::collection::vec(mutation(), 1..4),
        ann_mutation in mutation(),
        zip_cut in any::<Index>(),
        zip_flips in prop::collection::vec((any::<Index>(), 1..=255u8), 1..4),
    ) {
        let labels = LabelSet::defaults();
        let docs = [(&doc, &spans)];
        let native = native_json(&labels, &docs).expect("a valid corpus exports");
        let studio = label_studio_json(&labels, &docs).expect("a valid corpus exports");
        let (doccano_list, doccano_entities) = doccano_jsonl(&docs);
        for valid in [native, studio, doccano_list, doccano_entities] {
            let mut damaged = valid;
            for m in &mutations {
                damaged = mutate_text(&damaged, m);
            }
            read_everything(&damaged, &labels);
            if let Ok(corpus) = read_native(&damaged) {
                for (d, s) in &corpus.documents {
                    prop_assert!(d.validate().is_ok());
                    prop_assert!(s.validate(&d.text).is_ok());
                }
            }
        }
        let files = brat_spans(&spans, &doc.text)
            .and_then(|s| brat::brat_files(&labels, &[(&doc, &s)]).ok());
        if let Some(files) = files {
            let txt = &files[2].1;
            let ann = mutate_text(&files[3].1, &ann_mutation);
            let _ = brat::read_brat(&[BratDocument { name: "doc", txt, ann: &ann }], &labels);
            let zip = brat::brat_zip(&labels, &[(&doc, &brat_spans(&spans, &doc.text).expect("checked"))])
                .expect("exports");
            let _ = brat::read_brat_zip(&zip[..zip_cut.index(zip.len() + 1)], &labels);
            let mut flipped = zip.clone();
            for (at, mask) in &zip_flips {
                let i = at.index(flipped.len());
                flipped[i] ^= mask;
            }
            let _ = brat::read_brat_zip(&flipped, &labels);
        }
    }

    /// Native JSON keeps everything: the same label set, documents, spans, notes, relations and
    /// next ids, and exporting what was read gives the same bytes.
    #[test]
    fn native_export_round_trips(corpus in prop::collection::vec(annotated_document(), 1..3)) {
        let labels = LabelSet::defaults();
        // The same text twice is one document: keep the first.
        let mut seen = BTreeSet::new();
        let docs: Vec<(&Document, &DocSpans)> =
            corpus.iter().filter(|(d, _)| seen.insert(d.id.clone())).map(|(d, s)| (d, s)).collect();
        let json = native_json(&labels, &docs).expect("a valid corpus exports");
        let back = read_native(&json).map_err(|e| TestCaseError::fail(format!("reads back: {e}")))?;
        prop_assert_eq!(&back.labels, &labels);
        prop_assert_eq!(back.pairs(), docs);
        prop_assert_eq!(native_json(&back.labels, &back.pairs()).expect("exports again"), json);
    }

    /// A save journal (what a crashed page leaves for the next visit to replay) reads back as it
    /// was written, whatever the document's spans, title and revisions, and its reader refuses
    /// rather than panics on a damaged one (cut short, or with a line's words changed).
    #[test]
    fn save_journals_round_trip_and_damaged_ones_are_refused(
        (doc, spans) in annotated_document(),
        title in tricky_string(12),
        bases in prop::collection::vec(any::<u64>(), 1..3),
        cut in any::<Index>(),
        noise in tricky_string(6),
    ) {
        let mut entry = biaozhu::core::corpus::Entry::new(&doc, 1);
        entry.title = title;
        let writes = biaozhu::core::storage::span_records::writes(&spans, None);
        let journal = Journal::of(&writes, &entry, bases);
        let text = encode_journal(&journal);
        prop_assert_eq!(decode_journal(&text), Ok(journal));
        let at = cut.index(text.len() + 1);
        if text.is_char_boundary(at) {
            let _ = decode_journal(&text[..at]);
            let _ = decode_journal(&format!("{}{noise}{}", &text[..at], &text[at..]));
        }
    }

    /// brat keeps each span's range and label. It loses what it cannot write: the line breaks
    /// at either end of a span (fragments are split at line breaks and the breaks left out),
    /// so those are compared trimmed; span ids are kept but the document's other state
    /// (metadata, blocks, title) is rebuilt from the `.txt`, so only the text is compared.
    #[test]
    fn brat_export_reads_back_to_the_same_spans((doc, spans) in annotated_document()) {
        let labels = LabelSet::defaults();
        let Some(spans) = brat_spans(&spans, &doc.text) else {
            return Ok(());
        };
        let zip = brat::brat_zip(&labels, &[(&doc, &spans)]).expect("a valid corpus exports");
        let back = brat::read_brat_zip(&zip, &labels).map_err(|e| TestCaseError::fail(format!("reads back: {e}")))?;
        let chars: Vec<char> = doc.text.chars().collect();
        let mut expected: Vec<(usize, usize, String)> = spans
            .annotations()
            .iter()
            .map(|a| {
                let (mut s, mut e) = (a.start, a.end);
                while chars[s] == '\n' { s += 1; }
                while chars[e - 1] == '\n' { e -= 1; }
                (s, e, a.label.clone())
            })
            .collect();
        expected.sort();
        prop_assert_eq!(foreign_triples(&back), vec![(doc.text.clone(), expected)]);
        prop_assert_eq!(&back.labels, &labels, "no label created");
    }

    /// doccano (code points, and UTF-16 code units with relations) and Label Studio (code
    /// points, quoted) read back the same `(start, end, label)` of every span over the same
    /// text. Like brat, they rebuild the document from the text alone.
    #[test]
    fn doccano_and_label_studio_read_back_the_same_spans((doc, spans) in annotated_document()) {
        let labels = LabelSet::defaults();
        let docs = [(&doc, &spans)];
        let want = vec![(doc.text.clone(), triples(&spans))];
        let (list_form, entities_form) = doccano_jsonl(&docs);
        let read = |r: Result<ForeignImport, _>| r.map(|i| foreign_triples(&i)).map_err(|e: biaozhu::core::formats::FormatError| e.to_string());
        prop_assert_eq!(read(read_doccano(&list_form, &labels, OffsetUnit::CodePoints)), Ok(want.clone()), "doccano, code points");
        prop_assert_eq!(read(read_doccano(&entities_form, &labels, OffsetUnit::Utf16)), Ok(want.clone()), "doccano, UTF-16");
        let studio = label_studio_json(&labels, &docs).expect("a valid corpus exports");
        prop_assert_eq!(read(read_label_studio(&studio, &labels)), Ok(want), "Label Studio");
    }

    /// The recogniser on article-like and arbitrary text: every figure inside the text,
    /// non-empty, quoting exactly the characters it spans.
    #[test]
    fn recognize_never_panics_and_stays_in_the_text(text in prop_oneof![plain_text(), tricky_string(48)]) {
        let len = cp_len(&text);
        for f in recognize(&text) {
            prop_assert!(f.start < f.end && f.end <= len, "{:?} inside {} characters", (f.start, f.end), len);
            prop_assert!(cp_to_byte(&text, f.start).is_ok() && cp_to_byte(&text, f.end).is_ok());
            prop_assert_eq!(slice_cp(&text, f.start, f.end).ok(), Some(f.text.as_str()));
        }
    }
}

/// The spans brat can hold: those with more than line breaks in them, and the relations between
/// them. (`None` only if the set would not validate, which would be a bug of this file.)
fn brat_spans(spans: &DocSpans, text: &str) -> Option<DocSpans> {
    let keep: Vec<Annotation> =
        spans.annotations().iter().filter(|a| a.text.chars().any(|c| c != '\n')).map(|a| (**a).clone()).collect();
    let ids: BTreeSet<u64> = keep.iter().map(|a| a.id).collect();
    let relations: Vec<Relation> =
        spans.relations().iter().filter(|r| ids.contains(&r.from) && ids.contains(&r.to)).cloned().collect();
    DocSpans::from_parts(keep, relations, spans.next_id(), text).ok()
}
