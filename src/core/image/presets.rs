//! Kernels people try first on a picture, and the scene a loaded picture
//! becomes. A preset is a 3x3 kernel; it is applied to every channel on its
//! own (depthwise: `groups = C`, one output channel per input channel) or
//! to all channels into one output channel (the kernel divided by `C` in
//! each, so that the identity gives the channels' mean). Either way the
//! padding becomes 1 on each side, so the picture keeps its size.

use ndarray::{Array2, Array4};

use crate::core::image::decode::ImageInfo;
use crate::core::model::conv2d::Conv2dArgs;
use crate::core::model::scene::{Op, Padding, PaddingMode, Scene, TorchConv};

/// The kernel presets of the picture panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelPreset {
    Identity,
    Box,
    Gaussian,
    Sharpen,
    SobelX,
    SobelY,
    Laplacian,
    /// The lecture's `[-1 0 1]`, three rows of it.
    Edge,
}

/// How a preset meets the channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mapping {
    /// Each channel by itself: weight `(C, 1, 3, 3)`, `groups = C`.
    Depthwise,
    /// All channels into one: weight `(1, C, 3, 3)`, the kernel over `C`.
    ToOne,
}

impl KernelPreset {
    pub const ALL: [KernelPreset; 8] = [
        Self::Identity,
        Self::Box,
        Self::Gaussian,
        Self::Sharpen,
        Self::SobelX,
        Self::SobelY,
        Self::Laplacian,
        Self::Edge,
    ];

    /// The button's label.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Identity => "Identity",
            Self::Box => "Box blur",
            Self::Gaussian => "Gaussian",
            Self::Sharpen => "Sharpen",
            Self::SobelX => "Sobel x",
            Self::SobelY => "Sobel y",
            Self::Laplacian => "Laplacian",
            Self::Edge => "Edge [-1 0 1]",
        }
    }

    /// What it does, in a few words.
    pub fn description(&self) -> &'static str {
        match self {
            Self::Identity => "copies the picture",
            Self::Box => "the mean of the 3x3 neighbourhood: a blur",
            Self::Gaussian => "a weighted mean, heavier in the middle: a softer blur",
            Self::Sharpen => "the pixel against its neighbours: edges stand out",
            Self::SobelX => "left-to-right change: vertical edges, signed",
            Self::SobelY => "top-to-bottom change: horizontal edges, signed",
            Self::Laplacian => "the pixel against its four neighbours: edges in every direction",
            Self::Edge => "the lecture's kernel: right minus left, vertical edges",
        }
    }

    /// The 3x3 kernel.
    pub fn kernel(&self) -> Array2<f64> {
        let k: [[f64; 3]; 3] = match self {
            Self::Identity => [[0., 0., 0.], [0., 1., 0.], [0., 0., 0.]],
            Self::Box => [[1. / 9.; 3]; 3],
            Self::Gaussian => [
                [1. / 16., 2. / 16., 1. / 16.],
                [2. / 16., 4. / 16., 2. / 16.],
                [1. / 16., 2. / 16., 1. / 16.],
            ],
            Self::Sharpen => [[0., -1., 0.], [-1., 5., -1.], [0., -1., 0.]],
            Self::SobelX => [[-1., 0., 1.], [-2., 0., 2.], [-1., 0., 1.]],
            Self::SobelY => [[-1., -2., -1.], [0., 0., 0.], [1., 2., 1.]],
            Self::Laplacian => [[0., 1., 0.], [1., -4., 1.], [0., 1., 0.]],
            Self::Edge => [[-1., 0., 1.]; 3],
        };
        Array2::from_shape_fn((3, 3), |(i, j)| k[i][j])
    }
}

/// `t` with the preset as its weight (no bias, padding 1), for its input's
/// channels; stride, dilation and `padding_mode` stay.
pub fn apply(t: &TorchConv, preset: KernelPreset, mapping: Mapping) -> TorchConv {
    let c = t.input.dim().1.max(1);
    let k = preset.kernel();
    let mut out = t.clone();
    match mapping {
        Mapping::Depthwise => {
            out.weight = Array4::from_shape_fn((c, 1, 3, 3), |(_, _, i, j)| k[[i, j]]);
            out.groups = c as i64;
        }
        Mapping::ToOne => {
            out.weight = Array4::from_shape_fn((1, c, 3, 3), |(_, _, i, j)| k[[i, j]] / c as f64);
            out.groups = 1;
        }
    }
    out.bias = None;
    out.padding = Padding::Explicit([1, 1]);
    out
}

