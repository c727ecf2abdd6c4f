//! The scene: everything a user can set, in the oracle's case format.
//!
//! A scene's JSON is exactly a case of `shared/oracle/conv_cases.json`
//! (`op` plus that op's fields); a case's `name`, `expected` and `error`
//! are ignored on the way in. The UI may add `title`, `step` and `view`.

use ndarray::{Array2, Array4};
use serde::{Deserialize, Serialize};

use crate::core::engine::error::ConvError;
pub use crate::core::model::conv2d::{
    one, one_pair, Conv2dArgs, NamedPadding, Padding, PaddingMode, TorchConv,
};
pub use crate::core::model::layer::StackLayer;
pub use crate::core::model::pool::{PoolArgs, PoolKind};
pub use crate::core::model::sequential::StackScene;
use crate::core::model::tensor::{nested2, nested4};

/// A whole configuration: one op with its arguments, plus UI fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    #[serde(flatten)]
    pub op: Op,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The animation frame the user was looking at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    /// Which view the UI had open (`"lab"`, `"compare"`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    /// The picture the input was made from, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<crate::core::image::decode::ImageInfo>,
    /// How the page showed the scene when it was shared or saved: the
    /// lesson and the classroom switches. Not part of what the scene
    /// computes; undo and the lessons' checks leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub showing: Option<Showing>,
}

/// How a shared scene opens: in its lesson, and with the classroom
/// switches as they were.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Showing {
    /// The lesson step's id (ids outlive the steps' order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub classroom: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_answer: bool,
    /// "Your network": the pasted model's text and input shape, when the
    /// link was made on that page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<SharedModel>,
}

/// A pasted model as a link carries it: the text as typed, and the shape.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedModel {
    pub text: String,
    pub input_shape: String,
}

/// The operations the app teaches, tagged by the reference's name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op")]
pub enum Op {
    /// `torch.nn.functional.conv2d` / `torch.nn.Conv2d`: cross-correlation.
    #[serde(rename = "torch.conv2d")]
    Torch(TorchConv),
    /// `scipy.signal.convolve2d`: true convolution, kernel flipped.
    #[serde(rename = "scipy.convolve2d")]
    Convolve(ScipyConv),
    /// `scipy.signal.correlate2d`: no flip.
    #[serde(rename = "scipy.correlate2d")]
    Correlate(ScipyConv),
    /// `nn.Sequential` of `nn.Conv2d` layers, no activation in between
    /// (see [`crate::core::stack`]). It is not one convolution, so it has no
    /// single [`Plan`](super::Plan): a stack opens in the stack view.
    #[serde(rename = "torch.sequential")]
    Sequential(StackScene),
    /// `torch.nn.functional.conv_transpose2d` / `torch.nn.ConvTranspose2d`.
    #[serde(rename = "torch.conv_transpose2d")]
    Transpose(TransposeConv),
}

/// Arguments of `torch.nn.functional.conv_transpose2d`, and the
/// `output_size` of `nn.ConvTranspose2d.forward(input, output_size=...)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransposeConv {
    /// `[N][C_in][H][W]`
    #[serde(with = "nested4")]
    pub input: Array4<f64>,
    /// `[C_in][C_out/groups][kH][kW]`: axes 0 and 1 swapped from conv2d's.
    #[serde(with = "nested4")]
    pub weight: Array4<f64>,
    #[serde(default)]
    pub bias: Option<Vec<f64>>,
    #[serde(default = "one_pair")]
    pub stride: [i64; 2],
    #[serde(default = "zero_pair")]
    pub padding: [i64; 2],
    #[serde(default = "zero_pair")]
    pub output_padding: [i64; 2],
    #[serde(default = "one_pair")]
    pub dilation: [i64; 2],
    #[serde(default = "one")]
    pub groups: i64,
    /// `[H_out, W_out]` (or `[N, C_out, H_out, W_out]`, as PyTorch also
    /// accepts): the module then picks the output padding itself and
    /// `output_padding` is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_size: Option<Vec<i64>>,
}

/// Arguments of `scipy.signal.convolve2d` / `correlate2d`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScipyConv {
    #[serde(with = "nested2")]
    pub in1: Array2<f64>,
    #[serde(with = "nested2")]
    pub in2: Array2<f64>,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub boundary: Boundary,
    #[serde(default)]
    pub fillvalue: f64,
}

fn zero_pair() -> [i64; 2] {
    [0, 0]
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Full,
    Valid,
    Same,
}

/// SciPy's `boundary`; the aliases SciPy accepts are accepted too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Boundary {
    #[default]
    #[serde(alias = "pad")]
    Fill,
    #[serde(alias = "circular")]
    Wrap,
    #[serde(alias = "symmetric")]
    Symm,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Self::Full, Self::Valid, Self::Same];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Valid => "valid",
            Self::Same => "same",
        }
    }
}

