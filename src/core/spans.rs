//! The spans and relations of one document, with the invariants that keep them exact.

use crate::core::annotation::{Annotation, Relation};
use crate::core::labels::Layer;
use crate::core::offsets::TextIndex;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpansError {
    #[error("span {id} [{start}, {end}) lies outside the text ({len} characters)")]
    OutOfRange { id: u64, start: usize, end: usize, len: usize },
    #[error("span {id} quotes {quoted:?} but the text there is {actual:?}")]
    TextMismatch { id: u64, quoted: String, actual: String },
    #[error("id {0} is used twice")]
    DuplicateId(u64),
    #[error("id {id} is not below the next free id {next}")]
    IdNotBelowNext { id: u64, next: u64 },
    #[error("relation {id} refers to span {missing}, which does not exist")]
    DanglingRelation { id: u64, missing: u64 },
    #[error("relation {id} must link to a measure")]
    NotToMeasure { id: u64 },
}

/// A suggestion the analyst turned down: it is not suggested again for this document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rejected {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

/// Spans sorted by start, longer first at the same start, then by id; relations by id.
///
/// Each span sits behind an `Rc`: a copy of the set (the app keeps the state before an edit for
/// its views and its history) shares every span and copies only the pointers, and an edit copies
/// just the span it changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSpans {
    annotations: Vec<Rc<Annotation>>,
    relations: Vec<Relation>,
    /// Greater than every id ever handed out in this document, so ids are never reused.
    next_id: u64,
    /// Suggestions turned down, remembered so that they are not made again.
    #[serde(default)]
    rejected: Vec<Rejected>,
}

fn order(a: &Annotation) -> (usize, std::cmp::Reverse<usize>, u64) {
    (a.start, std::cmp::Reverse(a.end), a.id)
}

impl DocSpans {
    /// Builds the set from outside data, checking every invariant against `text`.
    pub fn from_parts(
        mut annotations: Vec<Annotation>,
        mut relations: Vec<Relation>,
        next_id: u64,
        text: &str,
    ) -> Result<Self, SpansError> {
        annotations.sort_by_key(order);
        relations.sort_by_key(|r| r.id);
        let annotations = annotations.into_iter().map(Rc::new).collect();
        let set = DocSpans { annotations, relations, next_id, rejected: Vec::new() };
        set.validate(text)?;
        Ok(set)
    }

    /// The same set, remembering these turned-down suggestions.
    pub fn with_rejected(mut self, rejected: Vec<Rejected>) -> Self {
        self.rejected = rejected;
        self
    }

    pub fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    pub fn is_rejected(&self, start: usize, end: usize, label: &str) -> bool {
        self.rejected.iter().any(|r| r.start == start && r.end == end && r.label == label)
    }

    pub fn reject(&mut self, rejected: Rejected) {
        if !self.rejected.contains(&rejected) {
            self.rejected.push(rejected);
        }
    }

    pub fn unreject(&mut self, rejected: &Rejected) {
        self.rejected.retain(|r| r != rejected);
    }

    /// Any span (of any label) exactly on `[start, end)`.
    pub fn covers_exactly(&self, start: usize, end: usize) -> bool {
        self.annotations.iter().any(|a| a.start == start && a.end == end)
    }

    pub fn annotations(&self) -> &[Rc<Annotation>] {
        &self.annotations
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn next_id(&self) -> u64 {
        self.next_id
    }

    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty()
    }

    pub fn get(&self, id: u64) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id).map(|a| &**a)
    }

    /// The span, to change (a copy of it alone when it is shared). Its range must not change:
    /// the order of the set depends on it.
    pub fn get_mut(&mut self, id: u64) -> Option<&mut Annotation> {
        self.annotations.iter_mut().find(|a| a.id == id).map(Rc::make_mut)
    }

    /// A new id, never handed out before in this document.
    pub fn allocate_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// Inserts a span (its id must come from [`Self::allocate_id`] or be a restored one).
    pub fn insert(&mut self, annotation: Annotation) {
        self.next_id = self.next_id.max(annotation.id + 1);
        let at = self.annotations.partition_point(|a| order(a) < order(&annotation));
        self.annotations.insert(at, Rc::new(annotation));
    }

    /// Inserts many spans at once (ids as for [`Self::insert`]): one sort instead of one shift
    /// per span, so adding thousands of suggestions stays fast.
    pub fn insert_many(&mut self, annotations: Vec<Annotation>) {
        for a in &annotations {
            self.next_id = self.next_id.max(a.id + 1);
        }
        self.annotations.extend(annotations.into_iter().map(Rc::new));
        self.annotations.sort_by_key(|a| order(a));
    }

    /// Removes a span and the relations that touch it.
    pub fn remove(&mut self, id: u64) -> Option<(Annotation, Vec<Relation>)> {
        let at = self.annotations.iter().position(|a| a.id == id)?;
        let span = Rc::unwrap_or_clone(self.annotations.remove(at));
        let (gone, kept): (Vec<Relation>, Vec<Relation>) =
            std::mem::take(&mut self.relations).into_iter().partition(|r| r.from == id || r.to == id);
        self.relations = kept;
        Some((span, gone))
    }

    pub fn insert_relation(&mut self, relation: Relation) {
        self.next_id = self.next_id.max(relation.id + 1);
        let at = self.relations.partition_point(|r| r.id < relation.id);
        self.relations.insert(at, relation);
    }

    pub fn remove_relation(&mut self, id: u64) -> Option<Relation> {
        let at = self.relations.iter().position(|r| r.id == id)?;
        Some(self.relations.remove(at))
    }

    /// The measure a span belongs to, if linked.
    pub fn measure_of(&self, id: u64) -> Option<&Relation> {
        self.relations.iter().find(|r| r.from == id)
    }

    /// The same label on the same range already exists (tagging twice is a no-op).
    pub fn find_same(&self, start: usize, end: usize, label: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.start == start && a.end == end && a.label == label).map(|a| &**a)
    }

    /// Spans in reading order (the order of the side panel and of keyboard navigation).
    pub fn in_reading_order(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.iter().map(|a| &**a)
    }

    pub fn count_label(&self, label: &str) -> usize {
        self.annotations.iter().filter(|a| a.label == label).count()
    }

    pub fn validate(&self, text: &str) -> Result<(), SpansError> {
        let index = TextIndex::new(text);
        let mut ids = std::collections::HashSet::new();
        for a in &self.annotations {
            if a.start >= a.end || a.end > index.len() {
                return Err(SpansError::OutOfRange { id: a.id, start: a.start, end: a.end, len: index.len() });
            }
            let actual = index.slice(text, a.start, a.end).unwrap_or_default();
            if actual != a.text {
                return Err(SpansError::TextMismatch { id: a.id, quoted: a.text.clone(), actual: actual.to_string() });
            }
            self.check_id(a.id, &mut ids)?;
        }
        for r in &self.relations {
            self.check_id(r.id, &mut ids)?;
            for end in [r.from, r.to] {
                if self.get(end).is_none() {
                    return Err(SpansError::DanglingRelation { id: r.id, missing: end });
                }
            }
            if self.get(r.to).map(|a| a.layer) != Some(Layer::Measure) {
                return Err(SpansError::NotToMeasure { id: r.id });
            }
        }
        Ok(())
    }

    fn check_id(&self, id: u64, seen: &mut std::collections::HashSet<u64>) -> Result<(), SpansError> {
        if !seen.insert(id) {
            return Err(SpansError::DuplicateId(id));
        }
        if id >= self.next_id {
            return Err(SpansError::IdNotBelowNext { id, next: self.next_id });
        }
        Ok(())
    }
}
