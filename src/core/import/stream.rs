//! Article HTML read in one pass, tags and text straight to the [`Walker`], with no tree: for the
//! markup nearly every article is — well-formed, properly nested, a known set of elements — for
//! which the HTML parser's tree is the markup as written. Anything else is refused (`None`), and
//! is read through the parser's tree ([`super::tree`]); the two give the same [`Walked`], so this
//! is only ever a shortcut.
//!
//! What is read here, as the HTML standard's tree construction (with html5ever) builds it:
//! - the document is wrapped in `<html>`, `<head>` and `<body>` (none of them may be written);
//!   what the parser would put in the head (`<title>`, `<meta>`, `<style>`, white space) is read
//!   where it stands, which the walker cannot tell apart;
//! - start tags of the elements below, each end tag closing the element open last (with one
//!   exception: `</table>` also closes the `<tbody>` a `<tr>` directly in a `<table>` implies);
//!   a block that would close an open `<p>`, a heading in a heading, an `<a>` in an `<a>`, a
//!   fourth nested formatting element of one name are all refused;
//! - tables: `<caption>`, `<tbody>`/`<thead>`/`<tfoot>`, `<tr>` and `<td>`/`<th>` where they
//!   belong, only white space between them (anything else would be moved out of the table);
//! - lists (`<li>` where the parser's list item steps close none), not `<dd>`/`<dt>`;
//! - text with only the plainest character references (`&amp;`, `&lt;`, `&nbsp;`, `&#123;`, …),
//!   raw text (`<style>`, a `<script>` without `<!`) and `<title>` (without `&`) up to a plain
//!   end tag, comments, and a `<` that starts no tag;
//! - attributes, quoted or not, the first of a name kept; a character reference in one the
//!   walker reads, an upper-case name or an odd character is refused.
//!
//! Elements still open at the end are closed there, as the parser leaves them.

use super::html::{by_key, lookup, ElementData, Opened, Walked, Walker, Wanted};

/// How the tree construction treats an element (of those read here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A block whose start closes an open `<p>` (`<div>`, `<blockquote>`, …).
    Block,
    P,
    Heading,
    Table,
    /// `<tbody>`, `<thead>`, `<tfoot>`.
    Section,
    Row,
    /// `<td>`, `<th>`.
    Cell,
    Caption,
    /// `<a>`, `<b>`, `<font>`, `<strong>`, …: formatting elements.
    Formatting,
    /// `<span>` and the like: nothing special.
    Inline,
    /// `<img>`, `<br>`, `<wbr>`: void, in the body.
    Void,
    /// `<meta>`, `<link>`, `<base>`: void, as in the head.
    HeadVoid,
    /// `<hr>`: void, and closes an open `<p>`.
    Rule,
    /// `<li>`.
    Item,
    /// `<style>`: raw text.
    RawText,
    /// `<script>`: raw text too, when it holds no `<!` (which would start the parser's escapes).
    Script,
    /// `<title>`: text with character references (refused here).
    Title,
}

/// The element names read here, in lower case, with their kind.
const NAMES: [(&str, Kind); 80] = {
    use Kind::*;
    [
        ("a", Formatting),
        ("abbr", Inline),
        ("address", Block),
        ("article", Block),
        ("aside", Block),
        ("b", Formatting),
        ("base", HeadVoid),
        ("bdi", Inline),
        ("bdo", Inline),
        ("big", Formatting),
        ("blockquote", Block),
        ("br", Void),
        ("caption", Caption),
        ("center", Block),
        ("cite", Inline),
        ("code", Formatting),
        ("data", Inline),
        ("del", Inline),
        ("details", Block),
        ("dfn", Inline),
        ("dialog", Block),
        ("dir", Block),
        ("div", Block),
        ("dl", Block),
        ("em", Formatting),
        ("fieldset", Block),
        ("figcaption", Block),
        ("figure", Block),
        ("font", Formatting),
        ("footer", Block),
        ("h1", Heading),
        ("h2", Heading),
        ("h3", Heading),
        ("h4", Heading),
        ("h5", Heading),
        ("h6", Heading),
        ("header", Block),
        ("hgroup", Block),
        ("hr", Rule),
        ("i", Formatting),
        ("img", Void),
        ("ins", Inline),
        ("kbd", Inline),
        ("label", Inline),
        ("li", Item),
        ("link", HeadVoid),
        ("main", Block),
        ("mark", Inline),
        ("menu", Block),
        ("meta", HeadVoid),
        ("nav", Block),
        ("ol", Block),
        ("p", P),
        ("q", Inline),
        ("s", Formatting),
        ("samp", Inline),
        ("script", Script),
        ("section", Block),
        ("small", Formatting),
        ("span", Inline),
        ("strike", Formatting),
        ("strong", Formatting),
        ("style", RawText),
        ("sub", Inline),
        ("summary", Block),
        ("sup", Inline),
        ("table", Table),
        ("tbody", Section),
        ("td", Cell),
        ("tfoot", Section),
        ("th", Cell),
        ("thead", Section),
        ("time", Inline),
        ("title", Title),
        ("tr", Row),
        ("tt", Formatting),
        ("u", Formatting),
        ("ul", Block),
        ("var", Inline),
        ("wbr", Void),
    ]
};

