//! Article HTML to blocks: the [`Walker`] is told a document's elements and text in document
//! order, iteratively (deeply nested markup cannot overflow the stack), and keeps what is read,
//! dropping what is furniture. It is told them by [`super::stream`], in one pass over markup of
//! the plain kind nearly every article is, or else through the tree of an HTML parser
//! ([`super::tree`]); either way it sees what the parser's tree holds.
//!
//! Never passes markup on: only text nodes become text, so scripts, handlers and links are inert.
//!
//! The walker does the least per node: an element's name is looked up once (a binary search of
//! integers), its attributes are read in one pass (no lookups that intern names), and text is
//! normalised straight into one buffer of block texts ([`LineBuffer`]), never gathered raw first.

use super::text::{normalize_inline, LineBuffer};
use super::tree::{self, HtmlTreeReader, TreeError};
use crate::core::model::{Block, BlockKind, Cell, Image};
use std::ops::Range;

/// Longest text (in code points) that emphasis alone turns into a sub-heading.
const MAX_EMPHASIS_HEADING: usize = 60;

/// What the walk found: body blocks with their normalised text, pictures, and metadata lines.
#[derive(Debug, Default)]
pub struct Walked {
    /// The body blocks' normalised texts, one after another (no separators).
    pub text: String,
    /// Body blocks in order, each with the byte range of its text in `text`; the blocks' own
    /// offsets are not set yet (the assembler places them).
    pub blocks: Vec<(Range<usize>, Block)>,
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

#[cfg(all(test, not(target_arch = "wasm32")))]
impl Walked {
    /// The text of body block `i`.
    pub fn block_text(&self, i: usize) -> &str {
        &self.text[self.blocks[i].0.clone()]
    }
}

/// Walks an HTML body or document: in one pass over the markup when it is well-formed in the
/// ways [`super::stream`] reads exactly (nearly every article), otherwise through the tree that
/// `tree` builds. Both give the same [`Walked`].
pub fn walk(html: &str, tree: &dyn HtmlTreeReader) -> Result<Walked, TreeError> {
    match super::stream::walk(html) {
        Some(walked) => Ok(walked),
        None => tree::walk(html, tree),
    }
}

/// An element as the walker reads it, from either reader: its name and its attributes.
pub trait ElementData {
    fn name(&self) -> &str;
    /// Calls `f` with each attribute's local name and value, and whether the attribute has neither
    /// a prefix nor a namespace.
    fn for_each_attr<'a>(&'a self, f: impl FnMut(&'a str, &'a str, bool));
    /// The value of attribute `name` (without a namespace).
    fn attr(&self, name: &str) -> Option<&str>;
}

/// What the walker makes of an element's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    /// Its content is read (and its end is to be reported).
    Enter,
    /// Its content is not article text.
    Skip,
    /// Its content is not read as blocks, but its text is wanted: pass it to [`Walker::read`].
    Read(Wanted),
}

/// Text of an element the walker wants whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// The editor line (`class="article-editor"`).
    Editor,
    /// The original-title line (`class="ori_titlesource"`).
    OriginalTitle,
    /// `<title>`.
    Title,
}

/// The block context an element sets up for the text inside it.
#[derive(Clone, Copy, Debug)]
struct Frame<Id> {
    node: Id,
    /// What the element is.
    part: Part,
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

/// Reads the elements and text of a document, in document order, into blocks: the one place
/// that says what an article's markup means, whichever reader ([`super::tree`], [`super::stream`])
/// reports it. `Id` tells elements apart (an element's end is reported with the id of its start).
#[derive(Debug)]
pub struct Walker<Id> {
    out: Walked,
    /// The texts of the blocks read so far, and of the one being read.
    lines: LineBuffer,
    frames: Vec<Frame<Id>>,
    tables: Vec<TableState>,
    lists: Vec<ListState>,
    table_count: u32,
    list_count: u32,
    /// Elements that raised the emphasis depth, closed in order.
    bold_nodes: Vec<Id>,
    /// The block being read has visible characters inside emphasis, and outside it.
    bold_text: bool,
    plain_text: bool,
    /// Marker of a list item whose first block is not out yet.
    pending_marker: Option<String>,
    /// Scratch space for an inline style without its spaces, in lower case.
    style: Vec<u8>,
}

/// What the walker makes of an element, by its name alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    /// Content that is never article text.
    Skipped,
    Title,
    Meta,
    /// `<br>`, `<hr>`: end the block being read.
    Break,
    Img,
    /// `<strong>`, `<b>`: emphasis.
    Bold,
    /// An element that ends the current block and starts a new one.
    Block(Part),
    Inline,
}

