//! YAML front matter of crawled posts, read field by field so that one broken field (a title
//! with unescaped quotes is common) never costs the others.
//!
//! Most front matter is the same few plain lines (`key: value`, `key: 'quoted'`, `key:` then
//! ` - item` lines); those are read directly, as the YAML parser reads them ([`simple`]), and
//! anything else goes to the parser.

use yaml_rust2::{Yaml, YamlLoader};

/// A front matter value: a scalar or a list of scalars, always as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

impl Value {
    /// The value as one line of text (a list joined by `, `); `None` when empty.
    pub fn text(&self) -> Option<String> {
        let joined = match self {
            Value::Text(t) => t.trim().to_string(),
            Value::List(items) => items.join(", "),
        };
        (!joined.is_empty()).then_some(joined)
    }

    /// The value as a list (a scalar is a list of one); empty items dropped.
    pub fn list(&self) -> Vec<String> {
        match self {
            Value::Text(t) if t.trim().is_empty() => Vec::new(),
            Value::Text(t) => vec![t.trim().to_string()],
            Value::List(items) => items.iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect(),
        }
    }
}

/// The fields of a front matter block, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub fields: Vec<(String, Value)>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Splits a post into its front matter (if it has any) and its body.
///
/// Front matter opens with a `---` line, possibly after blank lines, and closes with `---` or
/// `...`. Some generators never close it: then it ends where the HTML body starts (the first
/// line beginning with `<`), so the body is not swallowed.
pub fn split(source: &str) -> (Option<&str>, &str) {
    let rest = source.trim_start_matches(['\n', '\r', ' ', '\t']);
    let Some(after_open) = rest.strip_prefix("---") else {
        return (None, source);
    };
    let Some(after_open) = after_open.strip_prefix('\n').or_else(|| after_open.strip_prefix("\r\n")) else {
        return (None, source);
    };
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return (Some(&after_open[..offset]), &after_open[offset + line.len()..]);
        }
        if line.starts_with('<') {
            return (Some(&after_open[..offset]), &after_open[offset..]);
        }
        offset += line.len();
    }
    (Some(after_open), "")
}

/// Parses front matter text. Never fails: valid YAML is read with a YAML parser; when the
/// whole block is not valid YAML, each top-level field is parsed on its own, and a field that is
/// still not valid keeps its raw text (outer quotes removed).
pub fn parse(text: &str) -> FrontMatter {
    if let Some(pairs) = simple(text) {
        return FrontMatter { fields: fields(pairs) };
    }
    if let Ok(docs) = YamlLoader::load_from_str(text) {
        match docs.into_iter().next() {
            Some(Yaml::Hash(hash)) => return FrontMatter { fields: fields(hash) },
            None => return FrontMatter::default(),
            Some(_) => {}
        }
    }
    FrontMatter { fields: entries(text).into_iter().filter_map(|entry| parse_entry(&entry)).collect() }
}

/// A mapping's entries as fields (entries whose key or value is not a scalar or list are dropped).
fn fields(pairs: impl IntoIterator<Item = (Yaml, Yaml)>) -> Vec<(String, Value)> {
    pairs.into_iter().filter_map(|(k, v)| Some((scalar(k)?, value(v)?))).collect()
}

