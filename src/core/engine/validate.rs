//! Validation: a scene becomes a [`Plan`] exactly where its reference
//! accepts it, checked in the reference's own order, and is refused with
//! the reference's reason where it does not.

use crate::core::engine::error::ConvError;
use crate::core::engine::padding::{Fill, Pads};
use crate::core::engine::plan::{too_large_setting, Plan};
use crate::core::model::limits::MAX_ELEMENTS;
use crate::core::model::scene::{
    Boundary, Mode, NamedPadding, Op, OpKind, Padding, PaddingMode, Scene, ScipyConv, TorchConv,
};

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
