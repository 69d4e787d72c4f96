use super::*;
use crate::core::corpus::Entry;
use crate::core::import::import_file;
use crate::core::labels::LabelSet;
use crate::core::spans::DocSpans;
use crate::core::storage::span_records::{
    covering, decode_stored, record_bounds, record_id, record_key, touched, writes, SavedSpans,
};
use crate::core::workspace::{Edit, Workspace};
use std::collections::BTreeMap;
use std::rc::Rc;

const DOC: &str = "d0c";

/// The spans store as IndexedDB keeps it, with the replay's way of applying a journal.
#[derive(Clone, Default)]
struct Store(BTreeMap<String, String>);

impl Store {
    fn apply(&mut self, journal: &Journal) {
        let (from, to) = record_bounds(DOC);
        if journal.replace_all {
            self.0.retain(|k, _| !(k.as_str() >= from.as_str() && k.as_str() < to.as_str()));
        }
        // Removing a record that is not there is no error in IndexedDB either.
        for id in &journal.delete {
            self.0.remove(&record_key(DOC, *id));
        }
        self.0.extend(journal.put.iter().map(|(id, record)| (record_key(DOC, *id), record.clone())));
        self.0.insert(DOC.to_string(), journal.head.clone());
    }

    fn records(&self) -> Vec<(u64, String)> {
        self.0.iter().filter_map(|(k, v)| Some((record_id(k)?, v.clone()))).collect()
    }

    fn read(&self, text: &str) -> DocSpans {
        let (from, to) = record_bounds(DOC);
        let records = self.0.range(from..to).map(|(_, v)| v.as_str());
        decode_stored(&self.0[DOC], records, text).expect("reads back").spans
    }
}

fn workspace() -> Workspace {
    let doc =
        import_file("a.md", "---\ntitle: 标题\n---\n<p>上海证券交易所今日公布，某公司募资7.4亿余元。</p>".as_bytes())
            .expect("imports");
    Workspace::new(Rc::new(doc), LabelSet::defaults(), DocSpans::default())
}

fn entry(ws: &Workspace) -> Entry {
    Entry::new(&ws.doc, 1)
}

/// A save runs (its writes taking the store from `before` to the first state) while a second
/// edit waits; the journal of the waiting state, written then, must take the store to it whether
/// or not the running save committed.
#[test]
fn a_journal_written_while_a_save_runs_holds_over_both_revisions() {
    type Step = fn(&mut Workspace, &[String]);
    let cases: Vec<(&str, Step, Step)> = vec![
        ("a tag, then undone", |ws, l| drop(ws.tag(8, 10, &l[1])), |ws, _| ws.undo().expect("undoes")),
        (
            "a removal, then undone",
            |ws, _| ws.apply(Edit::RemoveSpan(0)).expect("removes"),
            |ws, _| ws.undo().expect("undoes"),
        ),
        ("a relabel, then undone", |ws, l| ws.relabel(0, &l[2]).expect("relabels"), |ws, _| ws.undo().expect("undoes")),
        ("two tags", |ws, l| drop(ws.tag(8, 10, &l[1])), |ws, l| drop(ws.tag(11, 13, &l[2]))),
        (
            "a tag, then removed",
            |ws, l| drop(ws.tag(8, 10, &l[1])),
            |ws, _| {
                let id = ws.spans().annotations().iter().map(|a| a.id).max().expect("a span");
                ws.apply(Edit::RemoveSpan(id)).expect("removes")
            },
        ),
    ];
    for (what, first, second) in cases {
        let mut ws = workspace();
        let labels: Vec<String> = ws.labels().iter().map(|l| l.id.clone()).collect();
        ws.tag(0, 7, &labels[0]).expect("tags");
        // Revision 5 holds the one span.
        let mut before = Store::default();
        let w0 = writes(ws.spans(), None);
        before.apply(&Journal::of(&w0, &entry(&ws), vec![4]));
        let mut saved = SavedSpans::default();
        saved.commit(&w0);
        let text = ws.doc.text.clone();

        first(&mut ws, &labels);
        let running = writes(ws.spans(), Some(&saved));
        let mut after = before.clone();
        after.apply(&Journal::of(&running, &entry(&ws), vec![5]));
        second(&mut ws, &labels);
        let waiting = covering(writes(ws.spans(), Some(&saved)), ws.spans(), &touched(&running));
        let journal = Journal::of(&waiting, &entry(&ws), vec![5, 6]);

        for (rev, store) in [(5, &before), (6, &after)] {
            let mut store = store.clone();
            let found = verdict(&journal, rev, store.0.get(DOC).map(String::as_str), &store.records());
            // Where the store already holds the waiting state (an edit undone), nothing is due.
            match found {
                Verdict::Held => {}
                Verdict::Store { base } if base == rev => store.apply(&journal),
                other => panic!("{what}, over revision {rev}: {other:?}"),
            }
            assert_eq!(&store.read(&text), ws.spans(), "{what}, over revision {rev}");
            let held = verdict(&journal, rev + 1, store.0.get(DOC).map(String::as_str), &store.records());
            assert_eq!(held, Verdict::Held, "{what}: stored, it is known as stored");
        }
    }
}

