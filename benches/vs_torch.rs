//! The whole output timed the way `scripts/bench_engine.sh` times PyTorch:
//! warm-up, then the median of single calls (at least 50, for at least 2 s),
//! so the two sides are measured alike and side by side.
//!
//! `cargo bench --bench vs_torch` prints one line per case and vectors:
//! `engine case=1x3x256x256->16,3x3 vectors=widest median_us=... runs=...`

use std::hint::black_box;
use std::time::{Duration, Instant};

use convlab::core::engine::lanes;
use convlab::core::engine::lanes::Vectors;
use convlab::core::engine::workload::image_like;
use convlab::core::Plan;

/// The scene of `benches/conv.rs`: `1 x 3 x size x size` noise into
/// `filters` 3x3 filters with a bias.
fn plan(size: usize, filters: usize) -> Plan {
    Plan::new(&image_like(3, size, filters, 3)).expect("within the caps")
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not,
    // and then one small output checks that this runs at all.
    if !std::env::args().any(|a| a == "--bench") {
        let p = plan(16, 2);
        assert_eq!(p.output_using(Vectors::Baseline), p.output());
        return;
    }
    for (size, filters) in [(256, 16), (64, 8)] {
        let p = plan(size, filters);
        for (name, vectors) in [("widest", Vectors::Widest), ("baseline", Vectors::Baseline)] {
            for _ in 0..20 {
                black_box(p.output_using(vectors));
            }
            let mut times = Vec::new();
            let start = Instant::now();
            while times.len() < 50 || start.elapsed() < Duration::from_secs(2) {
                let t = Instant::now();
                black_box(p.output_using(black_box(vectors)));
                times.push(t.elapsed().as_secs_f64() * 1e6);
            }
            times.sort_by(f64::total_cmp);
            println!(
                "engine case=1x3x{size}x{size}->{filters},3x3 vectors={name} median_us={:.1} runs={} simd={:?}",
                times[times.len() / 2],
                times.len(),
                lanes::name(vectors),
            );
        }
    }
}
