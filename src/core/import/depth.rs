//! How deep the HTML parser would nest a document's elements, found by a quick scan before the
//! parse. The parser (html5ever) looks through its stack of open elements for most start tags, so
//! its time grows with the square of the nesting: 5,000 nested `<div>`s take 0.4 s natively and
//! seconds in the browser, 50,000 take minutes. Files nested deeper than a limit are refused
//! instead ([`super::limits::MAX_HTML_DEPTH`]).
//!
//! The scan is a small model of the parser, linear in the input: tags, comments (closed by `-->`
//! or `--!>`), raw text (`<script>`, `<style>`, `<textarea>`, …), void elements, self-closing tags
//! in SVG and MathML, end tags that close everything above their element, and the start tags that
//! close an open element implicitly (`<p>`, `<li>`, `<dd>`/`<dt>`, table parts, `<option>`, `<a>`).
//! It is an estimate within a small factor of the parser's real depth, which is all a limit needs.
//!
//! The scan allocates nothing per tag: an element name is a key of its lower-case bytes (names
//! up to 15 bytes, every name the rules mention among them), so the stack holds keys and slices of
//! the source, and the rules compare keys. A file with fewer tags than the limit is not scanned.

/// An element name in lower case as one number: its length in the low byte, then its bytes;
/// [`LONG`] for a name over 15 bytes (compared by its bytes then).
const fn key(name: &[u8]) -> u128 {
    if name.len() > 15 {
        return LONG;
    }
    let mut k = name.len() as u128;
    let mut i = 0;
    while i < name.len() {
        k |= (name[i].to_ascii_lowercase() as u128) << (8 * (i + 1));
        i += 1;
    }
    k
}

/// The key of every name longer than 15 bytes (no name in the rules is).
const LONG: u128 = u128::MAX;

const fn keys<const N: usize>(names: [&str; N]) -> [u128; N] {
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = key(names[i].as_bytes());
        i += 1;
    }
    out
}

/// Elements that never have content.
const VOID: &[u128] = &keys([
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
]);

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[u128] =
    &keys(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]);

/// Start tags that close an open `<p>` (the parser's "close a p element").
const CLOSES_P: &[u128] = &keys([
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
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
    "hr",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "dd",
    "dt",
]);

/// Elements an implied close does not look past.
const SCOPE: &[u128] =
    &keys(["applet", "button", "caption", "marquee", "object", "table", "td", "th", "template", "svg", "math"]);

const HTML: u128 = key(b"html");
const HEAD: u128 = key(b"head");
const BODY: u128 = key(b"body");
const SVG: u128 = key(b"svg");
const MATH: u128 = key(b"math");
const PLAINTEXT: u128 = key(b"plaintext");

/// An open element: its name's key and its name as written.
#[derive(Clone, Copy, Debug)]
struct Open<'a> {
    key: u128,
    name: &'a [u8],
}

impl Open<'_> {
    /// Whether the two names are the same in lower case.
    fn same(&self, other: &Open) -> bool {
        self.key == other.key && (self.key != LONG || self.name.eq_ignore_ascii_case(other.name))
    }

    fn is_foreign(&self) -> bool {
        self.key == SVG || self.key == MATH
    }
}

