//! End to end: two tabs on the same corpus see each other's work instead of overwriting it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;
use support::page::{press, select, wait_listed};
use support::{Browser, TempDir, DEFAULT_TIMEOUT};

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_on_the_same_document_follow_each_other() {
    let dir = TempDir::new("tabs");
    let file = dir
        .write("tabs.md", "---\ntitle: '两个标签页'\n---\n<p>　　上海市公安局副局长陈臻介绍了北京与广州的情况。</p>\n");
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[file]).await;
    browser.wait_for_text("h1.doc-title", "两个标签页", Duration::from_secs(20)).await;
    select(&browser, "上海市公安局", "上海市公安局").await;
    press(&browser, "1").await;
    wait_listed(&browser, 1).await;

    let first = browser.driver().window().await.expect("first tab");
    let second = browser.driver().new_tab().await.expect("second tab");
    browser.driver().switch_to_window(second.clone()).await.expect("to the second tab");
    browser.driver().goto(browser.url()).await.expect("open the app");
    browser.wait_for_text("h1.doc-title", "两个标签页", Duration::from_secs(20)).await;
    assert_eq!(wait_listed(&browser, 1).await.len(), 1, "the second tab starts with the first tab's work");
    select(&browser, "陈臻", "陈臻").await;
    press(&browser, "2").await;
    wait_listed(&browser, 2).await;

    browser.driver().switch_to_window(first.clone()).await.expect("back to the first tab");
    wait_listed(&browser, 2).await;
    select(&browser, "北京", "北京").await;
    press(&browser, "3").await;
    wait_listed(&browser, 3).await;

    browser.driver().switch_to_window(second).await.expect("to the second tab again");
    let spans = wait_listed(&browser, 3).await;
    assert!(spans.contains(&("LOC".to_string(), "北京".to_string())), "{spans:?}");
    assert_eq!(browser.count(".notice-error").await, 0, "no conflict: each tab followed the other");
    let _ = DEFAULT_TIMEOUT;
    browser.quit().await;
}
