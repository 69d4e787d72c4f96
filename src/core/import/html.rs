//! Article HTML to blocks: walks the parsed tree once, iteratively (deeply nested markup cannot
//! overflow the stack), keeping what is read and dropping what is furniture.
//!
//! Never passes markup on: only text nodes become text, so scripts, handlers and links are inert.

use super::text::normalize_inline;
use crate::core::model::{Block, BlockKind, Cell, Image};
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Longest text (in code points) that emphasis alone turns into a sub-heading.
const MAX_EMPHASIS_HEADING: usize = 60;

/// What the walk found: body blocks with their normalised text, pictures, and metadata lines.
#[derive(Debug, Default)]
pub struct Walked {
    /// Body blocks in order; offsets are not set yet (the assembler places them).
    pub blocks: Vec<(String, Block)>,
    /// Pictures with the index in `blocks` of the block they precede.
    pub images: Vec<Image>,
    /// Text of `<title>`, when the document has one.
    pub html_title: Option<String>,
    /// `<meta name="author">`.
    pub html_author: Option<String>,
    pub original_title: Option<String>,
    pub editor: Option<String>,
    /// The staff code that follows the editor's name on Sina (`SF142`).
    pub editor_code: Option<String>,
}

/// Walks an HTML body or document.
pub fn walk(html: &str) -> Walked {
    let doc = Html::parse_document(html);
    let mut walker = Walker::default();
    let mut skip_until = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) if skip_until.is_none() => {
                if !walker.open(node) {
                    skip_until = Some(node.id());
                }
            }
            Edge::Close(node) => {
                if skip_until == Some(node.id()) {
                    skip_until = None;
                } else if skip_until.is_none() {
                    walker.close(node);
                }
            }
            Edge::Open(_) => {}
        }
    }
    walker.flush();
    walker.out
}

/// The block context an element sets up for the text inside it.
#[derive(Clone, Debug)]
struct Frame {
    node: ego_tree::NodeId,
    kind: BlockKind,
    level: Option<u8>,
    table: Option<u32>,
    cell: Option<Cell>,
    list: Option<u32>,
    /// Caption of the picture with this index.
    image: Option<usize>,
    /// The element asks for heading style (Sina's `cms-style="… strong-Bold"` on a paragraph).
    emphasised: bool,
    pre: bool,
}

#[derive(Debug)]
struct TableState {
    id: u32,
    row: Option<u32>,
    col: u32,
    in_head: bool,
    /// Grid positions already taken by cells of earlier rows that span down (`rowspan`).
    taken: std::collections::HashSet<(u32, u32)>,
}

impl TableState {
    /// Places a cell of the current row at the first free column, marks the grid positions it
    /// covers, and returns its column: the grid column, not its index among the row's cells.
    fn place(&mut self, rowspan: u32, colspan: u32) -> (u32, u32) {
        let row = self.row.unwrap_or(0);
        while self.taken.contains(&(row, self.col)) {
            self.col += 1;
        }
        let col = self.col;
        for r in row..row.saturating_add(rowspan) {
            for c in col..col.saturating_add(colspan) {
                self.taken.insert((r, c));
            }
        }
        self.col = col.saturating_add(colspan);
        (row, col)
    }
}

#[derive(Debug)]
struct ListState {
    id: u32,
    ordered: bool,
    next: i64,
}

#[derive(Debug, Default)]
struct Walker {
    out: Walked,
    frames: Vec<Frame>,
    tables: Vec<TableState>,
    lists: Vec<ListState>,
    table_count: u32,
    list_count: u32,
    /// Elements that raised the emphasis depth, closed in order.
    bold_nodes: Vec<ego_tree::NodeId>,
    /// Pending inline text of the block being read.
    raw: String,
    bold_chars: usize,
    plain_chars: usize,
    /// Marker of a list item whose first block is not out yet.
    pending_marker: Option<String>,
}

