//! End to end: the app's exports in every training format, for a document and for the corpus,
//! checked offset by offset; and annotations from other tools imported through the page.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use biaozhu::core::formats::brat::read_brat_zip;
use biaozhu::core::labels::LabelSet;
use serde_json::Value;
use std::time::{Duration, Instant};
use support::page::{press, select, wait_listed};
use support::{Browser, TempDir, DEFAULT_TIMEOUT};

const LONG: Duration = Duration::from_secs(30);

async fn choose(browser: &Browser, select_id: &str, value: &str) {
    browser
        .js_with(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![serde_json::json!(select_id), serde_json::json!(value)],
        )
        .await;
}

/// Clicks Export and returns the downloaded file's bytes (the one whose name ends with `suffix`).
async fn export(browser: &Browser, suffix: &str) -> Vec<u8> {
    for old in std::fs::read_dir(browser.download_dir()).expect("downloads").filter_map(Result::ok) {
        std::fs::remove_file(old.path()).ok();
    }
    browser.wait_for("button#export", DEFAULT_TIMEOUT).await.click().await.expect("export");
    let deadline = Instant::now() + LONG;
    loop {
        let found = std::fs::read_dir(browser.download_dir())
            .ok()
            .and_then(|d| d.filter_map(Result::ok).map(|e| e.path()).find(|p| p.to_string_lossy().ends_with(suffix)));
        if let Some(path) = found {
            tokio::time::sleep(Duration::from_millis(300)).await;
            return std::fs::read(path).expect("download");
        }
        assert!(Instant::now() < deadline, "no download ending with {suffix}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_format_downloads_with_exact_offsets_and_other_tools_come_in() {
    let dir = TempDir::new("exports");
    let file =
        dir.write("e.md", "---\ntitle: '导出测试'\n---\n<p>　　😀𠮷上海市公安局陈臻介绍，挽回损失7.4亿余元。</p>\n");
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[file]).await;
    browser.wait_for_text("h1.doc-title", "导出测试", LONG).await;
    select(&browser, "上海市公安局", "上海市公安局").await;
    press(&browser, "1").await;
    select(&browser, "上海", "上海").await;
    press(&browser, "3").await;
    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    browser
        .wait_until_js(
            "three confirmed spans",
            "document.querySelectorAll('.span-item:not(.span-item-suggested)').length === 3",
            LONG,
        )
        .await;

    // spaCy JSONL of the document: every span's text at its code-point offsets.
    choose(&browser, "export-format", "spacy").await;
    let spacy = String::from_utf8(export(&browser, ".spacy.jsonl").await).expect("UTF-8");
    let line: Value = serde_json::from_str(spacy.lines().next().expect("a line")).expect("JSON");
    let text = line["text"].as_str().expect("text");
    let spans = line["spans"].as_array().expect("spans");
    assert_eq!(spans.len(), 3, "the confirmed spans (figure suggestions are left out)");
    for s in spans {
        assert_eq!(chars(text, s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()), s["text"].as_str().unwrap());
    }

    // BIO of the entity layer: overlapping spans are reported, not guessed silently.
    choose(&browser, "export-format", "bio").await;
    let bio = String::from_utf8(export(&browser, ".bio.entity.conll").await).expect("UTF-8");
    let tagged_line = |line: &str| {
        let cols: Vec<&str> = line.split_whitespace().collect();
        cols.first() == Some(&"上") && matches!(cols.last(), Some(&"B-ORG") | Some(&"B-LOC"))
    };
    assert!(bio.lines().any(tagged_line), "{bio}");
    browser.wait_for(".notice-info", LONG).await;

    // brat for the whole corpus: a zip with .txt and .ann.
    choose(&browser, "export-format", "brat").await;
    choose(&browser, "export-scope", "corpus").await;
    let zip = export(&browser, "biaozhu-corpus.brat.zip").await;
    let import = read_brat_zip(&zip, &LabelSet::defaults()).expect("the app's brat zip reads back");
    let tagged =
        import.documents.iter().find(|(doc, _)| doc.text.contains("上海市公安局")).expect("the tagged document");
    assert_eq!(tagged.1.annotations().len(), 3, "the confirmed spans");

    // W3C and Label Studio parse as JSON.
    choose(&browser, "export-scope", "document").await;
    for (format, suffix) in [("w3c", ".w3c.jsonld"), ("label-studio", ".label-studio.json")] {
        choose(&browser, "export-format", format).await;
        let bytes = export(&browser, suffix).await;
        serde_json::from_slice::<Value>(&bytes).unwrap_or_else(|e| panic!("{format}: {e}"));
    }

    // Imports: doccano JSONL and a brat pair come in with their spans.
    let doccano = dir.write("work.jsonl", "{\"text\": \"北京市发布数据。\", \"label\": [[0, 3, \"LOC\"]]}\n");
    browser.upload_to("#import-input", &[doccano]).await;
    browser.wait_for_text("h1.doc-title", "北京市发布数据。", LONG).await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("LOC".to_string(), "北京市".to_string())]);
    let txt = dir.write("brat-doc.txt", "广州警方通报。\n");
    let ann = dir.write("brat-doc.ann", "T1\tORG 0 4\t广州警方\n");
    browser.upload_to("#import-input", &[txt, ann]).await;
    browser.wait_for_text("h1.doc-title", "广州警方通报。", LONG).await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("ORG".to_string(), "广州警方".to_string())]);

    // A file whose offsets do not fit its text is refused whole.
    let bad = dir.write("bad.jsonl", "{\"text\": \"短\", \"label\": [[0, 9, \"LOC\"]]}\n");
    browser.upload_to("#import-input", &[bad]).await;
    browser.wait_for(".notice-error", LONG).await;
    let errors = browser.text_contents(".notice-error").await.join(" ");
    assert!(errors.contains("bad.jsonl") && errors.contains("not imported"), "{errors}");
    browser.quit().await;
}
