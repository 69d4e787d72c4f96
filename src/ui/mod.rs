//! The Yew user interface: one reducer ([`state`]) owns the app state; components are small and
//! get narrow callbacks; effects live in [`crate::effects`].

pub mod app;
pub mod article;
pub mod autosave;
pub mod blocks;
pub mod corpus_flows;
pub mod doc_list;
pub mod i18n;
pub mod label_editor;
pub mod label_menu;
pub mod meta_line;
pub mod notices;
pub mod paint;
pub mod span_editor;
pub mod span_list;
pub mod state;
pub mod stats_view;
pub mod toolbar;

pub use app::App;

/// Mounts the app on the page.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