impl Boundary {
    pub const ALL: [Boundary; 3] = [Self::Fill, Self::Wrap, Self::Symm];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fill => "fill",
            Self::Wrap => "wrap",
            Self::Symm => "symm",
        }
    }
}

/// Which of the ops, without its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    Torch,
    Convolve,
    Correlate,
    /// `torch.conv_transpose2d`.
    Transpose,
    /// A stack of `nn.Conv2d` layers (`torch.sequential`).
    Sequential,
}

impl OpKind {
    /// The single convolutions, which the lab's op picker offers; a stack
    /// ([`OpKind::Sequential`]) has a view of its own.
    pub const ALL: [OpKind; 4] = [
        Self::Torch,
        Self::Convolve,
        Self::Correlate,
        Self::Transpose,
    ];
    /// The name the reference knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Self::Torch => "torch.conv2d",
            Self::Convolve => "scipy.convolve2d",
            Self::Correlate => "scipy.correlate2d",
            Self::Sequential => "torch.sequential",
            Self::Transpose => "torch.conv_transpose2d",
        }
    }
    /// Whether the op rotates the kernel by 180 degrees before sliding it.
    /// A transposed convolution, framed as a kernel sliding over the
    /// zero-spread input (the gather view), slides the rotated kernel.
    pub fn flips(self) -> bool {
        matches!(self, Self::Convolve | Self::Transpose)
    }
    /// Whether PyTorch's rules apply (conv2d and conv_transpose2d).
    pub fn is_torch(self) -> bool {
        matches!(self, Self::Torch | Self::Transpose)
    }
    /// The library whose rules apply.
    pub fn reference(self) -> &'static str {
        match self {
            Self::Torch | Self::Transpose | Self::Sequential => "PyTorch",
            Self::Convolve | Self::Correlate => "SciPy",
        }
    }
}

impl Op {
    pub fn kind(&self) -> OpKind {
        match self {
            Op::Torch(_) => OpKind::Torch,
            Op::Convolve(_) => OpKind::Convolve,
            Op::Correlate(_) => OpKind::Correlate,
            Op::Sequential(_) => OpKind::Sequential,
            Op::Transpose(_) => OpKind::Transpose,
        }
    }
}

impl StackScene {
    /// The scene of this stack.
    pub fn scene(self) -> Scene {
        Scene::new(Op::Sequential(self))
    }
}

impl Scene {
    pub fn new(op: Op) -> Scene {
        Scene {
            op,
            title: None,
            step: None,
            view: None,
            image: None,
            showing: None,
        }
    }

    pub fn with_title(mut self, title: &str) -> Scene {
        self.title = Some(title.to_string());
        self
    }

    /// Decode a scene (or an oracle case) from JSON. Never panics.
    pub fn from_json(text: &str) -> Result<Scene, ConvError> {
        serde_json::from_str(text).map_err(|e| ConvError::Decode {
            detail: e.to_string(),
        })
    }

    pub fn to_json(&self) -> String {
        // Serialising plain numbers and strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn kind(&self) -> OpKind {
        self.op.kind()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scene read back from its JSON holds the very same numbers: serde_json
    /// parses floats exactly only with its `float_roundtrip` feature, and
    /// without it a share link could move a value by one ulp.
    #[test]
    fn floats_survive_json_bit_for_bit() {
        let values: Vec<f64> = (0..=255u8)
            .map(|b| f64::from(f32::from(b) / 255.0))
            .chain([
                0.1,
                1.0 / 3.0,
                2.0f64.sqrt(),
                1e-310,
                1.7976931348623157e308,
            ])
            .collect();
        let n = values.len();
        let input = Array4::from_shape_vec((1, 1, 1, n), values.clone()).unwrap();
        let scene = Scene::new(Op::Torch(TorchConv {
            input,
            args: Conv2dArgs {
                weight: Array4::from_elem((1, 1, 1, 1), 0.12156862765550612),
                bias: None,
                stride: [1, 1],
                padding: Padding::zero(),
                dilation: [1, 1],
                groups: 1,
                padding_mode: PaddingMode::Zeros,
            },
        }));
        let back = Scene::from_json(&scene.to_json()).unwrap();
        let Op::Torch(t) = &back.op else {
            panic!("not a conv2d")
        };
        for (a, b) in t.input.iter().zip(&values) {
            assert_eq!(a.to_bits(), b.to_bits(), "{b} came back as {a}");
        }
        assert_eq!(
            t.weight[[0, 0, 0, 0]].to_bits(),
            0.12156862765550612f64.to_bits()
        );
    }
}
