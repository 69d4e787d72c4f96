//! End to end: an analyst tags an article in the built app (headless Chromium). Selections are
//! made with the DOM Selection API over the rendered text, keys go through WebDriver, and the
//! export is checked offset by offset against the text.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::page::{chord, listed, press, select, tagged, wait_listed};
use support::{Browser, TempDir, DEFAULT_TIMEOUT};
use thirtyfour::prelude::*;

const TITLE: &str = "标注测试文章";

/// An article with an emoji and an astral character before the text to tag, so that code
/// points, UTF-16 units and bytes all differ where the spans are.
fn article() -> String {
    format!(
        "---\ntitle: '{TITLE}'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n<div>\
         <p>　　😀𠮷野家消息，上海市公安局副局长陈臻介绍，今年以来直接挽回经济损失7.4亿余元。</p>\
         <p cms-style=\"font-L strong-Bold\">　　举措之一：信息与资金并重</p>\
         <p>　　日均拦截诈骗电话21.5万通，封堵诈骗短信41.2万条。</p></div>"
    )
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

async fn open_article(browser: &Browser, dir: &TempDir) {
    let file = dir.write("annotate.md", article());
    browser.open_app().await;
    browser.upload(&[file]).await;
    browser.wait_for_text("h1.doc-title", TITLE, Duration::from_secs(20)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tag_nest_edit_link_delete_undo_reload_export() {
    let dir = TempDir::new("annotate");
    let browser = Browser::launch().await;
    open_article(&browser, &dir).await;

    // Hotkeys on selections after an emoji and an astral character; a nested span inside another.
    select(&browser, "上海市公安局", "上海市公安局").await;
    press(&browser, "1").await;
    wait_listed(&browser, 1).await;
    select(&browser, "上海", "上海").await;
    press(&browser, "3").await;
    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    wait_listed(&browser, 3).await;
    assert_eq!(tagged(&browser).await[..2], ["上海".to_string(), "市公安局".to_string()]);

    // The label menu at the selection.
    select(&browser, "7.4亿余元", "7.4亿余元").await;
    browser.wait_for(".label-menu", DEFAULT_TIMEOUT).await;
    browser.wait_for(".label-menu [data-label=\"MONEY\"]", DEFAULT_TIMEOUT).await.click().await.expect("menu click");
    // A measure across two paragraphs, by hotkey.
    select(&browser, "今年以来直接挽回", "资金并重").await;
    press(&browser, "8").await;
    let spans = wait_listed(&browser, 5).await;
    assert_eq!(
        sorted(spans),
        pairs(&[
            ("ORG", "上海市公安局"),
            ("LOC", "上海"),
            ("PER", "陈臻"),
            ("MONEY", "7.4亿余元"),
            ("MEASURE", "今年以来直接挽回经济损失7.4亿余元。 ⏎ 举措之一：信息与资金并重"),
        ])
    );

    // Edit the figure's attributes and link it to the measure, in the side panel.
    browser.wait_for(".span-item", DEFAULT_TIMEOUT).await;
    let money_item = browser.wait_for(".span-group[data-label=\"MONEY\"] .span-item", DEFAULT_TIMEOUT).await;
    money_item.click().await.expect("select the figure");
    let value = browser.wait_for(".span-editor input[name=\"value\"]", DEFAULT_TIMEOUT).await;
    // Tagging the figure accepted the recogniser's suggestion: its value is filled in already.
    assert_eq!(value.prop("value").await.expect("value").as_deref(), Some("740000000"));
    value.clear().await.expect("clear value");
    value.send_keys("740000000").await.expect("type value");
    browser.wait_for(".span-editor input[name=\"currency\"]", DEFAULT_TIMEOUT).await.click().await.expect("focus");
    let currency = browser.wait_for(".span-editor input[name=\"currency\"]", DEFAULT_TIMEOUT).await;
    currency.clear().await.expect("clear currency");
    currency.send_keys("cny").await.expect("type");
    browser
        .wait_for(".span-editor input[name=\"unit\"]", DEFAULT_TIMEOUT)
        .await
        .click()
        .await
        .expect("commit currency");
    browser
        .js("const q = document.querySelector('.span-editor select[name=qualifier]'); q.value = 'more-than'; \
         q.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    browser
        .js("const m = document.querySelector('.span-editor select[name=measure]'); m.value = m.options[1].value; \
         m.dispatchEvent(new Event('change', { bubbles: true }));")
        .await;
    browser
        .wait_until_js(
            "the figure's currency is shown as CNY",
            "document.querySelector('.span-editor input[name=currency]')?.value === 'CNY'",
            DEFAULT_TIMEOUT,
        )
        .await;
    browser.screenshot("annotate-richly-tagged").await;

    // Delete the person with the Delete key, undo, redo, undo again.
    browser
        .wait_for(".span-group[data-label=\"PER\"] .span-item", DEFAULT_TIMEOUT)
        .await
        .click()
        .await
        .expect("select");
    browser.js("document.activeElement.blur();").await;
    press(&browser, &Key::Delete.value().to_string()).await;
    wait_listed(&browser, 4).await;
    chord(&browser, &[Key::Control], "z").await;
    wait_listed(&browser, 5).await;
    chord(&browser, &[Key::Control, Key::Shift], "z").await;
    wait_listed(&browser, 4).await;
    chord(&browser, &[Key::Control], "z").await;
    wait_listed(&browser, 5).await;

    // Reload: everything is back, attributes and link included.
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", TITLE, Duration::from_secs(20)).await;
    wait_listed(&browser, 5).await;

    // Export and check every offset against the text.
    browser.wait_for("button#export", DEFAULT_TIMEOUT).await.click().await.expect("export");
    let path = browser.wait_for_download(&format!("{TITLE}.biaozhu.json"), Duration::from_secs(20)).await;
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("download")).expect("JSON");
    assert_eq!(export["format"], "biaozhu");
    let doc = &export["documents"][0];
    let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
    let all = doc["annotations"].as_array().expect("annotations");
    for a in all {
        let (s, e) = (a["start"].as_u64().expect("start") as usize, a["end"].as_u64().expect("end") as usize);
        assert_eq!(text[s..e].iter().collect::<String>(), a["text"].as_str().expect("text"), "{a}");
    }
    // The figure recogniser's suggestions ride along, marked unconfirmed.
    let annotations: Vec<&Value> = all.iter().filter(|a| a.get("unconfirmed").is_none()).collect();
    assert_eq!(annotations.len(), 5);
    for a in &annotations {
        let (s, e) = (a["start"].as_u64().expect("start") as usize, a["end"].as_u64().expect("end") as usize);
        assert_eq!(text[s..e].iter().collect::<String>(), a["text"].as_str().expect("text"), "{a}");
    }
    let money = annotations.iter().find(|a| a["label"] == "MONEY").expect("money span");
    assert_eq!(
        money["attributes"],
        json!({"value": "740000000", "unit": "元", "currency": "CNY", "qualifier": "more-than"})
    );
    let measure = annotations.iter().find(|a| a["label"] == "MEASURE").expect("measure span");
    let relation = &doc["relations"][0];
    assert_eq!((&relation["from"], &relation["to"]), (&money["id"], &measure["id"]));
    // 😀 and 𠮷 are one code point each: 上海 starts at code point 2 of its paragraph.
    let loc = annotations.iter().find(|a| a["label"] == "LOC").expect("loc");
    let para_start = doc["text"].as_str().expect("text").chars().position(|c| c == '😀').expect("emoji");
    assert_eq!(loc["start"].as_u64(), Some(para_start as u64 + 7));
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn whitespace_and_outside_selections_do_nothing_and_relabel_by_key() {
    let dir = TempDir::new("annotate-edge");
    let browser = Browser::launch().await;
    open_article(&browser, &dir).await;
    // A selection in the metadata line is outside the article text: nothing happens.
    browser
        .js("const m = document.querySelector('.doc-meta'); const r = document.createRange(); r.selectNodeContents(m); \
             const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);")
        .await;
    press(&browser, "1").await;
    // Trailing punctuation and spaces are kept out by trimming only white space.
    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    assert_eq!(wait_listed(&browser, 1).await, pairs(&[("PER", "陈臻")]));
    // With the span selected and no text selection, a hotkey relabels it.
    browser.wait_for(".span-item", DEFAULT_TIMEOUT).await.click().await.expect("select span");
    browser.js("document.activeElement.blur(); window.getSelection().removeAllRanges();").await;
    press(&browser, "9").await;
    browser.wait_for(".span-group[data-label=\"MISC\"] .span-item", DEFAULT_TIMEOUT).await;
    assert_eq!(listed(&browser).await, pairs(&[("MISC", "陈臻")]));
    browser.quit().await;
}

/// Saving runs after an edit is drawn: a page closed at once (here reloaded by the same script
/// that pressed the key) still keeps the edit, which the next visit stores in IndexedDB.
#[tokio::test(flavor = "multi_thread")]
async fn an_edit_just_before_the_page_closes_is_kept() {
    let dir = TempDir::new("annotate-close");
    let browser = Browser::launch().await;
    open_article(&browser, &dir).await;
    select(&browser, "陈臻", "陈臻").await;
    // The key and the reload in one script, so nothing runs between them; what was selected when
    // the key was pressed is returned, to tell a selection lost before the key from lost work.
    let selected = browser
        .js("const selected = getSelection().toString(); \
             document.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true })); location.reload(); \
             return selected;")
        .await;
    assert_eq!(selected.as_str(), Some("陈臻"), "the text was still selected when the key was pressed");
    browser.wait_for_text("h1.doc-title", TITLE, Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 1).await, pairs(&[("PER", "陈臻")]), "the edit survived the reload");

    // The kept edit is in IndexedDB too: it is there after another document was opened and
    // the local copy given up.
    browser.upload(&[dir.write("other.md", "---\ntitle: 另一篇\n---\n<p>另一篇文章的正文。</p>\n")]).await;
    browser.wait_for_text("h1.doc-title", "另一篇", Duration::from_secs(20)).await;
    support::page::open_in_list(&browser, TITLE).await;
    browser.wait_for_text("h1.doc-title", TITLE, Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 1).await, pairs(&[("PER", "陈臻")]), "stored in IndexedDB");
    browser.quit().await;
}

/// A tag is drawn in the article first and in the side panel a frame later: the task after the
/// key finds the new span drawn (and selected) in the article and no span editor yet; after the
/// next frame the panel shows the span's editor.
#[tokio::test(flavor = "multi_thread")]
async fn the_side_panel_follows_a_tag_a_frame_after_the_article() {
    let dir = TempDir::new("annotate-deferred");
    let browser = Browser::launch().await;
    open_article(&browser, &dir).await;
    select(&browser, "陈臻", "陈臻").await;
    let seen = browser
        .driver()
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const look = () => [!!document.querySelector('.doc-body .seg-selected'), document.querySelectorAll('.span-editor').length];
               const frames = (n, then) => n === 0 ? then() : requestAnimationFrame(() => setTimeout(() => frames(n - 1, then), 0));
               // The selection's own redraws (the label menu) are done before the key.
               frames(2, () => {
                   const before = look();
                   document.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true }));
                   setTimeout(() => { const first = look(); frames(2, () => done([before, first, look()])); }, 0);
               });"#,
            Vec::new(),
        )
        .await
        .expect("the script runs")
        .json()
        .clone();
    assert_eq!(
        seen,
        json!([[false, 0], [true, 0], [true, 1]]),
        "[selected in the article, span editors]: before the key, in the task after it, two frames later"
    );
    browser.quit().await;
}

