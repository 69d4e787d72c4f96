#!/usr/bin/env bash
# Installs everything biaozhu needs to build, serve and test, on a fresh Debian machine that
# reaches only the package registries (crates.io, Debian, npm, PyPI). Safe to run again: each tool
# is checked first and installed only when missing or at the wrong version.
#
#   scripts/setup.sh          # everything
#
# Pinned versions (see README "Toolchain"): Trunk 0.21.14 (0.22 needs a newer rustc),
# wasm-bindgen-cli = the wasm-bindgen version in Cargo.lock, wasm-opt 132 from npm `binaryen`
# (Debian's wasm-opt 108 cannot read today's wasm), Chromium + ChromeDriver from Debian,
# cargo-fuzz 0.13.2 (scripts/fuzz.sh, with the nightly toolchain).
set -euo pipefail

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
CARGO_FUZZ_VERSION=0.13.2 # the same pin as scripts/fuzz.sh
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:/usr/local/bin:$PATH"

step() { printf '\n[setup] %s\n' "$*"; }
# Long installs print a line every 30 s so a quiet compile never looks like a hang.
with_progress() {
  local label="$1"
  shift
  local start=$SECONDS
  ("$@") &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if kill -0 "$pid" 2>/dev/null && (((SECONDS - start) % 30 < 5)); then
      printf '[setup] … %s still running (%ds)\n' "$label" "$((SECONDS - start))"
    fi
  done
  wait "$pid"
}

# 1. The wasm32 target for rustc.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 1b. The standard library's source, which the release wasm is built with (scripts/wasm-env.sh),
#     and the crates it needs, fetched now for the offline build.
if ! rustup component list --installed | grep -qx rust-src; then
  step "adding the rust-src component"
  rustup component add rust-src
fi
(cd "$(rustc --print sysroot)/lib/rustlib/src/rust/library" && RUSTC_BOOTSTRAP=1 cargo fetch --quiet)

# 2. Debian packages: Chromium and its driver for the browser tests, a CJK font so that
#    headless Chromium draws Chinese (screenshots, layout), and pkg-config/OpenSSL headers that
#    some cargo installs expect.
apt_missing=()
for pkg in chromium chromium-driver fonts-wqy-microhei; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$pkg")
done
if ((${#apt_missing[@]})); then
  step "apt-get install ${apt_missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${apt_missing[@]}"
fi

# 3. Trunk, compiled from crates.io (about 6 minutes on 2 cores).
if [[ "$("$CARGO_BIN/trunk" --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  step "cargo install trunk $TRUNK_VERSION (about 6 minutes)"
  with_progress "trunk install" cargo install --locked --quiet trunk --version "$TRUNK_VERSION"
fi

# 4. wasm-bindgen-cli at exactly the wasm-bindgen version the project locks.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [[ -z "$WBG_VERSION" ]]; then
  echo "[setup] Cargo.lock names no wasm-bindgen version" >&2
  exit 1
fi
if [[ "$("$CARGO_BIN/wasm-bindgen" --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ||
  "$("$CARGO_BIN/wasm-bindgen-test-runner" --version 2>/dev/null || true)" != "wasm-bindgen-test-runner $WBG_VERSION" ]]; then
  step "cargo install wasm-bindgen-cli $WBG_VERSION (about 2 minutes)"
  if ! with_progress "wasm-bindgen-cli install" cargo install --locked --quiet wasm-bindgen-cli --version "$WBG_VERSION"; then
    # The registry here may lack a version that the CLI's own lock file pins. Build from the
    # crate's source instead, moving only the unavailable crates to a version the registry has.
    step "locked install failed; building wasm-bindgen-cli from its source with repaired lock"
    scratch="$(mktemp -d)"
    mkdir -p "$scratch/probe/src"
    touch "$scratch/probe/src/lib.rs"
    printf '[package]\nname = "probe"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwasm-bindgen-cli = "=%s"\n' \
      "$WBG_VERSION" >"$scratch/probe/Cargo.toml"
    manifest="$(cd "$scratch/probe" && cargo metadata -q --format-version 1 |
      python3 -c 'import json, sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "wasm-bindgen-cli"))')"
    cp -r "$(dirname "$manifest")" "$scratch/cli"
    (
      cd "$scratch/cli"
      for _ in $(seq 10); do
        cargo metadata -q --locked --format-version 1 >/dev/null 2>"$scratch/err" && break
        missing="$(sed -n 's/.*failed to select a version for the requirement `\([A-Za-z0-9_-]*\) = .*/\1/p' "$scratch/err" | head -n1)"
        if [[ -z "$missing" ]]; then
          cat "$scratch/err" >&2
          exit 1
        fi
        step "cargo update -p $missing"
        cargo update -q -p "$missing"
      done
      with_progress "wasm-bindgen-cli build" cargo install --locked --quiet --path .
    )
    rm -rf "$scratch"
  fi
fi

# 5. wasm-opt 132 from npm (Trunk.toml pins version_132 and builds offline).
if [[ "$(/usr/local/bin/wasm-opt --version 2>/dev/null || true)" != "wasm-opt version ${BINARYEN_VERSION%%.*}"* ]]; then
  step "npm install binaryen@$BINARYEN_VERSION (wasm-opt)"
  npm install -g --no-audit --no-fund --prefix /usr/local "binaryen@$BINARYEN_VERSION"
fi

# 6. spaCy, for the test that loads the spaCy export (tests/spacy_alignment.rs).
"$ROOT/scripts/setup-python.sh"

# 7. cargo-fuzz for scripts/fuzz.sh (about 2 minutes). It drives the nightly toolchain, which
#    comes with rustup rather than from a package registry: only checked here.
if [[ "$("$CARGO_BIN/cargo-fuzz" --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  step "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
  with_progress "cargo-fuzz install" cargo install --locked --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "[setup] warning: no nightly toolchain, which scripts/fuzz.sh needs (rustup toolchain install nightly)" >&2
fi

# 8. The project's crates (and the fuzz crate's), so that offline builds (Trunk.toml) find them.
step "cargo fetch"
(cd "$ROOT" && cargo fetch --quiet)
(cd "$ROOT/fuzz" && cargo fetch --quiet)

step "ready: $(rustc --version); $("$CARGO_BIN/trunk" --version); $("$CARGO_BIN/wasm-bindgen" --version); $(/usr/local/bin/wasm-opt --version); $(chromium --version 2>/dev/null); $(chromedriver --version | cut -d' ' -f1-2); $("$CARGO_BIN/cargo-fuzz" --version)"
