//! Shared support for the native end-to-end tests (`tests/e2e_*.rs`).
//!
//! The tests drive the app that Trunk built into `dist/` in headless Chromium through ChromeDriver:
//!
//! * [`StaticServer`] serves a directory on `127.0.0.1` (a free port) with std::net, one thread
//!   per connection, with the Content-Type a browser needs for wasm (`application/wasm`).
//! * [`Browser`] starts its own server, its own `chromedriver` (on a free port) and a Chromium
//!   session with a fresh profile (empty local storage) and its own download directory. Each test
//!   makes its own `Browser`, so tests may run in parallel threads of one test binary.
//!
//! Every test file does `mod support;` and uses part of this module, hence the `dead_code` allowance.
//!
//! Environment overrides (all optional):
//! * `BIAOZHU_DIST`: serve this directory instead of `<crate>/dist`;
//! * `CHROMEDRIVER`: the ChromeDriver binary (default `/usr/bin/chromedriver`);
//! * `CHROMIUM`: the browser binary (default `/usr/bin/chromium`).
#![allow(dead_code)]

pub mod page;

use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use thirtyfour::prelude::*;
use thirtyfour::{ChromeCapabilities, LoggingPrefsLogLevel};

/// Default location of Debian's ChromeDriver.
pub const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Default location of Debian's Chromium.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// How long [`Browser::open_app`] and [`Browser::reload`] wait for `#app-root`.
pub const APP_MOUNT_TIMEOUT: Duration = Duration::from_secs(20);
/// A default timeout for waiting on the app's reaction to an action.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// The message when the app has not been built.
pub const DIST_MISSING: &str = "dist/ is missing: build the app first (scripts/test.sh does `trunk build --release`)";

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/// The crate root.
pub fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory the app is served from: `$BIAOZHU_DIST` if set, else `<crate>/dist`.
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("BIAOZHU_DIST") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => crate_root().join("dist"),
    }
}

/// [`dist_dir`], after checking that the app has been built (panics with [`DIST_MISSING`]).
pub fn built_dist_dir() -> PathBuf {
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        panic!("{DIST_MISSING} (looked for {})", dist.join("index.html").display());
    }
    dist
}

/// `../shared/corpus` next to the crate, if present.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = crate_root().join("..").join("shared").join("corpus");
    if dir.is_dir() {
        Some(dir.canonicalize().unwrap_or(dir))
    } else {
        None
    }
}

/// Like [`shared_corpus`], but prints the conventional skip message when it is absent.
/// Use as `let Some(corpus) = require_corpus() else { return };`.
pub fn require_corpus() -> Option<PathBuf> {
    let corpus = shared_corpus();
    if corpus.is_none() {
        eprintln!("skipping: ../shared/corpus not found");
    }
    corpus
}

/// The regular files directly inside `dir`, sorted by name.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("cannot read a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Where [`Browser::screenshot`] writes: `<crate>/target/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    crate_root().join("target").join("screenshots")
}

/// The current test's name (libtest names each test's thread after the test), made safe for
/// file names; `"e2e"` outside a named thread.
pub fn test_label() -> String {
    let name = thread::current().name().unwrap_or("e2e").to_string();
    sanitize(&name)
}

