//! The side panel's list of spans, by layer and label, with counts and a layer filter.

use super::i18n::{layer_name, tr, Lang, T};
use crate::core::annotation::Annotation;
use crate::core::labels::{LabelSet, Layer};
use crate::core::spans::DocSpans;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SpanListProps {
    pub lang: Lang,
    pub labels: LabelSet,
    pub spans: Rc<DocSpans>,
    pub selected: Option<u64>,
    pub hidden_layers: BTreeSet<Layer>,
    pub on_select: Callback<Option<u64>>,
    pub on_toggle_layer: Callback<Layer>,
}

/// Items shown per label until the analyst asks for all: a long document's thousands of spans
/// would otherwise make the panel (and every redraw of it) as long as the article.
const SHOWN_PER_LABEL: usize = 100;

#[function_component(SpanList)]
pub fn span_list(props: &SpanListProps) -> Html {
    let lang = props.lang;
    let expanded = use_state(BTreeSet::<String>::new);
    let by_label =
        |label: &str| -> Vec<&Annotation> { props.spans.annotations().iter().filter(|a| a.label == label).collect() };
    html! {
        <section class="span-list" aria-label={tr(lang, T::Spans)}>
            <fieldset class="layer-filter">
                <legend>{ tr(lang, T::Layers) }</legend>
                { for Layer::ALL.iter().map(|&layer| {
                    let count = props.spans.annotations().iter().filter(|a| a.layer == layer).count();
                    let toggle = props.on_toggle_layer.reform(move |_: Event| layer);
                    html! {
                        <label class="layer-toggle">
                            <input type="checkbox" checked={!props.hidden_layers.contains(&layer)} onchange={toggle}
                                data-layer={layer.as_str()} />
                            { format!("{} ({count})", layer_name(lang, layer)) }
                        </label>
                    }
                }) }
            </fieldset>
            if props.spans.is_empty() {
                <p class="span-list-empty">{ tr(lang, T::NoSpans) }</p>
            }
            { for Layer::ALL.iter().filter(|l| !props.hidden_layers.contains(l)).map(|&layer| html! {
                { for props.labels.iter().filter(|l| l.layer == layer).map(|label| {
                    let items = by_label(&label.id);
                    if items.is_empty() {
                        return Html::default();
                    }
                    let total = items.len();
                    // The selected span is always listed, even past the first hundred.
                    let shown: Vec<&Annotation> = if expanded.contains(&label.id) {
                        items
                    } else {
                        items.iter().enumerate()
                            .filter(|(i, a)| *i < SHOWN_PER_LABEL || props.selected == Some(a.id))
                            .map(|(_, a)| *a)
                            .collect()
                    };
                    let more = total - shown.len();
                    let show_all = {
                        let (expanded, id) = (expanded.clone(), label.id.clone());
                        Callback::from(move |_: MouseEvent| {
                            let mut all = (*expanded).clone();
                            all.insert(id.clone());
                            expanded.set(all);
                        })
                    };
                    html! {
                        <div class="span-group" data-label={label.id.clone()}>
                            <h3 class="span-group-title">
                                <span class="swatch" style={format!("background-color:{}", label.color)}></span>
                                { &label.name }<span class="count">{ total }</span>
                            </h3>
                            <ul>
                                { for shown.into_iter().map(|a| {
                                    let id = a.id;
                                    let select = props.on_select.reform(move |_: MouseEvent| Some(id));
                                    let current = props.selected == Some(id);
                                    // A span that belongs to a measure shows which one.
                                    let measure = props.spans.measure_of(id).and_then(|r| props.spans.get(r.to)).map(|m| {
                                        m.attributes.name.clone().unwrap_or_else(|| m.text.chars().take(12).collect())
                                    });
                                    html! {
                                        <li key={id}>
                                            <button class={classes!("span-item", current.then_some("span-item-selected"), a.unconfirmed.then_some("span-item-suggested"))}
                                                onclick={select} data-span={id.to_string()}>
                                                { a.text.replace('\n', " ⏎ ") }
                                            </button>
                                            if let Some(m) = measure {
                                                <span class="span-link" title={tr(lang, T::BelongsTo)}>{ format!("→ {m}") }</span>
                                            }
                                        </li>
                                    }
                                }) }
                            </ul>
                            if more > 0 {
                                <button class="button button-quiet span-list-more" onclick={show_all}>
                                    { format!("显示其余 {more} 个 · show {more} more") }
                                </button>
                            }
                        </div>
                    }
                }) }
            }) }
        </section>
    }
}
