//! TEMPORARY stand-in until wip-image lands (same API).
use ndarray::{Array2, Array4};

use super::image::ImageInfo;
use super::scene::{Op, Padding, Scene, TorchConv};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelPreset {
    Identity,
    Box,
    Gaussian,
    Sharpen,
    SobelX,
    SobelY,
    Laplacian,
    Edge,
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mapping {
    Depthwise,
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

pub fn apply(t: &TorchConv, preset: KernelPreset, mapping: Mapping) -> TorchConv {
    let c = t.input.dim().1;
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
                weight: Array4::zeros((1, 1, 1, 1)),
                bias: None,
                stride: [1, 1],
                padding: Padding::zero(),
                dilation: [1, 1],
                groups: 1,
                padding_mode: Default::default(),
            };
            apply(&base, KernelPreset::SobelX, Mapping::Depthwise)
        }
    };
    let mut s = Scene::new(Op::Torch(t)).with_title(&info.name.clone());
    s.image = Some(info);
    s
}