/// Reads the spans store into `window.__spans` as [key, value] pairs (the poll waits for it).
const READ_SPANS_STORE: &str = "window.__spans = null; const r = indexedDB.open('biaozhu'); r.onsuccess = () => { \
     const db = r.result; const tx = db.transaction('spans'); const store = tx.objectStore('spans'); \
     const keys = store.getAllKeys(); const values = store.getAll(); \
     tx.oncomplete = () => { window.__spans = keys.result.map((k, i) => [k, values.result[i]]); db.close(); }; };";

/// Counts, per document in `window.__spans`, its confirmed span records (keys holding a NUL).
const CONFIRMED_BY_DOC: &str = "(() => { const n = {}; for (const [k, v] of window.__spans || []) { \
     const at = k.indexOf('\\0'); if (at >= 0 && JSON.parse(v).unconfirmed !== true) { const d = k.slice(0, at); n[d] = (n[d] || 0) + 1; } } \
     return n; })()";

/// The head and span records of the document that has `n` confirmed spans in IndexedDB, once it has.
async fn stored_spans(browser: &Browser, n: usize) -> (String, Value, Vec<Value>) {
    let what = format!("a document with {n} confirmed span records in IndexedDB");
    let condition =
        format!("Object.values({CONFIRMED_BY_DOC}).includes({n}) || ((() => {{ {READ_SPANS_STORE} }})(), false)");
    browser.wait_until_js(&what, &condition, Duration::from_secs(20)).await;
    let script = format!(
        "const n = {CONFIRMED_BY_DOC}; const doc = Object.keys(n).find(d => n[d] === {n}); \
         return [doc, window.__spans.filter(([k]) => k === doc || k.startsWith(doc + '\\0'))];"
    );
    let found = browser.js_with(&script, Vec::new()).await;
    let doc = found[0].as_str().unwrap_or_default().to_string();
    let parse = |p: &Value| serde_json::from_str(p[1].as_str().unwrap_or("null")).unwrap_or(Value::Null);
    let pairs = found[1].as_array().cloned().unwrap_or_default();
    let head = pairs.iter().find(|p| p[0].as_str() == Some(doc.as_str())).map(parse).unwrap_or(Value::Null);
    let records = pairs.iter().filter(|p| p[0].as_str() != Some(doc.as_str())).map(parse).collect();
    (doc, head, records)
}

