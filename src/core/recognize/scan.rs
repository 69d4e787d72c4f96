//! The scanner: one pass over the text's code points. At every character that can start a
//! numeral it reads the numeral, what follows (a fraction, a range, a unit) and looks around it
//! (qualifiers, ordinals, dates, codes) to decide whether it is a figure. A numeral that is not a
//! figure is skipped whole, so no part of `sz300059` or `二〇二一年` is found either.

use super::context::{self, Around};
use super::decimal::Dec;
use super::numerals::{arabic_digit, is_chinese_numeral, more_marker, parse_arabic, parse_chinese};
use super::units::{currency_symbol, match_unit, Cat, Unit};
use super::FigureKind;
use crate::core::annotation::Qualifier;

/// A figure, before its text is cut out of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: FigureKind,
    pub value: Dec,
    pub max: Option<Dec>,
    pub unit: Option<String>,
    pub currency: Option<&'static str>,
    pub qualifier: Option<Qualifier>,
}

/// How a numeral was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Arabic,
    Chinese,
    /// 三分之二, 百分之三十.
    Fraction,
    /// 68：1.
    Colon,
}

/// The unit a quantity ended up with.
#[derive(Clone, Debug, PartialEq, Eq)]
struct UnitRef {
    canon: String,
    cat: Cat,
    currency: Option<&'static str>,
    exp: i32,
}

impl UnitRef {
    fn from_table(unit: &Unit) -> UnitRef {
        UnitRef { canon: unit.canon.to_string(), cat: unit.cat, currency: unit.currency, exp: unit.exp }
    }

    fn money(canon: &str, iso: &'static str) -> UnitRef {
        UnitRef { canon: canon.to_string(), cat: Cat::Money, currency: Some(iso), exp: 0 }
    }
}

/// One numeral with what belongs to it: a sign or currency symbol before, a unit after.
#[derive(Clone, Debug)]
struct Quantity {
    start: usize,
    end: usize,
    form: Form,
    /// The numeral's value with its magnitudes (万, 亿) and sign, not yet scaled by the unit.
    num: Dec,
    /// Upper end of an approximate pair (两三千).
    max: Option<Dec>,
    /// Power of ten of the trailing magnitudes, which a range's first number may share (3至5万).
    mag_exp: i32,
    has_magnitude: bool,
    unit: Option<UnitRef>,
    more_than: bool,
    int_digits: usize,
    has_point: bool,
    has_separator: bool,
    leading_zero: bool,
    /// A Chinese numeral of one character.
    single: Option<char>,
    leading_magnitude: bool,
}

impl Quantity {
    /// A bare number: no unit, no magnitude, no currency, no fraction.
    fn is_bare(&self) -> bool {
        self.unit.is_none() && !self.has_magnitude && matches!(self.form, Form::Arabic | Form::Chinese)
    }
}

/// Where the scanner goes next.
enum Step {
    Found(Found),
    /// Not a figure: go on from here (past the whole numeral).
    Skip(usize),
}

pub(crate) fn scan(chars: &[char]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    let mut in_book_title = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '《' => in_book_title = true,
            '》' | '\n' => in_book_title = false,
            _ => {}
        }
        // Names of works (《…三年行动计划》) are names, not figures.
        if in_book_title || !is_trigger(chars, i) {
            i += 1;
            continue;
        }
        match candidate(chars, i) {
            Step::Found(f) => {
                i = f.end.max(i + 1);
                found.push(f);
            }
            Step::Skip(next) => i = next.max(i + 1),
        }
    }
    found
}

fn is_sign(c: char) -> bool {
    matches!(c, '-' | '−' | '－' | '﹣')
}

fn digit_at(chars: &[char], i: usize) -> bool {
    chars.get(i).copied().and_then(arabic_digit).is_some()
}

