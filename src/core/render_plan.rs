//! How spans are drawn over a block's text: the text is cut at every span boundary into
//! segments, each knowing which spans cover it; each span gets a lane (its depth among the
//! spans it overlaps in that block) so nested and crossing spans stay visible and clickable.
//!
//! A plan is made per block, from the spans that touch it. Replanning after an edit keeps every
//! block whose spans are the same ones as before (the same shared spans, or equal ones) and
//! plans only the others, so an edit costs a pass over the spans, not a redraw of the document.

use crate::core::annotation::Annotation;
use crate::core::model::Document;
use std::rc::Rc;

/// A piece of a block's text covered by the same spans throughout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Covering spans, outermost lane first.
    pub spans: Vec<u64>,
    /// Spans that end exactly at this segment's end (their tags are drawn there).
    pub ends: Vec<u64>,
}

/// The drawing of one block: the spans that touch it (what the plan was made from, in the
/// order of the document's spans) and the segments they cut its text into.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockPlan {
    pub spans: Vec<Rc<Annotation>>,
    /// Lane of each of `spans`, by position: 0 for a span no earlier span of the block holds.
    pub lanes: Vec<usize>,
    pub segments: Vec<Segment>,
}

impl BlockPlan {
    /// A span of this block, by id.
    pub fn span(&self, id: u64) -> Option<&Annotation> {
        self.spans.iter().find(|a| a.id == id).map(|a| &**a)
    }

    pub fn lane_of(&self, id: u64) -> Option<usize> {
        self.spans.iter().position(|a| a.id == id).map(|i| self.lanes[i])
    }

