//! End-to-end: opening articles in the built app (headless Chromium through ChromeDriver).
//!
//! Needs the app built into `dist/` (`trunk build --release`, which scripts/test.sh does) and
//! `/usr/bin/chromium` + `/usr/bin/chromedriver`. Screenshots land in `target/screenshots/`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;
use support::{require_corpus, Browser, TempDir, DEFAULT_TIMEOUT};
use thirtyfour::prelude::*;

const STARTED_FROM_FILE: &str = "打击电信网络诈骗，今年以来沪警方挽回或避免损失超74亿.md";
const STARTED_FROM_TITLE: &str = "打击电信网络诈骗，今年以来沪警方挽回或避免损失超7.4亿";
const OPEN_TIMEOUT: Duration = Duration::from_secs(20);

/// Strips ASCII whitespace only, so that a leading ideographic space (U+3000) stays visible.
fn ascii_trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// The first characters of each text, for assertion messages.
fn preview(texts: &[String]) -> String {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| format!("  {i:>2}: {}", t.chars().take(40).collect::<String>()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A JavaScript string literal for `text`.
fn js_string(text: &str) -> String {
    json!(text).to_string()
}

/// Waits until `h1.doc-title` has non-empty text and returns it (trimmed).
async fn wait_for_some_title(browser: &Browser) -> String {
    browser
        .wait_until_js(
            "the document title (h1.doc-title) is rendered and not empty",
            "(document.querySelector('h1.doc-title')?.textContent ?? '').trim().length > 0",
            OPEN_TIMEOUT,
        )
        .await;
    browser.text_content("h1.doc-title").await.unwrap_or_default().trim().to_string()
}

/// Everything expected of the started-from article once it is shown.
async fn check_started_from_article(browser: &Browser) {
    browser.wait_for_text("h1.doc-title", STARTED_FROM_TITLE, OPEN_TIMEOUT).await;
    browser.wait_for("article.doc", DEFAULT_TIMEOUT).await;

    let headings = browser.text_contents("article.doc .block-heading").await;
    assert_eq!(headings.len(), 4, "expected the 4 举措 headings as .block-heading, got:\n{}", preview(&headings));
    for (heading, prefix) in headings.iter().zip(["举措之一", "举措之二", "举措之三", "举措之四"]) {
        assert!(
            ascii_trim(heading).starts_with(prefix),
            "heading {heading:?} should start with {prefix:?} (no leading ideographic spaces)"
        );
    }
    let heading_tags =
        browser.js("return Array.from(document.querySelectorAll('article.doc .block-heading'), e => e.tagName);").await;
    for tag in heading_tags.as_array().expect("tag names are an array") {
        let tag = tag.as_str().unwrap_or_default();
        assert!(
            matches!(tag, "H2" | "H3" | "H4" | "H5" | "H6"),
            "a .block-heading should be an <h2>…<h6>, found <{tag}>"
        );
    }

    let blocks = browser.text_contents("article.doc .block").await;
    assert_eq!(
        blocks.len(),
        21,
        "expected 21 body blocks (原标题, the footer and the editor line left out), got:\n{}",
        preview(&blocks)
    );

    let paragraphs = browser.text_contents("article.doc .block-paragraph").await;
    let first = paragraphs.first().expect("the article has no .block-paragraph");
    assert!(
        ascii_trim(first).starts_with("在8月9日举行的新闻通气会上"),
        "the first paragraph should start with 在8月9日举行的新闻通气会上 (indentation removed), got {first:?}"
    );

    for block in &blocks {
        for junk in ["appendQr", "&#123;", "责任编辑"] {
            assert!(!block.contains(junk), "a body block contains {junk:?}: {block:?}");
        }
    }
    let article_text = browser.text_content("article.doc").await.unwrap_or_default();
    for junk in ["appendQr", "&#123;", "article_adlist"] {
        assert!(!article_text.contains(junk), "the article's text contains {junk:?}");
    }

    let meta = browser.text_content(".doc-meta").await.expect("no .doc-meta line");
    assert!(meta.contains("尹悦"), "the editor 尹悦 should be in .doc-meta, got {meta:?}");
    assert!(meta.contains("2021-08-09"), ".doc-meta should show the date 2021-08-09, got {meta:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn sample_article_on_first_visit() {
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.wait_for("article.doc", OPEN_TIMEOUT).await;
    let title = wait_for_some_title(&browser).await;
    assert!(!title.is_empty());
    let paragraphs = browser.text_contents("article.doc .block-paragraph").await;
    assert!(
        paragraphs.len() >= 3,
        "the sample article {title:?} should have at least 3 paragraphs, got:\n{}",
        preview(&paragraphs)
    );
    browser.screenshot("sample").await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn opens_the_started_from_article() {
    let Some(corpus) = require_corpus() else { return };
    let file = corpus.join("sina").join(STARTED_FROM_FILE);
    assert!(file.is_file(), "missing corpus file {}", file.display());

    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[file]).await;
    check_started_from_article(&browser).await;
    browser.screenshot("started-from").await;

    // Remembered in local storage.
    browser.reload().await;
    check_started_from_article(&browser).await;
    browser.screenshot("after-reload").await;
    browser.quit().await;
}

const HOSTILE_TITLE: &str = "脚本不应执行的文章";

fn hostile_article() -> String {
    format!(
        r#"
---
title: '{HOSTILE_TITLE}'
categories:
 - 测试
author: 测试
date: Mon, 09 Aug 2021 06:59:27 GMT
---

<div>
<p>　　第一段是正常的文字，说明这篇文章只用来检验安全。</p>
<script>window.__pwned=1</script>
<p>　　第二段带一张图<img src=x onerror="window.__pwned=2">，图不该加载。</p>
<p>　　第三段有一个链接：<a href="javascript:window.__pwned=3">点我</a></p>
<p onclick="window.__pwned=4">段落</p>
<svg onload="window.__pwned=5"></svg>
<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>
<p>　　最后一段也是正常的文字。</p>
</div>
"#
    )
}

/// Clicks the first element matching `css` inside `article.doc` whose text contains `needle`;
/// falls back to a DOM click if WebDriver cannot click it. Returns whether one was found.
async fn click_text(browser: &Browser, css: &str, needle: &str) -> bool {
    let elements = browser.find_all(By::Css(css)).await.unwrap_or_default();
    for element in elements {
        let text = element.text().await.unwrap_or_default();
        if text.contains(needle) {
            if element.click().await.is_err() {
                let _ =
                    browser.execute("arguments[0].click();", vec![element.to_json().expect("element as JSON")]).await;
            }
            return true;
        }
    }
    false
}

#[tokio::test(flavor = "multi_thread")]
async fn scripts_in_an_article_stay_inert() {
    let dir = TempDir::new("hostile");
    let file = dir.write("hostile.md", hostile_article());

    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[file]).await;
    browser.wait_for_text("h1.doc-title", HOSTILE_TITLE, OPEN_TIMEOUT).await;

    let app_url = browser.current_url().await.expect("current URL");
    click_text(&browser, "article.doc .block", "段落").await;
    if !click_text(&browser, "article.doc a", "点我").await {
        click_text(&browser, "article.doc .block", "点我").await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    let pwned = browser.js("return window.__pwned === undefined ? null : String(window.__pwned);").await;
    assert!(pwned.is_null(), "a script from the article ran: window.__pwned = {pwned}");
    let url = browser.current_url().await.expect("current URL");
    assert_eq!(url, app_url, "clicking in the article navigated away");

    let active = browser.count("article.doc script, article.doc iframe, article.doc img").await;
    assert_eq!(active, 0, "article.doc contains <script>, <iframe> or <img> elements");
    let handlers = browser
        .js("return Array.from(document.querySelectorAll('article.doc *')).flatMap(e => \
               Array.from(e.attributes).filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)) \
                 .map(a => e.tagName + ' ' + a.name + '=' + a.value));")
        .await;
    assert_eq!(handlers, json!([]), "elements in article.doc carry event handlers or javascript: URLs");
    let paragraphs = browser.text_contents("article.doc .block-paragraph").await;
    assert!(
        paragraphs.iter().any(|p| p.contains("第一段是正常的文字"))
            && paragraphs.iter().any(|p| p.contains("最后一段")),
        "the normal paragraphs should still show, got:\n{}",
        preview(&paragraphs)
    );
    browser.screenshot("hostile").await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_file_gives_a_notice_and_keeps_the_document() {
    let Some(corpus) = require_corpus() else { return };
    let dir = TempDir::new("unreadable");
    let bad_name = "损坏的文件.md";
    let bad = dir.write(bad_name, b"\xff\xfe\x00\x00garbage\x00\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\x28\x00\xff");

    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.upload(&[corpus.join("sina").join(STARTED_FROM_FILE)]).await;
    browser.wait_for_text("h1.doc-title", STARTED_FROM_TITLE, OPEN_TIMEOUT).await;

    browser.upload(&[bad]).await;
    browser
        .wait_until_js(
            "an error notice names the unreadable file",
            &format!(
                "Array.from(document.querySelectorAll('.notice-error')).some(e => e.textContent.includes({}))",
                js_string(bad_name)
            ),
            DEFAULT_TIMEOUT,
        )
        .await;
    let role = browser.js("return document.querySelector('.notice-error').getAttribute('role');").await;
    assert_eq!(role, json!("alert"), "the error notice should have role=\"alert\"");
    let title = browser.text_content("h1.doc-title").await.unwrap_or_default();
    assert_eq!(title.trim(), STARTED_FROM_TITLE, "the unreadable file replaced the open document");
    browser.screenshot("unreadable-notice").await;

    // The failed import did not overwrite the remembered document either.
    browser.reload().await;
    browser.wait_for_text("h1.doc-title", STARTED_FROM_TITLE, OPEN_TIMEOUT).await;
    browser.quit().await;
}

/// The `title:` of a file's front matter, crudely (outer single quotes removed).
fn front_matter_title(path: &PathBuf) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text.lines().find(|l| l.starts_with("title:"))?;
    let value = line["title:".len()..].trim();
    let value = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')).unwrap_or(value);
    Some(value.to_string())
}

/// Compares titles loosely: quotes and whitespace ignored.
fn loose(title: &str) -> String {
    title.chars().filter(|c| !c.is_whitespace() && !"\"'“”‘’".contains(*c)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn opens_every_corpus_file() {
    let Some(corpus) = require_corpus() else { return };
    let mut files = support::files_in(&corpus.join("sina"));
    files.extend(support::files_in(&corpus.join("other")));
    assert!(files.len() >= 20, "expected the corpus's 23 files, found {}", files.len());
    let titles: Vec<String> = files.iter().filter_map(front_matter_title).map(|t| loose(&t)).collect();

    let browser = Browser::launch().await;
    browser.open_app().await;
    let sample_title = wait_for_some_title(&browser).await;
    let started = Instant::now();
    browser.upload(&files).await;

    // Wait until one of the uploaded articles shows (past the sample, unless the sample is one
    // of them), then until the page settles.
    let deadline = started + Duration::from_secs(60);
    let mut last = String::new();
    let mut stable_since = Instant::now();
    loop {
        let title = browser.text_content("h1.doc-title").await.unwrap_or_default().trim().to_string();
        if title != last {
            last = title.clone();
            stable_since = Instant::now();
        }
        let is_uploaded = titles.contains(&loose(&title));
        let moved_on = title != sample_title || started.elapsed() > Duration::from_secs(5);
        if is_uploaded && moved_on && stable_since.elapsed() > Duration::from_millis(1500) {
            break;
        }
        if browser.count(".notice-error").await > 0 && stable_since.elapsed() > Duration::from_millis(1500) {
            break;
        }
        if Instant::now() > deadline {
            let report = browser.failure_report("opens-every-corpus-file").await;
            panic!("after uploading {} files the title is {title:?}, not one of theirs\n{report}", files.len());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let errors = browser.text_contents(".notice-error").await;
    assert!(errors.is_empty(), "opening the corpus gave errors:\n{}", errors.join("\n"));
    assert!(!last.is_empty(), "no document title after opening the corpus");
    browser.screenshot("whole-corpus").await;
    browser.quit().await;
}

/// GBK and GB18030 files decode in the browser (its own TextDecoder) to the same text the
/// native importer gives; undecodable bytes are a clear notice and add nothing.
#[tokio::test(flavor = "multi_thread")]
async fn legacy_chinese_encodings_open_and_undecodable_bytes_are_refused() {
    let fixtures = support::crate_root().join("tests/fixtures");
    let browser = Browser::launch().await;
    browser.open_app().await;
    for (file, title, needle) in [
        ("gbk.md", "沪上银行业支持小微企业：贷款余额同比增长12.5%", "辖内小微企业贷款余额达1.2万亿元"),
        ("gb18030.html", "𠮷祥电器发布半年报", "“𠮷”字商标"),
    ] {
        browser.upload(&[fixtures.join(file)]).await;
        browser.wait_for_text("h1.doc-title", title, DEFAULT_TIMEOUT).await;
        let body = browser.text_content("article.doc .doc-body").await.unwrap_or_default();
        assert!(body.contains(needle), "{file}: {body}");
    }
    let listed = browser.count(".doc-item").await;
    browser.upload(&[fixtures.join("random-bytes.md")]).await;
    browser.wait_for(".notice-error", DEFAULT_TIMEOUT).await;
    let error = browser.text_contents(".notice-error").await.join(" ");
    assert!(error.contains("random-bytes.md") && error.contains("GB18030"), "{error}");
    assert_eq!(browser.count(".doc-item").await, listed, "nothing was added");
    browser.quit().await;
}

/// Past the stated limits a file is refused with a notice naming it and the limit, before it can
/// freeze the tab: a file over 20 MiB (refused before it is read), a text over 200,000
/// characters. Nothing is added.
#[tokio::test(flavor = "multi_thread")]
async fn files_past_the_limits_are_refused_with_a_notice() {
    let dir = TempDir::new("limits");
    let huge = dir.write("huge.txt", vec![b'a'; 21 * 1024 * 1024]);
    let long = dir.write("long.txt", format!("很长的文章\n{}\n", "长".repeat(200_001)));
    let browser = Browser::launch().await;
    browser.open_app().await;
    browser.wait_for(".doc-item", DEFAULT_TIMEOUT).await; // the sample article, once the list has loaded
    let listed = browser.count(".doc-item").await;
    for (file, words) in [(&huge, ["huge.txt", "20 MiB"]), (&long, ["long.txt", "200,000"])] {
        browser.upload(std::slice::from_ref(file)).await;
        browser
            .wait_until_js(
                "the refusal is shown",
                &format!(
                    "Array.from(document.querySelectorAll('.notice-error')).some(n => n.textContent.includes({}))",
                    json!(words[0])
                ),
                DEFAULT_TIMEOUT,
            )
            .await;
        let errors = browser.text_contents(".notice-error").await.join(" ");
        assert!(words.iter().all(|w| errors.contains(w)), "{errors}");
    }
    assert_eq!(browser.count(".doc-item").await, listed, "nothing was added");
    browser.quit().await;
}

/// A watcher for the next opening of the document titled `title`: how many body blocks the
/// page holds when its title first shows, and how often the first of them changes afterwards.
const WATCH_OPENING: &str = r#"
    const title = arguments[0];
    const t = window.__opening = { atTitle: null, first: null, changed: 0 };
    const blocks = () => document.querySelectorAll('.doc-body [data-block]');
    const open = document.querySelector('h1.doc-title');
    if (open && open.textContent === title) { t.atTitle = blocks().length; return; }
    new MutationObserver((_, self) => {
        const h = document.querySelector('h1.doc-title');
        if (h && h.textContent === title) {
            self.disconnect();
            t.atTitle = blocks().length;
            t.first = blocks()[0];
            new MutationObserver(list => { t.changed += list.length; })
                .observe(t.first, { subtree: true, attributes: true, characterData: true, childList: true });
        }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    Array.from(document.querySelectorAll('.doc-item-title')).find(b => b.textContent === title).click();
"#;

/// A long article shows its top at once and the rest in slices, every time it opens (also
/// after a short one was open), and a slice leaves what is drawn alone.
#[tokio::test(flavor = "multi_thread")]
async fn a_long_article_is_drawn_in_slices_every_time_it_opens() {
    const PARAGRAPHS: usize = 300;
    let dir = TempDir::new("long-slices");
    let post = |title: &str, paragraphs: usize| {
        let body: String = (0..paragraphs).map(|i| format!("<p>第{i}段。{}</p>", "长文章的内容".repeat(16))).collect();
        format!("---\ntitle: '{title}'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n<div>{body}</div>\n")
    };
    let files = [dir.write("long.md", post("分片长文", PARAGRAPHS)), dir.write("short.md", post("短文", 2))];
    let browser = Browser::launch().await;
    browser.open_app().await;
    wait_for_some_title(&browser).await;
    browser.upload(&files).await;
    browser.wait_until_js("both are listed", "document.querySelectorAll('.doc-item').length >= 3", OPEN_TIMEOUT).await;
    for round in 0..2 {
        browser.js_with(WATCH_OPENING, vec![json!("短文")]).await;
        browser.wait_until_js("the short one is open", "window.__opening.atTitle !== null", OPEN_TIMEOUT).await;
        browser.js_with(WATCH_OPENING, vec![json!("分片长文")]).await;
        browser
            .wait_until_js(
                "the long one is drawn to its end",
                &format!("document.querySelectorAll('.doc-body [data-block]').length === {PARAGRAPHS}"),
                OPEN_TIMEOUT,
            )
            .await;
        let opening = browser
            .js("const t = window.__opening; return [t.atTitle, t.changed, t.first === document.querySelector('.doc-body [data-block]')];")
            .await;
        let at_title = opening[0].as_u64().unwrap_or(u64::MAX);
        assert!(
            at_title > 0 && at_title < PARAGRAPHS as u64 / 2,
            "opening {round}: {at_title} blocks were drawn at once"
        );
        assert_eq!(opening[1], json!(0), "opening {round}: later slices changed the first block");
        assert_eq!(opening[2], json!(true), "opening {round}: the first block was replaced");
    }
    browser.quit().await;
}
