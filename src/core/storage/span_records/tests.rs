use super::*;
use crate::core::import::import_file;
use crate::core::labels::LabelSet;
use crate::core::storage::encode_spans;
use crate::core::workspace::{Edit, Workspace};
use std::collections::BTreeMap;

const DOC: &str = "d0c";

/// An object store as IndexedDB keeps one: records in key order.
#[derive(Default)]
struct Store(BTreeMap<String, String>);

impl Store {
    fn apply(&mut self, writes: SpanWrites) {
        if writes.replace_all {
            let (from, to) = record_bounds(DOC);
            self.0.retain(|k, _| !(k.as_str() >= from.as_str() && k.as_str() < to.as_str()));
        }
        for id in writes.delete {
            assert!(self.0.remove(&record_key(DOC, id)).is_some(), "deletes only what is stored: {id}");
        }
        self.0.extend(writes.put.iter().map(|a| (record_key(DOC, a.id), encode_record(a))));
        self.0.insert(DOC.to_string(), writes.head);
    }

    fn read(&self, text: &str) -> Result<Stored, StoredDataError> {
        let (from, to) = record_bounds(DOC);
        let records: Vec<&str> = self.0.range(from..to).map(|(_, v)| v.as_str()).collect();
        decode_stored(&self.0[DOC], records.into_iter(), text)
    }
}

fn workspace() -> Workspace {
    let doc = import_file(
        "a.md",
        "---\ntitle: 标题\n---\n<p>上海证券交易所今日公布，某公司募资7.4亿余元。</p><p>二段文字😀在此</p>".as_bytes(),
    )
    .expect("imports");
    Workspace::new(Rc::new(doc), LabelSet::defaults(), DocSpans::default())
}

fn labels(ws: &Workspace) -> Vec<String> {
    ws.labels().iter().map(|l| l.id.clone()).collect()
}

#[test]
fn keys_sort_as_ids_within_their_document_range() {
    let (from, to) = record_bounds(DOC);
    let keys = [record_key(DOC, 0), record_key(DOC, 9), record_key(DOC, 10), record_key(DOC, u64::MAX)];
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    assert!(keys.iter().all(|k| k.as_str() >= from.as_str() && k.as_str() < to.as_str()));
    // The head and other documents' keys lie outside the range.
    for outside in [DOC.to_string(), "d0c1".into(), "d0b".into(), record_key("d0d", 1), record_key("d0c0", 1)] {
        assert!(!(outside.as_str() >= from.as_str() && outside.as_str() < to.as_str()), "{outside:?}");
    }
    assert_eq!(record_owner(&record_key(DOC, 7)), Some(DOC));
    assert_eq!(record_owner(DOC), None);
}

/// Every edit, stored as the writes the saver computes, reads back as the set it stored; a known
/// saved set makes an edit write only what it changed.
#[test]
fn edits_write_only_what_they_change_and_read_back_whole() {
    let mut ws = workspace();
    let text = ws.doc.text.clone();
    let labels = labels(&ws);
    let mut store = Store::default();
    let mut saved: Option<SavedSpans> = None;
    let save = |ws: &Workspace, store: &mut Store, saved: &mut Option<SavedSpans>| {
        let w = writes(ws.spans(), saved.as_ref());
        let counts = (w.replace_all, w.put.len(), w.delete.len());
        saved.get_or_insert_with(SavedSpans::default).commit(&w);
        store.apply(w);
        assert_eq!(saved.as_ref().map(|s| s.0.len()), Some(ws.spans().annotations().len()));
        let back = store.read(&text).expect("reads back");
        assert!(back.in_records);
        assert_eq!(&back.spans, ws.spans());
        counts
    };
    // Nothing known of the store: everything is written over whatever was there.
    let a = ws.tag(0, 7, &labels[0]).expect("tags");
    assert_eq!(save(&ws, &mut store, &mut saved), (true, 1, 0));
    let b = ws.tag(2, 6, &labels[1]).expect("tags");
    assert_eq!(save(&ws, &mut store, &mut saved), (false, 1, 0), "a new span writes its record alone");
    ws.relabel(a, &labels[2]).expect("relabels");
    assert_eq!(save(&ws, &mut store, &mut saved), (false, 1, 0), "a relabelled span writes its record alone");
    ws.apply(Edit::RemoveSpan(b)).expect("removes");
    assert_eq!(save(&ws, &mut store, &mut saved), (false, 0, 1), "a removed span deletes its record");
    ws.undo().expect("undoes");
    assert_eq!(save(&ws, &mut store, &mut saved), (false, 1, 0), "undo restores the record");
    ws.undo().expect("undoes");
    ws.undo().expect("undoes");
    assert_eq!(save(&ws, &mut store, &mut saved), (false, 1, 1), "two undos: one relabel back, one tag gone");
    assert_eq!(save(&ws, &mut store, &mut saved), (false, 0, 0), "no change, no records");
    // Not knowing the store again (another visit) writes everything and drops what was left.
    store.0.insert(record_key(DOC, 99), "left over".into());
    saved = None;
    assert_eq!(save(&ws, &mut store, &mut saved), (true, 1, 0));
}

#[test]
fn the_inline_layout_is_still_read() {
    let mut ws = workspace();
    let label = labels(&ws).remove(0);
    ws.tag(0, 7, &label).expect("tags");
    let text = ws.doc.text.clone();
    // A whole set as schema 1 stored it, with a record left beside it: the inline spans count.
    let old = encode_spans(ws.spans()).replacen(&format!("\"schema\":{SCHEMA_VERSION}"), "\"schema\":1", 1);
    let stray = encode_record(&ws.spans().annotations()[0]);
    let back = decode_stored(&old, [stray.as_str(), stray.as_str()].into_iter(), &text).expect("reads");
    assert!(!back.in_records);
    assert_eq!(&back.spans, ws.spans());
}

#[test]
fn a_set_that_reads_back_wrong_is_refused() {
    let mut ws = workspace();
    let label = labels(&ws).remove(0);
    ws.tag(0, 7, &label).expect("tags");
    ws.tag(8, 10, &label).expect("tags");
    let text = ws.doc.text.clone();
    let head = encode_head(ws.spans());
    let records: Vec<String> = ws.spans().annotations().iter().map(|a| encode_record(a)).collect();
    let moved = records[0].replacen("\"start\":0", "\"start\":1", 1);
    type Expect = fn(&StoredDataError) -> bool;
    let cases: Vec<(&str, Vec<&str>, Expect)> = vec![
        ("one record missing", vec![&records[0]], |e| matches!(e, StoredDataError::BadShape(_))),
        ("one record twice", vec![&records[0], &records[0]], |e| matches!(e, StoredDataError::Spans(_))),
        ("a record not JSON", vec![&records[0], "{"], |e| matches!(e, StoredDataError::BadShape(_))),
        ("a record off its text", vec![&moved, &records[1]], |e| matches!(e, StoredDataError::Spans(_))),
    ];
    for (what, records, expected) in cases {
        let err = decode_stored(&head, records.into_iter(), &text).expect_err(what);
        assert!(expected(&err), "{what}: {err}");
    }
    let too_new = head.replacen(&format!("\"schema\":{SCHEMA_VERSION}"), "\"schema\":99", 1);
    assert!(matches!(decode_stored(&too_new, [].into_iter(), &text), Err(StoredDataError::TooNew { found: 99 })));
}
