//! `biaozhu validate FILE...`: reads native exports (`.json`, `.jsonl`) the way an import
//! does, checking every document, label and span offset, and prints a summary per file.
//! A file with a problem is named on stderr with the first problem; the exit code is then 1.

use crate::cli::USAGE;
use crate::export::read_one;
use biaozhu::core::labels::Layer;

/// Runs the command; returns the exit code (0 every file valid, 1 a problem, 2 usage).
pub fn run(files: &[String]) -> i32 {
    if files.iter().any(|f| f == "-h" || f == "--help") {
        println!("usage: biaozhu validate FILE...");
        return 0;
    }
    if files.is_empty() {
        eprintln!("biaozhu validate: no files given\n\n{USAGE}");
        return 2;
    }
    let mut failed = 0;
    for path in files {
        match read_one(path) {
            Ok(corpus) => {
                let spans = || corpus.documents.iter().flat_map(|(_, s)| s.annotations());
                let layer = |layer: Layer| spans().filter(|a| a.layer == layer).count();
                let unconfirmed = spans().filter(|a| a.unconfirmed).count();
                let relations: usize = corpus.documents.iter().map(|(_, s)| s.relations().len()).sum();
                println!(
                    "{path}: ok: {} documents, {} spans (entity {}, figure {}, measure {}; {unconfirmed} unconfirmed), \
                     {relations} relations, {} labels; every offset checks",
                    corpus.documents.len(),
                    corpus.span_count(),
                    layer(Layer::Entity),
                    layer(Layer::Figure),
                    layer(Layer::Measure),
                    corpus.labels.len(),
                );
            }
            Err(problem) => {
                failed += 1;
                eprintln!("biaozhu validate: {problem}");
            }
        }
    }
    if files.len() > 1 {
        println!("{} files, {} valid, {failed} with problems", files.len(), files.len() - failed);
    }
    i32::from(failed > 0)
}
