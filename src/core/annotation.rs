//! Spans, their attributes and the links between them.
//!
//! A span is a half-open `[start, end)` range of Unicode code points over a document's text; it
//! also keeps its quoted `text` and a little context, so it can be re-anchored if the text ever
//! changes, and flagged rather than moved when it cannot.

use crate::core::labels::Layer;
use crate::core::offsets::{cp_len, TextIndex};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How many code points of context a span keeps on each side.
pub const CONTEXT_LEN: usize = 16;

/// The link label between a span and the measure it belongs to.
pub const BELONGS_TO: &str = "belongs_to";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// 超, 逾, 以上
    Over,
    /// 约, 左右, 上下
    About,
    /// 近, 将近
    Nearly,
    /// 余, 多
    MoreThan,
}

impl Qualifier {
    pub const ALL: [Qualifier; 4] = [Qualifier::Over, Qualifier::About, Qualifier::Nearly, Qualifier::MoreThan];

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Over => "over",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::MoreThan => "more-than",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == s)
    }
}

/// What a span says beyond its label. Figures use `value`, `unit`, `currency`, `qualifier`;
/// measures use `name`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    /// Exact normalised value as a decimal string (`7.4亿` → `"740000000"`, `17.9%` → `"0.179"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Unit or classifier (`元`, `万通`, `人次`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// ISO 4217 code (`CNY`, `USD`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
    /// Short name of a measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AttributeError {
    #[error("value {0:?} is not a decimal number (digits, one optional '.', optional leading '-')")]
    BadValue(String),
    #[error("currency {0:?} is not a three-letter ISO 4217 code such as CNY or USD")]
    BadCurrency(String),
    #[error("{0} is longer than {1} characters")]
    TooLong(&'static str, usize),
    #[error("{layer} spans have no {field}")]
    NotForLayer { layer: &'static str, field: &'static str },
}

impl Attributes {
    pub fn is_empty(&self) -> bool {
        *self == Attributes::default()
    }

    /// Empty strings become `None`, text is trimmed, currency upper-cased; then checked.
    pub fn normalized(self, layer: Layer) -> Result<Attributes, AttributeError> {
        let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let attrs = Attributes {
            value: clean(self.value),
            unit: clean(self.unit),
            currency: clean(self.currency).map(|c| c.to_ascii_uppercase()),
            qualifier: self.qualifier,
            name: clean(self.name),
        };
        attrs.validate(layer)?;
        Ok(attrs)
    }

    pub fn validate(&self, layer: Layer) -> Result<(), AttributeError> {
        let figure_fields = [
            ("value", self.value.is_some()),
            ("unit", self.unit.is_some()),
            ("currency", self.currency.is_some()),
            ("qualifier", self.qualifier.is_some()),
        ];
        if layer != Layer::Figure {
            if let Some((field, _)) = figure_fields.iter().find(|(_, set)| *set) {
                return Err(AttributeError::NotForLayer { layer: layer.as_str(), field });
            }
        }
        if layer != Layer::Measure && self.name.is_some() {
            return Err(AttributeError::NotForLayer { layer: layer.as_str(), field: "name" });
        }
        if let Some(v) = &self.value {
            if !is_decimal(v) {
                return Err(AttributeError::BadValue(v.clone()));
            }
        }
        if let Some(c) = &self.currency {
            if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                return Err(AttributeError::BadCurrency(c.clone()));
            }
        }
        for (field, text, max) in [("unit", &self.unit, 32), ("name", &self.name, 200)] {
            if text.as_ref().is_some_and(|t| cp_len(t) > max) {
                return Err(AttributeError::TooLong(field, max));
            }
        }
        Ok(())
    }

    /// Keeps only the fields that `layer` has (used when a span changes layer).
    pub fn for_layer(&self, layer: Layer) -> Attributes {
        match layer {
            Layer::Figure => Attributes { name: None, ..self.clone() },
            Layer::Measure => Attributes { name: self.name.clone(), ..Attributes::default() },
            Layer::Entity => Attributes::default(),
        }
    }
}

/// `-?digits(.digits)?`, the exact form a value is kept in.
pub fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Unique within its document and never reused.
    pub id: u64,
    pub layer: Layer,
    /// Id of the label (see [`crate::core::labels::Label::id`]).
    pub label: String,
    pub start: usize,
    pub end: usize,
    /// `text[start..end]` in code points.
    pub text: String,
    /// Up to [`CONTEXT_LEN`] code points before and after, for re-anchoring.
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    #[serde(default)]
    pub attributes: Attributes,
    #[serde(default)]
    pub note: Option<String>,
    /// A suggestion (from the figure recogniser or tag-all-occurrences) not yet accepted by
    /// the analyst: drawn dashed, left out of training exports until confirmed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unconfirmed: bool,
}

