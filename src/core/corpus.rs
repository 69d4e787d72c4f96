//! The corpus: every document the analyst has opened, with its progress. The index is small
//! (one entry per document, no text) so that a list of a thousand articles stays instant; texts
//! and spans live in their own records.

use crate::core::labels::Layer;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }
}

/// Spans per layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerCounts {
    pub entity: usize,
    pub figure: usize,
    pub measure: usize,
}

impl LayerCounts {
    /// Counts confirmed spans (suggestions are not work done).
    pub fn of(spans: &DocSpans) -> Self {
        let mut counts = LayerCounts::default();
        for a in spans.annotations().iter().filter(|a| !a.unconfirmed) {
            match a.layer {
                Layer::Entity => counts.entity += 1,
                Layer::Figure => counts.figure += 1,
                Layer::Measure => counts.measure += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.entity + self.figure + self.measure
    }
}

/// What the document list knows of one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub source_file: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub counts: LayerCounts,
    /// Length of the text in code points.
    #[serde(default)]
    pub chars: usize,
    /// When the document was first opened (milliseconds since the Unix epoch), for "newest first".
    #[serde(default)]
    pub added: u64,
    /// Bumped by every save of the document's spans, so that two tabs editing the same document
    /// notice each other instead of overwriting each other's work.
    #[serde(default)]
    pub rev: u64,
}

impl Entry {
    pub fn new(doc: &Document, added: u64) -> Self {
        Entry {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.meta.date.clone(),
            source_file: doc.meta.source_file.clone(),
            status: Status::Todo,
            counts: LayerCounts::default(),
            chars: doc.text.chars().count(),
            added,
            rev: 0,
        }
    }
}

/// The result of adding a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    New,
    /// The same canonical text is already in the corpus, under this title.
    Duplicate {
        existing_title: String,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// The order documents were opened in.
    #[default]
    Added,
    Title,
    Date,
    Status,
    Spans,
}

/// How the list is shown: a status filter, a search, a sort.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub sort: SortBy,
    #[serde(default)]
    pub descending: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusIndex {
    entries: Vec<Entry>,
}

impl CorpusIndex {
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let mut index = CorpusIndex::default();
        for e in entries {
            if index.get(&e.id).is_none() {
                index.entries.push(e);
            }
        }
        index
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Adds a document, unless the same text is already there.
    pub fn add(&mut self, doc: &Document, now: u64) -> Added {
        if let Some(existing) = self.get(&doc.id) {
            return Added::Duplicate { existing_title: existing.title.clone() };
        }
        self.entries.push(Entry::new(doc, now));
        Added::New
    }

    /// Removes an entry; returns it and its position, so that the removal can be undone.
    pub fn remove(&mut self, id: &str) -> Option<(usize, Entry)> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        Some((at, self.entries.remove(at)))
    }

    /// Puts back a removed entry where it was.
    pub fn restore(&mut self, at: usize, entry: Entry) {
        if self.get(&entry.id).is_none() {
            self.entries.insert(at.min(self.entries.len()), entry);
        }
    }

    pub fn set_status(&mut self, id: &str, status: Status) -> bool {
        match self.entries.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                e.status = status;
                true
            }
            None => false,
        }
    }

    /// Records a document's span counts; a document with work in it is at least in progress.
    pub fn update_counts(&mut self, id: &str, spans: &DocSpans) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.id == id) {
            e.counts = LayerCounts::of(spans);
            if e.status == Status::Todo && e.counts.total() > 0 {
                e.status = Status::InProgress;
            }
        }
    }

    /// The entries `query` shows, in its order. `text_of` gives a document's text for the
    /// search (titles are always searched); it may return `None` for texts not loaded.
    pub fn view<'a>(&'a self, query: &ListQuery, text_of: impl Fn(&str) -> Option<&'a str>) -> Vec<&'a Entry> {
        let needle = query.search.trim();
        let mut shown: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| query.status.is_none_or(|s| e.status == s))
            .filter(|e| {
                needle.is_empty() || e.title.contains(needle) || text_of(&e.id).is_some_and(|t| t.contains(needle))
            })
            .collect();
        match query.sort {
            SortBy::Added => {}
            SortBy::Title => shown.sort_by(|a, b| a.title.cmp(&b.title)),
            SortBy::Date => shown.sort_by(|a, b| a.date.cmp(&b.date)),
            SortBy::Status => shown.sort_by_key(|e| e.status),
            SortBy::Spans => shown.sort_by_key(|e| e.counts.total()),
        }
        if query.descending {
            shown.reverse();
        }
        shown
    }

    /// Documents per status.
    pub fn progress(&self) -> [(Status, usize); 3] {
        Status::ALL.map(|s| (s, self.entries.iter().filter(|e| e.status == s).count()))
    }
}

