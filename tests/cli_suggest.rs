//! `biaozhu suggest`, run as a user would: figure suggestions as JSON lines and as a native
//! export, every offset checked against the imported text in code points.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::annotation::Attributes;
use biaozhu::core::labels::Layer;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn biaozhu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_biaozhu")).args(args).output().expect("biaozhu runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).to_string_lossy().into_owned()
}

/// The article the project was started from, when the shared corpus is beside the repository.
fn started_from() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/sina/打击电信网络诈骗，今年以来沪警方挽回或避免损失超74亿.md");
    path.is_file().then(|| path.to_string_lossy().into_owned())
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).expect("each line is a JSON object")).collect()
}

/// Code points `[start, end)` of `text`, as a Python consumer would slice it.
fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

/// The imported document (id and text) of a file, from `biaozhu import`.
fn imported(path: &str) -> (String, String) {
    let out = biaozhu(&["import", path]);
    assert!(out.status.success(), "import {path}: {}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_str(stdout(&out).trim()).expect("one document");
    (doc["id"].as_str().expect("id").to_string(), doc["text"].as_str().expect("text").to_string())
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("biaozhu-suggest-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Every line names its document and file, and its span is its text, in code points.
fn check_lines(lines: &[Value], path: &str) {
    let (id, text) = imported(path);
    assert!(!lines.is_empty(), "{path}: no suggestions");
    let mut previous_end = 0;
    for line in lines {
        for key in ["doc", "file", "start", "end", "text", "kind", "value", "unit", "currency", "qualifier"] {
            assert!(line.get(key).is_some(), "missing {key} in {line}");
        }
        assert_eq!(line["doc"], id.as_str());
        assert_eq!(line["file"], path);
        let (start, end) = (line["start"].as_u64().expect("start"), line["end"].as_u64().expect("end"));
        assert!(start >= previous_end && start < end, "sorted, disjoint spans: {line}");
        previous_end = end;
        assert_eq!(slice(&text, start, end), line["text"].as_str().expect("text"), "{line}");
        assert!(biaozhu::core::annotation::is_decimal(line["value"].as_str().expect("value")), "{line}");
    }
}

/// Every span of a native export is an unconfirmed figure whose text is the text at its offsets
/// and whose attributes pass the figure layer's checks.
fn check_native(json: &str) -> usize {
    let export: Value = serde_json::from_str(json).expect("the native export is JSON");
    assert_eq!(export["format"], "biaozhu");
    let labels: Vec<&str> =
        export["labels"].as_array().expect("labels").iter().filter_map(|l| l["id"].as_str()).collect();
    let mut spans = 0;
    for doc in export["documents"].as_array().expect("documents") {
        let text = doc["text"].as_str().expect("text");
        let next_id = doc["next_id"].as_u64().expect("next_id");
        let mut ids = std::collections::HashSet::new();
        for a in doc["annotations"].as_array().expect("annotations") {
            spans += 1;
            assert_eq!(a["unconfirmed"], true, "{a}");
            assert_eq!(a["layer"], "figure", "{a}");
            let label = a["label"].as_str().expect("label");
            assert!(["MONEY", "COUNT", "PERCENT"].contains(&label) && labels.contains(&label), "{a}");
            let (start, end) = (a["start"].as_u64().expect("start"), a["end"].as_u64().expect("end"));
            assert_eq!(slice(text, start, end), a["text"].as_str().expect("text"), "{a}");
            let prefix = a["prefix"].as_str().expect("prefix");
            assert!(slice(text, 0, start).ends_with(prefix), "{a}");
            let suffix = a["suffix"].as_str().expect("suffix");
            assert!(slice(text, end, text.chars().count() as u64).starts_with(suffix), "{a}");
            let attributes: Attributes = serde_json::from_value(a["attributes"].clone()).expect("attributes");
            assert_eq!(attributes.validate(Layer::Figure), Ok(()), "{a}");
            assert!(attributes.value.is_some(), "{a}");
            let id = a["id"].as_u64().expect("id");
            assert!(ids.insert(id) && id < next_id, "{a}");
        }
    }
    spans
}

#[test]
fn prints_the_figures_of_the_fixture_as_json_lines() {
    let path = fixture("figures.md");
    let out = biaozhu(&["suggest", &path]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    check_lines(&lines, &path);
    let field = |v: &Value| v.as_str().unwrap_or("-").to_string();
    let got: Vec<String> = lines
        .iter()
        .map(|l| {
            let value = match l.get("value_max") {
                Some(max) => format!("{}..{}", field(&l["value"]), field(max)),
                None => field(&l["value"]),
            };
            let parts = [field(&l["text"]), field(&l["kind"]), value, field(&l["unit"]), field(&l["currency"])];
            format!("{} | {}", parts.join(" | "), field(&l["qualifier"]))
        })
        .collect();
    let want = [
        "7.4亿 | money | 740000000 | - | CNY | over",
        "17.9% | percent | 0.179 | % | - | -",
        "7.4亿余元 | money | 740000000 | 元 | CNY | more-than",
        "21.5万通 | count | 215000 | 通 | - | -",
        "3千余万人次 | count | 30000000 | 人次 | - | more-than",
        "17.9% | percent | 0.179 | % | - | -",
        "0.6个百分点 | percent | 0.006 | 个百分点 | - | -",
        "三分之二 | ratio | 0.6666666667 | - | - | -",
        "20人 | count | 20 | 人 | - | about",
        "3-5万元 | range | 30000..50000 | 元 | CNY | -",
        "300万美元 | money | 3000000 | 美元 | USD | -",
        "-2.5% | percent | -0.025 | % | - | -",
        "1.06万亿元 | money | 1060000000000 | 元 | CNY | over",
    ];
    assert_eq!(got, want);
    // Offsets count code points: 𠮷 and 😀 are one each (two UTF-16 units, four bytes).
    let after_astral = lines.iter().find(|l| l["text"] == "1.06万亿元").expect("the last figure");
    assert_eq!(after_astral["start"], 190);
}

#[test]
fn native_export_holds_the_figures_as_unconfirmed_spans() {
    let path = fixture("figures.md");
    let dir = temp_dir("native");
    let out_file = dir.join("suggestions.json");
    let out = biaozhu(&["suggest", "--native", "-o", out_file.to_str().expect("path"), &path]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "with -o nothing goes to stdout");
    let json = std::fs::read_to_string(&out_file).expect("the export is written");
    assert_eq!(check_native(&json), 13);
    let export: Value = serde_json::from_str(&json).expect("JSON");
    let first = &export["documents"][0]["annotations"][0];
    assert_eq!(first["label"], "MONEY");
    assert_eq!(first["attributes"]["value"], "740000000");
    assert_eq!(first["attributes"]["qualifier"], "over");
    let range =
        export["documents"][0]["annotations"].as_array().expect("spans").iter().find(|a| a["text"] == "3-5万元");
    assert_eq!(range.expect("the range")["note"], "range: 30000 to 50000");
    // The same export on standard output.
    let out = biaozhu(&["suggest", "--native", &path]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim_end(), json.trim_end());
    // And the project's own validator accepts it.
    let validated = biaozhu(&["validate", out_file.to_str().expect("path")]);
    assert!(validated.status.success(), "validate: {}", String::from_utf8_lossy(&validated.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn suggests_the_figures_of_the_article_the_project_started_from() {
    let Some(path) = started_from() else {
        eprintln!("skipping: ../shared/corpus not found");
        return;
    };
    let out = biaozhu(&["suggest", &path]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    check_lines(&lines, &path);
    let find = |text: &str| lines.iter().find(|l| l["text"] == text).unwrap_or_else(|| panic!("{text} not suggested"));
    let total = find("7.4亿余元");
    assert_eq!((total["kind"].as_str(), total["value"].as_str()), (Some("money"), Some("740000000")));
    assert_eq!((total["currency"].as_str(), total["qualifier"].as_str()), (Some("CNY"), Some("more-than")));
    assert_eq!(find("21.5万通")["value"], "215000");
    assert_eq!(find("8.81亿元")["qualifier"], "about");
    assert!(lines.iter().all(|l| !["8月9日", "8", "9", "之一"].contains(&l["text"].as_str().unwrap_or(""))));
    let native = biaozhu(&["suggest", "--native", &path]);
    assert!(native.status.success());
    assert_eq!(check_native(&stdout(&native)), lines.len());
}

#[test]
fn a_file_that_does_not_import_is_named_and_the_others_go_on() {
    let dir = temp_dir("errors");
    let missing = dir.join("missing.md");
    let binary = dir.join("broken.md");
    std::fs::write(&binary, b"\x00\x01\x02binary").expect("write");
    let good = fixture("figures.md");
    let out = biaozhu(&["suggest", missing.to_str().expect("path"), &good, binary.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out).len(), 13, "the good file is still suggested");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = stderr.lines().collect();
    assert_eq!(problems.len(), 2, "one line per bad file: {stderr}");
    assert!(problems[0].contains("missing.md"), "{stderr}");
    assert!(problems[1].contains("broken.md"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let good = fixture("figures.md");
    for args in [&["suggest"][..], &["suggest", "--frobnicate", &good][..], &["suggest", &good, "-o"][..]] {
        let out = biaozhu(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage: biaozhu suggest"), "{args:?}");
    }
    let help = biaozhu(&["suggest", "--help"]);
    assert!(help.status.success() && stdout(&help).contains("--native"));
    assert!(stdout(&biaozhu(&["--help"])).contains("suggest"));
}
