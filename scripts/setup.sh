# shellcheck shell=bash
# Installs what building and testing ConvLab need, only when it is missing,
# so a second run takes seconds. Sourced by scripts/run.sh and scripts/test.sh:
#
#   setup_build  Rust's wasm32 target, trunk, wasm-bindgen-cli,
#                wasm-split-cli, the crates
#   setup_test   NumPy and SciPy (pip, else apt-get), PyTorch with NumPy,
#                SciPy and Pillow (pip, into a venv of its own), Chromium
#                (apt-get), a Node.js check,
#                tests/e2e/node_modules (npm ci)
#
# Nothing here (or in trunk) downloads anything but packages from crates.io,
# PyPI, npm and Debian.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14" # 0.22 needs a newer rustc
# Splits the app's wasm into chunks (scripts/build_wasm.sh); it must read
# what the wasm_split_helpers in Cargo.lock (0.2.3, through Leptos) writes.
WASM_SPLIT_VERSION="0.2.4"
WASM_TARGET="wasm32-unknown-unknown"
CHROMIUM="${CONVLAB_CHROMIUM:-/usr/bin/chromium}"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# trunk would otherwise ask crates.io for a newer trunk on every start.
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\n==> %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# Second word of `tool --version` ("trunk 0.21.14" -> "0.21.14"), or nothing.
tool_version() { "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'; }

# The wasm-bindgen version pinned in Cargo.lock: the CLI must be exactly it.
locked_wasm_bindgen_version() {
    awk '$1 == "name" && $3 == "\"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' \
        "$ROOT/Cargo.lock"
}

ensure_rust() {
    command -v cargo >/dev/null 2>&1 ||
        die "cargo not found: install Rust (stable) with rustup, https://rustup.rs"
    if command -v rustup >/dev/null 2>&1; then
        if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
            step "rustup target add $WASM_TARGET"
            rustup target add "$WASM_TARGET"
        fi
    elif [ ! -d "$(rustc --print sysroot)/lib/rustlib/$WASM_TARGET" ]; then
        die "Rust's $WASM_TARGET target is missing and there is no rustup to add it"
    fi
}

ensure_trunk() {
    [ "$(tool_version trunk)" = "$TRUNK_VERSION" ] && return
    step "cargo install trunk $TRUNK_VERSION (several minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
    [ "$(tool_version trunk)" = "$TRUNK_VERSION" ] ||
        die "trunk on PATH ($(command -v trunk)) is not $TRUNK_VERSION"
}

ensure_wasm_bindgen() {
    local want
    want="$(locked_wasm_bindgen_version)"
    [ -n "$want" ] || die "no wasm-bindgen in Cargo.lock"
    [ "$(tool_version wasm-bindgen)" = "$want" ] && return
    step "cargo install wasm-bindgen-cli $want (a few minutes, once)"
    # No --locked: one of the CLI's locked dependencies is gone from crates.io.
    cargo install wasm-bindgen-cli --version "$want"
    [ "$(tool_version wasm-bindgen)" = "$want" ] ||
        die "wasm-bindgen on PATH ($(command -v wasm-bindgen)) is not $want"
}

ensure_wasm_split() {
    if command -v wasm-split-cli >/dev/null 2>&1 &&
        cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        return
    fi
    step "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (a few minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
    command -v wasm-split-cli >/dev/null 2>&1 || die "wasm-split-cli is not on PATH after installing it"
}

setup_build() {
    ensure_rust
    ensure_trunk
    ensure_wasm_bindgen
    ensure_wasm_split
    # Trunk.toml builds with --offline, so the wasm crates must be here first.
    (cd "$ROOT" && cargo fetch --target "$WASM_TARGET" --quiet)
}

# apt-get install PKGS..., as root or with sudo; dies with the package names
# when that is impossible.
apt_install() {
    command -v apt-get >/dev/null 2>&1 ||
        die "no apt-get here: install the packages '$*' (or their equivalents) yourself"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "installing '$*' needs root: run 'apt-get install $*' as root"
        sudo="sudo"
    fi
    step "apt-get install $*"
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

ensure_chromium() {
    [ -x "$CHROMIUM" ] && return
    command -v apt-get >/dev/null 2>&1 ||
        die "Chromium not found at $CHROMIUM and there is no apt-get: install the packages 'chromium chromium-driver' (or set CONVLAB_CHROMIUM to a Chromium binary)"
    apt_install chromium chromium-driver
    [ -x "$CHROMIUM" ] || die "Chromium still not found at $CHROMIUM"
}

# tests/codegen.rs runs the exported Python code with real NumPy and SciPy.
ensure_python_scipy() {
    local check="import numpy, scipy.signal"
    command -v python3 >/dev/null 2>&1 && python3 -c "$check" 2>/dev/null && return
    if command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
        step "pip install numpy scipy"
        # Fails on a system Python that refuses pip (PEP 668): apt below then.
        python3 -m pip install --quiet numpy scipy && python3 -c "$check" && return
    fi
    apt_install python3 python3-numpy python3-scipy
    python3 -c "$check" || die "python3 cannot import numpy and scipy"
}

# tests/codegen_torch*.rs run the exported PyTorch code with real PyTorch (and
# Pillow, which the code for a picture opens it with); tests/oracle_provenance.rs
# re-derives the reference cases in tests/oracle/ with PyTorch and SciPy. All
# from a venv of its own so the system Python stays as it is. PyPI's torch
# wheel brings its CUDA libraries: about 5.5 GB and 5 minutes, once per machine.
TORCH_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/convlab/torch-venv"

ensure_torch() {
    local py="$TORCH_VENV/bin/python" check="import torch, numpy, PIL, scipy"
    export CONVLAB_TORCH_PYTHON="$py"
    "$py" -c "$check" 2>/dev/null && return
    command -v python3 >/dev/null 2>&1 || die "python3 not found: it is needed to install PyTorch"
    if ! "$py" -c pass 2>/dev/null; then
        step "python3 -m venv $TORCH_VENV"
        # Debian's python3 has venv (ensurepip) in a package of its own.
        python3 -m venv --clear "$TORCH_VENV" 2>/dev/null || {
            apt_install python3-venv
            python3 -m venv --clear "$TORCH_VENV"
        } || die "python3 cannot create the venv $TORCH_VENV"
    fi
    step "pip install torch numpy pillow scipy into $TORCH_VENV (about 5.5 GB and 5 minutes, once per machine)"
    # One line per package and no progress bars: CI logs stay readable. No
    # cache: it would keep another 3 GB of wheels.
    PIP_NO_INPUT=1 "$py" -m pip install --no-cache-dir --progress-bar off \
        --disable-pip-version-check torch numpy pillow scipy ||
        die "pip could not install torch, numpy, pillow and scipy into $TORCH_VENV (PyPI unreachable, disk full, or no wheel for $(python3 --version)?)"
    "$py" -c "$check" || die "$py cannot import torch, numpy, PIL and scipy after installing them"
}

ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        die "Node.js (20 or newer) and npm are needed for the browser tests: e.g. 'apt-get install nodejs npm'"
    fi
    local major
    major="$(node -p 'process.versions.node.split(".")[0]')"
    [ "$major" -ge 20 ] || die "Node.js $(node --version) is too old: the browser tests need 20 or newer (playwright-core)"
}

# npm ci when node_modules is missing or package.json / package-lock.json changed.
ensure_node_modules() {
    local dir="$ROOT/tests/e2e" stamp sum
    stamp="$dir/node_modules/.convlab-lock-sum"
    sum="$(cat "$dir/package.json" "$dir/package-lock.json" | cksum)"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && return
    step "npm ci (tests/e2e)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    printf '%s\n' "$sum" >"$stamp"
}

setup_test() {
    ensure_python_scipy
    ensure_torch
    ensure_chromium
    ensure_node
    ensure_node_modules
}
