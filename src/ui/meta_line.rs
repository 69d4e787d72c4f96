//! The line under the title: when, who, where it was filed, who edited it.

use crate::core::model::Document;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MetaLineProps {
    pub doc: Rc<Document>,
}

#[function_component(MetaLine)]
pub fn meta_line(props: &MetaLineProps) -> Html {
    let meta = &props.doc.meta;
    let date = meta.date.as_deref().map(readable_date).or_else(|| meta.date_raw.clone());
    let item = |class: &'static str, label: &'static str, value: Option<String>| {
        value.map(|v| html! { <span class={classes!("meta-item", class)}><span class="meta-label">{ label }</span>{ v }</span> })
    };
    let original = meta.original_title.clone().filter(|t| *t != props.doc.title);
    html! {
        <div class="doc-meta">
            { item("meta-date", "时间 ", date) }
            { item("meta-author", "来源 ", meta.author.clone()) }
            { item("meta-categories", "分类 ", (!meta.categories.is_empty()).then(|| meta.categories.join(" / "))) }
            { item("meta-editor", "责任编辑 ", meta.editor.clone()) }
            { item("meta-original-title", "原标题 ", original) }
            { item("meta-file", "文件 ", meta.source_file.clone()) }
        </div>
    }
}

/// `2021-08-09T06:59:27Z` → `2021-08-09 06:59 UTC`; other forms as they are.
fn readable_date(iso: &str) -> String {
    match iso.split_once('T') {
        Some((day, time)) => {
            let zone = if time.ends_with('Z') { " UTC" } else { time.get(8..).unwrap_or("") };
            format!("{day} {}{zone}", time.get(..5).unwrap_or(time))
        }
        None => iso.to_string(),
    }
}
