//! The article as a reader sees it: title, metadata line, body.

use super::blocks::render_group;
use super::meta_line::MetaLine;
use crate::core::layout::body_groups;
use crate::core::model::Document;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub doc: Rc<Document>,
}

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let doc = &props.doc;
    let groups = use_memo(doc.clone(), |doc| body_groups(doc));
    let title = doc.blocks.first();
    html! {
        <article class="doc" lang="zh" data-doc-id={doc.id.clone()}>
            <h1 class="doc-title" data-block="0"
                data-start={title.map(|b| b.start.to_string())} data-end={title.map(|b| b.end.to_string())}>
                { &doc.title }
            </h1>
            <MetaLine doc={doc.clone()} />
            <div class="doc-body">
                { for groups.iter().map(|g| render_group(doc, g)) }
            </div>
        </article>
    }
}
