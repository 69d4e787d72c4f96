//! The Yew user interface: one reducer ([`state`]) owns the app state; components are small and
//! get narrow callbacks; effects live in [`crate::effects`].

mod app;
mod article;
mod blocks;
mod meta_line;
mod notices;
pub mod state;
mod toolbar;

pub use app::App;

/// Mounts the app on the page.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
