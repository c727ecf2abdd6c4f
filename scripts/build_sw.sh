#!/usr/bin/env bash
# Writes the service worker, sw.js, into a built app: the list of every file
# of the build (index.html, pkg-<hash>/ with the main module, its JS and every
# chunk, the sample photos, the manifest and its icons) and a version, the
# hash of those files' names and contents, above the hand-written worker in
# assets/sw.js. A build that changes any file is a new version, which the
# browser installs next to the running one (see assets/sw.js).
#
# Trunk runs it after scripts/build_wasm.sh, over the staging directory
# (Trunk.toml: one hook runs both, in this order, since trunk starts a
# stage's hooks all at once). Run by hand it rewrites DIR/sw.js (default
# dist/) from the files DIR holds now:
#
#   scripts/build_sw.sh [DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${TRUNK_STAGING_DIR:-${1:-$ROOT/dist}}"
[ -f "$DIR/index.html" ] || { echo "build_sw.sh: no $DIR/index.html" >&2; exit 1; }
if ! ls -d "$DIR"/pkg-*/ >/dev/null 2>&1; then
    echo "build_sw.sh: no pkg-<hash>/ in $DIR (scripts/build_wasm.sh runs first)" >&2
    exit 1
fi

cd "$DIR"
# Every file but the worker itself, as URLs relative to it, sorted bytewise.
mapfile -t files < <(find . -type f ! -path ./sw.js | sed 's#^\./##' | LC_ALL=C sort)
version=$(sha256sum -- "${files[@]}" | sha256sum | cut -c1-16)
# Under `trunk serve` (scripts/run.sh: index.html holds trunk's live-reload
# script) the worker keeps nothing, so that every rebuild is what is seen.
if grep -q '\.well-known/trunk/ws' index.html; then
    files=()
    version=dev
fi

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
{
    echo "// Written by scripts/build_sw.sh from assets/sw.js: do not edit here."
    echo "const VERSION = \"$version\";"
    # As URLs: what may not appear bare in a URL path is escaped (none today).
    python3 -c 'import json, sys, urllib.parse
print("const FILES = " + json.dumps([urllib.parse.quote(f) for f in sys.argv[1:]], indent=2) + ";")' "${files[@]}"
    cat "$ROOT/assets/sw.js"
} >"$tmp"
cat "$tmp" >sw.js
echo "build_sw.sh: sw.js, version $version, ${#files[@]} files"
