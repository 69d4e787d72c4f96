//! Effects at the edge of the app: the browser's storage and files. Each returns `Result`, and
//! the UI turns an error into a visible notice.

pub mod db;
pub mod download;
pub mod files;
pub mod folders;
pub mod html_tree;
pub mod selection;
pub mod storage;
pub mod tabs;
