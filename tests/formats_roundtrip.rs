//! The exchange formats end to end, on real imported documents with astral characters (𠮷),
//! emoji, combining marks, nested and overlapping spans, spans across paragraphs, relations,
//! attributes, notes and suggestions: native round trips byte for byte, every training format
//! quotes its spans exactly, brat and Label Studio files read back to the same spans, foreign
//! files (doccano, Label Studio, brat) come in with UTF-16 offsets and `\r\n` converted, and
//! bad input is refused whole, naming the first problem.
// `import_file` (html5ever) is the native build's; the browser build parses in `effects`.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::annotation::{Annotation, Attributes, Qualifier, Relation};
use biaozhu::core::corpus::Status;
use biaozhu::core::export::{native_json, native_json_with_statuses, Statuses};
use biaozhu::core::formats::bio::{self, DropReason, Scheme};
use biaozhu::core::formats::brat::{self, BratDocument};
use biaozhu::core::formats::doccano::read_doccano;
use biaozhu::core::formats::jsonl::native_jsonl;
use biaozhu::core::formats::label_studio::{label_studio_config, label_studio_json, read_label_studio};
use biaozhu::core::formats::{self, read_native, spacy, w3c, ExportOptions, ForeignImport, Format, OffsetUnit};
use biaozhu::core::import::import_file;
use biaozhu::core::labels::{LabelSet, Layer};
use biaozhu::core::model::Document;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::workspace::{Edit, Workspace};
use serde_json::Value;
use std::path::Path;
use std::rc::Rc;

const ARTICLE: &str = "---\ntitle: 沪警方挽回损失超7.4亿😀\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n\
<p>　　😀上海市公安局副局长陈臻介绍，直接挽回经济损失7.4亿余元。</p>\n\
<p>　　举措之一：信息与资金并重，日均拦截诈骗电话21.5万通。𠮷祥电器cafe\u{301}增长3 metric ton。</p>";

/// Code-point range of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Python's `text[start:end]`.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end.saturating_sub(start)).collect()
}

fn tag(ws: &mut Workspace, needle: &str, label: &str) -> u64 {
    let (s, e) = find(&ws.doc.text, needle);
    ws.tag(s, e, label).expect("tags")
}

fn tag_between(ws: &mut Workspace, from: &str, to: &str, label: &str) -> u64 {
    let (s, _) = find(&ws.doc.text, from);
    let (_, e) = find(&ws.doc.text, to);
    ws.tag(s, e, label).expect("tags")
}

fn set(ws: &mut Workspace, id: u64, attributes: Attributes) {
    ws.apply(Edit::SetAttributes { id, attributes }).expect("attributes");
}

/// A suggestion, as the recogniser adds them: not yet confirmed.
fn suggest(doc: &Document, spans: &mut DocSpans, needle: &str, label: &str, layer: Layer) -> u64 {
    let (start, end) = find(&doc.text, needle);
    let (prefix, text, suffix) =
        biaozhu::core::annotation::quote(&doc.text, &biaozhu::core::offsets::TextIndex::new(&doc.text), start, end);
    let id = spans.allocate_id();
    spans.insert(Annotation {
        id,
        layer,
        label: label.into(),
        start,
        end,
        text,
        prefix,
        suffix,
        attributes: Attributes::default(),
        note: None,
        unconfirmed: true,
    });
    id
}

