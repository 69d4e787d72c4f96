//! End to end: the label set edited in the app (rename, hotkey, delete while in use, undo, add)
//! and the interface language, which survive a reload.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::page::{chord, listed, press, select, wait_listed};
use support::{Browser, DEFAULT_TIMEOUT};
use thirtyfour::prelude::*;

/// Sets a field's value and fires `change`, as typing and leaving the field does.
async fn change(browser: &Browser, css: &str, value: &str) {
    browser.wait_for(css, DEFAULT_TIMEOUT).await;
    browser
        .js_with(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await;
}

async fn label_ids(browser: &Browser) -> Vec<String> {
    serde_json::from_value(
        browser.js("return Array.from(document.querySelectorAll('.label-row'), r => r.dataset.label);").await,
    )
    .expect("ids")
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_the_label_set_and_switch_language() {
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.wait_for("article.doc .block-paragraph", DEFAULT_TIMEOUT).await;
    browser.wait_for(".label-editor summary", DEFAULT_TIMEOUT).await.click().await.expect("open the label editor");

    // Tag a word of the sample article, then rename its label: the panel follows.
    let word =
        browser.js("return document.querySelector('article.doc .block-paragraph').textContent.slice(0, 4);").await;
    let word = word.as_str().expect("text").to_string();
    select(&browser, &word, &word).await;
    press(&browser, "1").await;
    wait_listed(&browser, 1).await;
    change(&browser, ".label-row[data-label=\"ORG\"] .label-name", "组织").await;
    browser
        .wait_until_js(
            "the span list shows the new name",
            "document.querySelector('.span-group[data-label=ORG] .span-group-title')?.textContent.includes('组织')",
            DEFAULT_TIMEOUT,
        )
        .await;

    // Give LOC the hotkey q, and use it.
    change(&browser, ".label-row[data-label=\"LOC\"] .label-hotkey", "q").await;
    let second: String = word.chars().skip(1).take(2).collect();
    select(&browser, &second, &second).await;
    press(&browser, "q").await;
    let spans = wait_listed(&browser, 2).await;
    assert!(spans.contains(&("LOC".to_string(), second.clone())), "{spans:?}");

    // Deleting a label in use asks what to do with its span; relabel it to MISC.
    browser
        .wait_for(".label-row[data-label=\"ORG\"] button[aria-label=\"Delete\"]", DEFAULT_TIMEOUT)
        .await
        .click()
        .await
        .expect("delete");
    let dialog = browser.wait_for(".confirm-delete", DEFAULT_TIMEOUT).await;
    assert!(dialog.text().await.expect("text").starts_with("1 "), "the dialog says how many spans use the label");
    change(&browser, ".confirm-delete select", "MISC").await;
    browser.wait_for(".confirm-delete .button", DEFAULT_TIMEOUT).await.click().await.expect("relabel");
    browser
        .wait_until_js("ORG is gone", "!document.querySelector('.label-row[data-label=ORG]')", DEFAULT_TIMEOUT)
        .await;
    assert!(listed(&browser).await.contains(&("MISC".to_string(), word.clone())));

    // Undo brings the label and its span back, in one step.
    browser.js("document.activeElement.blur();").await;
    chord(&browser, &[Key::Control], "z").await;
    browser
        .wait_until_js("ORG is back", "!!document.querySelector('.label-row[data-label=ORG]')", DEFAULT_TIMEOUT)
        .await;
    assert!(listed(&browser).await.contains(&("ORG".to_string(), word.clone())));
    assert_eq!(label_ids(&browser).await[0], "ORG", "back in its place");

    // Add a label.
    let add = browser.find(By::Css(".label-editor > .button")).await.expect("add button");
    add.click().await.expect("add");
    browser.wait_for(".label-row[data-label=\"L1\"]", DEFAULT_TIMEOUT).await;

    // Switch the interface to Chinese; it stays so after a reload, as do the labels.
    browser.wait_for(".lang-switch", DEFAULT_TIMEOUT).await.click().await.expect("switch language");
    browser.wait_for_text("label[for=\"file-input\"]", "打开文件", DEFAULT_TIMEOUT).await;
    browser.screenshot("labels-edited-zh").await;
    browser.reload().await;
    browser.wait_for_text("label[for=\"file-input\"]", "打开文件", DEFAULT_TIMEOUT).await;
    browser.wait_for(".label-editor summary", DEFAULT_TIMEOUT).await.click().await.expect("open the label editor");
    let ids = label_ids(&browser).await;
    assert!(ids.contains(&"L1".to_string()) && ids.contains(&"ORG".to_string()), "{ids:?}");
    assert!(listed(&browser).await.contains(&("LOC".to_string(), second)));
    browser.quit().await;
}
