//! The article as a reader sees it: title, metadata line, body, with spans drawn over the text.
//! Clicking a span selects it (clicking again cycles through spans nested at that point);
//! releasing a text selection opens the label menu.

use super::blocks::{web_picture, BodyChunk, CHUNK_GROUPS};
use super::meta_line::MetaLine;
use super::paint::{block_segments, Paint};
use super::state::Menu;
use crate::core::layout::{body_groups, Group};
use crate::core::model::Document;
use crate::core::offsets::TextIndex;
use crate::effects::selection::{selected_range, selection_anchor};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub doc: Rc<Document>,
    pub paint: Paint,
    #[prop_or_default]
    pub on_select: Callback<Option<u64>>,
    #[prop_or_default]
    pub on_menu: Callback<Menu>,
}

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let doc = &props.doc;
    let groups = use_memo(doc.clone(), |doc| body_groups(doc));
    let bytes = use_memo(doc.clone(), |doc| block_bytes(doc));
    let drawn = use_drawn_groups(doc, &groups);
    let title = doc.blocks.first();
    // Documents whose pictures the analyst asked to load (this session): per document.
    let pictures_for = use_state(BTreeSet::<String>::new);
    let pictures = pictures_for.contains(&doc.id);
    let web_pictures = doc.meta.images.iter().filter(|i| web_picture(i.src.as_deref()).is_some()).count();
    let load_pictures = {
        let (pictures_for, id) = (pictures_for.clone(), doc.id.clone());
        Callback::from(move |_: MouseEvent| {
            let mut shown = (*pictures_for).clone();
            shown.insert(id.clone());
            pictures_for.set(shown);
        })
    };

    let on_click = {
        let on_select = props.on_select.clone();
        let selected = props.paint.selected;
        Callback::from(move |e: MouseEvent| {
            if selected_range().is_some() {
                return; // the end of a drag-selection, not a click on a span
            }
            let seg = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".seg-tagged").ok().flatten());
            let ids: Vec<u64> = seg
                .and_then(|s| s.get_attribute("data-spans"))
                .map(|list| list.split(' ').filter_map(|id| id.parse().ok()).collect())
                .unwrap_or_default();
            let pick = match selected.and_then(|s| ids.iter().position(|&id| id == s)) {
                // Clicking the selected span again moves to the next one nested at this point.
                Some(at) if ids.len() > 1 => Some(ids[(at + ids.len() - 1) % ids.len()]),
                Some(_) => selected,
                None => ids.last().copied(),
            };
            on_select.emit(pick);
        })
    };
    let on_mouseup = {
        let on_menu = props.on_menu.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some((start, end)), Some((x, y))) = (selected_range(), selection_anchor()) {
                on_menu.emit(Menu { x, y, start, end });
            }
        })
    };

    html! {
        <article class="doc" lang="zh" data-doc-id={doc.id.clone()} onclick={on_click} onmouseup={on_mouseup}>
            <h1 class="doc-title" data-block="0"
                data-start={title.map(|b| b.start.to_string())} data-end={title.map(|b| b.end.to_string())}>
                { block_segments(&props.paint.block(0), &props.paint.looks, props.paint.selected_in(0),
                    title.map_or((0, 0), |b| (b.start, b.end)), doc.text.get(bytes[0].0..bytes[0].1).unwrap_or("")) }
            </h1>
            <MetaLine doc={doc.clone()} />
            if web_pictures > 0 && !pictures {
                <button class="load-pictures" onclick={load_pictures}
                    title="Loading a picture tells the site that serves it that this article is being read">
                    { format!("加载图片 · Load pictures from the web ({web_pictures})") }
                </button>
            }
            <div class="doc-body">
                // Keyed by where they start: a slice appends chunks, and unkeyed, Yew would pair
                // the new list with the old one shifted, drawing every chunk again per slice.
                { for (0..drawn).step_by(CHUNK_GROUPS).map(|from| html! {
                    <BodyChunk key={from} doc={doc.clone()} groups={groups.clone()} {from} to={(from + CHUNK_GROUPS).min(drawn)}
                        bytes={bytes.clone()} paint={props.paint.clone()} {pictures} />
                }) }
            </div>
        </article>
    }
}

/// Each block's text as a byte range of the document's text (found once per document).
fn block_bytes(doc: &Document) -> Vec<(usize, usize)> {
    let index = TextIndex::new(&doc.text);
    let byte = |cp: usize| index.byte(cp).unwrap_or(doc.text.len());
    let mut bytes: Vec<(usize, usize)> = doc.blocks.iter().map(|b| (byte(b.start), byte(b.end))).collect();
    if bytes.is_empty() {
        bytes.push((0, 0));
    }
    bytes
}

/// Characters of text drawn when a document opens (about two screens), then per slice after.
const FIRST_SLICE_CHARS: usize = 4_000;
const NEXT_SLICE_CHARS: usize = 8_000;

/// How many of the document's groups are drawn. A long article is drawn in slices, a task each:
/// its top shows at once, and the page keeps answering keys and clicks while the rest follows.
#[hook]
fn use_drawn_groups(doc: &Rc<Document>, groups: &Rc<Vec<Group>>) -> usize {
    let drawn = use_state(|| (String::new(), 0usize));
    // The document shown now: a slice scheduled for an earlier one is not drawn into this one.
    let shown = use_mut_ref(String::new);
    shown.borrow_mut().clone_from(&doc.id);
    let upto = if drawn.0 == doc.id { drawn.1 } else { slice_end(doc, groups, 0, FIRST_SLICE_CHARS) };
    {
        let (drawn, doc, groups) = (drawn.clone(), doc.clone(), groups.clone());
        use_effect_with((doc.id.clone(), upto), move |(id, upto)| {
            let (id, upto) = (id.clone(), *upto);
            if upto >= groups.len() {
                // All drawn at once (a short document): said so, else what was drawn of a long
                // one would be taken for this one's when that one opens again.
                if drawn.0 != id {
                    drawn.set((id, upto));
                }
            } else {
                wasm_bindgen_futures::spawn_local(async move {
                    yew::platform::time::sleep(Duration::ZERO).await;
                    if *shown.borrow() == id {
                        drawn.set((id, slice_end(&doc, &groups, upto, NEXT_SLICE_CHARS)));
                    }
                });
            }
        });
    }
    upto
}

/// The end of the slice of groups that starts at `from` and holds about `chars` characters.
fn slice_end(doc: &Document, groups: &[Group], from: usize, chars: usize) -> usize {
    let mut total = 0;
    for (i, group) in groups.iter().enumerate().skip(from) {
        if total >= chars {
            return i;
        }
        total += group_chars(doc, group);
    }
    groups.len()
}

/// A group's weight in a slice: its characters (a picture counts as a short line).
fn group_chars(doc: &Document, group: &Group) -> usize {
    if let Group::Image(_) = group {
        return 40;
    }
    let mut chars = 0;
    group.for_each_block(|i| chars += doc.blocks.get(i).map_or(0, |b| b.end - b.start));
    chars
}
