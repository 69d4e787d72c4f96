//! Work a closing page left behind: when the page closes while saves wait or run, each
//! document's unsaved spans are written to local storage ([`super::autosave`]). The open
//! document's copy is taken up as the app starts; the copies of other documents (edited just
//! before the analyst switched away and closed the page) are stored in IndexedDB here, as the
//! list loads.

use super::state::{Action, AppState, NoticeKind};
use crate::core::corpus::{Entry, LayerCounts};
use crate::effects::db::{self, Found, SaveError};
use crate::effects::storage::{forget_spans, load_spans, set_aside_spans, span_copies, Loaded};
use yew::prelude::*;

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
                let kept = set_aside_spans(&id)
                    .map_or_else(|| "local storage".to_string(), |key| format!("local storage as {key}"));
                report(
                    NoticeKind::Error,
                    format!("{}: 另一个标签页已修改这篇文章，关闭页面前的改动未覆盖它，已另存 · another tab changed this document since: the edits made just before the page closed were not saved over it, and are kept in {kept}", entry.title),
                );
            }
            Err(SaveError::Failed(e)) => report(NoticeKind::Error, e),
        }
    }
}
