//! The corpus as a list: title, date, spans per layer and status of every document, with a
//! search, a status filter and a sort. Clicking a title opens the document.

use super::i18n::{tr, Lang, T};
use crate::core::corpus::{CorpusIndex, Entry, ListQuery, SortBy, Status};
use std::collections::HashMap;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocListProps {
    pub lang: Lang,
    pub corpus: CorpusIndex,
    pub query: ListQuery,
    pub texts: Rc<HashMap<String, Rc<str>>>,
    pub current: Option<String>,
    pub usage: Option<String>,
    pub on_open: Callback<String>,
    pub on_status: Callback<(String, Status)>,
    pub on_delete: Callback<String>,
    pub on_query: Callback<ListQuery>,
}

pub fn status_name(lang: Lang, status: Status) -> &'static str {
    tr(
        lang,
        match status {
            Status::Todo => T::StatusTodo,
            Status::InProgress => T::StatusInProgress,
            Status::Done => T::StatusDone,
        },
    )
}

#[function_component(DocList)]
pub fn doc_list(props: &DocListProps) -> Html {
    let lang = props.lang;
    let texts = props.texts.clone();
    let shown = props.corpus.view(&props.query, |id| texts.get(id).map(|t| &**t));
    let query = props.query.clone();
    let set = |change: fn(&mut ListQuery, String)| {
        let (query, on_query) = (query.clone(), props.on_query.clone());
        Callback::from(move |e: Event| {
            let value = match e.target_dyn_into::<HtmlSelectElement>() {
                Some(s) => s.value(),
                None => e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default(),
            };
            let mut next = query.clone();
            change(&mut next, value);
            on_query.emit(next);
        })
    };
    let on_search = {
        let (query, on_query) = (query.clone(), props.on_query.clone());
        Callback::from(move |e: InputEvent| {
            let mut next = query.clone();
            next.search = e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            on_query.emit(next);
        })
    };
    let progress = props.corpus.progress();
    html! {
        <nav class="doc-list" aria-label={tr(lang, T::Documents)}>
            <div class="doc-list-head">
                <strong>{ format!("{} {}", props.corpus.len(), tr(lang, T::Documents)) }</strong>
                <span class="doc-progress">
                    { for progress.iter().map(|(s, n)| html! { <span class={classes!("status-pill", s.as_str())}>{ format!("{} {n}", status_name(lang, *s)) }</span> }) }
                </span>
            </div>
            <input class="doc-search" type="search" placeholder={tr(lang, T::Search)} value={props.query.search.clone()} oninput={on_search} />
            <div class="doc-list-controls">
                <select aria-label={tr(lang, T::Status)} onchange={set(|q, v| q.status = Status::ALL.into_iter().find(|s| s.as_str() == v))}>
                    <option value="" selected={props.query.status.is_none()}>{ tr(lang, T::AllStatuses) }</option>
                    { for Status::ALL.iter().map(|s| html! {
                        <option value={s.as_str()} selected={props.query.status == Some(*s)}>{ status_name(lang, *s) }</option>
                    }) }
                </select>
                <select aria-label={tr(lang, T::SortBy)} onchange={set(|q, v| q.sort = sort_from(&v))}>
                    { for [(SortBy::Added, T::SortAdded), (SortBy::Title, T::SortTitle), (SortBy::Date, T::SortDate), (SortBy::Status, T::Status), (SortBy::Spans, T::Spans)]
                        .iter().map(|(by, t)| html! { <option value={sort_name(*by)} selected={props.query.sort == *by}>{ tr(lang, *t) }</option> }) }
                </select>
                <label class="doc-desc"><input type="checkbox" checked={props.query.descending}
                    onchange={set(|q, _| q.descending = !q.descending)} />{ "↓" }</label>
            </div>
            <ol class="doc-items">
                { for shown.iter().map(|e| html! {
                    <DocItem key={e.id.clone()} {lang} entry={(*e).clone()} current={props.current.as_deref() == Some(e.id.as_str())}
                        on_open={props.on_open.clone()} on_status={props.on_status.clone()} on_delete={props.on_delete.clone()} />
                }) }
            </ol>
            if let Some(usage) = &props.usage {
                <p class="storage-usage">{ usage }</p>
            }
        </nav>
    }
}

#[derive(Properties, PartialEq)]
struct DocItemProps {
    lang: Lang,
    entry: Entry,
    current: bool,
    on_open: Callback<String>,
    on_status: Callback<(String, Status)>,
    on_delete: Callback<String>,
}

/// One document of the list: drawn again only when its entry, or whether it is open, changes.
#[function_component(DocItem)]
fn doc_item(props: &DocItemProps) -> Html {
    let (lang, e) = (props.lang, &props.entry);
    let id = e.id.clone();
    let open = props.on_open.reform({
        let id = id.clone();
        move |_: MouseEvent| id.clone()
    });
    let delete = props.on_delete.reform({
        let id = id.clone();
        move |_: MouseEvent| id.clone()
    });
    let status = props.on_status.reform(move |e: Event| {
        let v = e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
        (id.clone(), Status::ALL.into_iter().find(|s| s.as_str() == v).unwrap_or_default())
    });
    html! {
        <li class={classes!("doc-item", props.current.then_some("doc-item-current"))} data-doc={e.id.clone()}>
            <button class="doc-item-title" onclick={open} title={e.source_file.clone()}>{ &e.title }</button>
            <div class="doc-item-meta">
                <span>{ e.date.as_deref().map(|d| d.get(..10).unwrap_or(d)).unwrap_or("") }</span>
                <span class="doc-counts" title={tr(lang, T::Spans)}>
                    { format!("{}·{}·{}", e.counts.entity, e.counts.figure, e.counts.measure) }
                </span>
                <select class={classes!("status-select", e.status.as_str())} aria-label={tr(lang, T::Status)} onchange={status}>
                    { for Status::ALL.iter().map(|s| html! { <option value={s.as_str()} selected={e.status == *s}>{ status_name(lang, *s) }</option> }) }
                </select>
                <button class="icon-button doc-delete" aria-label={tr(lang, T::DeleteDocument)} title={tr(lang, T::DeleteDocument)} onclick={delete}>{ "×" }</button>
            </div>
        </li>
    }
}

fn sort_name(by: SortBy) -> &'static str {
    match by {
        SortBy::Added => "added",
        SortBy::Title => "title",
        SortBy::Date => "date",
        SortBy::Status => "status",
        SortBy::Spans => "spans",
    }
}

fn sort_from(name: &str) -> SortBy {
    [SortBy::Added, SortBy::Title, SortBy::Date, SortBy::Status, SortBy::Spans]
        .into_iter()
        .find(|by| sort_name(*by) == name)
        .unwrap_or_default()
}