/// [`NAMES`], the name kept with its kind, for [`known`].
static NAMES_BY_KEY: [(u128, (&str, Kind)); NAMES.len()] = {
    let mut named = [("", ("", Kind::Inline)); NAMES.len()];
    let mut i = 0;
    while i < NAMES.len() {
        named[i] = (NAMES[i].0, NAMES[i]);
        i += 1;
    }
    by_key(named)
};

/// The element of `name` (ASCII letters and digits, in any case) when it is read here.
fn known(name: &[u8]) -> Option<(&'static str, Kind)> {
    let mut lower = [0u8; 10]; // the longest name read here, `blockquote`
    let lower = lower.get_mut(..name.len())?;
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    lookup(&NAMES_BY_KEY, lower)
}

/// Attributes the walker reads: a character reference in one of them is refused.
fn read_by_walker(name: &str) -> bool {
    matches!(
        name,
        "class"
            | "style"
            | "cms-style"
            | "hidden"
            | "src"
            | "data-src"
            | "data-original"
            | "alt"
            | "name"
            | "content"
            | "start"
            | "rowspan"
            | "colspan"
    )
}

/// An element as the walker sees it.
struct Tag<'a> {
    name: &'static str,
    attrs: &'a [(&'a str, &'a str)],
}

impl ElementData for Tag<'_> {
    fn name(&self) -> &str {
        self.name
    }

    fn for_each_attr<'a>(&'a self, mut f: impl FnMut(&'a str, &'a str, bool)) {
        for &(name, value) in self.attrs {
            f(name, value, true);
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
}

/// An open element.
#[derive(Clone, Copy, Debug)]
struct Open {
    name: &'static str,
    kind: Kind,
    id: u32,
    /// The walker reads its content (and is told of its end).
    entered: bool,
    /// A `<tbody>` that a `<tr>` directly in a `<table>` implies.
    implied: bool,
}

/// Content the walker does not read: from which open element on, and the text it wants of it.
struct Skip {
    from: usize,
    wanted: Option<(Wanted, String)>,
}

struct Reader<'a> {
    src: &'a str,
    pos: usize,
    walker: Walker<u32>,
    open: Vec<Open>,
    skip: Option<Skip>,
    next_id: u32,
    attrs: Vec<(&'a str, &'a str)>,
}

/// Walks `html` in one pass, or `None` when it is not markup read here (module docs).
pub fn walk(html: &str) -> Option<Walked> {
    let bytes = html.as_bytes();
    // A leading byte-order mark is dropped by the parser; carriage returns and NULs are changed.
    if html.starts_with('\u{feff}') || bytes.contains(&b'\r') || bytes.contains(&0) {
        return None;
    }
    let mut reader = Reader {
        src: html,
        pos: 0,
        walker: Walker::new(html.len()),
        open: Vec::new(),
        skip: None,
        next_id: 0,
        attrs: Vec::new(),
    };
    // The document's element, its (empty) head and its body, none of them written.
    let html_id = reader.id();
    let body_id = reader.id();
    let none: &[(&str, &str)] = &[];
    for (id, name) in [(html_id, "html"), (reader.id(), "head")] {
        if reader.walker.open_element(id, &Tag { name, attrs: none }) != Opened::Enter {
            return None;
        }
        if name == "head" {
            reader.walker.close(id);
        }
    }
    if reader.walker.open_element(body_id, &Tag { name: "body", attrs: none }) != Opened::Enter {
        return None;
    }
    reader.run()?;
    while !reader.open.is_empty() {
        reader.pop();
    }
    reader.walker.close(body_id);
    reader.walker.close(html_id);
    Some(reader.walker.finish())
}