/// What a block-level element is, for the frame it opens and what its end closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    /// `<h1>` to `<h6>`.
    Heading(u8),
    Quote,
    /// `<ul>`, `<ol>`: a list, closed with the element.
    List {
        ordered: bool,
    },
    /// `<dir>`, `<menu>`: open a list as `<ul>` does, but their end leaves it open.
    OldList,
    Item,
    Table,
    /// `<thead>`.
    Head,
    Row,
    /// `<td>`, `<th>`.
    Cell {
        header: bool,
    },
    /// `<caption>` (of a table).
    Caption,
    Figcaption,
    Pre,
    Other,
}

/// Every element name the walker knows, with what it makes of it; any other name is inline.
const TAGS: [(&str, Tag); 78] = {
    use Part::*;
    use Tag::{Block as B, *};
    [
        // Elements whose content is never article text.
        ("script", Skipped),
        ("style", Skipped),
        ("noscript", Skipped),
        ("template", Skipped),
        ("iframe", Skipped),
        ("frame", Skipped),
        ("frameset", Skipped),
        ("object", Skipped),
        ("embed", Skipped),
        ("applet", Skipped),
        ("video", Skipped),
        ("audio", Skipped),
        ("source", Skipped),
        ("track", Skipped),
        ("canvas", Skipped),
        ("svg", Skipped),
        ("math", Skipped),
        ("map", Skipped),
        ("select", Skipped),
        ("option", Skipped),
        ("textarea", Skipped),
        ("input", Skipped),
        ("button", Skipped),
        ("link", Skipped),
        ("base", Skipped),
        ("param", Skipped),
        // Elements that end the current block and start a new one.
        ("address", B(Other)),
        ("article", B(Other)),
        ("aside", B(Other)),
        ("blockquote", B(Quote)),
        ("body", B(Other)),
        ("caption", B(Caption)),
        ("center", B(Other)),
        ("dd", B(Other)),
        ("details", B(Other)),
        ("dialog", B(Other)),
        ("dir", B(OldList)),
        ("div", B(Other)),
        ("dl", B(Other)),
        ("dt", B(Other)),
        ("fieldset", B(Other)),
        ("figcaption", B(Figcaption)),
        ("figure", B(Other)),
        ("footer", B(Other)),
        ("form", B(Other)),
        ("h1", B(Heading(1))),
        ("h2", B(Heading(2))),
        ("h3", B(Heading(3))),
        ("h4", B(Heading(4))),
        ("h5", B(Heading(5))),
        ("h6", B(Heading(6))),
        ("header", B(Other)),
        ("hgroup", B(Other)),
        ("html", B(Other)),
        ("li", B(Item)),
        ("main", B(Other)),
        ("menu", B(OldList)),
        ("nav", B(Other)),
        ("ol", B(List { ordered: true })),
        ("p", B(Other)),
        ("pre", B(Pre)),
        ("section", B(Other)),
        ("summary", B(Other)),
        ("table", B(Table)),
        ("tbody", B(Other)),
        ("td", B(Cell { header: false })),
        ("tfoot", B(Other)),
        ("th", B(Cell { header: true })),
        ("thead", B(Head)),
        ("tr", B(Row)),
        ("ul", B(List { ordered: false })),
        // The rest.
        ("title", Title),
        ("meta", Meta),
        ("br", Break),
        ("hr", Break),
        ("img", Img),
        ("strong", Bold),
        ("b", Bold),
    ]
};

/// An element name as one number (its bytes, then its length in the low byte) for names of up to
/// 15 bytes, which all of [`TAGS`] are; `None` for longer names.
const fn name_key(name: &[u8]) -> Option<u128> {
    if name.len() > 15 {
        return None;
    }
    let mut k = name.len() as u128;
    let mut i = 0;
    while i < name.len() {
        k |= (name[i] as u128) << (8 * (i + 1));
        i += 1;
    }
    Some(k)
}

/// A table of element names for [`lookup`]: the key of each name with its value, in key order
/// (built at compile time; a name of over 15 bytes or a name twice does not compile).
pub const fn by_key<V: Copy, const N: usize>(names: [(&str, V); N]) -> [(u128, V); N] {
    let mut out = [(0, names[0].1); N];
    let mut i = 0;
    while i < N {
        let Some(key) = name_key(names[i].0.as_bytes()) else { panic!("a name of over 15 bytes") };
        // Insertion sort.
        let mut j = i;
        while j > 0 && out[j - 1].0 > key {
            out[j] = out[j - 1];
            j -= 1;
        }
        if j > 0 && out[j - 1].0 == key {
            panic!("a name twice");
        }
        out[j] = (key, names[i].1);
        i += 1;
    }
    out
}

