//! Any bytes as a `.zip` of brat files, read against the default label set.
#![no_main]

use biaozhu::core::formats::brat::read_brat_zip;
use biaozhu::core::labels::LabelSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_brat_zip(data, &LabelSet::defaults());
});
