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
use crate::core::model::limits::{MAX_ELEMENTS, MAX_FRAME_TAPS, MAX_MACS, MAX_WEIGHT};
use crate::core::engine::padding::{Fill, Pads};
use crate::core::model::scene::{Boundary, Mode, NamedPadding, Op, OpKind, Padding, PaddingMode, Scene, ScipyConv, TorchConv};
use crate::core::engine::transpose::Spread;

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
    /// Validate `scene` exactly as its reference would, and lay it out.
    pub fn new(scene: &Scene) -> Result<Plan, ConvError> {
        Plan::framed(scene, scene.kind().flips())
    }

    /// The same scene framed the other way: a true convolution if `flip`,
    /// a cross-correlation if not. For PyTorch, flipping means
    /// `conv2d(input, weight.flip(-2, -1))`; for SciPy it means
    /// `convolve2d` against `correlate2d`, each with its own centring.
    pub fn framed(scene: &Scene, flip: bool) -> Result<Plan, ConvError> {
        let plan = match &scene.op {
            Op::Torch(t) => torch_plan(t, flip)?,
            Op::Convolve(s) | Op::Correlate(s) => scipy_plan(s, flip)?,
            Op::Sequential(s) => {
                return Err(ConvError::StackNotOneConv {
                    layers: s.layers.len(),
                })
            }
            Op::Transpose(t) => crate::core::engine::transpose::plan(t, flip)?,
        };
        plan.check_limits()?;
        Ok(plan)
    }

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

    fn check_limits(&self) -> Result<(), ConvError> {
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

fn torch_plan(t: &TorchConv, flip: bool) -> Result<Plan, ConvError> {
    let (n, c, h, w) = t.input.dim();
    let (o, cg, kh, kw) = t.weight.dim();
    let weight = [o, cg, kh, kw];
    let groups = t.groups;
    let same = t.padding == Padding::SAME;
    let stride1 = t.stride == [1, 1];
    let zeros = t.padding_mode == PaddingMode::Zeros;

    // `padding_mode` other than zeros exists only on `nn.Conv2d`, whose
    // constructor checks first; plain `F.conv2d` checks in its own order.
    if zeros {
        if groups <= 0 {
            return Err(ConvError::NonPositiveGroups { groups });
        }
        if same && !stride1 {
            return Err(ConvError::SameWithStride { stride: t.stride });
        }
    } else {
        if groups <= 0 {
            return Err(ConvError::GroupsNotPositiveInteger { groups });
        }
        if c as i64 % groups != 0 {
            return Err(ConvError::InChannelsNotDivisible {
                in_channels: c,
                groups,
            });
        }
        if o as i64 % groups != 0 {
            return Err(ConvError::OutChannelsNotDivisible {
                out_channels: o,
                groups,
            });
        }
        if same && !stride1 {
            return Err(ConvError::SameWithStride { stride: t.stride });
        }
    }

    if let Padding::Explicit(p) = t.padding {
        if p.iter().any(|x| *x < 0) {
            return Err(ConvError::NegativePadding { padding: p });
        }
    }
    too_large_setting(t.stride, "stride")?;
    too_large_setting(t.dilation, "dilation")?;
    let dil = t.dilation.map(|d| d.max(0) as usize);
    // A dilated kernel wider than any input the caps allow is refused before
    // its span is computed (it would overflow a 32-bit usize in the browser).
    for (d, k) in dil.iter().zip([kh, kw]) {
        let span = (*d as u64).saturating_mul(k as u64 - 1);
        if span > MAX_ELEMENTS as u64 {
            return Err(ConvError::TooLarge {
                what: "dilated kernel",
                size: span.min(usize::MAX as u64) as usize,
                cap: MAX_ELEMENTS,
            });
        }
    }

    // Pads per side. `same` puts the odd extra row/column at the bottom/right.
    let pads = match t.padding {
        Padding::Explicit(p) => {
            too_large_setting(p, "padding")?;
            let [ph, pw] = p.map(|x| x as usize);
            Pads {
                top: ph,
                bottom: ph,
                left: pw,
                right: pw,
            }
        }
        Padding::Named(NamedPadding::Valid) => Pads::default(),
        Padding::Named(NamedPadding::Same) => {
            let th = dil[0] * (kh - 1);
            let tw = dil[1] * (kw - 1);
            Pads {
                top: th / 2,
                bottom: th - th / 2,
                left: tw / 2,
                right: tw - tw / 2,
            }
        }
    };

    let (hp, wp) = (h + pads.top + pads.bottom, w + pads.left + pads.right);
    // The input as the shape checks see it: non-zero modes pad first (F.pad),
    // and `same` with an odd total pads the extra row/column first.
    let seen = if !zeros {
        [n, c, hp, wp]
    } else {
        [
            n,
            c,
            h + (pads.bottom - pads.top),
            w + (pads.right - pads.left),
        ]
    };

    if !zeros {
        match t.padding_mode {
            PaddingMode::Reflect => {
                if pads.left >= w || pads.right >= w {
                    return Err(ConvError::ReflectPadTooLarge {
                        argument: 4,
                        pads: [pads.left, pads.right],
                        dim: 3,
                        input: [n, c, h, w],
                    });
                }
                if pads.top >= h || pads.bottom >= h {
                    return Err(ConvError::ReflectPadTooLarge {
                        argument: 6,
                        pads: [pads.top, pads.bottom],
                        dim: 2,
                        input: [n, c, h, w],
                    });
                }
            }
            PaddingMode::Circular => {
                for (pad, size) in [
                    (pads.top, h),
                    (pads.bottom, h),
                    (pads.left, w),
                    (pads.right, w),
                ] {
                    if pad > size {
                        return Err(ConvError::CircularPadTooLarge { pad, size });
                    }
                }
            }
            PaddingMode::Replicate | PaddingMode::Zeros => {}
        }
    }

    if t.stride.iter().any(|s| *s <= 0) {
        return Err(ConvError::NonPositiveStride { stride: t.stride });
    }
    if t.dilation.iter().any(|d| *d <= 0) {
        return Err(ConvError::NonPositiveDilation {
            dilation: t.dilation,
        });
    }
    let g = groups as usize;
    if o < g {
        return Err(ConvError::WeightLessThanGroups { groups, weight });
    }
    if o % g != 0 {
        return Err(ConvError::WeightNotDivisible { groups, weight });
    }
    if c != cg * g {
        return Err(ConvError::ChannelMismatch {
            groups,
            weight,
            input: seen,
            expected: cg * g,
        });
    }
    if let Some(b) = &t.bias {
        if b.len() != o {
            return Err(ConvError::BiasMismatch {
                weight,
                bias_len: b.len(),
            });
        }
    }
    let span = [dil[0] * (kh - 1) + 1, dil[1] * (kw - 1) + 1];
    if hp < span[0] || wp < span[1] {
        return Err(ConvError::KernelTooLarge {
            padded: [hp, wp],
            kernel: span,
        });
    }
    let stride = t.stride.map(|s| s as usize);
    let out_hw = [
        (hp - span[0]) / stride[0] + 1,
        (wp - span[1]) / stride[1] + 1,
    ];
    let fill = match t.padding_mode {
        PaddingMode::Zeros => Fill::Constant(0.0),
        PaddingMode::Reflect => Fill::Reflect,
        PaddingMode::Replicate => Fill::Replicate,
        PaddingMode::Circular => Fill::Circular,
    };
    Ok(Plan {
        kind: OpKind::Torch,
        flip,
        input: t.input.clone(),
        kernel: t.weight.clone(),
        bias: t.bias.clone(),
        groups: g,
        stride,
        dilation: dil,
        pads,
        fill,
        out_hw,
        swapped: false,
        reversed: false,
        mode: None,
        spread: None,
    })
}

/// SciPy's `convolve2d` (`flip`) or `correlate2d` (not `flip`).
fn scipy_plan(s: &ScipyConv, flip: bool) -> Result<Plan, ConvError> {
    let (h1, w1) = s.in1.dim();
    let (h2, w2) = s.in2.dim();
    let mut swapped = false;
    if s.mode == Mode::Valid {
        let ok1 = h1 >= h2 && w1 >= w2;
        let ok2 = h2 >= h1 && w2 >= w1;
        if !ok1 && !ok2 {
            return Err(ConvError::ValidModeSizes {
                in1: [h1, w1],
                in2: [h2, w2],
            });
        }
        swapped = !ok1;
    }
    let (big, small) = if swapped {
        (&s.in2, &s.in1)
    } else {
        (&s.in1, &s.in2)
    };
    let (h, w) = big.dim();
    let (kh, kw) = small.dim();
    // Rows added before the input: SciPy's C loop reads
    // `in[m + off - j]` (convolve) or `in[m - off + j]` (correlate),
    // which centres an even kernel differently in `same` mode.
    let before = |k: usize| match (s.mode, flip) {
        (Mode::Full, _) => k - 1,
        (Mode::Valid, _) => 0,
        (Mode::Same, true) => k / 2,
        (Mode::Same, false) => (k - 1) / 2,
    };
    let out = |n: usize, k: usize| match s.mode {
        Mode::Full => n + k - 1,
        Mode::Same => n,
        Mode::Valid => n - k + 1,
    };
    let out_hw = [out(h, kh), out(w, kw)];
    let (top, left) = (before(kh), before(kw));
    let pads = Pads {
        top,
        bottom: out_hw[0] + kh - 1 - h - top,
        left,
        right: out_hw[1] + kw - 1 - w - left,
    };
    let fill = match s.boundary {
        Boundary::Fill => Fill::Constant(s.fillvalue),
        Boundary::Wrap => Fill::Circular,
        Boundary::Symm => Fill::Symmetric,
    };
    let as4 = |a: &ndarray::Array2<f64>| {
        a.clone()
            .insert_axis(ndarray::Axis(0))
            .insert_axis(ndarray::Axis(0))
    };
    let kind = if flip {
        OpKind::Convolve
    } else {
        OpKind::Correlate
    };
    Ok(Plan {
        kind,
        flip,
        input: as4(big),
        kernel: as4(small),
        bias: None,
        groups: 1,
        stride: [1, 1],
        dilation: [1, 1],
        pads,
        fill,
        out_hw,
        swapped,
        reversed: swapped && !flip,
        mode: Some(s.mode),
        spread: None,
    })
}
