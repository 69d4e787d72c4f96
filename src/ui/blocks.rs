//! Groups of blocks as elements: lists, tables and pictures around the blocks (each block is a
//! [`BlockView`]). Text goes in as text nodes only, never as markup.

use super::paint::{BlockView, Paint};
use crate::core::layout::{Group, Table};
use crate::core::model::Document;
use crate::core::render_plan::BlockPlan;
use std::rc::Rc;
use yew::prelude::*;

/// Groups drawn by one [`BodyChunk`].
pub const CHUNK_GROUPS: usize = 16;

#[derive(Properties, Clone)]
pub struct BodyChunkProps {
    pub doc: Rc<Document>,
    pub groups: Rc<Vec<Group>>,
    /// The groups of this chunk: `groups[from..to]`.
    pub from: usize,
    pub to: usize,
    pub bytes: Rc<Vec<(usize, usize)>>,
    pub paint: Paint,
    pub pictures: bool,
}

impl BodyChunkProps {
    /// The blocks the chunk's groups draw, as a range of block indices (the blocks of a run of
    /// groups follow each other).
    fn blocks(&self) -> std::ops::Range<usize> {
        let bounds = self.groups[self.from..self.to].iter().filter_map(group_bounds);
        let (start, end) = bounds.fold((usize::MAX, 0), |(s, e), (gs, ge)| (s.min(gs), e.max(ge)));
        start.min(end)..end
    }

    /// The plans of the chunk's blocks: what its drawing depends on, besides the looks.
    fn plans(&self) -> &[Rc<BlockPlan>] {
        self.paint.plan.blocks.get(self.blocks()).unwrap_or(&[])
    }

    fn selected(&self) -> Option<u64> {
        let id = self.paint.selected?;
        self.plans().iter().any(|p| p.has(id)).then_some(id)
    }
}

/// Equal when the chunk would be drawn the same: the same blocks with the same (shared) plans,
/// looks and selection. The rest of the paint (other blocks' plans) does not matter here.
impl PartialEq for BodyChunkProps {
    fn eq(&self, other: &Self) -> bool {
        let same_looks = Rc::ptr_eq(&self.paint.looks, &other.paint.looks) || self.paint.looks == other.paint.looks;
        let same_plans = Rc::ptr_eq(&self.paint.plan, &other.paint.plan) || {
            let (mine, theirs) = (self.plans(), other.plans());
            mine.len() == theirs.len() && mine.iter().zip(theirs).all(|(a, b)| Rc::ptr_eq(a, b))
        };
        let same_selection = self.paint.selected == other.paint.selected || self.selected() == other.selected();
        Rc::ptr_eq(&self.doc, &other.doc)
            && Rc::ptr_eq(&self.groups, &other.groups)
            && (self.from, self.to, self.pictures) == (other.from, other.to, other.pictures)
            && same_looks
            && same_plans
            && same_selection
    }
}

/// A run of the body's groups, drawn again only when one of its blocks changes: an edit then
/// compares a few dozen chunks instead of every block of a long article. It adds no element.
#[function_component(BodyChunk)]
pub fn body_chunk(props: &BodyChunkProps) -> Html {
    let groups = &props.groups[props.from..props.to];
    groups.iter().map(|g| render_group(&props.doc, g, &props.paint, &props.bytes, props.pictures)).collect()
}

/// The first block a group draws and the one after its last, if it draws any.
fn group_bounds(group: &Group) -> Option<(usize, usize)> {
    let mut bounds: Option<(usize, usize)> = None;
    group.for_each_block(|i| bounds = Some(bounds.map_or((i, i + 1), |(s, e)| (s.min(i), e.max(i + 1)))));
    bounds
}

/// `bytes`: each block's byte range in the document's text; `pictures`: whether the analyst
/// asked to load this document's pictures from the web.
pub fn render_group(
    doc: &Rc<Document>,
    group: &Group,
    paint: &Paint,
    bytes: &[(usize, usize)],
    pictures: bool,
) -> Html {
    match group {
        Group::Block(i) => render_block(doc, *i, paint, bytes),
        Group::Image(n) => render_image(doc, *n, pictures),
        Group::List { ordered, items } => {
            let items = items.iter().map(|&i| render_block(doc, i, paint, bytes));
            if *ordered {
                html! { <ol class="doc-list">{ for items }</ol> }
            } else {
                html! { <ul class="doc-list">{ for items }</ul> }
            }
        }
        Group::Table(table) => render_table(doc, table, paint, bytes),
    }
}

fn render_block(doc: &Rc<Document>, i: usize, paint: &Paint, bytes: &[(usize, usize)]) -> Html {
    let Some(&range) = bytes.get(i) else { return Html::default() };
    html! {
        <BlockView doc={doc.clone()} index={i} bytes={range} plan={paint.block(i)}
            looks={paint.looks.clone()} selected={paint.selected_in(i)} />
    }
}

/// The address of a picture that may be loaded on request: web addresses only (never
/// `javascript:`, `data:`, `file:` or relative paths, which would point into this app).
pub fn web_picture(src: Option<&str>) -> Option<&str> {
    let src = src?;
    let scheme = src.split_once("://")?.0.to_ascii_lowercase();
    (scheme == "https" || scheme == "http").then_some(src)
}

/// A placeholder instead of the picture, unless the analyst asked for this document's pictures:
/// loading one tells its host what the analyst reads.
fn render_image(doc: &Document, n: usize, load: bool) -> Html {
    let Some(image) = doc.meta.images.get(n) else { return Html::default() };
    if let Some(src) = web_picture(image.src.as_deref()).filter(|_| load) {
        return html! {
            <figure class="image-loaded" data-image={n.to_string()}>
                <img src={src.to_string()} alt={image.alt.clone().unwrap_or_default()}
                    referrerpolicy="no-referrer" loading="lazy" />
            </figure>
        };
    }
    let host = image
        .src
        .as_deref()
        .and_then(|s| s.split("://").nth(1))
        .and_then(|s| s.split('/').next())
        .unwrap_or("嵌入图片 embedded");
    html! {
        <figure class="image-placeholder" data-image={n.to_string()} title={image.src.clone()}>
            <span class="image-placeholder-icon" aria-hidden="true"></span>
            <span class="image-placeholder-text">{ format!("图片未加载 · picture not loaded ({host})") }</span>
            if let Some(alt) = &image.alt {
                <span class="image-placeholder-alt">{ alt }</span>
            }
        </figure>
    }
}

fn render_table(doc: &Rc<Document>, table: &Table, paint: &Paint, bytes: &[(usize, usize)]) -> Html {
    html! {
        <div class="table-wrap">
            <table class="doc-table" data-table={table.id.to_string()}>
                if !table.captions.is_empty() {
                    <caption>{ for table.captions.iter().map(|&i| render_block(doc, i, paint, bytes)) }</caption>
                }
                <tbody>
                    { for table.rows.iter().map(|row| html! {
                        <tr>
                            { for row.iter().map(|c| {
                                let tag = if c.cell.header { "th" } else { "td" };
                                html! {
                                    <@{tag} rowspan={(c.cell.rowspan > 1).then(|| c.cell.rowspan.to_string())}
                                        colspan={(c.cell.colspan > 1).then(|| c.cell.colspan.to_string())}>
                                        { for c.blocks.iter().map(|&i| render_block(doc, i, paint, bytes)) }
                                    </@>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
