//! What the importers take at most. Beyond these a file is refused with a message that names it
//! and the limit, before any work that could freeze the tab or exhaust its memory.
//!
//! The real corpus (`corpus/` beside the design notes) is far below every limit: its longest
//! article has under 6,000 characters of text, its largest file is 21 KB, and none is nested more
//! than 5 elements deep.

/// Largest article file, in bytes (20 MiB). Checked before a file is read, where the platform
/// tells the size first (the browser's `File::size`, the file system's metadata).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Longest canonical text of one document, in code points. Two hundred thousand characters is
/// over thirty times the corpus's longest article; the article view draws a document whole, and
/// measured in the browser, a million characters took over 30 s to open: a frozen tab.
pub const MAX_TEXT_CHARS: usize = 200_000;

/// Deepest nesting of HTML elements that is parsed. The HTML parser spends time proportional to
/// the depth on each element, so a file of thousands of unclosed `<div>`s takes seconds to
/// minutes; real articles are nested a handful deep.
pub const MAX_HTML_DEPTH: usize = 512;

/// Most files opened in one batch (a picked or dropped folder). They are read one at a time, so
/// this bounds the time a batch takes rather than its memory.
pub const MAX_BATCH_FILES: usize = 10_000;

/// Largest annotation file (a brat `.zip`, doccano or Label Studio export, native backup) that is
/// read, in bytes (200 MiB, as much as a `.zip` may unpack to).
pub const MAX_ANNOTATION_FILE_BYTES: u64 = MAX_ZIP_BYTES;

/// Most entries of a brat `.zip` that is read.
pub const MAX_ZIP_ENTRIES: usize = 20_000;

/// Most bytes a brat `.zip` may unpack to (200 MiB), counted as they are read, not as declared.
pub const MAX_ZIP_BYTES: u64 = 200 * 1024 * 1024;

/// A byte count for a message: `25.3 MiB`, `20 MiB` for whole numbers, and in bytes when a tenth of
/// a MiB would not show the difference (`20,971,521 bytes`).
pub fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    // Tenths of a MiB, rounded, in whole numbers (no float formatting in the app's bundle).
    let tenths = (bytes.saturating_mul(10) + MIB / 2) / MIB;
    if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB / 10 && !tenths.is_multiple_of(10) {
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    } else {
        format!("{} bytes", count(bytes as usize))
    }
}

/// A count for a message, in groups of three digits: `1,000,000`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_counts_read_well() {
        assert_eq!(size(MAX_FILE_BYTES), "20 MiB");
        assert_eq!(size(26_528_972), "25.3 MiB");
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(MAX_FILE_BYTES + 1), "20,971,521 bytes");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(MAX_TEXT_CHARS), "200,000");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(0), "0");
    }
}
