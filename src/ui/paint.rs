//! How spans look (each label's colour and tag) and the text of one block with its spans drawn.
//!
//! A block is a component whose props compare by pointer: its plan (shared with the previous
//! plan when no span of the block changed), the label looks and whether the selection is in it.
//! An edit therefore redraws the blocks it touches and nothing else.

use crate::core::labels::LabelSet;
use crate::core::model::{BlockKind, Document};
use crate::core::render_plan::{BlockPlan, RenderPlan, Segment};
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// Colour used for a span whose label has gone missing from the set.
const UNKNOWN_COLOR: &str = "#888888";

/// How the spans of one label look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Look {
    pub color: String,
    /// Short tag drawn after the span (`机构`).
    pub tag: String,
}

/// The look of every label, by label id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Looks(HashMap<String, Look>);

impl Looks {
    pub fn of(labels: &LabelSet) -> Self {
        Looks(labels.iter().map(|l| (l.id.clone(), Look { color: l.color.clone(), tag: l.name.clone() })).collect())
    }

    fn color(&self, label: &str) -> &str {
        self.0.get(label).map_or(UNKNOWN_COLOR, |l| l.color.as_str())
    }

    fn tag(&self, label: &str) -> String {
        self.0.get(label).map_or_else(|| format!("{label}?"), |l| l.tag.clone())
    }
}

/// Everything the article needs to draw spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Paint {
    pub plan: Rc<RenderPlan>,
    pub looks: Rc<Looks>,
    pub selected: Option<u64>,
}

impl Paint {
    pub fn new(plan: Rc<RenderPlan>, labels: &LabelSet, selected: Option<u64>) -> Self {
        Paint { plan, looks: Rc::new(Looks::of(labels)), selected }
    }

    /// The plan of block `index` (an empty one for a block the plan lacks: drawn plain).
    pub fn block(&self, index: usize) -> Rc<BlockPlan> {
        self.plan.blocks.get(index).cloned().unwrap_or_default()
    }

    /// The selected span if block `index` draws it: what the block's look depends on.
    pub fn selected_in(&self, index: usize) -> Option<u64> {
        self.selected.filter(|&id| self.plan.blocks.get(index).is_some_and(|b| b.has(id)))
    }
}

/// The segments of a block as elements; `range` is the block's code-point range.
pub fn block_segments(
    plan: &BlockPlan,
    looks: &Looks,
    selected: Option<u64>,
    range: (usize, usize),
    text: &str,
) -> Html {
    if plan.segments.is_empty() {
        return html! { <span class="seg" data-s={range.0.to_string()}>{ text }</span> };
    }
    let base = plan.segments[0].start;
    // Byte offset of every code point of the block (and of its end), for slicing segments.
    let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let slice = |s: &Segment| {
        let (from, to) = (bytes.get(s.start - base).copied(), bytes.get(s.end - base).copied());
        from.zip(to).map_or("", |(from, to)| &text[from..to])
    };
    plan.segments.iter().map(|s| segment(plan, looks, selected, s, slice(s))).collect::<Html>()
}

fn segment(plan: &BlockPlan, looks: &Looks, selected: Option<u64>, seg: &Segment, text: &str) -> Html {
    // Keyed by where they start (segments partition the block's text): a tag that splits one
    // segment then changes that one and adds the new, where an unkeyed list would rewrite every
    // segment after it (its text, offsets and style).
    if seg.spans.is_empty() {
        return html! { <span key={seg.start} class="seg" data-s={seg.start.to_string()}>{ text }</span> };
    }
    let label = |id: &u64| plan.span(*id).map_or("", |a| a.label.as_str());
    let innermost = seg.spans.last().map_or(UNKNOWN_COLOR, |id| looks.color(label(id)));
    let suggested = seg.spans.last().and_then(|id| plan.span(*id)).is_some_and(|a| a.unconfirmed);
    let style = if suggested {
        // A suggestion: a dashed outline in its colour, no fill, until it is accepted.
        format!("outline-color:{innermost}")
    } else {
        // One underline per lane, outermost at the bottom, so nested spans stay visible.
        let shadows: Vec<String> = seg
            .spans
            .iter()
            .enumerate()
            .map(|(i, id)| format!("inset 0 -{}px 0 {}", 3 * (i + 1), looks.color(label(id))))
            .collect();
        format!("background-color:{innermost}2e;box-shadow:{}", shadows.join(","))
    };
    let ids: Vec<String> = seg.spans.iter().map(u64::to_string).collect();
    let tags: Vec<String> = seg.ends.iter().map(|id| looks.tag(label(id))).collect();
    let is_selected = selected.is_some_and(|s| seg.spans.contains(&s));
    html! {
        <span key={seg.start} class={classes!("seg", "seg-tagged", is_selected.then_some("seg-selected"), suggested.then_some("seg-suggested"), (!tags.is_empty()).then_some("seg-end"))}
            data-s={seg.start.to_string()} data-spans={ids.join(" ")} data-tag={(!tags.is_empty()).then(|| tags.join("·"))} {style}>
            { text }
        </span>
    }
}

#[derive(Properties, Clone)]
pub struct BlockViewProps {
    pub doc: Rc<Document>,
    pub index: usize,
    /// The block's text as a byte range of the document's text.
    pub bytes: (usize, usize),
    pub plan: Rc<BlockPlan>,
    pub looks: Rc<Looks>,
    /// The selected span, when this block draws it.
    pub selected: Option<u64>,
}

/// Equal when the block would be drawn the same: compared by pointer, never span by span.
impl PartialEq for BlockViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.doc, &other.doc)
            && self.index == other.index
            && Rc::ptr_eq(&self.plan, &other.plan)
            && (Rc::ptr_eq(&self.looks, &other.looks) || self.looks == other.looks)
            && self.selected == other.selected
    }
}

/// One block as its element (paragraph, heading, list item…) with its spans drawn. It carries
/// its index and code-point range, so that a selection inside it can be mapped to offsets.
#[function_component(BlockView)]
pub fn block_view(props: &BlockViewProps) -> Html {
    let Some(block) = props.doc.blocks.get(props.index) else { return Html::default() };
    let text = props.doc.text.get(props.bytes.0..props.bytes.1).unwrap_or("");
    let segments = block_segments(&props.plan, &props.looks, props.selected, (block.start, block.end), text);
    let (tag, kind_class) = match block.kind {
        BlockKind::Heading => (heading_tag(block.level), "block-heading"),
        BlockKind::Paragraph | BlockKind::Title => ("p", "block-paragraph"),
        BlockKind::Quote => ("blockquote", "block-quote"),
        BlockKind::ListItem => ("li", "block-list-item"),
        BlockKind::TableCell => ("div", "block-table-cell"),
        BlockKind::Caption => ("p", "block-caption"),
    };
    html! {
        <@{tag} class={classes!("block", kind_class)} data-block={props.index.to_string()}
            data-start={block.start.to_string()} data-end={block.end.to_string()}
            data-marker={block.marker.clone()}>
            { segments }
        </@>
    }
}

/// The title is the page's `h1`; body headings start at `h2`.
fn heading_tag(level: Option<u8>) -> &'static str {
    match level.unwrap_or(2) {
        0..=2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}
