//! The bar at the top: open files, export, undo and redo, language.

use super::i18n::{tr, Lang, T};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// File types the importer reads.
const ACCEPTED: &str = ".md,.markdown,.txt,.html,.htm";

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_files: Callback<Vec<web_sys::File>>,
    /// Files of a folder picked whole (not yet filtered to articles).
    pub on_folder: Callback<Vec<web_sys::File>>,
    pub on_export: Callback<()>,
    pub on_stats: Callback<()>,
    pub on_backup: Callback<()>,
    /// A backup file picked for restoring.
    pub on_restore: Callback<web_sys::File>,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_lang: Callback<Lang>,
}

/// Whether a file name has an extension the importer reads as an article.
pub fn is_article_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    ACCEPTED.split(',').any(|ext| lower.ends_with(ext))
}

/// The files of a `FileList`, copied out: the list itself empties when its input is cleared.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
    let on_change = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_files.emit(files_of(input.files()));
                // Cleared so that choosing the same file again still counts as a change.
                input.set_value("");
            }
        })
    };
    let on_folder_change = {
        let on_folder = props.on_folder.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_folder.emit(files_of(input.files()));
                input.set_value("");
            }
        })
    };
    let on_restore_change = {
        let on_restore = props.on_restore.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Some(file) = files_of(input.files()).into_iter().next() {
                    on_restore.emit(file);
                }
                input.set_value("");
            }
        })
    };
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    html! {
        <header class="toolbar">
            <span class="brand" lang="zh">{ "标注" }<span class="brand-latin">{ "biaozhu" }</span></span>
            <label class="button" for="file-input" title={tr(lang, T::OpenHint)}>{ tr(lang, T::OpenFiles) }</label>
            <input id="file-input" class="visually-hidden" type="file" multiple=true accept={ACCEPTED} onchange={on_change} />
            <label class="button button-quiet" for="folder-input">{ tr(lang, T::OpenFolder) }</label>
            <input id="folder-input" class="visually-hidden" type="file" webkitdirectory=true multiple=true onchange={on_folder_change} />
            <button class="button" id="export" onclick={click(&props.on_export)} aria-label={format!("{} · Export", tr(lang, T::Export))}>
                { tr(lang, T::Export) }
            </button>
            <button class="button button-quiet" id="stats" onclick={click(&props.on_stats)}>{ tr(lang, T::Statistics) }</button>
            <button class="button button-quiet" id="backup" onclick={click(&props.on_backup)} title={tr(lang, T::BackupHint)}>{ tr(lang, T::Backup) }</button>
            <label class="button button-quiet" for="restore-input" title={tr(lang, T::RestoreHint)}>{ tr(lang, T::Restore) }</label>
            <input id="restore-input" class="visually-hidden" type="file" accept=".json,.jsonl" onchange={on_restore_change} />
            <button class="button button-quiet" disabled={!props.can_undo} onclick={click(&props.on_undo)} title="Ctrl+Z">{ tr(lang, T::Undo) }</button>
            <button class="button button-quiet" disabled={!props.can_redo} onclick={click(&props.on_redo)} title="Ctrl+Shift+Z / Ctrl+Y">{ tr(lang, T::Redo) }</button>
            <span class="toolbar-hint">{ tr(lang, T::OpenHint) }</span>
            <button class="button button-quiet lang-switch" onclick={props.on_lang.reform(move |_: MouseEvent| lang.other())}>
                { tr(lang, T::Language) }
            </button>
        </header>
    }
}
