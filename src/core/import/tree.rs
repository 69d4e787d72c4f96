//! HTML that the one-pass reader ([`super::stream`]) does not take is read through a tree: an
//! [`HtmlTreeReader`] parses it as the HTML standard says, into the tree a browser would build,
//! and tells a [`TreeWalk`] the tree's elements and text in document order; the walk hands them on
//! to the [`Walker`], which says what they mean. Natively the reader is html5ever, through
//! scraper ([`NativeHtmlReader`]); the web build uses the browser's own parser
//! (`effects::html_tree`), so that no parser and no entity table are shipped in its bundle.
//!
//! The walk is defined by the tree html5ever builds, with scripting enabled, as browsers show pages.
//! A reader whose parser runs in the app's page says so ([`HtmlTreeReader::parses_in_page`]) and is
//! given markup marked so that it builds the same tree and the page reports nothing ([`super::marked`]).

#[cfg(not(target_arch = "wasm32"))]
mod native;

pub use super::html::ElementData;
use super::html::{Opened, Walked, Walker, Wanted};
use super::marked;
#[cfg(not(target_arch = "wasm32"))]
pub use native::NativeHtmlReader;
use thiserror::Error;

/// Parses any HTML into the tree the HTML standard's algorithm builds, and tells a [`TreeWalk`]
/// what the tree holds.
pub trait HtmlTreeReader {
    /// Whether the parser is the browser's own, in the app's page: it parses with scripting
    /// disabled and under the page's content security policy, so it is given marked markup.
    fn parses_in_page(&self) -> bool;

    /// Parses `html` as a document and tells `walk` its elements and text in document order:
    /// [`TreeWalk::start`] for an element, then, if its content is wanted, the content and
    /// [`TreeWalk::end`]; [`TreeWalk::text`] for a text node. Comments, doctypes and processing
    /// instructions are not told; the document (and a template's content) is its children. It must
    /// not recurse: nesting is bounded only by [`super::limits::MAX_HTML_DEPTH`], roughly.
    fn read(&self, html: &str, walk: &mut TreeWalk) -> Result<(), TreeError>;
}

/// Why a reader gave no tree.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TreeError {
    /// The parser failed; the message says so for the analyst.
    #[error("{0}")]
    Unparsable(String),
    /// The markup is nested deeper than the parser nests its tree (it would put the deepest
    /// elements beside their parents instead, silently changing what they mean).
    #[error("nested deeper than the HTML parser builds a tree")]
    TooDeep,
}

/// Walks `html` through the tree of `reader`.
pub fn walk(html: &str, reader: &dyn HtmlTreeReader) -> Result<Walked, TreeError> {
    let marked = if reader.parses_in_page() { marked::mark(html) } else { None };
    let mut walk = TreeWalk::new(html.len(), marked.is_some());
    reader.read(marked.as_deref().unwrap_or(html), &mut walk)?;
    Ok(walk.walker.finish())
}

/// One walk of a tree, as its reader tells it: it gives the walker each element it is to see
/// (with an id, so that the element's end can be matched to its start), and gathers the whole
/// text of the elements the walker wants as text ([`Opened::Read`]).
pub struct TreeWalk {
    walker: Walker<u32>,
    /// The ids of the elements started whose content the walker reads, not ended yet.
    open: Vec<u32>,
    next_id: u32,
    /// The text of an element the walker wants whole, while its content is told.
    gathering: Option<Gathering>,
    /// The markup was marked for the page's parser ([`marked::mark`]).
    marked: bool,
}

/// The text of an element the walker wants whole.
struct Gathering {
    wanted: Wanted,
    text: String,
    /// Elements inside it that have started and not ended.
    depth: usize,
}

impl TreeWalk {
    fn new(bytes: usize, marked: bool) -> Self {
        TreeWalk { walker: Walker::new(bytes), open: Vec::new(), next_id: 0, gathering: None, marked }
    }