/// Three documents: the article above, worked on in every way; the symbols fixture (emoji,
/// 𠮷, `Café` with combining accents, `&`, `<`); and one without spans.
fn corpus() -> (LabelSet, Vec<(Document, DocSpans)>, Statuses) {
    let doc = import_file("a.md", ARTICLE.as_bytes()).expect("imports");
    assert!(doc.text.contains("cafe\u{301}"), "combining mark kept: {:?}", doc.text);
    let mut ws = Workspace::new(Rc::new(doc), LabelSet::defaults(), DocSpans::default());
    tag(&mut ws, "上海市公安局", "ORG");
    tag(&mut ws, "上海", "LOC");
    tag(&mut ws, "公安局副局长陈臻", "MISC");
    let person = tag(&mut ws, "陈臻", "PER");
    ws.apply(Edit::SetNote { id: person, note: Some("副局长\n另见\t第二段 \\ 反斜杠".into()) }).expect("note");
    let money = tag(&mut ws, "7.4亿余元", "MONEY");
    let money_attrs = Attributes {
        value: Some("740000000".into()),
        unit: Some("元".into()),
        currency: Some("CNY".into()),
        qualifier: Some(Qualifier::MoreThan),
        name: None,
    };
    set(&mut ws, money, money_attrs);
    let across = tag_between(&mut ws, "直接挽回", "信息与资金并重", "MEASURE");
    let measure = tag(&mut ws, "信息与资金并重", "MEASURE");
    set(&mut ws, measure, Attributes { name: Some("信息资金并重".into()), ..Attributes::default() });
    let calls = tag(&mut ws, "21.5万通", "COUNT");
    set(&mut ws, calls, Attributes { value: Some("215000".into()), unit: Some("通".into()), ..Attributes::default() });
    tag(&mut ws, "𠮷祥电器", "ORG");
    tag(&mut ws, "cafe\u{301}", "MISC");
    let tons = tag(&mut ws, "3 metric ton", "COUNT");
    set(
        &mut ws,
        tons,
        Attributes { value: Some("3".into()), unit: Some("metric ton".into()), ..Attributes::default() },
    );
    ws.link(money, Some(across)).expect("link");
    ws.link(calls, Some(measure)).expect("link");
    let labels = ws.labels().clone();
    let a_doc = (*ws.doc).clone();
    let mut a_spans = ws.spans().clone();
    let hu = suggest(&a_doc, &mut a_spans, "沪", "LOC", Layer::Entity);
    let rel = a_spans.allocate_id();
    a_spans.insert_relation(Relation { id: rel, from: hu, to: measure, label: "belongs_to".into() });

    let symbols =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raw-symbols.md")).expect("fixture");
    let b_doc = import_file("raw-symbols.md", &symbols).expect("imports");
    let mut ws = Workspace::new(Rc::new(b_doc), labels.clone(), DocSpans::default());
    tag(&mut ws, "翻倍", "MISC"); // after 📈
    let drop = tag(&mut ws, "0.8%", "PERCENT");
    set(&mut ws, drop, Attributes { value: Some("0.008".into()), ..Attributes::default() });
    tag(&mut ws, "4.2%", "PERCENT"); // after 📉 and 𠮷
    tag(&mut ws, "𠮷祥电器逆势", "MISC");
    tag(&mut ws, "Cafe\u{301} Lumie\u{300}re", "ORG");
    tag(&mut ws, "R&D", "MISC");
    tag(&mut ws, "约12万人次", "COUNT");
    tag(&mut ws, "北京", "LOC");
    tag(&mut ws, "上海", "LOC");
    let b = ((*ws.doc).clone(), ws.spans().clone());

    let c_doc = import_file("c.txt", "空白文档\n没有标注。".as_bytes()).expect("imports");
    let statuses: Statuses = [(a_doc.id.clone(), Status::Done), (b.0.id.clone(), Status::InProgress)].into();
    (labels, vec![(a_doc, a_spans), b, (c_doc, DocSpans::default())], statuses)
}

fn pairs(docs: &[(Document, DocSpans)]) -> Vec<(&Document, &DocSpans)> {
    docs.iter().map(|(d, s)| (d, s)).collect()
}

/// A span as a training format sees it: everything but the context, which re-anchoring uses.
fn essence(a: &Annotation) -> (u64, String, Layer, usize, usize, String, Attributes, Option<String>) {
    (a.id, a.label.clone(), a.layer, a.start, a.end, a.text.clone(), a.attributes.clone(), a.note.clone())
}

fn confirmed(spans: &DocSpans) -> Vec<(u64, String, Layer, usize, usize, String, Attributes, Option<String>)> {
    spans.annotations().iter().filter(|a| !a.unconfirmed).map(|a| essence(a)).collect()
}

