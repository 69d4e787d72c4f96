#!/usr/bin/env bash
# Profiles the app where the browser benchmark times it: builds a release app that keeps the
# names of its Rust functions (target/dist-profile), runs the benchmark against it, and writes a
# CPU profile of each timed phase (render, tag, delete-undo, scroll, open-1000, switch) to
# target/profiles/<phase>.cpuprofile, for Chromium's DevTools (Performance panel: load profile).
#
#   scripts/profile.sh
#
# The figures it prints are slower than scripts/bench.sh's: sampling every 0.1 ms costs time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh >/dev/null
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:/usr/local/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
dist="$PWD/target/dist-profile"
target_dir="$PWD/target/profile-build"

# The same page, with wasm-bindgen told to keep debug information (the name section).
page="index.profile.html"
trap 'rm -f "$page"' EXIT
sed 's|data-wasm-opt="z" />|data-wasm-opt="z" data-keep-debug="true" />|' index.html >"$page"
source scripts/wasm-env.sh
CARGO_TARGET_DIR="$target_dir" with_wasm_env trunk build --release --dist "$dist" "$page" >/dev/null

# Trunk's wasm-opt drops the names anyway: bind and optimise again, keeping them (-g), under
# the names the page loads, and give the page the new files' integrity hashes.
stem="$(basename "$(ls "$dist"/*.js)" .js)"
scratch="$(mktemp -d)"
wasm-bindgen --target web --keep-debug --no-typescript --out-dir "$scratch" --out-name "$stem" \
  "$target_dir/wasm32-unknown-unknown/release/biaozhu-web.wasm"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types "$scratch/${stem}_bg.wasm" -o "$dist/${stem}_bg.wasm"
cp "$scratch/$stem.js" "$dist/$stem.js"
rm -rf "$scratch"
python3 - "$dist" "$stem" <<'PY'
import base64, hashlib, pathlib, re, sys
dist, stem = pathlib.Path(sys.argv[1]), sys.argv[2]
page = (dist / "index.html").read_text()
for name in (f"{stem}.js", f"{stem}_bg.wasm"):
    digest = base64.b64encode(hashlib.sha384((dist / name).read_bytes()).digest()).decode()
    page = re.sub(r'(href="/' + re.escape(name) + r'"[^>]*?integrity=")[^"]*(")',
                  lambda m: m.group(1) + "sha384-" + digest + m.group(2), page)
(dist / "index.html").write_text(page)
PY

BIAOZHU_DIST="$dist" BZ_PROFILE="$PWD/target/profiles" cargo bench --quiet --bench browser
