//! Validation and geometry: a scene the reference accepts becomes a
//! [`Plan`], one uniform description of a kernel sliding over a padded
//! input. Every op of the app is framed this way:
//!
//! `out[n, o, i, j] = bias[o] + sum over c in o's group, a, b of
//!  padded[n, c, i*sh + a*dh, j*sw + b*dw] * k[o, c - c0, a, b]`
//!
//! where `k` is the kernel as used: rotated 180 degrees when the op flips.

use ndarray::Array4;

use crate::core::engine::error::ConvError;
use crate::core::engine::padding::{Fill, Pads};
use crate::core::model::limits::{MAX_ELEMENTS, MAX_FRAME_TAPS, MAX_MACS, MAX_WEIGHT};
use crate::core::model::scene::{Mode, OpKind};

/// A validated scene, ready to compute and to animate.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub kind: OpKind,
    /// Whether the kernel is rotated 180 degrees before it slides.
    pub flip: bool,
    /// The tensor the kernel slides over, `(N, C, H, W)`; SciPy's 2-D
    /// arrays are `(1, 1, H, W)`. After SciPy's `valid` swap, this is `in2`.
    pub input: Array4<f64>,
    /// The kernel as the user wrote it, `(C_out, C_in/groups, kH, kW)`.
    pub kernel: Array4<f64>,
    pub bias: Option<Vec<f64>>,
    pub groups: usize,
    pub stride: [usize; 2],
    pub dilation: [usize; 2],
    pub pads: Pads,
    pub fill: Fill,
    /// Output height and width.
    pub out_hw: [usize; 2],
    /// SciPy's `valid` mode swapped `in1` and `in2` (the second was larger).
    pub swapped: bool,
    /// SciPy's `correlate2d` reverses its output after a swap.
    pub reversed: bool,
    /// SciPy's `mode`; `None` for PyTorch.
    pub mode: Option<Mode>,
    /// For `conv_transpose2d`: how its input is spread, padded and cropped
    /// into the canvas this plan slides over (see `transpose`). `pads`
    /// then holds only the non-negative part of that padding.
    pub spread: Option<Spread>,
}

impl Plan {
    pub fn batch(&self) -> usize {
        self.input.dim().0
    }
    pub fn in_channels(&self) -> usize {
        self.input.dim().1
    }
    pub fn out_channels(&self) -> usize {
        self.kernel.dim().0
    }
    /// Input channels each filter reads: `C_in / groups`.
    pub fn group_in(&self) -> usize {
        self.kernel.dim().1
    }
    /// Output channels each group produces: `C_out / groups`.
    pub fn group_out(&self) -> usize {
        self.out_channels() / self.groups
    }
    pub fn kernel_hw(&self) -> [usize; 2] {
        let (_, _, kh, kw) = self.kernel.dim();
        [kh, kw]
    }
    pub fn input_hw(&self) -> [usize; 2] {
        let (_, _, h, w) = self.input.dim();
        [h, w]
    }
    /// The canvas the kernel slides over: the padded input, or for a
    /// transposed convolution its spread, padded and cropped input.
    pub fn padded_hw(&self) -> [usize; 2] {
        if let Some(s) = &self.spread {
            return s.canvas;
        }
        let [h, w] = self.input_hw();
        let p = self.pads;
        [h + p.top + p.bottom, w + p.left + p.right]
    }
    /// The kernel's footprint after dilation.
    pub fn span_hw(&self) -> [usize; 2] {
        let [kh, kw] = self.kernel_hw();
        let [dh, dw] = self.dilation;
        [dh * (kh - 1) + 1, dw * (kw - 1) + 1]
    }
    /// `(N, C_out, H_out, W_out)`.
    pub fn output_dim(&self) -> [usize; 4] {
        let [ho, wo] = self.out_hw;
        [self.batch(), self.out_channels(), ho, wo]
    }
    /// The group output channel `o` belongs to.
    pub fn group_of(&self, o: usize) -> usize {
        o / self.group_out()
    }
    /// The input channels output channel `o` sums over.
    pub fn channels_of(&self, o: usize) -> std::ops::Range<usize> {
        let g = self.group_of(o);
        g * self.group_in()..(g + 1) * self.group_in()
    }

