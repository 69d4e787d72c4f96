//! End to end: figure suggestions drawn dashed, accepted with their values, rejected for good,
//! accepted all at once; tag-all-occurrences; the gazetteer in a newly opened document.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;
use support::page::{listed, press, select};
use support::{Browser, TempDir, DEFAULT_TIMEOUT};

const LONG: Duration = Duration::from_secs(30);

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: '{title}'\n---\n<p>　　{body}</p>\n")
}

async fn suggested(browser: &Browser) -> Vec<String> {
    browser.text_contents(".seg-suggested").await
}

/// Clicks the first suggested segment whose text is `text`.
async fn click_suggestion(browser: &Browser, text: &str) {
    browser
        .js_with(
            "Array.from(document.querySelectorAll('.seg-suggested')).find(s => s.textContent === arguments[0]).click();",
            vec![serde_json::json!(text)],
        )
        .await;
    browser.wait_for(".span-editor #accept-suggestion", DEFAULT_TIMEOUT).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn suggestions_are_confirmed_or_turned_down_and_entities_spread() {
    let dir = TempDir::new("suggest");
    let first = dir.write(
        "first.md",
        article(
            "建议测试",
            "上海警方今年以来挽回损失7.4亿余元，日均拦截诈骗电话21.5万通，发案数同比减少17.9%，上海市民受益。",
        ),
    );
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[first]).await;
    browser.wait_for_text("h1.doc-title", "建议测试", LONG).await;
    browser
        .wait_until_js("figures are suggested", "document.querySelectorAll('.seg-suggested').length >= 3", LONG)
        .await;
    let shown = suggested(&browser).await;
    for figure in ["7.4亿余元", "21.5万通", "17.9%"] {
        assert!(shown.contains(&figure.to_string()), "{figure} in {shown:?}");
    }
    browser.screenshot("suggestions").await;

    // Accept one: it carries the recogniser's value.
    click_suggestion(&browser, "7.4亿余元").await;
    let value = browser.js("return document.querySelector('.span-editor input[name=value]').value;").await;
    assert_eq!(value.as_str(), Some("740000000"));
    browser.wait_for("#accept-suggestion", DEFAULT_TIMEOUT).await.click().await.expect("accept");
    browser
        .wait_until_js(
            "accepted",
            "!Array.from(document.querySelectorAll('.seg-suggested')).some(s => s.textContent === '7.4亿余元')",
            LONG,
        )
        .await;

    // Turn one down with the Delete key; it stays turned down after a reload.
    click_suggestion(&browser, "21.5万通").await;
    browser.js("document.activeElement.blur();").await;
    press(&browser, &thirtyfour::Key::Delete.value().to_string()).await;
    browser
        .wait_until_js(
            "rejected",
            "!Array.from(document.querySelectorAll('.seg-suggested')).some(s => s.textContent === '21.5万通')",
            LONG,
        )
        .await;
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", "建议测试", LONG).await;
    browser
        .wait_until_js("the suggestions are back", "document.querySelectorAll('.seg-suggested').length >= 1", LONG)
        .await;
    assert!(!suggested(&browser).await.contains(&"21.5万通".to_string()), "a rejected suggestion is not made again");

    // Accept the rest at once.
    browser.wait_for("#accept-all", DEFAULT_TIMEOUT).await.click().await.expect("accept all");
    browser.wait_until_js("no suggestion left", "document.querySelectorAll('.seg-suggested').length === 0", LONG).await;

    // Tag all occurrences of an entity.
    select(&browser, "上海", "上海").await;
    press(&browser, "3").await;
    browser.wait_for("#tag-all", DEFAULT_TIMEOUT).await.click().await.expect("tag all");
    browser
        .wait_until_js("the other 上海 is suggested", "document.querySelectorAll('.seg-suggested').length === 1", LONG)
        .await;
    browser.wait_for("#accept-all", DEFAULT_TIMEOUT).await.click().await.expect("accept");
    browser.wait_until_js("accepted", "document.querySelectorAll('.seg-suggested').length === 0", LONG).await;
    let spans = listed(&browser).await;
    assert!(!spans.iter().any(|(_, text)| text == "21.5万通"), "the rejected figure stays out: {spans:?}");
    assert!(spans.contains(&("PERCENT".to_string(), "17.9%".to_string())), "{spans:?}");
    assert_eq!(spans.iter().filter(|(label, text)| label == "LOC" && text == "上海").count(), 2, "{spans:?}");

    // The gazetteer: a document opened later gets 上海 suggested as a place.
    let second = dir.write("second.md", article("第二篇", "北京与上海两地合作。"));
    browser.upload(&[second]).await;
    browser.wait_for_text("h1.doc-title", "第二篇", LONG).await;
    browser
        .wait_until_js(
            "上海 is suggested in the new document",
            "Array.from(document.querySelectorAll('.seg-suggested')).some(s => s.textContent === '上海')",
            LONG,
        )
        .await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_entity_is_suggested_across_the_corpus_after_a_count() {
    let dir = TempDir::new("suggest-corpus");
    let files: Vec<_> = (0..3)
        .map(|i| {
            dir.write(&format!("{i}.md"), article(&format!("北京{i}"), &format!("北京第{i}次发布，北京市民关注。")))
        })
        .collect();
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&files).await;
    browser.wait_for_text("h1.doc-title", "北京2", LONG).await;
    browser
        .wait_until_js("the texts are loaded for counting", "document.querySelectorAll('.doc-item').length === 4", LONG)
        .await;
    select(&browser, "北京", "北京").await;
    press(&browser, "3").await;
    let button = browser.wait_for("#tag-all-corpus", LONG).await;
    let label = button.text().await.expect("text");
    assert!(label.contains("(6)"), "three (title and body) in each of the two other documents: {label}");
    button.click().await.expect("tag in the corpus");
    browser.driver().accept_alert().await.expect("asked with the count first");
    browser
        .wait_until_js(
            "the corpus was tagged",
            "Array.from(document.querySelectorAll('.notice-info')).some(n => n.textContent.includes('6 occurrences suggested in other documents'))",
            LONG,
        )
        .await;
    browser
        .js("Array.from(document.querySelectorAll('.doc-item-title')).find(b => b.textContent === '北京0').click();")
        .await;
    browser.wait_for_text("h1.doc-title", "北京0", LONG).await;
    browser
        .wait_until_js("北京 is suggested there", "document.querySelectorAll('.seg-suggested').length >= 2", LONG)
        .await;
    browser.quit().await;
}