/// The value of element name `name` in a [`by_key`] table: a handful of integer comparisons
/// rather than a string comparison with each name.
pub fn lookup<V: Copy>(table: &[(u128, V)], name: &[u8]) -> Option<V> {
    let key = name_key(name)?;
    table.binary_search_by_key(&key, |&(k, _)| k).ok().map(|i| table[i].1)
}

static TAGS_BY_KEY: [(u128, Tag); TAGS.len()] = by_key(TAGS);

/// The [`Tag`] of an element name.
fn tag(name: &str) -> Tag {
    lookup(&TAGS_BY_KEY, name.as_bytes()).unwrap_or(Tag::Inline)
}

/// What an element's attributes say, read in one pass over them.
#[derive(Clone, Copy, Debug, Default)]
struct Attrs<'a> {
    /// A class marks a promotion box, QR code or video stub.
    furniture_class: bool,
    /// `article-editor`: the editor line.
    editor_class: bool,
    /// `ori_titlesource`: the original-title line.
    original_title_class: bool,
    /// `img_descr`, `img-desc`, `image-caption`: a picture's caption.
    caption_class: bool,
    hidden: bool,
    style: Option<&'a str>,
    cms_style: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a impl ElementData) -> Self {
        let mut attrs = Attrs::default();
        el.for_each_attr(|local, value, plain| {
            // Every `class` attribute counts, as for scraper's `Element::classes`; the others
            // are looked up without a namespace, as `Element::attr` does.
            if local == "class" {
                for class in value.split_ascii_whitespace() {
                    attrs.furniture_class |= is_furniture_class(class);
                    attrs.editor_class |= class == "article-editor";
                    attrs.original_title_class |= class == "ori_titlesource";
                    attrs.caption_class |= matches!(class, "img_descr" | "img-desc" | "image-caption");
                }
                return;
            }
            if !plain {
                return;
            }
            match local {
                "hidden" => attrs.hidden = true,
                "style" if attrs.style.is_none() => attrs.style = Some(value),
                "cms-style" if attrs.cms_style.is_none() => attrs.cms_style = Some(value),
                _ => {}
            }
        });
        attrs
    }

    /// Sina's `cms-style="… strong-Bold"`.
    fn cms_bold(&self) -> bool {
        self.cms_style.is_some_and(|s| s.contains("strong-Bold"))
    }
}

/// A class of page furniture: `appendQr…`, `…kaihu…`, `…qrcode…`, `video-…`, in any case.
fn is_furniture_class(class: &str) -> bool {
    let c = class.as_bytes();
    let starts = |p: &[u8]| c.len() >= p.len() && c[..p.len()].eq_ignore_ascii_case(p);
    let contains = |p: &[u8]| c.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p));
    starts(b"appendqr") || contains(b"kaihu") || contains(b"qrcode") || starts(b"video-")
}

impl<Id: Copy + Eq> Walker<Id> {
    /// A walker expecting about `bytes` of text.
    pub fn new(bytes: usize) -> Self {
        Walker {
            out: Walked::default(),
            // The text is mostly the input's, less its markup.
            lines: LineBuffer::with_capacity(bytes),
            frames: Vec::new(),
            tables: Vec::new(),
            lists: Vec::new(),
            table_count: 0,
            list_count: 0,
            bold_nodes: Vec::new(),
            bold_text: false,
            plain_text: false,
            pending_marker: None,
            style: Vec::new(),
        }
    }

    /// Everything read, once the document has ended.
    pub fn finish(mut self) -> Walked {
        self.flush();
        let mut out = self.out;
        out.text = self.lines.into_text();
        out
    }