    /// The kernel value used at tap `(a, b)` of filter `o`, input slice
    /// `cl`, and where it sits in the kernel as written.
    pub fn tap_weight(&self, o: usize, cl: usize, a: usize, b: usize) -> (f64, [usize; 2]) {
        let [kh, kw] = self.kernel_hw();
        let (ka, kb) = if self.flip {
            (kh - 1 - a, kw - 1 - b)
        } else {
            (a, b)
        };
        (self.kernel[[o, cl, ka, kb]], [ka, kb])
    }

    pub(crate) fn check_limits(&self) -> Result<(), ConvError> {
        let [n, o, ho, wo] = self.output_dim();
        let [hp, wp] = self.padded_hw();
        let [kh, kw] = self.kernel_hw();
        let c = self.in_channels();
        // Saturating: padded sides reach 2^25 and channels 2^20, so these
        // products can exceed usize (on wasm32 already at 2^16 x 2^16).
        let product = |xs: &[usize]| xs.iter().fold(1usize, |p, &x| p.saturating_mul(x));
        let taps = product(&[kh, kw, self.group_in()]);
        let macs = product(&[n, o, ho, wo, taps]);
        let checks = [
            ("input", self.input.len(), MAX_ELEMENTS),
            ("padded input", product(&[n, c, hp, wp]), MAX_ELEMENTS),
            ("weight", self.kernel.len(), MAX_WEIGHT),
            ("output", product(&[n, o, ho, wo]), MAX_ELEMENTS),
            ("sum for one output value", taps, MAX_FRAME_TAPS),
            ("whole computation (multiply-adds)", macs, MAX_MACS),
        ];
        for (what, size, cap) in checks {
            if size > cap {
                return Err(ConvError::TooLarge { what, size, cap });
            }
        }
        Ok(())
    }
}

/// Sizes that may be absurd in a hand-edited scene are capped here, before
/// any arithmetic can overflow: no padding, stride or dilation above this
/// can describe a scene within the element caps anyway.
const MAX_SETTING: i64 = 1 << 24;

pub(crate) fn too_large_setting(v: [i64; 2], what: &'static str) -> Result<(), ConvError> {
    match v.iter().find(|x| **x > MAX_SETTING) {
        Some(x) => Err(ConvError::TooLarge {
            what,
            size: *x as usize,
            cap: MAX_SETTING as usize,
        }),
        None => Ok(()),
    }
}

/// How the transposed convolution is laid out as a plain convolution.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// The weight as the user wrote it, `[C_in][C_out/groups][kH][kW]`.
    pub weight: Array4<f64>,
    /// The transposed convolution's stride: `stride - 1` zeros between cells.
    pub stride: [usize; 2],
    pub padding: [usize; 2],
    /// The output padding used (given, or chosen from `output_size`).
    pub output_padding: [usize; 2],
    /// Rows (`[0]`) and columns (`[1]`) added before the spread input;
    /// negative: cropped off it.
    pub before: [i64; 2],
    /// Rows and columns added after it (negative: cropped).
    pub after: [i64; 2],
    /// The height and width of the canvas the kernel slides over.
    pub canvas: [usize; 2],
    /// `[H_out, W_out]` when the scene asked for an `output_size`.
    pub output_size: Option<[usize; 2]>,
}

/// Where one row (or column) of the canvas comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// Input row `i`.
    Real(usize),
    /// A zero inserted by the stride between two input rows.
    Inserted,
    /// Padding beyond the spread input.
    Outside,
}

impl Spread {
    /// The input spread by the stride, before padding or cropping:
    /// `(H - 1)*stride + 1`.
    pub fn spread_hw(&self, input_hw: [usize; 2]) -> [usize; 2] {
        [0, 1].map(|a| (input_hw[a] - 1) * self.stride[a] + 1)
    }

    /// Rows/columns cut off the spread input (where `before`/`after` < 0).
    pub fn crop(&self) -> Pads {
        let c = |v: i64| (-v).max(0) as usize;
        Pads {
            top: c(self.before[0]),
            bottom: c(self.after[0]),
            left: c(self.before[1]),
            right: c(self.after[1]),
        }
    }

    /// What canvas row (`axis` 0) or column (`axis` 1) `p` holds, for an
    /// input of `size` along that axis.
    pub fn line(&self, axis: usize, p: usize, size: usize) -> Line {
        let s = self.stride[axis] as i64;
        let t = p as i64 - self.before[axis];
        if t < 0 || t > (size as i64 - 1) * s {
            Line::Outside
        } else if t % s == 0 {
            Line::Real((t / s) as usize)
        } else {
            Line::Inserted
        }
    }
}
