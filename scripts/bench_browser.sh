#!/usr/bin/env bash
# Browser figures (issue: speed): the engine's whole output in wasm in
# headless Chromium, and the lab's edit latency. Builds dist/ first.
# Prints `bench ...` lines. EDITS sets the number of edits (default 40).
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
setup_build
setup_test
trunk build --release
cd tests/e2e
node bench.mjs
