//! Saving as the analyst works: every change is written, but after the browser has drawn it, so
//! that an edit shows in one frame however many spans the document has.
//!
//! A change queues a save of the state it left; changes that come before the save starts are
//! folded into it (the last state holds them all), one save runs at a time, and a page being
//! closed writes the local-storage copy at once.

use super::corpus_flows;
use super::state::{Action, AppState, NoticeKind};
use crate::core::corpus::Entry;
use crate::core::workspace::Workspace;
use crate::effects::db::SaveError;
use crate::effects::storage::{forget_spans, save_current, save_labels, save_settings, save_spans_encoded};
use crate::effects::tabs;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

type Dispatcher = UseReducerDispatcher<AppState>;

/// What one change asks to be saved.
struct Job {
    settings: serde_json::Value,
    /// The open document's work: labels and the working copy of its spans in local storage.
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
    /// Documents whose working copy is in local storage (only the open one's is kept).
    working_copy: RefCell<Option<String>>,
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

    /// Writes the local-storage part of every waiting save now (the page is going away).
    fn flush_local(&self, dispatcher: &Dispatcher) {
        for job in self.jobs.borrow().iter() {
            self.write_local(dispatcher, job);
        }
    }

    fn write_local(&self, dispatcher: &Dispatcher, job: &Job) -> Option<String> {
        report(dispatcher, save_settings(&job.settings));
        let ws = job.ws.as_ref()?;
        report(dispatcher, save_labels(ws.labels()));
        let previous = self.working_copy.borrow_mut().replace(ws.doc.id.clone());
        if let Some(old) = previous.filter(|old| *old != ws.doc.id) {
            forget_spans(&old);
        }
        let encoded = crate::core::storage::encode_spans(ws.spans());
        report(dispatcher, save_spans_encoded(&ws.doc.id, &encoded));
        Some(encoded)
    }
}

fn report(dispatcher: &Dispatcher, result: Result<(), String>) {
    if let Err(e) = result {
        dispatcher.dispatch(Action::Notify(NoticeKind::Error, e));
    }
}

/// Runs the waiting saves, one after another, each after the browser has drawn what changed.
async fn run(queue: Rc<Queue>, dispatcher: Dispatcher) {
    loop {
        yew::platform::time::sleep(Duration::ZERO).await;
        let Some(job) = queue.next() else { break };
        let encoded = queue.write_local(&dispatcher, &job);
        if let (Some(ws), Some(entry), Some(encoded)) = (job.ws, job.to_db, encoded) {
            save_to_db(&dispatcher, ws, entry, encoded).await;
        }
    }
    queue.running.set(false);
}

/// The open document's spans (with its list entry) go to IndexedDB, unless another tab saved
/// newer ones: then nothing is overwritten, and the document is reloaded.
async fn save_to_db(dispatcher: &Dispatcher, ws: Workspace, entry: Entry, encoded: String) {
    let id = ws.doc.id.clone();
    // Confirmed entities join the gazetteer, to be suggested in documents opened later.
    let mut gazetteer = crate::effects::storage::load_gazetteer();
    let before = gazetteer.len();
    crate::core::suggest::learn(&mut gazetteer, ws.spans());
    if gazetteer.len() != before {
        report(dispatcher, crate::effects::storage::save_gazetteer(&gazetteer));
    }
    match crate::effects::db::save_spans_encoded(&id, encoded, &entry, tabs::base_rev(&id)).await {
        Ok(rev) => {
            tabs::set_base_rev(&id, rev);
            tabs::announce(Some((id, rev)), true);
        }
        Err(SaveError::Conflict(_)) => {
            dispatcher.dispatch(Action::Notify(
                NoticeKind::Error,
                "另一个标签页已修改这篇文章，刚才的改动未保存，已载入最新版本 · Another tab changed this document: your last edit was not saved, and its latest spans were loaded.".to_string(),
            ));
            corpus_flows::switch_to(dispatcher.clone(), id).await;
        }
        Err(SaveError::Failed(e)) => report(dispatcher, Err(e)),
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
    let settings = serde_json::json!({ "lang": state.lang, "hidden_layers": state.hidden_layers });
    let entry = state.doc().and_then(|d| state.corpus.get(&d.id).cloned());
    // The edits count of the last save queued: an edit of the open document goes to IndexedDB
    // too (a document loaded from storage is not written back as if it were new work).
    let saved_edits = use_mut_ref(|| 0u64);
    {
        let queue = queue.clone();
        use_effect_with((state.revision, state.edits), move |&(revision, edits)| {
            if blocked || revision == 0 {
                return;
            }
            let edited = edits != 0 && edits != std::mem::replace(&mut *saved_edits.borrow_mut(), edits);
            let to_db = entry.filter(|_| edited && loaded && ws.is_some());
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
