//! A [`Document`] for text that comes from another tool together with spans over it.
//!
//! The spans' offsets refer to that tool's text exactly, so the text is taken as it is, never
//! normalised the way an article import is: every line becomes a block (the first one the
//! title), and `text` is the given text. The one change is to line breaks: `\r\n` becomes `\n`
//! (and a lone `\r` becomes `\n`), because a block never holds a line break; the
//! [`LineBreaks`] returned moves offsets over the removed `\r`s, and says that it did.

use super::FormatError;
use crate::core::import::{document_id, NORMALIZATION_VERSION};
use crate::core::model::{Block, BlockKind, Document, Meta};

/// How the line breaks of a foreign text were converted: where `\r` of a `\r\n` was removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineBreaks {
    /// Code-point positions, in the original text, of the removed `\r`s, ascending.
    removed: Vec<usize>,
}

impl LineBreaks {
    /// Whether any `\r\n` was turned into `\n` (and offsets after it therefore moved).
    pub fn converted(&self) -> bool {
        !self.removed.is_empty()
    }

    /// How many `\r\n` were turned into `\n`.
    pub fn count(&self) -> usize {
        self.removed.len()
    }

    /// An offset into the original text, as an offset into the document's text. An offset
    /// between `\r` and `\n` lands before the `\n`.
    pub fn map(&self, offset: usize) -> usize {
        offset - self.removed.partition_point(|&at| at < offset)
    }
}

impl Document {
    /// A document over `text` as another tool had it (see the module docs): one block a line,
    /// the first line the title, `\r\n` turned into `\n`. `file_name` goes into the metadata.
    pub fn from_plain_text(file_name: &str, text: &str) -> Result<(Document, LineBreaks), FormatError> {
        if text.trim().is_empty() {
            return Err(FormatError::Malformed { at: file_name.to_string(), message: "has no text".into() });
        }
        let mut breaks = LineBreaks::default();
        let mut clean = String::with_capacity(text.len());
        let mut chars = text.chars().enumerate().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => breaks.removed.push(at),
                '\r' => clean.push('\n'),
                _ => clean.push(c),
            }
        }
        let mut blocks = Vec::new();
        let mut start = 0;
        for (index, line) in clean.split('\n').enumerate() {
            let end = start + line.chars().count();
            let kind = if index == 0 { BlockKind::Title } else { BlockKind::Paragraph };
            blocks.push(Block::new(kind, start, end));
            start = end + 1;
        }
        let title = clean.split('\n').next().unwrap_or_default().to_string();
        let meta = Meta { source_file: Some(file_name.to_string()), ..Meta::default() };
        let doc = Document {
            id: document_id(&clean),
            title,
            meta,
            text: clean,
            blocks,
            normalization: NORMALIZATION_VERSION,
        };
        doc.validate().map_err(|source| FormatError::Document { doc: file_name.to_string(), source })?;
        Ok((doc, breaks))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_text_and_moves_offsets_over_crlf() {
        let (doc, breaks) = Document::from_plain_text("a.txt", "标题𠮷\r\n正文\r\n\r\n末").expect("reads");
        assert_eq!(doc.text, "标题𠮷\n正文\n\n末");
        assert_eq!(doc.title, "标题𠮷");
        assert_eq!(doc.blocks.iter().map(|b| (b.start, b.end)).collect::<Vec<_>>(), [(0, 3), (4, 6), (7, 7), (8, 9)]);
        assert_eq!(breaks.count(), 3);
        // 正文 is [5, 7) in the original, [4, 6) here; 末 is [11, 12) → [8, 9).
        assert_eq!((breaks.map(5), breaks.map(7), breaks.map(11), breaks.map(12)), (4, 6, 8, 9));
        assert_eq!(breaks.map(4), 3, "between \\r and \\n lands before the \\n");
        let (plain, none) = Document::from_plain_text("b.txt", "a\rb").expect("reads");
        assert_eq!((plain.text.as_str(), none.converted()), ("a\nb", false));
        assert!(Document::from_plain_text("c.txt", " \n ").is_err());
    }
}
