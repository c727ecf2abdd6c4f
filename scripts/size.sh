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

total_raw=0
total_gz=0
printf '%-40s %10s %10s\n' file raw gzip-9
for f in "$DIST"/*; do
    [ -f "$f" ] || continue
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '%-40s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-40s %10d %10d\n' total "$total_raw" "$total_gz"
budget=$((BUDGET_KB * 1000))
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1000 }'; }
if [ "$total_gz" -le "$budget" ]; then
    echo "size: first load $(kb "$total_gz") KB gzip, within the $BUDGET_KB KB budget"
else
    echo "size: first load $(kb "$total_gz") KB gzip, OVER the $BUDGET_KB KB budget by $(kb $((total_gz - budget))) KB"
    exit 1
fi