fn confirmed_relations(spans: &DocSpans) -> Vec<Relation> {
    let ok = |id| spans.get(id).is_some_and(|a| !a.unconfirmed);
    spans.relations().iter().filter(|r| ok(r.from) && ok(r.to)).cloned().collect()
}

#[test]
fn native_json_and_jsonl_round_trip_byte_for_byte() {
    let (labels, docs, statuses) = corpus();
    let docs = pairs(&docs);
    let json = native_json_with_statuses(&labels, &docs, &statuses).expect("exports");
    let jsonl = native_jsonl(&labels, &docs, &statuses).expect("exports");
    for (name, exported) in [("json", &json), ("jsonl", &jsonl)] {
        let back = read_native(exported).unwrap_or_else(|e| panic!("{name} reads back: {e}"));
        assert_eq!(back.labels, labels, "{name}");
        assert_eq!(back.statuses, statuses, "{name}");
        assert_eq!(back.pairs(), docs, "{name}: documents and spans restored");
        let again_json = native_json_with_statuses(&back.labels, &back.pairs(), &back.statuses).expect("exports");
        let again_jsonl = native_jsonl(&back.labels, &back.pairs(), &back.statuses).expect("exports");
        assert_eq!(again_json, json, "{name} → json");
        assert_eq!(again_jsonl, jsonl, "{name} → jsonl");
    }
    // Without statuses, the export is the one the app has always written, and reads back to it.
    let plain = native_json(&labels, &docs).expect("exports");
    assert!(!plain.contains("\"status\""));
    let back = read_native(&plain).expect("reads");
    assert_eq!(native_json(&back.labels, &back.pairs()).expect("exports"), plain);
    // JSONL lines stand alone: reversed, they read back to the same documents in that order.
    let reversed: String = jsonl.lines().rev().map(|l| format!("{l}\n")).collect();
    let back = read_native(&reversed).expect("reads reversed lines");
    assert_eq!(back.documents.iter().map(|(d, _)| d.id.clone()).collect::<Vec<_>>(), {
        let mut ids: Vec<String> = docs.iter().map(|(d, _)| d.id.clone()).collect();
        ids.reverse();
        ids
    });
    assert_eq!(jsonl.lines().count(), 3);
}

/// Applies `edit` to the native JSON export and expects `read_native` to refuse it with an
/// error containing every one of `words`.
fn refused(json: &str, edit: impl Fn(&mut Value), words: &[&str]) {
    let mut v: Value = serde_json::from_str(json).expect("JSON");
    edit(&mut v);
    let text = serde_json::to_string_pretty(&v).expect("JSON");
    let err = read_native(&text).expect_err("refused").to_string();
    for w in words {
        assert!(err.contains(w), "{err:?} should contain {w:?}");
    }
}

