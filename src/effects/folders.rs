//! Folders the analyst drops on the page: every file inside, however deep. The browser hands a
//! dropped folder over as file-system entries, walked here with its callback API turned into
//! futures.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// The entries of a drop. Must be called while the drop event is being handled: the browser
/// forgets them afterwards.
pub fn dropped_entries(dt: &DataTransfer) -> Vec<FileSystemEntry> {
    let items = dt.items();
    (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect()
}

/// Every file under the given entries, depth first, in the browser's order.
pub async fn files_under(entries: Vec<FileSystemEntry>) -> Vec<web_sys::File> {
    let mut files = Vec::new();
    let mut stack: Vec<FileSystemEntry> = entries.into_iter().rev().collect();
    while let Some(entry) = stack.pop() {
        if entry.is_file() {
            if let Some(file) = file_of(entry.unchecked_into()).await {
                files.push(file);
            }
        } else if entry.is_directory() {
            let children = children_of(entry.unchecked_into()).await;
            stack.extend(children.into_iter().rev());
        }
    }
    files
}

/// Runs a callback-style call as a future of its first callback argument.
async fn callback_future(call: impl FnOnce(&Function, &Function) -> Result<(), JsValue>) -> Option<JsValue> {
    let mut call = Some(call);
    let mut result = Ok(());
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            result = call(&resolve, &reject);
        }
    });
    result.ok()?;
    JsFuture::from(promise).await.ok()
}

async fn file_of(entry: FileSystemFileEntry) -> Option<web_sys::File> {
    callback_future(|ok, err| {
        entry.file_with_callback_and_callback(ok, err);
        Ok(())
    })
    .await?
    .dyn_into()
    .ok()
}

/// All children of a directory: `readEntries` gives them in batches until an empty one.
async fn children_of(dir: FileSystemDirectoryEntry) -> Vec<FileSystemEntry> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = callback_future(|ok, err| reader.read_entries_with_callback_and_callback(ok, err)).await;
        let Some(batch) = batch.map(|b| Array::from(&b)) else { break };
        if batch.length() == 0 {
            break;
        }
        all.extend(batch.iter().filter_map(|e| e.dyn_into::<FileSystemEntry>().ok()));
    }
    all
}
