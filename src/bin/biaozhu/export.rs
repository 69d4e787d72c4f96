//! `biaozhu export --format FORMAT [--layer LAYER] FILE... -o OUT`: converts native exports
//! (`.json` or `.jsonl`, as the app writes them) into another format.
//!
//! Every input is read and checked whole, and every span checked again by the writer, before
//! anything is written; the output goes to a temporary file that is renamed into place, so a
//! failed run never leaves a half-written or quietly wrong file behind.

use crate::cli::USAGE;
use biaozhu::core::export::{native_json_with_statuses, Statuses};
use biaozhu::core::formats::bio::{self, Scheme};
use biaozhu::core::formats::brat;
use biaozhu::core::formats::label_studio::{label_studio_config, label_studio_json};
use biaozhu::core::formats::{jsonl, read_native, spacy, w3c, Format, NativeCorpus};
use biaozhu::core::labels::{Label, LabelSet, Layer};
use biaozhu::core::model::Document;
use biaozhu::core::spans::DocSpans;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const COMMAND_USAGE: &str = "usage: biaozhu export --format native|jsonl|spacy|bio|bioes|brat|w3c|label-studio \
                             [--layer entity|figure|measure] FILE... -o OUT";

struct Args {
    format: Format,
    layer: Layer,
    files: Vec<String>,
    out: String,
}

/// Runs the command; returns the exit code (0 done, 1 a file or span failed, 2 usage).
pub fn run(args: &[String]) -> i32 {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{COMMAND_USAGE}");
            return 0;
        }
        Err(message) => {
            eprintln!("biaozhu export: {message}\n{COMMAND_USAGE}\n\n{USAGE}");
            return 2;
        }
    };
    match convert(&args) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("biaozhu export: {message}");
            1
        }
    }
}

/// The arguments, or `None` when help was asked for.
fn parse(args: &[String]) -> Result<Option<Args>, String> {
    let (mut format, mut layer, mut out, mut files) = (None, None, None, Vec::new());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value =
            |name: &str| inline.clone().or_else(|| it.next().cloned()).ok_or(format!("{name} needs a value"));
        match flag {
            "--format" | "-f" => {
                let v = value("--format")?;
                format = Some(Format::parse(&v).ok_or(format!("unknown format '{v}'"))?);
            }
            "--layer" | "-l" => {
                let v = value("--layer")?;
                layer = Some(Layer::ALL.into_iter().find(|l| l.as_str() == v).ok_or(format!("unknown layer '{v}'"))?);
            }
            "-o" | "--output" => out = Some(value("-o")?),
            "-h" | "--help" => return Ok(None),
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown option '{f}'")),
            _ => files.push(arg.clone()),
        }
    }
    let format = format.ok_or("--format is required")?;
    if layer.is_some() && !format.is_per_layer() {
        return Err(format!("--layer is for bio and bioes; {} writes every layer", format.as_str()));
    }
    if files.is_empty() {
        return Err("no input files given".into());
    }
    let out = out.ok_or("-o OUT is required")?;
    Ok(Some(Args { format, layer: layer.unwrap_or(Layer::Entity), files, out }))
}