/// White space as HTML has it (carriage returns aside, which are gone).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b' ')
}

impl<'a> Reader<'a> {
    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    fn top(&self) -> Option<Kind> {
        self.open.last().map(|o| o.kind)
    }

    /// The current node is a table, a table section or a row: only table parts and white space
    /// may come (anything else is moved out of the table by the parser).
    fn in_table(&self) -> bool {
        matches!(self.top(), Some(Kind::Table | Kind::Section | Kind::Row))
    }

    /// The parser's "has a `p` element in button scope".
    fn p_in_scope(&self) -> bool {
        for open in self.open.iter().rev() {
            match open.kind {
                Kind::P => return true,
                Kind::Table | Kind::Cell | Kind::Caption => return false,
                _ => {}
            }
        }
        false
    }

    /// Formatting elements of `name` open since the last cell or caption (the parser's list of
    /// active formatting elements, when every element is closed in order).
    fn open_formatting(&self, name: &str) -> usize {
        self.open
            .iter()
            .rev()
            .take_while(|o| !matches!(o.kind, Kind::Cell | Kind::Caption))
            .filter(|o| o.kind == Kind::Formatting && o.name == name)
            .count()
    }

    fn run(&mut self) -> Option<()> {
        let bytes = self.bytes();
        while self.pos < bytes.len() {
            let rest = &bytes[self.pos..];
            let stop = rest.iter().position(|&b| b == b'<' || b == b'&').unwrap_or(rest.len());
            if stop > 0 {
                let text = &self.src[self.pos..self.pos + stop];
                self.text(text)?;
                self.pos += stop;
                continue;
            }
            if rest[0] == b'&' {
                let (c, len) = self.reference()?;
                self.text(c.encode_utf8(&mut [0; 4]))?;
                self.pos += len;
                continue;
            }
            match rest.get(1) {
                Some(b'!') => self.comment()?,
                Some(b'/') => self.end_tag()?,
                Some(b) if b.is_ascii_alphabetic() => self.start_tag()?,
                Some(b'?') => return None, // a bogus comment
                _ => {
                    // A `<` that starts nothing is text.
                    self.text("<")?;
                    self.pos += 1;
                }
            }
        }
        Some(())
    }

    fn text(&mut self, text: &str) -> Option<()> {
        if self.in_table() && !text.bytes().all(is_space) {
            return None;
        }
        self.deliver_text(text);
        Some(())
    }

    /// Text to the walker, or to the text wanted of skipped content.
    fn deliver_text(&mut self, text: &str) {
        match &mut self.skip {
            None => self.walker.text(text),
            Some(Skip { wanted: Some((_, buffer)), .. }) => buffer.push_str(text),
            Some(_) => {}
        }
    }

    /// The character reference at `self.pos`, of the few read here (`&amp;`, `&lt;`, `&gt;`,
    /// `&quot;`, `&nbsp;`, and a number of a printable character other than a C1 control, all
    /// with their `;`), and its length.
    fn reference(&self) -> Option<(char, usize)> {
        let rest = &self.bytes()[self.pos + 1..];
        for (name, c) in [("amp;", '&'), ("lt;", '<'), ("gt;", '>'), ("quot;", '"'), ("nbsp;", '\u{a0}')] {
            if rest.starts_with(name.as_bytes()) {
                return Some((c, 1 + name.len()));
            }
        }
        let number = rest.strip_prefix(b"#")?;
        let (digits, radix) = match number.first() {
            Some(b'x' | b'X') => (&number[1..], 16),
            _ => (number, 10),
        };
        let len = digits.iter().position(|b| !char::from(*b).is_digit(radix)).unwrap_or(digits.len());
        if len == 0 || len > 7 || digits.get(len) != Some(&b';') {
            return None;
        }
        let value = u32::from_str_radix(std::str::from_utf8(&digits[..len]).ok()?, radix).ok()?;
        if !matches!(value, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0x10FFFF) {
            return None;
        }
        let c = char::from_u32(value)?;
        Some((c, 1 + (number.len() - digits.len()) + 1 + len + 1))
    }

