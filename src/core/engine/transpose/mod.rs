//! `torch.conv_transpose2d`, validated as PyTorch does and framed two ways.
//!
//! **Gather** (this module, used by [`Plan`]): the transposed convolution
//! is a plain stride-1 convolution over the *spread* input: `stride - 1`
//! zeros inserted between neighbouring input cells, then
//! `before = dilation*(k-1) - padding` rows/columns added above/left and
//! `after = before + output_padding` below/right, and the kernel, its axes
//! read per group as `[C_out][C_in/groups]`, rotated 180 degrees and
//! slid with the same dilation. `before`/`after` may be negative: the
//! padding then crops the spread input instead of padding it. The canvas
//! the kernel slides over is always `H_out + dilation*(k-1)` tall.
//!
//! **Scatter** ([`scatter`]): each input cell stamps the kernel, scaled
//! by its value, onto the output at `stride` steps.

pub mod error;

use ndarray::Array4;

pub use crate::core::engine::transpose::error::TransposeError;

use crate::core::engine::error::ConvError;
use crate::core::engine::padding::{Fill, Pads, Source};
use crate::core::engine::plan::{too_large_setting, Plan};
pub use crate::core::engine::plan::{Line, Spread};
use crate::core::model::limits::MAX_ELEMENTS;
use crate::core::model::scene::{OpKind, TransposeConv};

impl Plan {
    /// The weight index, as the user wrote it, of the value used by filter
    /// `o`, slice `cl` at `kernel_index` (a tap's `kernel_index`): for
    /// conv2d `[o, cl, ka, kb]`; for a transposed convolution, whose
    /// weight is `[C_in][C_out/groups]`, `[c, o mod C_out/groups, ka, kb]`.
    pub fn weight_index(&self, o: usize, cl: usize, [ka, kb]: [usize; 2]) -> [usize; 4] {
        match &self.spread {
            Some(_) => {
                let go = self.group_out();
                [self.group_of(o) * self.group_in() + cl, o % go, ka, kb]
            }
            None => [o, cl, ka, kb],
        }
    }

    /// A canvas cell of a transposed convolution's gather view.
    pub(crate) fn spread_cell(
        &self,
        s: &Spread,
        n: usize,
        c: usize,
        y: usize,
        x: usize,
    ) -> (f64, Source) {
        let [h, w] = self.input_hw();
        match (s.line(0, y, h), s.line(1, x, w)) {
            (Line::Real(r), Line::Real(q)) => (self.input[[n, c, r, q]], Source::Real([r, q])),
            (Line::Outside, _) | (_, Line::Outside) => (0.0, Source::Constant),
            _ => (0.0, Source::Inserted),
        }
    }
}

/// `(H - 1)*stride - 2*padding + dilation*(k - 1) + 1`: the output size
/// with no output padding, computed wide so that no setting overflows.
pub(crate) fn min_size(input: usize, stride: i64, padding: i64, dilation: i64, k: usize) -> i128 {
    (input as i128 - 1) * stride as i128 - 2 * padding as i128
        + dilation as i128 * (k as i128 - 1)
        + 1
}

