//! The lecture's examples as ready-made scenes, and the input patterns the
//! fill helpers offer.

use ndarray::{Array2, Array4};

use crate::core::model::conv2d::Conv2dArgs;
use crate::core::model::scene::{
    Boundary, Mode, Op, Padding, PaddingMode, Scene, ScipyConv, TorchConv,
};

/// The lecture's cases as the oracle holds them (inputs only, no answers).
const LECTURE_SCENES: &str = include_str!("lecture_scenes.json");

/// A lecture scene by its oracle name (`lecture-xcorr-test`, ...).
pub fn lecture_scene(name: &str) -> Option<Scene> {
    // Straight from the text, as Scene::from_json reads a scene: going
    // through serde_json::Value would put a second copy of the scene
    // decoder in the wasm. Parsed once: the lessons ask for many.
    #[derive(serde::Deserialize)]
    struct Named {
        name: String,
    }
    static CASES: std::sync::OnceLock<Vec<(String, Scene)>> = std::sync::OnceLock::new();
    let cases = CASES.get_or_init(|| {
        let names: Vec<Named> = serde_json::from_str(LECTURE_SCENES).unwrap_or_default();
        let scenes: Vec<Scene> = serde_json::from_str(LECTURE_SCENES).unwrap_or_default();
        names.into_iter().map(|n| n.name).zip(scenes).collect()
    });
    cases
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s.clone())
}

/// The lecture's 8x8 step edge: 4s on the left half, 1s on the right.
pub fn step_edge() -> Array2<f64> {
    Array2::from_shape_fn((8, 8), |(_, j)| if j < 4 { 4.0 } else { 1.0 })
}

/// The lecture's `[-1 0 1]` kernel, three rows of it.
pub fn edge_kernel() -> Array2<f64> {
    Array2::from_shape_fn((3, 3), |(_, j)| j as f64 - 1.0)
}

/// A one-pixel vertical line of 1s in column `col` of an `h x w` grid.
pub fn vertical_line(h: usize, w: usize, col: usize) -> Array2<f64> {
    Array2::from_shape_fn((h, w), |(_, j)| if j == col { 1.0 } else { 0.0 })
}

/// The `[1 2 3]` kernel of the lecture's cross-correlation test.
pub fn ramp_kernel() -> Array2<f64> {
    Array2::from_shape_fn((3, 3), |(_, j)| j as f64 + 1.0)
}

/// `(H, W)` as `(1, 1, H, W)`, the lecture's two `unsqueeze(_, 0)` calls.
pub fn as_nchw(a: &Array2<f64>) -> Array4<f64> {
    a.clone()
        .insert_axis(ndarray::Axis(0))
        .insert_axis(ndarray::Axis(0))
}

/// The page's first scene: the step edge convolved with `[-1 0 1]` by
/// `scipy.signal.convolve2d(arr, ker, mode="valid")`: a 6x6 of 0s and 9s.
pub fn default_scene() -> Scene {
    Scene::new(Op::Convolve(ScipyConv {
        in1: step_edge(),
        in2: edge_kernel(),
        mode: Mode::Valid,
        boundary: Boundary::Fill,
        fillvalue: 0.0,
    }))
    .with_title("The step edge and the [-1 0 1] kernel")
}

/// A PyTorch scene around a 2-D input and kernel, stride 1, no padding.
pub fn torch_scene(input: &Array2<f64>, kernel: &Array2<f64>) -> Scene {
    Scene::new(Op::Torch(TorchConv {
        input: as_nchw(input),
        args: Conv2dArgs {
            weight: as_nchw(kernel),
            bias: None,
            stride: [1, 1],
            padding: Padding::zero(),
            dilation: [1, 1],
            groups: 1,
            padding_mode: PaddingMode::Zeros,
        },
    }))
}

/// A `torch.conv_transpose2d` scene of one channel, stride 2 (the usual
/// upsampling), no padding.
pub fn transpose_scene(input: &Array2<f64>, kernel: &Array2<f64>) -> Scene {
    Scene::new(Op::Transpose(crate::core::model::scene::TransposeConv {
        input: as_nchw(input),
        weight: as_nchw(kernel),
        bias: None,
        stride: [2, 2],
        padding: [0, 0],
        output_padding: [0, 0],
        dilation: [1, 1],
        groups: 1,
        output_size: None,
    }))
}