    /// `<!--…-->` (also `<!-->`, `<!--->` and an end `--!>`); nothing else that starts `<!`.
    fn comment(&mut self) -> Option<()> {
        let rest = &self.bytes()[self.pos..];
        let body = rest.strip_prefix(b"<!--")?;
        let len = if body.starts_with(b">") {
            1
        } else if body.starts_with(b"->") {
            2
        } else {
            let mut k = 0;
            loop {
                let at = k + body[k..].iter().position(|&b| b == b'-')?;
                if body[at..].starts_with(b"-->") {
                    break at + 3;
                }
                if body[at..].starts_with(b"--!>") {
                    break at + 4;
                }
                k = at + 1;
            }
        };
        self.pos += 4 + len;
        Some(())
    }

    /// `</name>`, which must close the element open last.
    fn end_tag(&mut self) -> Option<()> {
        let rest = &self.bytes()[self.pos + 2..];
        let len = rest.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
        if len == 0 || rest.get(len) != Some(&b'>') {
            return None;
        }
        let (name, _) = known(&rest[..len])?;
        let top = self.open.last()?;
        if top.name != name {
            // `</table>` with the `<tbody>` a `<tr>` implied open: the parser closes both.
            let below = self.open.len().checked_sub(2).map(|i| self.open[i].name);
            if !(name == "table" && top.implied && below == Some("table")) {
                return None;
            }
            self.pop();
        }
        self.pop();
        self.pos += 2 + len + 1;
        Some(())
    }

    /// Closes the element open last.
    fn pop(&mut self) {
        let Some(open) = self.open.pop() else { return };
        if open.entered {
            self.walker.close(open.id);
        }
        if self.skip.as_ref().is_some_and(|s| s.from == self.open.len()) {
            if let Some(Skip { wanted: Some((what, text)), .. }) = self.skip.take() {
                self.walker.read(what, &text);
            }
        }
    }

    /// Starts an element: tells the walker (unless inside skipped content) and opens it.
    fn push(&mut self, name: &'static str, kind: Kind, implied: bool) {
        let id = self.id();
        let mut entered = false;
        if self.skip.is_none() {
            match self.walker.open_element(id, &Tag { name, attrs: &self.attrs }) {
                Opened::Enter => entered = true,
                Opened::Skip => self.skip = Some(Skip { from: self.open.len(), wanted: None }),
                Opened::Read(what) => {
                    self.skip = Some(Skip { from: self.open.len(), wanted: Some((what, String::new())) })
                }
            }
        }
        self.open.push(Open { name, kind, id, entered, implied });
    }