#[test]
fn a_bad_native_file_is_refused_whole_naming_the_first_problem() {
    let (labels, docs, statuses) = corpus();
    let json = native_json_with_statuses(&labels, &pairs(&docs), &statuses).expect("exports");
    let v: Value = serde_json::from_str(&json).expect("JSON");
    let doc_a = v["documents"][0]["id"].as_str().expect("id").to_string();
    let span = |i: usize| v["documents"][0]["annotations"][i]["id"].as_u64().expect("id").to_string();
    let (first, second) = (span(0), span(1));
    type Case = (Box<dyn Fn(&mut Value)>, Vec<String>);
    let cases: Vec<Case> = vec![
        (Box::new(|v| v["version"] = 2.into()), vec!["version 2".into(), "reads version 1".into()]),
        (Box::new(|v| v["format"] = "doccano".into()), vec!["not a biaozhu export".into()]),
        (
            Box::new(|v| v["documents"][0]["annotations"][1]["start"] = 0.into()),
            vec![doc_a.clone(), format!("span {second}"), "quotes".into()],
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][0]["end"] = 100_000.into()),
            vec![doc_a.clone(), format!("span {first}"), "outside the text".into()],
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][0]["label"] = "NOPE".into()),
            vec![doc_a.clone(), format!("span {first}"), "NOPE".into()],
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][0]["layer"] = "figure".into()),
            vec![format!("span {first}"), "figure layer".into()],
        ),
        (Box::new(|v| v["documents"][0]["text"] = "改过的文本".into()), vec![doc_a.clone()]),
        (Box::new(|v| v["documents"][0]["relations"][0]["to"] = 9999.into()), vec!["9999".into()]),
        (Box::new(|v| v["documents"][0]["next_id"] = 1.into()), vec!["next free id".into()]),
        (
            Box::new(|v| {
                let copy = v["documents"][0].clone();
                v["documents"].as_array_mut().expect("list").push(copy);
            }),
            vec![doc_a.clone(), "twice".into()],
        ),
        (Box::new(|v| v["labels"][1]["hotkey"] = "1".into()), vec!["label set".into(), "hotkey".into()]),
        (Box::new(|v| v["documents"][1]["status"] = "finished".into()), vec!["document 2".into()]),
        (
            Box::new(|v| {
                let again = v["labels"][0].clone();
                v["labels"].as_array_mut().expect("labels").push(again);
            }),
            vec!["label set".into(), "ORG already exists".into()],
        ),
    ];
    for (edit, words) in cases {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        refused(&json, edit, &words);
    }
    // JSONL: the line is named; a line of an unknown version refuses the whole file.
    let jsonl = native_jsonl(&labels, &pairs(&docs), &statuses).expect("exports");
    let mut lines: Vec<String> = jsonl.lines().map(String::from).collect();
    lines[2] = lines[2].replacen("\"version\":1", "\"version\":7", 1);
    let err = read_native(&lines.join("\n")).expect_err("refused").to_string();
    assert!(err.contains("line 3") && err.contains("version 7"), "{err}");
    assert!(read_native("").is_err());
    assert!(read_native("{\n  \"format\": \"biaozhu\",").expect_err("broken").to_string().contains("the file"));
}

#[test]
fn every_format_checks_every_span_before_writing() {
    let (labels, docs, _) = corpus();
    // The spans of document A against a text that changed under them.
    let (doc, spans) = &docs[0];
    let mut changed = doc.clone();
    changed.text = changed.text.replacen("上海", "北京", 1);
    for format in Format::ALL {
        let err = formats::export(format, &labels, &[(&changed, spans)], &ExportOptions::default())
            .expect_err("refused")
            .to_string();
        assert!(err.contains(&doc.id) && err.contains("quotes"), "{format:?}: {err}");
    }
}

#[test]
fn training_formats_quote_every_span_in_code_points_and_leave_suggestions_out() {
    let (labels, docs, _) = corpus();
    let docs = pairs(&docs);
    let jsonl = spacy::spacy_jsonl(&labels, &docs).expect("spacy");
    let mut seen = 0;
    for (line, (doc, spans)) in jsonl.lines().zip(&docs) {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        assert_eq!(v["text"], doc.text.as_str());
        assert_eq!(v["meta"]["doc_id"], doc.id.as_str());
        let written = v["spans"].as_array().expect("spans");
        assert_eq!(written.len(), confirmed(spans).len());
        for s in written {
            let (start, end) = (s["start"].as_u64().expect("start") as usize, s["end"].as_u64().expect("end") as usize);
            assert_eq!(slice(&doc.text, start, end), s["text"].as_str().expect("text"), "{s}");
            assert_ne!(s["text"], "沪", "suggestions are left out");
            seen += 1;
        }
    }
    assert!(seen > 15);

    let w3c: Value = serde_json::from_str(&w3c::w3c_json(&labels, &docs).expect("w3c")).expect("JSON");
    assert_eq!(w3c["type"], "AnnotationCollection");
    let items = w3c["first"]["items"].as_array().expect("items");
    assert_eq!(w3c["total"].as_u64(), Some(items.len() as u64));
    let mut tagged = 0;
    for item in items {
        if item["motivation"] == "linking" {
            assert_eq!(item["bz:relation"], "belongs_to");
            continue;
        }
        tagged += 1;
        let source = item["target"]["source"].as_str().expect("source");
        let (doc, _) = docs.iter().find(|(d, _)| source.ends_with(&d.id)).expect("document");
        let quote = &item["target"]["selector"][0];
        let position = &item["target"]["selector"][1];
        assert_eq!(
            (quote["type"].as_str(), position["type"].as_str()),
            (Some("TextQuoteSelector"), Some("TextPositionSelector"))
        );
        let (s, e) =
            (position["start"].as_u64().expect("start") as usize, position["end"].as_u64().expect("end") as usize);
        assert_eq!(slice(&doc.text, s, e), quote["exact"].as_str().expect("exact"));
        let before = slice(&doc.text, s.saturating_sub(quote["prefix"].as_str().expect("prefix").chars().count()), s);
        assert_eq!(before, quote["prefix"].as_str().expect("prefix"));
    }
    assert_eq!(tagged, seen);
    let links = items.iter().filter(|i| i["motivation"] == "linking").count();
    assert_eq!(links, 2, "the suggestion's relation is left out");
}

