//! `biaozhu export` and `biaozhu validate` run as a user would: native exports written by the
//! core, converted by the binary into every format, checked; broken input named on stderr with
//! exit code 1 and no output file; usage mistakes exit 2.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::annotation::Attributes;
use biaozhu::core::corpus::Status;
use biaozhu::core::export::{native_json_with_statuses, Statuses};
use biaozhu::core::formats::brat::read_brat_zip;
use biaozhu::core::formats::jsonl::native_jsonl;
use biaozhu::core::formats::read_native;
use biaozhu::core::import::import_file;
use biaozhu::core::labels::LabelSet;
use biaozhu::core::model::Document;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::workspace::{Edit, Workspace};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::rc::Rc;

fn biaozhu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_biaozhu")).args(args).output().expect("biaozhu runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("biaozhu-cli-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn tag(ws: &mut Workspace, needle: &str, label: &str) -> u64 {
    let byte = ws.doc.text.find(needle).unwrap_or_else(|| panic!("{needle:?} in text"));
    let start = ws.doc.text[..byte].chars().count();
    ws.tag(start, start + needle.chars().count(), label).expect("tags")
}

/// Two documents: one with emoji, 𠮷, nested and overlapping spans, attributes and a
/// relation; the symbols fixture with spans after emoji.
fn corpus() -> (LabelSet, Vec<(Document, DocSpans)>) {
    let article = "---\ntitle: 挽回损失😀\n---\n<p>😀上海市公安局副局长陈臻介绍，挽回损失7.4亿余元。</p>\
                   <p>举措之一：信息与资金并重，拦截诈骗电话21.5万通。𠮷祥电器增长。</p>";
    let doc = import_file("a.md", article.as_bytes()).expect("imports");
    let mut ws = Workspace::new(Rc::new(doc), LabelSet::defaults(), DocSpans::default());
    tag(&mut ws, "上海市公安局", "ORG");
    tag(&mut ws, "上海", "LOC");
    tag(&mut ws, "公安局副局长", "MISC");
    let money = tag(&mut ws, "7.4亿余元", "MONEY");
    let attributes =
        Attributes { value: Some("740000000".into()), currency: Some("CNY".into()), ..Attributes::default() };
    ws.apply(Edit::SetAttributes { id: money, attributes }).expect("attributes");
    let measure = tag(&mut ws, "信息与资金并重", "MEASURE");
    ws.link(money, Some(measure)).expect("link");
    tag(&mut ws, "𠮷祥电器", "ORG");
    let labels = ws.labels().clone();
    let a = ((*ws.doc).clone(), ws.spans().clone());

    let symbols =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raw-symbols.md")).expect("fixture");
    let doc = import_file("raw-symbols.md", &symbols).expect("imports");
    let mut ws = Workspace::new(Rc::new(doc), labels.clone(), DocSpans::default());
    tag(&mut ws, "翻倍", "MISC");
    tag(&mut ws, "4.2%", "PERCENT");
    tag(&mut ws, "北京", "LOC");
    (labels, vec![a, ((*ws.doc).clone(), ws.spans().clone())])
}

/// Writes the corpus as `all.json` (both documents, with statuses), `a.json` and `b.jsonl`
/// (one document each).
fn inputs(dir: &Path) -> (PathBuf, PathBuf, PathBuf, String) {
    let (labels, docs) = corpus();
    let pairs: Vec<(&Document, &DocSpans)> = docs.iter().map(|(d, s)| (d, s)).collect();
    let statuses: Statuses = [(docs[0].0.id.clone(), Status::Done)].into();
    let all = native_json_with_statuses(&labels, &pairs, &statuses).expect("exports");
    let a = native_json_with_statuses(&labels, &pairs[..1], &statuses).expect("exports");
    let b = native_jsonl(&labels, &pairs[1..], &statuses).expect("exports");
    let paths = (dir.join("all.json"), dir.join("a.json"), dir.join("b.jsonl"));
    std::fs::write(&paths.0, &all).expect("write");
    std::fs::write(&paths.1, a).expect("write");
    std::fs::write(&paths.2, b).expect("write");
    (paths.0, paths.1, paths.2, all)
}

