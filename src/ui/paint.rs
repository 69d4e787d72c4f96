//! How each span looks: its colour and tag, derived once per change from the label set.

use crate::core::labels::LabelSet;
use crate::core::model::Document;
use crate::core::render_plan::{RenderPlan, Segment};
use crate::core::spans::DocSpans;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;
use yew::prelude::*;

/// Colour used for a span whose label has gone missing from the set.
const UNKNOWN_COLOR: &str = "#888888";

#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    pub color: String,
    /// Short tag drawn after the span (`机构`).
    pub tag: String,
    /// A suggestion not yet accepted: drawn dashed.
    pub suggested: bool,
}

/// Everything the blocks need to draw spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Paint {
    pub plan: Rc<RenderPlan>,
    pub looks: Rc<HashMap<u64, Look>>,
    pub selected: Option<u64>,
    /// Per block, a hash of everything its drawing depends on (segments, the looks of their
    /// spans, whether the selection is there): a block whose fingerprint did not change is not
    /// drawn again, so an edit redraws the blocks it touches, not the whole article.
    pub fingerprints: Rc<Vec<u64>>,
}

impl Paint {
    pub fn new(plan: Rc<RenderPlan>, spans: &DocSpans, labels: &LabelSet, selected: Option<u64>) -> Self {
        let looks = spans
            .annotations()
            .iter()
            .map(|a| {
                let label = labels.get(&a.label);
                let look = Look {
                    color: label.map_or(UNKNOWN_COLOR, |l| l.color.as_str()).to_string(),
                    tag: label.map_or_else(|| format!("{}?", a.label), |l| l.name.clone()),
                    suggested: a.unconfirmed,
                };
                (a.id, look)
            })
            .collect();
        let fingerprints = plan.blocks.iter().map(|segments| fingerprint(segments, &looks, selected)).collect();
        Paint { plan, looks: Rc::new(looks), selected, fingerprints: Rc::new(fingerprints) }
    }

    /// The fingerprint of block `index` (0 for a block the plan lacks: drawn plain).
    pub fn fingerprint(&self, index: usize) -> u64 {
        self.fingerprints.get(index).copied().unwrap_or(0)
    }

    /// The segments of block `index` as elements; `fallback` covers a block the plan lacks.
    pub fn block_segments(&self, index: usize, fallback: (usize, usize), text: &str) -> Html {
        match self.plan.blocks.get(index) {
            Some(segments) if !segments.is_empty() => {
                let base = segments[0].start;
                let chars: Vec<char> = text.chars().collect();
                segments.iter().map(|s| self.segment(s, &chars[s.start - base..s.end - base])).collect::<Html>()
            }
            _ => {
                html! { <span class="seg" data-s={fallback.0.to_string()} data-e={fallback.1.to_string()}>{ text }</span> }
            }
        }
    }

    fn segment(&self, seg: &Segment, chars: &[char]) -> Html {
        let text: String = chars.iter().collect();
        if seg.spans.is_empty() {
            return html! { <span class="seg" data-s={seg.start.to_string()} data-e={seg.end.to_string()}>{ text }</span> };
        }
        let look = |id: &u64| self.looks.get(id);
        let innermost = seg.spans.last().and_then(look).map_or(UNKNOWN_COLOR, |l| l.color.as_str());
        // One underline per lane, outermost at the bottom, so nested spans stay visible.
        let shadows: Vec<String> = seg
            .spans
            .iter()
            .enumerate()
            .map(|(i, id)| {
                format!("inset 0 -{}px 0 {}", 3 * (i + 1), look(id).map_or(UNKNOWN_COLOR, |l| l.color.as_str()))
            })
            .collect();
        let style = if seg.spans.last().and_then(look).is_some_and(|l| l.suggested) {
            // A suggestion: a dashed outline in its colour, no fill, until it is accepted.
            format!("outline-color:{innermost}")
        } else {
            format!("background-color:{innermost}2e;box-shadow:{}", shadows.join(","))
        };
        let ids: Vec<String> = seg.spans.iter().map(u64::to_string).collect();
        let tags: Vec<&str> = seg.ends.iter().filter_map(look).map(|l| l.tag.as_str()).collect();
        let selected = self.selected.is_some_and(|s| seg.spans.contains(&s));
        let suggested = seg.spans.last().and_then(look).is_some_and(|l| l.suggested);
        html! {
            <span class={classes!("seg", "seg-tagged", selected.then_some("seg-selected"), suggested.then_some("seg-suggested"), (!tags.is_empty()).then_some("seg-end"))}
                data-s={seg.start.to_string()} data-e={seg.end.to_string()}
                data-spans={ids.join(" ")} data-tag={(!tags.is_empty()).then(|| tags.join("·"))} {style}>
                { text }
            </span>
        }
    }
}

fn fingerprint(segments: &[Segment], looks: &HashMap<u64, Look>, selected: Option<u64>) -> u64 {
    let mut h = DefaultHasher::new();
    for seg in segments {
        (seg.start, seg.end, &seg.spans, &seg.ends).hash(&mut h);
        for id in &seg.spans {
            if let Some(look) = looks.get(id) {
                (&look.color, &look.tag, look.suggested).hash(&mut h);
            }
            (selected == Some(*id)).hash(&mut h);
        }
    }
    h.finish()
}

#[derive(Properties, Clone)]
pub struct BlockTextProps {
    pub doc: Rc<Document>,
    pub index: usize,
    pub paint: Paint,
}

/// Equal when the same document's block would be drawn the same: the paint is compared by the
/// block's fingerprint only, never span by span.
impl PartialEq for BlockTextProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && self.index == other.index
            && self.paint.fingerprint(self.index) == other.paint.fingerprint(other.index)
    }
}

/// The text of one block with its spans drawn.
#[function_component(BlockText)]
pub fn block_text(props: &BlockTextProps) -> Html {
    let Some(block) = props.doc.blocks.get(props.index) else { return Html::default() };
    props.paint.block_segments(props.index, (block.start, block.end), props.doc.block_text(props.index))
}