#[test]
fn bio_writes_one_layer_and_says_which_overlapping_spans_it_dropped() {
    let (labels, docs, _) = corpus();
    let docs = pairs(&docs);
    let out = bio::bio(&labels, &docs, Layer::Entity, Scheme::Bio).expect("bio");
    let dropped: Vec<(String, String)> = out
        .dropped
        .iter()
        .map(|d| match &d.reason {
            DropReason::Overlaps { kept_text, .. } => (d.text.clone(), kept_text.clone()),
            DropReason::OnlyWhiteSpace => (d.text.clone(), String::new()),
        })
        .collect();
    let want: Vec<(String, String)> = [("上海", "上海市公安局"), ("公安局副局长陈臻", "上海市公安局")]
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .to_vec();
    assert_eq!(dropped, want);
    let message = out.dropped[0].to_string();
    assert!(message.contains("left out") && message.contains("LOC") && message.contains("上海市公安局"), "{message}");

    // Every non-blank character of every document appears once, in order; sentences are
    // separated by blank lines; the tags of the kept spans are right.
    let chars: String =
        out.conll.lines().filter(|l| !l.is_empty()).map(|l| l.split(' ').next().unwrap_or("")).collect();
    let all: String = docs.iter().flat_map(|(d, _)| d.text.chars()).filter(|c| !c.is_whitespace()).collect();
    assert_eq!(chars, all);
    assert!(out.conll.contains("上 B-ORG\n海 I-ORG\n市 I-ORG\n公 I-ORG\n安 I-ORG\n局 I-ORG\n副 O\n"));
    assert!(out.conll.contains("陈 B-PER\n臻 I-PER\n介 O"));
    assert!(out.conll.contains(
        "𠮷 B-ORG\n祥 I-ORG\n电 I-ORG\n器 I-ORG\nc B-MISC\na I-MISC\nf I-MISC\ne I-MISC\n\u{301} I-MISC\n增 O"
    ));
    assert!(out.conll.contains("。 O\n\n"), "sentences end at 。");
    assert!(!out.conll.contains("沪 B-LOC"), "suggestions are left out");

    let figures = bio::bio(&labels, &docs, Layer::Figure, Scheme::Bioes).expect("bioes");
    assert!(figures.dropped.is_empty());
    assert!(figures.conll.contains("7 B-MONEY\n. I-MONEY\n4 I-MONEY\n亿 I-MONEY\n余 I-MONEY\n元 E-MONEY\n"));
    assert!(figures.conll.contains("3 B-COUNT\nm I-COUNT"), "white space inside a span is skipped");
    // The measure across two paragraphs keeps its sentences together.
    let measures = bio::bio(&labels, &docs, Layer::Measure, Scheme::Bio).expect("bio");
    assert_eq!(measures.dropped.len(), 1, "the two measures overlap: {:?}", measures.dropped);
    assert!(measures.conll.contains("。 I-MEASURE\n举 I-MEASURE"), "{}", measures.conll);
}

