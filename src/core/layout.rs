//! How a document's blocks are laid out on the page: runs of list items become lists, table
//! cells become tables with rows, and pictures take their place between blocks. Pure, so the UI
//! only maps groups to elements.

use crate::core::model::{BlockKind, Cell, Document};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Group {
    /// One block shown on its own (paragraph, heading, quote, caption).
    Block(usize),
    /// A picture placeholder: index into `meta.images`.
    Image(usize),
    List {
        ordered: bool,
        items: Vec<usize>,
    },
    Table(Table),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub id: u32,
    /// Caption blocks (usually one).
    pub captions: Vec<usize>,
    /// Rows in order; each row's cells in source order.
    pub rows: Vec<Vec<TableCell>>,
}

/// A cell and the blocks it holds (a cell with several paragraphs holds several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableCell {
    pub cell: Cell,
    pub blocks: Vec<usize>,
}

impl Group {
    /// Calls `f` with each block the group draws, in reading order (a picture draws none).
    /// A visit rather than an iterator: it runs for every chunk of the article on each edit.
    pub fn for_each_block(&self, mut f: impl FnMut(usize)) {
        match self {
            Group::Block(i) => f(*i),
            Group::Image(_) => {}
            Group::List { items, .. } => items.iter().for_each(|&i| f(i)),
            Group::Table(t) => {
                t.captions.iter().chain(t.rows.iter().flatten().flat_map(|c| &c.blocks)).for_each(|&i| f(i))
            }
        }
    }
}

/// The body of `doc` (every block but the title) as groups, in reading order.
pub fn body_groups(doc: &Document) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let images_before = |i: usize| doc.meta.images.iter().enumerate().filter(move |(_, img)| img.before_block == i);
    for (i, block) in doc.blocks.iter().enumerate().skip(1) {
        groups.extend(images_before(i).map(|(n, _)| Group::Image(n)));
        match (block.kind, block.table, block.list) {
            (BlockKind::ListItem, _, list) => {
                let ordered = block.marker.as_deref().is_some_and(|m| m.ends_with('.'));
                match groups.last_mut() {
                    Some(Group::List { items, .. }) if list.is_some() && doc.blocks[items[0]].list == list => {
                        items.push(i)
                    }
                    _ => groups.push(Group::List { ordered, items: vec![i] }),
                }
            }
            (BlockKind::TableCell | BlockKind::Caption, Some(id), _) => {
                let table = match groups.last_mut() {
                    Some(Group::Table(t)) if t.id == id => t,
                    _ => {
                        groups.push(Group::Table(Table { id, captions: Vec::new(), rows: Vec::new() }));
                        match groups.last_mut() {
                            Some(Group::Table(t)) => t,
                            _ => unreachable!("a table was just pushed"),
                        }
                    }
                };
                match block.cell {
                    Some(cell) => add_cell(table, cell, i),
                    None => table.captions.push(i),
                }
            }
            _ => groups.push(Group::Block(i)),
        }
    }
    let first_missing = doc.blocks.len().max(1);
    groups.extend(
        doc.meta
            .images
            .iter()
            .enumerate()
            .filter(|(_, img)| img.before_block >= first_missing)
            .map(|(n, _)| Group::Image(n)),
    );
    groups
}

fn add_cell(table: &mut Table, cell: Cell, block: usize) {
    let row = cell.row as usize;
    if table.rows.len() <= row {
        table.rows.resize_with(row + 1, Vec::new);
    }
    match table.rows[row].iter_mut().find(|c| c.cell.col == cell.col) {
        Some(existing) => existing.blocks.push(block),
        None => table.rows[row].push(TableCell { cell, blocks: vec![block] }),
    }
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;

    #[test]
    fn groups_lists_tables_and_pictures() {
        let doc = import_file(
            "a.md",
            concat!(
                "---\ntitle: 题\n---\n<p>一</p><ul><li>甲</li><li>乙</li></ul><ol><li>子</li></ol>",
                "<div class=\"img_wrapper\"><img src=\"https://x.invalid/a.jpg\"><span class=\"img_descr\">图</span></div>",
                "<table><caption>表</caption><tr><td>a</td><td><p>b1</p><p>b2</p></td></tr><tr><td>c</td></tr></table>",
                "<p>尾</p><img src=\"https://x.invalid/end.jpg\">"
            )
            .as_bytes(),
        )
        .expect("imports");
        let cell = |row, col| Cell { row, col, rowspan: 1, colspan: 1, header: false };
        assert_eq!(
            body_groups(&doc),
            vec![
                Group::Block(1),
                Group::List { ordered: false, items: vec![2, 3] },
                Group::List { ordered: true, items: vec![4] },
                Group::Image(0),
                Group::Block(5),
                Group::Table(Table {
                    id: 0,
                    captions: vec![6],
                    rows: vec![
                        vec![
                            TableCell { cell: cell(0, 0), blocks: vec![7] },
                            TableCell { cell: cell(0, 1), blocks: vec![8, 9] }
                        ],
                        vec![TableCell { cell: cell(1, 0), blocks: vec![10] }],
                    ],
                }),
                Group::Block(11),
                Group::Image(1),
            ]
        );
    }
}
