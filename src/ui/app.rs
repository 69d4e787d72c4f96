//! The root component: owns the state, restores and saves the work, takes files and keys in.

use super::article::ArticleView;
use super::corpus_flows;
use super::doc_list::DocList;
use super::i18n::{tr, Lang, T};
use super::label_menu::LabelMenu;
use super::notices::Notices;
use super::paint::{Looks, Paint};
use super::side_panel::SidePanel;
use super::state::{Action, AppState, NoticeKind};
use super::toolbar::{files_of, Toolbar};
use crate::core::export::{file_name_for, native_json};
use crate::core::model::Document;
use crate::core::sample::{SAMPLE_ARTICLE, SAMPLE_FILE_NAME};
use crate::core::spans::DocSpans;
use crate::effects::download::download_text;
use crate::effects::files::{import_with_browser, read_all};
use crate::effects::selection::{clear_selection, selected_range};
use crate::effects::storage::{load_current, load_labels, load_settings, load_spans, Loaded};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::Reducible;

type Dispatcher = UseReducerDispatcher<AppState>;

/// Where actions go: the reducer's dispatcher, or the initial state while it is being built.
type Sink<'a> = &'a mut dyn FnMut(Action);

#[function_component(App)]
pub fn app() -> Html {
    // Restored before the first render, so nothing the analyst does can race with it.
    let state = use_reducer(|| {
        let mut state = Rc::new(AppState::default());
        restore(&mut |action| state = state.clone().reduce(action));
        (*state).clone()
    });
    let dragging = use_state(|| false);
    let usage = use_state(|| None::<String>);
    // The statistics view: closed (None), counting (Some(None)) or shown.
    let stats = use_state(|| None::<Option<crate::core::stats::Stats>>);
    // The state of the last render, for the ids and titles of the corpus when a batch starts
    // (spotting duplicates; the batch's own future cannot see later states). Worked out then,
    // not on every render.
    let latest = use_mut_ref(|| None::<UseReducerHandle<AppState>>);
    *latest.borrow_mut() = Some(state.clone());
    let latest_state = latest.clone();
    let latest_for_undo = latest.clone();
    let known = move || -> HashMap<String, String> {
        let latest = latest.borrow();
        latest.iter().flat_map(|s| s.corpus.entries()).map(|e| (e.id.clone(), e.title.clone())).collect()
    };
    {
        let dispatcher = state.dispatcher();
        let open = state.ws.as_ref().map(|ws| (ws.doc.clone(), ws.spans().clone()));
        let recovered = state.recovered;
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(corpus_flows::load_corpus(dispatcher, open, recovered))
        });
    }
    // The open document's id, for the other-tab listener installed once below.
    let open_id = use_mut_ref(|| None::<String>);
    *open_id.borrow_mut() = state.doc().map(|d| d.id.clone());
    {
        let (dispatcher, open_id) = (state.dispatcher(), open_id.clone());
        use_effect_with((), move |_| {
            crate::effects::tabs::listen(move |saved| {
                let (dispatcher, open) = (dispatcher.clone(), open_id.borrow().clone());
                wasm_bindgen_futures::spawn_local(corpus_flows::follow_other_tab(dispatcher, saved, open));
            })
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.want_doc.clone(), move |want| {
            if let Some(id) = want.clone() {
                wasm_bindgen_futures::spawn_local(corpus_flows::switch_to(dispatcher, id));
            }
        });
    }
    {
        let usage = usage.clone();
        use_effect_with(state.corpus.len(), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Some((used, quota)) = crate::effects::db::usage().await {
                    let tenths = (used / 1e5).round() as u64;
                    usage.set(Some(format!(
                        "{}.{} MB / {} MB",
                        tenths / 10,
                        tenths % 10,
                        (quota / 1e6).round() as u64
                    )));
                }
            })
        });
    }
    use_keyboard(state.dispatcher(), state.labels().iter().filter_map(|l| l.hotkey).collect());
    super::autosave::use_save_on_change(&state);
    use_scroll_to_selected(state.reveal, state.selected, state.plan.clone());

    let open_files = {
        let (dispatcher, known) = (state.dispatcher(), known.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            let (dispatcher, known) = (dispatcher.clone(), known());
            if files.len() > 1 {
                dispatcher.dispatch(Action::Reading(Some((0, files.len()))));
            }
            wasm_bindgen_futures::spawn_local(async move {
                let files = read_all(files).await;
                corpus_flows::open_files(dispatcher, files, known).await;
            });
        })
    };
    // The list's callbacks are the same on every render (the list is then drawn again only when
    // what it shows changes); deleting reads the state as of the last render.
    let list_callbacks = use_memo((), {
        let dispatch = state.dispatcher().to_callback();
        move |()| ListCallbacks {
            on_open: dispatch.reform(Action::RequestDoc),
            on_status: dispatch.reform(|(id, status)| Action::SetStatus(id, status)),
            on_query: dispatch.reform(Action::SetQuery),
            on_delete: Callback::from(move |id: String| {
                if let Some(state) = latest_state.borrow().clone() {
                    delete_document(&state, id);
                }
            }),
        }
    });
    // The same on every render (the side panel compares what it is given); reads the state as of
    // the last render.
    let on_undo_delete = use_memo((), {
        let latest = latest_for_undo;
        move |()| {
            Callback::from(move |_: MouseEvent| {
                let deleted = latest.borrow().as_ref().and_then(|s| Some((s.dispatcher(), s.deleted.clone()?)));
                if let Some((dispatcher, deleted)) = deleted {
                    wasm_bindgen_futures::spawn_local(corpus_flows::restore(dispatcher, deleted));
                }
            })
        }
    });
    let on_drop = {
        let (dragging, open_files, dispatcher) = (dragging.clone(), open_files.clone(), state.dispatcher());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(dt) = e.data_transfer() else { return };
            // Folders come as entries, which must be taken now, during the event.
            let entries = crate::effects::folders::dropped_entries(&dt);
            if entries.iter().any(|entry| entry.is_directory()) {
                let (open_files, dispatcher) = (open_files.clone(), dispatcher.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let files = crate::effects::folders::files_under(entries).await;
                    open_files.emit(articles_only(files, &dispatcher));
                });
            } else {
                open_files.emit(files_of(dt.files()));
            }
        })
    };
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |choice: super::toolbar::ExportChoice| export(&state, choice))
    };
    let on_import = {
        let (dispatcher, known) = (state.dispatcher(), known.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            let (dispatcher, known) = (dispatcher.clone(), known());
            wasm_bindgen_futures::spawn_local(async move {
                let files = read_all(files).await;
                corpus_flows::import_annotations(dispatcher, files, known).await;
            });
        })
    };
    let on_stats = {
        let (stats, state) = (stats.clone(), state.clone());
        Callback::from(move |()| {
            if stats.is_some() {
                return stats.set(None);
            }
            stats.set(Some(None));
            let (stats, labels, corpus, dispatcher) =
                (stats.clone(), state.labels().clone(), state.corpus.clone(), state.dispatcher());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::effects::db::load_all().await {
                    Ok((docs, problems)) => {
                        for p in problems {
                            dispatcher.dispatch(Action::Notify(NoticeKind::Error, p));
                        }
                        let computed = crate::core::stats::compute(&labels, &corpus, docs.iter().map(|(_, s)| s), 10);
                        stats.set(Some(Some(computed)));
                    }
                    Err(e) => {
                        dispatcher.dispatch(Action::Notify(NoticeKind::Error, e));
                        stats.set(None);
                    }
                }
            });
        })
    };
    let on_backup = {
        let state = state.clone();
        Callback::from(move |()| {
            let statuses = state.corpus.entries().iter().map(|e| (e.id.clone(), e.status)).collect();
            wasm_bindgen_futures::spawn_local(corpus_flows::backup(
                state.dispatcher(),
                state.labels().clone(),
                statuses,
            ));
        })
    };
    let on_restore = {
        let state = state.clone();
        Callback::from(move |file: web_sys::File| {
            // Nothing of the analyst's own yet (a first visit): no question to ask.
            let has_work = state
                .corpus
                .entries()
                .iter()
                .any(|e| e.counts.total() > 0 || e.status != crate::core::corpus::Status::Todo);
            let ask =
                |t: T| web_sys::window().and_then(|w| w.confirm_with_message(tr(state.lang, t)).ok()).unwrap_or(false);
            let mode = if !has_work {
                corpus_flows::RestoreMode::Replace
            } else if ask(T::AskMerge) {
                corpus_flows::RestoreMode::Merge
            } else if ask(T::AskReplace) {
                corpus_flows::RestoreMode::Replace
            } else {
                return;
            };
            let dispatcher = state.dispatcher();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match gloo_file::futures::read_as_text(&gloo_file::File::from(file)).await {
                    Ok(text) => corpus_flows::restore_backup(dispatcher, name, text, mode).await,
                    Err(e) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("{name}: {e}"))),
                }
            });
        })
    };
    // How often the selected span's text occurs in the other documents: scanning the corpus's
    // texts is done once per selection, after the selection is drawn (a thousand articles take
    // a while to search), and counted for the text it was asked for.
    let counted = use_state_eq(|| None::<(String, usize)>);
    let selected_text = state.selected.and_then(|id| state.ws.as_ref()?.spans().get(id)).map(|a| a.text.clone());
    let in_corpus = counted.as_ref().filter(|(text, _)| Some(text) == selected_text.as_ref()).map_or(0, |(_, n)| *n);
    {
        let (counted, open, texts) = (counted.clone(), state.doc().map(|d| d.id.clone()), state.texts.clone());
        use_effect_with((selected_text, open, Rc::as_ptr(&state.texts) as usize), move |(text, open, _)| {
            let (Some(text), open) = (text.clone(), open.clone()) else { return };
            wasm_bindgen_futures::spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::ZERO).await;
                let n = in_other_documents(&texts, open.as_deref(), &text);
                counted.set(Some((text, n)));
            });
        });
    }
    let act = |f: fn(()) -> Action| state.dispatcher().to_callback().reform(f);
    let dispatch = state.dispatcher().to_callback();
    // The same callbacks on every render, so that the span list's items are not redrawn for them.
    let on_select = (*use_memo((), {
        let dispatch = dispatch.clone();
        move |()| dispatch.reform(Action::Select)
    }))
    .clone();
    let on_reveal = (*use_memo((), {
        let dispatch = dispatch.clone();
        move |()| dispatch.reform(|id: Option<u64>| id.map_or(Action::Select(None), Action::Reveal))
    }))
    .clone();
    let lang = state.lang;
    // How each label looks, worked out when the labels change, not per render.
    let looks = use_memo(state.labels().clone(), Looks::of);
    let paint =
        state.ws.as_ref().map(|_| Paint { plan: state.plan.clone(), looks: looks.clone(), selected: state.selected });
    let ws = state.ws.as_ref();

    html! {
        <div id="app-root" class={classes!("app", dragging.then_some("app-dragging"))}
            ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
            <Toolbar {lang} can_undo={ws.is_some_and(|w| w.can_undo())} can_redo={ws.is_some_and(|w| w.can_redo())}
                on_files={open_files.clone()} on_folder={{
                    let (open_files, dispatcher) = (open_files.clone(), state.dispatcher());
                    Callback::from(move |files| open_files.emit(articles_only(files, &dispatcher)))
                }} {on_export} {on_import} {on_stats} {on_backup} {on_restore} on_undo={act(|_| Action::Undo)} on_redo={act(|_| Action::Redo)}
                on_lang={dispatch.reform(Action::SetLang)} />
            <Notices notices={state.notices.clone()} on_dismiss={dispatch.reform(Action::Dismiss)} />
            if let Some((done, total)) = state.reading {
                <div class="reading" role="status">
                    <progress max={total.to_string()} value={done.to_string()}></progress>
                    { format!(" {} {done} / {total}", tr(lang, T::Reading)) }
                </div>
            }
            <div class="workbench">
                <DocList {lang} corpus={state.corpus.clone()} query={state.query.clone()} texts={state.texts.clone()}
                    current={state.doc().map(|d| d.id.clone())} usage={(*usage).clone()}
                    on_open={list_callbacks.on_open.clone()} on_status={list_callbacks.on_status.clone()}
                    on_delete={list_callbacks.on_delete.clone()} on_query={list_callbacks.on_query.clone()} />
                <main class="reader">
                    if let Some(shown) = (*stats).clone() {
                        <super::stats_view::StatsView {lang} labels={state.labels().clone()} stats={shown}
                            on_close={{ let stats = stats.clone(); Callback::from(move |()| stats.set(None)) }} />
                    } else if let (Some(ws), Some(paint)) = (ws, paint) {
                        <ArticleView doc={ws.doc.clone()} {paint}
                            on_select={on_select.clone()} on_menu={dispatch.reform(Action::OpenMenu)} />
                    }
                </main>
                <SidePanel {lang} labels={state.labels().clone()} open={ws.map(|w| (w.doc.clone(), w.shared_spans()))}
                    selected={state.selected} hidden_layers={state.hidden_layers.clone()} can_undo_delete={state.deleted.is_some()}
                    {in_corpus} dispatcher={state.dispatcher()} on_reveal={on_reveal} on_undo_delete={(*on_undo_delete).clone()} />
            </div>
            if let Some(menu) = state.menu {
                <LabelMenu {menu} labels={state.labels().clone()}
                    on_pick={dispatch.reform(move |label| {
                        clear_selection();
                        Action::Tag { start: menu.start, end: menu.end, label }
                    })} />
            }
            if *dragging {
                <div class="drop-hint" aria-hidden="true">{ tr(lang, T::DropHint) }</div>
            }
        </div>
    }
}

