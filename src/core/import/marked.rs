//! Markup marked for an HTML parser that runs in the app's page (the browser's `DOMParser`), so
//! that it builds the tree html5ever builds and the page's security policy has nothing to report.
//!
//! Two things set the page's parser apart:
//! - Scripting is disabled in its documents (they have no browsing context), and that changes how
//!   `<noscript>` is read. With scripting, as browsers show pages and as the walk is defined, its
//!   content is raw text up to `</noscript>`, which the walker drops; without, it is markup, which
//!   changes the tree around it: `<noscript><img src="pixel.gif"></noscript>` in a page's head ends
//!   the head and puts a picture in the body, a `<p>` inside keeps `</noscript>` from closing it
//!   (the text after it is taken in), a `</div>` inside closes the `<div>` outside.
//! - Its documents are under the page's content security policy, which blocks an article's event
//!   handlers (`onerror="…"`), style sheets (`<style>`) and `<base>`, and reports each one it blocks
//!   in the console, where nothing is wrong.
//!
//! So each of these is given under another name that the parser reads the same way, with a mark:
//! - `<noscript>` as `<noembed/biaozhu-noscript>`: raw text in the body, a table, a template, and
//!   dropped in a `<select>`, as `<noscript>` with scripting; in the head it ends the head first,
//!   so what follows there is put in the body (titles and metadata are read wherever they are);
//! - `<style>` as `<noframes/biaozhu-style>`: raw text wherever `<style>` is (in a table it is moved
//!   before it; its content is dropped either way);
//! - `<base>` as `<basefont/biaozhu-base>`, which the parser puts where it puts `<base>`;
//! - an attribute `on…` as `biaozhu-on…`, which is nothing to the page.
//!
//! End tags are renamed with their start tags. The walker is shown each marked element as the
//! element it was and each attribute by its name ([`unmarked`]), and text and attribute values get
//! back what was marked in them (a `<style>` in a script, ` onclick` in a sentence: [`restore`]).
//! The marking is undone exactly, since text that already looks marked is marked once more.
//!
//! What is still read differently: `</noframes` inside a `<style>`, `</noembed` inside a
//! `<noscript>`, and `</style` or `</noscript` inside a `<noframes>` or `<noembed>` end those
//! early (`<noframes>` and `<noembed>` have been obsolete since HTML 4); and a `<style>` directly
//! in a table (not in a cell; or in a template holding table rows) is moved before it, which only
//! the whole text of a line read whole (an editor line with such a table in it) could show.

use super::html::ElementData;
use std::borrow::Cow;

/// What a mark says: `biaozhu-` after a tag's new name and `/`, or before an attribute's name.
const MARK: &[u8] = b"biaozhu-";

/// The elements given under another name: (name, what stands before the name in a tag, the
/// attribute that this makes and that says so).
const RENAMED: [(&str, &str, &str); 3] = [
    ("noscript", "noembed/biaozhu-", "biaozhu-noscript"),
    ("style", "noframes/biaozhu-", "biaozhu-style"),
    ("base", "basefont/biaozhu-", "biaozhu-base"),
];

/// White space, and the characters after which an attribute's name may start.
fn starts_attribute(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'"' | b'\'')
}

/// The element renamed at the start of `rest` (just after `<` or `</`): the index in [`RENAMED`]
/// of a name there that the tokenizer ends right after it (or that ends the text, for [`restore`]:
/// the end of an attribute value can be the end of the tag).
fn renamed_tag(rest: &[u8], or_at_end: bool) -> Option<usize> {
    RENAMED.iter().position(|(name, _, _)| {
        rest.len() >= name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && match rest.get(name.len()) {
                Some(b) => matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'),
                None => or_at_end,
            }
    })
}

/// `on` and a letter: an event handler, perhaps.
fn is_handler(rest: &[u8]) -> bool {
    rest.len() > 2 && rest[..2].eq_ignore_ascii_case(b"on") && rest[2].is_ascii_alphabetic()
}

fn starts_with_mark(rest: &[u8]) -> bool {
    rest.len() >= MARK.len() && rest[..MARK.len()].eq_ignore_ascii_case(MARK)
}

/// `html` marked (module docs), or `None` when there is nothing to mark. A mark goes before each
/// `on…` where an attribute's name may start, and before each mark already there: so that any
/// mark followed by `on…` or by a mark was put there, wherever the parser puts the text.
pub fn mark(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    for i in 0..bytes.len() {
        let rest = &bytes[i + 1..];
        // Where something goes, and what.
        let insert = match bytes[i] {
            b'<' => {
                let name = usize::from(rest.first() == Some(&b'/'));
                renamed_tag(&rest[name..], false).map(|k| (i + 1 + name, RENAMED[k].1))
            }
            _ if starts_with_mark(&bytes[i..]) => Some((i, "biaozhu-")),
            b'/' if i > 0 && bytes[i - 1] == b'<' => None, // an end tag's name follows
            b if starts_attribute(b) && is_handler(rest) => Some((i + 1, "biaozhu-")),
            _ => None,
        };
        if let Some((at, text)) = insert {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
            out.push_str(&html[copied..at]);
            out.push_str(text);
            copied = at;
        }
    }
    let mut out = out?;
    out.push_str(&html[copied..]);
    Some(out)
}