/// Can a figure start at `i`?
fn is_trigger(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    if c.is_ascii() {
        return match c {
            '0'..='9' | '$' => true,
            '-' => digit_at(chars, i + 1),
            'U' | 'H' | 'R' => currency_symbol(chars, i).is_some(),
            _ => false,
        };
    }
    match c {
        '０'..='９' | '¥' | '￥' | '€' | '£' => true,
        '人' | '港' => currency_symbol(chars, i).is_some(),
        '−' | '－' | '﹣' => digit_at(chars, i + 1),
        _ => is_chinese_numeral(c),
    }
}

/// The end of an ASCII token such as `sz300059`, `GB/T4754-2017` or `04:00`.
fn skip_token(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while chars
        .get(i)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || arabic_digit(c).is_some() || "._-/:@#+".contains(c))
    {
        i += 1;
    }
    i.max(from + 1)
}

/// The end of a run of Chinese numeral characters.
fn skip_chinese(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while chars.get(i).is_some_and(|&c| is_chinese_numeral(c) || c == '点' || c == '余' || c == '多') {
        i += 1;
    }
    i.max(from + 1)
}

fn candidate(chars: &[char], i: usize) -> Step {
    let q1 = match quantity(chars, i) {
        Ok(q) => q,
        Err(skip) => return Step::Skip(skip),
    };
    let mut q2 = None;
    if q1.form != Form::Colon && q1.max.is_none() {
        if let Some(after) = range_separator(chars, q1.end) {
            match quantity(chars, after) {
                Ok(second) if compatible(&q1, &second) => q2 = Some(second),
                Ok(_) => {}
                // `2021-2023年`, `1-6月`: the second half is not a figure, nor is the first.
                Err(skip) if q1.is_bare() => return Step::Skip(skip),
                Err(_) => {}
            }
        }
    }
    finish(chars, &q1, q2.as_ref())
}

/// A range separator at `at` with a numeral right after it: the position of the numeral.
fn range_separator(chars: &[char], at: usize) -> Option<usize> {
    let c = *chars.get(at)?;
    let after = match c {
        '-' | '–' | '~' | '～' | '〜' | '－' => at + 1,
        '—' if chars.get(at + 1) == Some(&'—') => at + 2,
        '—' | '至' | '到' => at + 1,
        _ => return None,
    };
    let next = *chars.get(after)?;
    let starts = arabic_digit(next).is_some()
        || (is_chinese_numeral(next) && !matches!(c, '-' | '–' | '－'))
        || (matches!(c, '至' | '到' | '~' | '～') && is_sign(next) && digit_at(chars, after + 1));
    starts.then_some(after)
}

/// Can `a` and `b` be the two ends of one range?
fn compatible(a: &Quantity, b: &Quantity) -> bool {
    if a.max.is_some() || b.max.is_some() || b.form == Form::Colon {
        return false;
    }
    let plain = |q: &Quantity| matches!(q.form, Form::Arabic | Form::Chinese);
    match (&a.unit, &b.unit) {
        (None, Some(_)) => plain(a) && plain(b),
        (Some(x), Some(y)) => x.canon == y.canon && plain(a) == plain(b),
        (None, None) => (plain(a) && plain(b)) || (a.form == Form::Fraction && b.form == Form::Fraction),
        (Some(_), None) => false,
    }
}

