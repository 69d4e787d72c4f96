//! The save journal: each save of a document's spans, written down in local storage in the very
//! task of the edit, and dropped once IndexedDB has committed it.
//!
//! IndexedDB answers a save only after the browser has drawn a frame or two; until then the edit
//! would live in the page alone, and a page that crashed (a renderer killed for memory, a hung
//! tab ended) would lose it without a `pagehide` to write it down. Local storage is written
//! synchronously and held by the browser from that call on, so the journal is what makes an edit
//! saved as its key is handled. The next visit replays every journal it finds ([`verdict`]):
//! writes IndexedDB already holds are dropped, writes it lacks are stored, and writes that would
//! go over another tab's newer save are kept aside and reported.
//!
//! A journal is the writes that take a document's stored spans to the edit's state from any of
//! its `bases`: the revision last committed and, while an earlier save of the document is still
//! running, the revision that save writes ([`super::span_records::covering`]).

use super::span_records::{encode_record, SpanWrites};
use super::{decode_entry, encode_entry, StoredDataError, SCHEMA_VERSION};
use crate::core::corpus::Entry;

const JOURNAL_KEY_PREFIX: &str = "biaozhu:journal:";

/// The local-storage key of the journal of the document with id `doc_id` kept by tab `tab` (each
/// tab keeps its own, so that one never drops another's).
pub fn journal_key(doc_id: &str, tab: &str) -> String {
    format!("{JOURNAL_KEY_PREFIX}{doc_id}:{tab}")
}

/// The document and the tab whose journal `key` holds, when it is a [`journal_key`].
pub fn journal_of_key(key: &str) -> Option<(&str, &str)> {
    let (doc_id, tab) = key.strip_prefix(JOURNAL_KEY_PREFIX)?.rsplit_once(':')?;
    (!doc_id.is_empty() && !tab.is_empty()).then_some((doc_id, tab))
}

/// One save of a document's spans, as written down before IndexedDB has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    /// The stored revisions the writes apply over (see the module's notes).
    pub bases: Vec<u64>,
    /// The document's list entry; its revision is set as the writes are stored.
    pub entry: Entry,
    /// The head record (see [`super::span_records`]).
    pub head: String,
    /// Every record of the document is removed first.
    pub replace_all: bool,
    /// Span ids whose records are removed.
    pub delete: Vec<u64>,
    /// Span records written: the span's id and its record.
    pub put: Vec<(u64, String)>,
}

impl Journal {
    /// The journal of `writes`, which take the stored spans to a state from any of `bases`.
    pub fn of(writes: &SpanWrites, entry: &Entry, bases: Vec<u64>) -> Journal {
        Journal {
            bases,
            entry: entry.clone(),
            head: writes.head.clone(),
            replace_all: writes.replace_all,
            delete: writes.delete.clone(),
            put: writes.put.iter().map(|a| (a.id, encode_record(a))).collect(),
        }
    }

    /// Whether the store already holds what the journal writes: its head, and its records with
    /// nothing it removes (nor, when it replaces every record, any other) left beside them.
    ///
    /// `records` are the stored records by span id, in id order (the order of their keys).
    pub fn is_held(&self, head: Option<&str>, records: &[(u64, String)]) -> bool {
        let stored = |id: &u64| records.binary_search_by_key(id, |(id, _)| *id).ok().map(|at| &records[at].1);
        head == Some(self.head.as_str())
            && self.put.iter().all(|(id, record)| stored(id) == Some(record))
            && self.delete.iter().all(|id| stored(id).is_none())
            && (!self.replace_all || records.len() == self.put.len())
    }
}

/// What the next visit does with a journal it finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// IndexedDB holds the writes already (the save committed before the page went away).
    Held,
    /// IndexedDB lacks them: they are stored over revision `base`.
    Store { base: u64 },
    /// Another tab has saved the document since: the writes would go over its work.
    Refused { stored: u64 },
}

/// The verdict on `journal`, given the stored revision of its document and what the store holds
/// of its spans (the head, and the records by span id in id order).
pub fn verdict(journal: &Journal, stored_rev: u64, head: Option<&str>, records: &[(u64, String)]) -> Verdict {
    if journal.is_held(head, records) {
        Verdict::Held
    } else if journal.bases.contains(&stored_rev) {
        Verdict::Store { base: stored_rev }
    } else {
        Verdict::Refused { stored: stored_rev }
    }
}

/// The first word of a journal (then its schema version).
const MAGIC: &str = "biaozhu-journal";

/// A journal as text, one line per part: `biaozhu-journal <schema>`, `bases <rev>…`,
/// `entry <list entry>`, `head <head>`, `replace-all` (when it does), then `delete <id>` and
/// `put <id> <record>` lines. Its parts are JSON without line breaks already, so they are kept
/// as they are rather than quoted once more: writing a journal costs a few copies, and reading
/// one needs no parser of its own.
pub fn encode_journal(journal: &Journal) -> String {
    let records: usize = journal.put.iter().map(|(_, r)| r.len() + 26).sum();
    let mut out = String::with_capacity(records + journal.head.len() + 512);
    out.push_str(&format!("{MAGIC} {SCHEMA_VERSION}\nbases"));
    for base in &journal.bases {
        out.push_str(&format!(" {base}"));
    }
    out.push_str(&format!("\nentry {}\nhead {}\n", encode_entry(&journal.entry), journal.head));
    if journal.replace_all {
        out.push_str("replace-all\n");
    }
    for id in &journal.delete {
        out.push_str(&format!("delete {id}\n"));
    }
    for (id, record) in &journal.put {
        out.push_str(&format!("put {id} {record}\n"));
    }
    out
}

pub fn decode_journal(raw: &str) -> Result<Journal, StoredDataError> {
    let bad = |what: &str| StoredDataError::BadShape(format!("save journal: {what}"));
    let id = |word: &str| word.parse::<u64>().map_err(|_| bad("a number is not one"));
    let mut lines = raw.lines();
    let schema = lines.next().and_then(|l| l.strip_prefix(MAGIC)).ok_or_else(|| bad("not a journal"))?;
    let schema: u32 = schema.trim().parse().map_err(|_| bad("no schema version"))?;
    if schema > SCHEMA_VERSION {
        return Err(StoredDataError::TooNew { found: schema });
    }
    let (mut bases, mut entry, mut head) = (None, None, None);
    let (mut replace_all, mut delete, mut put) = (false, Vec::new(), Vec::new());
    for line in lines {
        let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
        match kind {
            "bases" => bases = Some(rest.split_whitespace().map(id).collect::<Result<Vec<u64>, _>>()?),
            "entry" => entry = Some(decode_entry(rest)?),
            "head" => head = Some(rest.to_string()),
            "replace-all" => replace_all = true,
            "delete" => delete.push(id(rest)?),
            "put" => {
                let (span, record) = rest.split_once(' ').ok_or_else(|| bad("a record without its id"))?;
                put.push((id(span)?, record.to_string()));
            }
            _ => return Err(bad("a line of an unknown kind")),
        }
    }
    match (bases, entry, head) {
        (Some(bases), Some(entry), Some(head)) => Ok(Journal { bases, entry, head, replace_all, delete, put }),
        _ => Err(bad("a part is missing")),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
