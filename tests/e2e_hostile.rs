//! End to end: hostile articles are data, never code. Articles carrying scripts, event handlers,
//! `javascript:` and `data:` URLs, frames, SVG with script, style tricks, a meta refresh and
//! markup in front matter are opened in the built app. Nothing of them runs (no sentinel is
//! set), none of their elements reaches the page, and no request leaves it — until the analyst
//! asks for one document's pictures, which then (and only then) load.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;
use support::page::open_in_list;
use support::{Browser, StaticServer, TempDir, DEFAULT_TIMEOUT};

const LONG: Duration = Duration::from_secs(60);

/// The hostile articles: (file name, contents). `{bait}` is the URL of a server outside the app
/// that logs every request made to it.
fn payloads(bait: &str) -> Vec<(&'static str, String)> {
    let post = |title: &str, body: &str| {
        format!("---\ntitle: '{title}'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n<div>{body}</div>\n")
            .replace("{bait}", bait)
    };
    vec![
        ("scripts.md", post("脚本", r#"<p>正文一。</p><script>window.__pwned = 'script'</script><script src="{bait}s.js"></script>
            <p onclick="window.__pwned = 'onclick'" onmouseover="window.__pwned = 'hover'">把鼠标移到这里。</p>
            <img src="{bait}onerror.png" onerror="window.__pwned = 'onerror'" alt="坏图">"#)),
        ("urls.md", post("链接", r#"<p><a href="javascript:window.__pwned='js-url'">点这里</a>
            <a href="data:text/html,<script>parent.__pwned='data-url'</script>">数据链接</a>
            <img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='parent.__pwned=1'/>">
            <a href="{bait}leak">外部链接</a></p>"#)),
        ("frames.md", post("框架", r#"<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>
            <iframe src="{bait}frame.html"></iframe><object data="{bait}obj"></object><embed src="{bait}embed">
            <p>框架之后的正文。</p>"#)),
        ("svg.md", post("矢量图", r#"<svg onload="window.__pwned='svg'"><script>window.__pwned='svg-script'</script>
            <image href="{bait}svg-image.png"/></svg><p>矢量图之后的正文。</p>"#)),
        ("styles.md", post("样式", r#"<style>@import url({bait}import.css); body { display: none }</style>
            <link rel="stylesheet" href="{bait}link.css"><p style="background: url({bait}bg.png)">样式之后的正文。</p>
            <base href="{bait}"><form action="{bait}form"><input autofocus onfocus="window.__pwned='focus'"></form>"#)),
        ("refresh.md", post("跳转", r#"<meta http-equiv="refresh" content="0; url={bait}refresh"><p>跳转页面的正文。</p>"#)),
        (
            "front-matter.md",
            "---\ntitle: '<img src=x onerror=\"window.__pwned=1\">标题'\nsource: 'javascript:window.__pwned=2'\nauthor: '<script>window.__pwned=3</script>'\n---\n<p>前言里的标记。</p>\n".to_string(),
        ),
        ("body-onload.html", format!("<html><body onload=\"window.__pwned='onload'\"><h1>网页</h1><p>正文 <img src=\"{bait}pic.png\" alt=\"图\"></p></body></html>")),
        ("script-as-text.txt", "纯文本\n<script>window.__pwned = 'txt'</script> 只是文字。\n".to_string()),
    ]
}

const SENTINEL: &str = "window.__pwned === undefined";

/// Elements and attributes that must never come from an article into the page.
const FOREIGN_MARKUP: &str = r#"
    const root = document.querySelector('article.doc');
    const tags = root.querySelectorAll('script, iframe, object, embed, style, link, meta, base, a, form, input, svg, image, img');
    const handlers = Array.from(root.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on') || (a.name === 'style' && a.value.includes('url('))));
    return Array.from(tags).concat(handlers).map(e => e.outerHTML.slice(0, 120));
"#;

#[tokio::test(flavor = "multi_thread")]
async fn hostile_articles_render_inert_and_nothing_leaves_the_page() {
    let bait_dir = TempDir::new("bait");
    bait_dir.write("pic.png", b"not really a picture");
    let bait = StaticServer::serve(bait_dir.path());
    let files = TempDir::new("hostile");
    let articles = payloads(&bait.url());
    let paths: Vec<_> = articles.iter().map(|(name, text)| files.write(name, text)).collect();

    let browser = Browser::launch().await;
    browser.open_app().await;
    let app_url = browser.url();
    browser.upload(&paths).await;
    browser
        .wait_until_js(
            "every hostile article is listed",
            &format!("document.querySelectorAll('.doc-item').length === {}", paths.len() + 1),
            LONG,
        )
        .await;
    let errors = browser.text_contents(".notice-error").await;
    assert!(errors.is_empty(), "every hostile article imports as data: {errors:?}");

    // Open each one, hover and click over its text as an analyst would (but never on the
    // button that loads pictures).
    let titles = browser.text_contents(".doc-item-title").await;
    for title in &titles {
        open_in_list(&browser, title).await;
        browser
            .js("const a = document.querySelector('article.doc'); for (const e of a.querySelectorAll('h1, .doc-meta, .doc-body, .doc-body *')) { e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); e.click(); }")
            .await;
        let foreign = browser.js(FOREIGN_MARKUP).await;
        assert_eq!(foreign, serde_json::json!([]), "no element or handler of {title:?} reaches the page");
    }
    tokio::time::sleep(Duration::from_secs(1)).await; // time for a refresh or a late load to happen
    assert_eq!(browser.js(&format!("return {SENTINEL};")).await, serde_json::json!(true), "a payload ran");
    let url = browser.driver().current_url().await.expect("the page's URL").to_string();
    assert_eq!(url, app_url, "no refresh took the page elsewhere");
    assert!(bait.requests().is_empty(), "requests left the page: {:?}", bait.requests());
    let foreign_resources = browser
        .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));")
        .await;
    assert_eq!(foreign_resources, serde_json::json!([]), "the page fetched only its own files");
    let console = browser.console_log().await;
    assert!(
        !console.iter().any(|line| line.contains("Content Security Policy")),
        "the app runs within its own policy: {console:?}"
    );

    // Pictures load on request, for that document only.
    open_in_list(&browser, "网页").await;
    browser.wait_for(".image-placeholder", DEFAULT_TIMEOUT).await;
    browser.wait_for(".load-pictures", DEFAULT_TIMEOUT).await.click().await.expect("load the pictures");
    browser.wait_for(".image-loaded img", DEFAULT_TIMEOUT).await;
    let deadline = std::time::Instant::now() + DEFAULT_TIMEOUT;
    while !bait.requests().iter().any(|r| r == "GET /pic.png") && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(bait.requests(), vec!["GET /pic.png".to_string()], "only the asked-for picture loads");
    open_in_list(&browser, "脚本").await;
    assert_eq!(browser.count(".image-loaded").await, 0, "another document's pictures stay unloaded");
    assert_eq!(browser.js(&format!("return {SENTINEL};")).await, serde_json::json!(true), "a payload ran");
    browser.screenshot("hostile").await;
    browser.quit().await;
}