/// Reads one quantity starting at `at`: `Err` holds where to go on when there is none.
fn quantity(chars: &[char], at: usize) -> Result<Quantity, usize> {
    let mut j = at;
    let mut symbol = None;
    if let Some((unit, iso, end)) = currency_symbol(chars, j) {
        if chars[j].is_ascii_alphabetic() && j > 0 && chars[j - 1].is_ascii_alphanumeric() {
            return Err(skip_token(chars, j));
        }
        symbol = Some(UnitRef::money(unit, iso));
        j = end;
    }
    let mut negative = false;
    if chars.get(j).copied().is_some_and(is_sign) && digit_at(chars, j + 1) {
        if symbol.is_none() && j > 0 && (chars[j - 1].is_ascii_alphanumeric() || digit_at(chars, j - 1)) {
            return Err(skip_token(chars, j));
        }
        negative = true;
        j += 1;
    }
    let Some(&c) = chars.get(j) else { return Err(at + 1) };
    let mut q = if arabic_digit(c).is_some() {
        arabic(chars, j)?
    } else if is_chinese_numeral(c) && symbol.is_none() && !negative {
        chinese(chars, j)?
    } else {
        return Err(j.max(at + 1));
    };
    q.start = at;
    if negative {
        q.num = q.num.negated();
    }
    if q.form == Form::Colon {
        return Ok(q);
    }
    let mut k = q.end;
    // X分之Y: fractions, percentages (百分之三十) and per-mille (千分之五).
    if chars.get(k) == Some(&'分') && chars.get(k + 1) == Some(&'之') && q.max.is_none() && !negative {
        return fraction(chars, q, k + 2);
    }
    if q.form == Form::Arabic && chars.get(k) == Some(&'年') && is_year(chars, &q, k) {
        return Err(k + 1);
    }
    let mut unit = None;
    match chars.get(k).copied() {
        // Index points (3500点) after a real number; 3点 is a time of day.
        Some('点') => {
            let points = q.form == Form::Arabic && q.mag_exp == 0 && !q.more_than;
            let big = q.has_point || q.num.as_integer().is_some_and(|n| n >= 25);
            if !(points && big) {
                return Err(k + 1);
            }
            unit = Some(UnitRef { canon: "点".into(), cat: Cat::Measure, currency: None, exp: 0 });
            k += 1;
        }
        // 块 is money after a magnitude or before 钱 (八万块钱), else a piece.
        Some('块') => {
            if chars.get(k + 1) == Some(&'钱') {
                unit = Some(UnitRef::money("元", "CNY"));
                k += 2;
            } else if q.has_magnitude {
                unit = Some(UnitRef::money("元", "CNY"));
                k += 1;
            } else {
                unit = Some(UnitRef { canon: "块".into(), cat: Cat::Classifier, currency: None, exp: 0 });
                k += 1;
            }
        }
        _ => {
            if let Some((u, end)) = match_unit(chars, k) {
                let latin_multiple = u.cat == Cat::Multiple && u.text != "倍";
                if !(u.arabic_only || latin_multiple) || q.form == Form::Arabic {
                    unit = Some(UnitRef::from_table(u));
                    q.more_than |= u.more_than;
                    k = end;
                }
            }
        }
    }
    if q.form == Form::Arabic
        && unit.is_none()
        && !q.has_magnitude
        && chars.get(k).is_some_and(|c| c.is_ascii_alphabetic())
    {
        return Err(skip_token(chars, at)); // 5G, 3D, 4K: names
    }
    if let Some(sym) = symbol {
        if unit.as_ref().is_none_or(|u| u.cat != Cat::Money) {
            k = if unit.is_some() { q.end } else { k };
            unit = Some(sym);
        }
    }
    // 4倍多, 两个月多: a 多 or 余 after a multiple or a duration.
    if let Some(u) = &unit {
        if matches!(u.cat, Cat::Multiple | Cat::Time) && !q.more_than && more_marker(chars, k) {
            q.more_than = true;
            k += 1;
        }
    }
    // Prices per unit: 28元/斤, 39.9元/450g, 1049元一斤.
    if let Some(u) = unit.as_mut().filter(|u| u.cat == Cat::Money) {
        let per = match chars.get(k) {
            Some('/') => Some(k + 1),
            Some('一') => Some(k + 1).filter(|&at| !digit_at(chars, at)),
            _ => None,
        };
        if let Some((at, end)) = per.and_then(|at| per_unit(chars, at).map(|end| (at, end))) {
            u.canon = format!("{}/{}", u.canon, chars[at..end].iter().collect::<String>());
            k = end;
        }
    }
    q.unit = unit;
    q.end = k;
    Ok(q)
}