#[tokio::test(flavor = "multi_thread")]
async fn spans_are_stored_one_record_each_and_the_old_layout_is_read() {
    let dir = TempDir::new("annotate-records");
    let browser = Browser::launch().await;
    open_article(&browser, &dir).await;
    select(&browser, "上海市公安局", "上海市公安局").await;
    press(&browser, "1").await;
    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    let (doc, head, records) = stored_spans(&browser, 2).await;
    let mut texts: Vec<&str> =
        records.iter().filter(|r| r["unconfirmed"] != json!(true)).filter_map(|r| r["text"].as_str()).collect();
    texts.sort_unstable();
    assert_eq!(texts, ["上海市公安局", "陈臻"]);
    assert_eq!((head["schema"].clone(), head["data"]["apart"].clone()), (json!(2), json!(records.len())));

    // The layout before records: the whole set in one record, schema 1. It is read as it is,
    // and the next edit stores it as records.
    browser
        .js_with(
            "const doc = arguments[0]; const r = indexedDB.open('biaozhu'); r.onsuccess = () => { const db = r.result; \
             const tx = db.transaction('spans', 'readwrite'); const store = tx.objectStore('spans'); \
             const [key, raw] = window.__spans.find(([k]) => k === doc); \
             const records = window.__spans.filter(([k]) => k.startsWith(key + '\\0')); \
             const head = JSON.parse(raw); head.schema = 1; delete head.data.apart; \
             head.data.annotations = records.map(([, v]) => JSON.parse(v)); \
             for (const [k] of records) store.delete(k); store.put(JSON.stringify(head), key); \
             tx.oncomplete = () => { db.close(); window.__converted = true; }; };",
            vec![json!(doc)],
        )
        .await;
    browser.wait_until_js("the old layout written", "window.__converted === true", Duration::from_secs(10)).await;
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", TITLE, Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 2).await, pairs(&[("ORG", "上海市公安局"), ("PER", "陈臻")]));
    select(&browser, "上海", "上海").await;
    press(&browser, "3").await;
    let (_, head, records) = stored_spans(&browser, 3).await;
    assert_eq!((head["schema"].clone(), head["data"]["apart"].clone()), (json!(2), json!(records.len())));
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", TITLE, Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 3).await.len(), 3);
    browser.quit().await;
}

