//! Suggestions: spans the tool proposes and the analyst confirms (or turns down) instead of
//! typing — figures found by the recogniser, and known entity strings (the gazetteer).

use crate::core::annotation::Annotation;
use crate::core::labels::{LabelSet, Layer};
use crate::core::model::Document;
use crate::core::offsets::TextIndex;
use crate::core::recognize::{default_label, recognize};
use crate::core::spans::DocSpans;
use crate::core::workspace::occurrences;
use std::collections::{BTreeMap, HashSet};

/// Adds the recogniser's figures to `spans` as unconfirmed spans, except where a span already
/// sits on exactly that range or the analyst turned that suggestion down; returns how many.
/// A label the set does not have (deleted by the analyst) suggests nothing.
pub fn suggest_figures(doc: &Document, spans: &mut DocSpans, labels: &LabelSet) -> usize {
    let index = TextIndex::new(&doc.text);
    let taken: HashSet<(usize, usize)> = spans.annotations().iter().map(|a| (a.start, a.end)).collect();
    let mut new = Vec::new();
    for figure in recognize(&doc.text) {
        let label = default_label(&figure);
        let Some(l) = labels.get(label).filter(|l| l.layer == Layer::Figure) else { continue };
        if taken.contains(&(figure.start, figure.end)) || spans.is_rejected(figure.start, figure.end, &l.id) {
            continue;
        }
        let attributes = figure.attributes().normalized(Layer::Figure).unwrap_or_default();
        let id = spans.allocate_id();
        new.push(Annotation {
            attributes,
            unconfirmed: true,
            ..Annotation::quoting(&doc.text, &index, id, Layer::Figure, &l.id, figure.start, figure.end)
        });
    }
    let added = new.len();
    spans.insert_many(new);
    added
}

/// Confirmed entity strings and their labels, collected across documents.
pub type Gazetteer = BTreeMap<String, String>;

/// Adds every confirmed entity span of `spans` to the gazetteer (strings of two or more
/// characters: single characters match too much); says whether that added or changed any.
pub fn learn(gazetteer: &mut Gazetteer, spans: &DocSpans) -> bool {
    let new: Vec<(String, String)> = to_learn(gazetteer, spans).map(|a| (a.text.clone(), a.label.clone())).collect();
    let changed = !new.is_empty();
    gazetteer.extend(new);
    changed
}

/// The confirmed entity spans of `spans` that `gazetteer` does not hold yet (as [`learn`] would
/// add them). Learning runs after every edit: mostly this finds nothing, and nothing is copied.
pub fn to_learn<'a>(gazetteer: &'a Gazetteer, spans: &'a DocSpans) -> impl Iterator<Item = &'a Annotation> + 'a {
    spans
        .annotations()
        .iter()
        .map(|a| &**a)
        .filter(|a| !a.unconfirmed && a.layer == Layer::Entity)
        .filter(|a| a.text.chars().count() >= 2 && !a.text.contains('\n'))
        .filter(|a| gazetteer.get(&a.text) != Some(&a.label))
}

