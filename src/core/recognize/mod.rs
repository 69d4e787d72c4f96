//! The figure recogniser: finds quantities in Chinese text and reads their exact value.
//!
//! [`recognize`] returns, for each figure, its span in code points, its [`FigureKind`], its value
//! as an exact decimal string (`7.4亿` → `"740000000"`, `17.9%` → `"0.179"`; never a float),
//! its unit or classifier, its ISO currency and its [`Qualifier`]. It is a hand-written scanner
//! (one pass, no regular expressions) fast enough to pre-annotate whole corpora.
//!
//! # Where a span begins and ends
//!
//! - **Inside**: a currency symbol (`¥`, `$`, `US$`, `HK$`), a minus sign, the digits (ASCII or
//!   full-width, with `,` thousands separators and a decimal point) or Chinese numerals (`十七`,
//!   `三点五`), the magnitudes (`百`, `千`, `万`, `亿`, `万亿`), `余`/`多` (`7.4亿余元`,
//!   `50多年`, `4倍多`), and the unit or classifier (`元`, `万元`, `美元`, `通`, `人次`, `%`,
//!   `倍`, `个百分点`…), with the `/斤` of a price (`28元/斤`). A fraction is one span
//!   (`三分之二`, `百分之三十`), and so is a range with both ends (`3至5万`, `230万吨至240万吨`).
//! - **Outside**: qualifier words, recorded as the qualifier. Before the number: 超, 超过, 超出,
//!   逾, 多于 (over); 约, 大约, 大概, 约为, 约有 (about); 近, 将近, 接近, 逼近 (nearly). After it:
//!   左右, 上下 (about); 以上, 及以上, 不止 (over). When several apply, the word before wins, then
//!   `余`/`多`, then the word after. 近 before a span of time means "the last" (近6年), not
//!   "nearly", and gives no qualifier; nor do negated words (不超过, 不到, 不足).
//!
//! # Values, kinds and units
//!
//! | written | kind | value | unit | currency |
//! |---|---|---|---|---|
//! | `7.4亿余元` | money | `740000000` | `元` | `CNY` (+ more-than) |
//! | `300万美元` | money | `3000000` | `美元` | `USD` |
//! | `¥-0.0041` | money | `-0.0041` | `元` | `CNY` |
//! | `28元/斤` | money | `28` | `元/斤` | `CNY` |
//! | `17.9%`, `百分之三十` | percent | `0.179`, `0.3` | `%` | |
//! | `0.6个百分点` | percent | `0.006` | `个百分点` | |
//! | `63.8bp`, `3‰` | percent | `0.00638`, `0.003` | `bp`, `‰` | |
//! | `三分之二`, `九成` | ratio | `0.6666666667`, `0.9` | —, `成` | |
//! | `68：1` | ratio | `68` | | |
//! | `1.5倍`, `40-70x` | multiple, range | `1.5`; `40`–`70` | `倍` | |
//! | `21.5万通`, `3千余万人次` | count | `215000`, `30000000` | `通`, `人次` | |
//! | `12.2年`, `1.7公里` | count | `12.2`, `1.7` | `年`, `公里` | |
//! | `3-5万元`, `两三千元` | range | `30000`, max `50000`; `2000`–`3000` | `元` | `CNY` |
//! | `0.71`, `1000万` | number | `0.71`, `10000000` | | |
//!
//! - Values are exact: magnitudes shift the decimal point; percentages, per-mille, percentage
//!   points (`个百分点`, ×0.01), basis points (`bp`, `基点`, ×0.0001) and tenths (`成`) are kept as
//!   fractions. A fraction that does not terminate (`三分之二`, `1:3`) is rounded half up to ten
//!   decimal places; that is the only rounding.
//! - A range has kind `range`, `value` its first end and `value_max` its second, as written; the
//!   first end takes the magnitude and unit of the second when it has none (`3至5万` → 30000 to
//!   50000). "Two or three" numerals (`两三千`, `五六千`, `七八成`) are ranges too.
//! - Money keeps the currency's name as its unit (`元` for 元, 块, 块钱, 人民币, 万元, 亿元, `¥`)
//!   and its ISO code as the currency. A number with a magnitude but no unit, shortly after a word
//!   about money in the same clause (损失超7.4亿, 地方债33411亿, 成交额超过256万亿), is money in
//!   `CNY` with no unit, since the text does not write one.
//! - Counts keep their classifier or unit as written (`个`, `家`, `人次`, `个月`, `公里`, `kg`),
//!   a few spellings made one (`平米` → `平方米`, `个人` → `人`, `x` → `倍`, `百分点` →
//!   `个百分点`). A number without any unit is a `number`.
//!
//! # What is not a figure
//!
//! Dates and years (`2021年`, `8月9日`, `1-6月`, `2021-2023年`, `05-18`, `三季度`), times of day
//! (`04:00`, `2：30`, `下午6点`, `0时`), ordinals (`第三`, `举措之一`), generations (`00后`),
//! names, codes and versions (`sz300059`, `600000`, `5G`, `Windows 11`, `973计划`,
//! `沪深300指数`, `10年期`, `2.0.1`), list markers and labels (`1、`, `（一）`, `图1：`,
//! `人物1：`, a bare number in brackets or quotes), vague amounts (`数十亿`, `几千`, `十几万`,
//! `上百`, `千万级`), names of works (anything inside `《》`), the operands of a formula
//! (`×100%`, `=360×`, `÷12`).
//!
//! Chinese numerals are also ordinary words, so they count only in these forms:
//! - `一` or `十` alone: only with money, a measure, a percentage or a multiple (`一公里`, `一倍`),
//!   not as an article (`一家公司`, `一年多`, `十年寒窗`);
//! - `二`–`九`, `两` alone: with any unit or classifier (`四个保洁`, `两年`, `三分之二`);
//! - several characters: with any unit (`十七米`, `一千余元`); without a unit only with `万` or `亿`
//!   (`两万`);
//! - starting with `百`, `千`, `万`, `亿` (an implicit 一): only with `余`/`多` or a qualifier
//!   (`百余个`, `近百元`), never `百姓`, `千万`, `万家`.
//!
//! A bare Arabic number (no unit, magnitude or currency) is a `number` unless a word follows it
//! directly (`3代`), it labels or lists something (`表1`, `1、`, `（1）`), it is a year, a code of
//! six digits or more (except alone on a line, as in a table cell), starts with `0`, or follows a
//! Latin word (`Windows 11`).

