#!/usr/bin/env bash
# Build ConvLab and serve it at http://127.0.0.1:8080, rebuilding on change.
# Installs what is missing first (see scripts/setup.sh). Extra arguments go
# to `trunk serve`.
set -euo pipefail
# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"

setup_build

step "trunk serve: ConvLab at http://127.0.0.1:8080 (Ctrl-C stops it)"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
