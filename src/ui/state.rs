//! The app state and the only way it changes: [`Action`]s reduced by [`AppState::reduce`], which
//! calls the core for every edit. Effects (storage, files) happen outside, in the components.

use super::i18n::Lang;
use crate::core::annotation::Attributes;
use crate::core::corpus::{CorpusIndex, Entry, ListQuery, Status};
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::render_plan::{replan, RenderPlan};
use crate::core::spans::DocSpans;
use crate::core::workspace::{Edit, EditError, Workspace};
use std::collections::BTreeSet;
use std::rc::Rc;

/// How many notices other than errors stay on screen.
const MAX_OTHER_NOTICES: usize = 3;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Never reused, so a dismissed notice cannot take another's place.
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
}

/// Where the label menu opens, and for which range of the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Menu {
    pub x: f64,
    pub y: f64,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    /// The open document and the work on it; `None` only before the first load.
    pub ws: Option<Workspace>,
    /// Labels in use when no document is open yet.
    pub labels: LabelSet,
    /// How the visible spans are drawn; recomputed after every change, never per keystroke.
    pub plan: Rc<RenderPlan>,
    /// The document `plan` was made for.
    planned_for: Option<String>,
    pub selected: Option<u64>,
    pub hidden_layers: BTreeSet<Layer>,
    pub lang: Lang,
    pub menu: Option<Menu>,
    pub notices: Vec<Notice>,
    next_notice: u64,
    /// Bumped by every change that must be saved.
    pub revision: u64,
    /// Bumped only by the analyst's own edits of the open document (not by loading one), so that
    /// a reload from storage is never written back as if it were new work.
    pub edits: u64,
    /// Stored data could not be read nor set aside: saving would overwrite it, so saving is off.
    pub saving_blocked: bool,
    /// Every document opened so far (the list); loaded from IndexedDB after the first render.
    pub corpus: CorpusIndex,
    pub corpus_loaded: bool,
    pub query: ListQuery,
    /// Texts of the corpus's documents, for searching them (loaded in the background).
    pub texts: Rc<std::collections::HashMap<String, Rc<str>>>,
    /// The last deleted document, so that its deletion can be undone.
    pub deleted: Option<Rc<Deleted>>,
    /// Files read so far and in all, while a batch is being opened.
    pub reading: Option<(usize, usize)>,
    /// A document asked for (from the list or by key), being loaded from storage.
    pub want_doc: Option<String>,
    /// The open document's spans came from the copy written as the page last closed.
    pub recovered: bool,
    /// Bumped when the selected span is to be scrolled into view (not when it was picked in the
    /// article, where it is in view already).
    pub reveal: u64,
}

/// A deleted document with everything needed to bring it back.
#[derive(Debug, PartialEq)]
pub struct Deleted {
    pub at: usize,
    pub entry: Entry,
    pub doc: Document,
    pub spans: DocSpans,
}

