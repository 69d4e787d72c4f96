#!/usr/bin/env bash
# Sets up the toolchain (once), builds the release app and runs the benchmarks:
#   scripts/bench.sh            # the browser benchmark: one JSON object, then a table
#   scripts/bench.sh --native   # also the native criterion benchmarks (import, recognition, render plan, exports)
# Benchmarks report numbers; they never fail on a slow figure. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh >/dev/null
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:/usr/local/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
source scripts/wasm-env.sh
with_wasm_env trunk build --release >/dev/null
if [[ "${1:-}" == "--native" ]]; then
  cargo bench --quiet --bench recognize --bench core
fi
cargo bench --quiet --bench browser