fn sanitize(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let trimmed = cleaned.trim_matches('-');
    if trimmed.is_empty() {
        "e2e".to_string()
    } else {
        trimmed.chars().take(60).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// A small disk
// ---------------------------------------------------------------------------------------------

/// A tmpfs of a few megabytes, mounted for one test and unmounted on drop. Mounting needs root
/// (as on CI); where it is refused, [`SmallDisk::mount`] says why and returns `None`.
#[derive(Debug)]
pub struct SmallDisk {
    mounted: PathBuf,
    /// Holds the mount point; removed after the unmount.
    _dir: TempDir,
}

impl SmallDisk {
    pub fn mount(megabytes: u32) -> Option<SmallDisk> {
        let dir = TempDir::new(&format!("disk-{}", test_label()));
        let mounted = dir.path().join("mnt");
        fs::create_dir_all(&mounted).ok()?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&mounted)
            .output();
        match output {
            Ok(out) if out.status.success() => Some(SmallDisk { mounted, _dir: dir }),
            Ok(out) => {
                eprintln!("SKIPPED: cannot mount a small tmpfs ({})", String::from_utf8_lossy(&out.stderr).trim());
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                None
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.mounted
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        kill_processes_using(&self.mounted);
        for _ in 0..10 {
            let unmounted = Command::new("umount").arg(&self.mounted).status().is_ok_and(|s| s.success());
            if unmounted {
                break;
            }
            thread::sleep(Duration::from_millis(300));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Temporary directories
// ---------------------------------------------------------------------------------------------

/// A uniquely named directory under the system temp dir, removed (recursively) on drop.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates `$TMPDIR/biaozhu-e2e-<label>-<pid>-<n>-<nanos>`.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("biaozhu-e2e-{}-{}-{n}-{nanos}", sanitize(label), std::process::id());
        let path = std::env::temp_dir().join(name);
        fs::create_dir_all(&path).unwrap_or_else(|e| panic!("cannot create temp dir {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `contents` to `<dir>/<name>` and returns the file's path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Chromium may still be flushing its profile for a moment after it quits.
        for _ in 0..5 {
            if fs::remove_dir_all(&self.path).is_ok() || !self.path.exists() {
                return;
            }
            thread::sleep(Duration::from_millis(200));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Static file server
// ---------------------------------------------------------------------------------------------

/// A minimal static file server on `127.0.0.1:<free port>`; stops when dropped.
///
/// GET and HEAD only; `/` and directories map to `index.html`; query strings and fragments are
/// ignored; percent-escapes are decoded; `..` segments (and symlinks out of the root) get 403;
/// missing files get 404. Every response has `Cache-Control: no-store` and `Connection: close`.
pub struct StaticServer {
    addr: SocketAddr,
    root: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Every request's method and target, in order of arrival.
    log: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serves the built app (see [`built_dist_dir`]; panics if it has not been built).
    pub fn dist() -> StaticServer {
        StaticServer::serve(&built_dist_dir())
    }

    /// Serves `root`.
    pub fn serve(root: &Path) -> StaticServer {
        let root = root.canonicalize().unwrap_or_else(|e| panic!("cannot serve {}: {e}", root.display()));
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("cannot bind the static server to 127.0.0.1:0");
        let addr = listener.local_addr().expect("the static server's listener has no address");
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, log) = (Arc::clone(&stop), Arc::clone(&log));
            let root = root.clone();
            thread::Builder::new()
                .name(format!("static-server-{}", addr.port()))
                .spawn(move || accept_loop(listener, root, stop, log))
                .expect("cannot spawn the static server thread")
        };
        StaticServer { addr, root, stop, thread: Some(thread), log }
    }

    /// `http://127.0.0.1:<port>/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The requests received so far, as "METHOD /target".
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so that the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(listener: TcpListener, root: PathBuf, stop: Arc<AtomicBool>, log: Arc<Mutex<Vec<String>>>) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let (root, log) = (root.clone(), Arc::clone(&log));
        let _ = thread::Builder::new().name("static-server-conn".to_string()).spawn(move || {
            let _ = handle_connection(stream, &root, &log);
        });
    }
}

/// A response of the static server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    fn error(status: u16) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{status} {}\n", reason(status)).into_bytes(),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

fn handle_connection(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 * 1024 {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&chunk[..n]);
    }
    if request.is_empty() {
        return Ok(()); // e.g. the wake-up connection of StaticServer::drop
    }
    let head = String::from_utf8_lossy(&request);
    let mut request_line = head.lines().next().unwrap_or_default().split_whitespace();
    let method = request_line.next().unwrap_or_default();
    let target = request_line.next().unwrap_or("/");
    if let Ok(mut log) = log.lock() {
        log.push(format!("{method} {target}"));
    }
    let response = respond(root, method, target);

    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    if response.status == 405 {
        out.push_str("Allow: GET, HEAD\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&response.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()?;
    let _ = stream.shutdown(Shutdown::Write);
    Ok(())
}

/// What the server answers to `method target` for files under `root` (a canonical path).
pub fn respond(root: &Path, method: &str, target: &str) -> Response {
    if method != "GET" && method != "HEAD" {
        return Response::error(405);
    }
    match resolve_request_path(root, target) {
        Ok(path) => match fs::read(&path) {
            Ok(body) => Response { status: 200, content_type: content_type_for(&path), body },
            Err(_) => Response::error(404),
        },
        Err(status) => Response::error(status),
    }
}

/// Maps a request target to a file under `root` (a canonical path), or to an HTTP error status.
pub fn resolve_request_path(root: &Path, target: &str) -> Result<PathBuf, u16> {
    let raw_path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(raw_path).ok_or(400_u16)?;
    if !decoded.starts_with('/') {
        return Err(400);
    }
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(403),
            _ if segment.contains(['\\', '\0', ':']) => return Err(403),
            _ => relative.push(segment),
        }
    }
    let mut path = root.join(relative);
    if path.is_dir() {
        path = path.join("index.html");
    }
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(403),
        Ok(real) if real.is_file() => Ok(real),
        _ => Err(404),
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a served file, by extension.
pub fn content_type_for(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------------------------
// ChromeDriver process
// ---------------------------------------------------------------------------------------------

/// A running `chromedriver`, killed on drop.
struct DriverProcess {
    child: Child,
    port: u16,
    log_path: PathBuf,
}

impl DriverProcess {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_tail(&self) -> String {
        log_tail(&self.log_path)
    }
}

impl DriverProcess {
    /// Kills chromedriver (idempotent).
    fn stop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

fn log_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("cannot find a free port on 127.0.0.1")
}

fn env_or(name: &str, default: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => value,
        _ => default.to_string(),
    }
}

/// Starts chromedriver on a free port and waits until it accepts connections. Retries on
/// another port if it exits early (e.g. a parallel test grabbed the port first).
async fn spawn_chromedriver(log_path: &Path) -> DriverProcess {
    let binary = env_or("CHROMEDRIVER", DEFAULT_CHROMEDRIVER);
    let mut failures = Vec::new();
    for _attempt in 0..4 {
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log_path.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e} (scripts/setup.sh installs chromium-driver)"));
        let mut process = DriverProcess { child, port, log_path: log_path.to_path_buf() };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = process.child.try_wait() {
                failures.push(format!("port {port}: exited with {status}: {}", process.log_tail()));
                break;
            }
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return process;
            }
            if Instant::now() > deadline {
                failures.push(format!("port {port}: not listening after 15 s: {}", process.log_tail()));
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("chromedriver did not start:\n{}", failures.join("\n"));
}

/// Chrome capabilities: Chromium binary, headless flags, the given profile and download dirs.
fn chrome_capabilities(profile_dir: &Path, download_dir: &Path) -> WebDriverResult<ChromeCapabilities> {
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&env_or("CHROMIUM", DEFAULT_CHROMIUM))?;
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ] {
        caps.add_arg(arg)?;
    }
    caps.add_arg(&format!("--user-data-dir={}", profile_dir.display()))?;
    // BZ_TRACE=<file.json>: Chromium writes a trace of its first BZ_TRACE_SECONDS (default 35)
    // seconds there, to find what a slow figure spends its time on (see BENCHMARKS.md).
    if let Ok(file) = std::env::var("BZ_TRACE") {
        let seconds = std::env::var("BZ_TRACE_SECONDS").unwrap_or_else(|_| "35".into());
        caps.add_arg("--trace-startup=devtools.timeline,disabled-by-default-devtools.timeline")?;
        caps.add_arg(&format!("--trace-startup-file={file}"))?;
        caps.add_arg(&format!("--trace-startup-duration={seconds}"))?;
        caps.add_arg("--trace-startup-record-mode=record-continuously")?;
        caps.add_arg("--trace-startup-format=json")?;
    }
    caps.add_experimental_option(
        "prefs",
        json!({
            "download.default_directory": download_dir.to_string_lossy(),
            "download.prompt_for_download": false,
            "download.directory_upgrade": true,
            "profile.default_content_setting_values.automatic_downloads": 1,
            "safebrowsing.enabled": false,
        }),
    )?;
    // Lets `Browser::console_log` read the page's console.
    caps.set_browser_log_level(LoggingPrefsLogLevel::All)?;
    Ok(caps)
}

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

/// Headless Chromium on a page served by its own [`StaticServer`], through its own chromedriver.
///
/// Derefs to thirtyfour's [`WebDriver`] for anything not wrapped here. Call [`Browser::quit`] at
/// the end of a test; if a test panics first, `Drop` still ends the session (synchronously),
/// kills chromedriver and deletes the profile and download dirs.
pub struct Browser {
    driver: Option<WebDriver>,
    chromedriver: DriverProcess,
    server: StaticServer,
    label: String,
    profile_dir: PathBuf,
    download_dir: PathBuf,
    /// Holds the profile, the downloads and chromedriver's log; deleted last.
    scratch: TempDir,
}

impl Browser {
    /// A browser for the built app in `dist/` (panics with [`DIST_MISSING`] if not built).
    pub async fn launch() -> Browser {
        Browser::start(StaticServer::dist()).await
    }

    /// A browser for the files of another directory (used to test the harness itself).
    pub async fn launch_serving(root: &Path) -> Browser {
        Browser::start(StaticServer::serve(root)).await
    }

    /// A browser for the built app whose profile lives on `disk`, a small file system of its own:
    /// Chromium sizes an origin's storage quota from the disk that holds the profile.
    pub async fn launch_on(disk: &SmallDisk) -> Browser {
        Browser::start_in(StaticServer::dist(), Some(disk.path().to_path_buf())).await
    }

    async fn start(server: StaticServer) -> Browser {
        Browser::start_in(server, None).await
    }

    async fn start_in(server: StaticServer, profile: Option<PathBuf>) -> Browser {
        let label = test_label();
        let scratch = TempDir::new(&label);
        let profile_dir = profile.unwrap_or_else(|| scratch.path().join("profile"));
        let download_dir = scratch.path().join("downloads");
        for dir in [&profile_dir, &download_dir] {
            fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        let chromedriver = spawn_chromedriver(&scratch.path().join("chromedriver.log")).await;
        let caps = chrome_capabilities(&profile_dir, &download_dir).expect("cannot build the Chrome capabilities");
        let driver = match WebDriver::new(chromedriver.url(), caps).await {
            Ok(driver) => driver,
            Err(e) => panic!(
                "cannot start a Chromium session through chromedriver: {e}\n--- chromedriver log (tail) ---\n{}",
                chromedriver.log_tail()
            ),
        };
        Browser { driver: Some(driver), chromedriver, server, label, profile_dir, download_dir, scratch }
    }

    /// The thirtyfour session.
    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("the browser has already quit")
    }

    /// The served app's URL, `http://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The server of the app's files (its request log shows what the page fetched).
    pub fn server(&self) -> &StaticServer {
        &self.server
    }

    /// Where Chromium saves downloads (empty at start, deleted with the browser).
    pub fn download_dir(&self) -> &Path {
        &self.download_dir
    }

    /// The Chromium profile (`--user-data-dir`) of this browser.
    pub fn profile_dir(&self) -> &Path {
        &self.profile_dir
    }

    /// Ends the session and stops chromedriver, reporting a failure to quit.
    pub async fn quit(mut self) {
        if let Some(driver) = self.driver.take() {
            driver.quit().await.expect("the WebDriver session did not quit cleanly");
        }
    }

    /// Navigates to the app and waits (up to 20 s) until it has mounted (`#app-root` exists).
    pub async fn open_app(&self) {
        self.goto_path("").await;
    }

    /// Navigates to `<server>/<path>` and waits (up to 20 s) for `#app-root`.
    pub async fn goto_path(&self, path: &str) {
        let url = format!("{}{}", self.url(), path.trim_start_matches('/'));
        self.driver().goto(url.as_str()).await.unwrap_or_else(|e| panic!("cannot navigate to {url}: {e}"));
        self.wait_for("#app-root", APP_MOUNT_TIMEOUT).await;
    }

    /// Reloads the page and waits (up to 20 s) until the app has mounted again.
    pub async fn reload(&self) {
        self.driver().refresh().await.expect("cannot reload the page");
        self.wait_for("#app-root", APP_MOUNT_TIMEOUT).await;
    }

    /// Gives files to the app's `input#file-input`, as a user picking them would (all at once).
    pub async fn upload(&self, paths: &[PathBuf]) {
        self.upload_to("input#file-input", paths).await;
    }

    /// Gives files (or a folder) to the file input `css`, as a user picking them would (all at
    /// once). Paths are made absolute; several are joined with "\n", ChromeDriver's convention.
    pub async fn upload_to(&self, css: &str, paths: &[PathBuf]) {
        assert!(!paths.is_empty(), "upload_to() needs at least one file");
        let absolute: Vec<String> = paths
            .iter()
            .map(|path| {
                path.canonicalize()
                    .unwrap_or_else(|e| panic!("cannot upload {}: {e}", path.display()))
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        let input = self.wait_for(css, DEFAULT_TIMEOUT).await;
        // ChromeDriver *appends* to a `multiple` input's current selection; start from none, as
        // a user's file picker does.
        let element = input.to_json().expect("the file input as a script argument");
        self.js_with("arguments[0].value = '';", vec![element]).await;
        if let Err(e) = input.send_keys(absolute.join("\n")).await {
            let report = self.failure_report("upload").await;
            panic!("cannot upload {absolute:?} through {css}: {e}\n{report}");
        }
    }

    /// Polls (every 100 ms) until an element matches `css`; returns the first match.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> WebElement {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(mut found) = self.driver().find_all(By::Css(css)).await {
                if !found.is_empty() {
                    return found.swap_remove(0);
                }
            }
            if Instant::now() > deadline {
                let report = self.failure_report(&format!("wait-for-{css}")).await;
                panic!("timed out after {timeout:?} waiting for `{css}`\n{report}");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Polls until the first element matching `css` has (trimmed) text content `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str, timeout: Duration) -> WebElement {
        let deadline = Instant::now() + timeout;
        let mut last = None;
        loop {
            last = self.text_content(css).await.or(last);
            if last.as_deref().map(str::trim) == Some(expected) {
                return self.wait_for(css, timeout).await;
            }
            if Instant::now() > deadline {
                let report = self.failure_report(&format!("wait-for-text-{css}")).await;
                panic!(
                    "timed out after {timeout:?} waiting for `{css}` to read {expected:?}; last seen: {last:?}\n{report}"
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Polls until the JavaScript expression `condition` is truthy. `what` names it in the panic.
    pub async fn wait_until_js(&self, what: &str, condition: &str, timeout: Duration) {
        let script = format!("return Boolean({condition});");
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(ret) = self.driver().execute(script.as_str(), Vec::new()).await {
                if ret.json().as_bool() == Some(true) {
                    return;
                }
            }
            if Instant::now() > deadline {
                let report = self.failure_report(what).await;
                panic!("timed out after {timeout:?} waiting until {what} (`{condition}`)\n{report}");
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Runs `script` (a function body: use `return`) with `arguments[i]` = `args[i]`.
    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        match self.driver().execute(script, args).await {
            Ok(ret) => ret.json().clone(),
            Err(e) => panic!("script failed: {e}\n--- script ---\n{script}"),
        }
    }

    /// Runs `script` (a function body: use `return`) and gives back its JSON result.
    pub async fn js(&self, script: &str) -> Value {
        self.js_with(script, Vec::new()).await
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> usize {
        let value = self.js_with("return document.querySelectorAll(arguments[0]).length;", vec![json!(css)]).await;
        value.as_u64().map(|n| n as usize).unwrap_or_else(|| panic!("count({css}) gave {value}"))
    }

    /// The exact `textContent` of every element matching `css`, in document order. Unlike
    /// WebDriver's visible text, leading ideographic spaces (U+3000) are kept.
    pub async fn text_contents(&self, css: &str) -> Vec<String> {
        let value = self
            .js_with(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent);",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("text_contents({css}) gave {value}: {e}"))
    }

    /// The exact `textContent` of the first element matching `css`, if any.
    pub async fn text_content(&self, css: &str) -> Option<String> {
        let value = self
            .js_with(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                vec![json!(css)],
            )
            .await;
        value.as_str().map(str::to_string)
    }

    /// Saves a PNG of the viewport to `target/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let path = dir.join(format!("{name}.png"));
        self.driver()
            .screenshot(&path)
            .await
            .unwrap_or_else(|e| panic!("cannot save screenshot {}: {e}", path.display()));
        path
    }

    /// The page's console messages since the last call ("LEVEL message" per entry).
    pub async fn console_log(&self) -> Vec<String> {
        match self.driver().browser_log().await {
            Ok(entries) => entries.into_iter().map(|e| format!("{} {}", e.level, e.message)).collect(),
            Err(e) => vec![format!("(console log unavailable: {e})")],
        }
    }

    /// Waits until a finished download named `file_name` is in [`Browser::download_dir`]
    /// (Chromium writes `<name>.crdownload` first and renames it when done).
    pub async fn wait_for_download(&self, file_name: &str, timeout: Duration) -> PathBuf {
        let path = self.download_dir.join(file_name);
        let partial = self.download_dir.join(format!("{file_name}.crdownload"));
        let deadline = Instant::now() + timeout;
        loop {
            if path.is_file() && !partial.exists() {
                return path;
            }
            if Instant::now() > deadline {
                let present: Vec<String> = fs::read_dir(&self.download_dir)
                    .map(|entries| {
                        entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
                    })
                    .unwrap_or_default();
                let report = self.failure_report(&format!("download-{file_name}")).await;
                panic!(
                    "timed out after {timeout:?} waiting for download {file_name:?} in {}; present: {present:?}\n{report}",
                    self.download_dir.display()
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// What a failing test should show: a screenshot (`target/screenshots/FAILED-…png`), the URL,
    /// the error notices on the page and the console log. Never panics.
    pub async fn failure_report(&self, what: &str) -> String {
        let Some(driver) = self.driver.as_ref() else {
            return "(browser already quit)".to_string();
        };
        let mut report = String::new();
        let dir = screenshot_dir();
        let shot = dir.join(format!("FAILED-{}-{}.png", self.label, sanitize(what)));
        if fs::create_dir_all(&dir).is_ok() && driver.screenshot(&shot).await.is_ok() {
            report.push_str(&format!("screenshot: {}\n", shot.display()));
        }
        if let Ok(url) = driver.current_url().await {
            report.push_str(&format!("url: {url}\n"));
        }
        let notices = driver
            .execute(
                "return Array.from(document.querySelectorAll('.notice'), e => e.className + ': ' + e.textContent.trim());",
                Vec::new(),
            )
            .await;
        if let Ok(notices) = notices {
            report.push_str(&format!("notices: {}\n", notices.json()));
        }
        let log = self.console_log().await;
        if !log.is_empty() {
            report.push_str("console:\n");
            for line in log.iter().rev().take(20).rev() {
                report.push_str(&format!("  {line}\n"));
            }
        }
        report
    }
}

impl Deref for Browser {
    type Target = WebDriver;

    fn deref(&self) -> &WebDriver {
        self.driver()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // End the session first, so that chromedriver closes Chromium; then stop chromedriver.
        // The fields drop after this: the server stops and the scratch dir (profile, downloads,
        // chromedriver's log) is removed.
        if let Some(driver) = self.driver.take() {
            let session = driver.session_id().to_string();
            // thirtyfour's own synchronous teardown can stall for its 120 s request timeout
            // when the browser is dropped inside a spawned task; a raw DELETE does not.
            let ended = delete_session(self.chromedriver.port, &session);
            let _ = driver.leak();
            if let Err(e) = ended {
                eprintln!("could not end WebDriver session {session}: {e}");
            }
        }
        self.chromedriver.stop();
        // Chromium outlives a killed chromedriver; end any left on this browser's own profile.
        kill_processes_using(&self.profile_dir);
    }
}

/// Kills (by pid) the processes whose command line names `--user-data-dir=<profile_dir>`: only
/// a Chromium that this harness started with its unique temporary profile matches.
fn kill_processes_using(profile_dir: &Path) {
    let needle = format!("--user-data-dir={}", profile_dir.display());
    let Ok(entries) = fs::read_dir("/proc") else { return };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else { continue };
        let matches = cmdline.split(|&b| b == 0).any(|arg| arg == needle.as_bytes());
        if matches && pid != std::process::id() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// `DELETE /session/<id>` over a plain blocking socket, with short timeouts.
fn delete_session(port: u16, session: &str) -> io::Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    write!(
        stream,
        "DELETE /session/{session} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    // Read just the status line: chromedriver may keep the connection open after answering.
    let mut response = Vec::new();
    let mut chunk = [0u8; 1024];
    while !response.contains(&b'\n') {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
    }
    let status_line = String::from_utf8_lossy(&response).lines().next().unwrap_or_default().to_string();
    if status_line.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        Err(io::Error::other(format!("chromedriver answered {status_line:?}")))
    }
}
