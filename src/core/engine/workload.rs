//! The benchmark workloads, shared by the native benchmarks
//! (`benches/conv.rs`) and the in-browser measurement (`?bench=engine`), so
//! both time the same computation.

use ndarray::Array4;

use crate::core::model::conv2d::Conv2dArgs;
use crate::core::model::init::{conv_init, Rng};
use crate::core::model::scene::{Op, Padding, PaddingMode, Scene, TorchConv};

/// `1 x c x size x size` of uniform noise in [-1, 1] into `filters` `k x k`
/// filters initialised as `nn.Conv2d` does, with bias, no padding, stride 1.
pub fn image_like(c: usize, size: usize, filters: usize, k: usize) -> Scene {
    let mut rng = Rng::new(7);
    let input = Array4::from_shape_simple_fn((1, c, size, size), || rng.uniform(-1.0, 1.0));
    let (weight, bias) = conv_init([filters, c, k, k], 11);
    Scene::new(Op::Torch(TorchConv {
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
    }))
}
