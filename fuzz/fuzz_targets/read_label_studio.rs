//! Any text as a Label Studio JSON or JSON-MIN export, read against the default label set.
#![no_main]

use biaozhu::core::formats::label_studio::read_label_studio;
use biaozhu::core::labels::LabelSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_label_studio(&String::from_utf8_lossy(data), &LabelSet::defaults());
});
