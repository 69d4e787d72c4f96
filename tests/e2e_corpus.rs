//! End to end: the corpus in the built app — many files at once, the document list, switching,
//! statuses, search, deletion with undo, storage across reloads, a corrupted stored entry, and a
//! generated batch of a thousand articles.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};
use support::page::{chord, open_in_list, press, select, wait_listed};
use support::{files_in, require_corpus, Browser, TempDir, DEFAULT_TIMEOUT};
use thirtyfour::prelude::*;

const LONG: Duration = Duration::from_secs(120);

async fn doc_count(browser: &Browser) -> usize {
    browser.count(".doc-item").await
}

async fn wait_docs(browser: &Browser, n: usize, timeout: Duration) {
    browser
        .wait_until_js(
            &format!("the list shows {n} documents"),
            &format!("document.querySelectorAll('.doc-item').length === {n}"),
            timeout,
        )
        .await;
}

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: '{title}'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n<div><p>　　{body}</p></div>\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corpus_of_articles_is_kept_listed_and_worked_through() {
    let Some(corpus) = require_corpus() else { return };
    let mut files = files_in(&corpus.join("sina"));
    files.extend(files_in(&corpus.join("other")));
    let browser = Browser::launch().await;
    browser.open_app().await;
    wait_docs(&browser, 1, DEFAULT_TIMEOUT).await; // the sample article
    browser.upload(&files).await;
    wait_docs(&browser, files.len() + 1, LONG).await;
    assert_eq!(browser.count(".notice-error").await, 0, "every corpus file imports");

    // The same file again is one document, and the analyst is told.
    browser.upload(&files[..1]).await;
    browser.wait_for(".notice-info", DEFAULT_TIMEOUT).await;
    let info = browser.text_contents(".notice-info").await.join(" ");
    assert!(info.contains("not added twice"), "{info}");
    assert_eq!(doc_count(&browser).await, files.len() + 1);

    // Tag in two documents, switching through the list.
    open_in_list(&browser, "0！北京昨日本土无新增").await;
    select(&browser, "北京", "北京").await;
    press(&browser, "3").await;
    wait_listed(&browser, 1).await;
    open_in_list(&browser, "1-4月份全国居民消费价格（CPI）同比上涨1.4%").await;
    select(&browser, "国家统计局", "国家统计局").await;
    press(&browser, "1").await;
    wait_listed(&browser, 1).await;
    open_in_list(&browser, "0！北京昨日本土无新增").await;
    wait_listed(&browser, 1).await;
    // Done and next, with the keyboard.
    browser.js("document.activeElement.blur();").await;
    chord(&browser, &[Key::Control], &Key::Enter.value().to_string()).await;
    browser
        .wait_until_js(
            "the first document is done",
            "document.querySelectorAll('.status-select.done').length === 1",
            DEFAULT_TIMEOUT,
        )
        .await;
    // Filter by status and search the text.
    browser.js("const s = document.querySelector('.doc-list-controls select'); s.value = 'done'; s.dispatchEvent(new Event('change', {bubbles: true}));").await;
    wait_docs(&browser, 1, DEFAULT_TIMEOUT).await;
    browser.js("const s = document.querySelector('.doc-list-controls select'); s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true}));").await;
    wait_docs(&browser, files.len() + 1, DEFAULT_TIMEOUT).await;
    let search = browser.wait_for(".doc-search", DEFAULT_TIMEOUT).await;
    search.send_keys("荔枝").await.expect("type a search");
    browser
        .wait_until_js(
            "the search finds the lychee article by its text",
            "document.querySelectorAll('.doc-item').length >= 1 && document.querySelectorAll('.doc-item').length < 5",
            LONG,
        )
        .await;
    search.clear().await.expect("clear");
    browser.js("const s = document.querySelector('.doc-search'); s.value=''; s.dispatchEvent(new InputEvent('input', {bubbles: true}));").await;
    wait_docs(&browser, files.len() + 1, DEFAULT_TIMEOUT).await;
    browser.screenshot("corpus-list").await;

    // Everything survives a reload.
    browser.reload().await;
    wait_docs(&browser, files.len() + 1, LONG).await;
    assert_eq!(browser.count(".status-select.done").await, 1);
    open_in_list(&browser, "1-4月份全国居民消费价格（CPI）同比上涨1.4%").await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("ORG".to_string(), "国家统计局".to_string())]);
    open_in_list(&browser, "0！北京昨日本土无新增").await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("LOC".to_string(), "北京".to_string())]);

    // Deleting asks first, and can be undone.
    browser.js("document.querySelector('.doc-item-current .doc-delete').click();").await;
    browser.driver().accept_alert().await.expect("the deletion asks first");
    wait_docs(&browser, files.len(), DEFAULT_TIMEOUT).await;
    browser.wait_for(".undo-delete", DEFAULT_TIMEOUT).await.click().await.expect("undo delete");
    wait_docs(&browser, files.len() + 1, DEFAULT_TIMEOUT).await;
    open_in_list(&browser, "0！北京昨日本土无新增").await;
    assert_eq!(
        wait_listed(&browser, 1).await,
        vec![("LOC".to_string(), "北京".to_string())],
        "its spans came back too"
    );

    // Next document by keyboard.
    let before = browser.text_content("h1.doc-title").await;
    browser.js("document.activeElement.blur();").await;
    chord(&browser, &[Key::Alt], &Key::Down.value().to_string()).await;
    browser
        .wait_until_js(
            "another document is shown",
            &format!(
                "document.querySelector('h1.doc-title').textContent !== {}",
                serde_json::json!(before.unwrap_or_default())
            ),
            DEFAULT_TIMEOUT,
        )
        .await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupted_stored_entry_is_reported_and_the_rest_loads() {
    let dir = TempDir::new("corrupt");
    let files: Vec<_> =
        (0..3).map(|i| dir.write(&format!("{i}.md"), article(&format!("文章{i}"), &format!("正文{i}")))).collect();
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&files).await;
    wait_docs(&browser, 4, LONG).await;
    browser
        .js("const req = indexedDB.open('biaozhu'); req.onsuccess = () => { const db = req.result; \
             const tx = db.transaction('entries', 'readwrite'); tx.objectStore('entries').put('{\"schema\":1,\"data\":{\"id\":', 'bogus'); };")
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.reload().await;
    wait_docs(&browser, 4, LONG).await;
    browser.wait_for(".notice-error", DEFAULT_TIMEOUT).await;
    let errors = browser.text_contents(".notice-error").await.join(" ");
    assert!(errors.contains("bogus") && errors.contains("kept as"), "{errors}");
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_articles_open_and_stay() {
    let dir = TempDir::new("thousand");
    // Corpus-sized articles: a few paragraphs of a few hundred characters each.
    let paragraph =
        "上海市金融监管局介绍，今年以来全市普惠小微贷款余额同比增长17.9%，新增首贷户1.5万户，平均利率下降0.3个百分点。";
    let files: Vec<_> = (0..1000)
        .map(|i| {
            let body = format!("第{i}篇。{}", paragraph.repeat(12));
            dir.write(&format!("article-{i:04}.md"), article(&format!("生成的文章 {i:04}"), &body))
        })
        .collect();
    let browser = Browser::launch().await;
    browser.open_app().await;
    let started = Instant::now();
    browser.upload(&files).await;
    wait_docs(&browser, 1001, Duration::from_secs(300)).await;
    println!("opened 1000 articles in {:?}", started.elapsed());
    assert_eq!(browser.count(".notice-error").await, 0);
    browser.reload().await;
    wait_docs(&browser, 1001, LONG).await;
    browser.screenshot("corpus-thousand").await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_opens_with_its_subfolders_and_skips_what_is_not_an_article() {
    let dir = TempDir::new("folder");
    dir.write("a.md", article("甲篇", "正文甲"));
    dir.write("b.txt", "乙篇\n正文乙\n");
    dir.write("picture.png", [0x89u8, b'P', b'N', b'G', 0, 0, 0, 0]);
    std::fs::create_dir_all(dir.path().join("more")).expect("subfolder");
    dir.write("more/c.html", "<html><head><title>丙篇</title></head><body><p>正文丙</p></body></html>");
    let browser = Browser::launch().await;
    browser.open_app().await;
    wait_docs(&browser, 1, DEFAULT_TIMEOUT).await;
    browser.upload_to("#folder-input", &[dir.path().to_path_buf()]).await;
    wait_docs(&browser, 4, LONG).await;
    let info = browser.text_contents(".notice-info").await.join(" ");
    assert!(info.contains("1 files in the folder are not articles"), "{info}");
    assert_eq!(browser.count(".notice-error").await, 0);
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn statistics_are_drawn_over_the_whole_corpus() {
    let dir = TempDir::new("stats");
    let files: Vec<_> = (0..2)
        .map(|i| dir.write(&format!("{i}.md"), article(&format!("统计{i}"), "上海市公安局与上海银行在上海签约。")))
        .collect();
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&files).await;
    wait_docs(&browser, 3, LONG).await;
    for title in ["统计0", "统计1"] {
        open_in_list(&browser, title).await;
        select(&browser, "上海市公安局", "上海市公安局").await;
        press(&browser, "1").await;
        select(&browser, "上海", "上海").await;
        press(&browser, "3").await;
        wait_listed(&browser, 2).await;
    }
    browser.wait_for("button#stats", DEFAULT_TIMEOUT).await.click().await.expect("open statistics");
    let group = browser.wait_for(".chart-group[data-label=\"LOC\"]", LONG).await;
    let text = group.text().await.expect("text");
    assert!(text.contains("上海") && text.contains('2'), "{text}");
    assert_eq!(browser.count(".stats-view rect[data-status=\"in_progress\"]").await, 1);
    browser.screenshot("statistics").await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn files_dropped_on_the_page_open_as_documents() {
    let browser = Browser::launch().await;
    browser.open_app().await;
    wait_docs(&browser, 1, DEFAULT_TIMEOUT).await;
    // A drop as the page receives it: a real DataTransfer holding files. Only the drag gesture
    // itself cannot be made from a test, nor a dropped folder (script cannot create one).
    let dropped = browser
        .js_with(
            r#"const dt = new DataTransfer();
               for (const [name, text] of arguments[0]) dt.items.add(new File([text], name));
               const target = document.querySelector('#app-root');
               target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
               return target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));"#,
            vec![serde_json::json!([
                ["拖入一.md", article("拖入的第一篇", "上海市今天发布了新的政策。")],
                ["拖入二.txt", "拖入的第二篇\n第二篇的正文。"],
            ])],
        )
        .await;
    assert_eq!(dropped, serde_json::json!(false), "the app takes the drop (default prevented)");
    wait_docs(&browser, 3, DEFAULT_TIMEOUT).await;
    let titles = browser.text_contents(".doc-item-title").await;
    assert!(titles.iter().any(|t| t == "拖入的第一篇") && titles.iter().any(|t| t == "拖入的第二篇"), "{titles:?}");
    browser.quit().await;
}