/// Text (or an attribute's name or value) of marked markup as it was written: the marks taken
/// out again.
pub fn restore(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !bytes.windows(MARK.len()).any(|w| w.eq_ignore_ascii_case(MARK)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest[0] == b'<' {
            let name = 1 + usize::from(rest.get(1) == Some(&b'/'));
            let given = RENAMED.iter().map(|(_, given, _)| given.as_bytes()).find(|given| {
                rest[name..].strip_prefix(*given).is_some_and(|after| renamed_tag(after, true).is_some())
            });
            if let Some(given) = given {
                out.push_str(&text[copied..i + name]);
                copied = i + name + given.len();
                i = copied;
                continue;
            }
        }
        if starts_with_mark(rest) {
            let after = &rest[MARK.len()..];
            if is_handler(after) || starts_with_mark(after) {
                out.push_str(&text[copied..i]);
                copied = i + MARK.len();
                // A mark that was written is kept.
                i = copied + if starts_with_mark(after) { MARK.len() } else { 0 };
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// An element of the tree of marked markup as the walker is to see it: by the name it was
/// written with, its attributes with theirs and their values as written, without its mark.
pub fn unmarked<'a>(el: &'a impl ElementData) -> impl ElementData + 'a {
    let renamed = RENAMED
        .iter()
        .find(|(_, given, mark)| given.strip_suffix("/biaozhu-") == Some(el.name()) && el.attr(mark).is_some());
    let mut attrs = Vec::new();
    el.for_each_attr(|local, value, plain| {
        if renamed.is_some_and(|(_, _, mark)| plain && local == *mark) {
            return;
        }
        attrs.push((restore(local), restore(value), plain));
    });
    Unmarked { name: renamed.map_or(el.name(), |(name, _, _)| name), attrs }
}

struct Unmarked<'a> {
    name: &'a str,
    /// Local name, value and whether the attribute has neither a prefix nor a namespace.
    attrs: Vec<(Cow<'a, str>, Cow<'a, str>, bool)>,
}

impl ElementData for Unmarked<'_> {
    fn name(&self) -> &str {
        self.name
    }

    fn for_each_attr<'a>(&'a self, mut f: impl FnMut(&'a str, &'a str, bool)) {
        for (local, value, plain) in &self.attrs {
            f(local, value, *plain);
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(local, _, plain)| *plain && local == name).map(|(_, value, _)| &**value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_made_and_taken_out() {
        let cases: &[(&str, Option<&str>)] = &[
            ("<p>无</p><noscriptx>名字更长</noscriptx><noscript", None),
            ("<p class=one>一</p>自己 on 1 lesson", None),
            (
                "<noscript><p>x</p></noscript>",
                Some("<noembed/biaozhu-noscript><p>x</p></noembed/biaozhu-noscript>"),
            ),
            (
                "<NoScript class=a/><STYLE>p{}</style\n><base href=x>",
                Some("<noembed/biaozhu-NoScript class=a/><noframes/biaozhu-STYLE>p{}</noframes/biaozhu-style\n><basefont/biaozhu-base href=x>"),
            ),
            ("a<<style/>文", Some("a<<noframes/biaozhu-style/>文")),
            // An end tag's name is not an attribute's.
            ("<onclick>元素</onclick>", None),
            (
                "<img src=x onerror=\"a()\"/ONLOAD='b()'>他说\"online\" 在线",
                Some("<img src=x biaozhu-onerror=\"a()\"/biaozhu-ONLOAD='b()'>他说\"biaozhu-online\" 在线"),
            ),
            // Text that looks marked already is marked once more.
            (
                "<p biaozhu-onclick=1> BIAOZHU-x <noembed/biaozhu-noscript>x biaozhu-",
                Some(concat!(
                    "<p biaozhu-biaozhu-onclick=1> biaozhu-BIAOZHU-x ",
                    "<noembed/biaozhu-biaozhu-noscript>x biaozhu-biaozhu-"
                )),
            ),
        ];
        for &(html, marked) in cases {
            assert_eq!(mark(html).as_deref(), marked, "{html}");
            if let Some(marked) = marked {
                assert_eq!(restore(marked), html);
            }
        }
    }
}