    fn start_tag(&mut self) -> Option<()> {
        let bytes = self.bytes();
        let start = self.pos + 1;
        let len = bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - start);
        // The parser's tag name runs to white space, `/` or `>`.
        if !bytes.get(start + len).is_some_and(|&b| is_space(b) || b == b'/' || b == b'>') {
            return None;
        }
        let (name, kind) = known(&bytes[start..start + len])?;
        self.pos = start + len;
        let self_closing = self.attributes()?;
        let void = matches!(kind, Kind::Void | Kind::HeadVoid | Kind::Rule);
        if self_closing && !void {
            return None;
        }
        // What the parser's tree construction does with the tag, where it stands.
        match kind {
            Kind::Caption | Kind::Section => {
                if self.top() != Some(Kind::Table) {
                    return None;
                }
            }
            Kind::Row => match self.top() {
                Some(Kind::Section) => {}
                Some(Kind::Table) => {
                    let attrs = std::mem::take(&mut self.attrs);
                    self.push("tbody", Kind::Section, true);
                    self.attrs = attrs;
                }
                _ => return None,
            },
            Kind::Cell => {
                if self.top() != Some(Kind::Row) {
                    return None;
                }
            }
            _ if self.in_table() => return None,
            Kind::Item => {
                // The parser's list item steps: an open `li` they would close first is refused.
                // They stop at an element of the parser's special category other than `address`,
                // `div` and `p` (`dialog` is not in it).
                for open in self.open.iter().rev() {
                    match open.kind {
                        Kind::Item => return None,
                        Kind::Formatting | Kind::Inline | Kind::P => {}
                        Kind::Block if matches!(open.name, "address" | "div" | "dialog") => {}
                        _ => break,
                    }
                }
                if self.p_in_scope() {
                    return None;
                }
            }
            Kind::Block | Kind::P | Kind::Rule => {
                if self.p_in_scope() {
                    return None;
                }
            }
            Kind::Heading => {
                if self.p_in_scope() || self.top() == Some(Kind::Heading) {
                    return None;
                }
            }
            Kind::Formatting => {
                let open = self.open_formatting(name);
                if open >= 3 || (name == "a" && open > 0) {
                    return None;
                }
            }
            Kind::Table | Kind::Inline | Kind::Void | Kind::HeadVoid | Kind::RawText | Kind::Script | Kind::Title => {}
        }
        match kind {
            Kind::Void | Kind::HeadVoid | Kind::Rule => {
                self.push(name, kind, false);
                self.pop();
            }
            Kind::RawText | Kind::Script | Kind::Title => {
                let text = self.raw_text(name)?;
                if (kind == Kind::Title && text.contains('&')) || (kind == Kind::Script && text.contains("<!")) {
                    return None;
                }
                self.push(name, kind, false);
                self.deliver_text(text);
                self.pop();
            }
            _ => self.push(name, kind, false),
        }
        Some(())
    }

    /// The attributes after a tag's name, through its `>`, into `self.attrs`; whether the tag
    /// ends with `/>`.
    fn attributes(&mut self) -> Option<bool> {
        let src = self.src;
        let bytes = self.bytes();
        self.attrs.clear();
        let mut i = self.pos;
        loop {
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            match *bytes.get(i)? {
                b'>' => {
                    self.pos = i + 1;
                    return Some(false);
                }
                b'/' => {
                    if bytes.get(i + 1) != Some(&b'>') {
                        return None;
                    }
                    self.pos = i + 2;
                    return Some(true);
                }
                _ => {}
            }
            let name_len = bytes[i..]
                .iter()
                .position(|&b| {
                    !(b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b':' | b'.'))
                })
                .unwrap_or(bytes.len() - i);
            if name_len == 0 {
                return None;
            }
            let name = &src[i..i + name_len];
            i += name_len;
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while bytes.get(i).copied().is_some_and(is_space) {
                    i += 1;
                }
                match *bytes.get(i)? {
                    quote @ (b'"' | b'\'') => {
                        let len = bytes[i + 1..].iter().position(|&b| b == quote)?;
                        value = &src[i + 1..i + 1 + len];
                        i += len + 2;
                        // The parser reads on from here whatever comes; a name must not.
                        if !bytes.get(i).is_some_and(|&b| is_space(b) || b == b'>' || b == b'/') {
                            return None;
                        }
                    }
                    _ => {
                        let len = bytes[i..].iter().position(|&b| is_space(b) || b == b'>').unwrap_or(bytes.len() - i);
                        value = &src[i..i + len];
                        if len == 0 || value.bytes().any(|b| matches!(b, b'"' | b'\'' | b'<' | b'=' | b'`')) {
                            return None;
                        }
                        i += len;
                    }
                }
            }
            if read_by_walker(name) && value.contains('&') {
                return None;
            }
            // A second attribute of a name is dropped.
            if !self.attrs.iter().any(|(n, _)| *n == name) {
                self.attrs.push((name, value));
            }
        }
    }

    /// The raw text of a `<style>` or `<title>` (`name`) just started, through its end tag,
    /// which must be plain (`</style>`, in any case).
    fn raw_text(&mut self, name: &str) -> Option<&'a str> {
        let src = self.src;
        let bytes = self.bytes();
        let mut k = self.pos;
        loop {
            let at = k + bytes[k..].windows(2).position(|w| w == b"</")?;
            let after = &bytes[at + 2..];
            if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
                match after.get(name.len()) {
                    Some(b'>') => {
                        let text = &src[self.pos..at];
                        self.pos = at + 2 + name.len() + 1;
                        return Some(text);
                    }
                    Some(&b) if is_space(b) || b == b'/' => return None,
                    None => return None,
                    Some(_) => {}
                }
            }
            k = at + 2;
        }
    }
}