    /// The start of element `id`; what to do with its content.
    pub fn open_element(&mut self, id: Id, el: &impl ElementData) -> Opened {
        let tag = tag(el.name());
        if tag == Tag::Skipped {
            return Opened::Skip;
        }
        let attrs = Attrs::of(el);
        let (display_none, bold_style) = match attrs.style {
            Some(style) => {
                // Without its spaces, in lower case.
                self.style.clear();
                self.style.extend(style.bytes().filter(|&b| b != b' ').map(|b| b.to_ascii_lowercase()));
                let has = |p: &[u8]| self.style.windows(p.len()).any(|w| w == p);
                (has(b"display:none"), has(b"font-weight:bold") || has(b"font-weight:700"))
            }
            None => (false, false),
        };
        // Promotion boxes, QR codes, video stubs and hidden elements: page furniture, not article.
        if attrs.furniture_class || attrs.hidden || display_none {
            return Opened::Skip;
        }
        if attrs.editor_class {
            return Opened::Read(Wanted::Editor);
        }
        if attrs.original_title_class {
            return Opened::Read(Wanted::OriginalTitle);
        }
        match tag {
            Tag::Title => return Opened::Read(Wanted::Title),
            Tag::Meta => {
                if el.attr("name").is_some_and(|n| n.eq_ignore_ascii_case("author")) {
                    self.out.html_author = el.attr("content").map(normalize_inline).filter(|a| !a.is_empty());
                }
                return Opened::Skip;
            }
            Tag::Break => {
                self.flush();
                return Opened::Enter;
            }
            Tag::Img => {
                self.image(el);
                return Opened::Enter;
            }
            _ => {}
        }
        // Bold text: `<strong>`, `<b>`, Sina's `cms-style="… strong-Bold"`, or an inline bold style.
        if tag == Tag::Bold || attrs.cms_bold() || bold_style {
            self.bold_nodes.push(id);
        }
        let part = match tag {
            Tag::Block(part) => Some(part),
            _ => None,
        };
        let is_caption = part == Some(Part::Figcaption) || attrs.caption_class;
        if part.is_some() || is_caption {
            let frame = self.block_frame(id, el, part.unwrap_or(Part::Other), &attrs, is_caption);
            self.flush();
            self.frames.push(frame);
        }
        Opened::Enter
    }

    /// The whole text of an element [`Walker::open_element`] asked for.
    pub fn read(&mut self, what: Wanted, text: &str) {
        match what {
            Wanted::Editor => {
                if let Some(line) = labelled_line(text, "责任编辑") {
                    self.set_editor(line);
                }
            }
            Wanted::OriginalTitle => self.out.original_title = labelled_line(text, "原标题"),
            Wanted::Title => {
                let t = normalize_inline(text);
                if self.out.html_title.is_none() && !t.is_empty() {
                    self.out.html_title = Some(t);
                }
            }
        }
    }

    /// The end of element `id`, which was entered.
    pub fn close(&mut self, id: Id) {
        if self.bold_nodes.last() == Some(&id) {
            self.bold_nodes.pop();
        }
        if self.frames.last().is_some_and(|f| f.node == id) {
            self.flush();
            match self.frames.pop().map(|f| f.part) {
                Some(Part::Table) => {
                    self.tables.pop();
                }
                Some(Part::List { .. }) => {
                    self.lists.pop();
                }
                Some(Part::Head) => {
                    if let Some(t) = self.tables.last_mut() {
                        t.in_head = false;
                    }
                }
                _ => {}
            }
        }
    }