pub enum Action {
    /// Show a document with its stored spans (restoring, switching, or after files were read).
    Open {
        doc: Document,
        spans: DocSpans,
    },
    /// The open document's spans are work the page kept as it closed: they count as an edit, to
    /// be saved to IndexedDB.
    Recovered,
    /// The list came back from storage.
    CorpusLoaded(Vec<Entry>),
    /// The whole list was replaced (a restored backup).
    CorpusReplaced(Vec<Entry>),
    /// Documents were added to the corpus (already stored).
    Added(Vec<Entry>),
    TextsLoaded(std::collections::HashMap<String, Rc<str>>),
    /// Texts of documents just added, for the search.
    TextsAdded(Vec<(String, Rc<str>)>),
    SetStatus(String, Status),
    SetQuery(ListQuery),
    /// A document was deleted from storage; keep it for undo and drop it from the list.
    DocDeleted(Rc<Deleted>),
    /// Its deletion was undone (it is stored again).
    DocRestored,
    Reading(Option<(usize, usize)>),
    /// Accept the selected suggestion.
    AcceptSelected,
    AcceptAll,
    /// Suggest the selected span's label for every other occurrence of its text.
    TagAllOccurrences(u64),
    /// Ask for a document by id (it is loaded from storage, then opened).
    RequestDoc(String),
    /// Ask for the next (`true`) or previous document of the list as shown.
    StepDoc(bool),
    /// Mark the open document done and go on to the next one.
    DoneNext,
    SetLabels(LabelSet),
    /// A label hotkey: tags the selection when there is one, else relabels the selected span.
    Hotkey {
        key: char,
        selection: Option<(usize, usize)>,
    },
    Tag {
        start: usize,
        end: usize,
        label: String,
    },
    Select(Option<u64>),
    /// Selects a span and brings it into view (from the span list).
    Reveal(u64),
    /// Moves the selection to the next (`true`) or previous visible span, into view.
    Step(bool),
    DeleteSelected,
    Relabel {
        id: u64,
        label: String,
    },
    SetAttributes {
        id: u64,
        attributes: Attributes,
    },
    SetNote {
        id: u64,
        note: String,
    },
    Link {
        from: u64,
        to: Option<u64>,
    },
    /// A label-set edit (add, update, move).
    EditLabels(Edit),
    RemoveLabel {
        id: String,
        replacement: Option<String>,
    },
    Undo,
    Redo,
    ToggleLayer(Layer),
    SetLang(Lang),
    OpenMenu(Menu),
    CloseMenu,
    Notify(NoticeKind, String),
    Dismiss(u64),
    BlockSaving,
}

impl AppState {
    pub fn labels(&self) -> &LabelSet {
        self.ws.as_ref().map_or(&self.labels, |ws| ws.labels())
    }

    pub fn doc(&self) -> Option<&Rc<Document>> {
        self.ws.as_ref().map(|ws| &ws.doc)
    }

    /// Shows a notice. Only the latest few notices that are not errors stay: the rest scroll
    /// away instead of piling up over the article. Errors stay until dismissed.
    fn notify(&mut self, kind: NoticeKind, text: String) {
        self.notices.push(Notice { id: self.next_notice, kind, text });
        self.next_notice += 1;
        let mut others = self.notices.iter().filter(|n| n.kind != NoticeKind::Error).count();
        self.notices.retain(|n| {
            let drop = n.kind != NoticeKind::Error && others > MAX_OTHER_NOTICES;
            others -= usize::from(drop);
            !drop
        });
    }

    /// Runs an edit on the workspace; on success the plan is redrawn and the change saved.
    fn edit(&mut self, f: impl FnOnce(&mut Workspace) -> Result<(), EditError>) {
        let Some(ws) = self.ws.as_mut() else { return };
        match f(ws) {
            Ok(()) => {
                self.edits += 1;
                self.changed()
            }
            Err(EditError::NothingToUndo | EditError::NothingToRedo) => {}
            Err(e) => self.notify(NoticeKind::Error, e.to_string()),
        }
    }

    fn changed(&mut self) {
        self.revision += 1;
        if let Some(ws) = &self.ws {
            self.corpus.update_counts(&ws.doc.id, ws.spans());
            if self.selected.is_some_and(|id| ws.spans().get(id).is_none()) {
                self.selected = None;
            }
            self.labels = ws.labels().clone();
        }
        self.replan();
    }

    /// Plans the drawing again; blocks whose spans did not change keep their plan (and are not
    /// drawn again). A plan of another document is not reused.
    fn replan(&mut self) {
        self.plan = Rc::new(match &self.ws {
            Some(ws) => {
                let previous = Some(&*self.plan).filter(|p| p.blocks.len() == ws.doc.blocks.len());
                let previous = previous.filter(|_| self.planned_for.as_deref() == Some(ws.doc.id.as_str()));
                let hidden = &self.hidden_layers;
                replan(previous, &ws.doc, ws.spans().annotations(), |a| !hidden.contains(&a.layer))
            }
            None => RenderPlan::default(),
        });
        self.planned_for = self.ws.as_ref().map(|ws| ws.doc.id.clone());
    }