#[test]
fn brat_is_written_and_read_back_to_the_same_spans() {
    let (labels, docs, _) = corpus();
    let docs = pairs(&docs);
    let files = brat::brat_files(&labels, &docs).expect("brat");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[..2], ["annotation.conf", "visual.conf"]);
    assert_eq!(files.len(), 2 + 2 * docs.len());
    let ann_a = &files.iter().find(|(n, _)| *n == format!("{}.ann", docs[0].0.id)).expect("ann").1;
    assert!(ann_a.contains("\tqualifier T"), "{ann_a}");
    assert!(ann_a.contains("AnnotatorNotes T") && ann_a.contains("\tvalue: 740000000"), "{ann_a}");
    assert!(ann_a.contains("\tunit: metric ton"), "a unit with a space is a note: {ann_a}");
    assert!(ann_a.contains("note: 副局长\\n另见\\t第二段 \\\\ 反斜杠"), "{ann_a}");
    assert!(
        ann_a.lines().any(|l| l.starts_with('T') && l.contains(';')),
        "the measure across paragraphs is fragmented"
    );
    assert!(!ann_a.contains("\t沪"), "suggestions are left out");
    let conf = &files[0].1;
    assert!(conf.contains("belongs_to\tArg1:<ENTITY>, Arg2:MEASURE") && conf.contains("currency\tArg:"), "{conf}");

    let check = |import: ForeignImport| {
        assert_eq!(import.labels, labels, "no new labels: {:?}", import.notes);
        assert_eq!(import.documents.len(), docs.len());
        for (doc, spans) in &docs {
            let (back_doc, back) = import.documents.iter().find(|(d, _)| d.id == doc.id).expect("document back");
            assert_eq!(back_doc.text, doc.text);
            assert_eq!(confirmed(back), confirmed(spans), "{}", doc.id);
            assert_eq!(back.relations(), confirmed_relations(spans).as_slice());
        }
    };
    let brat_docs: Vec<BratDocument<'_>> = docs
        .iter()
        .map(|(d, _)| {
            let get = |ext: &str| files.iter().find(|(n, _)| *n == format!("{}.{ext}", d.id)).map(|(_, c)| c.as_str());
            BratDocument { name: &d.id, txt: get("txt").expect("txt"), ann: get("ann").expect("ann") }
        })
        .collect();
    check(brat::read_brat(&brat_docs, &labels).expect("reads brat"));
    let zip = brat::brat_zip(&labels, &docs).expect("zip");
    assert_eq!(brat::brat_zip(&labels, &docs).expect("zip"), zip, "the same corpus gives the same bytes");
    check(brat::read_brat_zip(&zip, &labels).expect("reads the zip"));
}

#[test]
fn label_studio_tasks_read_back_to_the_same_spans() {
    let (labels, docs, _) = corpus();
    let docs = pairs(&docs);
    let json = label_studio_json(&labels, &docs).expect("label studio");
    let tasks: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(tasks[0]["data"]["text"], docs[0].0.text.as_str());
    let region = &tasks[0]["annotations"][0]["result"][0];
    assert_eq!((region["from_name"].as_str(), region["type"].as_str()), (Some("label"), Some("labels")));
    assert_eq!(tasks[2]["annotations"], Value::Array(vec![]));
    let config = label_studio_config(&labels);
    assert!(config.contains("<Label value=\"ORG\" hint=\"机构 (entity)\" background=\"#4e79a7\" hotkey=\"1\"/>"));
    assert!(config.contains("<TextArea name=\"value\" toName=\"text\" perRegion=\"true\""));

    let import = read_label_studio(&json, &labels).expect("reads back");
    assert_eq!(import.labels, labels);
    for ((doc, spans), (back_doc, back)) in docs.iter().zip(&import.documents) {
        assert_eq!(back_doc.text, doc.text);
        assert_eq!(confirmed(back), confirmed(spans));
        let pairs = |rs: &[Relation]| rs.iter().map(|r| (r.from, r.to, r.label.clone())).collect::<Vec<_>>();
        assert_eq!(pairs(back.relations()), pairs(&confirmed_relations(spans)));
    }
    assert!(import.notes.is_empty(), "{:?}", import.notes);
}

