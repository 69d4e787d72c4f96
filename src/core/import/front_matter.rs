//! YAML front matter of crawled posts, read field by field so that one broken field (a title
//! with unescaped quotes is common) never costs the others.

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
    if let Ok(docs) = YamlLoader::load_from_str(text) {
        match docs.first() {
            Some(Yaml::Hash(hash)) => {
                let fields = hash.iter().filter_map(|(k, v)| Some((scalar(k)?, value(v)?))).collect();
                return FrontMatter { fields };
            }
            None => return FrontMatter::default(),
            Some(_) => {}
        }
    }
    FrontMatter { fields: entries(text).into_iter().filter_map(|entry| parse_entry(&entry)).collect() }
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
    if let Ok(docs) = YamlLoader::load_from_str(entry) {
        if let Some(Yaml::Hash(hash)) = docs.first() {
            if let Some((k, v)) = hash.iter().next() {
                return Some((scalar(k)?, value(v).unwrap_or(Value::Text(String::new()))));
            }
        }
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

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn value(y: &Yaml) -> Option<Value> {
    match y {
        Yaml::Array(items) => Some(Value::List(items.iter().filter_map(scalar).collect())),
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
    fn empty_fields_are_empty() {
        let fm = parse("title: x\nauthor:\ncategories:\n");
        assert_eq!(fm.get("author").and_then(Value::text), None);
        assert_eq!(fm.get("categories").map(Value::list), Some(vec![]));
    }
}
