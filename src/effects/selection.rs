//! The browser's text selection, in the code points of the document's text.
//!
//! The article is drawn as segments (`span.seg`), each carrying the code-point offset where its
//! text starts (`data-s`). A selection endpoint is a DOM node and an offset in UTF-16 units
//! (text node) or in children (element); this is the one place that turns it into code points.

use crate::core::offsets::utf16_to_cp;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// The selected range `[start, end)` in code points, when the selection lies inside the
/// article and is not empty.
pub fn selected_range() -> Option<(usize, usize)> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 || selection.is_collapsed() {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let start = point(&range.start_container().ok()?, range.start_offset().ok()?)?;
    let end = point(&range.end_container().ok()?, range.end_offset().ok()?)?;
    (start < end).then_some((start, end))
}

/// Where the selection is on screen (for the label menu): its bottom-left corner.
pub fn selection_anchor() -> Option<(f64, f64)> {
    let range = web_sys::window()?.get_selection().ok()??.get_range_at(0).ok()?;
    let rect = range.get_bounding_client_rect();
    Some((rect.left(), rect.bottom()))
}

pub fn clear_selection() {
    if let Some(Ok(Some(selection))) = web_sys::window().map(|w| w.get_selection()) {
        let _ = selection.remove_all_ranges();
    }
}

fn in_article(node: &Node) -> bool {
    let element = match node.dyn_ref::<Element>() {
        Some(e) => Some(e.clone()),
        None => node.parent_element(),
    };
    element.and_then(|e| e.closest("article.doc").ok().flatten()).is_some()
}

fn attr_usize(element: &Element, name: &str) -> Option<usize> {
    element.get_attribute(name)?.parse().ok()
}

/// The code-point offset of a DOM position inside the article.
fn point(node: &Node, offset: u32) -> Option<usize> {
    if !in_article(node) {
        return None;
    }
    if node.node_type() == Node::TEXT_NODE {
        let seg = node.parent_element()?.closest(".seg").ok()??;
        let text = node.text_content().unwrap_or_default();
        return Some(attr_usize(&seg, "data-s")? + utf16_to_cp(&text, offset as usize).ok()?);
    }
    let element = node.dyn_ref::<Element>()?;
    let children = element.child_nodes();
    if offset < children.length() {
        // Before child `offset`: the first segment at or after it.
        let child = children.item(offset)?;
        first_segment_from(&child).and_then(|seg| attr_usize(&seg, "data-s"))
    } else {
        // After the last child: the end of the last segment inside.
        let segs = element.query_selector_all(".seg").ok()?;
        let last = segs.item(segs.length().checked_sub(1)?)?;
        let text = last.text_content().unwrap_or_default();
        Some(attr_usize(last.dyn_ref::<Element>()?, "data-s")? + crate::core::offsets::cp_len(&text))
    }
}

/// The segment that `node` is, contains, or (failing both) the next one after it in the article.
fn first_segment_from(node: &Node) -> Option<Element> {
    if let Some(el) = node.dyn_ref::<Element>() {
        if el.class_list().contains("seg") {
            return Some(el.clone());
        }
        if let Ok(Some(inner)) = el.query_selector(".seg") {
            return Some(inner);
        }
    }
    let mut next = node.next_sibling();
    while let Some(n) = next {
        if let Some(seg) = first_segment_from(&n) {
            return Some(seg);
        }
        next = n.next_sibling();
    }
    first_segment_from(&node.parent_node()?.next_sibling()?)
}