#[test]
fn doccano_comes_in_with_utf16_offsets_converted_and_said_so() {
    let labels = LabelSet::defaults();
    // "😀上海" : 上海 is [1, 3) in code points, [2, 4) in UTF-16 code units.
    let utf16 = r#"{"text": "😀上海市\r\n公安局通报", "label": [[2, 5, "LOC"], [7, 10, "机构"]]}
{"data": "𠮷祥电器", "label": [[0, 5, "ORG"]]}
{"text": "北京", "entities": [{"id": 7, "start_offset": 0, "end_offset": 2, "label": "GPE"}], "relations": []}"#;
    let import = read_doccano(utf16, &labels, OffsetUnit::Utf16).expect("imports");
    let spans: Vec<Vec<(String, String)>> = import
        .documents
        .iter()
        .map(|(_, s)| s.annotations().iter().map(|a| (a.label.clone(), a.text.clone())).collect())
        .collect();
    assert_eq!(
        spans,
        vec![
            vec![("LOC".to_string(), "上海市".to_string()), ("ORG".to_string(), "公安局".to_string())],
            vec![("ORG".to_string(), "𠮷祥电器".to_string())],
            vec![("GPE".to_string(), "北京".to_string())],
        ]
    );
    assert_eq!(import.documents[0].0.text, "😀上海市\n公安局通报", "\\r\\n becomes \\n");
    let notes = import.notes.join("\n");
    assert!(notes.contains("UTF-16") && notes.contains("line 1"), "{notes}");
    assert!(notes.contains("\\r\\n"), "{notes}");
    assert!(notes.contains("new labels: GPE (GPE, entity)"), "{notes}");
    assert_eq!(import.labels.get("GPE").map(|l| l.layer), Some(Layer::Entity));

    // Code points, said to be code points; or unsaid, when only code points fit.
    let cp = r#"{"text": "😀上海市", "label": [[1, 3, "LOC"]]}"#;
    for unit in [OffsetUnit::CodePoints, OffsetUnit::Auto] {
        let import = read_doccano(cp, &labels, unit).expect("imports");
        assert_eq!(import.documents[0].1.annotations()[0].text, "上海", "{unit:?}");
    }
    // Unsaid, and both readings fit but differ (市 or 海): refused rather than guessed.
    let both = r#"{"text": "😀上海市", "label": [[3, 4, "LOC"]]}"#;
    let err = read_doccano(both, &labels, OffsetUnit::Auto).expect_err("ambiguous").to_string();
    assert!(err.contains("line 1") && err.contains("UTF-16"), "{err}");
    // Past the end, or inside a surrogate pair: refused, naming the span; nothing half-applied.
    for (bad, words) in [
        (r#"{"text": "上海", "label": [[0, 9, "LOC"]]}"#, ["line 1", "span 1"]),
        (
            "{\"text\": \"ok\", \"label\": []}\n{\"text\": \"😀上海\", \"label\": [[1, 3, \"LOC\"]]}",
            ["line 2", "surrogate"],
        ),
    ] {
        let err = read_doccano(bad, &labels, OffsetUnit::Utf16).expect_err("refused").to_string();
        assert!(words.iter().all(|w| err.contains(w)), "{err}");
    }
}

#[test]
fn label_studio_exports_come_in_and_old_utf16_offsets_are_recognised() {
    let labels = LabelSet::defaults();
    let text = "😀上海市公安局\r\n通报7.4亿元";
    // Old Label Studio counted UTF-16 code units: 上海市公安局 at [2, 8).
    let tasks = serde_json::json!([{
        "id": 17,
        "data": {"text": text},
        "annotations": [
            {"was_cancelled": true, "result": []},
            {"result": [
                {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 2, "end": 8, "text": "上海市公安局", "labels": ["Organization"]}},
                {"id": "a2", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 12, "end": 17, "text": "7.4亿元", "labels": ["MONEY"]}},
                {"id": "a2", "from_name": "value", "to_name": "text", "type": "textarea",
                 "value": {"start": 12, "end": 17, "text": ["740000000"]}},
                {"id": "a2", "from_name": "qualifier", "to_name": "text", "type": "choices",
                 "value": {"start": 12, "end": 17, "choices": ["约"]}}
            ]}
        ]
    }]);
    let import = read_label_studio(&tasks.to_string(), &labels).expect("imports");
    let (doc, spans) = &import.documents[0];
    assert_eq!(doc.text, "😀上海市公安局\n通报7.4亿元");
    assert_eq!(doc.meta.source_file.as_deref(), Some("task 17.txt"));
    let got: Vec<(&str, &str, usize, usize)> =
        spans.annotations().iter().map(|a| (a.label.as_str(), a.text.as_str(), a.start, a.end)).collect();
    assert_eq!(got, [("Organization", "上海市公安局", 1, 7), ("MONEY", "7.4亿元", 10, 15)]);
    let money = &spans.annotations()[1].attributes;
    assert_eq!((money.value.as_deref(), money.qualifier), (Some("740000000"), Some(Qualifier::About)));
    let notes = import.notes.join("\n");
    assert!(notes.contains("UTF-16") && notes.contains("Label Studio"), "{notes}");

    // JSON-MIN, in code points.
    let min = r#"[{"text": "𠮷祥电器", "label": [{"start": 0, "end": 4, "text": "𠮷祥电器", "labels": ["ORG"]}]}]"#;
    let import = read_label_studio(min, &labels).expect("imports");
    assert_eq!(import.documents[0].1.annotations()[0].text, "𠮷祥电器");
    // A quote that fits neither unit is refused, naming the task and the span.
    let bad = r#"[{"id": 3, "data": {"text": "上海"}, "annotations": [{"result": [{"id": "x9", "type": "labels",
        "value": {"start": 0, "end": 2, "text": "北京", "labels": ["LOC"]}}]}]}]"#;
    let err = read_label_studio(bad, &labels).expect_err("refused").to_string();
    assert!(err.contains("task 3") && err.contains("x9") && err.contains("北京"), "{err}");
}

