//! The figure recogniser measured against a gold set built from the shared corpus
//! (`tests/data/figures_gold.txt`, format in its header): precision and recall of spans, and the
//! accuracy of the values of the spans found, each at least 0.97.
//!
//! A found figure counts as correct when its span is exactly a gold span (code points). Its value
//! is correct when `value` and `value_max` equal the gold ones; its attributes when kind, unit,
//! currency and qualifier do too (reported, and held to a lower bar: they depend on context a
//! scanner does not see, such as 23万 meaning yuan).
#![cfg(not(target_arch = "wasm32"))]

use biaozhu::core::annotation::is_decimal;
use biaozhu::core::recognize::{recognize, Figure};
use std::path::Path;

const GOLD: &str = include_str!("data/figures_gold.txt");
const KINDS: [&str; 7] = ["money", "percent", "count", "number", "ratio", "range", "multiple"];

#[derive(Debug)]
struct Gold {
    text: String,
    kind: String,
    value: String,
    value_max: Option<String>,
    unit: Option<String>,
    currency: Option<String>,
    qualifier: Option<String>,
    /// Line in the gold file, for messages.
    line: usize,
}

#[derive(Debug)]
struct Passage {
    article: usize,
    text: String,
    figures: Vec<Gold>,
    line: usize,
}

struct Article {
    title: String,
    source: String,
}

fn field(s: &str) -> Option<String> {
    let s = s.trim();
    (s != "-").then(|| s.to_string())
}

fn parse_figure(line: &str, number: usize) -> Gold {
    let fields: Vec<&str> = line.split(" | ").collect();
    assert_eq!(fields.len(), 6, "line {number}: a figure has six fields: {line}");
    let (value, value_max) = match fields[2].split_once("..") {
        Some((lo, hi)) => (lo.to_string(), Some(hi.to_string())),
        None => (fields[2].to_string(), None),
    };
    Gold {
        text: fields[0].to_string(),
        kind: fields[1].trim().to_string(),
        value,
        value_max,
        unit: field(fields[3]),
        currency: field(fields[4]),
        qualifier: field(fields[5]),
        line: number,
    }
}

fn parse(data: &str) -> (Vec<Article>, Vec<Passage>) {
    let mut articles: Vec<Article> = Vec::new();
    let mut passages: Vec<Passage> = Vec::new();
    let mut open = false; // the last passage still takes `> ` lines
    for (i, line) in data.lines().enumerate() {
        let number = i + 1;
        if let Some(title) = line.strip_prefix("## ") {
            articles.push(Article { title: title.to_string(), source: String::new() });
            open = false;
        } else if let Some(source) = line.strip_prefix("(source: ").and_then(|s| s.strip_suffix(')')) {
            articles.last_mut().expect("a source after a title").source = source.to_string();
        } else if line.starts_with('#') || line.trim().is_empty() {
            open = false;
        } else if let Some(text) = line.strip_prefix("> ") {
            match passages.last_mut().filter(|_| open) {
                Some(p) if p.figures.is_empty() => {
                    p.text.push('\n');
                    p.text.push_str(text);
                }
                _ => {
                    let article = articles.len().checked_sub(1).expect("a passage after a title");
                    passages.push(Passage { article, text: text.to_string(), figures: Vec::new(), line: number });
                }
            }
            open = true;
        } else {
            let passage = passages.last_mut().filter(|_| open).expect("a figure line follows its passage");
            passage.figures.push(parse_figure(line, number));
        }
    }
    (articles, passages)
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || "〇零一二两三四五六七八九十百千万亿".contains(c)
}

/// The code-point span of each gold figure: the first occurrence of its text that does not run on
/// from a numeral, does not overlap one already placed, and comes after the previous figure with
/// the same text.
fn locate(passage: &Passage) -> Vec<(usize, usize)> {
    let chars: Vec<char> = passage.text.chars().collect();
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for (n, g) in passage.figures.iter().enumerate() {
        let needle: Vec<char> = g.text.chars().collect();
        let after = passage.figures[..n]
            .iter()
            .zip(&placed)
            .filter(|(other, _)| other.text == g.text)
            .map(|(_, &(_, end))| end)
            .max()
            .unwrap_or(0);
        let span = (after..=chars.len().saturating_sub(needle.len()))
            .find(|&s| {
                let e = s + needle.len();
                chars[s..e] == needle[..]
                    && !(s > 0 && is_numeral(chars[s - 1]) && is_numeral(needle[0]))
                    && !(e < chars.len() && chars[e].is_ascii_digit() && needle[needle.len() - 1].is_ascii_digit())
                    && placed.iter().all(|&(ps, pe)| e <= ps || s >= pe)
            })
            .map(|s| (s, s + needle.len()));
        placed.push(span.unwrap_or_else(|| panic!("line {}: {:?} not found in its passage", g.line, g.text)));
    }
    placed
}

fn describe(f: &Figure) -> String {
    let q = f.qualifier.map_or("-", |q| q.as_str());
    let value = f.value_max.as_ref().map_or(f.value.clone(), |m| format!("{}..{m}", f.value));
    let (unit, currency) = (f.unit.as_deref().unwrap_or("-"), f.currency.as_deref().unwrap_or("-"));
    format!("{} | {} | {value} | {unit} | {currency} | {q}", f.text, f.kind.as_str())
}

