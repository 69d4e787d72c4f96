//! Any text as a native JSON or JSONL export. What is read back is checked, so exporting it
//! again and reading that must give the same corpus.
#![no_main]

use biaozhu::core::export::native_json_with_statuses;
use biaozhu::core::formats::read_native;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(corpus) = read_native(&text) else {
        return;
    };
    let json = match native_json_with_statuses(&corpus.labels, &corpus.pairs(), &corpus.statuses) {
        Ok(json) => json,
        Err(e) => panic!("a corpus read back does not export: {e}"),
    };
    match read_native(&json) {
        Ok(again) => assert_eq!(again, corpus, "export then read gives the same corpus"),
        Err(e) => panic!("an export of a corpus read back does not read: {e}"),
    }
});
