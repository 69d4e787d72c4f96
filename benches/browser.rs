//! The browser benchmark: drives the release build in headless Chromium as an analyst would and
//! reads the times from the page's own clock (`performance.now()`), so WebDriver's round trips
//! are not counted. Prints one JSON object, then a table. See BENCHMARKS.md for what each figure
//! means; `scripts/bench.sh` builds the app and runs this.
//!
//! It reports, it does not judge: no figure fails the run.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/mod.rs"]
mod support;

#[cfg(not(target_arch = "wasm32"))]
#[path = "shared/long_doc.rs"]
mod long_doc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(native::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::long_doc::{long_document as generated, LONG_CHARS};
    use super::support::page::{chord, press};
    use super::support::{built_dist_dir, Browser, TempDir};
    use biaozhu::core::export::native_json;
    use biaozhu::core::labels::LabelSet;
    use serde_json::json;
    use std::path::PathBuf;
    use std::time::Duration;
    use thirtyfour::cdp::Cdp;
    use thirtyfour::prelude::*;

    /// With `BZ_PROFILE=DIR`, a CPU profile of each timed phase is written to `DIR/<phase>.cpuprofile`
    /// (Chrome DevTools' format, sampled every 0.1 ms). Rust functions have their names in it when
    /// the app was built with them (see BENCHMARKS.md).
    struct Profiler {
        tools: Option<(Cdp, PathBuf)>,
    }

    impl Profiler {
        fn new(browser: &Browser) -> Self {
            let dir = std::env::var_os("BZ_PROFILE").map(PathBuf::from);
            Profiler { tools: dir.map(|dir| (browser.driver().cdp(), dir)) }
        }

        async fn start(&self) {
            if let Some((tools, _)) = &self.tools {
                tools.send_raw("Profiler.enable", json!({})).await.expect("the profiler starts");
                tools
                    .send_raw("Profiler.setSamplingInterval", json!({ "interval": 100 }))
                    .await
                    .expect("the sampling interval is set");
                tools.send_raw("Profiler.start", json!({})).await.expect("the profiler starts");
            }
        }

        async fn stop(&self, phase: &str) {
            if let Some((tools, dir)) = &self.tools {
                let result = tools.send_raw("Profiler.stop", json!({})).await.expect("the profiler stops");
                std::fs::create_dir_all(dir).expect("the profile folder can be made");
                let path = dir.join(format!("{phase}.cpuprofile"));
                std::fs::write(&path, result["profile"].to_string()).expect("the profile is written");
                eprintln!("profile of {phase}: {}", path.display());
            }
        }
    }

    /// Repetitions of each edit, for p50 / p95.
    const EDITS: usize = 40;
    const CORPUS: usize = 1_000;
    const LONG_WAIT: Duration = Duration::from_secs(300);

    fn corpus_post(i: usize) -> String {
        let paragraph = "上海市金融监管局介绍，今年以来全市普惠小微贷款余额同比增长，新增首贷户，平均利率下降。";
        format!(
            "---\ntitle: '语料文章 {i:04}'\ndate: Mon, 09 Aug 2021 06:59:27 GMT\n---\n<div><p>第{i}篇。{}</p><p>{}</p></div>\n",
            paragraph.repeat(8),
            paragraph.repeat(6)
        )
    }

    /// Page-side helpers: a clock started by the next key press (or by `__bz.start()`), and a
    /// watcher that stamps the time when a condition first holds after a DOM change (with the
    /// layout that change needs done).
    const INSTALL: &str = r#"
        window.__bz = { t0: 0, done: null, obs: null, longest: 0, shown: [] };
        // Key press → the next frame presented after its handling (Event Timing; the browser
        // reports only keys slower than 16 ms, in steps of 8 ms).
        new PerformanceObserver(list => {
            for (const e of list.getEntries()) if (e.name === 'keydown') window.__bz.shown.push(e.duration);
        }).observe({ type: 'event', durationThreshold: 16 });
        addEventListener('keydown', () => { window.__bz.t0 = performance.now(); }, true);
        new PerformanceObserver(list => {
            for (const e of list.getEntries()) window.__bz.longest = Math.max(window.__bz.longest, e.duration);
        }).observe({ type: 'longtask' });
        window.__bz.arm = (cond) => {
            const bz = window.__bz;
            bz.done = null;
            if (bz.obs) bz.obs.disconnect();
            if (cond()) { bz.done = performance.now(); return; }
            bz.obs = new MutationObserver(() => {
                if (bz.done === null && cond()) {
                    document.body.offsetHeight;
                    bz.done = performance.now();
                    bz.obs.disconnect();
                }
            });
            bz.obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        };
    "#;

    /// Lets the page finish drawing what the set-up just scrolled to (blocks coming into view
    /// are laid out a frame after the scroll), as it has while an analyst selects text, so that
    /// a timed key does not pay for the benchmark's own scrolling.
    async fn settle(browser: &Browser) {
        browser
            .driver()
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))));",
                Vec::new(),
            )
            .await
            .expect("the page draws");
    }

    /// Waits for the armed condition; returns the milliseconds since the clock started.
    async fn elapsed(browser: &Browser, what: &str) -> f64 {
        let deadline = std::time::Instant::now() + LONG_WAIT;
        loop {
            let v = browser.js("return window.__bz.done === null ? null : window.__bz.done - window.__bz.t0;").await;
            if let Some(ms) = v.as_f64() {
                return ms;
            }
            assert!(std::time::Instant::now() < deadline, "{what}: the page never showed the change");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Milliseconds from the last key press until the page stamped `data-<stamp>` on its body
    /// after it (its clock is `Date.now()`, so the key's time is moved to the same origin): the
    /// app stamps `data-journaled-at` when a save is written down in its journal in local storage,
    /// and `data-saved-at` when IndexedDB has committed it.
    async fn stamped_since_key(browser: &Browser, stamp: &str) -> f64 {
        let at = format!("Number(document.body.getAttribute('data-{stamp}') || 0)");
        let key = "(performance.timeOrigin + window.__bz.t0)";
        browser.wait_until_js(&format!("the edit is stamped {stamp}"), &format!("{at} >= {key}"), LONG_WAIT).await;
        browser.js(&format!("return {at} - {key};")).await.as_f64().unwrap_or(f64::NAN)
    }

    /// The Event Timing durations of the last `keys` key presses. A key shown within 16 ms is
    /// not reported by the browser: it counts as 16.
    async fn shown_since_reset(browser: &Browser, keys: usize) -> Vec<f64> {
        // Entries reach the observer a frame or so after the key.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let reported = browser.js("return window.__bz.shown;").await;
        let mut shown: Vec<f64> = reported.as_array().into_iter().flatten().filter_map(|v| v.as_f64()).collect();
        shown.resize(keys.max(shown.len()), 16.0);
        shown
    }

    fn percentile(samples: &[f64], p: f64) -> f64 {
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        if sorted.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
        sorted[rank]
    }

    /// Opens the document titled `title` from the list; milliseconds from the click until its
    /// article is in the page and laid out.
    async fn open_timed(browser: &Browser, title: &str) -> f64 {
        browser.js_with(r#"const title = arguments[0];
               window.__bz.arm(() => { const h = document.querySelector('h1.doc-title'); return h && h.textContent === title; });
               const b = Array.from(document.querySelectorAll('.doc-item-title')).find(b => b.textContent === title);
               window.__bz.t0 = performance.now();
               b.click();"#,
            vec![json!(title)],
        )
        .await;
        elapsed(browser, &format!("opening {title}")).await
    }

    struct LongDoc {
        render: Vec<f64>,
        /// Click → the last block of the article is in the page.
        render_all: Vec<f64>,
        tag: Vec<f64>,
        /// Key press → the save that holds the new span written down in the journal.
        saved: Vec<f64>,
        /// Key press → that save committed in IndexedDB.
        committed: Vec<f64>,
        /// Key press → the frame showing the new span presented (Event Timing).
        shown: Vec<f64>,
        delete: Vec<f64>,
        undo: Vec<f64>,
        longest_task: f64,
        /// Key press → a two-character change made by the page itself presented (no app code).
        floor_shown: Vec<f64>,
    }

    async fn long_document(dir: &TempDir) -> LongDoc {
        let (doc, spans) = generated();
        let export = dir.write("long.json", native_json(&LabelSet::defaults(), &[(&doc, &spans)]).expect("checks"));
        let browser = Browser::launch().await;
        browser.open_app().await;
        browser.js(INSTALL).await;
        let sample = browser.text_content("h1.doc-title").await.unwrap_or_default();
        browser.upload_to("#import-input", &[export]).await;
        browser
            .wait_until_js(
                "the long document is listed",
                "document.querySelectorAll('.doc-item').length === 2",
                LONG_WAIT,
            )
            .await;

        // Whichever document the import left open, start from the sample: every timed opening
        // then changes the page.
        if browser.text_content("h1.doc-title").await.as_deref() != Some(sample.as_str()) {
            open_timed(&browser, &sample).await;
        }
        let profiler = Profiler::new(&browser);
        profiler.start().await;
        let mut render = Vec::new();
        let mut render_all = Vec::new();
        for i in 0..5 {
            if i > 0 {
                open_timed(&browser, &sample).await;
            }
            render.push(open_timed(&browser, "长文档基准").await);
            // The rest of the article follows in slices: until its last block is in the page.
            let last = format!("!!document.querySelector('.doc-body [data-block=\"{}\"]')", doc.blocks.len() - 1);
            browser.js(&format!("window.__bz.arm(() => {last});")).await;
            render_all.push(elapsed(&browser, "drawing the whole long document").await);
        }
        let spans = browser.count(".seg-tagged").await;
        eprintln!("long document: {} characters drawn, {spans} tagged segments", LONG_CHARS);

        profiler.stop("render").await;
        profiler.start().await;
        let mut tag = Vec::new();
        let (mut saved, mut committed) = (Vec::new(), Vec::new());
        browser.js("window.__bz.shown = [];").await;
        for i in 0..EDITS {
            // Two characters at the start of an untagged run, spread over the document.
            let start = browser.js_with(r#"const runs = Array.from(document.querySelectorAll('.doc-body .seg:not(.seg-tagged)')).filter(s => s.textContent.length >= 6);
                   const seg = runs[Math.floor(runs.length * arguments[0])];
                   seg.scrollIntoView({ block: 'center' });
                   const range = document.createRange();
                   range.setStart(seg.firstChild, 1); range.setEnd(seg.firstChild, 3);
                   const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
                   seg.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
                   const s = String(Number(seg.dataset.s) + 1);
                   window.__bz.arm(() => !!document.querySelector('.seg-tagged[data-s="' + s + '"]'));
                   return s;"#,
                vec![json!((i as f64 + 0.5) / EDITS as f64)],
            )
            .await;
            settle(&browser).await;
            press(&browser, "1").await;
            tag.push(elapsed(&browser, &format!("tagging at {start}")).await);
            saved.push(stamped_since_key(&browser, "journaled-at").await);
            committed.push(stamped_since_key(&browser, "saved-at").await);
        }

        let shown = shown_since_reset(&browser, EDITS).await;
        profiler.stop("tag").await;
        profiler.start().await;
        let mut delete = Vec::new();
        let mut undo = Vec::new();
        for i in 0..EDITS {
            let id = browser.js_with(r#"const one = Array.from(document.querySelectorAll('.doc-body .seg-tagged[data-spans]')).filter(s => !s.dataset.spans.includes(' '));
                   const seg = one[Math.floor(one.length * arguments[0])];
                   seg.scrollIntoView({ block: 'center' });
                   getSelection().removeAllRanges();
                   seg.click();
                   return seg.dataset.spans;"#,
                vec![json!((i as f64 + 0.25) / EDITS as f64)],
            )
            .await;
            let id = id.as_str().expect("a span id").to_string();
            browser
                .wait_until_js(
                    "the span is selected",
                    &format!("!!document.querySelector('.seg-selected[data-spans~=\"{id}\"]')"),
                    LONG_WAIT,
                )
                .await;
            browser
                .js_with(
                    "window.__bz.arm(() => !document.querySelector('[data-spans~=\"' + arguments[0] + '\"]'));",
                    vec![json!(id)],
                )
                .await;
            settle(&browser).await;
            press(&browser, &Key::Delete.value().to_string()).await;
            delete.push(elapsed(&browser, "deleting").await);
            browser
                .js_with(
                    "window.__bz.arm(() => !!document.querySelector('[data-spans~=\"' + arguments[0] + '\"]'));",
                    vec![json!(id)],
                )
                .await;
            chord(&browser, &[Key::Control], "z").await;
            undo.push(elapsed(&browser, "undoing").await);
        }

        profiler.stop("delete-undo").await;
        profiler.start().await;

        // Scroll from top to bottom, a screen per frame, and keep the longest task seen.
        browser.js("window.__bz.longest = 0; getSelection().removeAllRanges();").await;
        let longest_task = browser
            .driver()
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   let el = document.querySelector('article.doc');
                   while (el && !(el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(el).overflowY))) el = el.parentElement;
                   el = el || document.scrollingElement;
                   el.scrollTop = 0;
                   const step = () => {
                       el.scrollTop += el.clientHeight * 0.8;
                       if (el.scrollTop + el.clientHeight < el.scrollHeight - 5) requestAnimationFrame(step);
                       else setTimeout(() => done(window.__bz.longest), 300);
                   };
                   requestAnimationFrame(step);"#,
                Vec::new(),
            )
            .await
            .expect("the scroll runs")
            .json()
            .as_f64()
            .unwrap_or(f64::NAN);
        profiler.stop("scroll").await;
        let floor_shown = long_floor(&browser).await;
        browser.quit().await;
        LongDoc { render, render_all, tag, saved, committed, shown, delete, undo, longest_task, floor_shown }
    }

    /// The floor under `tag_shown` on the long document itself: key `1` never reaches the app (a
    /// capturing listener on the window takes it), which instead wraps the two characters
    /// selected, in the article as the app drew it, in a `<mark>`; 40 places spread over the
    /// document, as the tags were → the frame presented (Event Timing). What this browser takes to
    /// show the smallest change to a page this size, with no app code in the key's task.
    async fn long_floor(browser: &Browser) -> Vec<f64> {
        browser
            .js(r#"addEventListener('keydown', e => {
                       if (e.key !== '1') return;
                       e.stopImmediatePropagation(); e.preventDefault();
                       const range = getSelection().getRangeAt(0);
                       range.surroundContents(document.createElement('mark'));
                   }, true);
                   window.__bz.shown = [];"#)
            .await;
        for i in 0..EDITS {
            browser
                .js_with(
                    r#"const runs = Array.from(document.querySelectorAll('.doc-body .seg:not(.seg-tagged)')).filter(s => s.firstChild && s.firstChild.nodeType === 3 && s.textContent.length >= 6);
                       const seg = runs[Math.floor(runs.length * arguments[0])];
                       seg.scrollIntoView({ block: 'center' });
                       const range = document.createRange();
                       range.setStart(seg.firstChild, 1); range.setEnd(seg.firstChild, 3);
                       const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);"#,
                    vec![json!((i as f64 + 0.25) / EDITS as f64)],
                )
                .await;
            settle(browser).await;
            press(browser, "1").await;
        }
        settle(browser).await;
        shown_since_reset(browser, EDITS).await
    }

    /// A page with nothing but paragraphs and a key that wraps two characters in a mark and writes
    /// one small record to IndexedDB: its key → frame presented (Event Timing, as `tag_shown`)
    /// and key → write committed (as `tag_committed`) are what this browser on this machine takes to
    /// show any change at all and to store anything at all: the floors under those two figures.
    const FLOOR_PAGE: &str = r#"<!doctype html><meta charset="utf-8"><title>floor</title>
        <div id="app-root"><article class="doc"></article></div>
        <script>
            const doc = document.querySelector('article.doc');
            for (let i = 0; i < 60; i++) {
                const p = document.createElement('p');
                p.textContent = '上海市公安局于2021年8月9日发布通报，涉案金额7.4亿余元。'.repeat(6);
                doc.appendChild(p);
            }
            let n = 0, db = null;
            const open = indexedDB.open('floor', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('records');
            open.onsuccess = () => { db = open.result; window.floorReady = true; };
            addEventListener('keydown', () => {
                const tx = db.transaction('records', 'readwrite');
                tx.objectStore('records').put({ n, start: 60, end: 62, label: 'ORG' }, n);
                tx.oncomplete = () => { document.body.dataset.savedAt = Date.now(); };
                const p = doc.children[n++ % doc.children.length];
                const mark = document.createElement('mark');
                mark.textContent = p.firstChild.data.slice(0, 2);
                p.firstChild.data = p.firstChild.data.slice(2);
                p.insertBefore(mark, p.firstChild);
            });
        </script>"#;

    /// Key → frame presented and key → saved on the floor page, `EDITS` times each.
    async fn floors(dir: &TempDir) -> (Vec<f64>, Vec<f64>) {
        let root = dir.path().join("floor");
        std::fs::create_dir_all(&root).expect("the floor page's folder can be made");
        std::fs::write(root.join("index.html"), FLOOR_PAGE).expect("the floor page is written");
        let browser = Browser::launch_serving(&root).await;
        browser.open_app().await;
        browser.js(INSTALL).await;
        browser.wait_until_js("the floor page's database is open", "window.floorReady === true", LONG_WAIT).await;
        let mut saved = Vec::new();
        for _ in 0..EDITS {
            settle(&browser).await;
            press(&browser, "1").await;
            saved.push(stamped_since_key(&browser, "saved-at").await);
        }
        settle(&browser).await;
        let shown = shown_since_reset(&browser, EDITS).await;
        browser.quit().await;
        (shown, saved)
    }

    async fn corpus(dir: &TempDir) -> (f64, Vec<f64>) {
        let files: Vec<PathBuf> =
            (0..CORPUS).map(|i| dir.write(&format!("corpus-{i:04}.md"), corpus_post(i))).collect();
        let browser = Browser::launch().await;
        browser.open_app().await;
        browser.js(INSTALL).await;
        browser.js_with(r#"document.querySelector('#file-input').addEventListener('change', () => { window.__bz.t0 = performance.now(); }, true);
               window.__bz.arm(() => document.querySelectorAll('.doc-item').length === arguments[0]);"#,
            vec![json!(CORPUS + 1)],
        )
        .await;
        let profiler = Profiler::new(&browser);
        profiler.start().await;
        browser.upload(&files).await;
        let open = elapsed(&browser, "opening the corpus").await;
        profiler.stop("open-1000").await;
        profiler.start().await;
        let mut switch = Vec::new();
        for k in 0..11 {
            let i = (k * 97 + 13) % CORPUS;
            switch.push(open_timed(&browser, &format!("语料文章 {i:04}")).await);
        }
        profiler.stop("switch").await;
        browser.quit().await;
        (open, switch)
    }

    /// Gzipped size of the wasm and JavaScript the app ships (`gzip -9`, as a server would send).
    fn shipped_gzip_bytes() -> u64 {
        let mut total = 0;
        for entry in std::fs::read_dir(built_dist_dir()).expect("dist/ is readable").flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "wasm" || e == "js") {
                let out = std::process::Command::new("gzip").arg("-9c").arg(&path).output().expect("gzip runs");
                total += out.stdout.len() as u64;
            }
        }
        total
    }

    pub async fn run() {
        let dir = TempDir::new("bench");
        let (floor_shown, floor_committed) = floors(&dir).await;
        let long = long_document(&dir).await;
        // BZ_LONG_ONLY=1 skips the corpus (its figures print as null): for profiling the long document.
        let (open_1000, switch) =
            if std::env::var_os("BZ_LONG_ONLY").is_some() { (f64::NAN, Vec::new()) } else { corpus(&dir).await };
        let round = |x: f64| (x * 10.0).round() / 10.0;
        let report = json!({
            "render_ms": round(percentile(&long.render, 50.0)),
            "render_all_ms": round(percentile(&long.render_all, 50.0)),
            "tag_p50_ms": round(percentile(&long.tag, 50.0)),
            "tag_p95_ms": round(percentile(&long.tag, 95.0)),
            "tag_saved_p95_ms": round(percentile(&long.saved, 95.0)),
            "tag_committed_p95_ms": round(percentile(&long.committed, 95.0)),
            "tag_shown_p95_ms": round(percentile(&long.shown, 95.0)),
            "floor_shown_p95_ms": round(percentile(&floor_shown, 95.0)),
            "floor_committed_p95_ms": round(percentile(&floor_committed, 95.0)),
            "floor_long_shown_p95_ms": round(percentile(&long.floor_shown, 95.0)),
            "delete_p95_ms": round(percentile(&long.delete, 95.0)),
            "undo_p95_ms": round(percentile(&long.undo, 95.0)),
            "longest_task_ms": round(long.longest_task),
            "open_1000_ms": round(open_1000),
            "switch_doc_ms": round(percentile(&switch, 50.0)),
            "wasm_js_gzip_bytes": shipped_gzip_bytes(),
        });
        println!("{report}");
        let targets: [(&str, &str); 16] = [
            ("render_ms", "≤ 200"),
            ("render_all_ms", "—"),
            ("tag_p50_ms", "—"),
            ("tag_p95_ms", "≤ 16"),
            ("tag_saved_p95_ms", "≤ 16"),
            ("tag_committed_p95_ms", "—"),
            ("tag_shown_p95_ms", "≤ 16"),
            ("floor_shown_p95_ms", "—"),
            ("floor_committed_p95_ms", "—"),
            ("floor_long_shown_p95_ms", "—"),
            ("delete_p95_ms", "≤ 16"),
            ("undo_p95_ms", "≤ 16"),
            ("longest_task_ms", "≤ 50"),
            ("open_1000_ms", "≤ 3000"),
            ("switch_doc_ms", "≤ 50"),
            ("wasm_js_gzip_bytes", "≤ 358400"),
        ];
        println!("\n{:<20} {:>12}  {:>10}", "figure", "measured", "target");
        for (name, target) in targets {
            println!("{name:<20} {:>12}  {target:>10}", report[name].to_string());
        }
    }
}
