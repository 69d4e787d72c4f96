//! The analyst's work on the open document: the label set, the document's spans and relations,
//! and the history that undoes and redoes every edit (label-set edits included).
//!
//! Every change is an [`Edit`]; performing one yields its inverse, which is what undo performs.

use crate::core::annotation::{
    trim_span_indexed, Annotation, AttributeError, Attributes, Relation, SpanError, BELONGS_TO,
};
use crate::core::labels::{Label, LabelError, LabelSet, Layer};
use crate::core::model::Document;
use crate::core::offsets::TextIndex;
use crate::core::spans::{DocSpans, Rejected};
use std::rc::Rc;
use thiserror::Error;

/// How many edits undo reaches back, at least (at most twice as many are kept).
pub const HISTORY_LIMIT: usize = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    AddSpan(Annotation),
    RemoveSpan(u64),
    RestoreSpan {
        span: Annotation,
        relations: Vec<Relation>,
    },
    /// Change a span's label (and with it, maybe, its layer and attributes).
    SetLabel {
        id: u64,
        label: String,
        layer: Layer,
        attributes: Attributes,
    },
    SetAttributes {
        id: u64,
        attributes: Attributes,
    },
    SetNote {
        id: u64,
        note: Option<String>,
    },
    AddRelation(Relation),
    RemoveRelation(u64),
    InsertLabel {
        index: usize,
        label: Label,
    },
    UpdateLabel(Label),
    RemoveLabel(String),
    MoveLabel {
        id: String,
        index: usize,
    },
    /// Accept a suggestion: it becomes an ordinary span.
    Confirm(u64),
    /// Undo of an acceptance.
    Unconfirm(u64),
    /// Turn a suggestion down: it goes, and is remembered so it is not suggested again.
    Reject(u64),
    /// Undo of a rejection.
    Unreject(Annotation),
    /// Several edits as one step of undo.
    Batch(Vec<Edit>),
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EditError {
    #[error(transparent)]
    Span(#[from] SpanError),
    #[error(transparent)]
    Label(#[from] LabelError),
    #[error(transparent)]
    Attribute(#[from] AttributeError),
    #[error("no span with id {0}")]
    NoSpan(u64),
    #[error("no relation with id {0}")]
    NoRelation(u64),
    #[error("label {0} is used by {1} spans: relabel or delete them first")]
    LabelInUse(String, usize),
    #[error("only a measure can hold other spans")]
    NotAMeasure,
    #[error("a span cannot belong to itself or to a span of its own layer")]
    BadLink,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    pub doc: Rc<Document>,
    /// Code-point positions of `doc.text`, built once: quoting a span stays constant time.
    index: Rc<TextIndex>,
    labels: LabelSet,
    /// Shared with the views that draw them; copied only when an edit changes them.
    spans: Rc<DocSpans>,
    undo: History,
    redo: History,
}

/// A stack of edits that copies of the workspace share: the app keeps the state before each
/// edit, and pushing onto or popping off a shared stack copies at most the one edit on top.
#[derive(Clone, Debug, Default)]
struct History {
    top: Option<Rc<Node>>,
    len: usize,
}

#[derive(Debug)]
struct Node {
    edit: Edit,
    below: Option<Rc<Node>>,
}

impl History {
    fn push(&mut self, edit: Edit) {
        self.top = Some(Rc::new(Node { edit, below: self.top.take() }));
        self.len += 1;
        if self.len > 2 * HISTORY_LIMIT {
            self.keep_newest(HISTORY_LIMIT);
        }
    }

    fn pop(&mut self) -> Option<Edit> {
        let node = self.top.take()?;
        self.len -= 1;
        self.top = node.below.clone();
        Some(Rc::try_unwrap(node).map_or_else(|shared| shared.edit.clone(), |own| own.edit))
    }

    fn is_empty(&self) -> bool {
        self.top.is_none()
    }

    fn iter(&self) -> impl Iterator<Item = &Edit> {
        std::iter::successors(self.top.as_deref(), |n| n.below.as_deref()).map(|n| &n.edit)
    }

    /// Drops all but the newest `n` edits (rebuilt: the nodes may be shared).
    fn keep_newest(&mut self, n: usize) {
        let newest: Vec<Edit> = self.iter().take(n).cloned().collect();
        *self = History::default();
        for edit in newest.into_iter().rev() {
            self.top = Some(Rc::new(Node { edit, below: self.top.take() }));
            self.len += 1;
        }
    }
}

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

/// Dropped one node at a time: a long history would otherwise be dropped by deep recursion.
impl Drop for History {
    fn drop(&mut self) {
        let mut next = self.top.take();
        while let Some(node) = next {
            next = match Rc::try_unwrap(node) {
                Ok(mut own) => own.below.take(),
                Err(_) => None,
            };
        }
    }
}

impl Workspace {
    pub fn new(doc: Rc<Document>, labels: LabelSet, spans: DocSpans) -> Self {
        let index = Rc::new(TextIndex::new(&doc.text));
        Workspace { doc, index, labels, spans: Rc::new(spans), undo: History::default(), redo: History::default() }
    }

    pub fn labels(&self) -> &LabelSet {
        &self.labels
    }

    pub fn spans(&self) -> &DocSpans {
        &self.spans
    }

    /// The spans as the views share them: the same allocation until the next edit.
    pub fn shared_spans(&self) -> Rc<DocSpans> {
        Rc::clone(&self.spans)
    }

    fn spans_mut(&mut self) -> &mut DocSpans {
        Rc::make_mut(&mut self.spans)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Tags `[start, end)` (trimmed of white space) with `label`; returns the new span's id, or
    /// the existing one when the same label already covers the same range.
    pub fn tag(&mut self, start: usize, end: usize, label: &str) -> Result<u64, EditError> {
        let layer = self.labels.get(label).ok_or_else(|| LabelError::Unknown(label.to_string()))?.layer;
        let (start, end) = trim_span_indexed(&self.doc.text, &self.index, start, end)?;
        if let Some(existing) = self.spans.find_same(start, end, label) {
            // Tagging what was suggested accepts the suggestion.
            let (id, suggested) = (existing.id, existing.unconfirmed);
            if suggested {
                self.apply(Edit::Confirm(id))?;
            }
            return Ok(id);
        }
        let id = self.spans_mut().allocate_id();
        let span = Annotation::quoting(&self.doc.text, &self.index, id, layer, label, start, end);
        self.apply(Edit::AddSpan(span))?;
        Ok(id)
    }

    /// Accepts every suggestion of the document, as one step of undo.
    pub fn accept_all(&mut self) -> Result<usize, EditError> {
        let ids: Vec<u64> = self.spans.annotations().iter().filter(|a| a.unconfirmed).map(|a| a.id).collect();
        let n = ids.len();
        if n > 0 {
            self.apply(Edit::Batch(ids.into_iter().map(Edit::Confirm).collect()))?;
        }
        Ok(n)
    }

    /// Suggests `label` for every other occurrence of span `id`'s text in the document that no
    /// span of that label covers yet; returns how many were suggested (one step of undo).
    pub fn tag_all_occurrences(&mut self, id: u64) -> Result<usize, EditError> {
        let span = self.spans.get(id).ok_or(EditError::NoSpan(id))?.clone();
        let found = occurrences(&self.doc.text, &span.text);
        let mut edits = Vec::new();
        for start in found {
            let end = start + (span.end - span.start);
            if self.spans.find_same(start, end, &span.label).is_some()
                || self.spans.is_rejected(start, end, &span.label)
            {
                continue;
            }
            let new_id = self.spans_mut().allocate_id();
            edits.push(Edit::AddSpan(Annotation {
                attributes: span.attributes.clone(),
                unconfirmed: true,
                ..Annotation::quoting(&self.doc.text, &self.index, new_id, span.layer, &span.label, start, end)
            }));
        }
        let n = edits.len();
        if n > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(n)
    }

    /// Gives span `id` another label; attributes the new layer does not have are dropped.
    pub fn relabel(&mut self, id: u64, label: &str) -> Result<(), EditError> {
        let layer = self.labels.get(label).ok_or_else(|| LabelError::Unknown(label.to_string()))?.layer;
        let span = self.spans.get(id).ok_or(EditError::NoSpan(id))?;
        let attributes = span.attributes.for_layer(layer);
        self.apply(Edit::SetLabel { id, label: label.to_string(), layer, attributes })
    }

    /// Links span `from` to the measure `to` (replacing an earlier link of `from`), or unlinks
    /// it when `to` is `None`.
    pub fn link(&mut self, from: u64, to: Option<u64>) -> Result<(), EditError> {
        let source = self.spans.get(from).ok_or(EditError::NoSpan(from))?;
        let mut edits: Vec<Edit> =
            self.spans.measure_of(from).map(|r| Edit::RemoveRelation(r.id)).into_iter().collect();
        if let Some(to) = to {
            let target = self.spans.get(to).ok_or(EditError::NoSpan(to))?;
            if target.layer != Layer::Measure {
                return Err(EditError::NotAMeasure);
            }
            if to == from || source.layer == Layer::Measure {
                return Err(EditError::BadLink);
            }
            let id = self.spans_mut().allocate_id();
            edits.push(Edit::AddRelation(Relation { id, from, to, label: BELONGS_TO.to_string() }));
        }
        self.apply(Edit::Batch(edits))
    }

    /// Deletes a label still in use by moving its spans to `replacement` (or deleting them).
    pub fn remove_label(&mut self, id: &str, replacement: Option<&str>) -> Result<(), EditError> {
        let users: Vec<u64> = self.spans.annotations().iter().filter(|a| a.label == id).map(|a| a.id).collect();
        let mut edits = Vec::with_capacity(users.len() + 1);
        for span in users {
            match replacement {
                Some(other) => {
                    let layer = self.labels.get(other).ok_or_else(|| LabelError::Unknown(other.to_string()))?.layer;
                    let attributes = self.spans.get(span).map(|a| a.attributes.for_layer(layer)).unwrap_or_default();
                    edits.push(Edit::SetLabel { id: span, label: other.to_string(), layer, attributes });
                }
                None => edits.push(Edit::RemoveSpan(span)),
            }
        }
        edits.push(Edit::RemoveLabel(id.to_string()));
        self.apply(Edit::Batch(edits))
    }

    /// Performs an edit as one step of undo history.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let inverse = self.perform(edit)?;
        self.undo.push(inverse);
        self.redo = History::default();
        Ok(())
    }

    pub fn undo(&mut self) -> Result<(), EditError> {
        let edit = self.undo.pop().ok_or(EditError::NothingToUndo)?;
        let inverse = self.perform(edit)?;
        self.redo.push(inverse);
        Ok(())
    }

    pub fn redo(&mut self) -> Result<(), EditError> {
        let edit = self.redo.pop().ok_or(EditError::NothingToRedo)?;
        let inverse = self.perform(edit)?;
        self.undo.push(inverse);
        Ok(())
    }

    /// Carries out one edit, all or nothing, and returns the edit that undoes it.
    fn perform(&mut self, edit: Edit) -> Result<Edit, EditError> {
        Ok(match edit {
            Edit::AddSpan(span) => {
                let id = span.id;
                self.spans_mut().insert(span);
                Edit::RemoveSpan(id)
            }
            Edit::RemoveSpan(id) => {
                let (span, relations) = self.spans_mut().remove(id).ok_or(EditError::NoSpan(id))?;
                Edit::RestoreSpan { span, relations }
            }
            Edit::RestoreSpan { span, relations } => {
                let id = span.id;
                self.spans_mut().insert(span);
                for r in relations {
                    self.spans_mut().insert_relation(r);
                }
                Edit::RemoveSpan(id)
            }
            Edit::SetLabel { id, label, layer, attributes } => {
                let attributes = attributes.normalized(layer)?;
                let span = self.spans_mut().get_mut(id).ok_or(EditError::NoSpan(id))?;
                let old = Edit::SetLabel {
                    id,
                    label: std::mem::replace(&mut span.label, label),
                    layer: std::mem::replace(&mut span.layer, layer),
                    attributes: std::mem::replace(&mut span.attributes, attributes),
                };
                // A span that stops being a measure can no longer hold others; undo relinks them.
                let mut undo = vec![old];
                if layer != Layer::Measure {
                    let held: Vec<u64> = self.spans.relations().iter().filter(|r| r.to == id).map(|r| r.id).collect();
                    for r in held {
                        undo.extend(self.spans_mut().remove_relation(r).map(Edit::AddRelation));
                    }
                }
                match undo.len() {
                    1 => undo.remove(0),
                    _ => Edit::Batch(undo),
                }
            }
            Edit::SetAttributes { id, attributes } => {
                let layer = self.spans.get(id).ok_or(EditError::NoSpan(id))?.layer;
                let attributes = attributes.normalized(layer)?;
                let span = self.spans_mut().get_mut(id).ok_or(EditError::NoSpan(id))?;
                Edit::SetAttributes { id, attributes: std::mem::replace(&mut span.attributes, attributes) }
            }
            Edit::SetNote { id, note } => {
                let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
                let span = self.spans_mut().get_mut(id).ok_or(EditError::NoSpan(id))?;
                Edit::SetNote { id, note: std::mem::replace(&mut span.note, note) }
            }
            Edit::AddRelation(relation) => {
                let id = relation.id;
                self.spans_mut().insert_relation(relation);
                Edit::RemoveRelation(id)
            }
            Edit::RemoveRelation(id) => {
                Edit::AddRelation(self.spans_mut().remove_relation(id).ok_or(EditError::NoRelation(id))?)
            }
            Edit::InsertLabel { index, label } => {
                let id = label.id.clone();
                self.labels.insert(index, label)?;
                Edit::RemoveLabel(id)
            }
            Edit::UpdateLabel(label) => {
                let layer_changes = self.labels.get(&label.id).is_some_and(|old| old.layer != label.layer);
                if layer_changes && self.spans.count_label(&label.id) > 0 {
                    return Err(EditError::LabelInUse(label.id.clone(), self.spans.count_label(&label.id)));
                }
                Edit::UpdateLabel(self.labels.update(label)?)
            }
            Edit::RemoveLabel(id) => {
                let users = self.spans.count_label(&id);
                if users > 0 {
                    return Err(EditError::LabelInUse(id, users));
                }
                let (index, label) = self.labels.remove(&id)?;
                Edit::InsertLabel { index, label }
            }
            Edit::MoveLabel { id, index } => {
                let from = self.labels.move_to(&id, index)?;
                Edit::MoveLabel { id, index: from }
            }
            Edit::Confirm(id) => {
                self.spans_mut().get_mut(id).ok_or(EditError::NoSpan(id))?.unconfirmed = false;
                Edit::Unconfirm(id)
            }
            Edit::Unconfirm(id) => {
                self.spans_mut().get_mut(id).ok_or(EditError::NoSpan(id))?.unconfirmed = true;
                Edit::Confirm(id)
            }
            Edit::Reject(id) => {
                let (span, _) = self.spans_mut().remove(id).ok_or(EditError::NoSpan(id))?;
                self.spans_mut().reject(Rejected { start: span.start, end: span.end, label: span.label.clone() });
                Edit::Unreject(span)
            }
            Edit::Unreject(span) => {
                let id = span.id;
                self.spans_mut().unreject(&Rejected { start: span.start, end: span.end, label: span.label.clone() });
                self.spans_mut().insert(span);
                Edit::Reject(id)
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.perform(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // All or nothing: roll back what this batch already did.
                            for inverse in inverses.into_iter().rev() {
                                let _ = self.perform(inverse);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch(inverses)
            }
        })
    }
}

/// Code-point starts of every occurrence of `needle` in `text` (non-overlapping, in order).
pub fn occurrences(text: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cp = 0;
    let mut last_byte = 0;
    for (byte, _) in text.match_indices(needle) {
        cp += text[last_byte..byte].chars().count();
        out.push(cp);
        cp += needle.chars().count();
        last_byte = byte + needle.len();
    }
    out
}
