//! The browser's HTML parser (`DOMParser`, what the web build reads HTML with) against html5ever
//! (what the native build reads it with), in a real headless Chromium: every fixture, every
//! article of the shared corpus (when it is there at build time) and markup that the one-pass
//! reader refuses — misnesting, implied end tags, tables without a body, rare character
//! references, `<noscript>`, `<template>`, deep nesting — walk the same through both trees, and
//! import as the same documents.
#![cfg(target_arch = "wasm32")]

use biaozhu::core::import::tree::{self, ElementData, HtmlTreeReader, TreeError, TreeWalk};
use biaozhu::core::import::{front_matter, import_file_with, ImportError, LegacyDecoder};
use biaozhu::effects::files::BrowserDecoder;
use biaozhu::effects::html_tree::BrowserHtmlReader;
use embed_files::embed_files;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

// The native build's reader, compiled into this test from its own source (scraper is a
// dev-dependency of the browser tests); the names it takes from `super` are those imported above.
#[path = "../src/core/import/tree/native.rs"]
mod native;
use native::NativeHtmlReader;

/// A walk through a reader's tree, as text to compare.
fn walked(html: &str, reader: &dyn HtmlTreeReader) -> Result<String, TreeError> {
    tree::walk(html, reader).map(|w| format!("{w:?}"))
}

/// Walks `html` through both trees: the same.
fn same_walk(html: &str) {
    assert_eq!(walked(html, &BrowserHtmlReader), walked(html, &NativeHtmlReader), "{html}");
}

/// Imports `bytes` as `name` with both readers: the same document, or the same refusal.
fn same_import(name: &str, bytes: &[u8]) {
    let dom = import_file_with(name, bytes, &BrowserDecoder, &BrowserHtmlReader);
    let native = import_file_with(name, bytes, &BrowserDecoder, &NativeHtmlReader);
    assert_eq!(dom, native, "{name}");
}

/// The HTML of an article file: its text without a byte-order mark and front matter.
fn body(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => BrowserDecoder.gb18030(bytes)?,
    };
    let text = text.replace("\r\n", "\n");
    Some(front_matter::split(text.trim_start_matches('\u{feff}')).1.to_string())
}

fn same_files(files: &[(&str, &[u8])]) {
    for &(name, bytes) in files {
        same_import(name, bytes);
        if let Some(html) = body(bytes) {
            same_walk(&html);
        }
    }
}

#[wasm_bindgen_test]
fn every_fixture_reads_the_same() {
    let fixtures: &[(&str, &[u8])] = embed_files!("tests/fixtures");
    assert!(fixtures.len() >= 30, "{} fixtures", fixtures.len());
    same_files(fixtures);
}

#[wasm_bindgen_test]
fn every_corpus_article_reads_the_same() {
    let corpus: &[(&str, &[u8])] = embed_files!("../shared/corpus/sina", "../shared/corpus/other");
    if corpus.is_empty() {
        console_log!("../shared/corpus was not there when this test was built: skipped");
        return;
    }
    same_files(corpus);
}

