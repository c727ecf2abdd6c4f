//! The layers a pasted model may hold, with their constructor arguments as
//! written: an int stays an int and a pair stays a pair, so that the code
//! exported back reads like what was pasted, and `print(model)` prints the
//! same text PyTorch would.

use crate::core::model::conv2d::PaddingMode;

/// A number argument as Python holds it: `2` and `2.0` print differently.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    pub fn value(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// `kernel_size=3` or `kernel_size=(3, 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size2 {
    One(i64),
    Two(i64, i64),
}

impl Size2 {
    /// `[height, width]`.
    pub fn pair(self) -> [i64; 2] {
        match self {
            Size2::One(v) => [v, v],
            Size2::Two(h, w) => [h, w],
        }
    }

    /// The same value, written as one int when both sides agree.
    pub fn of(pair: [i64; 2]) -> Size2 {
        if pair[0] == pair[1] {
            Size2::One(pair[0])
        } else {
            Size2::Two(pair[0], pair[1])
        }
    }
}

/// An adaptive pool's `output_size`: an int, `None`, or a pair whose sides
/// may be `None` ("keep this axis").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutSize {
    One(Option<i64>),
    Two(Option<i64>, Option<i64>),
}

impl OutSize {
    pub fn pair(self) -> [Option<i64>; 2] {
        match self {
            OutSize::One(v) => [v, v],
            OutSize::Two(h, w) => [h, w],
        }
    }
}

/// `Conv2d`'s `padding`: sizes, or a string (`'same'`, `'valid'`, or one
/// PyTorch refuses when the layer is built).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConvPadding {
    Size(Size2),
    Named(String),
}

