//! The pure core: no browser, no UI framework. Everything here is tested natively.

pub mod annotation;
pub mod backup;
pub mod corpus;
pub mod export;
pub mod formats;
pub mod import;
pub mod labels;
pub mod layout;
pub mod model;
pub mod offsets;
pub mod recognize;
pub mod render_plan;
pub mod sample;
pub mod spans;
pub mod stats;
pub mod storage;
pub mod suggest;
pub mod workspace;
