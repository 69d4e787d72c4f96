//! Canonical text: how raw inline text becomes the lines that spans point into.
//!
//! Normalisation rules (version 1, see [`super::NORMALIZATION_VERSION`]):
//! - zero-width spaces and stray byte-order marks are removed;
//! - a run of ASCII white space and no-break spaces becomes one space, except that a run
//!   containing a line break between two East Asian wide characters disappears (CSS does the
//!   same: Chinese does not separate words, so a source line break inside a sentence is not a space);
//! - each block is trimmed of all Unicode white space, including ideographic indentation (`　　`);
//! - blocks are joined by `\n`, after the title; an empty block is dropped.

use crate::core::model::{Block, BlockKind};
use std::ops::Range;

/// Accumulates blocks into the canonical text, tracking code-point offsets as it goes.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    cp_len: usize,
    blocks: Vec<Block>,
}

impl TextBuilder {
    /// An empty builder with room for `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        TextBuilder { text: String::with_capacity(bytes), ..Default::default() }
    }

    /// Appends a block whose raw text is `raw`; returns its index, or `None` when the text was
    /// empty after normalisation (nothing is appended then). `template` supplies the block's
    /// kind and structural fields; its offsets are ignored.
    pub fn push(&mut self, raw: &str, template: Block) -> Option<usize> {
        self.push_normalized(&normalize_inline(raw), template)
    }

    /// [`TextBuilder::push`] for a line that is normalised already (an output of
    /// [`normalize_inline`] or a [`LineBuffer`] line), which is appended as it is.
    pub fn push_normalized(&mut self, line: &str, template: Block) -> Option<usize> {
        if line.is_empty() {
            return None;
        }
        if !self.blocks.is_empty() {
            self.text.push('\n');
            self.cp_len += 1;
        }
        let start = self.cp_len;
        self.cp_len += line.chars().count();
        self.text.push_str(line);
        self.blocks.push(Block { start, end: self.cp_len, ..template });
        Some(self.blocks.len() - 1)
    }

    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }

    pub fn finish(self) -> (String, Vec<Block>) {
        (self.text, self.blocks)
    }
}

/// Normalises one block's raw inline text into a single trimmed line (rules in the module docs).
pub fn normalize_inline(raw: &str) -> String {
    let mut line = LineBuffer::default();
    line.push(raw);
    line.end_line();
    line.into_text()
}

/// Lines of normalised text written one after another into one buffer as their raw text comes,
/// piece by piece (the text nodes of a block): each line is what [`normalize_inline`] gives for
/// its pieces joined, but the raw text is never copied, and is read once.
///
/// Ordinary text is copied in runs; only collapsible white space and invisible characters stop a
/// run. A run of white space is held back until the next visible character shows whether it is
/// a space (or nothing, for a line break between two wide characters); white space before a
/// line's first visible character is never written, and any after its last is taken off when the
/// line ends.
#[derive(Debug, Default)]
pub struct LineBuffer {
    text: String,
    /// Where the current line starts in `text`.
    start: usize,
    /// The last character written to the current line; `None` while it has none.
    last: Option<char>,
    /// A run of collapsible white space waits for the next character: `Some(true)` when the
    /// run contains a line break.
    pending: Option<bool>,
}

/// Bytes that may start a character [`LineBuffer::push`] does not copy as it is: collapsible white
/// space (space, tab, form feed, line feed, carriage return, and U+00A0 which starts with 0xC2)
/// and invisible characters (NUL, U+200B which starts with 0xE2, U+FEFF which starts with 0xEF).
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut i = 0;
    let bytes = [b' ', b'\t', b'\x0c', b'\n', b'\r', 0, 0xC2, 0xE2, 0xEF];
    while i < bytes.len() {
        stops[bytes[i] as usize] = true;
        i += 1;
    }
    stops
};

impl LineBuffer {
    /// A buffer with room for `bytes` of text.
    pub fn with_capacity(bytes: usize) -> Self {
        LineBuffer { text: String::with_capacity(bytes), ..Default::default() }
    }

    /// Appends raw inline text to the current line.
    pub fn push(&mut self, raw: &str) {
        let bytes = raw.as_bytes();
        let mut run = 0; // start of the ordinary text not written yet
        let mut i = 0;
        loop {
            while i < bytes.len() && !STOPS[usize::from(bytes[i])] {
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
            // (length, Some(is a line break) for collapsible white space, None for invisible)
            let (len, collapsible) = match bytes[i] {
                b'\n' | b'\r' => (1, Some(true)),
                0 => (1, None),
                0xC2 if bytes.get(i + 1) == Some(&0xA0) => (2, Some(false)), // U+00A0
                0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x8B]) => (3, None), // U+200B
                0xEF if bytes.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]) => (3, None), // U+FEFF
                0xC2 | 0xE2 | 0xEF => {
                    i += 1; // another character, copied as it is
                    continue;
                }
                _ => (1, Some(false)), // space, tab, form feed
            };
            // `i` is at an ASCII byte or the first byte of a character: a boundary.
            self.write(&raw[run..i]);
            if let Some(is_break) = collapsible {
                if self.last.is_some() {
                    self.pending = Some(self.pending == Some(true) || is_break);
                }
            }
            i += len;
            run = i;
        }
        self.write(&raw[run..]);
    }

    /// Writes text that holds no collapsible white space and no invisible character.
    fn write(&mut self, text: &str) {
        let text = match self.last {
            None => text.trim_start_matches(char::is_whitespace),
            Some(last) => {
                if let (Some(has_break), Some(next)) = (self.pending, text.chars().next()) {
                    if !(has_break && is_wide(last) && is_wide(next)) {
                        self.text.push(' ');
                    }
                    self.pending = None;
                }
                text
            }
        };
        if let Some(last) = text.chars().next_back() {
            self.text.push_str(text);
            self.last = Some(last);
        }
    }

    /// Ends the current line: the byte range of its text in [`LineBuffer::text`], or `None` when
    /// it has no text (nothing was written then). The next push starts a new line.
    pub fn end_line(&mut self) -> Option<Range<usize>> {
        self.pending = None;
        let start = self.start;
        self.last.take()?;
        let kept = self.text[start..].trim_end_matches(char::is_whitespace).len();
        self.text.truncate(start + kept);
        self.start = self.text.len();
        Some(start..self.text.len())
    }

    /// Takes back the line just ended at `range`, which must be the last one.
    pub fn remove_last(&mut self, range: Range<usize>) {
        debug_assert_eq!(range.end, self.text.len());
        self.text.truncate(range.start);
        self.start = range.start;
    }

    /// The lines ended so far, one after another (and the current line's text so far).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }
}

