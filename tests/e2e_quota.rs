//! End to end: a store filled to its quota. The browser's profile lives on a small disk of its
//! own (a tmpfs), so the store really runs out of room after a few dozen megabytes. Articles are
//! opened until it does: the analyst gets the notice, and everything saved before (documents,
//! spans) is still there after a reload.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;
use support::page::{open_in_list, press, select, wait_listed};
use support::{Browser, SmallDisk, TempDir};

const LONG: Duration = Duration::from_secs(120);
/// Room for Chromium's profile and a few dozen articles.
const DISK_MB: u32 = 32;
/// Enough rounds of filler to outgrow the disk several times over.
const MAX_ROUNDS: usize = 40;

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: '{title}'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n<div><p>{body}</p></div>\n")
}

/// An article of `chars` pseudo-random CJK characters: Chromium compresses what it stores, so
/// filler must not repeat itself.
fn filler(n: usize, chars: usize) -> String {
    let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (n as u64 + 1);
    let mut body = String::with_capacity(chars * 3 + chars / 50 * 8);
    for i in 0..chars {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        body.push(char::from_u32(0x4E00 + (state % 0x5000) as u32).unwrap_or('字'));
        if i % 400 == 399 {
            body.push_str("</p><p>");
        }
    }
    article(&format!("填充{n}"), &body)
}

async fn notices(browser: &Browser) -> String {
    browser.text_contents(".notice-error").await.join(" | ")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_store_gives_a_notice_and_loses_nothing() {
    let Some(disk) = SmallDisk::mount(DISK_MB) else { return };
    let dir = TempDir::new("quota-files");
    let browser = Browser::launch_on(&disk).await;
    browser.open_app().await;

    // Work saved before the store fills: three articles, a span in one of them.
    let kept: Vec<_> = ["甲", "乙", "丙"]
        .iter()
        .map(|t| {
            dir.write(
                &format!("kept-{t}.md"),
                article(&format!("保留{t}"), &format!("{t}公司在上海设立了新的研发中心。")),
            )
        })
        .collect();
    browser.upload(&kept).await;
    browser
        .wait_until_js("the kept articles are listed", "document.querySelectorAll('.doc-item').length === 4", LONG)
        .await;
    open_in_list(&browser, "保留乙").await;
    select(&browser, "上海", "上海").await;
    press(&browser, "3").await;
    wait_listed(&browser, 1).await;

    // Fill the store until it refuses.
    let mut full = String::new();
    for round in 0..MAX_ROUNDS {
        let batch: Vec<_> =
            (0..6).map(|i| dir.write(&format!("filler-{round}-{i}.md"), filler(round * 6 + i, 150_000))).collect();
        let before = browser.count(".doc-item").await;
        browser.upload(&batch).await;
        browser
            .wait_until_js(
                "the batch is read (listed or refused)",
                &format!(
                    "document.querySelectorAll('.doc-item').length === {} || document.querySelector('.notice-error')",
                    before + batch.len()
                ),
                LONG,
            )
            .await;
        full = notices(&browser).await;
        if !full.is_empty() {
            break;
        }
    }
    assert!(full.contains("full") && full.contains("已满"), "the analyst is told that storage is full: {full:?}");
    browser.screenshot("quota-full").await;

    // Nothing saved before is lost: after a reload the articles and the span are all back.
    browser.reload().await;
    browser
        .wait_until_js("the corpus is listed again", "document.querySelectorAll('.doc-item').length >= 4", LONG)
        .await;
    for t in ["甲", "乙", "丙"] {
        let titles = browser.text_contents(".doc-item-title").await;
        assert!(titles.iter().any(|x| x == &format!("保留{t}")), "保留{t} is still listed: {titles:?}");
    }
    open_in_list(&browser, "保留乙").await;
    assert_eq!(wait_listed(&browser, 1).await, vec![("LOC".to_string(), "上海".to_string())]);
    let unreadable = browser.text_contents(".notice-error").await.join(" ");
    assert!(!unreadable.contains("unreadable") && !unreadable.contains("无法读取"), "{unreadable}");
    browser.quit().await;
}
