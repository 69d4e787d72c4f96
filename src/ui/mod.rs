//! The Yew user interface: one reducer ([`state`]) owns the app state; components are small and
//! get narrow callbacks; effects live in [`crate::effects`].

pub mod app;
pub mod article;
pub mod autosave;
pub mod blocks;
pub mod corpus_flows;
pub mod deferred;
pub mod doc_list;
pub mod i18n;
pub mod label_editor;
pub mod label_menu;
pub mod meta_line;
pub mod notices;
pub mod paint;
pub mod recovery;
pub mod side_panel;
pub mod span_editor;
pub mod span_list;
pub mod state;
pub mod stats_view;
pub mod toolbar;

pub use app::App;

/// Mounts the app on the page.
pub fn start() {
    intern_common_strings();
    yew::Renderer::<App>::new().render();
}

/// Every string handed to the browser is decoded from the wasm memory on the way, unless it was
/// interned: the names and values drawn for every segment of an article are, so that a long
/// article's tens of thousands of attributes cost no decoding of their names.
fn intern_common_strings() {
    for s in [
        "class",
        "style",
        "span",
        "p",
        "data-s",
        "data-spans",
        "data-tag",
        "data-block",
        "data-start",
        "data-end",
        "seg",
        "seg seg-tagged",
        "seg seg-tagged seg-end",
        "seg seg-tagged seg-selected",
        "seg seg-tagged seg-selected seg-end",
        "seg seg-tagged seg-suggested",
        "seg seg-tagged seg-suggested seg-end",
        "block block-paragraph",
        "li",
        "button",
        "span-item",
        "data-span",
    ] {
        wasm_bindgen::intern(s);
    }
}
