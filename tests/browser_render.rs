//! The article view rendered by Yew in a real headless Chromium: structure as a reader expects,
//! text exactly as imported, and nothing from the article able to run.
#![cfg(target_arch = "wasm32")]

use biaozhu::core::labels::LabelSet;
use biaozhu::core::model::Document;
use biaozhu::core::render_plan::plan;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::workspace::Workspace;
use biaozhu::effects::files::import_with_browser;
use biaozhu::ui::article::{ArticleProps, ArticleView};
use biaozhu::ui::paint::Paint;
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
    let doc = import_with_browser(file, source.as_bytes()).expect("imports");
    render_with_spans(doc, &DocSpans::default(), None).await
}

async fn render_with_spans(doc: Document, spans: &DocSpans, selected: Option<u64>) -> web_sys::Element {
    let document = web_sys::window().expect("window").document().expect("document");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let labels = LabelSet::defaults();
    let paint = Paint::new(Rc::new(plan(&doc, spans.annotations(), |_| true)), &labels, selected);
    let props = ArticleProps { doc: Rc::new(doc), paint, on_select: Default::default(), on_menu: Default::default() };
    yew::Renderer::<ArticleView>::with_root_and_props(root.clone(), props).render();
    // Rendering is scheduled, not immediate: wait (bounded) until the article is there.
    for _ in 0..100 {
        next_frames().await;
        if root.query_selector("article.doc").ok().flatten().is_some() {
            break;
        }
    }
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

#[wasm_bindgen_test]
async fn nested_and_crossing_spans_are_drawn_as_segments() {
    let doc = import_with_browser("a.md", "---\ntitle: 题\n---\n<p>😀上海市公安局副局长陈臻介绍</p>".as_bytes())
        .expect("imports");
    let mut ws = Workspace::new(Rc::new(doc.clone()), LabelSet::defaults(), DocSpans::default());
    let at = |needle: &str| {
        let byte = doc.text.find(needle).expect("in text");
        let start = doc.text[..byte].chars().count();
        (start, start + needle.chars().count())
    };
    let (s, e) = at("上海市公安局");
    let org = ws.tag(s, e, "ORG").expect("tags");
    let (s, e) = at("上海");
    let loc = ws.tag(s, e, "LOC").expect("tags");
    let (s, e) = at("公安局副局长");
    ws.tag(s, e, "MISC").expect("tags");
    let root = render_with_spans(doc.clone(), ws.spans(), Some(loc)).await;
    // The paragraph's text is unchanged by the drawing.
    assert_eq!(texts(&root, ".block-paragraph"), vec!["😀上海市公安局副局长陈臻介绍"]);
    assert_eq!(texts(&root, ".seg-tagged"), vec!["上海", "市", "公安局", "副局长"]);
    let first = root.query_selector(".seg-tagged").expect("selector").expect("segment");
    assert_eq!(first.get_attribute("data-spans"), Some(format!("{org} {loc}")));
    assert!(first.class_list().contains("seg-selected"));
    assert_eq!(first.get_attribute("data-s"), Some(at("上海").0.to_string()));
    let ends: Vec<String> = {
        let list = root.query_selector_all(".seg-end").expect("selector");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .filter_map(|el| el.get_attribute("data-tag"))
            .collect()
    };
    assert_eq!(ends, vec!["地点", "机构", "其他"]);
}
