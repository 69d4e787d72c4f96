//! Import: article files in, [`Document`]s out.
//!
//! Formats: crawled posts (`.md`: YAML front matter, then an HTML or plain body), plain text
//! (`.txt`: first line the title, one paragraph per line) and bare HTML (`.html`, `.htm`).
//! The same bytes always give the same text, the same blocks and the same id.
//!
//! Encodings: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, and
//! GB18030/GBK/GB2312 through a [`LegacyDecoder`] ([`decode`] module docs). HTML that is not read
//! in one pass is parsed by an [`HtmlTreeReader`] ([`tree`] module docs). Both are the platform's:
//! natively `encoding_rs` and html5ever, in the browser its own `TextDecoder` and `DOMParser`,
//! so neither the tables nor the parser are shipped in the web bundle. Sizes are bounded by
//! [`limits`]: a file beyond one is refused with a message, before the work that would stall.

mod date;
pub mod decode;
mod depth;
pub mod front_matter;
mod html;
pub mod limits;
mod marked;
mod plain;
mod stream;
pub mod text;
pub mod tree;

use crate::core::model::{Block, BlockKind, Document, Meta};
use front_matter::{FrontMatter, Value};
pub use html::Walked;
use sha2::{Digest, Sha256};
use text::TextBuilder;
use thiserror::Error;

#[cfg(not(target_arch = "wasm32"))]
pub use decode::NativeDecoder;
pub use decode::{LegacyDecoder, Utf8Only};
#[cfg(not(target_arch = "wasm32"))]
pub use tree::NativeHtmlReader;
pub use tree::{HtmlTreeReader, TreeError};

/// Version of the text normalisation ([`text`] module docs). Raised whenever a change would give
/// an existing file a different canonical text, so stored spans can be re-anchored.
pub const NORMALIZATION_VERSION: u32 = 1;

/// Why a file could not be imported. Every message names the file.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: not a text file (a NUL byte at byte {at})")]
    Binary { file: String, at: usize },
    #[error("{file}: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte {at})")]
    Undecodable { file: String, at: usize },
    #[error("{file}: broken UTF-16 text (an unpaired surrogate at byte {at})")]
    BadUtf16 { file: String, at: usize },
    #[error("{file}: {}, larger than the {} an article may be", limits::size(*bytes), limits::size(limits::MAX_FILE_BYTES))]
    TooLarge { file: String, bytes: u64 },
    #[error(
        "{file}: {} characters of text, more than the {} a document may have",
        limits::count(*chars),
        limits::count(limits::MAX_TEXT_CHARS)
    )]
    TooLong { file: String, chars: usize },
    #[error(
        "{file}: HTML nested more than {} elements deep, too deep to read in reasonable time",
        limits::MAX_HTML_DEPTH
    )]
    TooDeep { file: String },
    #[error("{file}: no article text found")]
    NoText { file: String },
    /// The platform's HTML parser failed (`reason` says so for the analyst).
    #[error("{file}: {reason}")]
    Unparsable { file: String, reason: String },
    #[error("{file}: {kind} files cannot be opened as articles")]
    Unsupported { file: String, kind: String },
}

/// Imports one file; the extension of `file_name` says how to read `bytes`, with the decoder and
/// the HTML parser built in natively ([`NativeDecoder`], [`NativeHtmlReader`]). The web build has
/// neither (they would double its bundle) and passes the browser's to [`import_file_with`].
#[cfg(not(target_arch = "wasm32"))]
pub fn import_file(file_name: &str, bytes: &[u8]) -> Result<Document, ImportError> {
    import_file_with(file_name, bytes, &NativeDecoder, &NativeHtmlReader)
}

