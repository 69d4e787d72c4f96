//! Bodies without markup: plain text, one paragraph per line, and (in posts) the few Markdown
//! line forms a crawler leaves behind: `#` headings, `>` quotes and `-`/`*`/`1.` list items.

use super::html::Walked;
use super::text::LineBuffer;
use crate::core::model::{Block, BlockKind};

pub fn walk(body: &str, markdown: bool) -> Walked {
    let mut out = Walked::default();
    let mut lines = LineBuffer::with_capacity(body.len());
    let mut list: Option<u32> = None;
    let mut lists = 0;
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (kind, level, marker, rest) =
            if markdown { markdown_line(line) } else { (BlockKind::Paragraph, None, None, line) };
        lines.push(rest);
        let Some(range) = lines.end_line() else {
            continue;
        };
        let mut block = Block::new(kind, 0, 0);
        block.level = level;
        if kind == BlockKind::ListItem {
            let id = *list.get_or_insert_with(|| {
                lists += 1;
                lists - 1
            });
            block.list = Some(id);
            block.marker = marker;
        } else {
            list = None;
        }
        out.blocks.push((range, block));
    }
    out.text = lines.into_text();
    out
}

fn markdown_line(line: &str) -> (BlockKind, Option<u8>, Option<String>, &str) {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        return (BlockKind::Heading, Some(hashes as u8), None, &line[hashes..]);
    }
    if let Some(rest) = line.strip_prefix('>') {
        return (BlockKind::Quote, None, None, rest);
    }
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return (BlockKind::ListItem, None, Some("•".into()), rest);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 && line[digits..].starts_with(". ") {
        return (BlockKind::ListItem, None, Some(line[..=digits].to_string()), &line[digits + 2..]);
    }
    (BlockKind::Paragraph, None, None, line)
}