// The tests compare with html5ever, which only the native build has.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::tree::{self, NativeHtmlReader};
    use super::*;
    use std::path::Path;

    fn walk_tree(html: &str) -> Walked {
        tree::walk(html, &NativeHtmlReader).expect("html5ever reads any markup")
    }

    /// The blocks, pictures and metadata of a walk, for comparing the two readers.
    fn summary(w: &Walked) -> String {
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            w.text, w.blocks, w.images, w.html_title, w.html_author, w.original_title, w.editor, w.editor_code
        )
    }

    fn same_as_the_tree(html: &str) -> bool {
        match walk(html) {
            Some(streamed) => {
                assert_eq!(summary(&streamed), summary(&walk_tree(html)), "{html}");
                true
            }
            None => false,
        }
    }

    /// Pieces of article markup, well-formed or not, that generated documents are made of.
    const PIECES: [&str; 40] = [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<span>",
        "</span>",
        "<b>",
        "</b>",
        "<strong>",
        "</strong>",
        "<a href=\"x?a=1&b=2\">",
        "</a>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td>",
        "</td>",
        "<caption>",
        "</caption>",
        "<h2>",
        "</h2>",
        "<br>",
        "<blockquote>",
        "</blockquote>",
        "<!-- 注 -->",
        "<p class=\"article-editor\">",
        "　　上海市",
        "文字",
        "&amp;&nbsp;&#123;",
        "\n",
        " ",
        "<img src=\"//x/a.jpg\" alt=\"图\">",
        "<span class=\"img_descr\">",
    ];

    /// Elements as articles nest them (open, close), for well-formed generated documents.
    const ELEMENTS: [(&str, &str); 12] = [
        ("<p>", "</p>"),
        ("<div>", "</div>"),
        ("<span>", "</span>"),
        ("<b>", "</b>"),
        ("<a href=\"x\">", "</a>"),
        ("<ul><li>", "</li></ul>"),
        ("<li>", "</li>"),
        ("<h2>", "</h2>"),
        ("<blockquote>", "</blockquote>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<p cms-style=\"font-L\">", "</p>"),
        ("<div class=\"img_wrapper\">", "</div>"),
    ];

    /// Well-formed markup from `ELEMENTS` and `PIECES`' text, nested a few deep.
    fn nested() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = proptest::sample::select(&PIECES[31..]).prop_map(str::to_string);
        leaf.prop_recursive(4, 40, 4, |inner| {
            (0..ELEMENTS.len(), proptest::collection::vec(inner, 0..4)).prop_map(|(e, children)| {
                let (open, close) = ELEMENTS[e];
                format!("{open}{}{close}", children.concat())
            })
        })
    }

    proptest::proptest! {
        /// Whatever markup is read in one pass is read as the parser's tree reads it: markup
        /// made of pieces in any order (mostly refused), and nested markup (mostly read).
        #[test]
        fn one_pass_reads_as_the_parser_does(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
            parts in proptest::collection::vec(nested(), 1..4),
        ) {
            let html: String = picks.iter().map(|&i| PIECES[i]).collect();
            same_as_the_tree(&html);
            same_as_the_tree(&parts.concat());
        }
    }

    #[test]
    fn every_name_is_known() {
        for (name, kind) in NAMES {
            assert_eq!(known(name.as_bytes()), Some((name, kind)));
        }
        assert_eq!(known(b"BlockQuote"), Some(("blockquote", Kind::Block)));
        assert_eq!((known(b"figcaptions"), known(b"dd"), known(b"")), (None, None, None));
    }

    #[test]
    fn reads_well_formed_markup_as_the_parser_does() {
        let read = [
            "<p>一</p><p>二<strong>粗</strong>三</p>",
            "  \n<div><p cms-style=\"font-L strong-Bold\">　　举措之一：标题</p></div>",
            "<p>　　<span id=\"stock_sz300059\"><a href=\"x?a=1&b=2\" class=\"keyword\">东方财富</a></span>日前</p>",
            "<p>正文</p><!--article_adlist[<p>广告</p>]article_adlist--><!-- news_keyword_pub,stock, -->",
            "<style>.a&#123;color:red&#125;</STYLE><div class=\"clearfix appendQr_wrap\"><div>扫码</div></div>",
            "<p class=\"article-editor\">责任编辑：尹悦 SF142</p><p class=\"ori_titlesource\">原标题：旧题</p>",
            "<table><caption>表1</caption><tr><th rowspan=\"2\">分组</th><td colspan=2>收入</td></tr>\n</table>",
            "<table>\n<tbody><tr><td><p>格</p></td></tr></tbody></table><p>后</p>",
            "<div class=\"img_wrapper\"><img src=\"//n.sinaimg.cn/a.jpg\" alt=\"图\"/><span class=\"img_descr\">图说</span></div>",
            "<title>页题</title><meta name=\"author\" content=\"作者\"><h1>大标题</h1><br>a < b<br/>c",
            "<p>未闭合<b>粗<i>斜",
            "<p><table><tr><td>p 里的表</td></tr></table></p>",
            "<blockquote><h3>小节</h3>引文</blockquote><hr><font><font><font>三层</font></font></font>",
            "<ul><li>甲</li><li>乙<ol start=\"3\"><li>丙</li></ol></li></ul><div><li>散项</li></div>",
            "<p>&nbsp;空格&amp;&lt;&gt;&quot;&#123;&#x7D;&#X4E2D;</p>",
            "<script>window.x = \"</scrip\" + 1 < 2;</script><p>后</p>",
        ];
        for html in read {
            assert!(same_as_the_tree(html), "not read in one pass: {html}");
        }
        let refused = [
            "<p>一<p>二",
            "<p>一<div>二</div></p>",
            "<b>粗<p>段</b></p>",
            "<a href=1>一<a href=2>二</a></a>",
            "<h2><h3>题</h3></h2>",
            "<table>文字<tr><td>格</td></tr></table>",
            "<table><td>格</td></table>",
            "<tr><td>格</td></tr>",
            "<pre>\n代码</pre>",
            "<img alt=\"&amp;\">",
            "<P CLASS=x>大写</P>",
            "<div/>",
            "<script>if (a <!-- b) {}</script>",
            "<ul><li>一<li>二</ul>",
            "<li><span><li>套</li></span></li>",
            "<li><dialog><li>套</li></dialog></li>",
            "<dl><dt>词<dd>义</dl>",
            "<p>&copy; &#128; &#0; &#x110000; &amp</p>",
            "<table><tr><td>格</td>&nbsp;</tr></table>",
            "<!DOCTYPE html><p>x</p>",
            "<html><body><p>x</p></body></html>",
            "<!-- 未闭合的注释 <p>x</p>",
            "<style>未闭合",
            "<style>.a{}</style ><p>x</p>",
            "<p>x</span>",
            "\u{feff}<p>x</p>",
            "<b><b><b><b>四层</b></b></b></b>",
            "<div-x>自定义</div-x>",
            "<p a=\"1\"b=\"2\">紧贴</p>",
            "<td>格</td>",
        ];
        for html in refused {
            assert!(walk(html).is_none(), "read in one pass: {html}");
        }
    }

    /// Every fixture and (when it is there) every article of the shared corpus: read in one pass
    /// as the parser's tree reads it, and nearly all of them read so.
    #[test]
    fn reads_the_articles_as_the_parser_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs =
            vec![root.join("tests/fixtures"), root.join("../shared/corpus/sina"), root.join("../shared/corpus/other")];
        dirs.retain(|d| d.is_dir());
        let (mut read, mut all) = (0, 0);
        for dir in dirs {
            for entry in std::fs::read_dir(dir).expect("a folder").flatten() {
                let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
                let text = text.replace("\r\n", "\n");
                let body = super::super::front_matter::split(text.trim_start_matches('\u{feff}')).1;
                all += 1;
                let ok = same_as_the_tree(body);
                read += usize::from(ok);
            }
        }
        assert!(read * 10 >= all * 8, "only {read} of {all} articles read in one pass");
    }
}
