//! The bar at the top: open files, export, undo and redo, language.

use super::i18n::{layer_name, tr, Lang, T};
use crate::core::formats::Format;
use crate::core::labels::Layer;
use web_sys::HtmlInputElement;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What the Export button writes: a format, for the open document or the whole corpus, and
/// for per-layer formats (BIO), which layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportChoice {
    pub format: Format,
    pub whole_corpus: bool,
    pub layer: Layer,
}

impl Default for ExportChoice {
    fn default() -> Self {
        ExportChoice { format: Format::Native, whole_corpus: false, layer: Layer::Entity }
    }
}

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
    pub on_export: Callback<ExportChoice>,
    /// Annotation files from other tools (or native exports) to bring in.
    pub on_import: Callback<Vec<web_sys::File>>,
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
    let lower = name.to_ascii_lowercase();
    ACCEPTED.split(',').any(|ext| lower.ends_with(ext))
}

/// The files of a `FileList`, copied out: the list itself empties when its input is cleared.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// The `change` handler of a file input: hands its files on, then clears it, so that choosing
/// the same file again still counts as a change.
fn files_chosen(on_files: Callback<Vec<web_sys::File>>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            on_files.emit(files_of(input.files()));
            input.set_value("");
        }
    })
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
    let on_change = files_chosen(props.on_files.clone());
    let on_folder_change = files_chosen(props.on_folder.clone());
    let on_restore_change = {
        let on_restore = props.on_restore.clone();
        files_chosen(Callback::from(move |files: Vec<web_sys::File>| {
            if let Some(file) = files.into_iter().next() {
                on_restore.emit(file);
            }
        }))
    };
    let choice = use_state(ExportChoice::default);
    let choose = |change: fn(&mut ExportChoice, String)| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let value = e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let mut next = *choice;
            change(&mut next, value);
            choice.set(next);
        })
    };
    let on_export = {
        let (choice, on_export) = (choice.clone(), props.on_export.clone());
        Callback::from(move |_: MouseEvent| on_export.emit(*choice))
    };
    let on_import_change = files_chosen(props.on_import.clone());
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    html! {
        <header class="toolbar">
            <span class="brand" lang="zh">{ "标注" }<span class="brand-latin">{ "biaozhu" }</span></span>
            <label class="button" for="file-input" title={tr(lang, T::OpenHint)}>{ tr(lang, T::OpenFiles) }</label>
            <input id="file-input" class="visually-hidden" type="file" multiple=true accept={ACCEPTED} onchange={on_change} />
            <label class="button button-quiet" for="folder-input">{ tr(lang, T::OpenFolder) }</label>
            <input id="folder-input" class="visually-hidden" type="file" webkitdirectory=true multiple=true onchange={on_folder_change} />
            <span class="export-group">
                <select id="export-format" aria-label={tr(lang, T::ExportFormat)} onchange={choose(|c, v| c.format = Format::parse(&v).unwrap_or(Format::Native))}>
                    { for Format::ALL.iter().map(|f| html! { <option value={f.as_str()} selected={choice.format == *f}>{ format_name(*f) }</option> }) }
                </select>
                if choice.format.is_per_layer() {
                    <select id="export-layer" aria-label={tr(lang, T::Layers)} onchange={choose(|c, v| c.layer = match v.as_str() {
                        "figure" => Layer::Figure, "measure" => Layer::Measure, _ => Layer::Entity })}>
                        { for Layer::ALL.iter().map(|l| html! { <option value={l.as_str()} selected={choice.layer == *l}>{ layer_name(lang, *l) }</option> }) }
                    </select>
                }
                <select id="export-scope" aria-label={tr(lang, T::ExportScope)} onchange={choose(|c, v| c.whole_corpus = v == "corpus")}>
                    <option value="document" selected={!choice.whole_corpus}>{ tr(lang, T::ThisDocument) }</option>
                    <option value="corpus" selected={choice.whole_corpus}>{ tr(lang, T::WholeCorpus) }</option>
                </select>
                <button class="button" id="export" onclick={on_export} aria-label={format!("{} · Export", tr(lang, T::Export))}>
                    { tr(lang, T::Export) }
                </button>
            </span>
            <label class="button button-quiet" for="import-input" title={tr(lang, T::ImportHint)}>{ tr(lang, T::ImportAnnotations) }</label>
            <input id="import-input" class="visually-hidden" type="file" multiple=true accept=".json,.jsonl,.zip,.ann,.txt" onchange={on_import_change} />
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

/// How a format is called in the menu.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Native => "biaozhu JSON",
        Format::Jsonl => "biaozhu JSONL",
        Format::Spacy => "spaCy / Prodigy JSONL",
        Format::Bio => "BIO (CoNLL)",
        Format::Bioes => "BIOES (CoNLL)",
        Format::Brat => "brat (.zip)",
        Format::W3c => "W3C Web Annotation",
        Format::LabelStudio => "Label Studio",
    }
}
