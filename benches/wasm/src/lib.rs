//! Exports for `run.mjs`: build the benchmark scenes once, then compute a
//! whole output per call (JavaScript does the timing).

use std::sync::OnceLock;

use convlab::core::model::init::{conv_init, Rng};
use convlab::core::engine::lanes::Vectors;
use convlab::core::Conv2dArgs;
use convlab::core::{Op, Padding, PaddingMode, Plan, Scene, TorchConv};
use ndarray::Array4;

/// The scenes of `benches/conv.rs`: `1x3x64x64->8 3x3`, `1x3x256x256->16 3x3`.
static PLANS: OnceLock<Vec<Plan>> = OnceLock::new();

fn plan(size: usize, filters: usize) -> Option<Plan> {
    let mut rng = Rng::new(7);
    let input = Array4::from_shape_simple_fn((1, 3, size, size), || rng.uniform(-1.0, 1.0));
    let (weight, bias) = conv_init([filters, 3, 3, 3], 11);
    Plan::new(&Scene::new(Op::Torch(TorchConv {
        input,
        args: Conv2dArgs {
            weight,
            bias: Some(bias),
            stride: [1, 1],
            padding: Padding::zero(),
            dilation: [1, 1],
            groups: 1,
            padding_mode: PaddingMode::Zeros,
        },
    })))
    .ok()
}

fn plans() -> &'static [Plan] {
    PLANS.get_or_init(|| [(64, 8), (256, 16)].into_iter().filter_map(|(s, f)| plan(s, f)).collect())
}

/// Compute scene `which`'s whole output with the build's vectors (`scalar`
/// 0) or one value at a time (1); returns its first value.
#[no_mangle]
pub extern "C" fn run(which: usize, scalar: u32) -> f64 {
    let vectors = if scalar == 1 { Vectors::Scalar } else { Vectors::Widest };
    match plans().get(which) {
        Some(p) => p.output_using(vectors).iter().next().copied().unwrap_or(0.0),
        None => f64::NAN,
    }
}
