#!/usr/bin/env bash
# Sets up the toolchain (once) and runs every check and test: formatting, lints, the native
# tests (core, command line, end to end in headless Chromium against the release build), the
# browser tests (wasm-bindgen-test in headless Chromium) and a short run of every fuzz target.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:/usr/local/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n[test] %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --check
step "clippy (native and wasm32)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
step "trunk build --release (the app the end-to-end tests drive)"
source scripts/wasm-env.sh
with_wasm_env trunk build --release
# Every test runner's output also goes to a log, summed up at the end in one closing line.
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
step "browser tests: wasm-bindgen-test in headless Chromium"
cargo test --target wasm32-unknown-unknown --test 'browser_*' 2>&1 | tee -a "$results"
step "native tests: core, command line, end to end"
cargo test --no-fail-fast 2>&1 | tee -a "$results"
step "fuzz: every target of fuzz/ for 15 s (scripts/fuzz.sh)"
scripts/fuzz.sh 15
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     END { printf "\ntests: %d passed, %d failed\n", p, f }' "$results"
