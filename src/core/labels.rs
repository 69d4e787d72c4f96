//! The label set: data, not code. Each label belongs to one layer and may have a hotkey.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The three kinds of span the tool is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Entity,
    Figure,
    Measure,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Entity, Layer::Figure, Layer::Measure];

    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Entity => "entity",
            Layer::Figure => "figure",
            Layer::Measure => "measure",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Stable identifier used by spans and exports (`ORG`, `MONEY`…); never changes on rename.
    pub id: String,
    /// What the analyst reads (`机构`).
    pub name: String,
    pub layer: Layer,
    /// `#rrggbb`.
    pub color: String,
    /// A key `1`–`9` (or any single character) that applies the label to the selection.
    #[serde(default)]
    pub hotkey: Option<char>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LabelError {
    #[error("a label id must be 1–32 letters, digits, '_' or '-' (got {0:?})")]
    BadId(String),
    #[error("a label with id {0} already exists")]
    DuplicateId(String),
    #[error("a label needs a name")]
    EmptyName,
    #[error("colour {0:?} is not of the form #rrggbb")]
    BadColor(String),
    #[error("hotkey {0:?} is already used by {1}")]
    HotkeyTaken(char, String),
    #[error("hotkey {0:?} cannot be used (use a digit, a letter or a symbol)")]
    BadHotkey(char),
    #[error("no label with id {0}")]
    Unknown(String),
}

/// An ordered list of labels with unique ids and unique hotkeys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Label>", into = "Vec<Label>")]
pub struct LabelSet {
    labels: Vec<Label>,
}

impl Default for LabelSet {
    fn default() -> Self {
        Self::defaults()
    }
}

impl TryFrom<Vec<Label>> for LabelSet {
    type Error = LabelError;

    /// Re-checks every invariant of labels read from outside.
    fn try_from(labels: Vec<Label>) -> Result<Self, LabelError> {
        let mut set = LabelSet { labels: Vec::new() };
        for label in labels {
            set.insert(set.labels.len(), label)?;
        }
        Ok(set)
    }
}

impl From<LabelSet> for Vec<Label> {
    fn from(set: LabelSet) -> Self {
        set.labels
    }
}

impl LabelSet {
    /// The default labels, hotkeys `1`–`9` in this order.
    pub fn defaults() -> Self {
        let table: [(&str, &str, Layer, &str); 9] = [
            ("ORG", "机构", Layer::Entity, "#4e79a7"),
            ("PER", "人物", Layer::Entity, "#e15759"),
            ("LOC", "地点", Layer::Entity, "#59a14f"),
            ("TIME", "时间", Layer::Entity, "#b07aa1"),
            ("MONEY", "金额", Layer::Figure, "#f28e2b"),
            ("COUNT", "数量", Layer::Figure, "#edc948"),
            ("PERCENT", "比例", Layer::Figure, "#76b7b2"),
            ("MEASURE", "举措", Layer::Measure, "#9c755f"),
            ("MISC", "其他", Layer::Entity, "#bab0ac"),
        ];
        let labels = table
            .iter()
            .zip('1'..='9')
            .map(|(&(id, name, layer, color), key)| Label {
                id: id.into(),
                name: name.into(),
                layer,
                color: color.into(),
                hotkey: Some(key),
            })
            .collect();
        LabelSet { labels }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Label> {
        self.labels.iter()
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.id == id)
    }

    pub fn by_hotkey(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|l| l.hotkey == Some(key))
    }

    /// Inserts a label at `index` (clamped), after checking it against the others.
    pub fn insert(&mut self, index: usize, label: Label) -> Result<(), LabelError> {
        check_id(&label.id)?;
        if self.get(&label.id).is_some() {
            return Err(LabelError::DuplicateId(label.id));
        }
        self.check_fields(&label)?;
        self.labels.insert(index.min(self.labels.len()), label);
        Ok(())
    }

    /// Replaces the label with the same id (name, colour, hotkey, layer may change).
    pub fn update(&mut self, label: Label) -> Result<Label, LabelError> {
        let at = self.position(&label.id).ok_or_else(|| LabelError::Unknown(label.id.clone()))?;
        self.check_fields(&label)?;
        Ok(std::mem::replace(&mut self.labels[at], label))
    }

    /// Removes a label; returns it with the index it had.
    pub fn remove(&mut self, id: &str) -> Result<(usize, Label), LabelError> {
        let at = self.position(id).ok_or_else(|| LabelError::Unknown(id.to_string()))?;
        Ok((at, self.labels.remove(at)))
    }

    /// Moves a label to `index` (clamped); returns the index it had.
    pub fn move_to(&mut self, id: &str, index: usize) -> Result<usize, LabelError> {
        let (from, label) = self.remove(id)?;
        self.labels.insert(index.min(self.labels.len()), label);
        Ok(from)
    }

    /// A fresh id for a new label named `name`: `L1`, `L2`, … never one in use.
    pub fn fresh_id(&self) -> String {
        (1..).map(|n| format!("L{n}")).find(|id| self.get(id).is_none()).unwrap_or_default()
    }

    fn check_fields(&self, label: &Label) -> Result<(), LabelError> {
        if label.name.trim().is_empty() {
            return Err(LabelError::EmptyName);
        }
        check_color(&label.color)?;
        if let Some(key) = label.hotkey {
            if key.is_whitespace() || key.is_control() {
                return Err(LabelError::BadHotkey(key));
            }
            if let Some(other) = self.labels.iter().find(|l| l.hotkey == Some(key) && l.id != label.id) {
                return Err(LabelError::HotkeyTaken(key, other.name.clone()));
            }
        }
        Ok(())
    }
}