/// The unit after the `/` of a price (`斤`, `450g`, `平方米`): where it ends.
fn per_unit(chars: &[char], at: usize) -> Option<usize> {
    let mut i = at;
    while digit_at(chars, i) || (chars.get(i) == Some(&'.') && digit_at(chars, i + 1)) {
        i += 1;
    }
    let (unit, end) = match_unit(chars, i)?;
    matches!(unit.cat, Cat::Measure | Cat::Classifier | Cat::Time).then_some(end)
}

/// A four-digit number before 年 is a year (2021年), unless it is said to be a span of time
/// (超过2000年, 2000多年).
fn is_year(chars: &[char], q: &Quantity, at: usize) -> bool {
    let four = q.int_digits == 4 && !q.has_point && !q.has_separator && q.mag_exp == 0 && !q.more_than;
    let span = context::leading_qualifier(chars, q.start).is_some() || more_marker(chars, at + 1);
    four && !span
}

fn arabic(chars: &[char], j: usize) -> Result<Quantity, usize> {
    // Digits glued to Latin letters or inside addresses are names and codes: sz300059, iPhone13,
    // andyy1988@126.com, COVID-19, No.1.
    if j > 0 {
        let prev = chars[j - 1];
        let before = if j > 1 { Some(chars[j - 2]) } else { None };
        let glued = prev.is_ascii_alphabetic()
            || "@_#\\&".contains(prev)
            || ("-./".contains(prev) && before.is_some_and(|b| b.is_ascii_alphabetic()));
        if glued {
            return Err(skip_token(chars, j));
        }
    }
    let Some(a) = parse_arabic(chars, j) else { return Err(skip_token(chars, j)) };
    if a.dotted || matches!(chars.get(a.digits_end), Some('@' | '_')) {
        return Err(skip_token(chars, j));
    }
    if a.end == a.digits_end
        && chars.get(a.end) == Some(&'.')
        && chars.get(a.end + 1).is_some_and(char::is_ascii_alphabetic)
    {
        return Err(skip_token(chars, j)); // 126.com
    }
    // Times of day (04:00, 9：30) and ratios (68：1).
    if a.end == a.digits_end && matches!(chars.get(a.end), Some(':' | '：')) && digit_at(chars, a.end + 1) {
        let Some(b) = parse_arabic(chars, a.end + 1) else { return Err(skip_token(chars, j)) };
        let time = b.int_digits == 2 && a.int_digits <= 2 || matches!(chars.get(b.digits_end), Some(':' | '：'));
        if time || a.has_point || b.has_point || b.value.is_zero() {
            let mut end = b.digits_end;
            while matches!(chars.get(end), Some(':' | '：')) && digit_at(chars, end + 1) {
                end = parse_arabic(chars, end + 1).map_or(end + 1, |c| c.digits_end);
            }
            return Err(end);
        }
        let value = a.value.div(b.value).ok_or(b.digits_end)?;
        return Ok(Quantity { end: b.digits_end, form: Form::Colon, num: value, ..plain(j, a.digits_end) });
    }
    Ok(Quantity {
        end: a.end,
        num: a.value,
        mag_exp: a.mag_exp,
        has_magnitude: a.mag_exp > 0,
        more_than: a.more_than,
        int_digits: a.int_digits,
        has_point: a.has_point,
        has_separator: a.has_separator,
        leading_zero: a.leading_zero,
        ..plain(j, a.end)
    })
}

fn chinese(chars: &[char], j: usize) -> Result<Quantity, usize> {
    let Some(c) = parse_chinese(chars, j) else { return Err(skip_chinese(chars, j)) };
    Ok(Quantity {
        form: Form::Chinese,
        num: c.value,
        max: c.max,
        mag_exp: c.mag_exp,
        has_magnitude: c.has_magnitude,
        more_than: c.more_than,
        single: c.single,
        leading_magnitude: c.leading_magnitude,
        ..plain(j, c.end)
    })
}