/// Whether `html` nests elements more than `limit` deep (by the estimate of the module docs).
pub fn exceeds(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    // Every element the scan opens starts at a `<` of its own: a file with no more of them than
    // the limit cannot go deeper, and is not scanned (nearly every article).
    if count_up_to(bytes, b'<', limit) <= limit {
        return false;
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut foreign = 0usize; // open <svg> and <math> elements
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<') {
        i += lt;
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            match comment_end(&bytes[i + 2..]) {
                Some(end) => i += 2 + end,
                None => return false, // the rest of the file is a comment
            }
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            match rest.iter().position(|&b| b == b'>') {
                Some(end) => i += end + 1,
                None => return false,
            }
            continue;
        }
        let is_end = rest.starts_with(b"</");
        let name_at = if is_end { 2 } else { 1 };
        if !rest.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i += 1; // a '<' in text
            continue;
        }
        let name_len = rest[name_at..].iter().position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'));
        let Some(name_len) = name_len else { return false }; // a tag cut off by the end of the file
        let name = &rest[name_at..name_at + name_len];
        let open = Open { key: key(name), name };
        let Some((tag_len, self_closing)) = tag_end(&rest[name_at + name_len..]) else { return false };
        i += name_at + name_len + tag_len;
        if matches!(open.key, HTML | HEAD | BODY) {
            continue;
        }
        if is_end {
            if let Some(at) = stack.iter().rposition(|o| o.same(&open)) {
                foreign -= stack[at..].iter().filter(|o| o.is_foreign()).count();
                stack.truncate(at);
            }
            continue;
        }
        if VOID.contains(&open.key) || (self_closing && foreign > 0) {
            continue;
        }
        if foreign == 0 && open.key == PLAINTEXT {
            return stack.len() + 1 > limit; // the rest of the file is its text
        }
        if foreign == 0 && RAW_TEXT.contains(&open.key) {
            match raw_text_end(&bytes[i..], name) {
                Some(end) => i += end,
                None => return false,
            }
            continue;
        }
        close_implied(&mut stack, open.key);
        if open.is_foreign() {
            foreign += 1;
        }
        stack.push(open);
        if stack.len() > limit {
            return true;
        }
    }
    false
}

/// How many bytes of `bytes` are `byte`, or some number over `cap` once there are more: counted
/// eight bytes at a time, each word's matches found without a branch.
fn count_up_to(bytes: &[u8], byte: u8, cap: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let mut count = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w) ^ (ONES * u64::from(byte)); // zero where a byte matches
        let zero = !(((x & LOW7) + LOW7) | x | LOW7); // the high bit of each zero byte
        count += ((zero >> 7).wrapping_mul(ONES) >> 56) as usize; // their sum, in the top byte
        if count > cap {
            return count;
        }
    }
    count + words.remainder().iter().filter(|&&b| b == byte).count()
}

/// Pops what a start tag (the key of its name) closes implicitly.
fn close_implied(stack: &mut Vec<Open>, name: u128) {
    // Closes the nearest open `targets` element unless one of `stops` or `more_stops` is nearer.
    let close = |stack: &mut Vec<Open>, targets: &[u128], stops: &[u128], more_stops: &[u128]| {
        for at in (0..stack.len()).rev() {
            let open = stack[at].key;
            if targets.contains(&open) {
                stack.truncate(at);
                return;
            }
            if stops.contains(&open) || more_stops.contains(&open) {
                return;
            }
        }
    };
    if CLOSES_P.contains(&name) {
        close(stack, &keys(["p"]), SCOPE, &[]);
    }
    const LI: u128 = key(b"li");
    const DD: u128 = key(b"dd");
    const DT: u128 = key(b"dt");
    const TR: u128 = key(b"tr");
    const TD: u128 = key(b"td");
    const TH: u128 = key(b"th");
    const THEAD: u128 = key(b"thead");
    const TBODY: u128 = key(b"tbody");
    const TFOOT: u128 = key(b"tfoot");
    const OPTION: u128 = key(b"option");
    const OPTGROUP: u128 = key(b"optgroup");
    const A: u128 = key(b"a");
    const NOBR: u128 = key(b"nobr");
    const BUTTON: u128 = key(b"button");
    match name {
        LI => close(stack, &[LI], SCOPE, &keys(["ul", "ol"])),
        DD | DT => close(stack, &[DD, DT], SCOPE, &keys(["dl"])),
        TR => close(stack, &[TR], &keys(["table", "thead", "tbody", "tfoot"]), &[]),
        TD | TH => close(stack, &[TD, TH], &keys(["table", "tr"]), &[]),
        THEAD | TBODY | TFOOT => close(stack, &[THEAD, TBODY, TFOOT], &keys(["table"]), &[]),
        OPTION => close(stack, &[OPTION], &keys(["select"]), &[]),
        OPTGROUP => close(stack, &[OPTION, OPTGROUP], &keys(["select"]), &[]),
        A | NOBR | BUTTON => close(stack, &[name], SCOPE, &[]),
        _ => {}
    }
}

