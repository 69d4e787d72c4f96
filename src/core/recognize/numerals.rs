//! Numerals: Arabic (ASCII or full-width digits, thousands separators, a decimal point, then
//! Chinese magnitudes such as `万`, `亿`, `千余万`) and Chinese (`十七`, `三千万`, `两三千`,
//! `三点五`, `百余`). Each parser reads as far as the numeral goes and says what it saw; whether
//! that makes a figure is decided by the scanner, which knows the context.

use super::decimal::Dec;

/// The digit an ASCII or full-width digit stands for.
pub(crate) fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8),
        '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A Chinese digit (两 is 2; 〇 and 零 are 0).
pub(crate) fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Power of ten of a Chinese magnitude character.
pub(crate) fn magnitude(c: char) -> Option<i32> {
    Some(match c {
        '十' => 1,
        '百' => 2,
        '千' => 3,
        '万' => 4,
        '亿' => 8,
        _ => return None,
    })
}

pub(crate) fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || magnitude(c).is_some()
}

/// `余`/`多` that means "and more" at `at`, not the start of another word (余额, 多数).
pub(crate) fn more_marker(chars: &[char], at: usize) -> bool {
    match chars.get(at) {
        Some('余') => !matches!(chars.get(at + 1), Some('额' | '下' | '量' | '粮' | '地' | '震')),
        Some('多') => {
            let word = matches!(chars.get(at + 1), Some('数' | '少' | '样'))
                || (chars.get(at + 1) == Some(&'元') && chars.get(at + 2) == Some(&'化'));
            !word
        }
        _ => false,
    }
}

/// An Arabic numeral with its trailing Chinese magnitudes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Arabic {
    /// The value, magnitudes applied.
    pub value: Dec,
    /// Position after the digits (before any magnitude).
    pub digits_end: usize,
    /// Position after the magnitudes and any 余/多 among them.
    pub end: usize,
    /// Digits before the point, separators not counted.
    pub int_digits: usize,
    pub has_point: bool,
    pub has_separator: bool,
    /// Written with a leading zero (`05`, `000001`), as codes and dates are.
    pub leading_zero: bool,
    /// A second decimal point follows (`2.0.1`, `2021.10.05`): a version or a date.
    pub dotted: bool,
    /// Sum of the magnitudes' powers of ten (`千余万` → 7).
    pub mag_exp: i32,
    /// A 余/多 was read among the digits and magnitudes (`3千余万`, `1000多万`).
    pub more_than: bool,
}

/// Reads an Arabic numeral starting at `at` (which must be a digit).
pub(crate) fn parse_arabic(chars: &[char], at: usize) -> Option<Arabic> {
    // Digits beyond what a value can hold make no figure (ids, hashes): refused below.
    let mut digits = [0u8; 40];
    let mut n_int = 0;
    let mut i = at;
    let mut has_separator = false;
    while let Some(&c) = chars.get(i) {
        if let Some(d) = arabic_digit(c) {
            if n_int == digits.len() {
                return None;
            }
            digits[n_int] = d;
            n_int += 1;
            i += 1;
        } else if c == ',' && thousands_group(chars, i + 1) && (has_separator || n_int <= 3) {
            has_separator = true;
            i += 1;
        } else {
            break;
        }
    }
    if n_int == 0 {
        return None;
    }
    let mut n_frac = 0;
    if matches!(chars.get(i), Some('.' | '．')) && chars.get(i + 1).copied().and_then(arabic_digit).is_some() {
        i += 1;
        while let Some(d) = chars.get(i).copied().and_then(arabic_digit) {
            if n_int + n_frac == digits.len() {
                return None;
            }
            digits[n_int + n_frac] = d;
            n_frac += 1;
            i += 1;
        }
    }
    let dotted = matches!(chars.get(i), Some('.' | '．')) && chars.get(i + 1).copied().and_then(arabic_digit).is_some();
    let digits_end = i;
    let (int, frac) = digits[..n_int + n_frac].split_at(n_int);
    let mut value = Dec::from_digits(int, frac)?;
    let mut mag_exp = 0;
    let mut more_than = false;
    loop {
        match chars.get(i).copied() {
            Some(c) if magnitude(c).is_some_and(|m| m >= 2) => {
                let m = magnitude(c).unwrap_or(0);
                mag_exp += m;
                value = value.shift(m)?;
                i += 1;
            }
            // 余/多 between magnitudes or after the digits, but only where a magnitude follows
            // or the digits end (`2900余万`, `50多年`); the unit comes after.
            Some('余' | '多') if !more_than && more_marker(chars, i) => {
                more_than = true;
                i += 1;
            }
            _ => break,
        }
    }
    // A trailing 余/多 with nothing after that could be counted stays outside (`50多` is fine,
    // but `3多数` is not a figure): the scanner decides with the unit; keep it here.
    Some(Arabic {
        value,
        digits_end,
        end: i,
        int_digits: n_int,
        has_point: n_frac > 0,
        has_separator,
        leading_zero: n_int > 1 && int[0] == b'0',
        dotted,
        mag_exp,
        more_than,
    })
}

