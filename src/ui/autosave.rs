//! Saving as the analyst works: every change is written at once. An edit writes only the span
//! records it changed ([`crate::core::storage::span_records`]), so the save asks little of the
//! page: its requests go out before the browser draws the edit, and IndexedDB commits them while
//! the page is drawn.
//!
//! A change queues a save of the state it left; changes that come while a save runs are folded
//! into the next one (the last state holds them all), and one save runs at a time. The spans go to
//! IndexedDB, and every save is written down in the save journal in local storage first, in the
//! task of the edit, so that a page that crashes before IndexedDB has answered loses nothing (the
//! next visit replays it, [`super::recovery`]). Should the page close while saves wait or run,
//! their spans are also written to local storage at once (working copies, one per document), to
//! be taken up and saved again on the next visit (the open document's as the app starts, the
//! others' by [`super::recovery`]).

use super::corpus_flows;
use super::state::{Action, AppState, NoticeKind};
use crate::core::corpus::Entry;
use crate::core::workspace::Workspace;
use crate::effects::db::SaveError;
use crate::effects::storage::{forget_spans, save_current, save_labels, save_settings, save_spans};
use crate::effects::tabs;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

type Dispatcher = UseReducerDispatcher<AppState>;

/// The analyst's settings, kept in local storage.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub lang: Option<super::i18n::Lang>,
    #[serde(default)]
    pub hidden_layers: Vec<crate::core::labels::Layer>,
}

/// How long after a save the gazetteer learns from it (see [`learn_later`]).
const LEARN_AFTER_MS: i32 = 1_500;

/// What one change asks to be saved.
struct Job {
    settings: Settings,
    /// The open document's work (its labels go to local storage).
    ws: Option<Workspace>,
    /// Its list entry, when its spans must also go to IndexedDB (an edit, not a reload).
    to_db: Option<Entry>,
}

impl Job {
    fn doc_id(&self) -> Option<&str> {
        self.ws.as_ref().map(|ws| ws.doc.id.as_str())
    }

    /// This job with a later one of the same document folded in.
    fn then(self, later: Job) -> Job {
        Job { to_db: later.to_db.or(self.to_db), ..later }
    }
}

/// The saves waiting to run, one per document, oldest first.
#[derive(Default)]
struct Queue {
    jobs: RefCell<Vec<Job>>,
    running: Cell<bool>,
    /// The work whose spans are being written to IndexedDB now.
    in_flight: RefCell<Option<Workspace>>,
}

impl Queue {
    fn push(&self, job: Job) {
        let mut jobs = self.jobs.borrow_mut();
        match jobs.iter().position(|j| j.doc_id() == job.doc_id()) {
            Some(at) => {
                let earlier = jobs.remove(at);
                jobs.push(earlier.then(job));
            }
            None => jobs.push(job),
        }
    }

    fn next(&self) -> Option<Job> {
        let mut jobs = self.jobs.borrow_mut();
        (!jobs.is_empty()).then(|| jobs.remove(0))
    }

    /// The page is going away: what waits to be saved, or is being saved, is written to local
    /// storage now, where the next visit finds it.
    fn flush_local(&self, dispatcher: &Dispatcher) {
        report(dispatcher, crate::effects::storage::learn_due());
        for job in self.jobs.borrow().iter() {
            write_local(dispatcher, job);
        }
        // Every document's latest unsaved spans: those waiting, and those being saved unless a
        // later edit of the same document waits.
        let waiting: Vec<Workspace> =
            self.jobs.borrow().iter().filter(|j| j.to_db.is_some()).filter_map(|j| j.ws.clone()).collect();
        let running = self.in_flight.borrow().clone().filter(|ws| waiting.iter().all(|w| w.doc.id != ws.doc.id));
        for ws in waiting.iter().chain(running.iter()) {
            report(dispatcher, save_spans(&ws.doc.id, ws.spans()));
        }
    }
}

/// The gazetteer learns from saved work a moment later, from the latest spans saved by then
/// ([`crate::effects::storage::learn_soon`]).
fn learn_later(ws: &Workspace, dispatcher: &Dispatcher) {
    match crate::effects::storage::learn_soon(&ws.doc.id, ws.spans()) {
        Ok(true) => {}
        // A lesson is already due: it will read these spans.
        Ok(false) => return,
        Err(e) => return report(dispatcher, Err(e)),
    }
    let dispatcher = dispatcher.clone();
    let lesson = Closure::once_into_js(move || report(&dispatcher, crate::effects::storage::learn_due()));
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(lesson.unchecked_ref(), LEARN_AFTER_MS);
    }
}

/// Settings and labels (small) go to local storage with every change.
fn write_local(dispatcher: &Dispatcher, job: &Job) {
    report(dispatcher, save_settings(&job.settings));
    if let Some(ws) = &job.ws {
        report(dispatcher, save_labels(ws.labels()));
    }
}

fn report(dispatcher: &Dispatcher, result: Result<(), String>) {
    if let Err(e) = result {
        dispatcher.dispatch(Action::Notify(NoticeKind::Error, e));
    }
}

/// Runs the waiting saves, one after another.
async fn run(queue: Rc<Queue>, dispatcher: Dispatcher) {
    while let Some(job) = queue.next() {
        write_local(&dispatcher, &job);
        if let (Some(ws), Some(entry)) = (job.ws, job.to_db) {
            *queue.in_flight.borrow_mut() = Some(ws.clone());
            if save_to_db(&dispatcher, &ws, entry).await {
                learn_later(&ws, &dispatcher);
            }
            *queue.in_flight.borrow_mut() = None;
        }
    }
    queue.running.set(false);
}

