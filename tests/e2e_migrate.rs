//! End to end: data stored by an earlier layout comes forward. Before the corpus moved to
//! IndexedDB, the open document and its spans lived in local storage only (schema 1 envelopes
//! under `biaozhu:current-document` and `biaozhu:spans:<id>`); such a browser opens with that
//! document in the corpus, its spans intact. And work a page left behind when it went away
//! before IndexedDB had it (working copies, save journals) is stored on the next visit.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use biaozhu::core::corpus::Entry;
use biaozhu::core::import::import_file;
use biaozhu::core::labels::LabelSet;
use biaozhu::core::model::Document;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::storage::journal::{encode_journal, journal_key, Journal};
use biaozhu::core::storage::span_records::writes;
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

/// A page that crashes between its tags and IndexedDB's answer (here IndexedDB is kept busy by a
/// transaction of the test's, so no save can commit before the crash, and a crash fires no
/// `pagehide`) loses nothing: the save journal written in each key's task (the second while the
/// first save still runs) is replayed on the next visit, and says so.
#[tokio::test(flavor = "multi_thread")]
async fn a_tag_made_just_before_the_page_crashed_is_there_on_the_next_visit() {
    let article = "---\ntitle: '崩溃前标注的文章'\n---\n<p>　　上海市公安局通报。</p>\n";
    let dir = support::TempDir::new("migrate-crash");
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[dir.write("a.md", article)]).await;
    browser.wait_for_text("h1.doc-title", "崩溃前标注的文章", Duration::from_secs(20)).await;
    browser
        .js(r#"
            const open = indexedDB.open('biaozhu');
            open.onsuccess = () => {
                const tx = open.result.transaction(['entries', 'spans'], 'readwrite');
                const store = tx.objectStore('entries');
                const spin = () => { store.get('none').onsuccess = spin; };
                spin();
                window.__held = true;
            };
        "#)
        .await;
    browser.wait_until_js("IndexedDB is held", "window.__held === true", Duration::from_secs(10)).await;
    // The first tag's save waits on IndexedDB; the second's waits for the first.
    support::page::select(&browser, "上海市公安局", "上海市公安局").await;
    support::page::press(&browser, "1").await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("ORG".to_string(), "上海市公安局".to_string())]);
    support::page::select(&browser, "通报", "通报").await;
    support::page::press(&browser, "1").await;
    let both = vec![("ORG".to_string(), "上海市公安局".to_string()), ("ORG".to_string(), "通报".to_string())];
    assert_eq!(wait_listed(&browser, 2).await, both);
    let journaled = "Object.keys(localStorage).some(k => k.startsWith('biaozhu:journal:'))";
    assert_eq!(browser.js(&format!("return {journaled};")).await, serde_json::json!(true), "journaled at once");
    let stored = "return document.body.dataset.savedAt || null;";
    assert_eq!(browser.js(stored).await, serde_json::Value::Null, "IndexedDB has not committed the save");

    // The renderer dies at once, so the command gets no answer: its outcome is not awaited long.
    // The crashed tab answers no more commands (not even to open another): the next visit is
    // made in a blank tab opened beforehand.
    let first = browser.driver().window().await.expect("the tab");
    let next_visit = browser.driver().new_tab().await.expect("a new tab opens");
    browser.driver().switch_to_window(first).await.expect("back to the app");
    let cdp = browser.driver().cdp();
    let _ = tokio::time::timeout(Duration::from_secs(5), cdp.send_raw("Page.crash", ())).await;
    browser.driver().switch_to_window(next_visit).await.expect("the other tab is used");
    browser.open_app().await;
    browser.wait_for_text("h1.doc-title", "崩溃前标注的文章", Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 2).await, both);
    browser
        .wait_until_js(
            "the recovery is reported",
            "document.querySelector('.notices').textContent.includes('recovered and saved')",
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(browser.js(&format!("return {journaled};")).await, serde_json::json!(false), "the journal is dropped");
    // IndexedDB has it now: it stays once local storage forgets everything.
    browser.js("localStorage.removeItem('biaozhu:current-document');").await;
    browser.reload().await;
    support::page::open_in_list(&browser, "崩溃前标注的文章").await;
    assert_eq!(wait_listed(&browser, 2).await, both);
    browser.quit().await;
}

/// A journal whose writes would go over a newer save of another tab is not replayed: it is kept
/// aside under a quarantine key and reported, and the stored spans stay as they are.
#[tokio::test(flavor = "multi_thread")]
async fn a_journal_over_another_tabs_newer_save_is_kept_aside_and_reported() {
    let article = "---\ntitle: '另一标签页已改'\n---\n<p>　　上海市公安局通报。</p>\n";
    let (doc, ws) = with_the_bureau_tagged("a.md", article);
    let dir = support::TempDir::new("migrate-journal-refused");
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[dir.write("a.md", article)]).await;
    browser.wait_for_text("h1.doc-title", "另一标签页已改", Duration::from_secs(20)).await;
    // Written over revision 7, which this document never had, by a tab that is gone.
    let journal = Journal::of(&writes(ws.spans(), None), &Entry::new(&doc, 1), vec![7]);
    browser
        .js_with(
            "localStorage.setItem(arguments[0], arguments[1]);",
            vec![serde_json::json!(journal_key(&doc.id, "gone")), serde_json::json!(encode_journal(&journal))],
        )
        .await;
    browser.reload().await;
    browser
        .wait_until_js(
            "the refused journal is reported",
            "document.querySelector('.notices').textContent.includes('another tab saved this document since')",
            Duration::from_secs(20),
        )
        .await;
    let keys = browser.js("return Object.keys(localStorage).filter(k => k.includes('biaozhu:journal:'));").await;
    let keys: Vec<String> = serde_json::from_value(keys).expect("keys");
    assert!(
        keys.len() == 1 && keys[0].starts_with("biaozhu:unreadable:biaozhu:journal:"),
        "kept aside under a quarantine key only: {keys:?}"
    );
    assert_eq!(browser.count(".span-item").await, 0, "the stored spans are as they were");
    browser.quit().await;
}
