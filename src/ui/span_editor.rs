//! The selected span: its label, attributes, note, the measure it belongs to; delete.
//! Fields commit when they change (on Enter or leaving the field), each as one undoable edit.

use super::i18n::{tr, Lang, T};
use super::state::Action;
use crate::core::annotation::{Annotation, Attributes, Qualifier};
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SpanEditorProps {
    pub lang: Lang,
    pub labels: LabelSet,
    pub spans: Rc<DocSpans>,
    pub span: Annotation,
    /// The document (to count the other occurrences of the span's text).
    pub doc: Rc<Document>,
    /// How many times the span's text occurs in the other documents of the corpus.
    pub in_corpus: usize,
    pub on_tag_corpus: Callback<()>,
    pub on_action: Callback<Action>,
}

fn input_value(e: &Event) -> String {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

fn select_value(e: &Event) -> String {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

#[function_component(SpanEditor)]
pub fn span_editor(props: &SpanEditorProps) -> Html {
    let lang = props.lang;
    let span = &props.span;
    let id = span.id;
    let attrs = span.attributes.clone();
    // One attribute field changed: send the whole attribute set with that field replaced.
    let set_attr = |apply: fn(&mut Attributes, String)| {
        let attrs = attrs.clone();
        props.on_action.reform(move |e: Event| {
            let mut next = attrs.clone();
            apply(&mut next, input_or_select(&e));
            Action::SetAttributes { id, attributes: next }
        })
    };
    let relabel = props.on_action.reform(move |e: Event| Action::Relabel { id, label: select_value(&e) });
    let set_note = props.on_action.reform(move |e: Event| Action::SetNote {
        id,
        note: e.target_dyn_into::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default(),
    });
    let link = props.on_action.reform(move |e: Event| Action::Link { from: id, to: select_value(&e).parse().ok() });
    let delete = props.on_action.reform(|_: MouseEvent| Action::DeleteSelected);
    let accept = props.on_action.reform(|_: MouseEvent| Action::AcceptSelected);
    let tag_all = props.on_action.reform(move |_: MouseEvent| Action::TagAllOccurrences(id));
    // Counted once per span text, not on every redraw of the panel.
    let others = *use_memo((props.doc.clone(), span.text.clone()), |(doc, text)| {
        crate::core::workspace::occurrences(&doc.text, text).len().saturating_sub(1)
    });
    let linked_to = props.spans.measure_of(id).map(|r| r.to);
    let measures: Vec<&Annotation> =
        props.spans.annotations().iter().map(|a| &**a).filter(|a| a.layer == Layer::Measure).collect();

    html! {
        <section class="span-editor" aria-label={tr(lang, T::Selected)} data-span={id.to_string()}>
            <h2>{ tr(lang, if span.unconfirmed { T::Suggestion } else { T::Selected }) }</h2>
            if span.unconfirmed {
                <div class="suggestion-actions">
                    <button class="button" id="accept-suggestion" onclick={accept} title="Enter">{ tr(lang, T::Accept) }</button>
                    <button class="button button-quiet" id="reject-suggestion" onclick={delete.clone()} title="Delete">{ tr(lang, T::Reject) }</button>
                </div>
            }
            <blockquote class="span-editor-text">{ &span.text }</blockquote>
            <p class="span-editor-offsets">{ format!("[{}, {})", span.start, span.end) }</p>
            <label class="field">{ tr(lang, T::Label) }
                <select name="label" onchange={relabel}>
                    { for props.labels.iter().map(|l| html! {
                        <option value={l.id.clone()} selected={l.id == span.label}>{ format!("{} {}", l.name, l.id) }</option>
                    }) }
                </select>
            </label>
            if span.layer == Layer::Figure {
                <label class="field">{ tr(lang, T::Value) }
                    <input name="value" inputmode="decimal" placeholder="740000000" value={attrs.value.clone().unwrap_or_default()}
                        onchange={set_attr(|a, v| a.value = Some(v))} />
                </label>
                <label class="field">{ tr(lang, T::Unit) }
                    <input name="unit" placeholder="元" value={attrs.unit.clone().unwrap_or_default()}
                        onchange={set_attr(|a, v| a.unit = Some(v))} />
                </label>
                <label class="field">{ tr(lang, T::Currency) }
                    <input name="currency" placeholder="CNY" maxlength="3" value={attrs.currency.clone().unwrap_or_default()}
                        onchange={set_attr(|a, v| a.currency = Some(v))} />
                </label>
                <label class="field">{ tr(lang, T::Qualifier) }
                    <select name="qualifier" onchange={set_attr(|a, v| a.qualifier = Qualifier::parse(&v))}>
                        <option value="" selected={attrs.qualifier.is_none()}>{ tr(lang, T::QualifierNone) }</option>
                        { for Qualifier::ALL.iter().map(|q| html! {
                            <option value={q.as_str()} selected={attrs.qualifier == Some(*q)}>{ qualifier_name(lang, *q) }</option>
                        }) }
                    </select>
                </label>
            }
            if span.layer == Layer::Measure {
                <label class="field">{ tr(lang, T::MeasureName) }
                    <input name="name" value={attrs.name.clone().unwrap_or_default()} onchange={set_attr(|a, v| a.name = Some(v))} />
                </label>
            } else {
                <label class="field">{ tr(lang, T::BelongsTo) }
                    <select name="measure" onchange={link}>
                        <option value="" selected={linked_to.is_none()}>{ tr(lang, T::NoMeasure) }</option>
                        { for measures.iter().map(|m| html! {
                            <option value={m.id.to_string()} selected={linked_to == Some(m.id)}>
                                { m.attributes.name.clone().unwrap_or_else(|| m.text.chars().take(24).collect()) }
                            </option>
                        }) }
                    </select>
                </label>
            }
            <label class="field">{ tr(lang, T::Note) }
                <textarea name="note" rows="2" value={span.note.clone().unwrap_or_default()} onchange={set_note} />
            </label>
            if !span.unconfirmed && span.layer != Layer::Figure && others > 0 {
                <button class="button button-quiet" id="tag-all" onclick={tag_all}>{ format!("{} ({others})", tr(lang, T::TagAll)) }</button>
            }
            if !span.unconfirmed && span.layer != Layer::Figure && props.in_corpus > 0 {
                <button class="button button-quiet" id="tag-all-corpus" onclick={props.on_tag_corpus.reform(|_: MouseEvent| ())}>
                    { format!("{} ({})", tr(lang, T::TagAllCorpus), props.in_corpus) }
                </button>
            }
            if !span.unconfirmed {
                <button class="button button-danger" onclick={delete}>{ tr(lang, T::Delete) }</button>
            }
        </section>
    }
}

fn input_or_select(e: &Event) -> String {
    match e.target_dyn_into::<HtmlSelectElement>() {
        Some(select) => select.value(),
        None => input_value(e),
    }
}

fn qualifier_name(lang: Lang, q: Qualifier) -> &'static str {
    tr(
        lang,
        match q {
            Qualifier::Over => T::Over,
            Qualifier::About => T::About,
            Qualifier::Nearly => T::Nearly,
            Qualifier::MoreThan => T::MoreThan,
        },
    )
}
