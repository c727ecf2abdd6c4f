#!/usr/bin/env python3
"""PyTorch's own conv2d time on one CPU thread in float64, to set beside the
Rust engine's (benches/). Run it with the Python that has PyTorch:

    ~/.cache/convlab/torch-venv/bin/python scripts/bench_torch.py

Prints one line per case, `key=value` pairs separated by spaces, e.g.

    torch_conv2d case=1x3x256x256->16,3x3 median_us=1234.5 runs=200 torch=2.15.0 threads=1
"""

import statistics
import sys
import time

import torch
import torch.nn.functional as F

# (N, C, H, W) of the input, output channels, kernel size.
CASES = [((1, 3, 256, 256), 16, 3), ((1, 3, 64, 64), 8, 3)]
WARMUP = 20
MIN_RUNS = 50
MIN_SECONDS = 2.0


def median_us(x, w):
    """Median wall time of F.conv2d(x, w), in microseconds."""
    for _ in range(WARMUP):
        F.conv2d(x, w)
    times = []
    start = time.perf_counter()
    while len(times) < MIN_RUNS or time.perf_counter() - start < MIN_SECONDS:
        t0 = time.perf_counter_ns()
        F.conv2d(x, w)
        times.append(time.perf_counter_ns() - t0)
    return statistics.median(times) / 1000.0, len(times)


def main():
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for (n, c, h, w), o, k in CASES:
            x = torch.randn(n, c, h, w, dtype=torch.float64, generator=gen)
            weight = torch.randn(o, c, k, k, dtype=torch.float64, generator=gen)
            med, runs = median_us(x, weight)
            print(
                f"torch_conv2d case={n}x{c}x{h}x{w}->{o},{k}x{k} median_us={med:.1f} "
                f"runs={runs} torch={torch.__version__} threads={torch.get_num_threads()}"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
