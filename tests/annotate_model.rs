//! The annotation model: tagging, nesting, overlap, relabel, delete, links, undo/redo, ids,
//! attributes, the render plan and the export shape, on a real imported document.
// `import_file` (html5ever) is the native build's; the browser build parses in `effects`.
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::annotation::{Attributes, Qualifier};
use biaozhu::core::export::native_json;
use biaozhu::core::import::import_file;
use biaozhu::core::labels::{Label, LabelSet, Layer};
use biaozhu::core::render_plan::plan;
use biaozhu::core::spans::DocSpans;
use biaozhu::core::workspace::{Edit, EditError, Workspace};
use serde_json::Value;
use std::rc::Rc;

const ARTICLE: &str = "---\ntitle: '沪警方挽回损失超7.4亿'\n---\n\
<p>　　😀上海市公安局副局长陈臻介绍，直接挽回经济损失7.4亿余元。</p>\n\
<p>　　举措之一：信息与资金并重，日均拦截诈骗电话21.5万通。</p>";

fn workspace() -> Workspace {
    let doc = import_file("a.md", ARTICLE.as_bytes()).expect("imports");
    Workspace::new(Rc::new(doc), LabelSet::defaults(), DocSpans::default())
}

/// Code-point range of the first occurrence of `needle`.
fn find(ws: &Workspace, needle: &str) -> (usize, usize) {
    let byte = ws.doc.text.find(needle).expect("needle in text");
    let start = ws.doc.text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn tag(ws: &mut Workspace, needle: &str, label: &str) -> u64 {
    let (s, e) = find(ws, needle);
    ws.tag(s, e, label).expect("tags")
}

fn summary(ws: &Workspace) -> Vec<(String, String)> {
    ws.spans().annotations().iter().map(|a| (a.label.clone(), a.text.clone())).collect()
}

#[test]
fn tags_nested_and_overlapping_spans_after_an_emoji() {
    let mut ws = workspace();
    let outer = tag(&mut ws, "上海市公安局", "ORG");
    let inner = tag(&mut ws, "上海", "LOC");
    let cross = tag(&mut ws, "公安局副局长陈臻", "MISC");
    let person = tag(&mut ws, "陈臻", "PER");
    assert_eq!(
        summary(&ws),
        [("ORG", "上海市公安局"), ("LOC", "上海"), ("MISC", "公安局副局长陈臻"), ("PER", "陈臻")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let a = ws.spans().get(outer).expect("outer");
    // The emoji is one code point: offsets count it once.
    assert_eq!(ws.doc.text.chars().skip(a.start).take(a.end - a.start).collect::<String>(), "上海市公安局");
    assert_eq!(a.layer, Layer::Entity);
    assert!(a.prefix.ends_with("😀"), "{:?}", a.prefix);
    assert_ne!(inner, cross);
    assert_eq!(ws.spans().get(person).map(|p| p.end), ws.spans().get(cross).map(|c| c.end));
    ws.spans().validate(&ws.doc.text).expect("valid");
}

#[test]
fn trims_refuses_empty_and_does_not_duplicate() {
    let mut ws = workspace();
    let (s, e) = find(&ws, "陈臻");
    // A selection with the newline and indentation around it is trimmed to the word.
    let id = ws.tag(s - 1, e, "PER").expect("tags");
    assert_eq!(ws.spans().get(id).map(|a| a.text.as_str()), Some("长陈臻"));
    let line_end = find(&ws, "余元。").1;
    assert!(matches!(ws.tag(line_end, line_end + 1, "ORG"), Err(EditError::Span(_))), "only a newline");
    assert!(matches!(ws.tag(s, s, "ORG"), Err(EditError::Span(_))), "empty");
    assert_eq!(ws.tag(s - 1, e, "PER"), Ok(id), "the same label on the same text is one span");
    assert!(matches!(ws.tag(s, e, "NOPE"), Err(EditError::Label(_))));
    assert_eq!(ws.spans().annotations().len(), 1);
}

#[test]
fn a_span_may_cross_paragraphs() {
    let mut ws = workspace();
    let (s, _) = find(&ws, "直接挽回");
    let (_, e) = find(&ws, "信息与资金并重");
    let id = ws.tag(s, e, "MEASURE").expect("tags");
    let text = &ws.spans().get(id).expect("span").text;
    assert!(text.starts_with("直接挽回") && text.ends_with("并重") && text.contains('\n'), "{text}");
}

/// What the analyst sees: spans, links and labels (the id counter only ever grows).
fn state(
    ws: &Workspace,
) -> (Vec<biaozhu::core::annotation::Annotation>, Vec<biaozhu::core::annotation::Relation>, LabelSet) {
    (
        ws.spans().annotations().iter().map(|a| (**a).clone()).collect(),
        ws.spans().relations().to_vec(),
        ws.labels().clone(),
    )
}

#[test]
fn undo_and_redo_every_kind_of_edit() {
    let mut ws = workspace();
    let money = tag(&mut ws, "7.4亿余元", "MONEY");
    let measure = tag(&mut ws, "信息与资金并重", "MEASURE");
    let steps: Vec<Box<dyn Fn(&mut Workspace)>> = vec![
        Box::new(move |ws| ws.relabel(money, "COUNT").expect("relabel")),
        Box::new(move |ws| {
            let attrs = Attributes {
                value: Some("740000000".into()),
                unit: Some("元".into()),
                currency: Some("CNY".into()),
                qualifier: Some(Qualifier::MoreThan),
                name: None,
            };
            ws.apply(Edit::SetAttributes { id: money, attributes: attrs }).expect("attributes")
        }),
        Box::new(move |ws| ws.apply(Edit::SetNote { id: money, note: Some("含查冻资金".into()) }).expect("note")),
        Box::new(move |ws| ws.link(money, Some(measure)).expect("link")),
        Box::new(move |ws| ws.apply(Edit::RemoveSpan(measure)).expect("delete")),
        Box::new(|ws| {
            let label = Label {
                id: "EVENT".into(),
                name: "事件".into(),
                layer: Layer::Entity,
                color: "#000000".into(),
                hotkey: Some('0'),
            };
            ws.apply(Edit::InsertLabel { index: 0, label }).expect("add label")
        }),
        Box::new(|ws| ws.apply(Edit::MoveLabel { id: "MISC".into(), index: 1 }).expect("move label")),
        Box::new(|ws| ws.remove_label("PER", None).expect("remove unused label")),
    ];
    for step in &steps {
        let before = ws.clone();
        step(&mut ws);
        let after = ws.clone();
        assert_ne!(before.spans().clone(), DocSpans::default());
        assert!(before.spans() != after.spans() || before.labels() != after.labels(), "the step changed something");
        ws.undo().expect("undo");
        assert_eq!(state(&ws), state(&before), "undo restores");
        ws.redo().expect("redo");
        assert_eq!(state(&ws), state(&after), "redo reapplies");
    }
    assert_eq!(ws.redo(), Err(EditError::NothingToRedo));
}

#[test]
fn ids_are_never_reused() {
    let mut ws = workspace();
    let a = tag(&mut ws, "陈臻", "PER");
    let b = tag(&mut ws, "上海", "LOC");
    ws.apply(Edit::RemoveSpan(b)).expect("delete");
    let c = tag(&mut ws, "公安局", "ORG");
    assert!(c > b && b > a, "{a} {b} {c}");
    ws.undo().expect("undo tag");
    ws.undo().expect("undo delete");
    assert_eq!(ws.spans().get(b).map(|s| s.text.as_str()), Some("上海"), "the deleted span comes back with its id");
    let d = tag(&mut ws, "副局长", "MISC");
    assert!(d > c, "an id handed out once is not handed out again, even after undo");
}

#[test]
fn deleting_a_span_drops_its_links_and_undo_restores_them() {
    let mut ws = workspace();
    let figure = tag(&mut ws, "21.5万通", "COUNT");
    let measure = tag(&mut ws, "信息与资金并重", "MEASURE");
    ws.link(figure, Some(measure)).expect("link");
    assert_eq!(ws.link(measure, Some(measure)), Err(EditError::BadLink));
    assert_eq!(ws.link(measure, Some(figure)), Err(EditError::NotAMeasure));
    ws.apply(Edit::RemoveSpan(measure)).expect("delete measure");
    assert!(ws.spans().relations().is_empty());
    ws.undo().expect("undo");
    assert_eq!(ws.spans().measure_of(figure).map(|r| r.to), Some(measure));
    // Relabelling the measure into an entity unlinks its members, and undo relinks them.
    ws.relabel(measure, "ORG").expect("relabel");
    assert!(ws.spans().relations().is_empty());
    ws.undo().expect("undo relabel");
    assert_eq!(ws.spans().measure_of(figure).map(|r| r.to), Some(measure));
}

#[test]
fn a_label_in_use_cannot_vanish_silently() {
    let mut ws = workspace();
    tag(&mut ws, "陈臻", "PER");
    tag(&mut ws, "上海", "PER");
    assert_eq!(ws.apply(Edit::RemoveLabel("PER".into())), Err(EditError::LabelInUse("PER".into(), 2)));
    ws.remove_label("PER", Some("MISC")).expect("relabel then remove");
    assert!(ws.labels().get("PER").is_none());
    assert_eq!(ws.spans().count_label("MISC"), 2);
    ws.undo().expect("undo");
    assert_eq!(ws.spans().count_label("PER"), 2);
    assert!(ws.labels().get("PER").is_some());
}

#[test]
fn attributes_are_validated_and_follow_the_layer() {
    let mut ws = workspace();
    let money = tag(&mut ws, "7.4亿余元", "MONEY");
    let bad = Attributes { value: Some("7.4亿".into()), ..Attributes::default() };
    assert!(matches!(ws.apply(Edit::SetAttributes { id: money, attributes: bad }), Err(EditError::Attribute(_))));
    let good = Attributes { value: Some("740000000".into()), currency: Some("cny".into()), ..Attributes::default() };
    ws.apply(Edit::SetAttributes { id: money, attributes: good }).expect("valid");
    assert_eq!(ws.spans().get(money).and_then(|a| a.attributes.currency.clone()).as_deref(), Some("CNY"));
    ws.relabel(money, "ORG").expect("relabel to an entity");
    assert!(ws.spans().get(money).expect("span").attributes.is_empty(), "entities carry no figure attributes");
}

#[test]
fn render_plan_cuts_at_every_boundary_and_stacks_lanes() {
    let mut ws = workspace();
    let org = tag(&mut ws, "上海市公安局", "ORG");
    let loc = tag(&mut ws, "上海", "LOC");
    let misc = tag(&mut ws, "公安局副局长", "MISC");
    let p = plan(&ws.doc, ws.spans().annotations(), |_| true);
    let block = ws
        .doc
        .blocks
        .iter()
        .position(|b| b.start <= find(&ws, "上海").0 && find(&ws, "上海").0 < b.end)
        .expect("block");
    let lane = |id| p.blocks[block].lane_of(id);
    assert_eq!(lane(org), Some(0));
    assert_eq!(lane(loc), Some(1));
    assert_eq!(lane(misc), Some(1), "crossing the outer span, after the inner one has ended");
    let segments = &p.blocks[block].segments;
    let text = |s: &biaozhu::core::render_plan::Segment| {
        ws.doc.text.chars().skip(s.start).take(s.end - s.start).collect::<String>()
    };
    let covered: Vec<(String, Vec<u64>)> =
        segments.iter().filter(|s| !s.spans.is_empty()).map(|s| (text(s), s.spans.clone())).collect();
    assert_eq!(
        covered,
        vec![
            ("上海".to_string(), vec![org, loc]),
            ("市".to_string(), vec![org]),
            ("公安局".to_string(), vec![org, misc]),
            ("副局长".to_string(), vec![misc]),
        ]
    );
    // Segments tile each block exactly.
    for (b, segs) in ws.doc.blocks.iter().zip(p.blocks.iter().map(|b| &b.segments)) {
        assert_eq!(segs.first().map(|s| s.start), Some(b.start));
        assert_eq!(segs.last().map(|s| s.end), Some(b.end));
        assert!(segs.windows(2).all(|w| w[0].end == w[1].start));
    }
}

#[test]
fn export_has_the_documented_shape_and_exact_offsets() {
    let mut ws = workspace();
    let money = tag(&mut ws, "7.4亿余元", "MONEY");
    let measure = tag(&mut ws, "信息与资金并重", "MEASURE");
    tag(&mut ws, "上海", "LOC");
    ws.link(money, Some(measure)).expect("link");
    let json = native_json(ws.labels(), &[(&ws.doc, ws.spans())]).expect("exports");
    let v: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["format"], "biaozhu");
    assert_eq!(v["version"], 1);
    for key in ["id", "name", "layer", "color", "hotkey"] {
        assert!(v["labels"][0].get(key).is_some(), "label field {key}");
    }
    let doc = &v["documents"][0];
    for key in ["id", "title", "meta", "text", "annotations", "relations"] {
        assert!(doc.get(key).is_some(), "document field {key}");
    }
    let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
    for a in doc["annotations"].as_array().expect("annotations") {
        for key in ["id", "layer", "label", "start", "end", "text", "attributes", "note"] {
            assert!(a.get(key).is_some(), "annotation field {key}");
        }
        let (s, e) = (a["start"].as_u64().expect("start") as usize, a["end"].as_u64().expect("end") as usize);
        assert_eq!(text[s..e].iter().collect::<String>(), a["text"].as_str().expect("text"));
    }
    let r = &doc["relations"][0];
    assert_eq!(
        (r["from"].as_u64(), r["to"].as_u64(), r["label"].as_str()),
        (Some(money), Some(measure), Some("belongs_to"))
    );
}

/// The history is shared between copies of a workspace (the app keeps the state before each
/// edit): undoing in one copy leaves the other as it was, and a long history keeps at least
/// `HISTORY_LIMIT` steps.
#[test]
fn copies_share_history_without_sharing_its_changes_and_history_is_bounded() {
    use biaozhu::core::workspace::HISTORY_LIMIT;
    let mut ws = workspace();
    let id = tag(&mut ws, "上海", "LOC");
    let before = ws.clone();
    ws.undo().expect("undoes the tag");
    assert!(ws.spans().is_empty());
    assert_eq!(before.spans().get(id).map(|a| a.text.as_str()), Some("上海"), "the copy keeps its span");
    let mut again = before.clone();
    again.undo().expect("the copy has its own way back");
    again.redo().expect("and forward");
    assert_eq!(summary(&again), summary(&before));

    // Relabel back and forth past twice the limit: at least the limit can be undone, not all.
    let mut long = before;
    for i in 0..2 * HISTORY_LIMIT + 10 {
        long.relabel(id, if i % 2 == 0 { "ORG" } else { "LOC" }).expect("relabels");
    }
    let mut undone = 0;
    while long.undo().is_ok() {
        undone += 1;
    }
    assert!((HISTORY_LIMIT..=2 * HISTORY_LIMIT).contains(&undone), "{undone} steps undone");
}
