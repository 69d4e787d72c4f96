//! The side panel beside the article: the selected span, the spans by label, the labels, the
//! suggestions' and the corpus's tools. It is drawn a frame after the article
//! ([`super::deferred`]): a tag shows in the article's next frame, and the panel (a new editor,
//! the list regrouped) follows in the one after.

use super::deferred::use_deferred;
use super::i18n::{tr, Lang, T};
use super::label_editor::LabelEditor;
use super::span_editor::SpanEditor;
use super::span_list::SpanList;
use super::state::{Action, AppState, NoticeKind};
use super::toolbar::files_of;
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use crate::effects::download::download_text;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

type Dispatcher = UseReducerDispatcher<AppState>;

/// What the panel shows: values of one state, so that a drawing of an older state stays whole.
#[derive(Properties, PartialEq, Clone)]
pub struct SidePanelProps {
    pub lang: Lang,
    pub labels: LabelSet,
    /// The open document and its spans.
    pub open: Option<(Rc<Document>, Rc<DocSpans>)>,
    pub selected: Option<u64>,
    pub hidden_layers: BTreeSet<Layer>,
    /// A document was deleted and can be brought back.
    pub can_undo_delete: bool,
    /// How often the selected span's text occurs in the other documents.
    pub in_corpus: usize,
    pub dispatcher: Dispatcher,
    pub on_reveal: Callback<Option<u64>>,
    pub on_undo_delete: Callback<MouseEvent>,
}

#[function_component(SidePanel)]
pub fn side_panel(latest: &SidePanelProps) -> Html {
    let root = use_node_ref();
    let props = use_deferred(latest.clone(), root.clone());
    let lang = props.lang;
    let dispatch = use_memo(props.dispatcher.clone(), |d| d.to_callback());
    let dispatch = (*dispatch).clone();
    let unconfirmed =
        props.open.as_ref().map_or(0, |(_, spans)| spans.annotations().iter().filter(|a| a.unconfirmed).count());
    let selected = props.open.as_ref().and_then(|(doc, spans)| Some((doc, spans, spans.get(props.selected?)?)));

    html! {
        <aside class="side-panel" ref={root}>
            if props.can_undo_delete {
                <button class="button button-quiet undo-delete" onclick={props.on_undo_delete.clone()}>{ tr(lang, T::UndoDelete) }</button>
            }
            if unconfirmed > 0 {
                <div class="suggestions-bar">
                    { format!("{unconfirmed} {}", tr(lang, T::Suggestions)) }
                    <button class="button" id="accept-all" onclick={dispatch.reform(|_: MouseEvent| Action::AcceptAll)}>{ tr(lang, T::AcceptAll) }</button>
                </div>
            }
            if props.open.is_some() {
                <button class="button done-next" onclick={dispatch.reform(|_: MouseEvent| Action::DoneNext)} title="Ctrl+Enter">{ tr(lang, T::MarkDone) }</button>
            }
            if let Some((doc, spans, span)) = selected {
                <SpanEditor key={span.id} {lang} labels={props.labels.clone()} spans={spans.clone()}
                    span={span.clone()} doc={doc.clone()} in_corpus={props.in_corpus}
                    on_tag_corpus={{
                        let (dispatcher, text, label, n) = (props.dispatcher.clone(), span.text.clone(), span.label.clone(), props.in_corpus);
                        let except = doc.id.clone();
                        Callback::from(move |()| tag_in_corpus(lang, &dispatcher, text.clone(), label.clone(), n, except.clone()))
                    }}
                    on_action={dispatch.clone()} />
            }
            if let Some((_, spans)) = &props.open {
                <SpanList {lang} labels={props.labels.clone()} spans={spans.clone()} selected={props.selected}
                    hidden_layers={props.hidden_layers.clone()} on_select={props.on_reveal.clone()}
                    on_toggle_layer={dispatch.reform(Action::ToggleLayer)} />
                <LabelEditor {lang} labels={props.labels.clone()} spans={spans.clone()} on_action={dispatch.clone()} />
            }
            <div class="gazetteer-tools">
                <button class="button button-quiet" id="export-gazetteer" onclick={Callback::from(|_: MouseEvent| export_gazetteer())}>
                    { tr(lang, T::ExportGazetteer) }
                </button>
                <label class="button button-quiet" for="gazetteer-input">{ tr(lang, T::ImportGazetteer) }</label>
                <input id="gazetteer-input" class="visually-hidden" type="file" accept=".json"
                    onchange={{
                        let dispatcher = props.dispatcher.clone();
                        Callback::from(move |e: Event| import_gazetteer(&e, dispatcher.clone()))
                    }} />
            </div>
            <p class="help">{ tr(lang, T::TaggingHelp) }</p>
        </aside>
    }
}

/// Asks with the count `n` first, then suggests the label across the corpus (but in `except`,
/// the open document).
fn tag_in_corpus(lang: Lang, dispatcher: &Dispatcher, text: String, label: String, n: usize, except: String) {
    let question = format!("{} {n}", tr(lang, T::ConfirmTagCorpus));
    if !web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false) {
        return;
    }
    wasm_bindgen_futures::spawn_local(super::corpus_flows::tag_in_corpus(dispatcher.clone(), text, label, except));
}

/// Downloads the gazetteer (entity string → label id) as JSON.
fn export_gazetteer() {
    let json = serde_json::to_string_pretty(&crate::effects::storage::load_gazetteer()).unwrap_or_default();
    if let Err(e) = download_text("biaozhu-gazetteer.json", "application/json", &json) {
        web_sys::console::error_1(&e.into());
    }
}

/// Merges a gazetteer file (an object of entity string → label id) into the stored one.
fn import_gazetteer(e: &Event, dispatcher: Dispatcher) {
    let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
    let Some(file) = files_of(input.files()).into_iter().next() else { return };
    input.set_value("");
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let text = gloo_file::futures::read_as_text(&gloo_file::File::from(file)).await.map_err(|e| e.to_string());
        let parsed = text.and_then(|t| {
            serde_json::from_str::<crate::core::suggest::Gazetteer>(&t)
                .map_err(|e| format!("not a gazetteer (an object of entity string → label id): {e}"))
        });
        match parsed {
            Ok(incoming) => {
                let mut gazetteer = crate::effects::storage::load_gazetteer();
                let n = incoming.len();
                gazetteer.extend(incoming);
                match crate::effects::storage::save_gazetteer(&gazetteer) {
                    Ok(()) => dispatcher.dispatch(Action::Notify(
                        NoticeKind::Info,
                        format!("{name}: {n} 个词条已导入 · {n} entries imported"),
                    )),
                    Err(e) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, e)),
                }
            }
            Err(e) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("{name}: {e}"))),
        }
    });
}