/// [`import_file`] with the given decoder for legacy Chinese encodings and the given HTML parser.
pub fn import_file_with(
    file_name: &str,
    bytes: &[u8],
    legacy: &dyn LegacyDecoder,
    tree: &dyn HtmlTreeReader,
) -> Result<Document, ImportError> {
    check_size(file_name, bytes.len() as u64)?;
    let source = decode::decode(file_name, bytes, legacy)?;
    let source = unix_line_breaks(source);
    let ext = extension(file_name);
    let html = |source: &str| {
        let file = || file_name.to_string();
        if depth::exceeds(source, limits::MAX_HTML_DEPTH) {
            return Err(ImportError::TooDeep { file: file() });
        }
        html::walk(source, tree).map_err(|e| match e {
            TreeError::TooDeep => ImportError::TooDeep { file: file() },
            TreeError::Unparsable(reason) => ImportError::Unparsable { file: file(), reason },
        })
    };
    let (front, walked, first_line_is_title) = match ext.as_str() {
        "txt" | "text" => (None, plain::walk(&source, false), true),
        "html" | "htm" | "xhtml" => (None, html(&source)?, false),
        "md" | "markdown" | "mdown" | "" => post(&source, html)?,
        "json" | "jsonl" | "zip" | "pdf" | "doc" | "docx" | "png" | "jpg" | "jpeg" | "gif" => {
            return Err(ImportError::Unsupported { file: file_name.to_string(), kind: ext.to_ascii_uppercase() })
        }
        _ if front_matter::split(&source).0.is_some() => post(&source, html)?,
        _ if looks_like_html(&source) => (None, html(&source)?, false),
        _ => (None, plain::walk(&source, false), true),
    };
    let doc = assemble(file_name, front, walked, first_line_is_title)?;
    let chars = doc.blocks.last().map_or(0, |b| b.end); // the blocks and separators cover the text
    if chars > limits::MAX_TEXT_CHARS {
        return Err(ImportError::TooLong { file: file_name.to_string(), chars });
    }
    Ok(doc)
}

/// `\r\n` and lone `\r` as `\n`, in one pass, and none when the text has no `\r`.
fn unix_line_breaks(source: String) -> String {
    if !source.contains('\r') {
        return source;
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source.as_str();
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// Refuses a file larger than [`limits::MAX_FILE_BYTES`]; callers that learn a file's size before
/// reading it (the browser, the command line) call this first.
pub fn check_size(file_name: &str, bytes: u64) -> Result<(), ImportError> {
    if bytes > limits::MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { file: file_name.to_string(), bytes });
    }
    Ok(())
}

/// A crawled post: front matter (optional) and a body in HTML or, failing any tag, plain text.
fn post(
    source: &str,
    html: impl Fn(&str) -> Result<Walked, ImportError>,
) -> Result<(Option<FrontMatter>, Walked, bool), ImportError> {
    let (front, body) = front_matter::split(source);
    let front = front.map(front_matter::parse);
    let walked = if looks_like_html(body) { html(body)? } else { plain::walk(body, true) };
    Ok((front, walked, false))
}

/// The document id: the first 64 bits of the SHA-256 of the canonical text, in hex.
pub fn document_id(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(text.as_bytes());
    let mut id = String::with_capacity(16);
    for &b in &digest[..8] {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    id
}

fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    }
}

/// Whether a body is markup: a tag or comment opener anywhere in it.
fn looks_like_html(body: &str) -> bool {
    body.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'!' || w[1] == b'/'))
}

/// Puts title, metadata and blocks together into the canonical document.
fn assemble(
    file_name: &str,
    front: Option<FrontMatter>,
    walked: Walked,
    first_line_is_title: bool,
) -> Result<Document, ImportError> {
    let field = |key: &str| front.as_ref().and_then(|f| f.get(key)).and_then(Value::text);
    let normalized = |t: Option<String>| t.map(|t| text::normalize_inline(&t)).filter(|t| !t.is_empty());

    let first = walked.blocks.first().map(|(range, block)| (&walked.text[range.clone()], block));
    let mut consumed_first = false;
    let found_title = normalized(field("title")).or_else(|| normalized(walked.html_title.clone())).or_else(|| {
        let (first, block) = first?;
        let is_top_heading = block.kind == BlockKind::Heading && block.level == Some(1);
        (first_line_is_title || is_top_heading).then(|| {
            consumed_first = true;
            first.to_string()
        })
    });
    if found_title.is_none() && walked.blocks.is_empty() {
        return Err(ImportError::NoText { file: file_name.to_string() });
    }
    let title = found_title
        .or_else(|| walked.original_title.clone())
        .or_else(|| normalized(Some(file_stem(file_name).to_string())))
        .unwrap_or_else(|| "无标题".to_string());
    // A body that repeats the title as its first line would show it twice.
    let skip = usize::from(consumed_first || first.is_some_and(|(t, _)| t == title));
    let mut images = walked.images;
    for image in &mut images {
        // The title block comes first.
        image.before_block = image.before_block.saturating_sub(skip) + 1;
    }

    // The block texts are normalised already: each is copied once, into its place.
    let mut builder = TextBuilder::with_capacity(title.len() + 1 + walked.text.len() + walked.blocks.len());
    builder.push(&title, Block::new(BlockKind::Title, 0, 0));
    for (range, block) in walked.blocks.into_iter().skip(skip) {
        builder.push_normalized(&walked.text[range], block);
    }
    let (text, blocks) = builder.finish();

    let date_raw = field("date");
    let meta = Meta {
        original_title: walked.original_title,
        editor: walked.editor,
        author: field("author").or(walked.html_author),
        date: date_raw.as_deref().and_then(date::to_iso8601),
        date_raw,
        categories: front.as_ref().and_then(|f| f.get("categories")).map(Value::list).unwrap_or_default(),
        source_file: Some(file_name.to_string()),
        head_image: field("headimg").or_else(|| field("thumbnail")),
        images,
        extra: front
            .iter()
            .flat_map(|f| f.fields.iter())
            .filter(|(k, _)| !matches!(k.as_str(), "title" | "categories" | "author" | "date" | "headimg"))
            .filter_map(|(k, v)| Some((k.clone(), v.text()?)))
            .chain(walked.editor_code.map(|code| ("editor_code".to_string(), code)))
            .collect(),
    };
    Ok(Document { id: document_id(&text), title, meta, text, blocks, normalization: NORMALIZATION_VERSION })
}