struct ListCallbacks {
    on_open: Callback<String>,
    on_status: Callback<(String, crate::core::corpus::Status)>,
    on_query: Callback<crate::core::corpus::ListQuery>,
    on_delete: Callback<String>,
}

/// The files of a folder that can be articles; the others are counted in a notice.
pub fn articles_only(files: Vec<web_sys::File>, dispatcher: &Dispatcher) -> Vec<web_sys::File> {
    let total = files.len();
    let kept: Vec<web_sys::File> = files.into_iter().filter(|f| super::toolbar::is_article_name(&f.name())).collect();
    if kept.len() < total {
        let skipped = total - kept.len();
        dispatcher.dispatch(Action::Notify(
            NoticeKind::Info,
            format!("跳过 {skipped} 个非文章文件 · {skipped} files in the folder are not articles (.md, .txt, .html) and were skipped"),
        ));
    }
    kept
}

/// Shows a document with the spans stored for it.
fn show(sink: Sink, doc: Document) {
    let spans = match load_spans(&doc) {
        Ok(Loaded::Found(spans)) => {
            // Work written as the page closed, before IndexedDB had it: it is saved there again.
            sink(Action::Open { doc, spans });
            return sink(Action::Recovered);
        }
        Ok(Loaded::Nothing) => DocSpans::default(),
        Ok(Loaded::Unreadable { reason, kept_as }) => {
            report_unreadable(sink, "spans", reason, kept_as);
            DocSpans::default()
        }
        Err(e) => {
            sink(Action::Notify(NoticeKind::Error, e));
            DocSpans::default()
        }
    };
    sink(Action::Open { doc, spans });
}