impl Walker {
    /// Handles an opening edge; returns false when the node's subtree is to be skipped.
    fn open(&mut self, node: NodeRef<'_, Node>) -> bool {
        match node.value() {
            Node::Text(text) => {
                self.push_text(text);
                true
            }
            Node::Element(el) => self.open_element(node, el),
            Node::Document | Node::Fragment => true,
            _ => false, // comments (ad lists, keywords, iframes), doctype, processing instructions
        }
    }

    fn open_element(&mut self, node: NodeRef<'_, Node>, el: &scraper::node::Element) -> bool {
        let name = el.name();
        if SKIPPED.contains(&name) || is_furniture(el) {
            return false;
        }
        if el.classes().any(|c| c == "article-editor") {
            if let Some(line) = labelled_line(&subtree_text(node), &["责任编辑"]) {
                self.set_editor(line);
            }
            return false;
        }
        if el.classes().any(|c| c == "ori_titlesource") {
            self.out.original_title = labelled_line(&subtree_text(node), &["原标题"]);
            return false;
        }
        match name {
            "title" => {
                let t = normalize_inline(&subtree_text(node));
                if self.out.html_title.is_none() && !t.is_empty() {
                    self.out.html_title = Some(t);
                }
                return false;
            }
            "meta" => {
                if el.attr("name").is_some_and(|n| n.eq_ignore_ascii_case("author")) {
                    self.out.html_author = el.attr("content").map(normalize_inline).filter(|a| !a.is_empty());
                }
                return false;
            }
            "br" | "hr" => {
                self.flush();
                return true;
            }
            "img" => {
                self.image(el);
                return true;
            }
            _ => {}
        }
        if is_emphasis(el) {
            self.bold_nodes.push(node.id());
        }
        if let Some(frame) = self.block_frame(node.id(), el) {
            self.flush();
            self.frames.push(frame);
        }
        true
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        if self.bold_nodes.last() == Some(&node.id()) {
            self.bold_nodes.pop();
        }
        if self.frames.last().is_some_and(|f| f.node == node.id()) {
            self.flush();
            self.frames.pop();
            let name = node.value().as_element().map(|e| e.name()).unwrap_or("");
            match name {
                "table" => {
                    self.tables.pop();
                }
                "ul" | "ol" => {
                    self.lists.pop();
                }
                "thead" => {
                    if let Some(t) = self.tables.last_mut() {
                        t.in_head = false;
                    }
                }
                _ => {}
            }
        }
    }

