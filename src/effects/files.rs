//! Reading the files an analyst picks or drops, one at a time, and importing them with the
//! browser's own decoder for legacy Chinese text and its own HTML parser.

use super::html_tree::BrowserHtmlReader;
use crate::core::import::{import_file_with, ImportError, LegacyDecoder};
use crate::core::model::Document;
use gloo_file::futures::read_as_bytes;
use gloo_file::File;

/// A batch of picked or dropped files, not read yet: each is read when the flow comes to it,
/// so a folder of thousands of files never sits in memory whole.
pub struct FileBatch {
    files: std::vec::IntoIter<web_sys::File>,
    len: usize,
}

impl FileBatch {
    pub fn new(files: Vec<web_sys::File>) -> Self {
        FileBatch { len: files.len(), files: files.into_iter() }
    }

    /// How many files the batch had when it was made.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Iterator for FileBatch {
    type Item = PickedFile;

    fn next(&mut self) -> Option<PickedFile> {
        self.files.next().map(|file| PickedFile { name: file.name(), size: file.size().max(0.0) as u64, file })
    }
}

/// One file of a batch: its name and size, known before its bytes are read.
pub struct PickedFile {
    pub name: String,
    /// In bytes, as the browser reports it.
    pub size: u64,
    file: web_sys::File,
}

impl PickedFile {
    /// Reads the file's bytes.
    pub async fn read(self) -> Result<Vec<u8>, String> {
        read_as_bytes(&File::from(self.file)).await.map_err(|e| e.to_string())
    }
}

/// The files as a batch to read one at a time (nothing is read here).
pub async fn read_all(files: Vec<web_sys::File>) -> FileBatch {
    FileBatch::new(files)
}

/// Imports one file (as `core::import` does natively) with the browser's decoder and HTML parser.
pub fn import_with_browser(file_name: &str, bytes: &[u8]) -> Result<Document, ImportError> {
    import_file_with(file_name, bytes, &BrowserDecoder, &BrowserHtmlReader)
}

/// GB18030 (and so GBK and GB2312) through the browser's `TextDecoder`, strictly (`fatal`), so no
/// encoding tables are shipped in the app.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserDecoder;

impl LegacyDecoder for BrowserDecoder {
    fn gb18030(&self, bytes: &[u8]) -> Option<String> {
        let options = web_sys::TextDecoderOptions::new();
        options.set_fatal(true);
        let decoder = web_sys::TextDecoder::new_with_label_and_options("gb18030", &options).ok()?;
        decoder.decode_with_u8_array(bytes).ok()
    }
}
