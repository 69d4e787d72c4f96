//! Any bytes as an article file. The first byte picks the file name (and with it the reader:
//! crawled post, bare HTML, plain text, or the guess made for an unknown extension); a document
//! that comes out must keep the model's promises.
#![no_main]

use biaozhu::core::import::{document_id, import_file};
use biaozhu::core::offsets::slice_cp;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = ["a.md", "a.html", "a.txt", "a", "a.htm", "a.markdown", "a.xyz", "a.text"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let Ok(doc) = import_file(name, bytes) else {
        return;
    };
    assert_eq!(doc.id, document_id(&doc.text), "the id is the hash of the text");
    if let Err(e) = doc.validate() {
        panic!("an imported document does not validate: {e}");
    }
    let lines: Vec<&str> =
        doc.blocks.iter().map(|b| slice_cp(&doc.text, b.start, b.end).expect("block inside the text")).collect();
    assert!(lines.iter().all(|l| !l.contains('\n')), "a block holds a line break");
    assert_eq!(lines.join("\n"), doc.text, "the blocks and their line breaks cover the text");
});
