//! What every generator draws with: small whole numbers from the seeded
//! [`Rng`], and the scenes and words they are put into.

use ndarray::{Array2, Array4};

use crate::core::content::presets::default_scene;
use crate::core::model::conv2d::{Conv2dArgs, Padding, PaddingMode, TorchConv};
use crate::core::model::init::Rng;
use crate::core::model::scene::{
    Op, OpKind, Scene, ScipyConv, SharedModel, Showing, TransposeConv,
};
use crate::core::ops::network::export::{layer_source, to_source};
use crate::core::ops::network::layers::{ConvTranspose2d, Layer, Size2};
use crate::core::ops::network::model::Model;
use crate::core::ops::network::repr::{layer_repr, to_repr};
use crate::core::ops::stack::pool::module_repr;
use crate::core::practice::rules::words::{num, tuple};
use crate::core::practice::task::Task;

/// A generated exercise before its answer is computed.
#[derive(Clone, Debug)]
pub struct Draft {
    pub question: String,
    pub scene: Scene,
    pub task: Task,
}

/// A whole number in `lo..=hi`.
pub fn int(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    rng.int(lo, hi)
}

/// `int` as a size.
pub fn size(rng: &mut Rng, lo: usize, hi: usize) -> usize {
    rng.int(lo as i64, hi as i64).max(0) as usize
}

pub fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.unit() < p
}

/// One of `from` (never empty: the generators pick from written lists).
pub fn pick<T: Copy>(rng: &mut Rng, from: &[T]) -> T {
    from[size(rng, 0, from.len().saturating_sub(1)).min(from.len() - 1)]
}

/// Whole numbers in `lo..=hi`, shaped `(a, b, c, d)`.
pub fn ints4(rng: &mut Rng, [a, b, c, d]: [usize; 4], lo: i64, hi: i64) -> Array4<f64> {
    Array4::from_shape_simple_fn((a, b, c, d), || rng.int(lo, hi) as f64)
}

/// Whole numbers in `lo..=hi`, shaped `(h, w)`.
pub fn ints2(rng: &mut Rng, [h, w]: [usize; 2], lo: i64, hi: i64) -> Array2<f64> {
    Array2::from_shape_simple_fn((h, w), || rng.int(lo, hi) as f64)
}

/// A kernel of small whole numbers that is not all zeros.
pub fn kernel4(rng: &mut Rng, dims: [usize; 4], lo: i64, hi: i64) -> Array4<f64> {
    let mut k = ints4(rng, dims, lo, hi);
    if k.iter().all(|v| *v == 0.0) {
        k[[0, 0, 0, 0]] = 1.0;
    }
    k
}

/// A `conv2d` scene.
pub fn torch(input: Array4<f64>, args: Conv2dArgs) -> Scene {
    Scene::new(Op::Torch(TorchConv { input, args }))
}

/// `Conv2dArgs` with the settings PyTorch defaults to besides these.
pub fn args(
    weight: Array4<f64>,
    stride: [i64; 2],
    padding: Padding,
    dilation: [i64; 2],
    groups: i64,
) -> Conv2dArgs {
    Conv2dArgs {
        weight,
        bias: None,
        stride,
        padding,
        dilation,
        groups,
        padding_mode: PaddingMode::Zeros,
    }
}

/// The call a scene makes, as a person reads it: `Conv2d(3, 4,
/// kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)`,
/// `scipy.signal.convolve2d(in1, in2, mode='same')`, or
/// `ConvTranspose2d(...)`, with the bias's values where there is one.
pub fn call(scene: &Scene) -> String {
    match &scene.op {
        Op::Torch(t) => with_bias(t.module_repr(), t.bias.as_deref()),
        Op::Convolve(s) => scipy_call(OpKind::Convolve, s),
        Op::Correlate(s) => scipy_call(OpKind::Correlate, s),
        Op::Transpose(t) => with_bias(layer_repr(&transpose_layer(t)), t.bias.as_deref()),
        Op::Sequential(s) => {
            let layers: Vec<String> = s.layers.iter().map(module_repr).collect();
            format!("nn.Sequential({})", layers.join(", "))
        }
    }
}

fn with_bias(text: String, bias: Option<&[f64]>) -> String {
    match bias {
        Some(b) => {
            let v: Vec<String> = b.iter().map(|x| num(*x as i64)).collect();
            format!("{text} with bias [{}]", v.join(", "))
        }
        None => text,
    }
}

fn scipy_call(kind: OpKind, s: &ScipyConv) -> String {
    let mut t = format!(
        "{}(in1, in2, mode='{}'",
        kind.name().replace("scipy.", "scipy.signal."),
        s.mode.as_str()
    );
    if s.boundary != Default::default() || s.fillvalue != 0.0 {
        t += &format!(", boundary='{}'", s.boundary.as_str());
    }
    if s.fillvalue != 0.0 {
        t += &format!(", fillvalue={}", s.fillvalue as i64);
    }
    t + ")"
}

/// The `nn.ConvTranspose2d` a transposed scene is.
pub fn transpose_layer(t: &TransposeConv) -> Layer {
    let (ci, cog, kh, kw) = t.weight.dim();
    Layer::ConvTranspose2d(ConvTranspose2d {
        in_channels: ci as i64,
        out_channels: cog as i64 * t.groups,
        kernel_size: Size2::of([kh as i64, kw as i64]),
        stride: Size2::of(t.stride),
        padding: Size2::of(t.padding),
        output_padding: Size2::of(t.output_padding),
        groups: t.groups,
        bias: t.bias.is_some(),
        dilation: Size2::of(t.dilation),
        padding_mode: "zeros".into(),
    })
}

/// `(1, 3, 7, 7)`.
pub fn shape_of(a: &Array4<f64>) -> String {
    let (n, c, h, w) = a.dim();
    tuple(&[n as i64, c as i64, h as i64, w as i64])
}

/// A scene that opens "Your network" on these layers and this input
/// shape, as a share link made there does (the lab keeps the page's first
/// scene). `repr`: the model as `print(model)` shows it, else as source.
pub fn network_scene(layers: &[Layer], input: &[i64], repr: bool) -> Scene {
    let model = Model::of_layers(layers.to_vec());
    let text = if repr {
        to_repr(&model)
    } else {
        to_source(&model)
    };
    let shape: Vec<String> = input.iter().map(|v| v.to_string()).collect();
    let mut s = default_scene();
    s.title = None;
    s.view = Some("network".into());
    s.showing = Some(Showing {
        model: Some(SharedModel {
            text,
            input_shape: shape.join(", "),
        }),
        ..Showing::default()
    });
    s
}

/// `nn.MaxPool2d(2)`: a layer as a person writes it, defaults left out.
pub fn source(layer: &Layer) -> String {
    format!("nn.{}", layer_source(layer))
}
