//! Work a page left behind. Every save is written down in the save journal before IndexedDB
//! has it ([`crate::core::storage::journal`]); journals left by a page that went away before its
//! saves were answered (a crash, say) are replayed here, before the list loads. And when the
//! page closes while saves wait or run, each document's unsaved spans are written to local
//! storage ([`super::autosave`]): the open document's copy is taken up as the app starts; the
//! copies of other documents (edited just before the analyst switched away and closed the page)
//! are stored in IndexedDB here, as the list loads.

use super::state::{Action, AppState, NoticeKind};
use crate::core::corpus::{Entry, LayerCounts};
use crate::core::storage::journal::Verdict;
use crate::effects::db::{self, Found, SaveError};
use crate::effects::storage::{
    forget, forget_spans, journals, load_spans, set_aside, set_aside_spans, span_copies, FoundJournal, Loaded,
};
use crate::effects::tabs;
use yew::prelude::*;

/// Replays every journal left in local storage by a tab that is gone (a live tab's save is still
/// running). Writes IndexedDB lacks are stored, and said so; those it holds already, or whose
/// document is no longer stored (deleted since), are dropped; those that would go over another
/// tab's newer save are moved aside (kept under a quarantine key) and reported; those that cannot
/// be stored now stay for the next visit, and are reported.
pub async fn replay_journals(dispatcher: &UseReducerDispatcher<AppState>) {
    let report = |kind, text: String| dispatcher.dispatch(Action::Notify(kind, text));
    let found = journals();
    if found.is_empty() {
        return;
    }
    let live = tabs::live_tabs().await.unwrap_or_default();
    for FoundJournal { key, doc_id, tab, journal } in found {
        let journal = match journal {
            Loaded::Found(journal) if !live.contains(&tab) => journal,
            Loaded::Unreadable { reason, kept_as } => {
                report(
                    NoticeKind::Error,
                    format!("未能读取保存日志 · A save journal could not be read: {reason} (kept as {kept_as:?})"),
                );
                continue;
            }
            _ => continue,
        };
        let title = &journal.entry.title;
        match db::replay(&doc_id, &journal).await {
            Ok(Some(Verdict::Store { .. })) => {
                forget(&key);
                report(NoticeKind::Info, format!("{title}: 页面意外中断前的改动已恢复并保存 · the edits made just before the page stopped were recovered and saved"));
            }
            Ok(Some(Verdict::Held) | None) => forget(&key),
            Ok(Some(Verdict::Refused { stored })) => {
                let kept = kept_in(set_aside(&key));
                report(NoticeKind::Error, format!("{title}: 另一个标签页已修改这篇文章（版本 {stored}），页面中断前的改动未覆盖它，已另存 · another tab saved this document since (revision {stored}): the edits made just before the page stopped were not saved over it, and are kept in {kept}"));
            }
            Err(e) => report(NoticeKind::Error, format!("{title}: 页面中断前的改动暂未能保存，下次打开时重试 · the edits made just before the page stopped could not be saved yet (they are tried again next time): {e}")),
        }
    }
}

/// Stores every copy in local storage of a listed document other than `open`, with its list
/// entry (in `entries`) brought up to date. A stored copy is dropped. One that would overwrite
/// newer spans another tab saved is moved aside (kept under a quarantine key) and reported; one
/// that cannot be stored for another reason stays for the next visit, and is reported.
pub async fn store_left_copies(dispatcher: &UseReducerDispatcher<AppState>, entries: &mut [Entry], open: Option<&str>) {
    let report = |kind, text: String| dispatcher.dispatch(Action::Notify(kind, text));
    for id in span_copies() {
        if Some(id.as_str()) == open {
            continue;
        }
        let Some(entry) = entries.iter_mut().find(|e| e.id == id) else { continue };
        let Ok(Found::Value(doc)) = db::load_document(&id).await else { continue };
        let spans = match load_spans(&doc) {
            Ok(Loaded::Found(spans)) => spans,
            Ok(Loaded::Unreadable { reason, kept_as }) => {
                report(NoticeKind::Error, format!("{}: 关闭页面前的改动无法读取 · the edits kept as the page closed could not be read: {reason} (kept as {kept_as:?})", entry.title));
                continue;
            }
            Ok(Loaded::Nothing) => continue,
            Err(e) => return report(NoticeKind::Error, e),
        };
        let mut updated = entry.clone();
        updated.counts = LayerCounts::of(&spans);
        match db::save_spans(&id, &spans, &updated, entry.rev).await {
            Ok(rev) => {
                forget_spans(&id);
                updated.rev = rev;
                *entry = updated;
                report(
                    NoticeKind::Info,
                    format!(
                        "{}: 关闭页面前的改动已保存 · the edits made just before the page closed were saved",
                        entry.title
                    ),
                );
            }
            Err(SaveError::Conflict(_)) => {
                let kept = kept_in(set_aside_spans(&id));
                report(
                    NoticeKind::Error,
                    format!("{}: 另一个标签页已修改这篇文章，关闭页面前的改动未覆盖它，已另存 · another tab changed this document since: the edits made just before the page closed were not saved over it, and are kept in {kept}", entry.title),
                );
            }
            Err(SaveError::Failed(e)) => report(NoticeKind::Error, e),
        }
    }
}

/// Where work moved aside in local storage went: its quarantine key, when it could be moved.
fn kept_in(aside: Option<String>) -> String {
    aside.map_or_else(|| "local storage".to_string(), |key| format!("local storage as {key}"))
}