/// Markup that the one-pass reader refuses, where the tree construction does the most.
const HOSTILE: &[&str] = &[
    // Misnesting and the adoption agency.
    "<p>一<b>粗<i>斜</b>体</i>完</p>",
    "<a href=1>链<p>段</a>后</p>",
    "<b><b><b><b>四层</b></b></b></b><p>重建",
    "<p><b>粗<p>还粗</b>不粗",
    "<nobr>一<nobr>二</nobr>",
    "<table><tr><td><b>格</td></tr></table>外<b>粗</b>",
    // Implied end tags and scope.
    "<p>一<p>二<div>三</div>四</p>",
    "<ul><li>一<li>二<ol><li>三</ul>四",
    "<dl><dt>词<dd>义<dt>词二</dl>",
    "<h2>题<h3>子题</h3></h2>正文",
    "<p>段<h1>题</h1>",
    "<form><form><p>表</p></form></form><button><button>钮</button>",
    "<select><option>一<option>二<div>块</div></select>选后",
    "<select><p>选单里的段</p><input>后",
    "<p>x</span></div></p></p>",
    "</p>开头的结束",
    // Tables without a body, text in tables (moved before them), cells out of place.
    "<table><tr><td>格</td></tr></table>",
    "<table>文字<tr><td>格</td></tr>尾</table>",
    "<table><td>格<td>二<tr><th>头</table>",
    "<table><caption>题<tr><td>格</td></tr></table>",
    "<td>格外</td><tr>行外</tr>",
    "<table><tr><td><table><tr><td>套</td></tr></table></td></tr></table>",
    "<table><colgroup><col span=2></colgroup><tbody><tr><td rowspan=3 colspan=2>宽</td></tr></tbody></table>",
    "<p><table><tr><td>段里的表</td></tr></table></p>",
    "<!DOCTYPE html><p><table><tr><td>标准模式</td></tr></table></p>",
    // Character references, NULs and odd characters.
    "<p>&copy; &notin; &notit; &amp &AElig &lt3 &#128; &#x110000; &#0; &#xD800; &#X4E2D; &nbsp;</p>",
    "<p title=\"&amp;&copy\" class=\"a&#32;article-editor\">责任编辑：李&amp;王</p>",
    "<p>空\u{0}字\u{feff}符\u{200b}与\u{85}换行</p>",
    "\u{feff}<p>开头的字节序</p>",
    // Comments, doctypes, processing instructions.
    "<p>一<!-- 注 -->二<!---->三<!-->四<!--->五<?php echo 1; ?>六</p>",
    "<!-- 未闭合的注释 <p>x</p>",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><p>文</p>",
    "<p>文</p><!DOCTYPE html>",
    // The head: title, meta, base, style; what ends it.
    "<html><head><title>页 &amp; 题</title><meta name=\"AUTHOR\" content=\" 作者 \"><base href=x>\
     <style>p{}</style></head><body><p>正文</p></body></html>",
    "<title>题一</title><title>题二</title><p>文</p>",
    "<meta name=author content=甲>文字<meta name=author content=乙>",
    "<head></head>头后<body class=appendQr_wrap>体</body>",
    "<html><body><p>一</p></body></html><p>文后</p>",
    // Raw text and its escapes.
    "<script>document.write('<p>x</p>')</script><p>后</p>",
    "<script><!--<script></script>仍在脚本</script><p>后</p>",
    "<style>未闭合",
    "<title>未闭合的题",
    "<textarea><p>文本框</p></textarea><xmp><b>x</b></xmp><iframe><p>框</p></iframe>后",
    "<plaintext><p>之后全是文本",
    "<pre>\n首行被吞\n二行</pre><listing>\n列</listing>",
    // <noscript>: raw text with scripting on, markup in the browser's DOMParser; and what the
    // page's security policy would report: style sheets, `<base>`, event handlers.
    "<noscript><img src=\"//x/pixel.gif\"></noscript><title>页题</title><p>正文</p>",
    "<html><head><noscript><style>.x{}</style></noscript></head><body><noscript><p>开</noscript>见</body>",
    "<div>一<noscript></div></noscript>二</div>三",
    "<p class=\"article-editor\">责任编辑：<noscript><b>王</b></noscript>李</p>",
    "<img alt=\"<noscript>\" src=x><p>一<NOSCRIPT/>二</noscript >三</p>",
    "<table><tr><td>格</td><noscript><tr><td>多</td></tr></noscript></tr></table>",
    "<head><style>p{}</style><base href=x><noscript><style>.a{}</style></noscript></head><body onload=x>文",
    "<img src=x onerror=\"a()\" alt=\" onclick\"/ONLOAD=b><p onclick=1>他说\"online\" 在线 biaozhu-onclick</p>",
    // <template>: its content is a fragment of its own in the DOM, children in html5ever's tree.
    "<template><p>模板</p></template><p>正文</p>",
    "<p class=\"article-editor\">责任编辑：<template>模板</template>李</p>",
    "<head><template><title>模板题</title></template></head><p>文</p>",
    "<table><template><tr><td>模板行</td></tr></template><tr><td>格</td></tr></table>",
    // Foreign content.
    "<svg><title>图题</title><foreignObject><p>外来</p></foreignObject></svg><p>后</p>",
    "<math><mi>x</mi><mtext><p>数</p></mtext></math><p>后</p>",
    "<svg><p>跳出</p></svg><svg><![CDATA[字符数据]]></svg>",
    "<p class=\"ori_titlesource\">原标题：<svg><![CDATA[旧]]></svg>题</p><p>正文</p>",
    // Attributes: case, duplicates, namespaces.
    "<P CLASS=\"article-editor\">责任编辑：大写</P>",
    "<p class=a class=article-editor>责任编辑：重复</p><img SRC=\"//x/a.jpg\" ALT=\"图\" src=y>",
    "<svg><a xlink:href=\"x\" class=\"qrcode\">链</a></svg><div style=\"DISPLAY: NONE\">藏</div>",
    "<div hidden>藏</div><div HIDDEN=\"\">也藏</div><span style=\"font-weight: 700\">粗体小标题</span>",
    // Newer elements and obsolete ones.
    "<p>段<search>搜</search>后</p><dialog><p>框</p></dialog><details><summary>摘</summary>详</details>",
    "<p>一<image src=x>二<isindex>三<keygen>四<menuitem>五</p>",
    "<frameset><frame src=x></frameset><p>丢</p>",
    "<ruby>汉<rt>han</rt>字<rp>(</rp></ruby><p>注</p>",
];

#[wasm_bindgen_test]
fn hostile_markup_reads_the_same() {
    for html in HOSTILE {
        same_walk(html);
        same_import("hostile.html", html.as_bytes());
        same_import("hostile.md", format!("---\ntitle: 题\n---\n{html}").as_bytes());
    }
}

/// The pieces of markup that random documents are made of (`tests/data/markup_pieces.txt`).
fn pieces() -> Vec<String> {
    let file = include_str!("data/markup_pieces.txt");
    let lines = file.lines().filter(|line| !line.is_empty() && !line.starts_with("# "));
    lines.map(|line| line.replace("\\n", "\n").replace("\\s", " ")).collect()
}

