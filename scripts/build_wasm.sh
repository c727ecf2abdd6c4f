#!/usr/bin/env bash
# Builds the app's WebAssembly, split into chunks, into trunk's staging
# directory. Trunk runs this as a post_build hook (Trunk.toml) on every
# `trunk build` and `trunk serve` rebuild; index.html loads the result.
#
#   1. cargo build --bin convlab for wasm32, with
#        --cfg erase_components     Leptos components return type-erased
#                                   views: 20% less code, same behaviour
#        -Clink-args=--emit-relocs  wasm-split-cli needs the relocations
#   2. wasm-split-cli: the views not on the first screen go to chunks of
#      their own, loaded when first shown (src/ui/shell/parts.rs, src/ui/image/parts.rs)
#   3. wasm-bindgen --target web on the main module
#   4. the names section is stripped (wasm-bindgen keeps it once the module
#      was split), and everything goes to pkg-<hash>/ so that a new build
#      never meets a browser's cached old chunks; index.html is pointed there
#
# Run by hand, it builds into dist-wasm/ (or the directory given) and prints
# the sizes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

STAGE="${TRUNK_STAGING_DIR:-${1:-$ROOT/dist-wasm}}"
PROFILE="${TRUNK_PROFILE:-release}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$STAGE"

profile_args=()
[ "$PROFILE" = release ] && profile_args=(--release)
RUSTFLAGS="${RUSTFLAGS:-} --cfg erase_components -Clink-args=--emit-relocs" \
    cargo build "${profile_args[@]}" --offline --target wasm32-unknown-unknown --bin convlab
input="$TARGET_DIR/wasm32-unknown-unknown/$PROFILE/convlab.wasm"

work="$TARGET_DIR/wasm-split"
rm -rf "$work"
mkdir -p "$work/split" "$work/pkg"
wasm-split-cli --out-name convlab "$input" "$work/split"
wasm-bindgen "$work/split/convlab.wasm" --out-dir "$work/pkg" --out-name convlab \
    --target web --no-typescript --no-demangle --keep-lld-exports
for f in "$work/split"/*; do
    [ "$(basename "$f")" = convlab.wasm ] || cp "$f" "$work/pkg/"
done
# CONVLAB_KEEP_NAMES=1 keeps function names, for readable stack traces.
[ "${CONVLAB_KEEP_NAMES:-0}" = 1 ] || python3 "$ROOT/scripts/wasm_strip.py" "$work/pkg"/*.wasm

hash=$(cat "$work/pkg"/*.wasm "$work/pkg"/*.js | sha256sum | cut -c1-16)
rm -rf "$STAGE"/pkg-*
cp -r "$work/pkg" "$STAGE/pkg-$hash"
if [ -f "$STAGE/index.html" ]; then
    sed -i "/data-trunk-skip/d" "$STAGE/index.html"
    sed -i "s#\./pkg/#./pkg-$hash/#g" "$STAGE/index.html"
fi
if [ -z "${TRUNK_STAGING_DIR:-}" ]; then
    for f in "$STAGE/pkg-$hash"/*.wasm "$STAGE/pkg-$hash"/*.js; do
        printf '%-40s %10d %10d\n' "$(basename "$f")" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
    done
fi
