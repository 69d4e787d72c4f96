//! End to end: a backup downloaded from one browser and restored into a fresh one gives back
//! exactly the same corpus; restoring into a browser with work asks, and merging loses nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::page::{press, select, wait_listed};
use support::{Browser, TempDir, DEFAULT_TIMEOUT};

const LONG: Duration = Duration::from_secs(60);

/// Waits for a finished download whose name starts with `prefix`.
async fn downloaded(dir: &Path, prefix: &str) -> PathBuf {
    let deadline = Instant::now() + LONG;
    loop {
        let found = std::fs::read_dir(dir).ok().and_then(|entries| {
            entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                name.starts_with(prefix) && name.ends_with(".json")
            })
        });
        if let Some(path) = found {
            return path;
        }
        assert!(Instant::now() < deadline, "no download starting with {prefix} in {}", dir.display());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn wait_docs(browser: &Browser, n: usize) {
    browser
        .wait_until_js(
            &format!("{n} documents listed"),
            &format!("document.querySelectorAll('.doc-item').length === {n}"),
            LONG,
        )
        .await;
}

async fn backup(browser: &Browser) -> String {
    for old in std::fs::read_dir(browser.download_dir()).expect("downloads").filter_map(Result::ok) {
        std::fs::remove_file(old.path()).ok();
    }
    browser.wait_for("button#backup", DEFAULT_TIMEOUT).await.click().await.expect("backup");
    let path = downloaded(browser.download_dir(), "biaozhu-backup-").await;
    tokio::time::sleep(Duration::from_millis(300)).await; // let the download finish writing
    std::fs::read_to_string(path).expect("backup file")
}

async fn restore(browser: &Browser, file: &Path) {
    browser.upload_to("#restore-input", &[file.to_path_buf()]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_then_restore_into_a_fresh_browser_is_identical() {
    let dir = TempDir::new("backup");
    let files: Vec<_> = (0..3)
        .map(|i| {
            dir.write(
                &format!("{i}.md"),
                format!("---\ntitle: '备份{i}'\n---\n<p>　　上海市公安局第{i}次通报，挽回损失7.4亿余元。</p>\n"),
            )
        })
        .collect();
    let first = Browser::launch().await;
    first.open_app().await;
    first.upload(&files).await;
    wait_docs(&first, 4).await;
    first.wait_for_text("h1.doc-title", "备份2", LONG).await;
    select(&first, "上海市公安局", "上海市公安局").await;
    press(&first, "1").await;
    select(&first, "7.4亿余元", "7.4亿余元").await;
    press(&first, "5").await;
    wait_listed(&first, 2).await;
    first.js("const s = document.querySelector('.doc-item-current .status-select'); s.value = 'done'; s.dispatchEvent(new Event('change', {bubbles: true}));").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let original = backup(&first).await;
    assert!(original.contains("\"status\": \"done\""), "statuses are in the backup");
    let saved = dir.write("backup.json", &original);
    first.quit().await;

    let fresh = Browser::launch().await;
    fresh.open_app().await;
    wait_docs(&fresh, 1).await;
    restore(&fresh, &saved).await;
    wait_docs(&fresh, 4).await;
    fresh
        .wait_until_js(
            "the restored document shows its spans and status in the list",
            "Array.from(document.querySelectorAll('.doc-item')).some(i => i.querySelector('.doc-counts').textContent === '1·1·0' \
             && i.querySelector('.status-select').value === 'done')",
            LONG,
        )
        .await;
    let again = backup(&fresh).await;
    assert_eq!(again, original, "a restored backup backs up to the same bytes");

    // Restoring into a browser with work asks first; merging the same backup changes nothing.
    restore(&fresh, &saved).await;
    fresh.driver().accept_alert().await.expect("asked whether to merge");
    fresh.wait_for(".notice-info", LONG).await;
    let info = fresh.text_contents(".notice-info").await.join(" ");
    assert!(info.contains("Merged: 0 documents, 0 spans"), "{info}");
    wait_docs(&fresh, 4).await;
    assert_eq!(backup(&fresh).await, original);

    // A damaged backup is refused whole, naming the problem; nothing changes.
    let damaged = dir.write("damaged.json", original.replacen("\"start\": ", "\"start\": 9999", 1));
    restore(&fresh, &damaged).await;
    fresh.driver().accept_alert().await.expect("asked whether to merge");
    fresh.wait_for(".notice-error", LONG).await;
    let error = fresh.text_contents(".notice-error").await.join(" ");
    assert!(error.contains("damaged.json") && error.contains("not restored"), "{error}");
    assert_eq!(backup(&fresh).await, original);
    fresh.quit().await;
}
