//! Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, and
//! GB18030 — which contains GBK and GB2312, the legacy encodings of Chinese news pages.
//!
//! The GB18030 tables are large, so the core does not carry them: the caller passes a
//! [`LegacyDecoder`] (natively [`NativeDecoder`] over `encoding_rs`; in the browser, the platform's
//! `TextDecoder`, in `effects`). The rules, in order:
//!
//! 1. a file of nothing but whitespace (after any byte-order mark) is empty;
//! 2. a UTF-16 byte-order mark means UTF-16, and a UTF-8 one (or none) is read as UTF-8;
//! 3. bytes that are UTF-8 cut off inside the last character, or UTF-8 with damage in places (most
//!    non-ASCII characters valid UTF-8), are refused as such;
//! 4. other bytes that are not UTF-8 are read as GB18030, strictly (an invalid sequence fails), and the
//!    result is kept only if it is plausible text ([`looks_like_text`]) — or, when the file declares
//!    a GB charset (`<meta charset="gbk">`, `charset=gb2312`, a front-matter `encoding: gb18030`),
//!    if it merely has no control characters;
//! 5. anything else is refused, naming the byte where UTF-8 reading failed.
//!
//! Valid UTF-8 wins over a declaration: a page saved again as UTF-8 often keeps its old `<meta>`.

use super::ImportError;

/// Reads GB18030 for the importer.
pub trait LegacyDecoder {
    /// The text of `bytes` read strictly as GB18030 (so also GBK and GB2312), without a
    /// byte-order mark; `None` when some sequence is not valid GB18030 or no decoder is at hand.
    fn gb18030(&self, bytes: &[u8]) -> Option<String>;
}

/// No legacy encodings: only UTF-8 and UTF-16 are read.
#[derive(Clone, Copy, Debug, Default)]
pub struct Utf8Only;

impl LegacyDecoder for Utf8Only {
    fn gb18030(&self, _bytes: &[u8]) -> Option<String> {
        None
    }
}

/// GB18030 through `encoding_rs` (native builds only: the browser has its own decoder).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeDecoder;

#[cfg(not(target_arch = "wasm32"))]
impl LegacyDecoder for NativeDecoder {
    fn gb18030(&self, bytes: &[u8]) -> Option<String> {
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|t| t.into_owned())
    }
}

/// How much of the start of a file is searched for a charset declaration.
const DECLARATION_WINDOW: usize = 4096;

/// Least share (in percent) of common characters in text read as GB18030 without a declaration.
const MIN_COMMON_PERCENT: usize = 95;

/// The text of a file's bytes (see the module docs for the rules).
pub fn decode(file: &str, bytes: &[u8], legacy: &dyn LegacyDecoder) -> Result<String, ImportError> {
    let file = file.to_string();
    if let Some(units) = utf16_with_bom(bytes) {
        let text = char::decode_utf16(units.iter().copied())
            .enumerate()
            .map(|(i, c)| c.map_err(|_| i))
            .collect::<Result<String, usize>>();
        let text = match text {
            Ok(text) => text,
            Err(unit) => {
                // The unit's position: the mark, then two bytes a unit (surrogate pairs counted as two).
                let at = 2 + 2 * position_of_unit(&units, unit);
                return Err(ImportError::BadUtf16 { file, at });
            }
        };
        if text.chars().all(|c| c.is_ascii_whitespace()) {
            return Err(ImportError::Empty { file });
        }
        // Binary data that happens to start like a byte-order mark decodes to NULs.
        return match text.find('\0') {
            Some(at) => Err(ImportError::Binary { file, at }),
            None => Ok(text),
        };
    }
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let body = &bytes[bom..];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty { file });
    }
    if body.contains(&0) {
        // (A fast search first: nearly every file has none.)
        let at = body.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(ImportError::Binary { file, at: bom + at });
    }
    let at = match std::str::from_utf8(body) {
        Ok(text) => return Ok(text.to_string()),
        // Cut off inside its last character: UTF-8 truncated, not another encoding.
        Err(e) if e.error_len().is_none() => return Err(ImportError::Undecodable { file, at: bom + e.valid_up_to() }),
        Err(e) => bom + e.valid_up_to(),
    };
    if mostly_utf8(body) {
        return Err(ImportError::Undecodable { file, at });
    }
    let declared = declares_gb(body);
    match legacy.gb18030(body) {
        Some(text) if looks_like_text(&text, declared) => Ok(text),
        _ => Err(ImportError::Undecodable { file, at }),
    }
}