    /// The frame a block-level element opens, or `None` for inline elements.
    fn block_frame(&mut self, id: ego_tree::NodeId, el: &scraper::node::Element) -> Option<Frame> {
        let name = el.name();
        if !BLOCKS.contains(&name) && !is_caption_class(el) {
            return None;
        }
        let parent = self.frames.last().cloned();
        let mut frame = Frame {
            node: id,
            kind: parent.as_ref().map_or(BlockKind::Paragraph, |p| p.kind),
            level: parent.as_ref().and_then(|p| p.level),
            table: parent.as_ref().and_then(|p| p.table),
            cell: parent.as_ref().and_then(|p| p.cell),
            list: parent.as_ref().and_then(|p| p.list),
            image: parent.as_ref().and_then(|p| p.image),
            emphasised: el.attr("cms-style").is_some_and(|s| s.contains("strong-Bold")),
            pre: parent.as_ref().is_some_and(|p| p.pre) || name == "pre",
        };
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                frame.kind = BlockKind::Heading;
                frame.level = name[1..].parse().ok();
            }
            "blockquote" => frame.kind = BlockKind::Quote,
            "ul" | "ol" | "dir" | "menu" => {
                let start = el.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                self.lists.push(ListState { id: self.list_count, ordered: name == "ol", next: start });
                self.list_count += 1;
            }
            "li" => {
                frame.kind = BlockKind::ListItem;
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        list.next += 1;
                        format!("{}.", list.next - 1)
                    }
                    _ => "•".to_string(),
                };
                frame.list = self.lists.last().map(|l| l.id);
                self.pending_marker = Some(marker);
            }
            "table" => {
                self.tables.push(TableState {
                    id: self.table_count,
                    row: None,
                    col: 0,
                    in_head: false,
                    taken: Default::default(),
                });
                frame.table = Some(self.table_count);
                frame.cell = None;
                frame.kind = BlockKind::Paragraph;
                self.table_count += 1;
            }
            "thead" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_head = true;
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(t.row.map_or(0, |r| r + 1));
                    t.col = 0;
                }
            }
            "td" | "th" => {
                frame.kind = BlockKind::TableCell;
                if let Some(t) = self.tables.last_mut() {
                    // Spans beyond a hundred are typos or attacks; they would only bloat the grid.
                    let span = |attr: &str| {
                        el.attr(attr).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, 100)
                    };
                    let (rowspan, colspan) = (span("rowspan"), span("colspan"));
                    let (row, col) = t.place(rowspan, colspan);
                    frame.cell = Some(Cell { row, col, rowspan, colspan, header: name == "th" || t.in_head });
                    frame.table = Some(t.id);
                }
            }
            "caption" => {
                frame.kind = BlockKind::Caption;
                frame.cell = None;
            }
            _ if is_caption_class(el) => {
                frame.kind = BlockKind::Caption;
                frame.image = self.out.images.len().checked_sub(1).filter(|&i| self.out.images[i].caption.is_none());
            }
            _ => {}
        }
        Some(frame)
    }

    /// `张恒星 SF142`: the name is the editor, the staff code (letters then digits) is kept apart.
    fn set_editor(&mut self, line: String) {
        let (name, code) = match line.rsplit_once(' ') {
            Some((name, code))
                if code.len() <= 12
                    && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && code.chars().any(|c| c.is_ascii_digit())
                    && code.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                (name.to_string(), Some(code.to_string()))
            }
            _ => (line, None),
        };
        self.out.editor = Some(name);
        self.out.editor_code = code;
    }

    fn push_text(&mut self, text: &str) {
        if self.frames.last().is_some_and(|f| f.pre) && text.contains('\n') {
            let mut lines = text.split('\n').peekable();
            while let Some(line) = lines.next() {
                self.push_inline(line);
                if lines.peek().is_some() {
                    self.flush();
                }
            }
        } else {
            self.push_inline(text);
        }
    }

    fn push_inline(&mut self, text: &str) {
        let visible = text.chars().filter(|c| !c.is_whitespace()).count();
        if self.bold_nodes.is_empty() {
            self.plain_chars += visible;
        } else {
            self.bold_chars += visible;
        }
        self.raw.push_str(text);
    }

    fn image(&mut self, el: &scraper::node::Element) {
        let src = ["src", "data-src", "data-original"].iter().find_map(|a| el.attr(a)).map(str::trim).unwrap_or("");
        let src = if src.is_empty() || src.starts_with("data:") {
            None
        } else if let Some(rest) = src.strip_prefix("//") {
            Some(format!("https://{rest}"))
        } else {
            Some(src.to_string())
        };
        let alt = el.attr("alt").map(normalize_inline).filter(|a| !a.is_empty() && a != "image");
        self.out.images.push(Image { src, alt, caption: None, before_block: self.out.blocks.len() });
    }

    /// Ends the block being read, if it has any text.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.raw);
        let (bold, plain) = (std::mem::take(&mut self.bold_chars), std::mem::take(&mut self.plain_chars));
        let text = normalize_inline(&raw);
        if text.is_empty() {
            return;
        }
        let frame = self.frames.last();
        let mut block = Block::new(frame.map_or(BlockKind::Paragraph, |f| f.kind), 0, 0);
        if let Some(f) = frame {
            block.level = f.level;
            block.table = f.table;
            block.cell = f.cell;
            block.list = f.list;
        }
        if block.kind == BlockKind::Paragraph {
            if let Some(editor) = labelled_line(&text, &["责任编辑"]) {
                self.set_editor(editor);
                return;
            }
            if self.out.blocks.is_empty() && self.out.original_title.is_none() {
                if let Some(original) = labelled_line(&text, &["原标题"]) {
                    self.out.original_title = Some(original);
                    return;
                }
            }
            let emphasised = frame.is_some_and(|f| f.emphasised) || (bold > 0 && plain == 0);
            if emphasised && looks_like_heading(&text) {
                block.kind = BlockKind::Heading;
                block.level = Some(2);
            }
        }
        if block.kind == BlockKind::ListItem {
            block.marker = self.pending_marker.take();
        }
        if block.kind == BlockKind::Caption {
            if let Some(i) = frame.and_then(|f| f.image) {
                if self.out.images[i].caption.is_none() {
                    self.out.images[i].caption = Some(text.clone());
                    block.image = Some(i);
                }
            }
        }
        self.out.blocks.push((text, block));
    }
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "video",
    "audio", "source", "track", "canvas", "svg", "math", "map", "select", "option", "textarea", "input", "button",
    "link", "base", "param",
];