fn describe_gold(g: &Gold) -> String {
    let value = g.value_max.as_ref().map_or(g.value.clone(), |m| format!("{}..{m}", g.value));
    let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    format!("{} | {} | {value} | {} | {} | {}", g.text, g.kind, dash(&g.unit), dash(&g.currency), dash(&g.qualifier))
}

#[test]
fn gold_file_is_well_formed() {
    let (articles, passages) = parse(GOLD);
    for a in &articles {
        assert!(!a.source.is_empty(), "article {:?} names no source", a.title);
    }
    for p in &passages {
        for g in &p.figures {
            assert!(KINDS.contains(&g.kind.as_str()), "line {}: kind {}", g.line, g.kind);
            assert!(is_decimal(&g.value), "line {}: value {}", g.line, g.value);
            assert!(g.value_max.as_deref().is_none_or(is_decimal), "line {}: value_max", g.line);
            assert_eq!(g.kind == "range", g.value_max.is_some(), "line {}: a range and only a range has a max", g.line);
            if let Some(c) = &g.currency {
                assert!(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()), "line {}: currency {c}", g.line);
            }
            if let Some(q) = &g.qualifier {
                assert!(["over", "about", "nearly", "more-than"].contains(&q.as_str()), "line {}: {q}", g.line);
            }
        }
        locate(p);
    }
}

#[test]
fn precision_recall_and_value_accuracy_on_the_gold_set() {
    let (articles, passages) = parse(GOLD);
    let gold_total: usize = passages.iter().map(|p| p.figures.len()).sum();
    let with_figures = {
        let mut seen: Vec<usize> = passages.iter().filter(|p| !p.figures.is_empty()).map(|p| p.article).collect();
        seen.dedup();
        seen.len()
    };
    let (mut found_total, mut matched, mut values_right, mut attributes_right) = (0, 0, 0, 0);
    let mut report: Vec<String> = Vec::new();
    for p in &passages {
        let spans = locate(p);
        let found = recognize(&p.text);
        found_total += found.len();
        for f in &found {
            match spans.iter().position(|&(s, e)| s == f.start && e == f.end) {
                Some(i) => {
                    matched += 1;
                    let g = &p.figures[i];
                    let value_ok = f.value == g.value && f.value_max == g.value_max;
                    let attributes_ok = f.kind.as_str() == g.kind
                        && f.unit == g.unit
                        && f.currency == g.currency
                        && f.qualifier.map(|q| q.as_str().to_string()) == g.qualifier;
                    values_right += usize::from(value_ok);
                    attributes_right += usize::from(value_ok && attributes_ok);
                    if !(value_ok && attributes_ok) {
                        report.push(format!(
                            "  differs (line {}): gold {}\n                      found {}",
                            g.line,
                            describe_gold(g),
                            describe(f)
                        ));
                    }
                }
                None => report.push(format!("  false positive (passage at line {}): {}", p.line, describe(f))),
            }
        }
        for (g, &(s, e)) in p.figures.iter().zip(&spans) {
            if !found.iter().any(|f| f.start == s && f.end == e) {
                report.push(format!("  missed (line {}): {}", g.line, describe_gold(g)));
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(matched, found_total);
    let recall = ratio(matched, gold_total);
    let value_accuracy = ratio(values_right, matched);
    let attribute_accuracy = ratio(attributes_right, matched);
    println!(
        "gold set: {gold_total} figures in {} passages from {} articles ({with_figures} with figures)",
        passages.len(),
        articles.len()
    );
    println!("found {found_total}, matching spans {matched}");
    println!("span precision {precision:.4}");
    println!("span recall    {recall:.4}");
    println!("value accuracy {value_accuracy:.4} (value and value_max of the spans found)");
    println!("full accuracy  {attribute_accuracy:.4} (also kind, unit, currency and qualifier)");
    println!("{}", report.join("\n"));
    assert!(gold_total >= 300, "the gold set needs at least 300 figures, has {gold_total}");
    assert!(with_figures >= 15, "the gold set should span many articles, has {with_figures}");
    assert!(precision >= 0.97, "precision {precision:.4} < 0.97");
    assert!(recall >= 0.97, "recall {recall:.4} < 0.97");
    assert!(value_accuracy >= 0.97, "value accuracy {value_accuracy:.4} < 0.97");
    assert!(attribute_accuracy >= 0.95, "full accuracy {attribute_accuracy:.4} < 0.95");
}

/// With the corpus beside the repository: every passage occurs verbatim in the article it says.
#[test]
fn passages_are_verbatim_from_their_articles() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipping: ../shared/corpus not found");
        return;
    }
    let (articles, passages) = parse(GOLD);
    let texts: Vec<String> = articles
        .iter()
        .map(|a| {
            let path = corpus.join(&a.source);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.file_name().expect("file name").to_string_lossy().into_owned();
            let doc = biaozhu::core::import::import_file(&name, &bytes).expect("the article imports");
            assert_eq!(doc.title, a.title, "{}", a.source);
            doc.text
        })
        .collect();
    for p in &passages {
        assert!(
            texts[p.article].contains(&p.text),
            "passage at line {} is not in {}",
            p.line,
            articles[p.article].source
        );
    }
}