/// Where the two trees are known to be read differently (see [`the_known_differences_remain`]):
/// random documents that could show one are not compared.
fn known_difference(html: &str) -> bool {
    let in_table = html.contains("<table>") || html.contains("<template>");
    let read_whole = html.contains("责任编辑") || html.contains("原标题");
    (in_table && html.contains("<style>") && read_whole)
        || (html.contains("<foreignObject>") && ["<li>", "<dd>", "<dt>"].iter().any(|t| html.contains(t)))
        || html.contains("<frameset>")
        || html.contains("<annotation-xml")
        || html.contains("<isindex>")
}

#[wasm_bindgen_test]
fn random_markup_reads_the_same() {
    // xorshift64*: the same documents every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |below: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % below
    };
    let pieces = pieces();
    for _ in 0..3_000 {
        let len = next(60);
        let html: String = (0..len).map(|_| pieces[next(pieces.len())].as_str()).collect();
        if !known_difference(&html) {
            same_walk(&html);
        }
    }
}

/// What is read differently, and why; each case is the smallest random markup found to show it.
/// When one of them reads the same, the parser it names has changed: take it out, and out of
/// [`known_difference`].
#[wasm_bindgen_test]
fn the_known_differences_remain() {
    let cases = [
        // Marked for the page's parser, a style sheet directly in a table is moved before it, as
        // text there is: a line read whole (an editor line) gathers the two in another order.
        "<p class=\"article-editor\">责任编辑：<table><style>李</style>王</table>",
        // html5ever does not count SVG's and MathML's integration points among the special
        // elements, so a list item in a `<foreignObject>` closes one outside the SVG there.
        "<dd><svg><foreignObject><dd>文字",
        // html5ever leaves MathML for HTML in an `<annotation-xml encoding="text/html">`.
        "<math><annotation-xml encoding=\"text/html\"><hr>文字",
        // html5ever still has `<isindex>` (gone from the standard) as a special element, which an
        // end tag does not close past.
        "<span class=\"img_descr\"><isindex></span>文字",
        // Chromium lets a `<frameset>` replace the body after a `<template>` in the head, whose
        // start tag the standard says rules a frameset out ("frameset-ok" is "not ok").
        "<template></template><tbody><frameset>文字",
    ];
    for html in cases {
        assert_ne!(walked(html, &BrowserHtmlReader), walked(html, &NativeHtmlReader), "now read the same: {html}");
    }
}

#[wasm_bindgen_test]
fn long_text_reads_the_same() {
    // Text nodes longer than 65,536 UTF-16 units (where parsers have split them), with astral
    // characters where a split would fall.
    let long = format!("<p>{}😀{}</p><p>{}𠮷</p>", "字".repeat(70_000), "文".repeat(70_000), "a".repeat(65_535));
    same_walk(&long);
}

#[wasm_bindgen_test]
fn deep_nesting_is_refused_where_the_browser_stops_nesting() {
    // Far beyond the browser's depth: refused, and without overflowing the stack.
    let deep = format!("{}深处{}", "<div><span>".repeat(5_000), "</span></div>".repeat(5_000));
    assert_eq!(walked(&deep, &BrowserHtmlReader), Err(TreeError::TooDeep));
    // Within the limit of the import's nesting pre-scan, not read in one pass (a `<p>` left open),
    // and too deep for the browser's tree: refused in the browser, read natively.
    let at_the_edge = format!("{}<b>深处</b><p>一<p>二", "<div>".repeat(510));
    let import =
        |reader: &dyn HtmlTreeReader| import_file_with("edge.md", at_the_edge.as_bytes(), &BrowserDecoder, reader);
    assert!(matches!(import(&BrowserHtmlReader), Err(ImportError::TooDeep { .. })));
    assert!(import(&NativeHtmlReader).is_ok());
    // Up to it, the same tree; at it, refused (never a different one).
    for n in [400, 508, 509, 510, 511, 512] {
        let html = format!("{}<b>深处</b>{}", "<div>".repeat(n), "</div>".repeat(n));
        match walked(&html, &BrowserHtmlReader) {
            Err(TreeError::TooDeep) => assert!(n >= 510, "{n} deep refused"),
            dom => assert_eq!(dom, walked(&html, &NativeHtmlReader), "{n} deep"),
        }
    }
}

/// A reader whose parser fails.
struct Failing;

impl HtmlTreeReader for Failing {
    fn parses_in_page(&self) -> bool {
        true
    }

    fn read(&self, _html: &str, _walk: &mut TreeWalk) -> Result<(), TreeError> {
        Err(TreeError::Unparsable("the browser could not parse this HTML".to_string()))
    }
}

#[wasm_bindgen_test]
fn a_parser_that_fails_is_an_import_error() {
    let got = import_file_with("a.html", b"<p>a<p>b", &BrowserDecoder, &Failing).map_err(|e| e.to_string());
    assert_eq!(got, Err("a.html: the browser could not parse this HTML".to_string()));
}
