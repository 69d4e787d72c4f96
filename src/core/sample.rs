//! The article shown on a first visit, written for this project in the corpus format.

/// File name under which the sample is imported (shown in its metadata).
pub const SAMPLE_FILE_NAME: &str = "sample-article.md";

/// The sample article's bytes, in the same Markdown + HTML form as crawled articles.
pub const SAMPLE_ARTICLE: &str = include_str!("../../assets/sample-article.md");
