//! Reading the files an analyst picks or drops.

use gloo_file::futures::read_as_bytes;
use gloo_file::File;

/// A file's name and its bytes, or why it could not be read.
pub struct ReadFile {
    pub name: String,
    pub bytes: Result<Vec<u8>, String>,
}

/// Reads files in order.
pub async fn read_all(files: Vec<web_sys::File>) -> Vec<ReadFile> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let file = File::from(file);
        let name = file.name();
        let bytes = read_as_bytes(&file).await.map_err(|e| e.to_string());
        out.push(ReadFile { name, bytes });
    }
    out
}
