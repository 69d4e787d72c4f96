//! Throughput of the figure recogniser over the shared corpus, repeated to a few MB of text.
//!
//! `cargo bench --bench recognize` prints a plain `MB/s` line, then criterion's measurement
//! (with `Throughput::Bytes`). Skipped, with a message, when `../shared/corpus` is absent.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use biaozhu::core::import::import_file;
    use biaozhu::core::recognize::recognize;
    use criterion::{criterion_group, Criterion, Throughput};
    use std::hint::black_box;
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// How much text one pass reads.
    const TARGET_BYTES: usize = 4 << 20;

    /// The canonical texts of every corpus article, in file-name order.
    fn corpus_texts() -> Option<Vec<String>> {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let mut paths = Vec::new();
        for sub in ["sina", "other"] {
            for entry in std::fs::read_dir(corpus.join(sub)).ok()? {
                paths.push(entry.ok()?.path());
            }
        }
        paths.sort();
        let texts: Vec<String> = paths
            .iter()
            .filter_map(|path| {
                let bytes = std::fs::read(path).ok()?;
                let name = path.file_name()?.to_string_lossy().into_owned();
                import_file(&name, &bytes).ok().map(|doc| doc.text)
            })
            .collect();
        (!texts.is_empty()).then_some(texts)
    }

    fn bench(c: &mut Criterion) {
        let Some(texts) = corpus_texts() else {
            eprintln!("skipping the recognize benchmark: ../shared/corpus not found");
            return;
        };
        let article = texts.join("\n");
        let mut text = String::with_capacity(TARGET_BYTES + article.len());
        while text.len() < TARGET_BYTES {
            text.push_str(&article);
            text.push('\n');
        }
        // A plain measurement first, for a number to read without criterion's report.
        let figures = recognize(&text).len();
        let started = Instant::now();
        let mut passes = 0u32;
        while started.elapsed() < Duration::from_secs(3) || passes < 3 {
            black_box(recognize(black_box(&text)));
            passes += 1;
        }
        let seconds = started.elapsed().as_secs_f64();
        let mb_per_s = text.len() as f64 * f64::from(passes) / seconds / 1e6;
        println!(
            "recognize: {mb_per_s:.1} MB/s ({} articles repeated to {:.1} MB, {figures} figures a pass, {passes} passes in {seconds:.2} s)",
            texts.len(),
            text.len() as f64 / 1e6
        );

        let mut group = c.benchmark_group("recognize");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(10);
        group.bench_function("corpus", |b| b.iter(|| recognize(black_box(&text))));
        group.finish();
    }

    criterion_group!(benches, bench);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
