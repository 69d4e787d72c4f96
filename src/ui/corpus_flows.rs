//! The corpus's comings and goings, each an async sequence of effects ending in actions:
//! loading the list, opening a batch of files, switching documents, deleting and restoring.

use super::state::{Action, Deleted, NoticeKind};
use crate::core::corpus::Entry;
use crate::core::import::{check_size, limits};
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use crate::effects::db::{self, Found};
use crate::effects::files::{import_with_browser, FileBatch};
use crate::effects::tabs;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

type Dispatcher = UseReducerDispatcher<super::state::AppState>;

/// How often (in files) the progress of a batch is shown.
const PROGRESS_EVERY: usize = 25;

fn notify(dispatcher: &Dispatcher, text: String) {
    dispatcher.dispatch(Action::Notify(NoticeKind::Error, text));
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Loads the list; stores the open document when the list lacks it (a first visit, or data
/// kept by an older version in local storage only), or loads its spans when the list has it and
/// they were not `recovered` from local storage; then loads the texts for search.
pub async fn load_corpus(dispatcher: Dispatcher, open: Option<(Rc<Document>, DocSpans)>, recovered: bool) {
    super::recovery::replay_journals(&dispatcher).await;
    let mut entries = match db::load_entries().await {
        Ok((entries, problems)) => {
            for p in problems {
                notify(&dispatcher, format!("A stored list entry could not be read 列表记录无法读取: {p}"));
            }
            entries
        }
        Err(e) => return notify(&dispatcher, e),
    };
    let open_id = open.as_ref().map(|(doc, _)| doc.id.clone());
    super::recovery::store_left_copies(&dispatcher, &mut entries, open_id.as_deref()).await;
    for e in &entries {
        tabs::set_base_rev(&e.id, e.rev);
    }
    let stored = open_id.filter(|id| entries.iter().any(|e| e.id == *id));
    let missing = open.filter(|(doc, _)| !entries.iter().any(|e| e.id == doc.id));
    let mut ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    dispatcher.dispatch(Action::CorpusLoaded(entries));
    if let Some(id) = stored.filter(|_| !recovered) {
        // Local storage keeps the open document's spans only while IndexedDB lacks them.
        switch_to(dispatcher.clone(), id).await;
    }
    if let Some((doc, spans)) = missing {
        let mut entry = Entry::new(&doc, now());
        entry.counts = crate::core::corpus::LayerCounts::of(&spans);
        match db::save_document(&doc, &spans, &entry).await {
            Ok(()) => {
                ids.push(entry.id.clone());
                dispatcher.dispatch(Action::Added(vec![entry]));
            }
            Err(e) => notify(&dispatcher, e),
        }
    }
    let _ = db::request_persistence().await;
    load_texts(dispatcher, ids).await;
}

/// Loads the texts of the listed documents for the search box (in the background).
async fn load_texts(dispatcher: Dispatcher, ids: Vec<String>) {
    let mut texts = HashMap::with_capacity(ids.len());
    for id in ids {
        if let Ok(Found::Value(doc)) = db::load_document(&id).await {
            texts.insert(id, Rc::<str>::from(doc.text));
        }
    }
    dispatcher.dispatch(Action::TextsLoaded(texts));
}

/// Imports a batch of files into the corpus and shows the last one. A file that does not
/// import is named in a notice; one whose text is already in the corpus is not added twice.
/// Files are read one at a time, each checked for size before its bytes are read; a batch of more
/// than [`limits::MAX_BATCH_FILES`] is refused whole.
pub async fn open_files(dispatcher: Dispatcher, files: FileBatch, known: HashMap<String, String>) {
    let total = files.len();
    if total > limits::MAX_BATCH_FILES {
        dispatcher.dispatch(Action::Reading(None));
        return notify(
            &dispatcher,
            format!(
                "{} 个文件太多，一次最多 {} 个 · {} files are more than the {} one batch may have; open the folder in parts.",
                limits::count(total),
                limits::count(limits::MAX_BATCH_FILES),
                limits::count(total),
                limits::count(limits::MAX_BATCH_FILES)
            ),
        );
    }
    let mut known = known;
    let gazetteer = crate::effects::storage::load_gazetteer();
    let labels = crate::effects::storage::labels_or_defaults();
    let mut added = Vec::new();
    let mut texts = Vec::new();
    let mut duplicates = Vec::new();
    let mut last = None;
    // Imported documents wait here to be stored together, a transaction per batch; then they
    // are stored, with their places in the batch.
    let mut pending = Pending::default();
    let mut stored: Vec<(usize, Document, Entry)> = Vec::new();
    for (i, file) in files.enumerate() {
        if total > PROGRESS_EVERY && i % PROGRESS_EVERY == 0 {
            dispatcher.dispatch(Action::Reading(Some((i, total))));
        }
        let name = file.name.clone();
        let imported = match check_size(&name, file.size) {
            Err(e) => Err(e.to_string()),
            Ok(()) => match file.read().await {
                Err(e) => Err(format!("{name}: {e}")),
                Ok(bytes) => import_with_browser(&name, &bytes).map_err(|e| e.to_string()),
            },
        };
        let doc = match imported {
            Ok(doc) => doc,
            Err(message) => {
                notify(&dispatcher, message);
                continue;
            }
        };
        if let Some(title) = known.get(&doc.id) {
            duplicates.push(format!("{name} → {title}"));
            show_last(&mut last, i, doc.id);
        } else {
            let entry = Entry::new(&doc, now() + i as u64);
            // Entities confirmed in earlier documents are suggested in the new one.
            let mut spans = DocSpans::default();
            crate::core::suggest::suggest_known(&doc, &mut spans, &labels, &gazetteer);
            known.insert(doc.id.clone(), doc.title.clone());
            pending.push(i, name, doc, spans, entry);
        }
        if pending.is_full() && !pending.store(&dispatcher, total, &mut known, &mut stored).await {
            break;
        }
    }
    pending.store(&dispatcher, total, &mut known, &mut stored).await;
    for (at, doc, entry) in stored {
        texts.push((doc.id.clone(), Rc::<str>::from(doc.text.as_str())));
        show_last(&mut last, at, doc.id);
        added.push(entry);
    }
    dispatcher.dispatch(Action::Reading(None));
    let count = added.len();
    if !added.is_empty() {
        dispatcher.dispatch(Action::Added(added));
        dispatcher.dispatch(Action::TextsAdded(texts));
    }
    if !duplicates.is_empty() {
        let text = format!(
            "{} 篇与已有文章相同，未重复添加 · {} already in the corpus (same text), not added twice: {}",
            duplicates.len(),
            duplicates.len(),
            duplicates.join("; ")
        );
        dispatcher.dispatch(Action::Notify(NoticeKind::Info, text));
    }
    if count > 1 {
        dispatcher
            .dispatch(Action::Notify(NoticeKind::Info, format!("已添加 {count} 篇文章 · {count} documents added")));
    }
    if let Some((_, id)) = last {
        dispatcher.dispatch(Action::RequestDoc(id));
    }
}

/// Documents imported from a batch and not stored yet, with where each came from.
#[derive(Default)]
struct Pending {
    docs: Vec<(usize, String, Document, DocSpans, Entry)>,
    chars: usize,
}

/// Documents (or characters of text) stored per transaction while a batch is opened.
const STORE_EVERY_DOCS: usize = 100;
const STORE_EVERY_CHARS: usize = 1_000_000;

impl Pending {
    fn push(&mut self, at: usize, name: String, doc: Document, spans: DocSpans, entry: Entry) {
        self.chars += entry.chars;
        self.docs.push((at, name, doc, spans, entry));
    }

    fn is_full(&self) -> bool {
        self.docs.len() >= STORE_EVERY_DOCS || self.chars >= STORE_EVERY_CHARS
    }

    /// Stores what is pending, all or nothing, into `stored`, and says what happened in notices.
    /// Documents that could not be stored leave `known` again. Returns `false` when storage is
    /// full: the batch stops there.
    async fn store(
        &mut self,
        dispatcher: &Dispatcher,
        total: usize,
        known: &mut HashMap<String, String>,
        stored: &mut Vec<(usize, Document, Entry)>,
    ) -> bool {
        let docs = std::mem::take(&mut self.docs);
        self.chars = 0;
        if docs.is_empty() {
            return true;
        }
        let batch: Vec<(&Document, &DocSpans, &Entry)> = docs.iter().map(|(_, _, d, s, e)| (d, s, e)).collect();
        let Err(e) = db::save_documents(&batch).await else {
            stored.extend(docs.into_iter().map(|(at, _, doc, _, entry)| (at, doc, entry)));
            return true;
        };
        let names: Vec<&str> = docs.iter().map(|(_, name, ..)| name.as_str()).collect();
        notify(dispatcher, format!("{}: {e}", names.join(", ")));
        for (_, _, doc, ..) in &docs {
            known.remove(&doc.id);
        }
        if !db::is_full(&e) {
            return true;
        }
        // Every later file would fail the same way; say so once.
        let left = docs.last().map_or(0, |(at, ..)| total - at - 1);
        if left > 0 {
            notify(dispatcher, format!("{left} 个文件未读取 · {left} more files were not read"));
        }
        false
    }
}

/// The batch shows the document of its last file that opened (stored, or already there).
fn show_last(last: &mut Option<(usize, String)>, at: usize, id: String) {
    if last.as_ref().is_none_or(|(before, _)| *before < at) {
        *last = Some((at, id));
    }
}

/// Loads a stored document with its spans and opens it.
pub async fn switch_to(dispatcher: Dispatcher, id: String) {
    let doc = match db::load_document(&id).await {
        Ok(Found::Value(doc)) => doc,
        Ok(Found::Nothing) => {
            return notify(&dispatcher, format!("Document {id} is not in storage 存储中没有这篇文章"))
        }
        Ok(Found::Unreadable { reason, kept_as }) => {
            return notify(
                &dispatcher,
                format!("Document {id} could not be read 无法读取: {reason} (kept as {kept_as:?})"),
            )
        }
        Err(e) => return notify(&dispatcher, e),
    };
    let spans = match db::load_spans(&doc).await {
        Ok(Found::Value(spans)) => spans,
        Ok(Found::Nothing) => DocSpans::default(),
        Ok(Found::Unreadable { reason, kept_as }) => {
            notify(
                &dispatcher,
                format!("The spans of {id} could not be read 标注无法读取: {reason} (kept as {kept_as:?})"),
            );
            DocSpans::default()
        }
        Err(e) => {
            notify(&dispatcher, e);
            DocSpans::default()
        }
    };
    tabs::set_base_rev(&id, db::stored_rev(&id).await.unwrap_or(0));
    dispatcher.dispatch(Action::Open { doc, spans });
}

/// Another tab saved something: bring the list up to date, and the open document when it was
/// the one saved (its spans are reloaded; this tab's undo history for it starts again).
pub async fn follow_other_tab(dispatcher: Dispatcher, saved: tabs::Saved, open_doc: Option<String>) {
    if saved.labels {
        if let Ok(crate::effects::storage::Loaded::Found(labels)) = crate::effects::storage::load_labels() {
            dispatcher.dispatch(Action::SetLabels(labels));
        }
    }
    if let Ok((entries, _)) = db::load_entries().await {
        dispatcher.dispatch(Action::CorpusLoaded(entries));
    }
    if let Some((id, rev)) = saved.doc {
        if open_doc.as_deref() == Some(id.as_str()) && tabs::base_rev(&id) < rev {
            dispatcher.dispatch(Action::Notify(
                NoticeKind::Info,
                "这篇文章在另一个标签页中有改动，已载入 · This document was changed in another tab; its spans were reloaded."
                    .to_string(),
            ));
            switch_to(dispatcher.clone(), id).await;
        }
    }
}

/// Deletes a document (after the analyst confirmed), keeping it in memory for undo.
pub async fn delete(dispatcher: Dispatcher, entry: Entry, at: usize, then_open: Option<String>) {
    let id = entry.id.clone();
    let doc = match db::load_document(&id).await {
        Ok(Found::Value(doc)) => doc,
        _ => return notify(&dispatcher, format!("Document {id} could not be read, so it was not deleted")),
    };
    let spans = match db::load_spans(&doc).await {
        Ok(Found::Value(spans)) => spans,
        _ => DocSpans::default(),
    };
    if let Err(e) = db::delete_document(&id).await {
        return notify(&dispatcher, e);
    }
    dispatcher.dispatch(Action::DocDeleted(Rc::new(Deleted { at, entry, doc, spans })));
    if let Some(next) = then_open {
        dispatcher.dispatch(Action::RequestDoc(next));
    }
}

/// Stores a deleted document again, as it was.
pub async fn restore(dispatcher: Dispatcher, deleted: Rc<Deleted>) {
    match db::save_document(&deleted.doc, &deleted.spans, &deleted.entry).await {
        Ok(()) => dispatcher.dispatch(Action::DocRestored),
        Err(e) => notify(&dispatcher, e),
    }
}

/// Downloads the whole corpus — documents, spans, labels, statuses — as one native export.
pub async fn backup(
    dispatcher: Dispatcher,
    labels: crate::core::labels::LabelSet,
    statuses: crate::core::export::Statuses,
) {
    let result = async {
        let (docs, problems) = db::load_all().await?;
        for p in problems {
            notify(&dispatcher, p);
        }
        let pairs: Vec<(&Document, &DocSpans)> = docs.iter().map(|(d, s)| (d, s)).collect();
        let json =
            crate::core::export::native_json_with_statuses(&labels, &pairs, &statuses).map_err(|e| e.to_string())?;
        let day = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let name = format!("biaozhu-backup-{}.json", day.get(..10).unwrap_or("today"));
        crate::effects::download::download_text(&name, "application/json", &json)
    }
    .await;
    if let Err(e) = result {
        notify(&dispatcher, format!("Backup failed 备份失败: {e}"));
    }
}

/// How a backup comes back into a corpus that already has work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreMode {
    Merge,
    Replace,
}

/// Restores a backup: the file is read and checked whole first (a bad file changes nothing),
/// then written in place of the corpus (replace) or into it (merge).
pub async fn restore_backup(dispatcher: Dispatcher, name: String, text: String, mode: RestoreMode) {
    let incoming = match crate::core::formats::native_read::read_native(&text) {
        Ok(corpus) => corpus,
        Err(e) => return notify(&dispatcher, format!("{name}: not restored 未恢复: {e}")),
    };
    let incoming = crate::core::backup::Corpus {
        labels: incoming.labels,
        documents: incoming.documents,
        statuses: incoming.statuses,
    };
    let result = async {
        let target = match mode {
            RestoreMode::Replace => {
                db::clear_corpus().await?;
                incoming
            }
            RestoreMode::Merge => {
                let (documents, problems) = db::load_all().await?;
                for p in problems {
                    notify(&dispatcher, p);
                }
                let (entries, _) = db::load_entries().await?;
                let statuses = entries.iter().map(|e| (e.id.clone(), e.status)).collect();
                let labels = crate::effects::storage::labels_or_defaults();
                let mut current = crate::core::backup::Corpus { labels, documents, statuses };
                let report = crate::core::backup::merge(&mut current, incoming);
                dispatcher.dispatch(Action::Notify(
                    NoticeKind::Info,
                    format!(
                        "合并完成 · Merged: {} documents, {} spans, {} labels added",
                        report.documents_added, report.spans_added, report.labels_added
                    ),
                ));
                current
            }
        };
        let mut entries = Vec::with_capacity(target.documents.len());
        for (i, (doc, spans)) in target.documents.iter().enumerate() {
            let mut entry = Entry::new(doc, now() + i as u64);
            entry.status = target.statuses.get(&doc.id).copied().unwrap_or_default();
            entry.counts = crate::core::corpus::LayerCounts::of(spans);
            entry.rev = db::stored_rev(&doc.id).await.unwrap_or(0) + 1;
            db::save_document(doc, spans, &entry).await?;
            tabs::set_base_rev(&doc.id, entry.rev);
            entries.push(entry);
        }
        crate::effects::storage::save_labels(&target.labels)?;
        Ok::<_, String>((entries, target.labels))
    }
    .await;
    match result {
        Ok((entries, labels)) => {
            let first = entries.first().map(|e| e.id.clone());
            dispatcher.dispatch(Action::SetLabels(labels));
            dispatcher.dispatch(Action::CorpusReplaced(entries));
            tabs::announce(None, true);
            if let Some(id) = first {
                // Reload even the open document: its spans may have changed.
                switch_to(dispatcher, id).await;
            }
        }
        Err(e) => notify(&dispatcher, format!("{name}: restore stopped 恢复中止: {e}")),
    }
}

/// Suggests `label` for `text` wherever it occurs in the other documents of the corpus (each
/// saved with its own revision, so other tabs follow); returns how many were suggested.
pub async fn tag_in_corpus(dispatcher: Dispatcher, text: String, label: String, except: String) {
    let labels = crate::effects::storage::labels_or_defaults();
    let one = crate::core::suggest::Gazetteer::from([(text.clone(), label)]);
    let mut total = 0;
    let result = async {
        let (entries, _) = db::load_entries().await?;
        for mut entry in entries.into_iter().filter(|e| e.id != except) {
            let Found::Value(doc) = db::load_document(&entry.id).await? else { continue };
            if !doc.text.contains(&text) {
                continue;
            }
            let mut spans = match db::load_spans(&doc).await? {
                Found::Value(spans) => spans,
                _ => DocSpans::default(),
            };
            let added = crate::core::suggest::suggest_known(&doc, &mut spans, &labels, &one);
            if added == 0 {
                continue;
            }
            let base = db::stored_rev(&doc.id).await?;
            entry.counts = crate::core::corpus::LayerCounts::of(&spans);
            match db::save_spans(&doc.id, &spans, &entry, base).await {
                Ok(rev) => {
                    tabs::set_base_rev(&doc.id, rev);
                    total += added;
                }
                Err(db::SaveError::Conflict(_)) => continue,
                Err(db::SaveError::Failed(e)) => return Err(e),
            }
        }
        Ok::<(), String>(())
    }
    .await;
    match result {
        Ok(()) => {
            tabs::announce(None, false);
            dispatcher.dispatch(Action::Notify(
                NoticeKind::Info,
                format!(
                    "其他文章中 {total} 处「{text}」已作为建议标出 · {total} occurrences suggested in other documents"
                ),
            ));
        }
        Err(e) => notify(&dispatcher, e),
    }
}

/// Brings in annotations made with other tools — brat (`.zip`, or `.txt` with `.ann`), doccano
/// JSONL, Label Studio JSON — or native exports (merged like a restored backup). A file that does
/// not fit its format is refused whole, naming the first problem; nothing of it is applied.
pub async fn import_annotations(dispatcher: Dispatcher, files: FileBatch, known: HashMap<String, String>) {
    use crate::core::formats::{brat, doccano, label_studio, OffsetUnit};
    let labels = crate::effects::storage::labels_or_defaults();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut anns: Vec<(String, String)> = Vec::new();
    let mut imports = Vec::new();
    for file in files {
        let name = file.name.clone();
        if file.size > limits::MAX_ANNOTATION_FILE_BYTES {
            notify(
                &dispatcher,
                format!(
                    "{name}: {}, larger than the {} an annotation file may be",
                    limits::size(file.size),
                    limits::size(limits::MAX_ANNOTATION_FILE_BYTES)
                ),
            );
            continue;
        }
        let bytes = match file.read().await {
            Ok(b) => b,
            Err(e) => {
                notify(&dispatcher, format!("{name}: {e}"));
                continue;
            }
        };
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".zip") {
            imports.push((name, brat::read_brat_zip(&bytes, &labels).map_err(|e| e.to_string())));
            continue;
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                notify(&dispatcher, format!("{name}: not UTF-8 text"));
                continue;
            }
        };
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_string();
        if lower.ends_with(".ann") {
            anns.push((stem, text));
        } else if lower.ends_with(".txt") {
            texts.insert(stem, text);
        } else if is_native(&text) {
            restore_backup(dispatcher.clone(), name, text, RestoreMode::Merge).await;
        } else if lower.ends_with(".jsonl") {
            imports.push((name, doccano::read_doccano(&text, &labels, OffsetUnit::Auto).map_err(|e| e.to_string())));
        } else {
            imports.push((name, label_studio::read_label_studio(&text, &labels).map_err(|e| e.to_string())));
        }
    }
    if !anns.is_empty() {
        let docs: Result<Vec<brat::BratDocument<'_>>, String> = anns
            .iter()
            .map(|(stem, ann)| match texts.get(stem) {
                Some(txt) => Ok(brat::BratDocument { name: stem, txt, ann }),
                None => Err(format!("{stem}.ann: its text ({stem}.txt) was not chosen with it")),
            })
            .collect();
        let result = docs.and_then(|docs| brat::read_brat(&docs, &labels).map_err(|e| e.to_string()));
        imports.push(("brat".to_string(), result));
    }
    let mut known = known;
    let mut added = Vec::new();
    let mut added_texts = Vec::new();
    let mut last = None;
    let mut labels_now = labels;
    for (name, result) in imports {
        let import = match result {
            Ok(import) => import,
            Err(e) => {
                notify(&dispatcher, format!("{name}: not imported 未导入: {e}"));
                continue;
            }
        };
        for note in &import.notes {
            dispatcher.dispatch(Action::Notify(NoticeKind::Info, format!("{name}: {note}")));
        }
        labels_now = import.labels.clone();
        for (i, (doc, spans)) in import.documents.iter().enumerate() {
            if let Some(title) = known.get(&doc.id) {
                dispatcher.dispatch(Action::Notify(
                    NoticeKind::Info,
                    format!("{name}: {title} is already in the corpus 已在语料中"),
                ));
                continue;
            }
            let mut entry = Entry::new(doc, now() + i as u64);
            entry.counts = crate::core::corpus::LayerCounts::of(spans);
            if let Err(e) = db::save_document(doc, spans, &entry).await {
                notify(&dispatcher, format!("{name}: {e}"));
                break;
            }
            known.insert(doc.id.clone(), doc.title.clone());
            added_texts.push((doc.id.clone(), Rc::<str>::from(doc.text.as_str())));
            last = Some(doc.id.clone());
            added.push(entry);
        }
    }
    if let Err(e) = crate::effects::storage::save_labels(&labels_now) {
        notify(&dispatcher, e);
    }
    dispatcher.dispatch(Action::SetLabels(labels_now));
    if !added.is_empty() {
        let n = added.len();
        dispatcher.dispatch(Action::Added(added));
        dispatcher.dispatch(Action::TextsAdded(added_texts));
        dispatcher.dispatch(Action::Notify(NoticeKind::Info, format!("已导入 {n} 篇 · {n} documents imported")));
    }
    if let Some(id) = last {
        dispatcher.dispatch(Action::RequestDoc(id));
    }
}

/// Whether a file is a biaozhu export (JSON or JSONL), by its first object's `format`.
fn is_native(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let first = if text.starts_with('{') && !text.contains("\n{") { text } else { text.lines().next().unwrap_or("") };
    serde_json::from_str::<serde_json::Value>(first)
        .or_else(|_| serde_json::from_str::<serde_json::Value>(text))
        .ok()
        .and_then(|v| v.get("format").and_then(|f| f.as_str().map(|f| f == crate::core::export::FORMAT)))
        .unwrap_or(false)
}
