//! Restoring a backup (a native export of the whole corpus) into a browser that already has
//! work: merging keeps everything on both sides; nothing the analyst has is dropped.

use crate::core::annotation::Relation;
use crate::core::corpus::Status;
use crate::core::export::Statuses;
use crate::core::labels::LabelSet;
use crate::core::model::Document;
use crate::core::spans::DocSpans;
use std::collections::HashMap;

/// A corpus as restore sees it: labels, documents with spans, statuses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    pub labels: LabelSet,
    pub documents: Vec<(Document, DocSpans)>,
    pub statuses: Statuses,
}

/// What a merge did, for the analyst.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub documents_added: usize,
    pub spans_added: usize,
    pub labels_added: usize,
}

/// Merges `incoming` into `current`:
/// - labels: current ones stay as they are; incoming labels with a new id are added (a hotkey
///   already taken here is dropped from the added label rather than stolen);
/// - documents: new ones come with their spans and status;
/// - a document on both sides keeps its spans and gains the incoming spans it lacks (same
///   range and label counts as the same span), with fresh ids; incoming relations follow when
///   both their ends are there; attributes and notes of a span present on both sides stay ours;
/// - statuses: the further along of the two (done over in progress over to do).
pub fn merge(current: &mut Corpus, incoming: Corpus) -> MergeReport {
    let mut report = MergeReport::default();
    for label in incoming.labels.iter() {
        if current.labels.get(&label.id).is_some() {
            continue;
        }
        let mut label = label.clone();
        if label.hotkey.is_some_and(|k| current.labels.by_hotkey(k).is_some()) {
            label.hotkey = None;
        }
        if current.labels.insert(current.labels.len(), label).is_ok() {
            report.labels_added += 1;
        }
    }
    let at: HashMap<String, usize> =
        current.documents.iter().enumerate().map(|(i, (d, _))| (d.id.clone(), i)).collect();
    for (doc, spans) in incoming.documents {
        let status = incoming.statuses.get(&doc.id).copied();
        match at.get(&doc.id) {
            None => {
                report.documents_added += 1;
                report.spans_added += spans.annotations().len();
                if let Some(s) = status {
                    current.statuses.insert(doc.id.clone(), s);
                }
                current.documents.push((doc, spans));
            }
            Some(&i) => {
                report.spans_added += merge_spans(&mut current.documents[i].1, &spans);
                if let Some(s) = status {
                    let ours = current.statuses.entry(doc.id.clone()).or_insert(Status::Todo);
                    *ours = (*ours).max(s);
                }
            }
        }
    }
    report
}