mod context;
mod decimal;
mod numerals;
mod scan;
mod units;

use crate::core::annotation::{Attributes, Qualifier};
use serde::Serialize;

/// A quantity found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// Code-point offsets into the text, half-open.
    pub start: usize,
    pub end: usize,
    /// The text of the span.
    pub text: String,
    pub kind: FigureKind,
    /// Exact decimal: `-?digits(.digits)?`.
    pub value: String,
    /// The upper end of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<String>,
    pub unit: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    pub qualifier: Option<Qualifier>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    Money,
    Percent,
    Count,
    Number,
    Ratio,
    Range,
    Multiple,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::Count => "count",
            FigureKind::Number => "number",
            FigureKind::Ratio => "ratio",
            FigureKind::Range => "range",
            FigureKind::Multiple => "multiple",
        }
    }
}

/// The figures of `text`, sorted by start and never overlapping.
pub fn recognize(text: &str) -> Vec<Figure> {
    let chars: Vec<char> = text.chars().collect();
    scan::scan(&chars)
        .into_iter()
        .map(|f| Figure {
            start: f.start,
            end: f.end,
            text: chars[f.start..f.end].iter().collect(),
            kind: f.kind,
            value: f.value.to_string(),
            value_max: f.max.map(|m| m.to_string()),
            unit: f.unit,
            currency: f.currency.map(String::from),
            qualifier: f.qualifier,
        })
        .collect()
}

/// Units whose figures are proportions, for the label of a range.
const PROPORTION_UNITS: [&str; 5] = ["%", "‰", "个百分点", "bp", "成"];

/// The id of the default label for a figure: money → `MONEY`; percent and ratio → `PERCENT`;
/// count, number, range and multiple → `COUNT`, except that a range or multiple of money is
/// `MONEY` and a range of percentages `PERCENT`.
pub fn default_label(figure: &Figure) -> &'static str {
    match figure.kind {
        FigureKind::Money => "MONEY",
        FigureKind::Percent | FigureKind::Ratio => "PERCENT",
        _ if figure.currency.is_some() => "MONEY",
        FigureKind::Range if figure.unit.as_deref().is_some_and(|u| PROPORTION_UNITS.contains(&u)) => "PERCENT",
        FigureKind::Count | FigureKind::Number | FigureKind::Range | FigureKind::Multiple => "COUNT",
    }
}

impl Figure {
    /// The figure's attributes for an annotation: value, unit, currency, qualifier.
    pub fn attributes(&self) -> Attributes {
        Attributes {
            value: Some(self.value.clone()),
            unit: self.unit.clone(),
            currency: self.currency.clone(),
            qualifier: self.qualifier,
            name: None,
        }
    }
}

#[cfg(test)]
mod tests;
