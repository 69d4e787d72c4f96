//! The document model: what an imported article is once it has left its file format behind.
//!
//! Offsets everywhere are half-open `[start, end)` ranges in Unicode code points over
//! [`Document::text`], the same units as Python's `text[start:end]`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One imported article: its canonical text and the structure laid over it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Hash of `text` (see [`crate::core::import::document_id`]): the same text, the same id.
    pub id: String,
    /// The article's title; always the first line of `text`.
    pub title: String,
    pub meta: Meta,
    /// Canonical plain text: the title, then every block, joined by `\n`. No block contains `\n`.
    pub text: String,
    /// The title block first, then the body blocks in reading order; they do not overlap and
    /// together with the `\n` separators cover `text` exactly.
    pub blocks: Vec<Block>,
    /// Version of the normalisation that produced `text` ([`crate::core::import::NORMALIZATION_VERSION`]).
    pub normalization: u32,
}

/// What the file said about the article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The `原标题：…` line of a republished article, without its label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    /// The responsible editor from the `责任编辑：…` line, without its label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication time as ISO 8601 (RFC 3339), when the source date could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date exactly as the file wrote it (also when it could not be read, e.g. `Invalid Date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_raw: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Name of the file the article was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_file: Option<String>,
    /// The front matter's `headimg`/`thumbnail` picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_image: Option<String>,
    /// Pictures of the body, in reading order. Never loaded by default (privacy).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    /// Other front matter fields, as text, so nothing the file said is lost.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// A picture of the body. Its caption, when it has one, is also a [`BlockKind::Caption`] block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// Remote URL; `None` for embedded `data:` pictures, whose bytes are not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Index of the first block after the picture: it is shown just before that block.
    pub before_block: usize,
}

/// A structural unit of the text: a `[start, end)` code-point range into [`Document::text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
    /// Heading level 1–6 (headings only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// Which table of the document (0, 1, …) a table cell or table caption belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// Position of a table cell in its table's grid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<Cell>,
    /// Which list of the document (0, 1, …) a list item belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<u32>,
    /// The marker a list item is shown with (`1.`, `•`); not part of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Index into [`Meta::images`] of the picture a caption describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<usize>,
}

impl Block {
    pub fn new(kind: BlockKind, start: usize, end: usize) -> Self {
        Block { kind, start, end, level: None, table: None, cell: None, list: None, marker: None, image: None }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    ListItem,
    Quote,
    TableCell,
    Caption,
}

/// Where a table cell sits: its row and column in the source table (0-based), and its spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub rowspan: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub colspan: u32,
    /// A `<th>` or a cell of the table's `<thead>`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub header: bool,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// Why a document from outside (storage, an export) is not a valid [`Document`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidDocument {
    #[error("block {index} [{start}, {end}) lies outside the text ({len} characters) or is reversed")]
    BlockOutOfRange { index: usize, start: usize, end: usize, len: usize },
    #[error("block {index} overlaps the block before it")]
    BlocksOverlap { index: usize },
    #[error("the first block is not the title line")]
    NoTitleBlock,
    #[error("the title does not match the text's first line")]
    TitleMismatch,
    #[error("picture {index} refers to block {block}, which does not exist")]
    ImageOutOfRange { index: usize, block: usize },
}

impl Document {
    /// Checks the invariants the rest of the program relies on; data read back from storage or
    /// from a file goes through this before it is used.
    pub fn validate(&self) -> Result<(), InvalidDocument> {
        let len = self.text.chars().count();
        let mut previous_end = 0;
        for (index, b) in self.blocks.iter().enumerate() {
            if b.start > b.end || b.end > len {
                return Err(InvalidDocument::BlockOutOfRange { index, start: b.start, end: b.end, len });
            }
            if index > 0 && b.start < previous_end {
                return Err(InvalidDocument::BlocksOverlap { index });
            }
            previous_end = b.end;
        }
        match self.blocks.first() {
            Some(b) if b.kind == BlockKind::Title && b.start == 0 => {}
            _ => return Err(InvalidDocument::NoTitleBlock),
        }
        if self.text.split('\n').next() != Some(self.title.as_str()) {
            return Err(InvalidDocument::TitleMismatch);
        }
        for (index, image) in self.meta.images.iter().enumerate() {
            if image.before_block > self.blocks.len() {
                return Err(InvalidDocument::ImageOutOfRange { index, block: image.before_block });
            }
        }
        Ok(())
    }
}