/// Reads every input, then writes the output.
fn convert(args: &Args) -> Result<(), String> {
    let corpus = read_all(&args.files)?;
    let docs = corpus.pairs();
    let labels = &corpus.labels;
    let fail = |e: biaozhu::core::formats::FormatError| e.to_string();
    let suggestions: usize = docs.iter().map(|(_, s)| s.annotations().iter().filter(|a| a.unconfirmed).count()).sum();
    let text = match args.format {
        Format::Native => native_json_with_statuses(labels, &docs, &corpus.statuses).map_err(|e| e.to_string())?,
        Format::Jsonl => jsonl::native_jsonl(labels, &docs, &corpus.statuses).map_err(fail)?,
        Format::Spacy => spacy::spacy_jsonl(labels, &docs).map_err(fail)?,
        Format::Bio | Format::Bioes => {
            let scheme = if args.format == Format::Bio { Scheme::Bio } else { Scheme::Bioes };
            let out = bio::bio(labels, &docs, args.layer, scheme).map_err(fail)?;
            for dropped in &out.dropped {
                eprintln!("biaozhu export: warning: {dropped}");
            }
            out.conll
        }
        Format::W3c => w3c::w3c_json(labels, &docs).map_err(fail)?,
        Format::LabelStudio => {
            let tasks = label_studio_json(labels, &docs).map_err(fail)?;
            if args.out != "-" {
                let config = config_path(&args.out);
                write_atomically(&config, label_studio_config(labels).as_bytes())?;
                eprintln!("biaozhu export: the Label Studio labeling configuration is in {}", config.display());
            }
            tasks
        }
        Format::Brat => return write_brat(labels, &docs, &args.out, suggestions),
    };
    if args.format.is_training() && suggestions > 0 {
        eprintln!("biaozhu export: {suggestions} unconfirmed suggestion(s) left out");
    }
    if args.out == "-" {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        return stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).map_err(|e| format!("stdout: {e}"));
    }
    write_atomically(Path::new(&args.out), text.as_bytes())
}

/// brat: a `.zip`, or a directory of files when OUT does not end in `.zip`.
fn write_brat(labels: &LabelSet, docs: &[(&Document, &DocSpans)], out: &str, suggestions: usize) -> Result<(), String> {
    if out == "-" {
        return Err("brat writes a .zip or a directory: give -o a path".into());
    }
    if out.to_ascii_lowercase().ends_with(".zip") {
        let zip = brat::brat_zip(labels, docs).map_err(|e| e.to_string())?;
        write_atomically(Path::new(out), &zip)?;
    } else {
        let files = brat::brat_files(labels, docs).map_err(|e| e.to_string())?;
        let dir = Path::new(out);
        std::fs::create_dir_all(dir).map_err(|e| format!("{out}: {e}"))?;
        for (name, contents) in files {
            write_atomically(&dir.join(name), contents.as_bytes())?;
        }
    }
    if suggestions > 0 {
        eprintln!("biaozhu export: {suggestions} unconfirmed suggestion(s) left out");
    }
    Ok(())
}

/// `tasks.json` → `tasks.label-config.xml`.
fn config_path(out: &str) -> PathBuf {
    let path = Path::new(out);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "label-studio".into());
    path.with_file_name(format!("{stem}.label-config.xml"))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("{}: {e}", path.display())
    })
}

/// Reads and merges native exports. Labels given in several files must agree; a document may
/// appear in one file only.
pub fn read_all(files: &[String]) -> Result<NativeCorpus, String> {
    let mut labels: Vec<Label> = Vec::new();
    let mut documents = Vec::new();
    let mut statuses = Statuses::new();
    let mut seen: HashSet<String> = HashSet::new();
    for path in files {
        let corpus = read_one(path)?;
        for label in corpus.labels.iter() {
            match labels.iter().find(|l| l.id == label.id) {
                Some(known) if known != label => {
                    return Err(format!("{path}: label {} differs from the one in an earlier file", label.id))
                }
                Some(_) => {}
                None => labels.push(label.clone()),
            }
        }
        for (doc, spans) in corpus.documents {
            if !seen.insert(doc.id.clone()) {
                return Err(format!("{path}: document {} is also in an earlier file", doc.id));
            }
            documents.push((doc, spans));
        }
        statuses.extend(corpus.statuses);
    }
    let labels =
        LabelSet::try_from(labels).map_err(|e| format!("the label sets of the files do not fit together: {e}"))?;
    Ok(NativeCorpus { labels, documents, statuses })
}

/// One native export, read and checked.
pub fn read_one(path: &str) -> Result<NativeCorpus, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{path}: not UTF-8 text (at byte {})", e.utf8_error().valid_up_to()))?;
    read_native(&text).map_err(|e| format!("{path}: {e}"))
}
