//! The long document the speed targets are stated for: 100,000 characters of CJK text in
//! paragraphs, with 5,000 entity spans, one in ten nested in or overlapping its neighbour.
//! Generated the same way every run (shared by the browser and the native benchmarks).

use biaozhu::core::annotation::Annotation;
use biaozhu::core::import::import_file;
use biaozhu::core::labels::{LabelSet, Layer};
use biaozhu::core::model::Document;
use biaozhu::core::offsets::TextIndex;
use biaozhu::core::spans::DocSpans;

pub const LONG_CHARS: usize = 100_000;
pub const LONG_SPANS: usize = 5_000;

/// Deterministic pseudo-random numbers (xorshift): the same document every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

/// A post of about `chars` characters of CJK text (no digits, so no suggestions join in),
/// in paragraphs of about 200 characters.
fn long_post(chars: usize) -> String {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut body = String::from("<div>");
    let mut written = 0;
    while written < chars {
        body.push_str("<p>");
        for _ in 0..200 {
            body.push(char::from_u32(0x4E00 + rng.below(0x3000) as u32).unwrap_or('字'));
        }
        body.push_str("。</p>\n");
        written += 201;
    }
    body.push_str("</div>\n");
    format!("---\ntitle: '长文档基准'\n---\n{body}")
}

/// The long document with `LONG_SPANS` spans of entity labels: most side by side, one in ten
/// nested in or overlapping its neighbour.
pub fn long_document() -> (Document, DocSpans) {
    let doc = import_file("long.md", long_post(LONG_CHARS).as_bytes()).expect("the generated post imports");
    let labels = LabelSet::defaults();
    let entity: Vec<String> = labels.iter().filter(|l| l.layer == Layer::Entity).map(|l| l.id.clone()).collect();
    let index = TextIndex::new(&doc.text);
    let chars: Vec<char> = doc.text.chars().collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut spans = DocSpans::default();
    let mut at = 60; // leave the title alone
    let mut added = 0;
    while added < LONG_SPANS && at + 12 < chars.len() {
        let len = 2 + rng.below(4);
        let (start, end) = (at, at + len);
        at += len + 6 + rng.below(12);
        if chars[start..end].contains(&'\n') || chars[start..end + 4].contains(&'\n') {
            continue;
        }
        let label = &entity[added % entity.len()];
        let layer = Layer::Entity;
        let id = spans.allocate_id();
        spans.insert(Annotation::quoting(&doc.text, &index, id, layer, label, start, end));
        added += 1;
        if added % 10 == 0 && added < LONG_SPANS {
            // Every tenth: nested inside (from its second character) or overlapping its end.
            let (s, e) = if added % 20 == 0 { (start + 1, end) } else { (end - 1, end + 3) };
            let id = spans.allocate_id();
            spans.insert(Annotation::quoting(&doc.text, &index, id, layer, &entity[0], s, e));
            added += 1;
        }
    }
    (doc, spans)
}
