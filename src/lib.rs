//! biaozhu (标注): annotate Chinese news articles with entities, figures and measures.
//!
//! [`core`] holds all the logic and is pure Rust, tested natively. The Yew user interface
//! ([`ui`]) and the browser effects it needs ([`effects`]) exist only in the WebAssembly build.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod effects;
#[cfg(target_arch = "wasm32")]
pub mod ui;
