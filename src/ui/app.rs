//! The root component: owns the state, loads and saves the open document, takes files in.

use super::article::ArticleView;
use super::notices::Notices;
use super::state::{Action, AppState, NoticeKind};
use super::toolbar::Toolbar;
use crate::core::import::import_file;
use crate::core::sample::{SAMPLE_ARTICLE, SAMPLE_FILE_NAME};
use crate::effects::files::read_all;
use crate::effects::storage::{load_current, save_current, Loaded};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let dragging = use_state(|| false);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| restore(&dispatcher));
    }
    {
        let doc = state.doc.clone();
        let blocked = state.saving_blocked;
        let dispatcher = state.dispatcher();
        use_effect_with(doc.as_ref().map(|d| d.id.clone()), move |_| {
            if let (Some(doc), false) = (doc, blocked) {
                if let Err(e) = save_current(&doc) {
                    dispatcher.dispatch(Action::Notify(NoticeKind::Error, e));
                }
            }
        });
    }

    let open_files = {
        let dispatcher = state.dispatcher();
        Callback::from(move |list: Option<web_sys::FileList>| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let files = read_all(list).await;
                if !files.is_empty() {
                    dispatcher.dispatch(Action::FilesRead(files.into_iter().map(|f| (f.name, f.bytes)).collect()));
                }
            });
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
    let on_drop = {
        let dragging = dragging.clone();
        let open_files = open_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            open_files.emit(e.data_transfer().and_then(|dt| dt.files()));
        })
    };
    let dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id: u64| dispatcher.dispatch(Action::Dismiss(id)))
    };

    html! {
        <div id="app-root" class={classes!("app", dragging.then_some("app-dragging"))}
            ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
            <Toolbar on_files={open_files} />
            <Notices notices={state.notices.clone()} on_dismiss={dismiss} />
            <main class="reader">
                if let Some(doc) = state.doc.clone() {
                    <ArticleView {doc} />
                }
            </main>
            if *dragging {
                <div class="drop-hint" aria-hidden="true">{ "松开以打开文件 · Drop files to open" }</div>
            }
        </div>
    }
}

/// Shows the stored document, or the sample on a first visit; reports stored data it cannot read.
fn restore(dispatcher: &UseReducerDispatcher<AppState>) {
    match load_current() {
        Ok(Loaded::Document(doc)) => return dispatcher.dispatch(Action::Show(doc)),
        Ok(Loaded::Nothing) => {}
        Ok(Loaded::Unreadable { reason, kept_as }) => {
            let (where_kept, blocked) = match kept_as {
                Some(key) => (format!("它已原样保存在 {key} · It was kept as {key}."), false),
                None => ("无法另存，已暂停保存以免覆盖 · It could not be set aside, so saving is paused to avoid overwriting it.".to_string(), true),
            };
            dispatcher.dispatch(Action::Notify(
                NoticeKind::Error,
                format!("上次保存的文档无法读取 · The saved document could not be read: {reason}. {where_kept}"),
            ));
            if blocked {
                dispatcher.dispatch(Action::BlockSaving);
            }
        }
        Err(e) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, e)),
    }
    match import_file(SAMPLE_FILE_NAME, SAMPLE_ARTICLE.as_bytes()) {
        Ok(doc) => dispatcher.dispatch(Action::Show(doc)),
        Err(e) => dispatcher.dispatch(Action::Notify(NoticeKind::Error, e.to_string())),
    }
}
