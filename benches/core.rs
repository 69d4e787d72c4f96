//! Native benchmarks of the core (criterion): import of article files (the project's fixtures,
//! and every article of `../shared/corpus` when that folder is there), the render plan of the
//! long document, and its exports. `cargo bench --bench core`; see BENCHMARKS.md.
//!
//! Each import group first prints a plain `MB/s` line (decimal megabytes of input a second), then
//! criterion's measurement (with `Throughput::Bytes`, which criterion reports in MiB/s).

#[cfg(not(target_arch = "wasm32"))]
#[path = "shared/long_doc.rs"]
mod long_doc;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::long_doc::long_document;
    use biaozhu::core::export::native_json;
    use biaozhu::core::formats::brat::brat_zip;
    use biaozhu::core::formats::spacy::spacy_jsonl;
    use biaozhu::core::import::import_file;
    use biaozhu::core::labels::LabelSet;
    use biaozhu::core::render_plan::{plan, replan};
    use criterion::{criterion_group, Criterion, Throughput};
    use std::hint::black_box;
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    /// The project's own article fixtures (name, bytes): every kind of file the importer reads.
    fn fixtures() -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .expect("tests/fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "html" || x == "txt"))
            .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?)))
            .collect();
        files.sort();
        files
    }

    /// Every article of `../shared/corpus` (name, bytes), in its subfolders, in path order; `None`
    /// when the folder is absent.
    fn corpus() -> Option<Vec<(String, Vec<u8>)>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut dirs: Vec<PathBuf> =
            std::fs::read_dir(&root).ok()?.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        while let Some(dir) = dirs.pop() {
            for path in std::fs::read_dir(&dir).ok()?.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        let files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(p).ok()?)))
            .collect();
        (!files.is_empty()).then_some(files)
    }

    fn import_all(files: &[(String, Vec<u8>)]) {
        for (name, data) in files {
            let _ = black_box(import_file(black_box(name), black_box(data)));
        }
    }

    /// Imports `files` over and over for about two seconds and prints the throughput in MB/s.
    fn print_throughput(what: &str, files: &[(String, Vec<u8>)]) {
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        import_all(files); // warm up
        let started = Instant::now();
        let mut passes = 0u32;
        while started.elapsed() < Duration::from_secs(2) || passes < 3 {
            import_all(files);
            passes += 1;
        }
        let seconds = started.elapsed().as_secs_f64();
        let mb_per_s = bytes as f64 * f64::from(passes) / seconds / 1e6;
        println!(
            "import {what}: {mb_per_s:.1} MB/s ({} files, {:.1} kB, {passes} passes in {seconds:.2} s)",
            files.len(),
            bytes as f64 / 1e3
        );
    }

    fn import(c: &mut Criterion) {
        let files = fixtures();
        print_throughput("fixtures", &files);
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let mut group = c.benchmark_group("import");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("fixtures", |b| b.iter(|| import_all(&files)));
        group.finish();
    }

    fn import_corpus(c: &mut Criterion) {
        let Some(files) = corpus() else {
            eprintln!("skipping the corpus import benchmark: ../shared/corpus not found");
            return;
        };
        print_throughput("corpus", &files);
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let mut group = c.benchmark_group("import");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("corpus", |b| b.iter(|| import_all(&files)));
        group.finish();
    }

    fn render_and_export(c: &mut Criterion) {
        let (doc, spans) = long_document();
        let labels = LabelSet::defaults();
        let mut group = c.benchmark_group("long document (100,000 characters, 5,000 spans)");
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("render plan", |b| b.iter(|| black_box(plan(&doc, spans.annotations(), |_| true))));
        let planned = plan(&doc, spans.annotations(), |_| true);
        group.bench_function("replan after an edit", |b| {
            b.iter(|| black_box(replan(Some(&planned), &doc, spans.annotations(), |_| true)))
        });
        group.bench_function("export native JSON", |b| b.iter(|| black_box(native_json(&labels, &[(&doc, &spans)]))));
        group.bench_function("export spaCy JSONL", |b| b.iter(|| black_box(spacy_jsonl(&labels, &[(&doc, &spans)]))));
        group.bench_function("export brat zip", |b| b.iter(|| black_box(brat_zip(&labels, &[(&doc, &spans)]))));
        group.finish();
    }

    criterion_group!(benches, import, import_corpus, render_and_export);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
