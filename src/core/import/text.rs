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

/// Accumulates blocks into the canonical text, tracking code-point offsets as it goes.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    cp_len: usize,
    blocks: Vec<Block>,
}

impl TextBuilder {
    /// Appends a block whose raw text is `raw`; returns its index, or `None` when the text was
    /// empty after normalisation (nothing is appended then). `template` supplies the block's
    /// kind and structural fields; its offsets are ignored.
    pub fn push(&mut self, raw: &str, template: Block) -> Option<usize> {
        let line = normalize_inline(raw);
        if line.is_empty() {
            return None;
        }
        if !self.blocks.is_empty() {
            self.text.push('\n');
            self.cp_len += 1;
        }
        let start = self.cp_len;
        self.cp_len += line.chars().count();
        self.text.push_str(&line);
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
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().filter(|c| !is_invisible(*c)).peekable();
    while let Some(c) = chars.next() {
        if !is_collapsible(c) {
            out.push(c);
            continue;
        }
        let mut has_break = c == '\n' || c == '\r';
        while let Some(&next) = chars.peek() {
            if !is_collapsible(next) {
                break;
            }
            has_break |= next == '\n' || next == '\r';
            chars.next();
        }
        let before_wide = out.chars().next_back().is_some_and(is_wide);
        let after_wide = chars.peek().copied().is_some_and(is_wide);
        if !(has_break && before_wide && after_wide) {
            out.push(' ');
        }
    }
    out.trim_matches(char::is_whitespace).to_string()
}

fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}' | '\u{a0}')
}

/// Characters that take no room and only get in the way of offsets and search.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{feff}' | '\u{0}')
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

    #[test]
    fn normalizes_inline_text() {
        let cases: &[(&str, &str)] = &[
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
        ];
        for &(raw, want) in cases {
            assert_eq!(normalize_inline(raw), want, "{raw:?}");
        }
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