/// Brings back labels, settings and the open document (or shows the sample on a first visit).
fn restore(sink: Sink) {
    let settings: super::autosave::Settings = load_settings().unwrap_or_default();
    sink(Action::SetLang(settings.lang.unwrap_or_else(Lang::from_browser)));
    for layer in settings.hidden_layers {
        sink(Action::ToggleLayer(layer));
    }
    match load_labels() {
        Ok(Loaded::Found(labels)) => sink(Action::SetLabels(labels)),
        Ok(Loaded::Nothing) => {}
        Ok(Loaded::Unreadable { reason, kept_as }) => report_unreadable(sink, "labels", reason, kept_as),
        Err(e) => sink(Action::Notify(NoticeKind::Error, e)),
    }
    match load_current() {
        Ok(Loaded::Found(doc)) => return show(sink, doc),
        Ok(Loaded::Nothing) => {}
        Ok(Loaded::Unreadable { reason, kept_as }) => report_unreadable(sink, "document", reason, kept_as),
        Err(e) => sink(Action::Notify(NoticeKind::Error, e)),
    }
    match import_with_browser(SAMPLE_FILE_NAME, SAMPLE_ARTICLE.as_bytes()) {
        Ok(doc) => show(sink, doc),
        Err(e) => sink(Action::Notify(NoticeKind::Error, e.to_string())),
    }
}

