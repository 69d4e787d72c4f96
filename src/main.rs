//! The web app's entry point, built by Trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    biaozhu::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("biaozhu-web is the browser app: serve it with scripts/serve.sh (Trunk builds it for wasm32)");
    std::process::exit(2);
}
