//! The one place where text positions change units.
//!
//! Spans are stored in Unicode code points (what Python's `text[start:end]` and spaCy's
//! `char_span` mean). The browser's selection API speaks UTF-16 code units and Rust strings are
//! UTF-8 bytes. CJK text hides the difference (one code point, one UTF-16 unit); astral characters
//! such as 𠮷 or emoji are two UTF-16 units and four bytes, so every conversion goes through here.

use thiserror::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum OffsetError {
    #[error("offset {offset} is past the end of the text (length {len})")]
    PastEnd { offset: usize, len: usize },
    #[error("UTF-16 offset {0} falls inside a surrogate pair")]
    InsideSurrogatePair(usize),
    #[error("byte offset {0} is not on a character boundary")]
    NotCharBoundary(usize),
}

/// Number of code points in `s`.
pub fn cp_len(s: &str) -> usize {
    s.chars().count()
}

/// Number of UTF-16 code units in `s`.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Byte offset of code point `cp` in `s` (`cp == cp_len(s)` gives `s.len()`).
pub fn cp_to_byte(s: &str, cp: usize) -> Result<usize, OffsetError> {
    if cp == 0 {
        return Ok(0);
    }
    match s.char_indices().nth(cp) {
        Some((byte, _)) => Ok(byte),
        None if cp == cp_len(s) => Ok(s.len()),
        None => Err(OffsetError::PastEnd { offset: cp, len: cp_len(s) }),
    }
}

/// Code point offset of byte `byte` in `s`; the byte must start a character (or be `s.len()`).
pub fn byte_to_cp(s: &str, byte: usize) -> Result<usize, OffsetError> {
    if byte > s.len() {
        return Err(OffsetError::PastEnd { offset: byte, len: s.len() });
    }
    if !s.is_char_boundary(byte) {
        return Err(OffsetError::NotCharBoundary(byte));
    }
    Ok(cp_len(&s[..byte]))
}

/// UTF-16 offset of code point `cp` in `s`.
pub fn cp_to_utf16(s: &str, cp: usize) -> Result<usize, OffsetError> {
    let mut units = 0;
    let mut seen = 0;
    for c in s.chars() {
        if seen == cp {
            return Ok(units);
        }
        units += c.len_utf16();
        seen += 1;
    }
    if seen == cp {
        Ok(units)
    } else {
        Err(OffsetError::PastEnd { offset: cp, len: seen })
    }
}

/// Code point offset of UTF-16 offset `unit` in `s`. An offset between the two halves of a
/// surrogate pair is an error rather than being rounded, so a caller never moves a span silently.
pub fn utf16_to_cp(s: &str, unit: usize) -> Result<usize, OffsetError> {
    let mut units = 0;
    for (cp, c) in s.chars().enumerate() {
        if units == unit {
            return Ok(cp);
        }
        units += c.len_utf16();
        if units > unit {
            return Err(OffsetError::InsideSurrogatePair(unit));
        }
    }
    if units == unit {
        Ok(cp_len(s))
    } else {
        Err(OffsetError::PastEnd { offset: unit, len: units })
    }
}

/// The substring of `s` between code points `start` and `end` (half-open).
pub fn slice_cp(s: &str, start: usize, end: usize) -> Result<&str, OffsetError> {
    let from = cp_to_byte(s, start)?;
    let to = cp_to_byte(s, end.max(start))?;
    Ok(&s[from..to])
}

