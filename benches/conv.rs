//! How long the engine takes for one frame and for a whole output, and how
//! that grows with the image and the kernel.
//!
//! `cargo bench --bench conv`. Sizes are image-like: `1x3xSxS` inputs with
//! 8 or 16 filters, within the app's caps (see `core::limits`).
//! `scripts/bench_engine.sh` runs the `output` groups beside PyTorch's
//! one-thread float64 `conv2d` and prints the ratios.

use std::hint::black_box;
use std::time::Duration;

use convlab::core::engine::lanes;
use convlab::core::engine::lanes::Vectors;
use convlab::core::engine::workload::image_like;
use convlab::core::Plan;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

/// `1 x c x size x size` of uniform noise into `filters` `k x k` filters,
/// initialised as `nn.Conv2d` does, no padding, stride 1.
fn plan(c: usize, size: usize, filters: usize, k: usize) -> Plan {
    Plan::new(&image_like(c, size, filters, k)).expect("within the caps")
}

fn frame_at_middle(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_at");
    for (size, filters) in [(64, 8), (256, 16)] {
        let p = plan(3, size, filters, 3);
        let middle = p.frame_count() / 2;
        let id = format!("1x3x{size}x{size}->{filters} 3x3");
        group.bench_function(id, |b| b.iter(|| p.frame_at(black_box(middle))));
    }
    group.finish();
}

/// The whole output with the widest vectors this CPU has (what the app
/// uses), and with the baseline ones every CPU of the target has (SSE2
/// here; in the browser that is wasm's `f64x2`, so the baseline figure is
/// the closer guide to the web app's speed).
fn whole_output(c: &mut Criterion) {
    for (name, vectors) in [
        ("output", Vectors::Widest),
        ("output baseline", Vectors::Baseline),
    ] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for (size, filters) in [(64, 8), (256, 16)] {
            let p = plan(3, size, filters, 3);
            let id = format!("1x3x{size}x{size}->{filters} 3x3");
            group.bench_function(id, |b| b.iter(|| black_box(&p).output_using(vectors)));
        }
        group.finish();
    }
    eprintln!("output: {}", lanes::name(Vectors::Widest));
    eprintln!("output baseline: {}", lanes::name(Vectors::Baseline));
}

/// One value edited: the output values that change, recomputed in place.
fn incremental_update(c: &mut Criterion) {
    let mut group = c.benchmark_group("update");
    let mut p = plan(3, 256, 16, 3);
    let mut out = p.output();
    let mut v = 0.0;
    group.bench_function("1x3x256x256->16 3x3 one input value", |b| {
        b.iter(|| {
            v += 1.0;
            p.update_input(&mut out, black_box([0, 1, 128, 128]), v)
        })
    });
    group.sample_size(10);
    group.bench_function("1x3x256x256->16 3x3 one kernel value", |b| {
        b.iter(|| {
            v += 1.0;
            p.update_kernel(&mut out, black_box([5, 1, 1, 1]), v)
        })
    });
    group.finish();
}

fn output_by_size(c: &mut Criterion) {
    let mut group = c.benchmark_group("output by size (1x3xSxS->8 3x3)");
    group.sample_size(10);
    for size in [32, 64, 128, 256] {
        let p = plan(3, size, 8, 3);
        group.bench_with_input(BenchmarkId::from_parameter(size), &p, |b, p| {
            b.iter(|| black_box(p).output())
        });
    }
    group.finish();
}

fn frame_at_by_kernel(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_at by kernel (1x3x64x64->8 kxk)");
    for k in [3, 5, 7, 9] {
        let p = plan(3, 64, 8, k);
        let middle = p.frame_count() / 2;
        group.bench_with_input(BenchmarkId::from_parameter(k), &p, |b, p| {
            b.iter(|| p.frame_at(black_box(middle)))
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = frame_at_middle, whole_output, incremental_update, output_by_size, frame_at_by_kernel
}
criterion_main!(benches);
