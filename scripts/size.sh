#!/usr/bin/env bash
# First-load size (issue: at most 200 KB gzip in total): the raw and
# gzip -9 size of every file in dist/ (wasm, js, css, html), the total, and
# the verdict against the budget. Builds dist/ first unless given --no-build
# (or SIZE_NO_BUILD=1). Exits non-zero when the total is over budget.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUDGET_KB="${SIZE_BUDGET_KB:-200}"
DIST="${CONVLAB_DIST:-$ROOT/dist}"

if [ "${1:-}" != "--no-build" ] && [ "${SIZE_NO_BUILD:-0}" != 1 ]; then
    # shellcheck source=scripts/setup.sh
    source "$ROOT/scripts/setup.sh"
    cd "$ROOT"
    setup_build
    step "trunk build --release"
    trunk build --release
fi

[ -d "$DIST" ] || { echo "error: no $DIST: build first (trunk build --release)" >&2; exit 1; }

# The first load is what the first screen fetches: index.html, the CSS, the
# main module and its JS. The chunks (split_*.wasm and the chunk_*.wasm they
# share, src/ui/shell/parts.rs) are fetched after the page is whole, and the sample
# photos only when picked; both are listed apart. tests/e2e/chunks.test.mjs
# checks in Chromium that the first screen fetches no chunk. The service
# worker (sw.js, and offline.js, which registers it once the page is whole;
# tests/e2e/offline.test.mjs checks when), the manifest and its icons (read
# by the browser when it needs them) are listed with the chunks.
total_raw=0
total_gz=0
later_raw=0
later_gz=0
printf '%-48s %10s %10s\n' file raw gzip-9
while IFS= read -r f; do
    rel="${f#"$DIST"/}"
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    case "$rel" in
        */split_*.wasm | */chunk_*.wasm | sw.js | offline.js | manifest.webmanifest | icons/*)
            later_raw=$((later_raw + raw))
            later_gz=$((later_gz + gz))
            printf '%-48s %10d %10d  (after the first screen)\n' "$rel" "$raw" "$gz"
            ;;
        *)
            total_raw=$((total_raw + raw))
            total_gz=$((total_gz + gz))
            printf '%-48s %10d %10d\n' "$rel" "$raw" "$gz"
            ;;
    esac
done < <(find "$DIST" -type f -not -path "$DIST/samples/*" | sort)
printf '%-48s %10d %10d\n' "first load" "$total_raw" "$total_gz"
printf '%-48s %10d %10d\n' "after the first screen" "$later_raw" "$later_gz"
budget=$((BUDGET_KB * 1000))
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000 }'; }
echo "size: everything but the samples $(kb $((total_gz + later_gz))) KB gzip"
if [ "$total_gz" -le "$budget" ]; then
    echo "size: first load $(kb "$total_gz") KB gzip, within the $BUDGET_KB KB budget"
else
    echo "size: first load $(kb "$total_gz") KB gzip, OVER the $BUDGET_KB KB budget by $(kb $((total_gz - budget))) KB"
    exit 1
fi