/// Elements that end the current block and start a new one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Promotion boxes, QR codes, video stubs and hidden elements: page furniture, not article.
fn is_furniture(el: &scraper::node::Element) -> bool {
    let furniture_class = el.classes().any(|c| {
        let c = c.to_ascii_lowercase();
        c.starts_with("appendqr") || c.contains("kaihu") || c.contains("qrcode") || c.starts_with("video-")
    });
    let hidden = el.attr("hidden").is_some()
        || el.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none"));
    furniture_class || hidden
}

fn is_caption_class(el: &scraper::node::Element) -> bool {
    el.name() == "figcaption" || el.classes().any(|c| matches!(c, "img_descr" | "img-desc" | "image-caption"))
}

/// Bold text: `<strong>`, `<b>`, Sina's `cms-style="… strong-Bold"`, or an inline bold style.
fn is_emphasis(el: &scraper::node::Element) -> bool {
    matches!(el.name(), "strong" | "b")
        || el.attr("cms-style").is_some_and(|s| s.contains("strong-Bold"))
        || el.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            s.contains("font-weight:bold") || s.contains("font-weight:700")
        })
}

/// A short emphasised line that is not a parenthesised byline such as `（记者 姚祥云）`.
fn looks_like_heading(text: &str) -> bool {
    let bracketed = (text.starts_with('（') && text.ends_with('）')) || (text.starts_with('(') && text.ends_with(')'));
    text.chars().count() <= MAX_EMPHASIS_HEADING && !bracketed
}

/// The value of a `标签：值` line when it starts with one of `labels`.
fn labelled_line(text: &str, labels: &[&str]) -> Option<String> {
    let text = normalize_inline(text);
    labels.iter().find_map(|label| {
        let rest = text.strip_prefix(label)?;
        let rest = rest.trim_start().strip_prefix(['：', ':'])?;
        let value = normalize_inline(rest);
        (!value.is_empty()).then_some(value)
    })
}

