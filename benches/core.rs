//! Native benchmarks of the core (criterion): import of article files, the render plan of the
//! long document, and its exports. `cargo bench --bench core`; see BENCHMARKS.md.

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
    use biaozhu::core::render_plan::plan;
    use criterion::{criterion_group, Criterion, Throughput};
    use std::hint::black_box;
    use std::path::Path;
    use std::time::Duration;

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

    fn import(c: &mut Criterion) {
        let files = fixtures();
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let mut group = c.benchmark_group("import");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("fixtures", |b| {
            b.iter(|| {
                for (name, data) in &files {
                    let _ = black_box(import_file(name, data));
                }
            })
        });
        group.finish();
    }

    fn render_and_export(c: &mut Criterion) {
        let (doc, spans) = long_document();
        let labels = LabelSet::defaults();
        let refs: Vec<_> = spans.annotations().iter().collect();
        let mut group = c.benchmark_group("long document (100,000 characters, 5,000 spans)");
        group.measurement_time(Duration::from_secs(5));
        group.bench_function("render plan", |b| b.iter(|| black_box(plan(&doc, &refs))));
        group.bench_function("export native JSON", |b| b.iter(|| black_box(native_json(&labels, &[(&doc, &spans)]))));
        group.bench_function("export spaCy JSONL", |b| b.iter(|| black_box(spacy_jsonl(&labels, &[(&doc, &spans)]))));
        group.bench_function("export brat zip", |b| b.iter(|| black_box(brat_zip(&labels, &[(&doc, &spans)]))));
        group.finish();
    }

    criterion_group!(benches, import, render_and_export);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