/// Where a comment that opened two bytes before `after_lt_bang` ends (just past `-->` or `--!>`;
/// `<!-->` and `<!--->` are empty comments).
fn comment_end(after_lt_bang: &[u8]) -> Option<usize> {
    let body = &after_lt_bang[2..]; // after "<!--"
    if body.starts_with(b">") {
        return Some(3);
    }
    if body.starts_with(b"->") {
        return Some(4);
    }
    // Both ends start with `-`: look only where one is.
    let mut k = 0;
    while let Some(dash) = body[k..].iter().position(|&b| b == b'-') {
        let at = k + dash;
        let rest = &body[at..];
        if rest.starts_with(b"-->") {
            return Some(2 + at + 3);
        }
        if rest.starts_with(b"--!>") {
            return Some(2 + at + 4);
        }
        k = at + 1;
    }
    None
}

/// Length of the rest of a tag after its name (through `>`), and whether it ends with `/>`.
/// Quoted attribute values may hold `>`.
fn tag_end(rest: &[u8]) -> Option<(usize, bool)> {
    let mut k = 0;
    let mut after_equals = false;
    while k < rest.len() {
        match rest[k] {
            b'>' => return Some((k + 1, k > 0 && rest[k - 1] == b'/')),
            q @ (b'"' | b'\'') if after_equals => {
                let close = rest[k + 1..].iter().position(|&b| b == q)?;
                k += close + 2;
                after_equals = false;
                continue;
            }
            b'=' => after_equals = true,
            b if b.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        k += 1;
    }
    None
}

/// Length of raw text and its end tag (`</name` in any case, through `>`).
fn raw_text_end(rest: &[u8], name: &[u8]) -> Option<usize> {
    let mut k = 0;
    while let Some(lt) = rest[k..].windows(2).position(|w| w == b"</") {
        let at = k + lt;
        let after = &rest[at + 2..];
        let matches = after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name)
            && after.get(name.len()).is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'));
        if matches {
            let close = after.iter().position(|&b| b == b'>')?;
            return Some(at + 2 + close + 1);
        }
        k = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The depth the scan reaches: the least limit it stays within.
    fn depth(html: &str) -> usize {
        (0..10_000).find(|&limit| !exceeds(html, limit)).expect("under 10,000")
    }

    #[test]
    fn estimates_the_nesting() {
        let cases: &[(&str, usize)] = &[
            ("plain text, a < b", 0),
            ("<div><span>x</span></div>", 2),
            ("<div><div><div>", 3),
            ("<div/><div/><div/>", 3), // not self-closing in HTML
            ("<svg><path/><path/><g><path/></g></svg>", 2),
            ("<p>a<p>b<p>c", 1),
            ("<ul><li>a<li>b<li>c</ul>", 2),
            ("<table><tr><td>a<td>b<tr><td>c</table>", 3),
            ("<br><img src=x><hr><p>x", 1),
            ("<div title=\"a > b\"><span>x</span></div>", 2),
            ("<!-- <div><div><div> --><p>x</p>", 1),
            ("<!--> <div><div> <!--x--!> <div>", 3),
            ("<script>if (a < b) { '<div><div>' }</script><p>x", 1),
            ("<style>.a{}</STYLE ><p>x", 1),
            ("<div><!-- never closed <div><div><div>", 1),
            ("<div><span></div><div><div>", 2),
            ("<a href=1><a href=2><a href=3>", 1),
            ("<html><head></head><body><div>x</div></body></html>", 1),
            ("<div", 0),
        ];
        for &(html, expected) in cases {
            assert_eq!(depth(html), expected, "{html}");
        }
    }

    #[test]
    fn counts_a_byte() {
        let text = "<p>东<b>x</b></p><<a<".repeat(7);
        for cap in [0, 3, 1000] {
            let count = count_up_to(text.as_bytes(), b'<', cap);
            assert!(count == 49 || (count > cap && cap < 49), "{cap}: {count}");
        }
        assert_eq!(count_up_to(b"\xbc<\x3c\xff", b'<', 10), 2);
    }

    #[test]
    fn stops_at_the_limit() {
        let deep = "<div>".repeat(100_000);
        assert!(exceeds(&deep, 512));
        assert!(!exceeds(&"<div></div>".repeat(100_000), 512));
        assert!(!exceeds(&"<p>段落".repeat(100_000), 512));
    }
}
