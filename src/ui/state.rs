//! The app state and the only way it changes: [`Action`]s reduced by [`AppState::reduce`].

use crate::core::import::import_file;
use crate::core::model::Document;
use std::rc::Rc;
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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    /// The article in view; `None` only before the first load.
    pub doc: Option<Rc<Document>>,
    pub notices: Vec<Notice>,
    next_notice: u64,
    /// Stored data could not be read nor set aside: saving would overwrite it, so saving is off.
    pub saving_blocked: bool,
}

pub enum Action {
    /// Show a document without counting it as newly opened (the stored or the sample article).
    Show(Document),
    /// Files were read: import each; the last one that imports replaces the view, every one that
    /// does not becomes an error notice and changes nothing.
    FilesRead(Vec<(String, Result<Vec<u8>, String>)>),
    Notify(NoticeKind, String),
    Dismiss(u64),
    BlockSaving,
}

impl AppState {
    fn notify(&mut self, kind: NoticeKind, text: String) {
        self.notices.push(Notice { id: self.next_notice, kind, text });
        self.next_notice += 1;
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Show(doc) => next.doc = Some(Rc::new(doc)),
            Action::FilesRead(files) => {
                let mut opened = 0;
                for (name, bytes) in files {
                    let result = bytes
                        .map_err(|e| format!("{name}: {e}"))
                        .and_then(|b| import_file(&name, &b).map_err(|e| e.to_string()));
                    match result {
                        Ok(doc) => {
                            opened += 1;
                            next.doc = Some(Rc::new(doc));
                        }
                        Err(message) => next.notify(NoticeKind::Error, message),
                    }
                }
                if opened > 1 {
                    next.notify(
                        NoticeKind::Info,
                        format!("已读入 {opened} 篇文章，显示最后一篇。Read {opened} articles; showing the last."),
                    );
                }
            }
            Action::Notify(kind, text) => next.notify(kind, text),
            Action::Dismiss(id) => next.notices.retain(|n| n.id != id),
            Action::BlockSaving => next.saving_blocked = true,
        }
        Rc::new(next)
    }
}
