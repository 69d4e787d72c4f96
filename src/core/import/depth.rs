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

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// Start tags that close an open `<p>` (the parser's "close a p element").
const CLOSES_P: &[&str] = &[
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
];

/// Elements an implied close does not look past.
const SCOPE: &[&str] =
    &["applet", "button", "caption", "marquee", "object", "table", "td", "th", "template", "svg", "math"];

/// Whether `html` nests elements more than `limit` deep (by the estimate of the module docs).
pub fn exceeds(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
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
        let name = String::from_utf8_lossy(&rest[name_at..name_at + name_len]).to_ascii_lowercase();
        let Some((tag_len, self_closing)) = tag_end(&rest[name_at + name_len..]) else { return false };
        i += name_at + name_len + tag_len;
        if matches!(name.as_str(), "html" | "head" | "body") {
            continue;
        }
        if is_end {
            if let Some(at) = stack.iter().rposition(|open| *open == name) {
                foreign -= stack[at..].iter().filter(|n| matches!(n.as_str(), "svg" | "math")).count();
                stack.truncate(at);
            }
            continue;
        }
        if VOID.contains(&name.as_str()) || (self_closing && foreign > 0) {
            continue;
        }
        if foreign == 0 && name == "plaintext" {
            return stack.len() + 1 > limit; // the rest of the file is its text
        }
        if foreign == 0 && RAW_TEXT.contains(&name.as_str()) {
            match raw_text_end(&bytes[i..], &name) {
                Some(end) => i += end,
                None => return false,
            }
            continue;
        }
        close_implied(&mut stack, &name);
        if matches!(name.as_str(), "svg" | "math") {
            foreign += 1;
        }
        stack.push(name);
        if stack.len() > limit {
            return true;
        }
    }
    false
}

/// Pops what a start tag `name` closes implicitly.
fn close_implied(stack: &mut Vec<String>, name: &str) {
    // Closes the nearest open `targets` element unless one of `stops` is nearer.
    let close = |stack: &mut Vec<String>, targets: &[&str], stops: &[&str]| {
        for at in (0..stack.len()).rev() {
            if targets.contains(&stack[at].as_str()) {
                stack.truncate(at);
                return;
            }
            if stops.contains(&stack[at].as_str()) {
                return;
            }
        }
    };
    if CLOSES_P.contains(&name) {
        close(stack, &["p"], SCOPE);
    }
    let with_scope = |extra: &[&'static str]| -> Vec<&'static str> { SCOPE.iter().chain(extra).copied().collect() };
    match name {
        "li" => close(stack, &["li"], &with_scope(&["ul", "ol"])),
        "dd" | "dt" => close(stack, &["dd", "dt"], &with_scope(&["dl"])),
        "tr" => close(stack, &["tr"], &["table", "thead", "tbody", "tfoot"]),
        "td" | "th" => close(stack, &["td", "th"], &["table", "tr"]),
        "thead" | "tbody" | "tfoot" => close(stack, &["thead", "tbody", "tfoot"], &["table"]),
        "option" => close(stack, &["option"], &["select"]),
        "optgroup" => close(stack, &["option", "optgroup"], &["select"]),
        "a" | "nobr" | "button" => close(stack, &[name], SCOPE),
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
    (0..body.len()).find_map(|k| {
        let rest = &body[k..];
        if rest.starts_with(b"-->") {
            Some(2 + k + 3)
        } else if rest.starts_with(b"--!>") {
            Some(2 + k + 4)
        } else {
            None
        }
    })
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
fn raw_text_end(rest: &[u8], name: &str) -> Option<usize> {
    let mut k = 0;
    while let Some(lt) = rest[k..].windows(2).position(|w| w == b"</") {
        let at = k + lt;
        let after = &rest[at + 2..];
        let matches = after.len() >= name.len()
            && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
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
    fn stops_at_the_limit() {
        let deep = "<div>".repeat(100_000);
        assert!(exceeds(&deep, 512));
        assert!(!exceeds(&"<div></div>".repeat(100_000), 512));
        assert!(!exceeds(&"<p>段落".repeat(100_000), 512));
    }
}
