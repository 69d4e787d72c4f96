//! End to end: data stored by an earlier layout comes forward. Before the corpus moved to
//! IndexedDB, the open document and its spans lived in local storage only (schema 1 envelopes
//! under `biaozhu:current-document` and `biaozhu:spans:<id>`); such a browser opens with that
//! document in the corpus, its spans intact.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use biaozhu::core::import::import_file;
use biaozhu::core::labels::LabelSet;
use biaozhu::core::model::Document;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::storage::{encode_document, encode_spans, spans_key, CURRENT_DOCUMENT_KEY};
use biaozhu::core::workspace::Workspace;
use std::rc::Rc;
use std::time::Duration;
use support::page::wait_listed;
use support::Browser;

/// The article imported as the app would, and its work with 上海市公安局 tagged ORG.
fn with_the_bureau_tagged(name: &str, article: &str) -> (Document, Workspace) {
    let doc = import_file(name, article.as_bytes()).expect("imports");
    let mut ws = Workspace::new(Rc::new(doc.clone()), LabelSet::defaults(), DocSpans::default());
    let start = doc.text.chars().position(|c| c == '上').expect("上");
    ws.tag(start, start + 6, "ORG").expect("tags");
    (doc, ws)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_document_kept_in_local_storage_only_joins_the_corpus_with_its_spans() {
    let (doc, ws) =
        with_the_bureau_tagged("old.md", "---\ntitle: '旧版保存的文章'\n---\n<p>　　上海市公安局通报。</p>");
    let browser = Browser::launch().await;
    browser.open_app().await;
    // Put the older layout in place, with nothing in IndexedDB, then start again.
    browser
        .js_with(
            "localStorage.clear(); localStorage.setItem(arguments[0], arguments[1]); localStorage.setItem(arguments[2], arguments[3]);\
             indexedDB.deleteDatabase('biaozhu');",
            vec![
                serde_json::json!(CURRENT_DOCUMENT_KEY),
                serde_json::json!(encode_document(&doc)),
                serde_json::json!(spans_key(&doc.id)),
                serde_json::json!(encode_spans(ws.spans())),
            ],
        )
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", "旧版保存的文章", Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("ORG".to_string(), "上海市公安局".to_string())]);
    browser
        .wait_until_js(
            "the document is in the corpus list with its span",
            "Array.from(document.querySelectorAll('.doc-item')).some(i => i.textContent.includes('旧版保存的文章') && i.querySelector('.doc-counts').textContent === '1·0·0')",
            Duration::from_secs(20),
        )
        .await;
    // And it stays there from IndexedDB once local storage forgets it.
    browser.js("localStorage.clear();").await;
    browser.reload().await;
    browser
        .wait_until_js(
            "still in the corpus",
            "Array.from(document.querySelectorAll('.doc-item')).some(i => i.textContent.includes('旧版保存的文章'))",
            Duration::from_secs(20),
        )
        .await;
    browser.quit().await;
}

/// A page that closed while the save of a document it had just switched away from was running
/// leaves that document's spans in local storage: the next visit stores them in IndexedDB (the
/// list shows them, the copy is dropped), whichever document is open.
#[tokio::test(flavor = "multi_thread")]
async fn a_copy_left_for_a_document_not_open_is_stored_on_the_next_visit() {
    let a = "---\ntitle: '先编辑的文章'\n---\n<p>　　上海市公安局通报。</p>\n";
    let b = "---\ntitle: '后打开的文章'\n---\n<p>　　另一篇文章的正文。</p>\n";
    let (doc, ws) = with_the_bureau_tagged("a.md", a);
    let dir = support::TempDir::new("migrate-left-copy");
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[dir.write("a.md", a), dir.write("b.md", b)]).await;
    browser.wait_for_text("h1.doc-title", "后打开的文章", Duration::from_secs(20)).await;
    browser
        .js_with(
            "localStorage.setItem(arguments[0], arguments[1]);",
            vec![serde_json::json!(spans_key(&doc.id)), serde_json::json!(encode_spans(ws.spans()))],
        )
        .await;
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", "后打开的文章", Duration::from_secs(20)).await;
    browser
        .wait_until_js(
            "the left copy is stored and the list shows its span",
            "Array.from(document.querySelectorAll('.doc-item')).some(i => i.textContent.includes('先编辑的文章') && i.querySelector('.doc-counts').textContent === '1·0·0')",
            Duration::from_secs(20),
        )
        .await;
    let left = browser
        .js_with("return localStorage.getItem(arguments[0]);", vec![serde_json::json!(spans_key(&doc.id))])
        .await;
    assert_eq!(left, serde_json::Value::Null, "the copy is dropped once stored");
    support::page::open_in_list(&browser, "先编辑的文章").await;
    browser.wait_for_text("h1.doc-title", "先编辑的文章", Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("ORG".to_string(), "上海市公安局".to_string())]);
    browser.quit().await;
}
