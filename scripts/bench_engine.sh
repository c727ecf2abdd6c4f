#!/usr/bin/env bash
# The engine's whole output beside PyTorch's conv2d, one thread, float64,
# run back to back in one go, for 1x3x256x256->16 3x3 and 1x3x64x64->8 3x3.
#
#   scripts/bench_engine.sh            # 3 rounds
#   RUNS=5 scripts/bench_engine.sh
#
# Each round runs `cargo bench --bench vs_torch` and then PyTorch
# (scripts/bench_torch.py if present, else the equivalent below), both
# timed alike: one thread, float64, warm-up, then the median of single
# calls (at least 50, for at least 2 s). A median of single calls is what a
# busy machine disturbs least; criterion's `output` group in
# `benches/conv.rs` times the same thing in batches. The table gives the
# median over rounds of each round's median, and engine / PyTorch.
#
# "output" is what the app uses natively: AVX when the CPU has it (found
# at run time, no build flag). "output baseline" uses the vectors every
# CPU of the target has: SSE2 natively, and in the browser wasm's f64x2,
# so it is the closer guide to the web app. Both add the bias; PyTorch
# gets one too.
#
# Needs PyTorch in ${XDG_CACHE_HOME:-$HOME/.cache}/convlab/torch-venv
# (or TORCH_PYTHON=/path/to/python).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-3}
TORCH_PYTHON=${TORCH_PYTHON:-${XDG_CACHE_HOME:-$HOME/.cache}/convlab/torch-venv/bin/python}
TARGET=${CARGO_TARGET_DIR:-target}
if [[ ! -x $TORCH_PYTHON ]]; then
    echo "no PyTorch at $TORCH_PYTHON (set TORCH_PYTHON)" >&2
    exit 1
fi

torch_bench() {
    if [[ -f scripts/bench_torch.py ]]; then
        "$TORCH_PYTHON" scripts/bench_torch.py
        return
    fi
    "$TORCH_PYTHON" - <<'PY'
import statistics, time
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
gen = torch.Generator().manual_seed(0)
with torch.no_grad():
    for (n, c, h, w), o, k in [((1, 3, 256, 256), 16, 3), ((1, 3, 64, 64), 8, 3)]:
        x = torch.randn(n, c, h, w, dtype=torch.float64, generator=gen)
        wt = torch.randn(o, c, k, k, dtype=torch.float64, generator=gen)
        b = torch.randn(o, dtype=torch.float64, generator=gen)
        for _ in range(20):
            F.conv2d(x, wt, b)
        times, start = [], time.perf_counter()
        while len(times) < 50 or time.perf_counter() - start < 2.0:
            t0 = time.perf_counter_ns()
            F.conv2d(x, wt, b)
            times.append(time.perf_counter_ns() - t0)
        print(f"torch_conv2d case={n}x{c}x{h}x{w}->{o},{k}x{k} "
              f"median_us={statistics.median(times) / 1000:.1f} runs={len(times)} "
              f"torch={torch.__version__} threads={torch.get_num_threads()}")
PY
}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$RUNS"); do
    echo "round $round/$RUNS: engine" >&2
    cargo bench --bench vs_torch 2>/dev/null | tee /dev/stderr | python3 -c '
import re, sys
for line in sys.stdin:
    m = re.search(r"case=1x3x(\d+)x\d+->\d+,3x3 vectors=(\w+) median_us=([0-9.]+)", line)
    if m:
        group = "output" if m.group(2) == "widest" else "output baseline"
        print(f"{group}|{m.group(1)}|{m.group(3)}")
' >>"$results"
    echo "round $round/$RUNS: PyTorch" >&2
    torch_bench | tee /dev/stderr | python3 -c '
import re, sys
for line in sys.stdin:
    m = re.search(r"case=1x3x(\d+)x\d+->\d+,3x3 median_us=([0-9.]+)", line)
    if m:
        print(f"torch|{m.group(1)}|{m.group(2)}")
' >>"$results"
done

python3 - "$results" "$RUNS" <<'PY'
import statistics, sys
rows = [line.strip().split("|") for line in open(sys.argv[1]) if line.strip()]
def med(what, size):
    xs = [float(v) for w, s, v in rows if w == what and s == str(size)]
    return statistics.median(xs), xs
print(f"\nmedians over {sys.argv[2]} rounds (microseconds; each round's value is itself a median)")
print(f"{'case':<28}{'engine':>10}{'baseline':>10}{'PyTorch':>10}{'engine/PT':>11}{'base/PT':>9}")
for size, filters in ((256, 16), (64, 8)):
    e, es = med("output", size)
    b, bs = med("output baseline", size)
    t, ts = med("torch", size)
    case = f"1x3x{size}x{size}->{filters} 3x3"
    print(f"{case:<28}{e:>10.1f}{b:>10.1f}{t:>10.1f}{e / t:>11.2f}{b / t:>9.2f}")
    print(f"{'  rounds':<28}{' '.join(f'{x:.0f}' for x in es)} | {' '.join(f'{x:.0f}' for x in bs)}"
          f" | {' '.join(f'{x:.0f}' for x in ts)}")
PY
