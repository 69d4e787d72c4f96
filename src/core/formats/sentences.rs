//! Sentences for the character-level formats (BIO, BIOES).
//!
//! Rules, in code points over the canonical text:
//! - A block ends a sentence: the text is cut at every `\n` (blocks are the text's lines).
//! - Inside a block, a sentence ends after Chinese sentence punctuation — `。` `！` `？` `；` and
//!   the half-width `｡` `!` `?` — together with any run of further such marks and closing
//!   quotes or brackets right after it (`”` `’` `」` `』` `）` `)` `》` `〉` `】` `〕` `］` `]`),
//!   so `他说：“好。”` stays one sentence. An ASCII `.` never ends one (it is a decimal point in
//!   `7.4亿`), nor does `…`.
//! - White space at either end of a sentence is not part of it; a sentence of nothing but white
//!   space is no sentence.
//!
//! [`join_over`] then joins neighbouring sentences that a span crosses, so that a span is never
//! cut in two by a sentence boundary.

/// Whether `c` ends a sentence.
pub fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '｡' | '!' | '?')
}

/// Whether `c` closes a quotation or bracket, and so stays with the mark before it.
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '〉' | '】' | '〕' | '］' | ']')
}

/// The sentences of `text` as `[start, end)` code-point ranges, in order, not overlapping.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut push = |start: usize, end: usize| {
        let mut s = start;
        let mut e = end;
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if s < e {
            out.push((s, e));
        }
    };
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            push(start, i);
            start = i + 1;
            i += 1;
        } else if is_terminator(c) {
            let mut j = i + 1;
            while j < chars.len() && (is_terminator(chars[j]) || is_closing(chars[j])) {
                j += 1;
            }
            push(start, j);
            start = j;
            i = j;
        } else {
            i += 1;
        }
    }
    push(start, chars.len());
    out
}

/// Joins neighbouring sentences whenever one of `spans` (`[start, end)` ranges) has characters
/// in both, so that every span lies within one sentence.
pub fn join_over(sentences: &[(usize, usize)], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    for &(start, end) in sentences {
        match out.last_mut() {
            Some(last) if spans.iter().any(|&(s, e)| s < last.1 && e > start) => last.1 = end,
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
        ranges.iter().map(|&(s, e)| text.chars().skip(s).take(e - s).collect()).collect()
    }

    #[test]
    fn splits_on_sentence_punctuation_and_block_ends() {
        let cases: &[(&str, &[&str])] = &[
            ("标题\n第一句。第二句！", &["标题", "第一句。", "第二句！"]),
            ("他说：“好。”然后走了？！对", &["他说：“好。”", "然后走了？！", "对"]),
            ("增长7.4亿元；同比下降3.5%", &["增长7.4亿元；", "同比下降3.5%"]),
            ("　　缩进的段落。 \n\n  \n末尾…", &["缩进的段落。", "末尾…"]),
            ("😀表情e\u{301}。𠮷", &["😀表情e\u{301}。", "𠮷"]),
            ("", &[]),
        ];
        for &(text, want) in cases {
            assert_eq!(texts(text, &split(text)), want, "{text:?}");
        }
    }

    #[test]
    fn a_span_across_a_boundary_joins_the_sentences() {
        let text = "一。二。三。四";
        let sentences = split(text);
        assert_eq!(sentences, [(0, 2), (2, 4), (4, 6), (6, 7)]);
        assert_eq!(join_over(&sentences, &[(1, 3)]), [(0, 4), (4, 6), (6, 7)]);
        assert_eq!(join_over(&sentences, &[(0, 2), (3, 7)]), [(0, 2), (2, 7)]);
        assert_eq!(join_over(&sentences, &[]), sentences);
    }
}