impl ConvPadding {
    pub fn is_same(&self) -> bool {
        matches!(self, ConvPadding::Named(s) if s == "same")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conv2d {
    pub in_channels: i64,
    pub out_channels: i64,
    pub kernel_size: Size2,
    pub stride: Size2,
    pub padding: ConvPadding,
    pub dilation: Size2,
    pub groups: i64,
    pub bias: bool,
    /// As written; PyTorch refuses anything but the four modes when built.
    pub padding_mode: String,
}

impl Conv2d {
    /// `nn.Conv2d(in, out, k)` with every other argument at its default.
    pub fn new(in_channels: i64, out_channels: i64, kernel: i64) -> Conv2d {
        Conv2d {
            in_channels,
            out_channels,
            kernel_size: Size2::One(kernel),
            stride: Size2::One(1),
            padding: ConvPadding::Size(Size2::One(0)),
            dilation: Size2::One(1),
            groups: 1,
            bias: true,
            padding_mode: "zeros".into(),
        }
    }

    /// The padding mode, if it is one PyTorch knows.
    pub fn mode(&self) -> Option<PaddingMode> {
        PaddingMode::ALL
            .into_iter()
            .find(|m| m.as_str() == self.padding_mode)
    }

    /// Rows/columns added `[[top, bottom], [left, right]]`; `'same'` puts
    /// the odd one at the bottom/right. `None` for an unknown string.
    pub fn pads(&self) -> Option<[[i64; 2]; 2]> {
        let k = self.kernel_size.pair();
        let d = self.dilation.pair();
        match &self.padding {
            ConvPadding::Size(s) => Some(s.pair().map(|p| [p, p])),
            ConvPadding::Named(n) if n == "valid" => Some([[0, 0]; 2]),
            ConvPadding::Named(n) if n == "same" => Some([0, 1].map(|a| {
                let total = d[a].max(0).saturating_mul(k[a] - 1).max(0);
                [total / 2, total - total / 2]
            })),
            ConvPadding::Named(_) => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvTranspose2d {
    pub in_channels: i64,
    pub out_channels: i64,
    pub kernel_size: Size2,
    pub stride: Size2,
    pub padding: Size2,
    pub output_padding: Size2,
    pub groups: i64,
    pub bias: bool,
    pub dilation: Size2,
    pub padding_mode: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaxPool2d {
    pub kernel_size: Size2,
    /// `None`: the kernel size (PyTorch's default).
    pub stride: Option<Size2>,
    pub padding: Size2,
    pub dilation: Size2,
    pub ceil_mode: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvgPool2d {
    pub kernel_size: Size2,
    pub stride: Option<Size2>,
    pub padding: Size2,
    pub ceil_mode: bool,
    pub count_include_pad: bool,
    pub divisor_override: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BatchNorm2d {
    pub num_features: i64,
    pub eps: Num,
    pub momentum: Option<Num>,
    pub affine: bool,
    pub track_running_stats: bool,
    pub bias: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linear {
    pub in_features: i64,
    pub out_features: i64,
    pub bias: bool,
}

/// One leaf module.
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    Conv2d(Conv2d),
    ConvTranspose2d(ConvTranspose2d),
    MaxPool2d(MaxPool2d),
    AvgPool2d(AvgPool2d),
    AdaptiveAvgPool2d(OutSize),
    AdaptiveMaxPool2d(OutSize),
    BatchNorm2d(BatchNorm2d),
    ReLU { inplace: bool },
    LeakyReLU { negative_slope: Num, inplace: bool },
    GELU { approximate: String },
    SiLU { inplace: bool },
    Sigmoid,
    Tanh,
    Dropout { p: Num, inplace: bool },
    Dropout2d { p: Num, inplace: bool },
    Identity,
    Flatten { start_dim: i64, end_dim: i64 },
    Linear(Linear),
}

/// Every kind's class name, in the order the parser lists them.
pub const KINDS: [&str; 18] = [
    "Conv2d",
    "ConvTranspose2d",
    "MaxPool2d",
    "AvgPool2d",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool2d",
    "BatchNorm2d",
    "ReLU",
    "LeakyReLU",
    "GELU",
    "SiLU",
    "Sigmoid",
    "Tanh",
    "Dropout",
    "Dropout2d",
    "Identity",
    "Flatten",
    "Linear",
];

impl Layer {
    /// The class name, as `type(module).__name__` gives it.
    pub fn kind(&self) -> &'static str {
        match self {
            Layer::Conv2d(_) => "Conv2d",
            Layer::ConvTranspose2d(_) => "ConvTranspose2d",
            Layer::MaxPool2d(_) => "MaxPool2d",
            Layer::AvgPool2d(_) => "AvgPool2d",
            Layer::AdaptiveAvgPool2d(_) => "AdaptiveAvgPool2d",
            Layer::AdaptiveMaxPool2d(_) => "AdaptiveMaxPool2d",
            Layer::BatchNorm2d(_) => "BatchNorm2d",
            Layer::ReLU { .. } => "ReLU",
            Layer::LeakyReLU { .. } => "LeakyReLU",
            Layer::GELU { .. } => "GELU",
            Layer::SiLU { .. } => "SiLU",
            Layer::Sigmoid => "Sigmoid",
            Layer::Tanh => "Tanh",
            Layer::Dropout { .. } => "Dropout",
            Layer::Dropout2d { .. } => "Dropout2d",
            Layer::Identity => "Identity",
            Layer::Flatten { .. } => "Flatten",
            Layer::Linear(_) => "Linear",
        }
    }

    /// Whether the output always has the input's shape (activations,
    /// batch norm, dropout, identity).
    pub fn keeps_shape(&self) -> bool {
        matches!(
            self,
            Layer::BatchNorm2d(_)
                | Layer::ReLU { .. }
                | Layer::LeakyReLU { .. }
                | Layer::GELU { .. }
                | Layer::SiLU { .. }
                | Layer::Sigmoid
                | Layer::Tanh
                | Layer::Dropout { .. }
                | Layer::Dropout2d { .. }
                | Layer::Identity
        )
    }
}

/// `(3, 3)` as `3`.
fn tidy2(s: Size2) -> Size2 {
    Size2::of(s.pair())
}

impl Layer {
    /// The same layer with every pair of equal sides written as one int,
    /// as a person would write it: `Conv2d(3, 16, kernel_size=(3, 3),
    /// stride=(1, 1))` (print's spelling) becomes `Conv2d(3, 16, 3)`.
    pub fn tidy(&self) -> Layer {
        let mut l = self.clone();
        match &mut l {
            Layer::Conv2d(c) => {
                c.kernel_size = tidy2(c.kernel_size);
                c.stride = tidy2(c.stride);
                c.dilation = tidy2(c.dilation);
                if let ConvPadding::Size(p) = &mut c.padding {
                    *p = tidy2(*p);
                }
            }
            Layer::ConvTranspose2d(t) => {
                for s in [
                    &mut t.kernel_size,
                    &mut t.stride,
                    &mut t.padding,
                    &mut t.output_padding,
                    &mut t.dilation,
                ] {
                    *s = tidy2(*s);
                }
            }
            Layer::MaxPool2d(m) => {
                m.kernel_size = tidy2(m.kernel_size);
                m.stride = m.stride.map(tidy2).filter(|s| *s != m.kernel_size);
                m.padding = tidy2(m.padding);
                m.dilation = tidy2(m.dilation);
            }
            Layer::AvgPool2d(a) => {
                a.kernel_size = tidy2(a.kernel_size);
                a.stride = a.stride.map(tidy2).filter(|s| *s != a.kernel_size);
                a.padding = tidy2(a.padding);
            }
            _ => {}
        }
        l
    }
}