/// Whether bytes that are not valid UTF-8 are UTF-8 damaged in places rather than another
/// encoding: more of their non-ASCII characters are valid UTF-8 than not. (About one GBK character
/// in six also happens to be a valid UTF-8 sequence, so GBK text stays well below.)
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > invalid
}

/// Index in `units` of the `n`th decoded item (a surrogate pair is one item, two units).
fn position_of_unit(units: &[u16], n: usize) -> usize {
    let mut i = 0;
    for _ in 0..n {
        let high = (0xD800..0xDC00).contains(&units[i]);
        let low_follows = units.get(i + 1).is_some_and(|u| (0xDC00..0xE000).contains(u));
        i += if high && low_follows { 2 } else { 1 };
    }
    i
}

/// UTF-16 code units of a file that starts with a UTF-16 byte-order mark.
fn utf16_with_bom(bytes: &[u8]) -> Option<Vec<u16>> {
    type ReadUnit = fn([u8; 2]) -> u16;
    let (rest, read): (&[u8], ReadUnit) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (rest, u16::from_be_bytes)
    } else {
        return None;
    };
    Some(rest.chunks(2).map(|pair| read([pair[0], *pair.get(1).unwrap_or(&0)])).collect())
}

/// Whether the start of a file declares a GB charset: `charset=gbk` (HTML `<meta>`, with or without
/// quotes), or a front-matter `encoding:`/`charset:` line. Only ASCII is looked at, so this works
/// on bytes not yet decoded.
pub fn declares_gb(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(DECLARATION_WINDOW)].to_ascii_lowercase();
    (0..head.len()).any(|i| {
        let rest = &head[i..];
        let Some(rest) = rest.strip_prefix(b"charset").or_else(|| rest.strip_prefix(b"encoding")) else {
            return false;
        };
        let rest = trim_start(rest);
        let Some(rest) = rest.strip_prefix(b"=").or_else(|| rest.strip_prefix(b":")) else { return false };
        let rest = trim_start(rest);
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || b"-_".contains(b))).unwrap_or(rest.len());
        is_gb_label(&rest[..end])
    })
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    &bytes[n..]
}

/// The WHATWG labels of GBK and GB18030 (GB2312 is read as GBK by every browser).
fn is_gb_label(label: &[u8]) -> bool {
    const LABELS: &[&[u8]] = &[
        b"gbk",
        b"gb2312",
        b"gb_2312",
        b"gb_2312-80",
        b"gb18030",
        b"x-gbk",
        b"cp936",
        b"windows-936",
        b"chinese",
        b"csgb2312",
        b"iso-ir-58",
        b"csiso58gb231280",
    ];
    LABELS.contains(&label)
}

/// Whether text read as GB18030 is plausibly what the file holds: no control characters other
/// than tab, line feed, carriage return and form feed (random bytes are full of them), and — unless
/// the file declared its charset — at least 95% of its visible characters common in Chinese news:
/// ASCII, CJK ideographs and radicals, CJK and full-width punctuation, kana and bopomofo, Latin-1,
/// pinyin letters, Greek, Cyrillic, general punctuation and symbols, emoji. Private-use characters,
/// which is where GB18030 puts byte pairs no standard assigns, are not common.
pub fn looks_like_text(text: &str, declared: bool) -> bool {
    let (mut visible, mut common) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            return false;
        }
        if c.is_whitespace() {
            continue;
        }
        visible += 1;
        if is_common(c) {
            common += 1;
        }
    }
    declared || common * 100 >= visible * MIN_COMMON_PERCENT
}

fn is_common(c: char) -> bool {
    matches!(u32::from(c),
        0x21..=0x7E // ASCII
        | 0xA0..=0x24F // Latin-1, Latin extended (pinyin tone marks)
        | 0x370..=0x4FF // Greek, Cyrillic
        | 0x2000..=0x27BF // punctuation, letterlike, arrows, maths, box drawing, shapes, dingbats
        | 0x2E80..=0x2FDF // CJK radicals
        | 0x3000..=0x33FF // CJK punctuation, kana, bopomofo, enclosed CJK, compatibility
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // CJK ideographs
        | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F // vertical and compatibility forms
        | 0xFF00..=0xFFEF // full-width forms
        | 0x1F000..=0x1FAFF // emoji
        | 0x20000..=0x3FFFF // CJK ideographs, extensions B to H
    )
}