/// Adds to `ours` the spans of `theirs` it lacks; returns how many.
fn merge_spans(ours: &mut DocSpans, theirs: &DocSpans) -> usize {
    // Their id → our id, for relations.
    let mut ids: HashMap<u64, u64> = HashMap::new();
    let mut added = 0;
    for span in theirs.annotations() {
        if let Some(same) = ours.find_same(span.start, span.end, &span.label) {
            ids.insert(span.id, same.id);
            continue;
        }
        let mut copy = (**span).clone();
        copy.id = ours.allocate_id();
        ids.insert(span.id, copy.id);
        ours.insert(copy);
        added += 1;
    }
    for r in theirs.relations() {
        let (Some(&from), Some(&to)) = (ids.get(&r.from), ids.get(&r.to)) else { continue };
        let exists = ours.relations().iter().any(|o| o.from == from && o.to == to && o.label == r.label);
        // A span belongs to one measure: an incoming link does not replace ours.
        if !exists && ours.measure_of(from).is_none() {
            let id = ours.allocate_id();
            ours.insert_relation(Relation { id, from, to, label: r.label.clone() });
        }
    }
    added
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;
    use crate::core::labels::{Label, Layer};
    use crate::core::workspace::Workspace;
    use std::rc::Rc;

    fn doc(title: &str) -> Document {
        import_file(
            "a.md",
            format!("---\ntitle: {title}\n---\n<p>上海市公安局陈臻介绍，挽回损失7.4亿余元。</p>").as_bytes(),
        )
        .expect("imports")
    }

    fn tagged(d: &Document, tags: &[(&str, &str)]) -> DocSpans {
        let mut ws = Workspace::new(Rc::new(d.clone()), LabelSet::defaults(), DocSpans::default());
        for (needle, label) in tags {
            let byte = d.text.find(needle).expect("needle");
            let start = d.text[..byte].chars().count();
            ws.tag(start, start + needle.chars().count(), label).expect("tags");
        }
        ws.spans().clone()
    }

    #[test]
    fn merging_keeps_both_sides() {
        let (a, b) = (doc("甲"), doc("乙"));
        let mut current = Corpus {
            labels: LabelSet::defaults(),
            documents: vec![(a.clone(), tagged(&a, &[("上海", "LOC"), ("陈臻", "PER")]))],
            statuses: Statuses::from([(a.id.clone(), Status::InProgress)]),
        };
        let mut incoming_labels = LabelSet::defaults();
        incoming_labels
            .insert(
                9,
                Label {
                    id: "EVENT".into(),
                    name: "事件".into(),
                    layer: Layer::Entity,
                    color: "#000000".into(),
                    hotkey: Some('0'),
                },
            )
            .expect("label");
        let mut theirs_a =
            tagged(&a, &[("上海", "LOC"), ("上海市公安局", "ORG"), ("挽回损失", "MEASURE"), ("7.4亿余元", "MONEY")]);
        let money = theirs_a.annotations().iter().find(|s| s.label == "MONEY").map(|s| s.id).expect("money");
        let measure = theirs_a.annotations().iter().find(|s| s.label == "MEASURE").map(|s| s.id).expect("measure");
        let id = theirs_a.allocate_id();
        theirs_a.insert_relation(Relation { id, from: money, to: measure, label: "belongs_to".into() });
        let incoming = Corpus {
            labels: incoming_labels,
            documents: vec![(a.clone(), theirs_a), (b.clone(), tagged(&b, &[("陈臻", "PER")]))],
            statuses: Statuses::from([(a.id.clone(), Status::Done), (b.id.clone(), Status::Todo)]),
        };
        let report = merge(&mut current, incoming);
        assert_eq!(report, MergeReport { documents_added: 1, spans_added: 4, labels_added: 1 });
        let spans_a = &current.documents[0].1;
        let labels: Vec<&str> = spans_a.annotations().iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["ORG", "LOC", "PER", "MEASURE", "MONEY"], "ours kept, theirs added once");
        assert_eq!(spans_a.relations().len(), 1, "the link came along, between our copies");
        spans_a.validate(&a.text).expect("still valid");
        assert_eq!(current.statuses[&a.id], Status::Done);
        assert_eq!(current.statuses[&b.id], Status::Todo);
        assert!(current.labels.get("EVENT").is_some());
        assert_eq!(current.documents.len(), 2);
    }

    #[test]
    fn merging_a_corpus_into_itself_changes_nothing() {
        let a = doc("甲");
        let corpus = Corpus {
            labels: LabelSet::defaults(),
            documents: vec![(a.clone(), tagged(&a, &[("上海", "LOC")]))],
            statuses: Statuses::from([(a.id.clone(), Status::Done)]),
        };
        let mut merged = corpus.clone();
        assert_eq!(merge(&mut merged, corpus.clone()), MergeReport::default());
        assert_eq!(merged, corpus);
    }

    #[test]
    fn an_incoming_label_does_not_steal_a_hotkey() {
        let mut current = Corpus { labels: LabelSet::defaults(), ..Corpus::default() };
        let mut theirs = LabelSet::defaults();
        theirs.remove("MISC").expect("remove");
        theirs
            .insert(
                8,
                Label {
                    id: "X".into(),
                    name: "新".into(),
                    layer: Layer::Entity,
                    color: "#111111".into(),
                    hotkey: Some('9'),
                },
            )
            .expect("label");
        merge(&mut current, Corpus { labels: theirs, ..Corpus::default() });
        assert_eq!(current.labels.get("X").map(|l| l.hotkey), Some(None));
        assert_eq!(current.labels.by_hotkey('9').map(|l| l.id.as_str()), Some("MISC"));
    }
}