    /// The start of an element; whether its content is wanted. If it is, the reader tells the
    /// content next and then [`TreeWalk::end`]; if not, it goes on after the element.
    pub fn start(&mut self, el: &impl ElementData) -> bool {
        if let Some(gathering) = &mut self.gathering {
            // All the text inside counts, whatever the elements it is in.
            gathering.depth += 1;
            return true;
        }
        self.next_id += 1;
        let id = self.next_id;
        let opened = if self.marked {
            self.walker.open_element(id, &marked::unmarked(el))
        } else {
            self.walker.open_element(id, el)
        };
        match opened {
            Opened::Enter => self.open.push(id),
            Opened::Skip => return false,
            Opened::Read(wanted) => self.gathering = Some(Gathering { wanted, text: String::new(), depth: 0 }),
        }
        true
    }

    /// A text node.
    pub fn text(&mut self, text: &str) {
        let text = if self.marked { marked::restore(text) } else { text.into() };
        match &mut self.gathering {
            Some(gathering) => gathering.text.push_str(&text),
            None => self.walker.text(&text),
        }
    }

    /// The end of the element started last whose content was wanted.
    pub fn end(&mut self) {
        match &mut self.gathering {
            Some(gathering) if gathering.depth > 0 => gathering.depth -= 1,
            Some(_) => {
                if let Some(Gathering { wanted, text, .. }) = self.gathering.take() {
                    self.walker.read(wanted, &text);
                }
            }
            None => {
                if let Some(id) = self.open.pop() {
                    self.walker.close(id);
                }
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use ::html5ever::driver::{parse_document, ParseOpts};
    use ::html5ever::tendril::TendrilSink;
    use ::html5ever::tree_builder::TreeBuilderOpts;
    use scraper::{Html, HtmlTreeSink};

    /// html5ever with scripting disabled, as the browser's `DOMParser` parses: it is given marked
    /// markup as the page's parser is.
    struct ScriptingOff;

    impl HtmlTreeReader for ScriptingOff {
        fn parses_in_page(&self) -> bool {
            true
        }

        fn read(&self, html: &str, walk: &mut TreeWalk) -> Result<(), TreeError> {
            let opts = ParseOpts {
                tree_builder: TreeBuilderOpts { scripting_enabled: false, ..Default::default() },
                ..Default::default()
            };
            native::walk_document(&parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(html), walk);
            Ok(())
        }
    }

    fn summary(html: &str, reader: &dyn HtmlTreeReader) -> String {
        format!("{:?}", walk(html, reader).expect("html5ever reads any markup"))
    }

    /// `<noscript>` where the two parsers build different trees, and what else is marked: style
    /// sheets, `<base>`, event handlers, and text that looks like them.
    const MARKED: [&str; 30] = [
        "<noscript><img src=\"//x/pixel.gif\"></noscript><title>页题</title><p>正文</p>",
        "<html><head><noscript><style>.a{}</style></noscript><meta name=author content=作者></head><body><p>正文</p>",
        "<div><noscript><p>开着脚本看不见</noscript>看得见</div>",
        "<div>一<noscript></div></noscript>二</div>三",
        "<p>一<NoScript class=x>二</NOSCRIPT >三</p>",
        "<p>一<noscript/>二</noscript>三</p>",
        "<table><tr><td>格</td><noscript><tr><td>多</td></tr></noscript></tr></table>",
        "<select><noscript><option>选项</option></noscript></select><p>后</p>",
        "<template><noscript><tr></noscript><tr><td>模板</td></tr></template><p>后</p>",
        "<svg><noscript><p>外</p></noscript></svg><p>后</p>",
        "<p class=\"article-editor\">责任编辑：<noscript><b>王</b></noscript>李</p>",
        "<p class=\"ori_titlesource\">原标题：<noscript></p></noscript>旧题</p><p>正文</p>",
        "<title>题<noscript>里</title><p>正文</p>",
        "<img alt=\"<noscript>\" src=x><img alt=<noscript> src=y><p title=\"</noscript>\">文</p>",
        "<p>一</noscript>二</p><!-- <noscript> --><script>var a = '<noscript>';</script>",
        "<style>a{}</noscript></style><p>后</p><textarea><noscript></textarea>",
        "<p>未闭合<noscript>到底",
        "<p>一<noscript",
        "<p>一<noscriptx>二</noscriptx>三</p>",
        "</head><noscript><p>头后</p></noscript>正文",
        "<frameset><noscript><frame></noscript></frameset>",
        "<p>文<noscript>\r<b>粗</b>\r</noscript>后</p>",
        "<head><style>p{}</style><title>题</title><base href=x></head><body class=appendQr_wrap>藏</body>",
        "<table><style>td{}</style><tr><td>格</td></tr></table><select><style></style></select><p>后</p>",
        "<p class=\"article-editor\">责任编辑：<style>张</style>李</p><svg><style>s{}</style></svg>",
        "<noscript><style>.a{}</style><p>x</p></noscript><style>/* </noscript> */</style><p>正文</p>",
        "<img src=x onerror=\"a()\" alt=\" onclick 是什么\"/ONLOAD='b()'><p onclick=1>他说\"online\" 在线</p>",
        "<p biaozhu-onclick=1> biaozhu-x <noembed/biaozhu-noscript> biaozhu-biaozhu-y</p>",
        "<onclick>元素</onclick><p/onmouseover=x>文</p><svg onload=1><a xlink:href=x>链</a></svg>",
        "<template><base href=x><style></style></template><p><base href=y>段</p>",
    ];

    #[test]
    fn a_parser_without_scripting_reads_as_one_with_it() {
        for html in MARKED {
            assert_eq!(summary(html, &ScriptingOff), summary(html, &NativeHtmlReader), "{html}");
        }
        // Without the rewriting, most of them read differently (the head's picture, the text
        // after a `<p>`, …).
        let as_marked_up = |html: &str| {
            let mut walk = TreeWalk::new(0, false);
            ScriptingOff.read(html, &mut walk).expect("reads");
            format!("{:?}", walk.walker.finish())
        };
        let differ: Vec<&str> =
            MARKED.into_iter().filter(|html| as_marked_up(html) != summary(html, &NativeHtmlReader)).collect();
        assert!(differ.len() >= 6, "{differ:#?}");
    }

    #[test]
    fn gathered_text_is_the_elements_whole_text() {
        let w = walk(
            "<p class=\"article-editor\">责任编辑：<span>王<b>五</b></span><!-- 注 --> SF1</p>",
            &NativeHtmlReader,
        )
        .expect("reads");
        assert_eq!((w.editor.as_deref(), w.editor_code.as_deref()), (Some("王五"), Some("SF1")));
        assert!(w.blocks.is_empty());
    }

    /// The pieces of markup that random documents are made of (`tests/data/markup_pieces.txt`).
    fn pieces() -> Vec<String> {
        let file = include_str!("../../../tests/data/markup_pieces.txt");
        let lines = file.lines().filter(|line| !line.is_empty() && !line.starts_with("# "));
        lines.map(|line| line.replace("\\n", "\n").replace("\\s", " ")).collect()
    }

    proptest::proptest! {
        #[test]
        fn marked_markup_reads_the_same(picks in proptest::collection::vec(proptest::sample::select(pieces()), 0..40)) {
            let html = picks.concat();
            // A style sheet in a table (or in a template read as one) is moved before it once
            // marked (`marked` module docs): only the order of the text of a line read whole shows.
            let in_table = html.contains("<table>") || html.contains("<template>");
            let read_whole = html.contains("责任编辑") || html.contains("原标题");
            proptest::prop_assume!(!(in_table && html.contains("<style>") && read_whole));
            proptest::prop_assert_eq!(summary(&html, &ScriptingOff), summary(&html, &NativeHtmlReader), "{}", html);
        }
    }
}
