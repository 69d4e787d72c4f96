#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer, nightly toolchain) for a while each
# and fails on any crash, timeout or out-of-memory, printing the input that reproduces it.
#
#   scripts/fuzz.sh          # 20 s per target
#   scripts/fuzz.sh 600      # 10 minutes per target
#
# The seed corpora under fuzz/corpus/<target> are read, never written: what a run discovers
# goes to a scratch directory, so the working tree stays clean. Reproducers are kept in
# fuzz/artifacts/<target>/ (ignored by git); replay one with
#   cargo +nightly fuzz run -a <target> fuzz/artifacts/<target>/<file>
# Builds with debug assertions (-a), so an arithmetic overflow is a crash too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CARGO_FUZZ_VERSION=0.13.2 # the same pin as scripts/setup.sh
PER_TARGET="${1:-20}"
# Per-input limits: an input slower than this many seconds is reported as a hang.
TIMEOUT=5
RSS_LIMIT_MB=2048
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:/usr/local/bin:$PATH"

fail() {
  echo "[fuzz] $*" >&2
  exit 1
}
[[ "$PER_TARGET" =~ ^[0-9]+$ && "$PER_TARGET" -gt 0 ]] || fail "usage: scripts/fuzz.sh [seconds-per-target]"
rustup toolchain list | grep -q '^nightly' || fail "cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly"
if [[ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  echo "[fuzz] cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install --locked --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

echo "[fuzz] building the targets (release, debug assertions)"
cargo +nightly fuzz build -a

# A line of libFuzzer's final statistics (-print_final_stats) from a log.
stat() { awk -v key="stat::$2:" '$1 == key { print $2 }' "$1" | tail -n1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for target in $(cargo +nightly fuzz list); do
  mkdir -p "$scratch/$target" "fuzz/corpus/$target"
  log="$scratch/$target.log"
  status=0
  # New inputs go to the first directory (scratch); the seeds are only read.
  cargo +nightly fuzz run -a "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_LIMIT_MB" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs="$(stat "$log" number_of_executed_units)"
  speed="$(stat "$log" average_exec_per_sec)"
  corpus="$(find "$scratch/$target" -type f | wc -l)"
  if ((status == 0)); then
    printf '[fuzz] %-18s ok: %s runs in %ss (%s exec/s), %s new inputs\n' \
      "$target" "${runs:-?}" "$PER_TARGET" "${speed:-?}" "$corpus"
  else
    printf '[fuzz] %-18s FAILED (exit %d) after %s runs\n' "$target" "$status" "${runs:-?}"
    grep -E '^==[0-9]+== ERROR|panicked at|^thread .* panicked|ALARM|out-of-memory|deadly signal' "$log" | head -n 5 || true
    reproducer="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1)"
    if [[ -n "$reproducer" ]]; then
      echo "[fuzz]   reproducer: $reproducer"
      echo "[fuzz]   replay:     cargo +nightly fuzz run -a $target $reproducer"
    else
      tail -n 30 "$log"
    fi
    failed+=("$target")
  fi
done
if ((${#failed[@]})); then
  fail "crashed: ${failed[*]}"
fi
echo "[fuzz] every target ran ${PER_TARGET}s without a crash"