fn report_unreadable(sink: Sink, what: &str, reason: String, kept_as: Option<String>) {
    let kept = match &kept_as {
        Some(key) => format!("It was kept unchanged as {key}. 原数据已另存为 {key}。"),
        None => {
            "It could not be set aside, so saving is paused to avoid overwriting it. 无法另存，已暂停保存以免覆盖。"
                .to_string()
        }
    };
    sink(Action::Notify(
        NoticeKind::Error,
        format!("The saved {what} could not be read 已保存的数据无法读取: {reason}. {kept}"),
    ));
    if kept_as.is_none() {
        sink(Action::BlockSaving);
    }
}

/// Occurrences of `text` in the documents other than `open` (from the texts loaded for search).
fn in_other_documents(texts: &HashMap<String, Rc<str>>, open: Option<&str>, text: &str) -> usize {
    texts
        .iter()
        .filter(|(id, _)| Some(id.as_str()) != open)
        .map(|(_, t)| crate::core::workspace::occurrences(t, text).len())
        .sum()
}

/// Asks, then deletes a document; the open one gives way to its neighbour in the list.
fn delete_document(state: &UseReducerHandle<AppState>, id: String) {
    let Some((at, entry)) = state.corpus.entries().iter().enumerate().find(|(_, e)| e.id == id) else { return };
    let question = format!("{}\n{}", tr(state.lang, T::ConfirmDelete), entry.title);
    let confirmed = web_sys::window().and_then(|w| w.confirm_with_message(&question).ok()).unwrap_or(false);
    if !confirmed {
        return;
    }
    let then_open =
        if state.doc().is_some_and(|d| d.id == id) { state.neighbour(true).filter(|n| *n != id) } else { None };
    wasm_bindgen_futures::spawn_local(corpus_flows::delete(state.dispatcher(), entry.clone(), at, then_open));
}