/// Exactly three digits from `at`, then no further digit.
fn thousands_group(chars: &[char], at: usize) -> bool {
    (at..at + 3).all(|i| chars.get(i).copied().and_then(arabic_digit).is_some())
        && chars.get(at + 3).copied().and_then(arabic_digit).is_none()
}

/// A Chinese numeral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Chinese {
    pub value: Dec,
    /// Upper end of an approximate pair (`两三千` → 2000 to 3000).
    pub max: Option<Dec>,
    pub end: usize,
    /// The numeral is one character (`三`, `两`, `十`).
    pub single: Option<char>,
    /// It starts with 百, 千, 万 or 亿 (an implicit 一: `百余`, `千元`).
    pub leading_magnitude: bool,
    /// It has any of 十百千万亿.
    pub has_magnitude: bool,
    /// Power of ten of the magnitude characters it ends with (`五万` → 4), for ranges.
    pub mag_exp: i32,
    pub more_than: bool,
}

/// Consecutive numbers said together for "two or three" (两三, 五六, 三五).
fn approximate_pair(a: char, b: char) -> bool {
    let (Some(x), Some(y)) = (chinese_digit(a), chinese_digit(b)) else { return false };
    x > 0 && (y == x + 1 || (x == 3 && y == 5))
}

/// Reads a Chinese numeral starting at `at`; `None` when the characters there are not one
/// well-formed number (`十四五`, `二〇二一`, `五四`).
pub(crate) fn parse_chinese(chars: &[char], at: usize) -> Option<Chinese> {
    let first = *chars.get(at)?;
    if !is_chinese_numeral(first) {
        return None;
    }
    // "Two or three": a pair of digits, then only magnitudes (两三千, 三四十, 五六).
    if let Some(&second) = chars.get(at + 1) {
        if approximate_pair(first, second) {
            let mut exp = 0;
            let mut i = at + 2;
            while let Some(m) = chars.get(i).copied().and_then(magnitude) {
                exp += m;
                i += 1;
            }
            if chars.get(i).copied().is_some_and(is_chinese_numeral) {
                return None;
            }
            let lo = Dec::from_int(u128::from(chinese_digit(first)?)).shift(exp)?;
            let hi = Dec::from_int(u128::from(chinese_digit(second)?)).shift(exp)?;
            return Some(Chinese {
                value: lo,
                max: Some(hi),
                end: i,
                single: None,
                leading_magnitude: false,
                has_magnitude: exp > 0,
                mag_exp: exp,
                more_than: false,
            });
        }
    }
    let mut total: u128 = 0; // completed 亿 and 万 groups
    let mut section: u128 = 0; // below 万
    let mut digit: Option<u128> = None;
    let mut last_small = 4; // the small magnitude (十百千) used last in this section
    let mut after_zero = false;
    let mut has_magnitude = false;
    let mut more_than = false;
    let mut tail_exp = 0;
    let mut i = at;
    let mut count = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() {
                return None; // two digits in a row: 五四, 二〇二一
            }
            if d == 0 {
                if after_zero || count == 0 && chars.get(i + 1).copied().and_then(chinese_digit).is_some() {
                    return None;
                }
                after_zero = true;
            } else {
                digit = Some(u128::from(d));
            }
            tail_exp = 0;
        } else if let Some(m) = magnitude(c) {
            has_magnitude = true;
            if m < 4 {
                if m >= last_small {
                    return None; // 千 after 百 in the same section
                }
                last_small = m;
                let n = match digit.take() {
                    Some(n) => n,
                    None if count == 0 || m == 1 => 1,
                    None => return None,
                };
                section = section.checked_add(n.checked_mul(10u128.pow(m as u32))?)?;
                tail_exp = m;
            } else if m == 4 {
                let group = section.checked_add(digit.take().unwrap_or(0))?;
                let group = if group == 0 && total == 0 { 1 } else { group };
                total = total.checked_add(group.checked_mul(10_000)?)?;
                section = 0;
                last_small = 4;
                tail_exp = if tail_exp == 8 { 12 } else { 4 };
            } else {
                let group = total.checked_add(section)?.checked_add(digit.take().unwrap_or(0))?;
                let group = if group == 0 { 1 } else { group };
                total = group.checked_mul(100_000_000)?;
                section = 0;
                last_small = 4;
                tail_exp = if tail_exp == 4 { 12 } else { 8 };
            }
            after_zero = false;
            if more_marker(chars, i + 1) && !more_than {
                more_than = true;
                i += 1;
            }
        } else {
            break;
        }
        i += 1;
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let mut value = Dec::from_int(total.checked_add(section)?.checked_add(digit.unwrap_or(0))?);
    // 三点五 (3.5), 一点二亿 (120 million): a point and digits, then magnitudes.
    if chars.get(i) == Some(&'点') && !has_magnitude {
        let mut frac: Vec<u8> = Vec::new();
        let mut j = i + 1;
        while let Some(d) = chars.get(j).copied().filter(|&c| c != '两').and_then(chinese_digit) {
            frac.push(b'0' + d);
            j += 1;
        }
        if !frac.is_empty() {
            let int = value.as_integer()?.to_string();
            value = Dec::from_digits(int.as_bytes(), &frac)?;
            i = j;
            tail_exp = 0;
            while let Some(m) = chars.get(i).copied().and_then(magnitude).filter(|&m| m >= 4) {
                value = value.shift(m)?;
                tail_exp += m;
                i += 1;
            }
            count += 2;
        }
    }
    let leading_magnitude = magnitude(first).is_some_and(|m| m >= 2);
    Some(Chinese {
        value,
        max: None,
        end: i,
        single: (count == 1 && !more_than).then_some(first),
        leading_magnitude,
        has_magnitude,
        mag_exp: tail_exp,
        more_than,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn arabic_numerals_with_magnitudes() {
        // text, value, end (code points read)
        let cases: &[(&str, &str, usize)] = &[
            ("7.4亿余元", "740000000", 5),
            ("3千余万人次", "30000000", 4),
            ("2900余万条", "29000000", 6),
            ("1.31万人", "13100", 5),
            ("1,234,567元", "1234567", 9),
            ("12,34元", "12", 2),
            ("１７．９％", "17.9", 4),
            ("1.06万亿元", "1060000000000", 6),
            ("50多年", "50", 3),
            ("800余人", "800", 4),
            ("12.5万余条", "125000", 6),
            ("3500点", "3500", 4),
            ("1.", "1", 1),
        ];
        for &(text, value, end) in cases {
            let a = parse_arabic(&chars(text), 0).expect(text);
            assert_eq!((a.value.to_string().as_str(), a.end), (value, end), "{text}");
        }
        let a = parse_arabic(&chars("2021.10.05"), 0).unwrap();
        assert!(a.dotted);
        let a = parse_arabic(&chars("05-18"), 0).unwrap();
        assert!(a.leading_zero);
        assert!(parse_arabic(&chars("3余额"), 0).is_some_and(|a| !a.more_than && a.end == 1));
    }

    #[test]
    fn chinese_numerals() {
        // text, value, max, end
        let cases: &[(&str, &str, Option<&str>, usize)] = &[
            ("十七米", "17", None, 2),
            ("二十五", "25", None, 3),
            ("三千万", "30000000", None, 3),
            ("一万亿", "1000000000000", None, 3),
            ("三亿五千万", "350000000", None, 5),
            ("一千零五", "1005", None, 4),
            ("两万", "20000", None, 2),
            ("八万块钱", "80000", None, 2),
            ("一千余元", "1000", None, 3),
            ("百余个", "100", None, 2),
            ("两三千元", "2000", Some("3000"), 3),
            ("五六千左右", "5000", Some("6000"), 3),
            ("七八成", "7", Some("8"), 2),
            ("三点五亿", "350000000", None, 4),
            ("一点五倍", "1.5", None, 3),
            ("三十多年", "30", None, 3),
            ("九成", "9", None, 1),
            ("四", "4", None, 1),
        ];
        for &(text, value, max, end) in cases {
            let c = parse_chinese(&chars(text), 0).expect(text);
            assert_eq!(
                (c.value.to_string().as_str(), c.max.map(|m| m.to_string()).as_deref(), c.end),
                (value, max, end),
                "{text}"
            );
        }
        for bad in ["十四五", "二〇二一年", "五四特辑", "零零后", "一一"] {
            assert_eq!(parse_chinese(&chars(bad), 0), None, "{bad}");
        }
        let c = parse_chinese(&chars("一千余元"), 0).unwrap();
        assert!(c.more_than && c.has_magnitude && c.single.is_none());
        let c = parse_chinese(&chars("百余个"), 0).unwrap();
        assert!(c.leading_magnitude && c.more_than);
        assert_eq!(parse_chinese(&chars("两年"), 0).unwrap().single, Some('两'));
        assert_eq!(parse_chinese(&chars("五万"), 0).unwrap().mag_exp, 4);
        assert_eq!(parse_chinese(&chars("一点"), 0).unwrap().end, 1);
    }
}