/// Suggests the gazetteer's strings wherever they occur in `doc` and no span of that label is;
/// returns how many were added.
pub fn suggest_known(doc: &Document, spans: &mut DocSpans, labels: &LabelSet, gazetteer: &Gazetteer) -> usize {
    if gazetteer.is_empty() {
        return 0;
    }
    let index = TextIndex::new(&doc.text);
    let taken: HashSet<(usize, usize, String)> =
        spans.annotations().iter().map(|a| (a.start, a.end, a.label.clone())).collect();
    let mut new = Vec::new();
    for (text, label) in gazetteer {
        let Some(l) = labels.get(label) else { continue };
        for start in occurrences(&doc.text, text) {
            let end = start + text.chars().count();
            if taken.contains(&(start, end, label.clone())) || spans.is_rejected(start, end, label) {
                continue;
            }
            let id = spans.allocate_id();
            new.push(Annotation {
                unconfirmed: true,
                ..Annotation::quoting(&doc.text, &index, id, l.layer, label, start, end)
            });
        }
    }
    let added = new.len();
    spans.insert_many(new);
    added
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;
    use crate::core::workspace::{Edit, Workspace};
    use std::rc::Rc;

    fn doc() -> Document {
        import_file(
            "a.md",
            "---\ntitle: 题\n---\n<p>上海警方挽回损失7.4亿余元，拦截电话21.5万通，上海银行配合。</p>".as_bytes(),
        )
        .expect("imports")
    }

    #[test]
    fn figures_are_suggested_once_and_rejections_are_remembered() {
        let (d, labels) = (doc(), LabelSet::defaults());
        let mut spans = DocSpans::default();
        let n = suggest_figures(&d, &mut spans, &labels);
        assert!(n >= 2, "{n}");
        let money = spans.annotations().iter().find(|a| a.text == "7.4亿余元").expect("money suggested").clone();
        assert!(money.unconfirmed);
        assert_eq!((money.label.as_str(), money.attributes.value.as_deref()), ("MONEY", Some("740000000")));
        assert_eq!(suggest_figures(&d, &mut spans, &labels), 0, "not suggested twice");

        let mut ws = Workspace::new(Rc::new(d.clone()), labels.clone(), spans);
        let count = ws.spans().annotations().iter().find(|a| a.text == "21.5万通").expect("count").id;
        ws.apply(Edit::Reject(count)).expect("reject");
        ws.apply(Edit::Confirm(money.id)).expect("accept");
        assert!(!ws.spans().get(money.id).expect("money").unconfirmed);
        let mut again = ws.spans().clone();
        assert_eq!(suggest_figures(&d, &mut again, &labels), 0, "neither the accepted nor the rejected come back");
        ws.undo().expect("undo accept");
        ws.undo().expect("undo reject");
        assert!(
            ws.spans().annotations().iter().any(|a| a.id == count && a.unconfirmed),
            "the rejected suggestion is back"
        );
        assert!(ws.spans().rejected().is_empty());
    }

    #[test]
    fn accept_all_is_one_step_and_tag_all_occurrences_suggests_the_rest() {
        let (d, labels) = (doc(), LabelSet::defaults());
        let mut spans = DocSpans::default();
        let suggested = suggest_figures(&d, &mut spans, &labels);
        let mut ws = Workspace::new(Rc::new(d.clone()), labels, spans);
        assert_eq!(ws.accept_all(), Ok(suggested));
        assert!(ws.spans().annotations().iter().all(|a| !a.unconfirmed));
        ws.undo().expect("undo");
        assert_eq!(ws.spans().annotations().iter().filter(|a| a.unconfirmed).count(), suggested);

        let first = ws.tag(2, 4, "LOC").expect("tags the first 上海");
        assert_eq!(ws.tag_all_occurrences(first), Ok(1), "the other 上海");
        assert_eq!(ws.tag_all_occurrences(first), Ok(0), "already there");
    }

    #[test]
    fn the_gazetteer_suggests_known_entities_in_other_documents() {
        let (d, labels) = (doc(), LabelSet::defaults());
        let mut ws = Workspace::new(Rc::new(d.clone()), labels.clone(), DocSpans::default());
        ws.tag(2, 4, "LOC").expect("tags");
        let mut gazetteer = Gazetteer::new();
        learn(&mut gazetteer, ws.spans());
        assert_eq!(gazetteer.get("上海").map(String::as_str), Some("LOC"));
        let other = import_file("b.md", "<p>上海与北京</p>".as_bytes()).expect("imports");
        let mut spans = DocSpans::default();
        assert_eq!(suggest_known(&other, &mut spans, &labels, &gazetteer), 1);
        assert_eq!(spans.annotations()[0].text, "上海");
        assert!(spans.annotations()[0].unconfirmed);
    }
}
