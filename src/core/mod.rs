//! The pure core: no browser, no UI framework. Everything here is tested natively.

pub mod import;
pub mod layout;
pub mod model;
pub mod offsets;
pub mod sample;
pub mod storage;