/// The document after (`forward`) or before `current` in a shown list, wrapping around.
pub fn step<'a>(shown: &[&'a Entry], current: Option<&str>, forward: bool) -> Option<&'a Entry> {
    if shown.is_empty() {
        return None;
    }
    let n = shown.len();
    let at = current.and_then(|id| shown.iter().position(|e| e.id == id));
    let next = match (at, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    Some(shown[next])
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;
    use crate::core::labels::LabelSet;
    use crate::core::workspace::Workspace;
    use std::rc::Rc;

    fn doc(title: &str, body: &str, date: &str) -> Document {
        import_file("a.md", format!("---\ntitle: {title}\ndate: {date}\n---\n<p>{body}</p>").as_bytes())
            .expect("imports")
    }

    fn corpus() -> (CorpusIndex, Vec<Document>) {
        let docs = vec![
            doc("乙文", "上海市公安局通报", "Mon, 09 Aug 2021 06:59:27 GMT"),
            doc("甲文", "北京发布数据", "Tue, 10 Aug 2021 06:59:27 GMT"),
            doc("丙文", "广州新增企业", "Sun, 08 Aug 2021 06:59:27 GMT"),
        ];
        let mut index = CorpusIndex::default();
        for (i, d) in docs.iter().enumerate() {
            assert_eq!(index.add(d, i as u64), Added::New);
        }
        (index, docs)
    }

    fn titles(shown: &[&Entry]) -> Vec<String> {
        shown.iter().map(|e| e.title.clone()).collect()
    }

    #[test]
    fn the_same_text_is_one_document() {
        let (mut index, docs) = corpus();
        assert_eq!(index.add(&docs[1], 9), Added::Duplicate { existing_title: "甲文".into() });
        assert_eq!(index.len(), 3);
    }

    #[test]
    fn filters_searches_and_sorts() {
        let (mut index, docs) = corpus();
        index.set_status(&docs[2].id, Status::Done);
        let texts: std::collections::HashMap<&str, &str> =
            docs.iter().map(|d| (d.id.as_str(), d.text.as_str())).collect();
        let text_of = |id: &str| texts.get(id).copied();
        let cases: Vec<(ListQuery, Vec<&str>)> = vec![
            (ListQuery::default(), vec!["乙文", "甲文", "丙文"]),
            (ListQuery { sort: SortBy::Date, ..ListQuery::default() }, vec!["丙文", "乙文", "甲文"]),
            (ListQuery { sort: SortBy::Date, descending: true, ..ListQuery::default() }, vec!["甲文", "乙文", "丙文"]),
            (ListQuery { status: Some(Status::Done), ..ListQuery::default() }, vec!["丙文"]),
            (ListQuery { status: Some(Status::Todo), ..ListQuery::default() }, vec!["乙文", "甲文"]),
            (ListQuery { search: "公安".into(), ..ListQuery::default() }, vec!["乙文"]),
            (ListQuery { search: "甲".into(), ..ListQuery::default() }, vec!["甲文"]),
            (ListQuery { search: "不存在".into(), ..ListQuery::default() }, vec![]),
        ];
        for (query, want) in cases {
            assert_eq!(titles(&index.view(&query, text_of)), want, "{query:?}");
        }
    }

    #[test]
    fn work_moves_a_document_to_in_progress_and_counts_its_spans() {
        let (mut index, docs) = corpus();
        let mut ws = Workspace::new(Rc::new(docs[0].clone()), LabelSet::defaults(), DocSpans::default());
        ws.tag(2, 4, "LOC").expect("tags");
        ws.tag(2, 7, "ORG").expect("tags");
        index.update_counts(&docs[0].id, ws.spans());
        let e = index.get(&docs[0].id).expect("entry");
        assert_eq!((e.status, e.counts.entity, e.counts.total()), (Status::InProgress, 2, 2));
        index.set_status(&docs[0].id, Status::Done);
        index.update_counts(&docs[0].id, ws.spans());
        assert_eq!(index.get(&docs[0].id).map(|e| e.status), Some(Status::Done), "done stays done");
        assert_eq!(index.progress(), [(Status::Todo, 2), (Status::InProgress, 0), (Status::Done, 1)]);
    }

    #[test]
    fn removal_can_be_undone_in_place_and_steps_wrap() {
        let (mut index, docs) = corpus();
        let (at, entry) = index.remove(&docs[1].id).expect("removed");
        assert_eq!(titles(&index.view(&ListQuery::default(), |_| None)), ["乙文", "丙文"]);
        index.restore(at, entry);
        let shown = index.view(&ListQuery::default(), |_| None);
        assert_eq!(titles(&shown), ["乙文", "甲文", "丙文"]);
        assert_eq!(step(&shown, Some(&docs[2].id), true).map(|e| e.title.as_str()), Some("乙文"));
        assert_eq!(step(&shown, Some(&docs[0].id), false).map(|e| e.title.as_str()), Some("丙文"));
        assert_eq!(step(&shown, None, true).map(|e| e.title.as_str()), Some("乙文"));
        assert_eq!(step(&[], None, true), None);
    }

    #[test]
    fn entries_round_trip_and_duplicates_in_stored_data_are_dropped() {
        let (index, _) = corpus();
        let json = serde_json::to_string(&index).expect("serialises");
        let back: CorpusIndex = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, index);
        let mut twice = index.entries().to_vec();
        twice.push(index.entries()[0].clone());
        assert_eq!(CorpusIndex::from_entries(twice), index);
    }
}