/// Precomputed positions for fast conversions over one long text: the byte offset of every
/// code point, so slicing a document of 100,000 characters by thousands of spans stays linear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextIndex {
    /// `byte_of[cp]` is the byte offset of code point `cp`; the last entry is the text's length.
    byte_of: Vec<usize>,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        TextIndex { byte_of }
    }

    /// Length of the text in code points.
    pub fn len(&self) -> usize {
        self.byte_of.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn byte(&self, cp: usize) -> Result<usize, OffsetError> {
        self.byte_of.get(cp).copied().ok_or(OffsetError::PastEnd { offset: cp, len: self.len() })
    }

    /// `text[start..end]` in code points; `text` must be the text this index was built from.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Result<&'t str, OffsetError> {
        Ok(&text[self.byte(start)?..self.byte(end.max(start))?])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples mixing one-, two-, three- and four-byte characters, astral CJK and emoji, a
    /// combining mark (e + U+0301) and a ZWJ emoji sequence.
    const MIXED: &str = "a𠮷b上海😀e\u{301}👩\u{200d}💻末";

    #[test]
    fn lengths_differ_by_unit() {
        let cases: &[(&str, usize, usize, usize)] = &[
            ("", 0, 0, 0),
            ("abc", 3, 3, 3),
            ("上海", 2, 2, 6),
            ("𠮷", 1, 2, 4),
            ("😀", 1, 2, 4),
            ("e\u{301}", 2, 2, 3),
            (MIXED, 12, 16, 33),
        ];
        for &(s, cps, units, bytes) in cases {
            assert_eq!(cp_len(s), cps, "code points of {s:?}");
            assert_eq!(utf16_len(s), units, "UTF-16 units of {s:?}");
            assert_eq!(s.len(), bytes, "bytes of {s:?}");
        }
    }

    #[test]
    fn conversions_after_astral_characters() {
        // "b" is code point 2, UTF-16 unit 3 (𠮷 takes two), byte 5.
        assert_eq!(cp_to_utf16(MIXED, 2), Ok(3));
        assert_eq!(utf16_to_cp(MIXED, 3), Ok(2));
        assert_eq!(cp_to_byte(MIXED, 2), Ok(5));
        assert_eq!(byte_to_cp(MIXED, 5), Ok(2));
        assert_eq!(slice_cp(MIXED, 3, 5), Ok("上海"));
        assert_eq!(slice_cp(MIXED, 6, 8), Ok("e\u{301}"));
    }

    #[test]
    fn refuses_positions_that_split_a_character() {
        assert_eq!(utf16_to_cp("𠮷", 1), Err(OffsetError::InsideSurrogatePair(1)));
        assert_eq!(byte_to_cp("上", 1), Err(OffsetError::NotCharBoundary(1)));
        assert_eq!(cp_to_byte("ab", 3), Err(OffsetError::PastEnd { offset: 3, len: 2 }));
        assert_eq!(utf16_to_cp("ab", 3), Err(OffsetError::PastEnd { offset: 3, len: 2 }));
        assert_eq!(cp_to_utf16("ab", 3), Err(OffsetError::PastEnd { offset: 3, len: 2 }));
        assert_eq!(byte_to_cp("ab", 3), Err(OffsetError::PastEnd { offset: 3, len: 2 }));
    }

    #[test]
    fn every_char_round_trips_in_every_unit() {
        // Each scalar value between two ASCII letters: the offsets of the letters after it must
        // agree in all three units, and converting back must land where we started.
        let mut s = String::with_capacity(8);
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            s.clear();
            s.push('x');
            s.push(c);
            s.push('y');
            let units_after = 1 + c.len_utf16();
            let bytes_after = 1 + c.len_utf8();
            assert_eq!(cp_to_utf16(&s, 2), Ok(units_after), "{c:?}");
            assert_eq!(utf16_to_cp(&s, units_after), Ok(2), "{c:?}");
            assert_eq!(cp_to_byte(&s, 2), Ok(bytes_after), "{c:?}");
            assert_eq!(byte_to_cp(&s, bytes_after), Ok(2), "{c:?}");
            assert_eq!(slice_cp(&s, 1, 2).map(|t| t.chars().next()), Ok(Some(c)), "{c:?}");
            if c.len_utf16() == 2 {
                assert_eq!(utf16_to_cp(&s, 2), Err(OffsetError::InsideSurrogatePair(2)), "{c:?}");
            }
        }
    }

    #[test]
    fn index_agrees_with_direct_conversion() {
        let index = TextIndex::new(MIXED);
        assert_eq!(index.len(), cp_len(MIXED));
        for start in 0..=index.len() {
            assert_eq!(index.byte(start), cp_to_byte(MIXED, start));
            for end in start..=index.len() {
                assert_eq!(index.slice(MIXED, start, end), slice_cp(MIXED, start, end));
            }
        }
        assert!(index.byte(index.len() + 1).is_err());
        assert!(TextIndex::new("").is_empty());
    }
}