fn clamp64(v: i128) -> i64 {
    v.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// `nn.ConvTranspose2d.forward(input, output_size)`: the constructor's
/// checks, then `_output_padding`'s, giving the output padding to use.
fn module_output_padding(t: &TransposeConv, size: &[i64]) -> Result<[i64; 2], ConvError> {
    let (_, _, h, w) = t.input.dim();
    let (ci, _, kh, kw) = t.weight.dim();
    let groups = t.groups;
    if groups <= 0 {
        return Err(ConvError::GroupsNotPositiveInteger { groups });
    }
    if ci as i64 % groups != 0 {
        return Err(ConvError::InChannelsNotDivisible {
            in_channels: ci,
            groups,
        });
    }
    let size = match size.len() {
        2 => size,
        4 => &size[2..],
        got => {
            return Err(ConvError::Transpose(TransposeError::OutputSizeLength {
                got,
            }))
        }
    };
    let min = [
        min_size(h, t.stride[0], t.padding[0], t.dilation[0], kh),
        min_size(w, t.stride[1], t.padding[1], t.dilation[1], kw),
    ];
    let max = [
        min[0] + t.stride[0] as i128 - 1,
        min[1] + t.stride[1] as i128 - 1,
    ];
    if (0..2).any(|a| (size[a] as i128) < min[a] || size[a] as i128 > max[a]) {
        return Err(ConvError::Transpose(TransposeError::OutputSizeOutOfRange {
            requested: size.to_vec(),
            min: min.map(clamp64),
            max: max.map(clamp64),
            input: [h, w],
        }));
    }
    Ok([0, 1].map(|a| clamp64(size[a] as i128 - min[a])))
}

/// Validate as PyTorch 2.x does, in its order, and lay out the gather view.
/// With `flip` false the kernel slides unrotated (what forgetting the
/// rotation would compute).
pub(crate) fn plan(t: &TransposeConv, flip: bool) -> Result<Plan, ConvError> {
    use TransposeError as T;
    let (n, c, h, w) = t.input.dim();
    let (ci, cog, kh, kw) = t.weight.dim();
    let weight = [ci, cog, kh, kw];
    let groups = t.groups;
    let output_padding = match &t.output_size {
        Some(size) => module_output_padding(t, size)?,
        None => t.output_padding,
    };
    // at::_convolution, then check_shape_forward.
    if groups <= 0 {
        return Err(ConvError::NonPositiveGroups { groups });
    }
    if t.padding.iter().any(|p| *p < 0) {
        return Err(ConvError::NegativePadding { padding: t.padding });
    }
    if output_padding.iter().any(|p| *p < 0) {
        return Err(ConvError::Transpose(T::NegativeOutputPadding {
            output_padding,
        }));
    }
    if t.stride.iter().any(|s| *s <= 0) {
        return Err(ConvError::NonPositiveStride { stride: t.stride });
    }
    if t.dilation.iter().any(|d| *d < 0) {
        return Err(ConvError::NonPositiveDilation {
            dilation: t.dilation,
        });
    }
    if (ci as i64) < groups {
        return Err(ConvError::Transpose(T::WeightLessThanGroups {
            groups,
            weight,
        }));
    }
    if ci as i64 % groups != 0 {
        return Err(ConvError::Transpose(T::WeightNotDivisible {
            groups,
            weight,
        }));
    }
    if c != ci {
        return Err(ConvError::Transpose(T::ChannelMismatch {
            weight,
            input: [n, c, h, w],
        }));
    }
    if let Some(b) = &t.bias {
        if b.len() as i128 != cog as i128 * groups as i128 {
            return Err(ConvError::Transpose(T::BiasMismatch {
                weight,
                groups,
                bias_len: b.len(),
            }));
        }
    }
    // The slow_conv_transpose2d kernel's own shape check.
    if t.dilation.contains(&0) {
        return Err(ConvError::Transpose(T::ZeroDilation {
            dilation: t.dilation,
        }));
    }
    let [op, s, d] = [output_padding, t.stride, t.dilation];
    if !(0..2).all(|a| op[a] < s[a] || op[a] < d[a]) {
        return Err(ConvError::Transpose(T::OutputPaddingTooLarge {
            output_padding,
            stride: t.stride,
            dilation: t.dilation,
        }));
    }
    let out = [
        min_size(h, s[0], t.padding[0], d[0], kh) + op[0] as i128,
        min_size(w, s[1], t.padding[1], d[1], kw) + op[1] as i128,
    ];
    if out[0] < 1 || out[1] < 1 {
        return Err(ConvError::Transpose(T::OutputTooSmall {
            input: [h, w],
            output: out.map(clamp64),
        }));
    }

    // Legal for PyTorch; now ConvLab's caps, before any size becomes a usize.
    too_large_setting(t.stride, "stride")?;
    too_large_setting(t.dilation, "dilation")?;
    too_large_setting(t.padding, "padding")?;
    too_large_setting(output_padding, "output_padding")?;
    let reach = [
        d[0] as i128 * (kh as i128 - 1),
        d[1] as i128 * (kw as i128 - 1),
    ];
    for (what, v) in [
        ("output", out[0].max(out[1])),
        ("canvas", (out[0] + reach[0]).max(out[1] + reach[1])),
    ] {
        if v > MAX_ELEMENTS as i128 {
            return Err(ConvError::TooLarge {
                what,
                size: v.min(usize::MAX as i128) as usize,
                cap: MAX_ELEMENTS,
            });
        }
    }
    let before = [0, 1].map(|a| (reach[a] - t.padding[a] as i128) as i64);
    let after = [0, 1].map(|a| before[a] + op[a]);
    let canvas = [0, 1].map(|a| (out[a] + reach[a]) as usize);

    // The kernel as the gather view uses it: `[C_out][C_in/groups]` per group.
    let g = groups as usize;
    let cig = ci / g;
    let kernel = Array4::from_shape_fn((cog * g, cig, kh, kw), |(o, cl, a, b)| {
        t.weight[[(o / cog) * cig + cl, o % cog, a, b]]
    });
    let pos = |v: i64| v.max(0) as usize;
    let plan = Plan {
        kind: OpKind::Transpose,
        flip,
        input: t.input.clone(),
        kernel,
        bias: t.bias.clone(),
        groups: g,
        stride: [1, 1],
        dilation: d.map(|x| x as usize),
        pads: Pads {
            top: pos(before[0]),
            bottom: pos(after[0]),
            left: pos(before[1]),
            right: pos(after[1]),
        },
        fill: Fill::Constant(0.0),
        out_hw: out.map(|x| x as usize),
        swapped: false,
        reversed: false,
        mode: None,
        spread: Some(Spread {
            weight: t.weight.clone(),
            stride: s.map(|x| x as usize),
            padding: t.padding.map(|x| x as usize),
            output_padding: op.map(|x| x as usize),
            before,
            after,
            canvas,
            output_size: t.output_size.as_ref().map(|_| out.map(|x| x as usize)),
        }),
    };
    Ok(plan)
}