    /// Whether span `id` is drawn in this block.
    pub fn has(&self, id: u64) -> bool {
        self.spans.iter().any(|a| a.id == id)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenderPlan {
    /// The plan of each block, by block index (the title is block 0). A block that did not
    /// change since the previous plan shares its allocation with it.
    pub blocks: Vec<Rc<BlockPlan>>,
}

impl RenderPlan {
    /// The blocks that draw span `id`.
    pub fn blocks_of(&self, id: u64) -> impl Iterator<Item = usize> + '_ {
        self.blocks.iter().enumerate().filter(move |(_, b)| b.has(id)).map(|(i, _)| i)
    }
}

/// Plans the drawing of `spans` over `doc`: every span for which `visible` holds.
pub fn plan(doc: &Document, spans: &[Rc<Annotation>], visible: impl Fn(&Annotation) -> bool) -> RenderPlan {
    replan(None, doc, spans, visible)
}

/// Like [`plan`], reusing the blocks of `previous` (a plan of the same document) whose spans did
/// not change.
pub fn replan(
    previous: Option<&RenderPlan>,
    doc: &Document,
    spans: &[Rc<Annotation>],
    visible: impl Fn(&Annotation) -> bool,
) -> RenderPlan {
    let mut touching: Vec<Vec<&Rc<Annotation>>> = vec![Vec::new(); doc.blocks.len()];
    let mut sorted: Vec<&Rc<Annotation>> = spans.iter().filter(|a| visible(a)).collect();
    if !sorted.is_sorted_by_key(|a| order(a)) {
        sorted.sort_by_key(|a| order(a));
    }
    for a in sorted {
        // Blocks are in text order and do not overlap: the first one that ends after the span's
        // start, then on while they start before its end.
        let first = doc.blocks.partition_point(|b| b.end <= a.start);
        for (i, block) in doc.blocks.iter().enumerate().skip(first) {
            if block.start >= a.end {
                break;
            }
            if block.start < block.end && block.end > a.start {
                touching[i].push(a);
            }
        }
    }
    let blocks = touching
        .into_iter()
        .enumerate()
        .map(|(i, here)| {
            let kept = previous.and_then(|p| p.blocks.get(i)).filter(|old| {
                old.spans.len() == here.len() && old.spans.iter().zip(&here).all(|(old, new)| old == *new)
            });
            match kept {
                Some(old) => Rc::clone(old),
                None => {
                    let block = &doc.blocks[i];
                    Rc::new(block_plan(block.start, block.end, here.into_iter().cloned().collect()))
                }
            }
        })
        .collect();
    RenderPlan { blocks }
}

fn order(a: &Annotation) -> (usize, std::cmp::Reverse<usize>, u64) {
    (a.start, std::cmp::Reverse(a.end), a.id)
}

fn block_plan(start: usize, end: usize, spans: Vec<Rc<Annotation>>) -> BlockPlan {
    let lanes = assign_lanes(&spans);
    let segments = segments(start, end, &spans, &lanes);
    BlockPlan { spans, lanes, segments }
}

/// Greedy interval colouring in start order: each span takes the lowest lane free at its start.
fn assign_lanes(sorted: &[Rc<Annotation>]) -> Vec<usize> {
    // End offset of the span occupying each lane.
    let mut lane_ends: Vec<usize> = Vec::new();
    sorted
        .iter()
        .map(|a| {
            let lane = match lane_ends.iter().position(|&end| end <= a.start) {
                Some(free) => free,
                None => {
                    lane_ends.push(0);
                    lane_ends.len() - 1
                }
            };
            lane_ends[lane] = a.end;
            lane
        })
        .collect()
}

fn segments(start: usize, end: usize, spans: &[Rc<Annotation>], lanes: &[usize]) -> Vec<Segment> {
    if start == end {
        return Vec::new();
    }
    let mut cuts: Vec<usize> = vec![start, end];
    for a in spans {
        cuts.extend([a.start.clamp(start, end), a.end.clamp(start, end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let (s, e) = (w[0], w[1]);
            let mut covering: Vec<(usize, &Annotation)> = spans
                .iter()
                .zip(lanes)
                .filter(|(a, _)| a.start <= s && a.end >= e)
                .map(|(a, &lane)| (lane, &**a))
                .collect();
            covering.sort_by_key(|(lane, a)| (*lane, a.id));
            Segment {
                start: s,
                end: e,
                spans: covering.iter().map(|(_, a)| a.id).collect(),
                ends: covering.iter().filter(|(_, a)| a.end == e).map(|(_, a)| a.id).collect(),
            }
        })
        .collect()
}

// `import_file` is the native build's (the browser's parser is in `effects`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::import::import_file;
    use crate::core::labels::Layer;
    use crate::core::offsets::TextIndex;

    fn doc() -> Document {
        import_file("a.md", "---\ntitle: 题\n---\n<p>上海市公安局</p><p>北京市</p><p>广州</p>".as_bytes())
            .expect("imports")
    }

    fn span(doc: &Document, id: u64, label: &str, start: usize, end: usize) -> Rc<Annotation> {
        let index = TextIndex::new(&doc.text);
        Rc::new(Annotation::quoting(&doc.text, &index, id, Layer::Entity, label, start, end))
    }

    #[test]
    fn replanning_keeps_the_blocks_an_edit_did_not_touch() {
        let doc = doc();
        // Blocks: 0 题, 1 上海市公安局 [2, 8), 2 北京市 [9, 12), 3 广州 [13, 15).
        let mut spans = vec![span(&doc, 0, "ORG", 2, 8), span(&doc, 1, "LOC", 9, 11)];
        let before = plan(&doc, &spans, |_| true);
        spans.push(span(&doc, 2, "LOC", 13, 15));
        let after = replan(Some(&before), &doc, &spans, |_| true);
        assert!(Rc::ptr_eq(&before.blocks[1], &after.blocks[1]));
        assert!(Rc::ptr_eq(&before.blocks[2], &after.blocks[2]));
        assert!(!Rc::ptr_eq(&before.blocks[3], &after.blocks[3]));
        assert_eq!(after, plan(&doc, &spans, |_| true), "the same plan as one made from scratch");

        // A relabelled span is a changed span, even at the same range.
        let mut relabelled = (*spans[1]).clone();
        relabelled.label = "ORG".into();
        spans[1] = Rc::new(relabelled);
        let again = replan(Some(&after), &doc, &spans, |_| true);
        assert!(!Rc::ptr_eq(&after.blocks[2], &again.blocks[2]));
        assert_eq!(again.blocks[2].span(1).map(|a| a.label.as_str()), Some("ORG"));
        assert!(Rc::ptr_eq(&after.blocks[1], &again.blocks[1]));
    }

    #[test]
    fn a_span_across_blocks_is_planned_in_each_and_hidden_spans_not_at_all() {
        let doc = doc();
        let spans = vec![span(&doc, 0, "ORG", 5, 11), span(&doc, 1, "LOC", 13, 15)];
        let p = plan(&doc, &spans, |a| a.label == "ORG");
        assert_eq!(p.blocks_of(0).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(p.blocks_of(1).count(), 0);
        let last = p.blocks[1].segments.last().expect("segments");
        assert_eq!((last.start, last.end, last.spans.clone(), last.ends.clone()), (5, 8, vec![0], vec![]));
        assert_eq!(p.blocks[2].segments[0].ends, vec![0]);
    }
}