fn plain(start: usize, end: usize) -> Quantity {
    Quantity {
        start,
        end,
        form: Form::Arabic,
        num: Dec::ZERO,
        max: None,
        mag_exp: 0,
        has_magnitude: false,
        unit: None,
        more_than: false,
        int_digits: 0,
        has_point: false,
        has_separator: false,
        leading_zero: false,
        single: None,
        leading_magnitude: false,
    }
}

/// `q` is the denominator of `X分之Y`; the numerator starts at `at`.
fn fraction(chars: &[char], q: Quantity, at: usize) -> Result<Quantity, usize> {
    let numerator = match chars.get(at) {
        Some(&c) if arabic_digit(c).is_some() => parse_arabic(chars, at).map(|a| (a.value, a.end)),
        Some(&c) if is_chinese_numeral(c) => {
            parse_chinese(chars, at).filter(|c| c.max.is_none()).map(|c| (c.value, c.end))
        }
        _ => None,
    };
    let Some((top, end)) = numerator else { return Err(at) };
    let value = top.div(q.num).ok_or(end)?;
    let unit = match q.num.as_integer() {
        Some(100) => Some(UnitRef { canon: "%".into(), cat: Cat::Percent, currency: None, exp: 0 }),
        Some(1000) => Some(UnitRef { canon: "‰".into(), cat: Cat::Percent, currency: None, exp: 0 }),
        _ => None,
    };
    Ok(Quantity { end, form: Form::Fraction, num: value, unit, has_magnitude: false, single: None, ..q })
}

