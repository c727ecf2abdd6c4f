#!/usr/bin/env bash
# The engine's whole output inside WebAssembly, timed in Node (V8), for the
# app's build as it is and for one with wasm SIMD (`+simd128`, f64x2):
#
#   scripts/bench_wasm.sh
#
# Needs node and the wasm32-unknown-unknown target. The two builds use
# separate target dirs ($CARGO_TARGET_DIR or target/, and .../simd128).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cp Cargo.lock benches/wasm/Cargo.lock
cd benches/wasm
for flavour in plain simd128; do
    dir=$TARGET
    flags=${RUSTFLAGS:-}
    if [[ $flavour == simd128 ]]; then
        dir=$TARGET/simd128
        flags="$flags -C target-feature=+simd128"
    fi
    echo "building ($flavour)" >&2
    RUSTFLAGS=$flags CARGO_TARGET_DIR=$dir cargo build --release --offline \
        --target wasm32-unknown-unknown >&2
    node run.mjs "$dir/wasm32-unknown-unknown/release/convlab_wasm_bench.wasm" "$flavour"
done
