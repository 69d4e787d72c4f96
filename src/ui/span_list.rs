//! The side panel's list of spans, by layer and label, with counts and a layer filter.

use super::i18n::{layer_name, tr, Lang, T};
use crate::core::annotation::Annotation;
use crate::core::labels::{Label, LabelSet, Layer};
use crate::core::spans::DocSpans;
use std::collections::{BTreeSet, HashMap};
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

/// The spans of each label, in reading order, the spans of each layer and the names of the
/// measures spans belong to: worked out once per change of the spans, not on every redraw.
#[derive(PartialEq)]
struct Grouped {
    by_label: HashMap<String, Rc<Vec<Rc<Annotation>>>>,
    per_layer: HashMap<Layer, usize>,
    measures: Rc<HashMap<u64, String>>,
}

fn group(spans: &DocSpans) -> Grouped {
    let mut by_label: HashMap<String, Vec<Rc<Annotation>>> = HashMap::new();
    let mut per_layer = HashMap::new();
    for a in spans.annotations() {
        match by_label.get_mut(&a.label) {
            Some(list) => list.push(a.clone()),
            None => {
                by_label.insert(a.label.clone(), vec![a.clone()]);
            }
        }
        *per_layer.entry(a.layer).or_insert(0) += 1;
    }
    // A span that belongs to a measure shows which one.
    let measures = spans
        .relations()
        .iter()
        .filter_map(|r| {
            let m = spans.get(r.to)?;
            Some((r.from, m.attributes.name.clone().unwrap_or_else(|| m.text.chars().take(12).collect())))
        })
        .collect();
    let by_label = by_label.into_iter().map(|(label, items)| (label, Rc::new(items))).collect();
    Grouped { by_label, per_layer, measures: Rc::new(measures) }
}

/// Labels whose spans are all listed (not only the first hundred).
#[derive(Default, PartialEq)]
struct Expanded(BTreeSet<String>);

impl Reducible for Expanded {
    type Action = String;

    fn reduce(self: Rc<Self>, label: String) -> Rc<Self> {
        let mut all = self.0.clone();
        all.insert(label);
        Rc::new(Expanded(all))
    }
}

#[function_component(SpanList)]
pub fn span_list(props: &SpanListProps) -> Html {
    let lang = props.lang;
    let expanded = use_reducer(Expanded::default);
    let grouped = use_memo(props.spans.clone(), |spans| group(spans));
    html! {
        <section class="span-list" aria-label={tr(lang, T::Spans)}>
            <fieldset class="layer-filter">
                <legend>{ tr(lang, T::Layers) }</legend>
                { for Layer::ALL.iter().map(|&layer| {
                    let count = grouped.per_layer.get(&layer).copied().unwrap_or(0);
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
                    let Some(items) = grouped.by_label.get(&label.id) else { return Html::default() };
                    let selected = props.selected.filter(|id| items.iter().any(|a| a.id == *id));
                    html! {
                        <SpanGroup key={label.id.clone()} {lang} label={label.clone()} items={items.clone()} {selected}
                            measures={grouped.measures.clone()} all={expanded.0.contains(&label.id)}
                            expand={expanded.dispatcher()} on_select={props.on_select.clone()} />
                    }
                }) }
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SpanGroupProps {
    lang: Lang,
    label: Label,
    items: Rc<Vec<Rc<Annotation>>>,
    /// The selected span, when it is one of `items`.
    selected: Option<u64>,
    measures: Rc<HashMap<u64, String>>,
    /// Whether every item is listed, or the first hundred.
    all: bool,
    expand: UseReducerDispatcher<Expanded>,
    on_select: Callback<Option<u64>>,
}

/// The spans of one label: drawn again only when they, or the selection among them, change.
#[function_component(SpanGroup)]
fn span_group(props: &SpanGroupProps) -> Html {
    let (lang, label) = (props.lang, &props.label);
    let total = props.items.len();
    // The selected span is always listed, even past the first hundred.
    let shown: Vec<&Rc<Annotation>> = props
        .items
        .iter()
        .enumerate()
        .filter(|(i, a)| props.all || *i < SHOWN_PER_LABEL || props.selected == Some(a.id))
        .map(|(_, a)| a)
        .collect();
    let more = total - shown.len();
    let show_all = {
        let (expand, id) = (props.expand.clone(), label.id.clone());
        Callback::from(move |_: MouseEvent| expand.dispatch(id.clone()))
    };
    html! {
        <div class="span-group" data-label={label.id.clone()}>
            <h3 class="span-group-title">
                <span class="swatch" style={format!("background-color:{}", label.color)}></span>
                { &label.name }<span class="count">{ total }</span>
            </h3>
            <ul>
                { for shown.into_iter().map(|a| html! {
                    <SpanItem key={a.id} {lang} span={a.clone()} current={props.selected == Some(a.id)}
                        measure={props.measures.get(&a.id).cloned()} on_select={props.on_select.clone()} />
                }) }
            </ul>
            if more > 0 {
                <button class="button button-quiet span-list-more" onclick={show_all}>
                    { format!("显示其余 {more} 个 · show {more} more") }
                </button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SpanItemProps {
    lang: Lang,
    span: Rc<Annotation>,
    current: bool,
    /// The name of the measure the span belongs to.
    measure: Option<String>,
    on_select: Callback<Option<u64>>,
}

/// One span of the list: drawn again only when it, its selection or its measure changes.
#[function_component(SpanItem)]
fn span_item(props: &SpanItemProps) -> Html {
    let a = &props.span;
    let id = a.id;
    let select = props.on_select.reform(move |_: MouseEvent| Some(id));
    html! {
        <li>
            <button class={classes!("span-item", props.current.then_some("span-item-selected"), a.unconfirmed.then_some("span-item-suggested"))}
                onclick={select} data-span={id.to_string()}>
                { a.text.replace('\n', " ⏎ ") }
            </button>
            if let Some(m) = &props.measure {
                <span class="span-link" title={tr(props.lang, T::BelongsTo)}>{ format!("→ {m}") }</span>
            }
        </li>
    }
}