/// A save made over a newer one from another tab (a revision this tab has not heard of) is
/// refused whole: the analyst is told, nothing of it is stored, the newer spans are loaded, and
/// the next edit saves on top of them.
#[tokio::test(flavor = "multi_thread")]
async fn a_save_over_another_tabs_newer_one_is_refused_and_writes_nothing() {
    let dir = TempDir::new("annotate-conflict");
    let browser = Browser::launch().await;
    open_article(&browser, &dir).await;
    select(&browser, "上海市公安局", "上海市公安局").await;
    press(&browser, "1").await;
    let (doc, _, _) = stored_spans(&browser, 1).await;

    // Another tab's save as the store sees it: the entry's revision moves on, and no message
    // reaches this tab.
    browser
        .js_with(
            "const doc = arguments[0]; const r = indexedDB.open('biaozhu'); r.onsuccess = () => { const db = r.result; \
             const tx = db.transaction('entries', 'readwrite'); const store = tx.objectStore('entries'); \
             const got = store.get(doc); got.onsuccess = () => { const e = JSON.parse(got.result); e.data.rev += 10; \
             store.put(JSON.stringify(e), doc); }; tx.oncomplete = () => { db.close(); window.__newer = true; }; };",
            vec![json!(doc)],
        )
        .await;
    browser.wait_until_js("the newer revision is stored", "window.__newer === true", Duration::from_secs(10)).await;

    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    browser
        .wait_until_js(
            "the refusal is shown",
            "Array.from(document.querySelectorAll('.notice-error')).some(n => n.textContent.includes('Another tab changed'))",
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(wait_listed(&browser, 1).await, pairs(&[("ORG", "上海市公安局")]), "the stored spans are shown");
    let (_, _, records) = stored_spans(&browser, 1).await;
    let texts: Vec<&str> =
        records.iter().filter(|r| r["unconfirmed"] != json!(true)).filter_map(|r| r["text"].as_str()).collect();
    assert_eq!(texts, ["上海市公安局"], "the refused save left nothing behind");

    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    let (_, _, records) = stored_spans(&browser, 2).await;
    assert!(records.iter().any(|r| r["text"] == json!("陈臻")), "the next edit is saved");
    browser.quit().await;
}
