//! [`NativeHtmlReader`]: html5ever, through scraper's tree, with scripting enabled.
//!
//! The browser tests compile this file too, by its path, to compare the browser's parser with
//! this one in the same page; so it names nothing outside its parent module but the two crates.

use super::{ElementData, HtmlTreeReader, TreeError, TreeWalk};
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

/// HTML parsed by html5ever (the native build's reader).
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeHtmlReader;

impl HtmlTreeReader for NativeHtmlReader {
    /// Scripting is enabled (scraper's default options), and there is no page.
    fn parses_in_page(&self) -> bool {
        false
    }

    fn read(&self, html: &str, walk: &mut TreeWalk) -> Result<(), TreeError> {
        walk_document(&Html::parse_document(html), walk);
        Ok(())
    }
}

/// Tells `walk` the tree of a parsed document, by the edges of its nodes (no recursion).
pub fn walk_document(doc: &Html, walk: &mut TreeWalk) {
    // An element whose content is not wanted: its edges are passed over up to its end.
    let mut skip_until = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) if skip_until.is_none() => match node.value() {
                Node::Text(text) => walk.text(text),
                Node::Element(el) => {
                    let wanted = walk.start(&ScraperElement(el));
                    if !wanted {
                        skip_until = Some(node.id());
                    }
                }
                // The document, and a template's content: their children are the tree's. Comments
                // (ad lists, keywords, iframes), doctypes and processing instructions are not.
                _ => {}
            },
            Edge::Open(_) => {}
            Edge::Close(node) => {
                if skip_until == Some(node.id()) {
                    skip_until = None;
                } else if skip_until.is_none() && node.value().is_element() {
                    walk.end();
                }
            }
        }
    }
}

/// An element of scraper's tree.
struct ScraperElement<'a>(&'a Element);

impl ElementData for ScraperElement<'_> {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn for_each_attr<'a>(&'a self, mut f: impl FnMut(&'a str, &'a str, bool)) {
        for (name, value) in &self.0.attrs {
            f(&name.local, value, name.prefix.is_none() && name.ns.is_empty());
        }
    }

    /// `Element::attr` without interning `name`.
    fn attr(&self, name: &str) -> Option<&str> {
        let attrs = &self.0.attrs;
        attrs.iter().find(|(q, _)| q.prefix.is_none() && q.ns.is_empty() && *q.local == *name).map(|(_, v)| &**v)
    }
}