fn subtree_text(node: NodeRef<'_, Node>) -> String {
    node.descendants().filter_map(|n| n.value().as_text().map(|t| t.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(html: &str) -> Vec<(BlockKind, String)> {
        walk(html).blocks.into_iter().map(|(t, b)| (b.kind, t)).collect()
    }

    #[test]
    fn sina_paragraphs_and_headings() {
        let got = kinds_and_texts(concat!(
            "<div><p cms-style=\"font-L\">　　第一段。</p>",
            "<p cms-style=\"font-L strong-Bold\">　　举措之一：标题</p>",
            "<p cms-style=\"font-L\">　　<font cms-style=\"font-L strong-Bold\">全粗体小标题</font></p>",
            "<p><strong>财联社讯，</strong>正文继续。</p></div>"
        ));
        assert_eq!(
            got,
            vec![
                (BlockKind::Paragraph, "第一段。".into()),
                (BlockKind::Heading, "举措之一：标题".into()),
                (BlockKind::Heading, "全粗体小标题".into()),
                (BlockKind::Paragraph, "财联社讯，正文继续。".into()),
            ]
        );
    }

    #[test]
    fn stock_links_do_not_split_words() {
        let got = kinds_and_texts(
            "<p>　　<span id=\"stock_sz300059\"><a href=\"x\" class=\"keyword\">东方财富</a></span><span id=\"quote_sz300059\"></span>日前发布</p>",
        );
        assert_eq!(got, vec![(BlockKind::Paragraph, "东方财富日前发布".into())]);
    }

    #[test]
    fn furniture_and_comments_are_dropped() {
        let w = walk(concat!(
            "<p>正文</p><!--article_adlist[<p>广告</p>]article_adlist--><!-- news_keyword_pub,stock, -->",
            "<style>.a&#123;color:red&#125;</style><div class=\"clearfix appendQr_wrap\"><div>扫码</div></div>",
            "<div class=\"app-kaihu-qr\"><span>开户</span></div><div class=\"video-2017\">视频</div>",
            "<script>alert(1)</script><p class=\"article-editor\">责任编辑：尹悦 </p>"
        ));
        assert_eq!(w.blocks.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), vec!["正文"]);
        assert_eq!(w.editor.as_deref(), Some("尹悦"));
    }

    #[test]
    fn breaks_lists_quotes_tables_and_captions() {
        let w = walk(concat!(
            "<div><br> 最新净值 2.2252 <br> 今日跌幅 -0.1839%</div>",
            "<blockquote><p>引文</p></blockquote><h3>小节</h3><ol><li>一</li><li>二</li></ol><ul><li>甲</li></ul>",
            "<table><caption>表1</caption><tr><th rowspan=\"2\">分组</th><td colspan=\"2\">收入</td></tr></table>",
            "<div class=\"img_wrapper\"><img src=\"//n.sinaimg.cn/a.jpg\"><span class=\"img_descr\">图说</span></div>",
            "<div class=\"img_wrapper\"><img src=\"data:image/png;base64,AAAA\"><span class=\"img_descr\"></span></div>"
        ));
        let got: Vec<(BlockKind, &str)> = w.blocks.iter().map(|(t, b)| (b.kind, t.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Paragraph, "最新净值 2.2252"),
                (BlockKind::Paragraph, "今日跌幅 -0.1839%"),
                (BlockKind::Quote, "引文"),
                (BlockKind::Heading, "小节"),
                (BlockKind::ListItem, "一"),
                (BlockKind::ListItem, "二"),
                (BlockKind::ListItem, "甲"),
                (BlockKind::Caption, "表1"),
                (BlockKind::TableCell, "分组"),
                (BlockKind::TableCell, "收入"),
                (BlockKind::Caption, "图说"),
            ]
        );
        let b = |i: usize| &w.blocks[i].1;
        assert_eq!(b(3).level, Some(3));
        assert_eq!(
            (b(4).marker.as_deref(), b(5).marker.as_deref(), b(6).marker.as_deref()),
            (Some("1."), Some("2."), Some("•"))
        );
        assert_ne!(b(4).list, b(6).list);
        assert_eq!(b(7).table, Some(0));
        assert_eq!(b(8).cell, Some(Cell { row: 0, col: 0, rowspan: 2, colspan: 1, header: true }));
        assert_eq!(b(9).cell, Some(Cell { row: 0, col: 1, rowspan: 1, colspan: 2, header: false }));
        assert_eq!(b(10).image, Some(0));
        assert_eq!(w.images[0].src.as_deref(), Some("https://n.sinaimg.cn/a.jpg"));
        assert_eq!(w.images[0].caption.as_deref(), Some("图说"));
        assert_eq!(w.images[1].src, None);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}深处{}", "<div><span>".repeat(5_000), "</span></div>".repeat(5_000));
        assert_eq!(kinds_and_texts(&html), vec![(BlockKind::Paragraph, "深处".into())]);
    }
}