/// The entries of front matter written in the simplest block YAML, exactly as the YAML parser
/// would give them: each line a `key: value` pair at the start of the line (a key of ASCII
/// letters, digits, `_` and `-`), or a `key:` line followed by ` - item` lines (all indented
/// alike); values and items are one-line scalars, plain or quoted. Blank lines are passed over.
/// `None` for anything else — a key seen twice, comments, tabs, control characters, flow
/// collections, anchors, tags, block scalars, a quote not closed on its line, an escape in double
/// quotes, `: ` or ` #` in a plain scalar, a line that continues another — which the parser reads.
fn simple(text: &str) -> Option<Vec<(Yaml, Yaml)>> {
    if text.contains('\r') {
        return None;
    }
    let mut pairs: Vec<(Yaml, Yaml)> = Vec::with_capacity(8);
    // A `key:` line with nothing after it: the list items that follow it, and their indent.
    let mut open: Option<(Yaml, Vec<Yaml>, Option<usize>)> = None;
    for line in text.split('\n') {
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 0 {
            let (_, items, item_indent) = open.as_mut()?;
            if item_indent.is_some_and(|i| i != indent) {
                return None;
            }
            *item_indent = Some(indent);
            let item = line[indent..].strip_prefix("- ")?.trim_start_matches(' ');
            items.push(scalar_text(item)?);
            continue;
        }
        if let Some((key, items, _)) = open.take() {
            pairs.push((key, if items.is_empty() { Yaml::Null } else { Yaml::Array(items) }));
        }
        let (key, rest) = line.split_once(':')?;
        let plain_key = key.len() <= 64
            && key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !plain_key || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let key = Yaml::from_str(key);
        if pairs.iter().any(|(k, _)| *k == key) {
            return None; // the parser refuses a key seen twice
        }
        let rest = rest.trim_matches(' ');
        if rest.is_empty() {
            open = Some((key, Vec::new(), None));
        } else {
            pairs.push((key, scalar_text(rest)?));
        }
    }
    if let Some((key, items, _)) = open.take() {
        pairs.push((key, if items.is_empty() { Yaml::Null } else { Yaml::Array(items) }));
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// A one-line scalar (without the spaces around it) as the YAML parser reads it: quoted, a
/// string; plain, typed by [`Yaml::from_str`] as the parser does. `None` when it is not a
/// scalar of that simple kind.
fn scalar_text(raw: &str) -> Option<Yaml> {
    let raw = raw.trim_end_matches(' ');
    // Control characters (Unicode's `Cc`), byte-order marks and Unicode line separators are left
    // to the parser.
    let unusual = |c: char| matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}' | '\u{feff}' | '\u{2028}' | '\u{2029}');
    if raw.is_empty() || raw.chars().any(unusual) {
        return None;
    }
    if let Some(inner) = raw.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        // Inside single quotes only `''` is special: it stands for `'`; a lone `'` ends the scalar.
        let mut rest = inner;
        while let Some(at) = rest.find('\'') {
            rest = rest[at + 1..].strip_prefix('\'')?;
        }
        let text = if inner.contains('\'') { inner.replace("''", "'") } else { inner.to_string() };
        return Some(Yaml::String(text));
    }
    if let Some(inner) = raw.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['"', '\\']) {
            return None;
        }
        return Some(Yaml::String(inner.to_string()));
    }
    // Indicators cannot start a plain scalar (or make it something else); `: ` ends a key and
    // ` #` starts a comment.
    let indicator =
        raw.starts_with(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`']);
    let ends_or_comments = raw.as_bytes().windows(2).any(|w| w == b": " || w == b" #");
    if indicator || raw.ends_with(':') || ends_or_comments {
        return None;
    }
    // Only ASCII is ever typed (numbers, booleans, null): anything else is a string.
    Some(if raw.is_ascii() { Yaml::from_str(raw) } else { Yaml::String(raw.to_string()) })
}

/// Top-level entries: a `key:` line with the indented or `- ` lines that follow it.
fn entries(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
        match out.last_mut() {
            Some(last) if continues => {
                last.push('\n');
                last.push_str(line);
            }
            _ if line.contains(':') => out.push(line.to_string()),
            _ => {} // a stray line outside any field carries nothing we can name
        }
    }
    out
}

fn parse_entry(entry: &str) -> Option<(String, Value)> {
    let parsed = match simple(entry) {
        Some(pairs) => pairs.into_iter().next(),
        None => match YamlLoader::load_from_str(entry).map(|docs| docs.into_iter().next()) {
            Ok(Some(Yaml::Hash(hash))) => hash.into_iter().next(),
            _ => None,
        },
    };
    if let Some((k, v)) = parsed {
        return Some((scalar(k)?, value(v).unwrap_or(Value::Text(String::new()))));
    }
    let (key, rest) = entry.split_once(':')?;
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    let mut lines = rest.lines();
    let first = lines.next().unwrap_or("").trim();
    let items: Vec<String> =
        lines.filter_map(|l| l.trim().strip_prefix('-')).map(|item| unquote(item.trim())).collect();
    let value = if first.is_empty() && !items.is_empty() { Value::List(items) } else { Value::Text(unquote(first)) };
    Some((key.to_string(), value))
}

/// Removes matching outer quotes; inside single quotes, `''` stands for `'`.
fn unquote(raw: &str) -> String {
    let raw = raw.trim();
    for quote in ['\'', '"'] {
        if raw.len() >= 2 && raw.starts_with(quote) && raw.ends_with(quote) {
            let inner = &raw[1..raw.len() - 1];
            return if quote == '\'' { inner.replace("''", "'") } else { inner.to_string() };
        }
    }
    raw.to_string()
}

fn scalar(y: Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn value(y: Yaml) -> Option<Value> {
    match y {
        Yaml::Array(items) => Some(Value::List(items.into_iter().filter_map(scalar).collect())),
        Yaml::Null => Some(Value::Text(String::new())),
        other => scalar(other).map(Value::Text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("\n---\ntitle: a\n---\n<div>x</div>", Some("title: a\n"), "<div>x</div>"),
            ("---\r\ntitle: a\r\n---\r\nbody", Some("title: a\r\n"), "body"),
            ("<div>no front matter</div>", None, "<div>no front matter</div>"),
            ("---\ntitle: never closed\n<div>x</div>", Some("title: never closed\n"), "<div>x</div>"),
            ("---\ntitle: only\n", Some("title: only\n"), ""),
            ("----\nnot front matter", None, "----\nnot front matter"),
        ];
        for &(source, fm, body) in cases {
            assert_eq!(split(source), (fm, body), "{source:?}");
        }
    }

    #[test]
    fn reads_valid_yaml() {
        let fm = parse("title: '打击电信网络诈骗'\ncategories: \n - 金融\n - 新浪财经－国內\nauthor: 新浪财经\ncomments: false\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n");
        assert_eq!(fm.get("title"), Some(&Value::Text("打击电信网络诈骗".into())));
        assert_eq!(fm.get("categories").map(Value::list), Some(vec!["金融".to_string(), "新浪财经－国內".to_string()]));
        assert_eq!(fm.get("comments").and_then(Value::text), Some("false".into()));
        assert_eq!(fm.get("date").and_then(Value::text), Some("Mon, 09 Aug 2021 06:59:27 GMT".into()));
    }

    #[test]
    fn one_broken_field_keeps_the_others() {
        let fm =
            parse("title: '他说'你好'再见'\ncategories:\n - 金融\n - 'it''s'\nauthor: 新浪财经\ndate: Invalid Date\n");
        assert_eq!(fm.get("title").and_then(Value::text), Some("他说'你好'再见".into()));
        assert_eq!(fm.get("categories").map(Value::list), Some(vec!["金融".to_string(), "it's".to_string()]));
        assert_eq!(fm.get("author").and_then(Value::text), Some("新浪财经".into()));
        assert_eq!(fm.get("date").and_then(Value::text), Some("Invalid Date".into()));
    }

    #[test]
    fn simple_front_matter_is_read_as_the_parser_reads_it() {
        let simple_cases = [
            "title: '打击电信网络诈骗'\ncategories: \n - 金融\n - 新浪财经－国內\nauthor: 新浪财经\ncomments: false\n",
            "date: Mon, 09 Aug 2021 06:59:27 GMT\nx: 007\ny: 1.50\nz: ~\nw: +5\nv: 0x1F\nu: True\n",
            "title: '监管部门''窗口指导''后'\nauthor: \"双引号\"\nempty: ''\nnone:\n\nlast:",
            "tags:\n  - 'a'\n  - 2021\n  - a:b\n\n  - c#d\nnull: x\ntrue: y\n",
            "title: 他说'你好'再见\n",
        ];
        for text in simple_cases {
            let pairs = simple(text).unwrap_or_else(|| panic!("simple: {text:?}"));
            let docs = YamlLoader::load_from_str(text).expect("valid YAML");
            let Some(Yaml::Hash(hash)) = docs.into_iter().next() else { panic!("a mapping: {text:?}") };
            assert_eq!(pairs, hash.into_iter().collect::<Vec<_>>(), "{text:?}");
        }
        let parser_cases = [
            "",
            "# a comment\ntitle: x\n",
            "title: x # a comment\n",
            "tags:\n - c #d\n",
            "title: a: b\n",
            "title: '他说'你好''\n",
            "title: \"a\\nb\"\n",
            "title: x\ntitle: y\n",
            "title: x\n  continued\n",
            "title: x\n - item\n",
            "tags:\n - a\n  - b\n",
            "tags:\n- a\n",
            "tags:\n -\n",
            "tags: [a, b]\n",
            "title: |\n  block\n",
            "title: &a x\n",
            "title:\tx\n",
            "title: x\r\n",
            "key:value\n",
            "- a\n",
        ];
        for text in parser_cases {
            assert_eq!(simple(text), None, "{text:?}");
        }
    }

    #[test]
    fn empty_fields_are_empty() {
        let fm = parse("title: x\nauthor:\ncategories:\n");
        assert_eq!(fm.get("author").and_then(Value::text), None);
        assert_eq!(fm.get("categories").map(Value::list), Some(vec![]));
    }
}