    /// The id of the document after (or before) the open one in the list as shown.
    pub fn neighbour(&self, forward: bool) -> Option<String> {
        let shown = self.corpus.view(&self.query, |id| self.texts.get(id).map(|t| &**t));
        let current = self.doc().map(|d| d.id.as_str());
        crate::core::corpus::step(&shown, current, forward).map(|e| e.id.clone())
    }

    /// Visible spans in reading order.
    fn visible_ids(&self) -> Vec<u64> {
        self.ws
            .iter()
            .flat_map(|ws| ws.spans().in_reading_order())
            .filter(|a| !self.hidden_layers.contains(&a.layer))
            .map(|a| a.id)
            .collect()
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Open { doc, mut spans } => {
                next.want_doc = None;
                // Figures are suggested on every opening: cheap, and never twice or against a refusal.
                crate::core::suggest::suggest_figures(&doc, &mut spans, &next.labels);
                next.ws = Some(Workspace::new(Rc::new(doc), next.labels.clone(), spans));
                next.selected = None;
                next.menu = None;
                next.changed();
            }
            Action::Recovered => {
                next.recovered = true;
                next.edits += 1;
                next.revision += 1;
            }
            Action::CorpusLoaded(entries) => {
                // Entries added meanwhile (a file opened before the list loaded) are kept.
                let mut all = entries;
                all.extend(next.corpus.entries().iter().cloned());
                next.corpus = CorpusIndex::from_entries(all);
                next.corpus_loaded = true;
                next.changed();
            }
            Action::CorpusReplaced(entries) => {
                next.corpus = CorpusIndex::from_entries(entries);
                next.corpus_loaded = true;
                next.deleted = None;
            }
            Action::Added(entries) => {
                let mut all = next.corpus.entries().to_vec();
                all.extend(entries);
                next.corpus = CorpusIndex::from_entries(all);
            }
            Action::TextsLoaded(texts) => {
                // Texts added while the rest were loading are kept.
                let mut all = texts;
                all.extend(next.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
                next.texts = Rc::new(all);
            }
            Action::TextsAdded(added) => {
                let mut all = (*next.texts).clone();
                all.extend(added);
                next.texts = Rc::new(all);
            }
            Action::SetStatus(id, status) => {
                next.corpus.set_status(&id, status);
                next.revision += 1;
                // The open document's entry is saved with its spans; others on their own.
                if next.doc().is_some_and(|d| d.id == id) {
                    next.edits += 1;
                }
            }
            Action::SetQuery(query) => next.query = query,
            Action::DocDeleted(deleted) => {
                next.corpus.remove(&deleted.entry.id);
                next.deleted = Some(deleted);
            }
            Action::DocRestored => {
                if let Some(d) = next.deleted.take() {
                    next.corpus.restore(d.at, d.entry.clone());
                }
            }
            Action::Reading(progress) => next.reading = progress,
            Action::RequestDoc(id) => {
                let current = next.doc().map(|d| d.id.clone());
                next.want_doc = Some(id).filter(|id| Some(id) != current.as_ref());
            }
            Action::StepDoc(forward) => {
                let current = next.doc().map(|d| d.id.clone());
                next.want_doc = next.neighbour(forward).filter(|id| Some(id) != current.as_ref());
            }
            Action::DoneNext => {
                let Some(id) = next.doc().map(|d| d.id.clone()) else { return self };
                let following = next.neighbour(true);
                next.corpus.set_status(&id, Status::Done);
                next.revision += 1;
                next.edits += 1;
                next.want_doc = following.filter(|f| *f != id);
            }
            Action::SetLabels(labels) => {
                next.labels = labels.clone();
                if let Some(ws) = &next.ws {
                    next.ws = Some(Workspace::new(ws.doc.clone(), labels, ws.spans().clone()));
                }
                next.replan();
            }
            Action::Hotkey { key, selection } => {
                let Some(label) = next.labels().by_hotkey(key).map(|l| l.id.clone()) else { return self };
                match (selection.or(next.menu.map(|m| (m.start, m.end))), next.selected) {
                    (Some((start, end)), _) => tag(&mut next, start, end, label),
                    (None, Some(id)) => next.edit(|ws| ws.relabel(id, &label)),
                    (None, None) => return self,
                }
            }
            Action::Tag { start, end, label } => tag(&mut next, start, end, label),
            Action::Select(id) => {
                next.selected = id;
                next.menu = None;
            }
            Action::Reveal(id) => {
                next.selected = Some(id);
                next.menu = None;
                next.reveal += 1;
            }
            Action::Step(forward) => {
                let ids = next.visible_ids();
                if ids.is_empty() {
                    return self;
                }
                let at = next.selected.and_then(|s| ids.iter().position(|&i| i == s));
                let pick = match (at, forward) {
                    (None, true) => 0,
                    (None, false) => ids.len() - 1,
                    (Some(i), true) => (i + 1) % ids.len(),
                    (Some(i), false) => (i + ids.len() - 1) % ids.len(),
                };
                next.selected = Some(ids[pick]);
                next.reveal += 1;
            }
            Action::DeleteSelected => {
                let Some(id) = next.selected else { return self };
                // Deleting a suggestion turns it down, so that it is not made again.
                let suggestion = next.ws.as_ref().and_then(|ws| ws.spans().get(id)).is_some_and(|a| a.unconfirmed);
                next.edit(|ws| ws.apply(if suggestion { Edit::Reject(id) } else { Edit::RemoveSpan(id) }));
            }
            Action::AcceptSelected => {
                let Some(id) = next.selected else { return self };
                let suggestion = next.ws.as_ref().and_then(|ws| ws.spans().get(id)).is_some_and(|a| a.unconfirmed);
                if !suggestion {
                    return self;
                }
                next.edit(|ws| ws.apply(Edit::Confirm(id)));
            }
            Action::AcceptAll => next.edit(|ws| ws.accept_all().map(|_| ())),
            Action::TagAllOccurrences(id) => {
                let mut added = 0;
                next.edit(|ws| ws.tag_all_occurrences(id).map(|n| added = n));
                next.notify(NoticeKind::Info, format!("{added} 处已作为建议标出 · {added} more occurrences suggested"));
            }
            Action::Relabel { id, label } => next.edit(|ws| ws.relabel(id, &label)),
            Action::SetAttributes { id, attributes } => {
                next.edit(|ws| ws.apply(Edit::SetAttributes { id, attributes }))
            }
            Action::SetNote { id, note } => next.edit(|ws| ws.apply(Edit::SetNote { id, note: Some(note) })),
            Action::Link { from, to } => next.edit(|ws| ws.link(from, to)),
            Action::EditLabels(edit) => next.edit(|ws| ws.apply(edit)),
            Action::RemoveLabel { id, replacement } => next.edit(|ws| ws.remove_label(&id, replacement.as_deref())),
            Action::Undo => next.edit(Workspace::undo),
            Action::Redo => next.edit(Workspace::redo),
            Action::ToggleLayer(layer) => {
                if !next.hidden_layers.remove(&layer) {
                    next.hidden_layers.insert(layer);
                }
                next.revision += 1;
                next.replan();
            }
            Action::SetLang(lang) => {
                next.lang = lang;
                next.revision += 1;
            }
            Action::OpenMenu(menu) => next.menu = Some(menu),
            Action::CloseMenu => next.menu = None,
            Action::Notify(kind, text) => next.notify(kind, text),
            Action::Dismiss(id) => next.notices.retain(|n| n.id != id),
            Action::BlockSaving => next.saving_blocked = true,
        }
        Rc::new(next)
    }
}

/// Tags a range and selects the new span; a selection of only white space does nothing.
fn tag(next: &mut AppState, start: usize, end: usize, label: String) {
    next.menu = None;
    let Some(ws) = next.ws.as_mut() else { return };
    match ws.tag(start, end, &label) {
        Ok(id) => {
            next.selected = Some(id);
            next.edits += 1;
            next.changed();
        }
        Err(EditError::Span(_)) => {}
        Err(e) => next.notify(NoticeKind::Error, e.to_string()),
    }
}
