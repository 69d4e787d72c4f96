//! The `biaozhu` command line, run as a user would: real files in, JSON lines and exit codes out.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn biaozhu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_biaozhu")).args(args).output().expect("biaozhu runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).to_string_lossy().into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

/// Code points of `text[start:end]`, as a Python consumer would slice it.
fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn import_prints_one_document_per_line_with_code_point_blocks() {
    let out = biaozhu(&["import", &fixture("raw-symbols.md"), &fixture("plain.txt"), &fixture("bare.html")]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out);
    assert_eq!(docs.len(), 3);
    for doc in &docs {
        for key in ["id", "title", "meta", "text", "blocks"] {
            assert!(doc.get(key).is_some(), "missing {key} in {doc}");
        }
        let text = doc["text"].as_str().expect("text");
        let blocks = doc["blocks"].as_array().expect("blocks");
        assert_eq!(blocks[0]["kind"], "title");
        assert_eq!(slice(text, blocks[0]["start"].as_u64().unwrap(), blocks[0]["end"].as_u64().unwrap()), doc["title"]);
        let rebuilt: Vec<String> = blocks
            .iter()
            .map(|b| slice(text, b["start"].as_u64().expect("start"), b["end"].as_u64().expect("end")))
            .collect();
        assert_eq!(rebuilt.join("\n"), text, "blocks cover the text in code points");
    }
}

#[test]
fn a_bad_file_is_named_on_stderr_and_the_others_still_print() {
    let dir = std::env::temp_dir().join(format!("biaozhu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let binary: PathBuf = dir.join("broken.md");
    std::fs::write(&binary, b"\x00\x01\x02binary").expect("write");
    let missing = dir.join("missing.md");
    let good = fixture("crlf.md");
    let out = biaozhu(&["import", binary.to_str().unwrap(), &good, missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_lines(&out).len(), 1, "the good file is still printed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one line per bad file: {stderr}");
    assert!(lines[0].contains("broken.md") && lines[0].contains("NUL"), "{stderr}");
    assert!(lines[1].contains("missing.md"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_non_zero() {
    for args in [&[][..], &["import"][..], &["frobnicate"][..]] {
        let out = biaozhu(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage: biaozhu"), "{args:?}");
    }
    assert!(biaozhu(&["--help"]).status.success());
}

#[test]
fn imports_the_whole_shared_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus not found");
        return;
    }
    let mut files: Vec<String> = Vec::new();
    for sub in ["sina", "other"] {
        for entry in std::fs::read_dir(corpus.join(sub)).expect("corpus folder") {
            files.push(entry.expect("entry").path().to_string_lossy().into_owned());
        }
    }
    files.sort();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    let out = biaozhu(&args);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json_lines(&out).len(), files.len());
}

#[test]
fn import_reads_gbk_and_refuses_undecodable_files_in_one_line() {
    let out = biaozhu(&["import", &fixture("gbk.md"), &fixture("gb18030.html")]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let docs = json_lines(&out);
    let titles: Vec<&str> = docs.iter().map(|d| d["title"].as_str().expect("title")).collect();
    assert_eq!(titles, ["沪上银行业支持小微企业：贷款余额同比增长12.5%", "𠮷祥电器发布半年报"]);

    let random = fixture("random-bytes.md");
    let out = biaozhu(&["import", &random]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("biaozhu import: {random}: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 0)\n")
    );
}

#[test]
fn import_refuses_a_file_over_the_size_limit_before_reading_it() {
    let dir = std::env::temp_dir().join(format!("biaozhu-cli-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let big = dir.join("big.md");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(biaozhu::core::import::limits::MAX_FILE_BYTES + 1).expect("sparse file");
    let big = big.to_string_lossy().into_owned();
    let out = biaozhu(&["import", &big]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("biaozhu import: {big}: 20,971,521 bytes, larger than the 20 MiB an article may be\n")
    );
}
