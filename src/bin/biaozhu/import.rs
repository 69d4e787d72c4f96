//! `biaozhu import FILE...`: one JSON document per line.

use crate::cli::USAGE;
use biaozhu::core::import::{check_size, import_file};
use std::io::{self, BufWriter, Write};

/// Prints every file that imports; reports every one that does not, and fails if any did not.
pub fn run(files: &[String]) -> i32 {
    if files.is_empty() {
        eprintln!("biaozhu import: no files given\n\n{USAGE}");
        return 2;
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0;
    for path in files {
        let name = std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned());
        let result = read_within_limit(path)
            .map_err(|e| format!("{path}: {e}"))
            .and_then(|bytes| {
                import_file(name.as_deref().unwrap_or(path), &bytes)
                    .map_err(|e| format!("{path}: {}", without_name(&e.to_string())))
            })
            .and_then(|doc| serde_json::to_string(&doc).map_err(|e| format!("{path}: {e}")));
        match result {
            Ok(line) => {
                if let Err(e) = writeln!(out, "{line}") {
                    eprintln!("biaozhu import: cannot write output: {e}");
                    return 1;
                }
            }
            Err(reason) => {
                failed += 1;
                let _ = out.flush();
                eprintln!("biaozhu import: {reason}");
            }
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("biaozhu import: cannot write output: {e}");
        return 1;
    }
    i32::from(failed > 0)
}

/// Import errors start with the file name; the CLI names the path instead.
fn without_name(message: &str) -> &str {
    message.split_once(": ").map_or(message, |(_, reason)| reason)
}

/// The bytes of a file, unless it is larger than an article may be (checked before reading it);
/// the error says why, without the path.
pub fn read_within_limit(path: &str) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    check_size(path, size).map_err(|e| without_name(&e.to_string()).to_string())?;
    std::fs::read(path).map_err(|e| e.to_string())
}