/// Exports the open document or the whole corpus in the chosen format. The open document in
/// the native format is the default; every span is checked before anything is written.
fn export(state: &UseReducerHandle<AppState>, choice: super::toolbar::ExportChoice) {
    use crate::core::formats::{export as export_as, ExportOptions, Format};
    let Some(ws) = state.ws.clone() else { return };
    let statuses: crate::core::export::Statuses =
        state.corpus.entries().iter().map(|e| (e.id.clone(), e.status)).collect();
    let (labels, dispatcher) = (ws.labels().clone(), state.dispatcher());
    wasm_bindgen_futures::spawn_local(async move {
        let result = async {
            if choice.format == Format::Native && !choice.whole_corpus {
                let json = native_json(&labels, &[(&ws.doc, ws.spans())]).map_err(|e| e.to_string())?;
                return download_text(&file_name_for(&ws.doc), "application/json", &json).map(|()| Vec::new());
            }
            let corpus = if choice.whole_corpus {
                let (docs, problems) = crate::effects::db::load_all().await?;
                for p in problems {
                    dispatcher.dispatch(Action::Notify(NoticeKind::Error, p));
                }
                docs
            } else {
                vec![((*ws.doc).clone(), ws.spans().clone())]
            };
            let pairs: Vec<(&crate::core::model::Document, &crate::core::spans::DocSpans)> =
                corpus.iter().map(|(d, s)| (d, s)).collect();
            let options = ExportOptions { layer: choice.layer, statuses };
            let exported = export_as(choice.format, &labels, &pairs, &options).map_err(|e| e.to_string())?;
            let layer =
                if choice.format.is_per_layer() { format!(".{}", choice.layer.as_str()) } else { String::new() };
            let stem = if choice.whole_corpus {
                "biaozhu-corpus".to_string()
            } else {
                file_name_for(&ws.doc).trim_end_matches(".biaozhu.json").to_string()
            };
            let name = format!("{stem}.{}{layer}.{}", choice.format.as_str(), exported.extension);
            crate::effects::download::download_bytes(&name, exported.mime, &exported.bytes)?;
            Ok(exported.report)
        }
        .await;
        match result {
            Ok(report) => {
                for line in report {
                    dispatcher.dispatch(Action::Notify(NoticeKind::Info, line));
                }
            }
            Err(e) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, format!("Export stopped 导出已中止: {e}"))),
        }
    });
}

