//! `embed_files!("tests/fixtures", "../shared/corpus/sina")`: a `&[(&str, &[u8])]` of every file
//! in those folders (relative to the crate being compiled), each as its file name and its bytes
//! (`include_bytes!`), in order of name. A folder that is not there gives no files, so a test can
//! embed what is at hand and say what it skipped.
//!
//! Edits to an embedded file rebuild the test (the compiler tracks `include_bytes!`); a file
//! added to a folder is seen at the next build of the test for another reason.

use proc_macro::{Literal, TokenStream, TokenTree};
use std::path::PathBuf;

#[proc_macro]
pub fn embed_files(input: TokenStream) -> TokenStream {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for token in input {
        let TokenTree::Literal(literal) = token else { continue }; // the commas
        let Some(folder) = literal.to_string().strip_prefix('"').and_then(|s| s.strip_suffix('"')).map(str::to_string)
        else {
            return compile_error("embed_files! takes folder names as string literals");
        };
        let Ok(entries) = std::fs::read_dir(root.join(&folder)) else { continue };
        let mut found: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        found.sort();
        files.extend(found);
    }
    let mut out = String::from("&[");
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let name = Literal::string(&name);
        let path = Literal::string(&path.to_string_lossy());
        out.push_str(&format!("({name}, include_bytes!({path}) as &[u8]),"));
    }
    out.push(']');
    out.parse().unwrap_or_else(|_| compile_error("embed_files! could not write the list"))
}

fn compile_error(message: &str) -> TokenStream {
    format!("compile_error!({})", Literal::string(message)).parse().unwrap_or_default()
}