/// The open document's spans (with its list entry) go to IndexedDB, unless another tab saved
/// newer ones: then nothing is overwritten, and the document is reloaded. Whether they were saved.
async fn save_to_db(dispatcher: &Dispatcher, ws: &Workspace, entry: Entry) -> bool {
    let id = ws.doc.id.clone();
    match crate::effects::db::save_spans(&id, ws.spans(), &entry, tabs::base_rev(&id)).await {
        Ok(rev) => {
            // IndexedDB has this work now: a working copy left by a closing page is not needed.
            forget_spans(&id);
            mark_saved();
            tabs::set_base_rev(&id, rev);
            tabs::announce(Some((id, rev)), true);
            true
        }
        Err(SaveError::Conflict(_)) => {
            dispatcher.dispatch(Action::Notify(
                NoticeKind::Error,
                "另一个标签页已修改这篇文章，刚才的改动未保存，已载入最新版本 · Another tab changed this document: your last edit was not saved, and its latest spans were loaded.".to_string(),
            ));
            corpus_flows::switch_to(dispatcher.clone(), id).await;
            false
        }
        Err(SaveError::Failed(e)) => {
            report(dispatcher, Err(e));
            false
        }
    }
}

/// Saves whatever changed: the document when another one opens, spans and labels on every edit.
#[hook]
pub fn use_save_on_change(state: &UseReducerHandle<AppState>) {
    let queue = use_memo((), |()| Rc::new(Queue::default()));
    let queue: Rc<Queue> = (*queue).clone();
    {
        let (queue, dispatcher) = (queue.clone(), state.dispatcher());
        use_effect_with((), move |()| flush_on_page_hide(queue, dispatcher));
    }
    {
        let (doc, blocked, dispatcher) = (state.doc().cloned(), state.saving_blocked, state.dispatcher());
        use_effect_with(doc.as_ref().map(|d| d.id.clone()), move |_| {
            if let (Some(doc), false) = (doc, blocked) {
                report(&dispatcher, save_current(&doc));
            }
        });
    }
    let (ws, blocked, loaded, dispatcher) =
        (state.ws.clone(), state.saving_blocked, state.corpus_loaded, state.dispatcher());
    let settings = Settings { lang: Some(state.lang), hidden_layers: state.hidden_layers.iter().copied().collect() };
    let entry = state.doc().and_then(|d| state.corpus.get(&d.id).cloned());
    // The edits count of the last save to IndexedDB queued: an edit of the open document goes
    // there (a document loaded from storage is not written back as if it were new work). Edits
    // made before the list has loaded are saved once it has.
    let saved_edits = use_mut_ref(|| 0u64);
    {
        let queue = queue.clone();
        use_effect_with((state.revision, state.edits, loaded), move |&(revision, edits, _)| {
            if blocked || revision == 0 {
                return;
            }
            let edited = edits != 0 && edits != *saved_edits.borrow();
            let to_db = entry.filter(|_| edited && loaded && ws.is_some());
            if to_db.is_some() {
                *saved_edits.borrow_mut() = edits;
            }
            if let (true, Some(ws), Some(entry)) = (queue.running.get(), &ws, &to_db) {
                // A save runs: this one waits for it, written down in the journal meanwhile.
                crate::effects::db::journal_waiting(&ws.doc.id, ws.spans(), entry, tabs::base_rev(&ws.doc.id));
            }
            queue.push(Job { settings, ws, to_db });
            if !queue.running.replace(true) {
                wasm_bindgen_futures::spawn_local(run(queue, dispatcher));
            }
        });
    }
    // Other documents' list entries (a status set from the list) are written when they change.
    let (corpus, open, dispatcher) = (state.corpus.clone(), state.doc().map(|d| d.id.clone()), state.dispatcher());
    let written = use_mut_ref(HashMap::<String, Entry>::new);
    use_effect_with(state.corpus.clone(), move |_| {
        if blocked || !loaded {
            return;
        }
        let mut changed: Vec<Entry> = Vec::new();
        {
            let mut written = written.borrow_mut();
            // An entry seen for the first time was just loaded or stored: only changes are written.
            for e in corpus.entries() {
                match written.get(&e.id) {
                    Some(before) if before == e => {}
                    Some(_) => {
                        if open.as_deref() != Some(e.id.as_str()) {
                            changed.push(e.clone());
                        }
                        written.insert(e.id.clone(), e.clone());
                    }
                    None => {
                        written.insert(e.id.clone(), e.clone());
                    }
                }
            }
        }
        if changed.is_empty() {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            for entry in changed {
                report(&dispatcher, crate::effects::db::save_entry(&entry).await);
            }
            tabs::announce(None, false);
        });
    });
}

/// Writes what waits to be saved to local storage when the page is hidden or closed.
fn flush_on_page_hide(queue: Rc<Queue>, dispatcher: Dispatcher) -> impl FnOnce() {
    let listener = Closure::<dyn Fn()>::new(move || queue.flush_local(&dispatcher));
    let window = web_sys::window();
    if let Some(w) = &window {
        let _ = w.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(w) = window {
            let _ = w.remove_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
        }
    }
}

/// Stamps the page with when work last reached IndexedDB (`data-saved-at` on the body, in
/// milliseconds since the epoch): the benchmark times "tagged → saved" by it.
fn mark_saved() {
    crate::effects::storage::stamp_now("data-saved-at");
}
