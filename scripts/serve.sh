#!/usr/bin/env bash
# Sets up the toolchain (once) and serves the app on http://127.0.0.1:8080 with the built-in
# sample article. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:/usr/local/bin:$PATH"
echo "[serve] building and serving on http://127.0.0.1:8080"
source scripts/wasm-env.sh
with_wasm_env trunk serve --release