// `import_file` is the native build's.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_text() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("a.md", b"", "a.md: the file is empty"),
            ("a.md", b" \n\t", "a.md: the file is empty"),
            ("a.md", b"ab\0cd", "a.md: not a text file (a NUL byte at byte 2)"),
            ("a.md", b"\xff\xfe\x00\x00garbage\x00", "a.md: not a text file (a NUL byte at byte 0)"),
            (
                "a.txt",
                b"ok \xff\xfe bad",
                "a.txt: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 3)",
            ),
            ("a.md", b"\xef\xbb\xbf", "a.md: the file is empty"),
            ("a.md", b"\xef\xbb\xbf \r\n", "a.md: the file is empty"),
            ("a.md", b"\xff\xfe", "a.md: the file is empty"),
            ("a.md", b"\xfe\xff\x00\n", "a.md: the file is empty"),
            ("a.md", b"\xff\xfea\x00\x00\xd8b\x00", "a.md: broken UTF-16 text (an unpaired surrogate at byte 4)"),
            (
                "a.md",
                b"\xef\xbb\xbfok\xff",
                "a.md: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 5)",
            ),
            ("a.json", b"{}", "a.json: JSON files cannot be opened as articles"),
            ("a.html", b"<html><body><!-- nothing --></body></html>", "a.html: no article text found"),
        ];
        for &(name, bytes, message) in cases {
            assert_eq!(
                import_file(name, bytes).map_err(|e| e.to_string()),
                Err(message.to_string()),
                "{name} {bytes:?}"
            );
        }
    }

    #[test]
    fn bom_crlf_and_utf16_give_the_same_text() {
        let plain = import_file("a.md", "---\ntitle: 标题\n---\n<p>正文𠮷</p>\n".as_bytes()).expect("plain");
        let crlf =
            import_file("a.md", "\u{feff}---\r\ntitle: 标题\r\n---\r\n<p>正文𠮷</p>\r\n".as_bytes()).expect("crlf");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("---\ntitle: 标题\n---\n<p>正文𠮷</p>\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16 = import_file("a.md", &utf16).expect("utf16");
        assert_eq!(plain.text, "标题\n正文𠮷");
        assert_eq!((crlf.text.as_str(), crlf.id.as_str()), (plain.text.as_str(), plain.id.as_str()));
        assert_eq!(utf16.text, plain.text);
    }

    #[test]
    fn title_comes_from_the_best_source() {
        let cases: &[(&str, &str, &str)] = &[
            ("a.md", "---\ntitle: 前言\n---\n<p>正文</p>", "前言\n正文"),
            (
                "a.html",
                "<html><head><title>页题</title></head><body><h1>页题</h1><p>正文</p></body></html>",
                "页题\n正文",
            ),
            ("a.html", "<body><h1>大标题</h1><p>正文</p></body>", "大标题\n正文"),
            ("a.md", "<p class=\"ori_titlesource\">　　原标题：原来的题</p><p>正文</p>", "原来的题\n正文"),
            ("新闻稿.md", "<p>正文</p>", "新闻稿\n正文"),
            ("a.txt", "\n\n第一行是题\n\n第二行\n第三行\n", "第一行是题\n第二行\n第三行"),
            ("b.md", "---\ntitle: 题\n---\n正文一\n\n## 小节\n\n- 项\n", "题\n正文一\n小节\n项"),
        ];
        for &(name, source, text) in cases {
            assert_eq!(import_file(name, source.as_bytes()).map(|d| d.text), Ok(text.to_string()), "{name}: {source}");
        }
    }

    #[test]
    fn ids_follow_the_text() {
        let a = import_file("a.md", b"<p>x</p>").expect("a");
        let b = import_file("b.md", b"<p>x</p>").expect("b");
        let c = import_file("a.md", b"<p>y</p>").expect("c");
        assert_eq!(a.id.len(), 16);
        assert_ne!(a.id, b.id, "the file name is the title here, so the texts differ");
        assert_ne!(a.id, c.id);
        assert_eq!(a.id, import_file("a.md", b"<p>x</p>").expect("again").id);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod legacy_tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    #[test]
    fn gbk_is_read_natively_and_only_with_a_decoder() {
        let bytes = gbk("---\ntitle: 沪警方挽回损失\n---\n<p>　　今年以来，上海警方挽回或避免损失超74亿元。</p>\n");
        let doc = import_file("a.md", &bytes).expect("GBK imports");
        assert_eq!(doc.text, "沪警方挽回损失\n今年以来，上海警方挽回或避免损失超74亿元。");
        let refused = import_file_with("a.md", &bytes, &Utf8Only, &NativeHtmlReader).map_err(|e| e.to_string());
        assert_eq!(refused, Err("a.md: neither UTF-8, UTF-16 nor GB18030 text (undecodable bytes at byte 11)".into()));
    }

    #[test]
    fn implausible_gb18030_is_refused_unless_declared() {
        // Every byte pair here is valid GB18030, but in the user-defined (private use) area.
        let private = b"\xaa\xa1\xaa\xa2\xaa\xa3\xaa\xa4\xaa\xa5 ok".to_vec();
        assert!(matches!(import_file("a.txt", &private), Err(ImportError::Undecodable { at: 0, .. })));
        let mut declared = b"<meta charset=\"GBK\"><p>".to_vec();
        declared.extend_from_slice(&private);
        assert!(import_file("a.html", &declared).is_ok());
        // Control characters are never text, declared or not.
        let controls = [b"charset=gbk\n".as_slice(), &gbk("中文"), b"\x01\x02"].concat();
        assert!(matches!(import_file("a.txt", &controls), Err(ImportError::Undecodable { .. })));
    }

    #[test]
    fn damaged_utf8_is_not_taken_for_gbk() {
        let utf8 = "上海警方挽回损失超七十四亿元".as_bytes();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("truncated", utf8[..utf8.len() - 1].to_vec()),
            ("a bad byte", [&utf8[..6], b"\xff", &utf8[6..]].concat()),
            ("a lost byte", [&utf8[..4], &utf8[5..]].concat()),
        ];
        for (what, bytes) in cases {
            assert!(matches!(import_file("a.txt", &bytes), Err(ImportError::Undecodable { .. })), "{what}");
        }
    }

    #[test]
    fn charset_declarations_are_found() {
        let cases: &[(&[u8], bool)] = &[
            (b"<meta charset=gbk>", true),
            (b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">", true),
            (b"<meta charset='GB18030'>", true),
            (b"---\ntitle: x\nencoding: gbk\n---\n", true),
            (b"---\ncharset : cp936\n---\n", true),
            (b"<meta charset=\"utf-8\">", false),
            (b"charset=gbkx", false),
            (b"no declaration", false),
        ];
        for &(head, expected) in cases {
            assert_eq!(decode::declares_gb(head), expected, "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn limits_are_refused_with_their_numbers() {
        let big = vec![b'a'; limits::MAX_FILE_BYTES as usize + 1];
        assert_eq!(
            import_file("big.txt", &big).map_err(|e| e.to_string()),
            Err("big.txt: 20,971,521 bytes, larger than the 20 MiB an article may be".into())
        );
        assert!(check_size("x", limits::MAX_FILE_BYTES).is_ok());
        let long = format!("题\n{}", "字".repeat(limits::MAX_TEXT_CHARS - 1));
        assert_eq!(
            import_file("long.txt", long.as_bytes()).map_err(|e| e.to_string()),
            Err("long.txt: 200,001 characters of text, more than the 200,000 a document may have".into())
        );
        let deep = format!("<p>{}深处</p>", "<div>".repeat(limits::MAX_HTML_DEPTH + 1));
        assert_eq!(
            import_file("deep.md", deep.as_bytes()).map_err(|e| e.to_string()),
            Err("deep.md: HTML nested more than 512 elements deep, too deep to read in reasonable time".into())
        );
    }
}
