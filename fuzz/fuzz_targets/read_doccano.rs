//! Any text as doccano JSONL; the first byte picks the offset unit the caller says.
#![no_main]

use biaozhu::core::formats::doccano::read_doccano;
use biaozhu::core::formats::OffsetUnit;
use biaozhu::core::labels::LabelSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let unit = [OffsetUnit::Auto, OffsetUnit::CodePoints, OffsetUnit::Utf16][usize::from(pick) % 3];
    let _ = read_doccano(&String::from_utf8_lossy(rest), &LabelSet::defaults(), unit);
});