/// Brings the selected span into view when asked to (a click in the list, Tab): its block is
/// found from the plan, then the span in it.
#[hook]
fn use_scroll_to_selected(reveal: u64, selected: Option<u64>, plan: Rc<crate::core::render_plan::RenderPlan>) {
    use_effect_with(reveal, move |_| {
        let Some(id) = selected else { return };
        let Some(block) = plan.blocks_of(id).next() else { return };
        let found = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            let block = d.query_selector(&format!("article.doc [data-block=\"{block}\"]")).ok().flatten()?;
            block.query_selector(&format!(".seg[data-spans~=\"{id}\"]")).ok().flatten()
        });
        if let Some(seg) = found {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            seg.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// Keys anywhere on the page (outside form fields): label hotkeys, Delete, Tab, Escape, undo/redo.
#[hook]
fn use_keyboard(dispatcher: Dispatcher, hotkeys: Vec<char>) {
    // The listener is installed once; it reads the hotkeys of the latest render through this cell.
    let current = use_mut_ref(Vec::new);
    *current.borrow_mut() = hotkeys;
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
            if let Some(action) = key_action(&e, &current.borrow()) {
                e.prevent_default();
                dispatcher.dispatch(action);
            }
        });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ = d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = document {
                let _ = d.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
        }
    });
}

/// What a key press means, if anything. Keys typed into a field are the field's.
fn key_action(e: &web_sys::KeyboardEvent, hotkeys: &[char]) -> Option<Action> {
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let in_field = target.as_ref().is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.closest("[contenteditable]").ok().flatten().is_some()
    });
    if in_field || e.is_composing() {
        return None;
    }
    // Tab and Delete belong to the page only when focus is not on a control (a button, a link).
    let on_page =
        target.as_ref().is_none_or(|el| el.tag_name() == "BODY" || el.closest("article.doc").ok().flatten().is_some());
    let key = e.key();
    if e.alt_key() && !e.ctrl_key() && !e.meta_key() {
        return match key.as_str() {
            "ArrowDown" => Some(Action::StepDoc(true)),
            "ArrowUp" => Some(Action::StepDoc(false)),
            _ => None,
        };
    }
    if (e.ctrl_key() || e.meta_key()) && !e.alt_key() {
        return match key.to_ascii_lowercase().as_str() {
            "enter" => Some(Action::DoneNext),
            "z" if e.shift_key() => Some(Action::Redo),
            "z" => Some(Action::Undo),
            "y" => Some(Action::Redo),
            _ => None,
        };
    }
    if e.alt_key() || e.ctrl_key() || e.meta_key() {
        return None;
    }
    match key.as_str() {
        "Delete" | "Backspace" if on_page => Some(Action::DeleteSelected),
        "Enter" if on_page => Some(Action::AcceptSelected),
        "Tab" if on_page => Some(Action::Step(!e.shift_key())),
        "Escape" => {
            clear_selection();
            Some(Action::Select(None))
        }
        _ => {
            let mut chars = key.chars();
            let c = chars.next().filter(|_| chars.next().is_none())?;
            if !hotkeys.contains(&c) {
                return None;
            }
            let selection = selected_range();
            if selection.is_some() {
                clear_selection();
            }
            Some(Action::Hotkey { key: c, selection })
        }
    }
}
