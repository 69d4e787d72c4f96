//! The article view rendered by Yew in a real headless Chromium: structure as a reader expects,
//! text exactly as imported, and nothing from the article able to run.
#![cfg(target_arch = "wasm32")]

use biaozhu::core::import::import_file;
use biaozhu::ui::article::{ArticleProps, ArticleView};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn next_frames() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .expect("timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("timer fires");
}

async fn render(file: &str, source: &str) -> web_sys::Element {
    let doc = import_file(file, source.as_bytes()).expect("imports");
    let document = web_sys::window().expect("window").document().expect("document");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    yew::Renderer::<ArticleView>::with_root_and_props(root.clone(), ArticleProps { doc: Rc::new(doc) }).render();
    next_frames().await;
    root
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
}

#[wasm_bindgen_test]
async fn renders_structure_and_exact_text() {
    let root = render(
        "a.md",
        concat!(
            "---\ntitle: '标题'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\nauthor: 新浪财经\n---\n",
            "<p>　　第一段𠮷😀。</p><p cms-style=\"font-L strong-Bold\">　　举措之一：小标题</p>",
            "<blockquote><p>引文</p></blockquote><ol><li>甲</li><li>乙</li></ol>",
            "<table><caption>表1</caption><tr><th>分组</th><td>数值</td></tr></table>",
            "<div class=\"img_wrapper\"><img src=\"https://img.invalid/a.jpg\"><span class=\"img_descr\">图说</span></div>",
            "<p class=\"article-editor\">责任编辑：尹悦</p>"
        ),
    )
    .await;
    assert_eq!(texts(&root, "h1.doc-title"), vec!["标题"]);
    assert_eq!(texts(&root, "h2.block-heading"), vec!["举措之一：小标题"]);
    assert_eq!(texts(&root, "p.block-paragraph"), vec!["第一段𠮷😀。"]);
    assert_eq!(texts(&root, "blockquote.block-quote"), vec!["引文"]);
    assert_eq!(texts(&root, "ol > li.block-list-item"), vec!["甲", "乙"]);
    assert_eq!(texts(&root, "table caption .block-caption"), vec!["表1"]);
    assert_eq!(texts(&root, "th .block-table-cell"), vec!["分组"]);
    assert_eq!(texts(&root, "figure.image-placeholder + .block-caption"), vec!["图说"]);
    let meta = texts(&root, ".doc-meta").join("");
    assert!(meta.contains("2021-08-09") && meta.contains("新浪财经") && meta.contains("尹悦"), "{meta}");
    assert_eq!(root.query_selector_all("img").expect("selector").length(), 0, "no picture is loaded by default");
    // Offsets on the elements point at their own text, in code points.
    let p = root.query_selector("p.block-paragraph").expect("selector").expect("paragraph");
    let (start, end): (usize, usize) = (
        p.get_attribute("data-start").expect("start").parse().expect("number"),
        p.get_attribute("data-end").expect("end").parse().expect("number"),
    );
    assert_eq!(end - start, "第一段𠮷😀。".chars().count());
}

#[wasm_bindgen_test]
async fn article_markup_stays_inert() {
    let root = render(
        "evil.html",
        concat!(
            "<html><head><title>载荷</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.invalid\"></head><body>",
            "<script>window.__pwned = 1</script><p onclick=\"window.__pwned = 2\">点这里</p>",
            "<img src=x onerror=\"window.__pwned = 3\"><a href=\"javascript:window.__pwned = 4\">链接</a>",
            "<svg onload=\"window.__pwned = 5\"><script>window.__pwned = 6</script></svg>",
            "<iframe srcdoc=\"<script>parent.__pwned = 7</script>\"></iframe><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            "</body></html>"
        ),
    )
    .await;
    for selector in ["script", "img", "iframe", "svg", "a", "meta", "[onclick]", "[onerror]"] {
        assert_eq!(root.query_selector_all(selector).expect("selector").length(), 0, "{selector} reached the page");
    }
    let paragraph: web_sys::HtmlElement =
        root.query_selector(".block-paragraph").expect("selector").expect("paragraph").dyn_into().expect("element");
    paragraph.click();
    next_frames().await;
    let pwned = js_sys::Reflect::get(&web_sys::window().expect("window"), &"__pwned".into()).expect("get");
    assert!(pwned.is_undefined(), "a payload ran");
    // Markup written as text in the article is shown as text.
    assert!(texts(&root, ".block-paragraph").contains(&"<script>alert(1)</script>".to_string()));
}