#[test]
fn a_journal_over_another_tabs_save_is_refused_and_one_already_stored_is_held() {
    let mut ws = workspace();
    let labels: Vec<String> = ws.labels().iter().map(|l| l.id.clone()).collect();
    ws.tag(0, 7, &labels[0]).expect("tags");
    let mut store = Store::default();
    let w0 = writes(ws.spans(), None);
    let first = Journal::of(&w0, &entry(&ws), vec![0]);
    store.apply(&first);
    let head = |s: &Store| s.0.get(DOC).cloned();
    assert_eq!(verdict(&first, 1, head(&store).as_deref(), &store.records()), Verdict::Held);

    let mut saved = SavedSpans::default();
    saved.commit(&w0);
    ws.tag(8, 10, &labels[1]).expect("tags");
    let mine = Journal::of(&writes(ws.spans(), Some(&saved)), &entry(&ws), vec![1]);
    // Another tab stored revision 2 with a span of its own where this one tagged.
    let mut other = workspace();
    other.tag(0, 7, &labels[0]).expect("tags");
    other.tag(8, 12, &labels[2]).expect("tags");
    store.apply(&Journal::of(&writes(other.spans(), None), &entry(&other), vec![1]));
    assert_eq!(verdict(&mine, 2, head(&store).as_deref(), &store.records()), Verdict::Refused { stored: 2 });
    // A record left over beside a journal that replaces every record is not what it wrote.
    let mut left_over = Store::default();
    left_over.apply(&first);
    left_over.0.insert(record_key(DOC, 99), "{}".into());
    assert_ne!(verdict(&first, 1, head(&left_over).as_deref(), &left_over.records()), Verdict::Held);
}

#[test]
fn journals_round_trip_and_their_keys_name_their_document() {
    let mut ws = workspace();
    let labels: Vec<String> = ws.labels().iter().map(|l| l.id.clone()).collect();
    ws.tag(0, 7, &labels[0]).expect("tags");
    ws.tag(8, 10, &labels[1]).expect("tags");
    let mut journal = Journal::of(&writes(ws.spans(), None), &entry(&ws), vec![3, 4]);
    journal.entry.title = "标题\n第二行 \"引号\"".into();
    journal.delete = vec![7, 9];
    assert_eq!(decode_journal(&encode_journal(&journal)), Ok(journal.clone()));
    assert_eq!(journal_of_key(&journal_key("0fec", "7a")), Some(("0fec", "7a")));
    for key in [
        "biaozhu:journal:",
        "biaozhu:journal:0fec",
        "biaozhu:journal:0fec:",
        "biaozhu:spans:0fec:7a",
        "x:biaozhu:journal:0fec:7a",
    ] {
        assert_eq!(journal_of_key(key), None, "{key}");
    }
    let good = encode_journal(&journal);
    let drop_line = |kind: &str| good.lines().filter(|l| !l.starts_with(kind)).collect::<Vec<_>>().join("\n");
    type Expect = fn(&StoredDataError) -> bool;
    let cases: Vec<(&str, String, Expect)> = vec![
        ("not a journal", "{\"schema\":2}".into(), |e| matches!(e, StoredDataError::BadShape(_))),
        ("too new", good.replacen(&format!("biaozhu-journal {SCHEMA_VERSION}"), "biaozhu-journal 99", 1), |e| {
            matches!(e, StoredDataError::TooNew { found: 99 })
        }),
        ("no head", drop_line("head"), |e| matches!(e, StoredDataError::BadShape(_))),
        ("no entry", drop_line("entry"), |e| matches!(e, StoredDataError::BadShape(_))),
        ("a bad entry", good.replacen("entry {", "entry [", 1), |e| matches!(e, StoredDataError::NotJson(_))),
        ("a bad id", good.replacen("put 0 ", "put x ", 1), |e| matches!(e, StoredDataError::BadShape(_))),
        ("an unknown line", format!("{good}move 1 2\n"), |e| matches!(e, StoredDataError::BadShape(_))),
        ("cut short", good[..good.find("head").expect("a head")].to_string(), |e| {
            matches!(e, StoredDataError::BadShape(_))
        }),
    ];
    for (what, raw, expected) in cases {
        let err = decode_journal(&raw).expect_err(what);
        assert!(expected(&err), "{what}: {err}");
    }
}
