#!/usr/bin/env bash
# Lighthouse 12.2.3 (mobile preset, performance only) on the built app served
# on loopback, in Debian's Chromium. Installs lighthouse into
# ${XDG_CACHE_HOME:-$HOME/.cache}/convlab/lighthouse once. Builds dist/ first.
# Prints the performance score, LCP, TBT and the transfer size; RUNS sets how
# many runs (default 3), and the median score is printed last. --no-build
# measures dist/ as it is (CONVLAB_DIST=dir measures another build). THROTTLING sets
# Lighthouse's throttling method: simulate (its default: an unthrottled load,
# then a model of slow 4G and a 4x slower CPU) or devtools (the load itself is
# throttled, so the page's own order of events is what is measured).
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
if [ "${1:-}" != "--no-build" ]; then
    setup_build
    trunk build --release
fi
setup_test

LH_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/convlab/lighthouse"
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
    step "npm install lighthouse@12.2.3 (once, into $LH_DIR)"
    mkdir -p "$LH_DIR"
    npm install --prefix "$LH_DIR" --no-audit --no-fund lighthouse@12.2.3 >/dev/null
fi

url_file="$(mktemp)"
(cd tests/e2e && exec node serve.mjs) >"$url_file" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$url_file"' EXIT
for _ in $(seq 50); do [ -s "$url_file" ] && break; sleep 0.2; done
url="$(head -1 "$url_file")"

out="$ROOT/target/lighthouse"
mkdir -p "$out"
scores=()
for k in $(seq "${RUNS:-3}"); do
    CHROME_PATH="$CHROMIUM" "$LH_DIR/node_modules/.bin/lighthouse" "$url" \
        --only-categories=performance --throttling-method="${THROTTLING:-simulate}" \
        --quiet --output=json --output-path="$out/run-$k.json" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null
    line=$(node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const a = r.audits;
        const score = Math.round(r.categories.performance.score * 100);
        console.log(`lighthouse run ${process.argv[2]} (${r.configSettings.throttlingMethod}): performance ${score}, LCP ${(a["largest-contentful-paint"].numericValue / 1000).toFixed(2)} s, TBT ${Math.round(a["total-blocking-time"].numericValue)} ms, FCP ${(a["first-contentful-paint"].numericValue / 1000).toFixed(2)} s, transfer ${Math.round(a["total-byte-weight"].numericValue / 1024)} KiB`);
    ' "$out/run-$k.json" "$k")
    echo "$line"
    scores+=("$(echo "$line" | sed -E 's/.*performance ([0-9]+),.*/\1/')")
done
median=$(printf '%s\n' "${scores[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "lighthouse: median performance $median over ${#scores[@]} runs (reports in target/lighthouse/)"