    /// The frame a block-level element (or a caption) opens.
    fn block_frame(&mut self, id: Id, el: &impl ElementData, part: Part, attrs: &Attrs, is_caption: bool) -> Frame<Id> {
        let parent = self.frames.last().copied();
        let mut frame = Frame {
            node: id,
            part,
            kind: parent.map_or(BlockKind::Paragraph, |p| p.kind),
            level: parent.and_then(|p| p.level),
            table: parent.and_then(|p| p.table),
            cell: parent.and_then(|p| p.cell),
            list: parent.and_then(|p| p.list),
            image: parent.and_then(|p| p.image),
            emphasised: attrs.cms_bold(),
            pre: parent.is_some_and(|p| p.pre) || part == Part::Pre,
        };
        match part {
            Part::Heading(level) => {
                frame.kind = BlockKind::Heading;
                frame.level = Some(level);
            }
            Part::Quote => frame.kind = BlockKind::Quote,
            Part::List { .. } | Part::OldList => {
                let start = el.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                let ordered = part == Part::List { ordered: true };
                self.lists.push(ListState { id: self.list_count, ordered, next: start });
                self.list_count += 1;
            }
            Part::Item => {
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
            Part::Table => {
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
            Part::Head => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_head = true;
                }
            }
            Part::Row => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(t.row.map_or(0, |r| r + 1));
                    t.col = 0;
                }
            }
            Part::Cell { header } => {
                frame.kind = BlockKind::TableCell;
                if let Some(t) = self.tables.last_mut() {
                    // Spans beyond a hundred are typos or attacks; they would only bloat the grid.
                    let span =
                        |a: &str| el.attr(a).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, 100);
                    let (rowspan, colspan) = (span("rowspan"), span("colspan"));
                    let (row, col) = t.place(rowspan, colspan);
                    frame.cell = Some(Cell { row, col, rowspan, colspan, header: header || t.in_head });
                    frame.table = Some(t.id);
                }
            }
            Part::Caption => {
                frame.kind = BlockKind::Caption;
                frame.cell = None;
            }
            _ if is_caption => {
                frame.kind = BlockKind::Caption;
                frame.image = self.out.images.len().checked_sub(1).filter(|&i| self.out.images[i].caption.is_none());
            }
            _ => {}
        }
        frame
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

    /// A text node.
    pub fn text(&mut self, text: &str) {
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
        let seen = if self.bold_nodes.is_empty() { &mut self.plain_text } else { &mut self.bold_text };
        if !*seen {
            *seen = text.chars().any(|c| !c.is_whitespace());
        }
        self.lines.push(text);
    }

    fn image(&mut self, el: &impl ElementData) {
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
        let (bold, plain) = (std::mem::take(&mut self.bold_text), std::mem::take(&mut self.plain_text));
        let Some(range) = self.lines.end_line() else {
            return;
        };
        let text = &self.lines.text()[range.clone()];
        let frame = self.frames.last().copied();
        let mut block = Block::new(frame.map_or(BlockKind::Paragraph, |f| f.kind), 0, 0);
        if let Some(f) = frame {
            block.level = f.level;
            block.table = f.table;
            block.cell = f.cell;
            block.list = f.list;
        }
        if block.kind == BlockKind::Paragraph {
            if let Some(editor) = labelled_value(text, "责任编辑") {
                self.lines.remove_last(range);
                self.set_editor(editor);
                return;
            }
            if self.out.blocks.is_empty() && self.out.original_title.is_none() {
                if let Some(original) = labelled_value(text, "原标题") {
                    self.lines.remove_last(range);
                    self.out.original_title = Some(original);
                    return;
                }
            }
            let emphasised = frame.is_some_and(|f| f.emphasised) || (bold && !plain);
            if emphasised && looks_like_heading(text) {
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
                    self.out.images[i].caption = Some(text.to_string());
                    block.image = Some(i);
                }
            }
        }
        self.out.blocks.push((range, block));
    }
}

/// A short emphasised line that is not a parenthesised byline such as `（记者 姚祥云）`.
fn looks_like_heading(text: &str) -> bool {
    let bracketed = (text.starts_with('（') && text.ends_with('）')) || (text.starts_with('(') && text.ends_with(')'));
    text.chars().count() <= MAX_EMPHASIS_HEADING && !bracketed
}

/// The value of a `标签：值` line of raw text when it starts with `label`.
fn labelled_line(text: &str, label: &str) -> Option<String> {
    labelled_value(&normalize_inline(text), label)
}

/// [`labelled_line`] for a normalised line (which is not normalised again).
fn labelled_value(line: &str, label: &str) -> Option<String> {
    let rest = line.strip_prefix(label)?;
    let rest = rest.trim_start().strip_prefix(['：', ':'])?;
    let value = normalize_inline(rest);
    (!value.is_empty()).then_some(value)
}

// The tests read with html5ever, which only the native build has.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn walk(html: &str) -> Walked {
        super::walk(html, &tree::NativeHtmlReader).expect("html5ever reads any markup")
    }

    fn kinds_and_texts(html: &str) -> Vec<(BlockKind, String)> {
        let w = walk(html);
        (0..w.blocks.len()).map(|i| (w.blocks[i].1.kind, w.block_text(i).to_string())).collect()
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
        assert_eq!((0..w.blocks.len()).map(|i| w.block_text(i)).collect::<Vec<_>>(), vec!["正文"]);
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
        let got: Vec<(BlockKind, &str)> = (0..w.blocks.len()).map(|i| (w.blocks[i].1.kind, w.block_text(i))).collect();
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
    fn every_name_is_looked_up() {
        for &(name, want) in &TAGS {
            assert_eq!(tag(name), want, "{name}");
        }
        for name in ["span", "a", "font", "x", "P", "DIV", "ps", "h7", "", "blockquotes", "a-very-long-custom-element"]
        {
            assert_eq!(tag(name), Tag::Inline, "{name}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}深处{}", "<div><span>".repeat(5_000), "</span></div>".repeat(5_000));
        assert_eq!(kinds_and_texts(&html), vec![(BlockKind::Paragraph, "深处".into())]);
    }
}
