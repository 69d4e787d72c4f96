//! Tests of the end-to-end harness itself (tests/support), independent of the app: the static
//! file server, and ChromeDriver/Chromium plumbing (upload, local storage, download directory,
//! screenshots, console log) against a tiny page written here. If these fail, an e2e failure is
//! the harness's or the machine's, not the app's.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use support::{Browser, StaticServer, TempDir, DEFAULT_TIMEOUT};

/// Sends a raw GET (or HEAD) for `target` and returns (status, head, body).
fn raw_request(addr: SocketAddr, method: &str, target: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect to the static server");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("set a read timeout");
    write!(stream, "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
        .expect("send the request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read the response");
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("the response has a header/body separator");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let body = response[split + 4..].to_vec();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status code in the response");
    (status, head, body)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[test]
fn static_server_serves_files_with_their_content_types() {
    let root = TempDir::new("server-root");
    root.write("index.html", "<!doctype html><title>t</title>");
    root.write("app-1234.js", "export default 1;");
    root.write("app-1234_bg.wasm", b"\0asm\x01\0\0\0");
    root.write("style.css", "body{}");
    root.write("logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
    root.write("icon.png", b"\x89PNG\r\n\x1a\n");
    root.write("data.json", "{}");
    root.write("文章.md", "中文");
    std::fs::create_dir(root.path().join("sub")).expect("mkdir sub");
    root.write("sub/index.html", "sub");
    let outside = TempDir::new("server-outside");
    outside.write("secret.txt", "secret");

    let server = StaticServer::serve(root.path());
    let addr = server.addr();
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/index.html?v=3#top", "text/html; charset=utf-8"),
        ("/app-1234.js", "text/javascript"),
        ("/app-1234_bg.wasm", "application/wasm"),
        ("/style.css", "text/css"),
        ("/logo.svg", "image/svg+xml"),
        ("/icon.png", "image/png"),
        ("/data.json", "application/json"),
        ("/%E6%96%87%E7%AB%A0.md", "text/plain; charset=utf-8"),
        ("/sub/", "text/html; charset=utf-8"),
    ];
    for (target, content_type) in cases {
        let (status, head, body) = raw_request(addr, "GET", target);
        assert_eq!(status, 200, "GET {target}: {head}");
        assert_eq!(header(&head, "content-type"), Some(content_type), "GET {target}");
        assert_eq!(header(&head, "content-length"), Some(body.len().to_string().as_str()), "GET {target}");
    }
    let (_, _, wasm) = raw_request(addr, "GET", "/app-1234_bg.wasm");
    assert_eq!(wasm, b"\0asm\x01\0\0\0", "wasm bytes come back unchanged");

    let (status, head, body) = raw_request(addr, "HEAD", "/style.css");
    assert_eq!((status, header(&head, "content-length"), body.len()), (200, Some("6"), 0));

    assert_eq!(raw_request(addr, "GET", "/missing.js").0, 404);
    let escape =
        format!("/../{}/secret.txt", outside.path().file_name().and_then(|n| n.to_str()).expect("temp dir name"));
    assert_eq!(raw_request(addr, "GET", &escape).0, 403, "GET {escape}");
    assert_eq!(raw_request(addr, "GET", "/sub/../../etc/passwd").0, 403);
    assert_eq!(raw_request(addr, "GET", "/%2e%2e/%2e%2e/etc/passwd").0, 403);
    assert_eq!(raw_request(addr, "POST", "/").0, 405);
    drop(server);
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
        "the server still listens after being dropped"
    );
}

const FAKE_PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>harness page</title>
<style>body { font-family: "WenQuanYi Micro Hei", sans-serif; }</style></head>
<body>
<input type="file" id="file-input" multiple hidden>
<script>
  // Mount late, like a wasm app does, so that waiting for #app-root is exercised.
  setTimeout(() => {
    const root = document.createElement('div');
    root.id = 'app-root';
    root.innerHTML = '<h1 id="stored"></h1><ul id="files"></ul><button id="download">下载</button>';
    document.body.appendChild(root);
    document.getElementById('stored').textContent = localStorage.getItem('harness') || '(empty)';
    console.log('harness page mounted');
  }, 700);
  document.getElementById('file-input').addEventListener('change', async (event) => {
    const list = document.getElementById('files');
    const names = [];
    for (const file of event.target.files) {
      const text = await file.text();
      const item = document.createElement('li');
      item.textContent = file.name + ' ' + file.size + ' ' + text;
      list.appendChild(item);
      names.push(file.name);
    }
    localStorage.setItem('harness', names.join('|'));
  });
  document.addEventListener('click', (event) => {
    if (event.target.id !== 'download') return;
    const blob = new Blob(['{"标注": true}\n'], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = '导出-export.json';
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
</script>
</body>
</html>
"#;

#[tokio::test(flavor = "multi_thread")]
async fn browser_uploads_remembers_downloads_and_screenshots() {
    let site = TempDir::new("harness-site");
    site.write("index.html", FAKE_PAGE);
    let files = TempDir::new("harness-files");
    let first = files.write("第一篇 \"引号\".md", "甲");
    let second = files.write("05-18 📉 -01839%.md", "乙");

    let browser = Browser::launch_serving(site.path()).await;
    browser.open_app().await;
    assert_eq!(browser.text_content("#stored").await.as_deref(), Some("(empty)"), "a fresh profile");

    browser.upload(&[first, second]).await;
    browser
        .wait_until_js("both files are listed", "document.querySelectorAll('#files li').length === 2", DEFAULT_TIMEOUT)
        .await;
    let listed = browser.text_contents("#files li").await;
    assert_eq!(listed, vec!["第一篇 \"引号\".md 3 甲".to_string(), "05-18 📉 -01839%.md 3 乙".to_string()]);
    let shot = browser.screenshot("harness-page").await;
    let png = std::fs::read(&shot).expect("read the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000, "{} is not a PNG", shot.display());

    browser.reload().await;
    browser.wait_for_text("#stored", "第一篇 \"引号\".md|05-18 📉 -01839%.md", DEFAULT_TIMEOUT).await;

    browser.wait_for("#download", DEFAULT_TIMEOUT).await.click().await.expect("click download");
    let saved = browser.wait_for_download("导出-export.json", DEFAULT_TIMEOUT).await;
    assert!(saved.starts_with(browser.download_dir()));
    assert_eq!(std::fs::read_to_string(&saved).expect("read the download"), "{\"标注\": true}\n");

    let log = browser.console_log().await;
    assert!(log.iter().any(|line| line.contains("harness page mounted")), "console log: {log:?}");

    let profile = browser.profile_dir().to_path_buf();
    browser.quit().await;
    assert!(!profile.exists(), "the profile dir {} is left behind", profile.display());

    // A second browser starts with empty storage again.
    let again = Browser::launch_serving(site.path()).await;
    again.open_app().await;
    assert_eq!(again.text_content("#stored").await.as_deref(), Some("(empty)"), "storage leaked between browsers");
    again.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_app_root_times_out_with_a_report() {
    let site = TempDir::new("harness-empty");
    site.write("index.html", "<!doctype html><p>no app here</p>");
    let browser = Browser::launch_serving(site.path()).await;
    browser.driver().goto(browser.url()).await.expect("navigate");
    let outcome = tokio::spawn(async move {
        browser.wait_for("#app-root", Duration::from_millis(500)).await;
    })
    .await;
    let panic = outcome.expect_err("wait_for should panic when nothing matches").into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("timed out") && message.contains("#app-root"), "panic message: {message}");
    assert!(message.contains("screenshot:"), "the report should point at a screenshot: {message}");
}
