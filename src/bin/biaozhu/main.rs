//! `biaozhu`: the command-line tool over the same core as the web app, for batch work.
//!
//! ```text
//! biaozhu import FILE...    one JSON document per line on stdout
//! biaozhu export --format F [--layer L] FILE... -o OUT    convert native exports
//! biaozhu validate FILE...  check native exports, print a summary
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

// The web build compiles every binary of the crate; the command line has nothing to do there.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod export;
#[cfg(not(target_arch = "wasm32"))]
mod import;
#[cfg(not(target_arch = "wasm32"))]
mod suggest;
#[cfg(not(target_arch = "wasm32"))]
mod validate;

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    /// One line per command; each command's own usage line says more.
    pub const USAGE: &str = "usage: biaozhu COMMAND ...\n\n\
        import FILE...   read article files (.md posts with front matter, .html, .txt) and print one JSON\n                 \
        document per line: id, title, meta, text, blocks (offsets in Unicode code points)\n\
        suggest [--native] [-o OUT] FILE...   find figures: one JSON line each, or --native: an export with them as suggestions\n\
        export --format F [--layer L] FILE... -o OUT   convert native exports (.json, .jsonl) to F: native, jsonl, spacy, bio, bioes (one layer L), brat (.zip or directory), w3c, label-studio\n\
        validate FILE... check every offset of native exports and print a summary";

    /// Runs a command line; returns the process exit code.
    pub fn run(args: Vec<String>) -> i32 {
        match args.first().map(String::as_str) {
            Some("import") => super::import::run(&args[1..]),
            Some("suggest") => super::suggest::run(&args[1..]),
            Some("export") => super::export::run(&args[1..]),
            Some("validate") => super::validate::run(&args[1..]),
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                0
            }
            Some("-V" | "--version") => {
                println!("biaozhu {}", env!("CARGO_PKG_VERSION"));
                0
            }
            Some(other) => {
                eprintln!("biaozhu: unknown command '{other}'\n\n{USAGE}");
                2
            }
            None => {
                eprintln!("{USAGE}");
                2
            }
        }
    }
}