#[test]
fn native_and_jsonl_convert_both_ways_byte_for_byte() {
    let dir = scratch("native");
    let (all, a, b, all_text) = inputs(&dir);
    // Two files in, one corpus out: the same bytes as the export of the whole corpus.
    let merged = dir.join("merged.json");
    let out = biaozhu(&["export", "--format", "native", s(&a), s(&b), "-o", s(&merged)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&merged).expect("written"), all_text);
    // JSON → JSONL → JSON.
    let jsonl = dir.join("all.jsonl");
    let out = biaozhu(&["export", "--format=jsonl", s(&all), "-o", s(&jsonl)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&jsonl).expect("written").lines().count(), 2);
    let back = dir.join("back.json");
    let out = biaozhu(&["export", "-f", "native", s(&jsonl), "-o", s(&back)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&back).expect("written"), all_text);
    // `-o -` writes to stdout.
    let out = biaozhu(&["export", "--format", "native", s(&all), "-o", "-"]);
    assert_eq!(String::from_utf8(out.stdout).expect("UTF-8"), all_text);
}

#[test]
fn every_training_format_is_written() {
    let dir = scratch("training");
    let (all, _, _, all_text) = inputs(&dir);
    let corpus = read_native(&all_text).expect("reads");
    let text_of = |id: &str| corpus.documents.iter().find(|(d, _)| d.id == id).map(|(d, _)| d.text.clone());

    let spacy = dir.join("train.jsonl");
    let out = biaozhu(&["export", "--format", "spacy", s(&all), "-o", s(&spacy)]);
    assert!(out.status.success(), "{}", stderr(&out));
    for line in std::fs::read_to_string(&spacy).expect("written").lines() {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        let text: Vec<char> = v["text"].as_str().expect("text").chars().collect();
        for span in v["spans"].as_array().expect("spans") {
            let (start, end) =
                (span["start"].as_u64().expect("start") as usize, span["end"].as_u64().expect("end") as usize);
            assert_eq!(text[start..end].iter().collect::<String>(), span["text"].as_str().expect("text"));
        }
    }

    // BIO of the entity layer drops the nested and overlapping spans, and says which.
    let bio = dir.join("entity.bio");
    let out = biaozhu(&["export", "--format", "bio", s(&all), "-o", s(&bio)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let warnings = stderr(&out);
    assert!(warnings.contains("\"上海\" left out") && warnings.contains("\"公安局副局长\" left out"), "{warnings}");
    let conll = std::fs::read_to_string(&bio).expect("written");
    assert!(conll.starts_with("挽 O\n"), "{conll}");
    assert!(conll.contains("😀 O\n上 B-ORG\n海 I-ORG\n"), "{conll}");
    let bioes = dir.join("figure.bioes");
    let out = biaozhu(&["export", "--format", "bioes", "--layer", "figure", s(&all), "-o", s(&bioes)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "no figure overlaps: {}", stderr(&out));
    let conll = std::fs::read_to_string(&bioes).expect("written");
    assert!(conll.contains("7 B-MONEY\n") && conll.contains("元 E-MONEY\n") && conll.contains("% E-PERCENT\n"));

    // brat, as a zip that reads back, and as a directory.
    let zip = dir.join("brat.zip");
    let out = biaozhu(&["export", "--format", "brat", s(&all), "-o", s(&zip)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let import = read_brat_zip(&std::fs::read(&zip).expect("zip"), &corpus.labels).expect("reads back");
    assert_eq!(import.documents.len(), 2);
    let brat_dir = dir.join("brat");
    let out = biaozhu(&["export", "--format", "brat", s(&all), "-o", s(&brat_dir)]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (doc, _) in &corpus.documents {
        let txt = std::fs::read_to_string(brat_dir.join(format!("{}.txt", doc.id))).expect("txt");
        assert_eq!(txt, doc.text);
        assert!(brat_dir.join(format!("{}.ann", doc.id)).exists());
    }
    assert!(brat_dir.join("annotation.conf").exists() && brat_dir.join("visual.conf").exists());

    let w3c = dir.join("annotations.jsonld");
    let out = biaozhu(&["export", "--format", "w3c", s(&all), "-o", s(&w3c)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&w3c).expect("written")).expect("JSON");
    for item in v["first"]["items"].as_array().expect("items").iter().filter(|i| i["motivation"] == "tagging") {
        let id = item["target"]["source"].as_str().expect("source").rsplit(':').next().expect("id").to_string();
        let text: Vec<char> = text_of(&id).expect("document").chars().collect();
        let position = &item["target"]["selector"][1];
        let (start, end) =
            (position["start"].as_u64().expect("start") as usize, position["end"].as_u64().expect("end") as usize);
        assert_eq!(
            text[start..end].iter().collect::<String>(),
            item["target"]["selector"][0]["exact"].as_str().expect("exact")
        );
    }

    let ls = dir.join("tasks.json");
    let out = biaozhu(&["export", "--format", "label-studio", s(&all), "-o", s(&ls)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&ls).expect("written")).expect("JSON");
    assert_eq!(tasks.as_array().map(Vec::len), Some(2));
    let config = std::fs::read_to_string(dir.join("tasks.label-config.xml")).expect("config written beside");
    assert!(config.starts_with("<View>") && config.contains("<Label value=\"MONEY\""));
}

#[test]
fn validate_summarises_good_files_and_names_the_first_problem_of_bad_ones() {
    let dir = scratch("validate");
    let (all, a, b, all_text) = inputs(&dir);
    let out = biaozhu(&["validate", s(&all), s(&a), s(&b)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(stdout.contains("all.json: ok: 2 documents, 9 spans (entity 6, figure 2, measure 1"), "{stdout}");
    assert!(stdout.contains("1 relations") && stdout.contains("every offset checks"), "{stdout}");
    assert!(stdout.contains("3 files, 3 valid, 0 with problems"), "{stdout}");

    // A span moved by one character: named with its document, and nothing is exported.
    let mut v: Value = serde_json::from_str(&all_text).expect("JSON");
    let doc_id = v["documents"][0]["id"].as_str().expect("id").to_string();
    let span_id = v["documents"][0]["annotations"][0]["id"].as_u64().expect("id");
    let start = v["documents"][0]["annotations"][0]["start"].as_u64().expect("start");
    v["documents"][0]["annotations"][0]["start"] = (start + 1).into();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&v).expect("JSON")).expect("write");
    let out = biaozhu(&["validate", s(&all), s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.json") && err.contains(&doc_id) && err.contains(&format!("span {span_id}")), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("all.json: ok"));

    let target = dir.join("never.jsonl");
    let out = biaozhu(&["export", "--format", "spacy", s(&bad), "-o", s(&target)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!("span {span_id}")), "{}", stderr(&out));
    assert!(!target.exists(), "nothing is written when a check fails");

    // An unknown version, a missing file, the same document twice.
    let newer = dir.join("newer.json");
    std::fs::write(&newer, all_text.replacen("\"version\": 1", "\"version\": 9", 1)).expect("write");
    let missing = dir.join("missing.json");
    for (files, words) in [
        (vec![s(&newer)], vec!["newer.json", "version 9"]),
        (vec![s(&missing)], vec!["missing.json"]),
        (vec![s(&all), s(&a)], vec!["a.json", "also in an earlier file"]),
    ] {
        let mut args = vec!["export", "--format", "native"];
        args.extend(files);
        args.extend(["-o", s(&target)]);
        let out = biaozhu(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(words.iter().all(|w| err.contains(w)), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
}

/// Malformed exports of every kind: each is refused with one line naming the file and the
/// problem, exit code 1, and nothing written.
#[test]
fn malformed_exports_are_refused_in_one_line() {
    let dir = scratch("malformed");
    let (_, _, _, all_text) = inputs(&dir);
    let good: Value = serde_json::from_str(&all_text).expect("JSON");
    type Break = fn(&mut Value);
    let cases: &[(&str, Break, &str)] = &[
        ("past-end", |v| v["documents"][0]["annotations"][0]["end"] = 1_000_000.into(), "outside the text"),
        (
            "duplicate-id",
            |v| {
                let id = v["documents"][0]["annotations"][0]["id"].clone();
                v["documents"][0]["annotations"][1]["id"] = id;
            },
            "used twice",
        ),
        (
            "dangling-relation",
            |v| {
                let relation = &mut v["documents"][0]["relations"][0];
                relation["to"] = 987_654.into();
            },
            "987654",
        ),
        ("unknown-label", |v| v["documents"][0]["annotations"][0]["label"] = "NOPE".into(), "NOPE"),
        ("wrong-quote", |v| v["documents"][0]["annotations"][0]["text"] = "错".into(), "quotes"),
        (
            "duplicate-document",
            |v| {
                let doc = v["documents"][0].clone();
                v["documents"].as_array_mut().expect("documents").push(doc);
            },
            "appears twice",
        ),
        ("no-documents", |v| v["documents"] = Value::Null, "documents"),
        ("not-an-object", |v| *v = Value::Array(vec![]), "bad-not-an-object.json"),
    ];
    for (name, break_it, words) in cases {
        let mut v = good.clone();
        break_it(&mut v);
        let bad = dir.join(format!("bad-{name}.json"));
        std::fs::write(&bad, serde_json::to_string(&v).expect("JSON")).expect("write");
        let target = dir.join(format!("{name}.jsonl"));
        for args in [vec!["validate", s(&bad)], vec!["export", "--format", "spacy", s(&bad), "-o", s(&target)]] {
            let out = biaozhu(&args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{name}: {args:?}: {err}");
            assert!(err.contains(&format!("bad-{name}.json")) && err.contains(words), "{name}: {err}");
            assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        }
        assert!(!target.exists(), "{name}: nothing is written");
    }
    // Cut short anywhere, the file is refused the same way.
    for cut in [1, all_text.len() / 3, all_text.len() - 2] {
        let bad = dir.join("bad-truncated.json");
        std::fs::write(&bad, &all_text.as_bytes()[..cut]).expect("write");
        let out = biaozhu(&["validate", s(&bad)]);
        assert_eq!(out.status.code(), Some(1), "cut at {cut}");
        assert_eq!(stderr(&out).lines().count(), 1, "cut at {cut}: {}", stderr(&out));
    }
}

#[test]
fn usage_mistakes_exit_with_two() {
    let dir = scratch("usage");
    let (all, _, _, _) = inputs(&dir);
    let out_path = dir.join("out");
    let o = s(&out_path);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["export", s(&all), "-o", o], "--format is required"),
        (vec!["export", "--format", "conll", s(&all), "-o", o], "unknown format 'conll'"),
        (vec!["export", "--format", "spacy", "--layer", "figure", s(&all), "-o", o], "--layer is for bio"),
        (vec!["export", "--format", "bio", "--layer", "events", s(&all), "-o", o], "unknown layer 'events'"),
        (vec!["export", "--format", "spacy", s(&all)], "-o OUT is required"),
        (vec!["export", "--format", "spacy", "-o", o], "no input files"),
        (vec!["export", "--format", "spacy", "--frobnicate", s(&all), "-o", o], "unknown option"),
        (vec!["validate"], "no files given"),
    ];
    for (args, message) in cases {
        let out = biaozhu(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    let help = biaozhu(&["--help"]);
    let usage = String::from_utf8(help.stdout).expect("UTF-8");
    assert!(usage.contains("export --format") && usage.contains("validate FILE"), "{usage}");
}