/// Decides whether `q1` (or the range `q1`–`q2`) is a figure, and which.
fn finish(chars: &[char], q1: &Quantity, q2: Option<&Quantity>) -> Step {
    let last = q2.unwrap_or(q1);
    let (start, end) = (q1.start, last.end);
    let around = Around::new(chars, start, end);
    let skip = Step::Skip(end);
    // Ordinals (第三, 举措之一) and vague amounts (数十亿, 十几万).
    if matches!(around.prev, Some('第' | '之')) || (q1.form == Form::Chinese && around.next == Some('几')) {
        return skip;
    }
    // Operands of a formula (×100%, =360×, ÷12) are constants, not reported quantities.
    let operator = |c: Option<char>| c.is_some_and(|c| "×÷=＝*/".contains(c));
    if q2.is_none() && (operator(around.prev) || operator(around.next)) {
        return skip;
    }
    // 几块钱一斤: the 一斤 of a price whose amount is not a figure.
    if q1.single == Some('一') && around.prev.is_some_and(|c| "元钱块".contains(c)) {
        return skip;
    }
    let vague_before = if q1.leading_magnitude { "数几每上成" } else { "数几" };
    if q1.form == Form::Chinese && around.prev.is_some_and(|c| vague_before.contains(c)) {
        return skip;
    }
    let lead = context::leading_qualifier(chars, start);
    let trail = context::trailing_qualifier(chars, end);
    let unit = last.unit.clone();
    let bare = q1.is_bare() && q2.is_none_or(Quantity::is_bare);
    let cue = bare_or_magnitude_money(chars, start, q1, q2);
    if q2.is_none() && q1.form == Form::Chinese && !chinese_ok(q1, unit.as_ref(), lead.is_some(), trail.is_some(), cue)
    {
        return skip;
    }
    if bare {
        if q2.is_some() || q1.form == Form::Chinese {
            // A range of bare numbers (1-6 before 月, 05-18) only with a word that makes it one.
            if (lead.is_none() && trail.is_none() && !cue) || (trail.is_none() && around.next_is_word()) {
                return skip;
            }
        } else if !context::bare_number_ok(&around, q1.int_digits, q1.has_point, q1.has_separator, q1.leading_zero) {
            return skip;
        }
    }
    // Qualifiers: a leading word, else 余/多 inside, else a trailing word. 近 before a span of
    // time means "the last", not "nearly" (近6年: the last six years).
    let lead = lead.filter(|&(q, word)| {
        !(q == Qualifier::Nearly && word == "近" && unit.as_ref().is_some_and(|u| u.cat == Cat::Time))
    });
    let more = q1.more_than || q2.is_some_and(|q| q.more_than);
    let qualifier = lead.map(|(q, _)| q).or(more.then_some(Qualifier::MoreThan)).or(trail);
    let exp = unit.as_ref().map_or(0, |u| u.exp);
    let (value, max) = match q2 {
        Some(q2) => {
            let lo = if q1.unit.is_none() && !q1.has_magnitude && q1.form != Form::Fraction {
                q1.num.shift(q2.mag_exp)
            } else {
                Some(q1.num)
            };
            (lo.and_then(|v| v.shift(exp)), q2.num.shift(exp))
        }
        None => (q1.num.shift(exp), q1.max.and_then(|m| m.shift(exp))),
    };
    let (Some(value), max) = (value, max) else { return skip };
    if q2.is_some() && max.is_none() {
        return skip;
    }
    let mut currency = unit.as_ref().and_then(|u| u.currency);
    let kind = if q2.is_some() || max.is_some() {
        FigureKind::Range
    } else {
        match unit.as_ref().map(|u| u.cat) {
            Some(Cat::Money) => FigureKind::Money,
            Some(Cat::Percent) => FigureKind::Percent,
            Some(Cat::Tenths) => FigureKind::Ratio,
            Some(Cat::Multiple) => FigureKind::Multiple,
            Some(Cat::Measure | Cat::Time | Cat::Classifier) => FigureKind::Count,
            None if matches!(q1.form, Form::Fraction | Form::Colon) => FigureKind::Ratio,
            None if cue => FigureKind::Money,
            None => FigureKind::Number,
        }
    };
    if unit.is_none() && cue {
        currency = Some("CNY");
    }
    Step::Found(Found { start, end, kind, value, max, unit: unit.map(|u| u.canon), currency, qualifier })
}

/// A number with a magnitude but no unit, after a word about money (损失超7.4亿, 成交额256万亿).
fn bare_or_magnitude_money(chars: &[char], start: usize, q1: &Quantity, q2: Option<&Quantity>) -> bool {
    let last = q2.unwrap_or(q1);
    let big = last.mag_exp >= 3 || q1.mag_exp >= 3;
    last.unit.is_none() && big && matches!(q1.form, Form::Arabic | Form::Chinese) && context::money_cue(chars, start)
}

/// The rules for numerals written in Chinese characters, which are also ordinary words.
fn chinese_ok(q: &Quantity, unit: Option<&UnitRef>, lead: bool, trail: bool, cue: bool) -> bool {
    // 百余个, 近百元: an implicit 一 only with 余/多 or a qualifier (not 百姓, 千万, 万家).
    if q.leading_magnitude && !(q.more_than || lead) {
        return false;
    }
    let Some(unit) = unit else {
        // Without a unit: an amount with 万 or 亿 (两万), or "two or three thousand" said with a
        // qualifier or about money (五六千左右).
        return match q.max {
            Some(_) => q.has_magnitude && (lead || trail || cue),
            None => q.has_magnitude && q.num.as_integer().is_some_and(|n| n >= 10_000) && !q.leading_magnitude,
        };
    };
    match q.single {
        // 一 and 十 alone are mostly words (一家公司, 十年寒窗): only with money, measures,
        // percentages and multiples.
        Some('一' | '十') => matches!(unit.cat, Cat::Money | Cat::Measure | Cat::Percent | Cat::Multiple),
        Some('〇' | '零') => false,
        _ => true,
    }
}
