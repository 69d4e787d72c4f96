//! Editing the label set: add, rename, recolour, change hotkey or layer, reorder, delete.
//! A label still in use is never deleted silently: the editor says how many spans use it and
//! offers to relabel them or delete them with it. Every change is one undoable edit.

use super::i18n::{layer_name, tr, Lang, T};
use super::state::Action;
use crate::core::labels::{Label, LabelSet, Layer};
use crate::core::spans::DocSpans;
use crate::core::workspace::Edit;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabelEditorProps {
    pub lang: Lang,
    pub labels: LabelSet,
    pub spans: Rc<DocSpans>,
    pub on_action: Callback<Action>,
}

#[function_component(LabelEditor)]
pub fn label_editor(props: &LabelEditorProps) -> Html {
    let lang = props.lang;
    // The label whose deletion waits for the analyst to say what happens to its spans.
    let pending = use_state(|| None::<String>);
    let replacement = use_state(|| None::<String>);
    let count = props.labels.len();

    let add = {
        let labels = props.labels.clone();
        props.on_action.reform(move |_: MouseEvent| {
            let label = Label {
                id: labels.fresh_id(),
                name: tr(lang, T::NewLabel).to_string(),
                layer: Layer::Entity,
                color: "#8c8c8c".into(),
                hotkey: None,
            };
            Action::EditLabels(Edit::InsertLabel { index: labels.len(), label })
        })
    };

    html! {
        <details class="label-editor">
            <summary>{ tr(lang, T::Labels) }</summary>
            <ol class="label-rows">
                { for props.labels.iter().enumerate().map(|(index, label)| {
                    let update = |change: fn(&mut Label, String)| {
                        let label = label.clone();
                        props.on_action.reform(move |e: Event| {
                            let mut next = label.clone();
                            change(&mut next, field_value(&e));
                            Action::EditLabels(Edit::UpdateLabel(next))
                        })
                    };
                    let id = label.id.clone();
                    let move_up = {
                        let id = id.clone();
                        props.on_action.reform(move |_: MouseEvent| Action::EditLabels(Edit::MoveLabel { id: id.clone(), index: index.saturating_sub(1) }))
                    };
                    let move_down = {
                        let id = id.clone();
                        props.on_action.reform(move |_: MouseEvent| Action::EditLabels(Edit::MoveLabel { id: id.clone(), index: index + 1 }))
                    };
                    let users = props.spans.count_label(&label.id);
                    let delete = {
                        let (id, pending) = (id.clone(), pending.clone());
                        let on_action = props.on_action.clone();
                        Callback::from(move |_: MouseEvent| {
                            if users == 0 {
                                on_action.emit(Action::RemoveLabel { id: id.clone(), replacement: None });
                            } else {
                                pending.set(Some(id.clone()));
                            }
                        })
                    };
                    html! {
                        <li class="label-row" key={label.id.clone()} data-label={label.id.clone()}>
                            <input type="color" aria-label={tr(lang, T::Color)} value={label.color.clone()} onchange={update(|l, v| l.color = v)} />
                            <input class="label-name" aria-label={tr(lang, T::Name)} value={label.name.clone()} onchange={update(|l, v| l.name = v)} />
                            <input class="label-hotkey" aria-label={tr(lang, T::Hotkey)} maxlength="1" size="1"
                                value={label.hotkey.map(String::from).unwrap_or_default()}
                                onchange={update(|l, v| l.hotkey = v.chars().next())} />
                            <select aria-label="layer" onchange={update(|l, v| l.layer = match v.as_str() {
                                "figure" => Layer::Figure, "measure" => Layer::Measure, _ => Layer::Entity })}>
                                { for Layer::ALL.iter().map(|&layer| html! {
                                    <option value={layer.as_str()} selected={layer == label.layer}>{ layer_name(lang, layer) }</option>
                                }) }
                            </select>
                            <span class="label-id">{ &label.id }</span>
                            <button class="icon-button" title={tr(lang, T::MoveUp)} aria-label={tr(lang, T::MoveUp)} disabled={index == 0} onclick={move_up}>{ "↑" }</button>
                            <button class="icon-button" title={tr(lang, T::MoveDown)} aria-label={tr(lang, T::MoveDown)} disabled={index + 1 == count} onclick={move_down}>{ "↓" }</button>
                            <button class="icon-button" title={tr(lang, T::Delete)} aria-label={tr(lang, T::Delete)} onclick={delete}>{ "×" }</button>
                            if pending.as_deref() == Some(label.id.as_str()) {
                                { confirm_delete(props, &label.id, users, &pending, &replacement) }
                            }
                        </li>
                    }
                }) }
            </ol>
            <button class="button" onclick={add}>{ tr(lang, T::AddLabel) }</button>
        </details>
    }
}

/// "N spans use this label": relabel them to another label, delete them too, or cancel.
fn confirm_delete(
    props: &LabelEditorProps,
    id: &str,
    users: usize,
    pending: &UseStateHandle<Option<String>>,
    replacement: &UseStateHandle<Option<String>>,
) -> Html {
    let lang = props.lang;
    let others: Vec<&Label> = props.labels.iter().filter(|l| l.id != id).collect();
    let target = replacement
        .as_ref()
        .filter(|r| others.iter().any(|l| &l.id == *r))
        .cloned()
        .or_else(|| others.first().map(|l| l.id.clone()));
    let choose = {
        let replacement = replacement.clone();
        Callback::from(move |e: Event| replacement.set(e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())))
    };
    let finish = |with: Option<String>| {
        let (id, pending, on_action) = (id.to_string(), pending.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::RemoveLabel { id: id.clone(), replacement: with.clone() });
            pending.set(None);
        })
    };
    let cancel = {
        let pending = pending.clone();
        Callback::from(move |_: MouseEvent| pending.set(None))
    };
    html! {
        <div class="confirm-delete" role="alertdialog">
            <p>{ format!("{users} {}", tr(lang, T::InUse)) }</p>
            <label>{ tr(lang, T::RelabelTo) }
                <select onchange={choose}>
                    { for others.iter().map(|l| html! { <option value={l.id.clone()} selected={target.as_deref() == Some(l.id.as_str())}>{ &l.name }</option> }) }
                </select>
            </label>
            <button class="button" disabled={target.is_none()} onclick={finish(target.clone())}>{ tr(lang, T::RelabelTo) }</button>
            <button class="button button-danger" onclick={finish(None)}>{ tr(lang, T::DeleteSpansToo) }</button>
            <button class="button button-quiet" onclick={cancel}>{ tr(lang, T::Cancel) }</button>
        </div>
    }
}

fn field_value(e: &Event) -> String {
    match e.target_dyn_into::<HtmlSelectElement>() {
        Some(select) => select.value(),
        None => e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default(),
    }
}
