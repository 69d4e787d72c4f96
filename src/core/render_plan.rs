//! How spans are drawn over a block's text: the text is cut at every span boundary into
//! segments, each knowing which spans cover it; each span gets a lane (its depth among the
//! spans it overlaps) so nested and crossing spans stay visible and clickable.

use crate::core::annotation::Annotation;
use crate::core::model::Document;
use std::collections::HashMap;

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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenderPlan {
    /// Lane of every span: 0 for a span no earlier span contains, deeper for nested ones.
    pub lanes: HashMap<u64, usize>,
    /// Segments of each block, by block index (the title is block 0).
    pub blocks: Vec<Vec<Segment>>,
}

/// Plans the drawing of `spans` (any order) over `doc`.
pub fn plan(doc: &Document, spans: &[&Annotation]) -> RenderPlan {
    let mut sorted: Vec<&Annotation> = spans.to_vec();
    sorted.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end), a.id));
    let lanes = assign_lanes(&sorted);

    let mut blocks = Vec::with_capacity(doc.blocks.len());
    // Spans sorted by start; a moving window keeps the ones that can reach the current block.
    let mut first = 0;
    for block in &doc.blocks {
        while first < sorted.len() && sorted[first].end <= block.start && sorted[first].start < block.start {
            first += 1;
        }
        let touching: Vec<&Annotation> = sorted[first..]
            .iter()
            .take_while(|a| a.start < block.end)
            .filter(|a| a.end > block.start)
            .copied()
            .collect();
        blocks.push(segments(block.start, block.end, &touching, &lanes));
    }
    RenderPlan { lanes, blocks }
}

/// Greedy interval colouring in start order: each span takes the lowest lane free at its start.
fn assign_lanes(sorted: &[&Annotation]) -> HashMap<u64, usize> {
    let mut lanes = HashMap::with_capacity(sorted.len());
    // End offset of the span occupying each lane.
    let mut lane_ends: Vec<usize> = Vec::new();
    for a in sorted {
        let lane = match lane_ends.iter().position(|&end| end <= a.start) {
            Some(free) => free,
            None => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = a.end;
        lanes.insert(a.id, lane);
    }
    lanes
}

fn segments(start: usize, end: usize, spans: &[&Annotation], lanes: &HashMap<u64, usize>) -> Vec<Segment> {
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
            let mut covering: Vec<&&Annotation> = spans.iter().filter(|a| a.start <= s && a.end >= e).collect();
            covering.sort_by_key(|a| (lanes.get(&a.id).copied().unwrap_or(0), a.id));
            Segment {
                start: s,
                end: e,
                spans: covering.iter().map(|a| a.id).collect(),
                ends: covering.iter().filter(|a| a.end == e).map(|a| a.id).collect(),
            }
        })
        .collect()
}