/// East Asian wide characters (Han, kana, CJK punctuation, full-width forms), for which a line
/// break in the source is not a word separator.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2014 | 0x2018..=0x201F | 0x2026 // dashes, curly quotes and ellipsis, wide in Chinese text
        |
        0x2E80..=0x303E       // CJK radicals, ideographic description, CJK symbols and punctuation
        | 0x3041..=0x33FF     // kana, bopomofo, compatibility
        | 0x3400..=0x4DBF     // Extension A
        | 0x4E00..=0x9FFF     // Unified Ideographs
        | 0xF900..=0xFAFF     // Compatibility Ideographs
        | 0xFE30..=0xFE4F     // CJK compatibility forms
        | 0xFF01..=0xFF60     // full-width forms
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD // Extensions B and beyond
    )
}

/// Whether `kind` may be promoted to a heading by emphasis; captions and cells keep their kind.
pub fn promotable(kind: BlockKind) -> bool {
    kind == BlockKind::Paragraph
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Raw texts and their normalised lines.
    const CASES: &[(&str, &str)] = &[
        ("　　在8月9日举行的新闻通气会上", "在8月9日举行的新闻通气会上"),
        ("  a   b\t\tc  ", "a b c"),
        ("东方\n  财富", "东方财富"),
        ("东方  财富", "东方 财富"),
        ("Windows\n11", "Windows 11"),
        ("最新净值\n2.2252", "最新净值 2.2252"),
        ("分　组", "分　组"),
        ("a\u{a0}\u{a0}b", "a b"),
        ("零\u{200b}宽", "零宽"),
        ("\u{3000}\u{a0} ", ""),
        ("𠮷\n野家", "𠮷野家"),
        ("。\r\n下一句", "。下一句"),
        ("\u{3000}\n东", "东"),
        ("东\u{3000}\n西", "东\u{3000}西"),
        ("东 \u{3000}", "东"),
        ("a \u{200b}\u{feff}\0 b", "a b"),
        ("东\n\u{200b}西", "东西"),
        ("é\u{a0}©\u{2028}", "é ©"),
        ("东—\n“西”，\n。", "东—“西”，。"),
        ("\u{85}a\x0b", "a"),
    ];

    #[test]
    fn normalizes_inline_text() {
        for &(raw, want) in CASES {
            assert_eq!(normalize_inline(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn a_line_in_pieces_is_the_line_whole() {
        for &(raw, want) in CASES {
            let cuts: Vec<usize> = raw.char_indices().map(|(i, _)| i).collect();
            for &i in &cuts {
                for &j in cuts.iter().filter(|&&j| j >= i) {
                    let mut lines = LineBuffer::default();
                    lines.push("前一行");
                    let first = lines.end_line();
                    for piece in [&raw[..i], &raw[i..j], &raw[j..]] {
                        lines.push(piece);
                    }
                    let line = lines.end_line();
                    assert_eq!(first, Some(0..9));
                    assert_eq!(
                        line.map(|r| &lines.text()[r]),
                        Some(want).filter(|w| !w.is_empty()),
                        "{raw:?} cut at {i}, {j}"
                    );
                    assert_eq!(lines.text(), format!("前一行{want}"));
                }
            }
        }
    }

    #[test]
    fn a_line_taken_back_leaves_the_others() {
        let mut lines = LineBuffer::default();
        lines.push(" 甲 ");
        let first = lines.end_line();
        lines.push("乙\n");
        let second = lines.end_line().expect("a line");
        lines.remove_last(second);
        lines.push(" 丙");
        let third = lines.end_line();
        assert_eq!((first, third, lines.text()), (Some(0..3), Some(3..6), "甲丙"));
    }

    #[test]
    fn builder_tracks_code_points() {
        let mut b = TextBuilder::default();
        assert_eq!(b.push("标题𠮷", Block::new(BlockKind::Title, 0, 0)), Some(0));
        assert_eq!(b.push("   ", Block::new(BlockKind::Paragraph, 0, 0)), None);
        assert_eq!(b.push("　　正文", Block::new(BlockKind::Paragraph, 0, 0)), Some(1));
        let (text, blocks) = b.finish();
        assert_eq!(text, "标题𠮷\n正文");
        assert_eq!((blocks[0].start, blocks[0].end), (0, 3));
        assert_eq!((blocks[1].start, blocks[1].end), (4, 6));
    }
}