impl Annotation {
    /// A span over `[start, end)` of `text` (offsets valid for it; `index` built from it),
    /// quoting it with its context; no attributes, no note, confirmed.
    pub fn quoting(
        text: &str,
        index: &TextIndex,
        id: u64,
        layer: Layer,
        label: &str,
        start: usize,
        end: usize,
    ) -> Self {
        let (prefix, quoted, suffix) = quote(text, index, start, end);
        Annotation {
            id,
            layer,
            label: label.to_string(),
            start,
            end,
            text: quoted,
            prefix,
            suffix,
            attributes: Attributes::default(),
            note: None,
            unconfirmed: false,
        }
    }
}

/// A directed link: `from` (a figure or entity) belongs to `to` (a measure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: u64,
    pub from: u64,
    pub to: u64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SpanError {
    #[error("the selection is empty or only white space")]
    Empty,
    #[error("span [{start}, {end}) is outside the text ({len} characters)")]
    OutOfRange { start: usize, end: usize, len: usize },
}

/// Narrows `[start, end)` to exclude leading and trailing white space; an empty result is an error.
pub fn trim_span(text: &str, start: usize, end: usize) -> Result<(usize, usize), SpanError> {
    trim_span_indexed(text, &TextIndex::new(text), start, end)
}

/// [`trim_span`] with the text's index built once (an edit of a long document then does not
/// walk its text).
pub fn trim_span_indexed(text: &str, index: &TextIndex, start: usize, end: usize) -> Result<(usize, usize), SpanError> {
    let len = index.len();
    if start > end || end > len {
        return Err(SpanError::OutOfRange { start, end, len });
    }
    let inner = index.slice(text, start, end).map_err(|_| SpanError::OutOfRange { start, end, len })?;
    let leading = inner.chars().take_while(|c| c.is_whitespace()).count();
    let trailing = inner.chars().rev().take_while(|c| c.is_whitespace()).count();
    let total = end - start;
    if leading == total {
        return Err(SpanError::Empty);
    }
    Ok((start + leading, end - trailing))
}

/// The quoted text and context of `[start, end)`; offsets must be valid for `text`, and `index`
/// built from it (callers quoting many spans build it once: each quote is then constant time).
pub fn quote(text: &str, index: &TextIndex, start: usize, end: usize) -> (String, String, String) {
    let len = index.len();
    let get = |a: usize, b: usize| index.slice(text, a.min(len), b.min(len)).unwrap_or("").to_string();
    (get(start.saturating_sub(CONTEXT_LEN), start), get(start, end), get(end, end + CONTEXT_LEN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_white_space_and_refuses_empty_selections() {
        let text = "  上海 𠮷市\n公安局　";
        let cases: &[(usize, usize, Result<(usize, usize), SpanError>)] = &[
            (0, 4, Ok((2, 4))),
            (2, 12, Ok((2, 11))),
            (0, 2, Err(SpanError::Empty)),
            (4, 5, Err(SpanError::Empty)),
            (3, 3, Err(SpanError::Empty)),
            (5, 99, Err(SpanError::OutOfRange { start: 5, end: 99, len: 12 })),
            (6, 5, Err(SpanError::OutOfRange { start: 6, end: 5, len: 12 })),
        ];
        for &(start, end, ref want) in cases {
            assert_eq!(&trim_span(text, start, end), want, "[{start}, {end})");
        }
    }

    #[test]
    fn quotes_with_context() {
        let text = "😀".repeat(20) + "上海" + &"末".repeat(20);
        let (prefix, quoted, suffix) = quote(&text, &TextIndex::new(&text), 20, 22);
        assert_eq!((prefix.chars().count(), quoted.as_str(), suffix.chars().count()), (16, "上海", 16));
        assert_eq!(quote("上海", &TextIndex::new("上海"), 0, 2), (String::new(), "上海".to_string(), String::new()));
    }

    #[test]
    fn attributes_are_checked_per_layer() {
        let figure = |value: &str, currency: &str| Attributes {
            value: Some(value.into()),
            currency: Some(currency.into()),
            ..Attributes::default()
        };
        assert_eq!(
            figure(" 740000000 ", "cny").normalized(Layer::Figure),
            Ok(Attributes { value: Some("740000000".into()), currency: Some("CNY".into()), ..Attributes::default() })
        );
        let cases: Vec<(Attributes, Layer, AttributeError)> = vec![
            (figure("7.4亿", "CNY"), Layer::Figure, AttributeError::BadValue("7.4亿".into())),
            (figure("1.", "CNY"), Layer::Figure, AttributeError::BadValue("1.".into())),
            (figure("1", "RMB1"), Layer::Figure, AttributeError::BadCurrency("RMB1".into())),
            (figure("1", "CNY"), Layer::Entity, AttributeError::NotForLayer { layer: "entity", field: "value" }),
            (
                Attributes { name: Some("举措".into()), ..Attributes::default() },
                Layer::Figure,
                AttributeError::NotForLayer { layer: "figure", field: "name" },
            ),
        ];
        for (attrs, layer, err) in cases {
            assert_eq!(attrs.clone().normalized(layer), Err(err), "{attrs:?}");
        }
        for ok in ["0", "-3", "0.179", "740000000"] {
            assert!(is_decimal(ok), "{ok}");
        }
    }
}
