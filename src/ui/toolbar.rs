//! The bar at the top: the app's name and the way to open files.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// File types the importer reads.
const ACCEPTED: &str = ".md,.markdown,.txt,.html,.htm";

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub on_files: Callback<Option<web_sys::FileList>>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let on_change = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                on_files.emit(input.files());
                // Cleared so that choosing the same file again still counts as a change.
                input.set_value("");
            }
        })
    };
    html! {
        <header class="toolbar">
            <span class="brand" lang="zh">{ "标注" }<span class="brand-latin">{ "biaozhu" }</span></span>
            <label class="button" for="file-input" title="Open .md, .html or .txt articles (or drop them on the page)">
                { "打开文件 · Open files" }
            </label>
            <input id="file-input" class="visually-hidden" type="file" multiple=true accept={ACCEPTED} onchange={on_change} />
            <span class="toolbar-hint">{ "也可把文件拖到页面上 · or drop files on the page" }</span>
        </header>
    }
}