#[test]
fn brat_from_other_tools_comes_in_with_what_it_can_hold() {
    let labels = LabelSet::defaults();
    let txt = "😀上海市\r\n公安局通报\n第三行";
    // Python on a narrow build counted UTF-16 code units; a span across the line break is two
    // fragments; an event and a discontinuous span are left out and reported.
    let ann = "T1\tLOC 2 4\t上海\nT2\tORG 2 5;7 10\t上海市 公安局\nT3\tPER 7 8;14 15\t公 三\n\
               A1\tNegated T1\n#1\tAnnotatorNotes T2\t城市的警方\nE1\tReport:T2\nR1\tbelongs_to Arg1:T3 Arg2:T1\n";
    let import = brat::read_brat(&[BratDocument { name: "news", txt, ann }], &labels).expect("imports");
    let (doc, spans) = &import.documents[0];
    assert_eq!(doc.meta.source_file.as_deref(), Some("news.txt"));
    let got: Vec<(u64, &str, &str, Option<&str>)> =
        spans.annotations().iter().map(|a| (a.id, a.label.as_str(), a.text.as_str(), a.note.as_deref())).collect();
    assert_eq!(got, [(2, "ORG", "上海市\n公安局", Some("城市的警方")), (1, "LOC", "上海", None)]);
    let notes = import.notes.join("\n");
    for word in ["UTF-16", "\\r\\n", "events", "discontinuous", "Negated"] {
        assert!(notes.contains(word), "{word}: {notes}");
    }
    // A text-bound annotation whose text is not the text there refuses the import.
    let err = brat::read_brat(&[BratDocument { name: "news", txt, ann: "T5\tLOC 1 3\t北京\n" }], &labels)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("news.ann") && err.contains("T5") && err.contains("北京"), "{err}");
}