fn check_id(id: &str) -> Result<(), LabelError> {
    let ok = (1..=32).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(LabelError::BadId(id.to_string()))
    }
}

fn check_color(color: &str) -> Result<(), LabelError> {
    let ok = color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(LabelError::BadColor(color.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(id: &str, key: Option<char>) -> Label {
        Label { id: id.into(), name: "新".into(), layer: Layer::Entity, color: "#123abc".into(), hotkey: key }
    }

    #[test]
    fn defaults_have_hotkeys_one_to_nine_in_order() {
        let set = LabelSet::defaults();
        let ids: Vec<&str> = set.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["ORG", "PER", "LOC", "TIME", "MONEY", "COUNT", "PERCENT", "MEASURE", "MISC"]);
        assert_eq!(set.by_hotkey('5').map(|l| l.name.as_str()), Some("金额"));
        assert_eq!(set.by_hotkey('8').map(|l| l.layer), Some(Layer::Measure));
    }

    #[test]
    fn refuses_labels_that_break_the_set() {
        let mut set = LabelSet::defaults();
        let bad_color = Label { color: "red".into(), ..label("X", None) };
        let no_name = Label { name: " ".into(), ..label("Y", None) };
        let cases: Vec<(Label, LabelError)> = vec![
            (label("ORG", None), LabelError::DuplicateId("ORG".into())),
            (label("a b", None), LabelError::BadId("a b".into())),
            (label("NEW", Some('1')), LabelError::HotkeyTaken('1', "机构".into())),
            (label("NEW", Some(' ')), LabelError::BadHotkey(' ')),
            (bad_color, LabelError::BadColor("red".into())),
            (no_name, LabelError::EmptyName),
        ];
        for (l, err) in cases {
            assert_eq!(set.insert(0, l.clone()), Err(err), "{l:?}");
        }
        assert_eq!(set, LabelSet::defaults(), "a refused label changes nothing");
        assert!(set.insert(99, label("NEW", Some('0'))).is_ok());
        assert_eq!(set.iter().last().map(|l| l.id.as_str()), Some("NEW"));
    }

    #[test]
    fn moves_updates_and_removes() {
        let mut set = LabelSet::defaults();
        assert_eq!(set.move_to("MISC", 0), Ok(8));
        assert_eq!(set.iter().next().map(|l| l.id.as_str()), Some("MISC"));
        let mut renamed = set.get("ORG").cloned().expect("ORG");
        renamed.name = "组织".into();
        renamed.hotkey = Some('q');
        assert_eq!(set.update(renamed).map(|old| old.name), Ok("机构".into()));
        assert_eq!(set.by_hotkey('q').map(|l| l.name.as_str()), Some("组织"));
        assert_eq!(set.remove("ORG").map(|(at, _)| at), Ok(1));
        assert_eq!(set.remove("ORG"), Err(LabelError::Unknown("ORG".into())));
        assert_eq!(set.fresh_id(), "L1");
    }

    #[test]
    fn deserialising_rechecks_invariants() {
        let json = r##"[{"id":"A","name":"甲","layer":"entity","color":"#000000","hotkey":"1"},
                       {"id":"B","name":"乙","layer":"figure","color":"#ffffff","hotkey":"1"}]"##;
        let err = serde_json::from_str::<LabelSet>(json).expect_err("duplicate hotkey");
        assert!(err.to_string().contains("hotkey"), "{err}");
        let round = serde_json::to_string(&LabelSet::defaults()).expect("serialises");
        assert_eq!(serde_json::from_str::<LabelSet>(&round).expect("reads back"), LabelSet::defaults());
    }
}
