//! HTML parsed by the browser's own parser (`DOMParser`), for the articles the one-pass reader
//! does not take: the web build ships no HTML parser of its own.
//!
//! A document from `DOMParser` is inert: it has no browsing context, so its scripts never run, its
//! pictures and styles are never fetched and nothing in it is shown; it is only read here, node by
//! node, and dropped. It is parsed with scripting disabled, though, and under the page's content
//! security policy, which would report the article's event handlers and style sheets as it blocked
//! them: the import marks the markup for it so that neither shows ([`BrowserHtmlReader::parses_in_page`]).

use crate::core::import::tree::{ElementData, HtmlTreeReader, TreeError, TreeWalk};
use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, HtmlTemplateElement, Node, SupportedType};

/// How deep Chromium (and WebKit) nest the elements a parser builds, counted from the document
/// (`<html>` is at 1): an element that would be deeper is put beside its parent instead, silently
/// changing the tree. html5ever has no such limit, so a tree that reaches it is refused.
const BROWSER_MAX_DEPTH: usize = 513;

/// The message when the browser's parser fails, which it should not for any string.
const UNPARSABLE: &str = "the browser could not parse this HTML";

/// HTML parsed by the browser (the web build's [`HtmlTreeReader`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserHtmlReader;

impl HtmlTreeReader for BrowserHtmlReader {
    /// `DOMParser` is the page's: scripting is disabled in its documents (they have no browsing
    /// context), and the page's content security policy applies to them.
    fn parses_in_page(&self) -> bool {
        true
    }

    fn read(&self, html: &str, walk: &mut TreeWalk) -> Result<(), TreeError> {
        let unparsable = |_| TreeError::Unparsable(UNPARSABLE.to_string());
        let parser = DomParser::new().map_err(unparsable)?;
        let doc = parser.parse_from_string(html, SupportedType::TextHtml).map_err(unparsable)?;
        walk_children(&doc, walk)
    }
}

/// Tells `walk` the nodes below `root` in document order, with a stack of the next sibling of
/// each element whose content is being told (no recursion: nesting cannot overflow the stack).
fn walk_children(root: &Node, walk: &mut TreeWalk) -> Result<(), TreeError> {
    let mut after: Vec<Option<Node>> = Vec::new();
    let mut next = root.first_child();
    loop {
        let Some(node) = next else {
            // The end of an element's content (or of the document's).
            match after.pop() {
                Some(sibling) => {
                    walk.end();
                    next = sibling;
                    continue;
                }
                None => return Ok(()),
            }
        };
        next = node.next_sibling();
        match node.node_type() {
            Node::ELEMENT_NODE => {
                let Some(el) = node.dyn_ref::<Element>() else { continue };
                // At the deepest level the parser builds, an element may have been moved there.
                if after.len() + 1 >= BROWSER_MAX_DEPTH {
                    return Err(TreeError::TooDeep);
                }
                if walk.start(&DomElement::read(el)) {
                    after.push(next.take());
                    next = content(el).first_child();
                }
            }
            // CDATA sections, in SVG and MathML, are text as html5ever reads them.
            Node::TEXT_NODE | Node::CDATA_SECTION_NODE => walk.text(&node.node_value().unwrap_or_default()),
            // Comments (ad lists, keywords), the doctype: not the article.
            _ => {}
        }
    }
}

/// What holds an element's content: itself, or for a `<template>` its content (a fragment of its
/// own, where html5ever's tree has it as the children).
fn content(el: &Element) -> Node {
    match el.dyn_ref::<HtmlTemplateElement>() {
        Some(template) => template.content().into(),
        None => el.clone().into(),
    }
}

/// An element's name and attributes, copied out of the page's memory once.
struct DomElement {
    name: String,
    /// Local name, value, and whether the attribute has neither a prefix nor a namespace.
    attrs: Vec<(String, String, bool)>,
}

impl DomElement {
    fn read(el: &Element) -> Self {
        let mut attrs = Vec::new();
        if el.has_attributes() {
            let map = el.attributes();
            for attr in (0..map.length()).filter_map(|i| map.item(i)) {
                let plain = attr.prefix().is_none() && attr.namespace_uri().is_none();
                attrs.push((attr.local_name(), attr.value(), plain));
            }
        }
        DomElement { name: el.local_name(), attrs }
    }
}

impl ElementData for DomElement {
    fn name(&self) -> &str {
        &self.name
    }

    fn for_each_attr<'a>(&'a self, mut f: impl FnMut(&'a str, &'a str, bool)) {
        for (local, value, plain) in &self.attrs {
            f(local, value, *plain);
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(local, _, plain)| *plain && local == name).map(|(_, value, _)| value.as_str())
    }
}