/// The scene a loaded picture becomes: a `torch.conv2d` of it. The previous
/// scene's convolution is kept when it still fits the picture's channels
/// (a new photo under the same kernel); otherwise Sobel x, depthwise.
pub fn image_scene(input: Array4<f64>, info: ImageInfo, previous: Option<&Scene>) -> Scene {
    let c = input.dim().1;
    let kept = previous.and_then(|p| match &p.op {
        Op::Torch(t)
            if t.groups > 0
                && c % t.groups as usize == 0
                && t.weight.dim().1 * t.groups as usize == c =>
        {
            Some(t.clone())
        }
        _ => None,
    });
    let t = match kept {
        Some(mut t) => {
            t.input = input;
            t
        }
        None => {
            let base = TorchConv {
                input,
                args: Conv2dArgs {
                    weight: Array4::zeros((1, 1, 1, 1)),
                    bias: None,
                    stride: [1, 1],
                    padding: Padding::zero(),
                    dilation: [1, 1],
                    groups: 1,
                    padding_mode: PaddingMode::Zeros,
                },
            };
            apply(&base, KernelPreset::SobelX, Mapping::Depthwise)
        }
    };
    let mut s = Scene::new(Op::Torch(t)).with_title(&info.name);
    s.image = Some(info);
    s
}

/// The preset the kernel is now, applied with `mapping`, if any: the
/// button that would change nothing is shown pressed.
pub fn preset_in_use(t: &TorchConv, mapping: Mapping) -> Option<KernelPreset> {
    // `apply` reads only the input's channel count: a 1x1 stand-in keeps a
    // photo's pixels from being copied once per preset on every edit.
    let probe = TorchConv {
        input: Array4::zeros((1, t.input.dim().1, 1, 1)),
        args: t.args.clone(),
    };
    KernelPreset::ALL.into_iter().find(|&p| {
        let a = apply(&probe, p, mapping);
        a.weight == t.weight && a.groups == t.groups && a.padding == t.padding
    })
}

/// What loading a picture set, and why: said on the page, so that pressing
/// "Sobel x" next does not seem to do nothing.
pub fn photo_note(previous: Option<&Scene>, next: &Scene) -> Option<String> {
    let Op::Torch(t) = &next.op else { return None };
    let (o, cg, kh, kw) = t.weight.dim();
    let c = t.input.dim().1;
    let [h, w] = [t.input.dim().2, t.input.dim().3];
    let kept = matches!(previous.map(|p| &p.op), Some(Op::Torch(p)) if p.weight == t.weight && p.groups == t.groups);
    Some(if kept {
        format!(
            "Your kernel is kept ({o}x{cg}x{kh}x{kw}, groups={}): it fits the picture's {c} channel{}.",
            t.groups,
            if c == 1 { "" } else { "s" }
        )
    } else if c == 1 {
        format!(
            "Loading the picture set the kernel to Sobel x with padding=1: the output keeps the picture's {h}x{w} and shows its vertical edges. Pick another kernel below."
        )
    } else {
        format!(
            "Loading the picture set the kernel to Sobel x on each of its {c} channels (groups={}, one filter per channel) with padding=1: the output keeps the picture's {h}x{w} and shows each channel's vertical edges. Pick another kernel or mapping below.",
            t.groups
        )
    })
}

/// A picture through `depth` 3x3 layers (`nn.Sequential`), the lecture's
/// "three or four passes": a Gaussian from all channels into one, more
/// Gaussians, and Sobel x last, so the picture stays recognisable while
/// `valid` layers shrink it and `same` layers invent its border.
pub fn photo_stack(input: Array4<f64>, info: ImageInfo, depth: usize, padding: Padding) -> Scene {
    use crate::core::ops::stack::{StackLayer, StackScene, MAX_LAYERS};
    let depth = depth.clamp(1, MAX_LAYERS);
    let c = input.dim().1.max(1);
    let layers = (0..depth)
        .map(|l| {
            let preset = if l + 1 == depth && depth > 1 {
                KernelPreset::SobelX
            } else {
                KernelPreset::Gaussian
            };
            let k = preset.kernel();
            let cin = if l == 0 { c } else { 1 };
            let weight =
                Array4::from_shape_fn((1, cin, 3, 3), |(_, _, i, j)| k[[i, j]] / cin as f64);
            StackLayer::conv(weight, padding)
        })
        .collect();
    let mut s = Scene::new(Op::Sequential(StackScene::new(input, layers)))
        .with_title(&format!("{} through {depth} layers", info.name));
    s.image = Some(info);
    s
}

/// What a stack keeps of its input, in words, from its levels' shapes
/// (`Stack::shapes`): `None` when the last level is as large as the input.
pub fn shrink_words(shapes: &[[usize; 4]]) -> Option<String> {
    let (first, last) = (shapes.first()?, shapes.last()?);
    let ([h0, w0], [h, w]) = ([first[2], first[3]], [last[2], last[3]]);
    if h >= h0 && w >= w0 {
        return None;
    }
    let layers = shapes.len() - 1;
    let kept = (h * w) as f64 / (h0 * w0).max(1) as f64 * 100.0;
    let layer_word = if layers == 1 {
        "1 layer".to_string()
    } else {
        format!("{layers} layers")
    };
    Some(format!(
        "After {layer_word} the {w0}x{h0} picture is a {w}x{h} map: {kept:.0}% of its positions are left, {} rows and {} columns fewer.",
        h0 - h,
        w0 - w,
    ))
}

#[cfg(test)]
mod tests;
