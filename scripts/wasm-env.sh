# Sourced by the scripts that build the app for the browser (serve, test, bench, profile).
#
# The release wasm is built with its own standard library, compiled for size, and with panics
# that abort at once instead of formatting a message (wasm32-unknown-unknown has nowhere to print
# one, so nothing is lost). This takes about 50 KB off the gzipped bundle (BENCHMARKS.md). The
# options are unstable cargo and rustc ones: RUSTC_BOOTSTRAP=1 allows them on the pinned stable
# toolchain, for this build only. scripts/setup.sh installs the standard library's source
# (rustup's rust-src) and fetches its crates, so that the offline build (Trunk.toml) finds them.

# Runs a command (trunk) with the release wasm's build options.
with_wasm_env() {
  env RUSTC_BOOTSTRAP=1 \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    "$@"
}
