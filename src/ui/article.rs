//! The article as a reader sees it: title, metadata line, body, with spans drawn over the text.
//! Clicking a span selects it (clicking again cycles through spans nested at that point);
//! releasing a text selection opens the label menu.

use super::blocks::{render_group, web_picture};
use super::meta_line::MetaLine;
use super::paint::Paint;
use super::state::Menu;
use crate::core::layout::body_groups;
use crate::core::model::Document;
use crate::effects::selection::{selected_range, selection_anchor};
use std::collections::BTreeSet;
use std::rc::Rc;
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
                { props.paint.block_segments(0, title.map_or((0, 0), |b| (b.start, b.end)), doc.block_text(0)) }
            </h1>
            <MetaLine doc={doc.clone()} />
            if web_pictures > 0 && !pictures {
                <button class="load-pictures" onclick={load_pictures}
                    title="Loading a picture tells the site that serves it that this article is being read">
                    { format!("加载图片 · Load pictures from the web ({web_pictures})") }
                </button>
            }
            <div class="doc-body">
                { for groups.iter().map(|g| render_group(doc, g, &props.paint, pictures)) }
            </div>
        </article>
    }
}
