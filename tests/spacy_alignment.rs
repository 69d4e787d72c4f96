//! The spaCy export, loaded by spaCy itself: a native export made with the workspace API over
//! real imported articles (emoji, 𠮷, combining accents, a ZWJ emoji sequence, `\r\n` in the
//! source file, nested spans), converted by `biaozhu export --format spacy`, then read by
//! `tests/python/check_spacy.py`, which builds `spacy.blank("zh")` docs and requires
//! `Doc.char_span(..., alignment_mode="strict")` to find every span.
//!
//! spaCy is installed by `scripts/setup.sh` (through `scripts/setup-python.sh`); where it is
//! missing this test fails, saying so, rather than skipping.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::export::native_json;
use biaozhu::core::import::import_file;
use biaozhu::core::labels::LabelSet;
use biaozhu::core::model::Document;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::workspace::Workspace;
use std::path::Path;
use std::process::Command;
use std::rc::Rc;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Tags every occurrence of each needle (or the first, for overlapping needles).
fn tag_all(ws: &mut Workspace, spans: &[(&str, &str)]) -> usize {
    let mut n = 0;
    for &(needle, label) in spans {
        let text = ws.doc.text.clone();
        for (byte, _) in text.match_indices(needle) {
            let start = text[..byte].chars().count();
            ws.tag(start, start + needle.chars().count(), label).expect("tags");
            n += 1;
        }
    }
    n
}

fn corpus() -> (LabelSet, Vec<(Document, DocSpans)>, usize) {
    let symbols = std::fs::read(manifest().join("tests/fixtures/raw-symbols.md")).expect("fixture");
    let doc = import_file("raw-symbols.md", &symbols).expect("imports");
    let mut ws = Workspace::new(Rc::new(doc), LabelSet::defaults(), DocSpans::default());
    let mut count = tag_all(
        &mut ws,
        &[
            ("𠮷祥电器", "ORG"),      // astral, twice: in the title and after 📉
            ("翻倍", "MISC"),         // right after 📈
            ("4.2%", "PERCENT"),      // after 📉 and 𠮷
            ("0.8%", "PERCENT"),      // before a space and 📉
            ("𠮷祥电器逆势", "MISC"), // overlapping the ORG above
            ("Cafe\u{301} Lumie\u{300}re", "ORG"),
            ("Lumie\u{300}re", "MISC"), // nested, starts after a combining accent
            ("R&D", "MISC"),
            ("<5%", "PERCENT"),
            ("约12万人次", "COUNT"),
            ("北京", "LOC"),
            ("-5℃", "MISC"),
        ],
    );
    let labels = ws.labels().clone();
    let a = ((*ws.doc).clone(), ws.spans().clone());

    let crlf = "企业动态😀👩\u{200d}💻\r\n上海市公安局通报：😀😀挽回损失7.4亿余元。\r\n𠮷祥电器营收增长17.9%🎉，超出预期。\r\n";
    let doc = import_file("crlf-emoji.txt", crlf.as_bytes()).expect("imports");
    assert!(!doc.text.contains('\r'));
    let mut ws = Workspace::new(Rc::new(doc), labels.clone(), DocSpans::default());
    count += tag_all(
        &mut ws,
        &[
            ("上海市公安局", "ORG"),
            ("上海", "LOC"),
            ("7.4亿余元", "MONEY"),
            ("𠮷祥电器", "ORG"),
            ("17.9%", "PERCENT"),
            ("超出预期", "MISC"),
            ("企业动态", "MISC"),
        ],
    );
    (labels, vec![a, ((*ws.doc).clone(), ws.spans().clone())], count)
}

#[test]
fn spacy_loads_the_export_and_every_span_aligns() {
    let dir = std::env::temp_dir().join(format!("biaozhu-spacy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (labels, docs, count) = corpus();
    let pairs: Vec<(&Document, &DocSpans)> = docs.iter().map(|(d, s)| (d, s)).collect();
    let native = dir.join("corpus.json");
    std::fs::write(&native, native_json(&labels, &pairs).expect("exports")).expect("write");

    let spacy = dir.join("train.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_biaozhu"))
        .args(["export", "--format", "spacy"])
        .arg(&native)
        .arg("-o")
        .arg(&spacy)
        .output()
        .expect("biaozhu runs");
    assert!(out.status.success(), "export failed: {}", String::from_utf8_lossy(&out.stderr));

    let script = manifest().join("tests/python/check_spacy.py");
    let checked = match Command::new("python3").arg(&script).arg(&spacy).output() {
        Ok(checked) => checked,
        Err(e) => panic!("cannot run python3 ({e}): install Python 3 and spaCy with scripts/setup.sh"),
    };
    let stdout = String::from_utf8_lossy(&checked.stdout);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    match checked.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "spaCy is missing for python3, so the spaCy export cannot be checked: run scripts/setup.sh ({stderr})"
        ),
        _ => panic!("spaCy could not align the export:\n{stderr}{stdout}"),
    }
    assert!(stdout.starts_with(&format!("{count} spans in 2 documents align")), "{stdout}");
}
