#!/usr/bin/env bash
# All of ConvLab's tests, stopping at the first failure:
#   1. cargo test --all-targets   (the engine, natively, against the oracle)
#   2. trunk build --release      (the app, to dist/)
#   3. browser tests              (tests/e2e: dist/ in headless Chromium)
# Installs what is missing first (see scripts/setup.sh).
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

timed() {
    local start=$SECONDS
    step "$*"
    "$@"
    printf '    (%ss)\n' "$((SECONDS - start))" >&2
}

setup_build
setup_test

timed cargo test --all-targets -- --nocapture
timed trunk build --release
cd tests/e2e
timed node --test --test-reporter=tap --test-concurrency=1
