//! The four pools' shapes, checked in PyTorch's order with PyTorch's
//! messages: `MaxPool2d`, `AvgPool2d` (`ceil_mode`, `count_include_pad`,
//! `divisor_override`), `AdaptiveAvgPool2d` and `AdaptiveMaxPool2d` (with
//! `None` sides). The values are computed in [`super::pooling`].

use crate::core::ops::network::layers::{AvgPool2d, Layer, MaxPool2d, OutSize};

/// A pool, as the shape and value code sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Pool {
    Max(MaxPool2d),
    Avg(AvgPool2d),
    AdaptiveAvg(OutSize),
    AdaptiveMax(OutSize),
}

impl Pool {
    pub fn of(layer: &Layer) -> Option<Pool> {
        Some(match layer {
            Layer::MaxPool2d(m) => Pool::Max(m.clone()),
            Layer::AvgPool2d(a) => Pool::Avg(a.clone()),
            Layer::AdaptiveAvgPool2d(o) => Pool::AdaptiveAvg(*o),
            Layer::AdaptiveMaxPool2d(o) => Pool::AdaptiveMax(*o),
            _ => return None,
        })
    }

    /// `(kernel, stride, padding, dilation, ceil_mode)` of a windowed pool,
    /// per axis `[height, width]`.
    pub fn window(&self) -> Option<Window> {
        let w = |k: [i64; 2], s: Option<[i64; 2]>, p: [i64; 2], d: [i64; 2], ceil: bool| Window {
            kernel: k,
            stride: s.unwrap_or(k),
            padding: p,
            dilation: d,
            ceil_mode: ceil,
        };
        match self {
            Pool::Max(m) => Some(w(
                m.kernel_size.pair(),
                m.stride.map(|s| s.pair()),
                m.padding.pair(),
                m.dilation.pair(),
                m.ceil_mode,
            )),
            Pool::Avg(a) => Some(w(
                a.kernel_size.pair(),
                a.stride.map(|s| s.pair()),
                a.padding.pair(),
                [1, 1],
                a.ceil_mode,
            )),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub kernel: [i64; 2],
    pub stride: [i64; 2],
    pub padding: [i64; 2],
    pub dilation: [i64; 2],
    pub ceil_mode: bool,
}

/// A pool's refusal: which rule, with its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolError {
    /// `max_pool2d` on a tensor that is not 3-D or 4-D.
    MaxRank,
    /// `avg_pool2d` on a tensor of fewer than 3 dimensions (it reads axis -3).
    AvgRank {
        rank: usize,
    },
    /// A 5-D input, or a 3-D/4-D one with an empty non-batch axis.
    NotImage {
        shape: Vec<i64>,
    },
    StrideZero,
    NegativePad {
        pad: i64,
    },
    /// Padding beyond half the dilated kernel.
    PadOverHalf {
        pad: i64,
        kernel: i64,
        dilation: i64,
    },
    /// Padding beyond half the kernel itself (checked after the dilated rule).
    PadOverHalfKernel {
        pad: [i64; 2],
        kernel: [i64; 2],
    },
    KernelNotPositive {
        kernel: [i64; 2],
    },
    StrideNotPositive {
        stride: [i64; 2],
    },
    DilationNotPositive {
        dilation: [i64; 2],
    },
    DivisorZero,
    /// Fewer than one row or column out.
    OutputTooSmall {
        planes: i64,
        input: [i64; 2],
        output: [i64; 2],
    },
    /// `AdaptiveXPool2d(None)`.
    AdaptiveNone,
    /// A pair `output_size` on a tensor of fewer than 3 dimensions.
    AdaptiveShortInput,
    AdaptiveRank {
        max: bool,
        shape: Vec<i64>,
    },
    /// `AdaptiveAvgPool2d(1)` on a 1-D tensor (it averages axes -1 and -2).
    AdaptiveMeanRank,
    AdaptiveNegative {
        max: bool,
        size: [i64; 2],
        output: Vec<i64>,
    },
    AdaptiveEmpty {
        max: bool,
        shape: Vec<i64>,
        dim: usize,
    },
    /// More values than ConvLab computes (not a rule of PyTorch's).
    TooLarge {
        elements: u128,
    },
}

pub(crate) fn dims(d: &[i64]) -> String {
    let parts: Vec<String> = d.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(", "))
}

impl PoolError {
    /// The first line PyTorch prints.
    pub fn message(&self) -> String {
        use PoolError::*;
        let name = |max: bool| {
            if max {
                "adaptive_max_pool2d"
            } else {
                "adaptive_avg_pool2d"
            }
        };
        match self {
            MaxRank => "non-empty 3D or 4D (batch mode) tensor expected for input".into(),
            AvgRank { rank } => format!(
                "Dimension out of range (expected to be in range of [-{rank}, {}], but got -3)",
                rank - 1
            ),
            NotImage { shape } => format!(
                "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:{}",
                dims(shape)
            ),
            StrideZero => "stride should not be zero".into(),
            NegativePad { pad } => format!("pad must be non-negative, but got pad: {pad}"),
            PadOverHalf { pad, kernel, dilation } => format!(
                "pad should be at most half of effective kernel size, but got pad={pad}, kernel_size={kernel} and dilation={dilation}"
            ),
            PadOverHalfKernel { pad, kernel } => format!(
                "pad should be smaller than or equal to half of kernel size, but got padW = {}, padH = {}, kW = {}, kH = {}",
                pad[1], pad[0], kernel[1], kernel[0]
            ),
            KernelNotPositive { kernel } => format!(
                "kernel size should be greater than zero, but got kH: {} kW: {}",
                kernel[0], kernel[1]
            ),
            StrideNotPositive { stride } => format!(
                "stride should be greater than zero, but got dH: {} dW: {}",
                stride[0], stride[1]
            ),
            DilationNotPositive { dilation } => format!(
                "dilation should be greater than zero, but got dilationH: {} dilationW: {}",
                dilation[0], dilation[1]
            ),
            DivisorZero => "divisor must be not zero".into(),
            OutputTooSmall { planes, input, output } => format!(
                "Given input size: ({planes}x{}x{}). Calculated output size: ({planes}x{}x{}). Output size is too small",
                input[0], input[1], output[0], output[1]
            ),
            AdaptiveNone => "object of type 'NoneType' has no len()".into(),
            AdaptiveShortInput => "Input dimension should be at least 3".into(),
            AdaptiveRank { max, shape } => format!(
                "{}(): Expected 3D or 4D tensor, but got{} {}",
                name(*max),
                if *max { ":" } else { "" },
                dims(shape)
            ),
            AdaptiveMeanRank => {
                "Dimension out of range (expected to be in range of [-1, 0], but got -2)".into()
            }
            AdaptiveNegative { max: false, size, .. } => format!(
                "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {{{}, {}}}",
                size[0], size[1]
            ),
            TooLarge { elements } => format!("ConvLab computes at most 16777216 pooled values, not {elements}"),
            AdaptiveNegative { max: true, output, .. } => format!(
                "Trying to create tensor with negative dimension {}: {}",
                output.iter().find(|v| **v < 0).copied().unwrap_or(-1),
                dims(output)
            ),
            AdaptiveEmpty { max, shape, dim } => format!(
                "{}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {} with dimension {dim} being empty",
                name(*max),
                dims(shape)
            ),
        }
    }

    /// What went wrong, for a student.
    pub fn explanation(&self) -> String {
        use PoolError::*;
        match self {
            MaxRank | AvgRank { .. } | NotImage { .. } | AdaptiveRank { .. } | AdaptiveShortInput
            | AdaptiveMeanRank => {
                "A 2-D pool slides over the last two axes of a [C, H, W] or [N, C, H, W] tensor; \
                 this tensor does not have that shape (was it flattened already?)."
                    .into()
            }
            StrideZero | StrideNotPositive { .. } => "The window must move at least one cell per step.".into(),
            NegativePad { .. } => "Padding adds cells around the map; it cannot be negative.".into(),
            PadOverHalf { pad, kernel, dilation } => format!(
                "A pool pads at most half its window on each side, so that every window still covers \
                 a real cell: the window spans {} cells, so the padding may be at most {}, not {pad}.",
                (kernel - 1) * dilation + 1,
                ((kernel - 1) * dilation + 1) / 2
            ),
            PadOverHalfKernel { .. } => "The padding may be at most half the kernel size.".into(),
            KernelNotPositive { .. } => "The window must be at least 1 x 1.".into(),
            DilationNotPositive { .. } => "The gap between window taps must be at least 1.".into(),
            DivisorZero => "divisor_override divides every window's sum; it cannot be 0.".into(),
            OutputTooSmall { input, output, .. } => format!(
                "The map is {} x {} here, too small for this window: the formula gives {} x {} \
                 outputs. Use a smaller window or stride, or pool less earlier.",
                input[0], input[1], output[0], output[1]
            ),
            AdaptiveNone => "output_size=None keeps both axes; write (None, None) for that.".into(),
            AdaptiveNegative { .. } => "An output size cannot be negative.".into(),
            AdaptiveEmpty { .. } => "An adaptive pool needs at least one cell to pool.".into(),
            TooLarge { .. } => "This output is larger than ConvLab computes.".into(),
        }
    }
}

/// `a / b` rounded towards minus infinity (PyTorch's `div_rtn`).
fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

/// `pooling_output_shape`: one axis's output size, with its checks.
pub(crate) fn axis_out(
    n: i64,
    k: i64,
    p: i64,
    s: i64,
    d: i64,
    ceil: bool,
) -> Result<i64, PoolError> {
    if s == 0 {
        return Err(PoolError::StrideZero);
    }
    if p < 0 {
        return Err(PoolError::NegativePad { pad: p });
    }
    let (n, k, p, s, d) = (n as i128, k as i128, p as i128, s as i128, d as i128);
    // C++ integer division truncates towards zero, as Rust's does.
    if p > ((k - 1) * d + 1) / 2 {
        return Err(PoolError::PadOverHalf {
            pad: p as i64,
            kernel: k as i64,
            dilation: d as i64,
        });
    }
    let mut out = div_floor(
        n + 2 * p - d * (k - 1) - 1 + if ceil { s - 1 } else { 0 },
        s,
    ) + 1;
    if ceil && (out - 1) * s >= n + p {
        out -= 1;
    }
    Ok(out.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// The output shape of `pool` on a tensor of `shape`, or PyTorch's refusal.
pub fn pool_shape(pool: &Pool, shape: &[i64]) -> Result<Vec<i64>, PoolError> {
    let rank = shape.len();
    let image = |shape: &[i64]| {
        let from = if rank == 4 { 1 } else { 0 };
        (rank == 3 || rank == 4) && shape[from..].iter().all(|v| *v != 0)
    };
    if let Some(w) = pool.window() {
        match pool {
            Pool::Max(_) if !(rank == 3 || rank == 4) => return Err(PoolError::MaxRank),
            Pool::Avg(a) if a.divisor_override == Some(0) => return Err(PoolError::DivisorZero),
            Pool::Avg(_) if rank < 3 => return Err(PoolError::AvgRank { rank }),
            _ => {}
        }
        let [h, wd] = [shape[rank - 2], shape[rank - 1]];
        let planes = shape[rank - 3];
        let out = [
            axis_out(
                h,
                w.kernel[0],
                w.padding[0],
                w.stride[0],
                w.dilation[0],
                w.ceil_mode,
            )?,
            axis_out(
                wd,
                w.kernel[1],
                w.padding[1],
                w.stride[1],
                w.dilation[1],
                w.ceil_mode,
            )?,
        ];
        if w.kernel.iter().any(|k| *k <= 0) {
            return Err(PoolError::KernelNotPositive { kernel: w.kernel });
        }
        if w.stride.iter().any(|s| *s <= 0) {
            return Err(PoolError::StrideNotPositive { stride: w.stride });
        }
        if w.dilation.iter().any(|d| *d <= 0) {
            return Err(PoolError::DilationNotPositive {
                dilation: w.dilation,
            });
        }
        if !image(shape) {
            return Err(PoolError::NotImage {
                shape: shape.to_vec(),
            });
        }
        if (0..2).any(|a| w.kernel[a] / 2 < w.padding[a]) {
            return Err(PoolError::PadOverHalfKernel {
                pad: w.padding,
                kernel: w.kernel,
            });
        }
        if out.iter().any(|o| *o < 1) {
            return Err(PoolError::OutputTooSmall {
                planes,
                input: [h, wd],
                output: out,
            });
        }
        let mut s = shape[..rank - 2].to_vec();
        s.extend(out);
        return Ok(s);
    }
    let (max, size) = match pool {
        Pool::AdaptiveAvg(o) => (false, *o),
        Pool::AdaptiveMax(o) => (true, *o),
        _ => unreachable!("windowed pools are handled above"),
    };
    let size = match size {
        OutSize::One(None) => return Err(PoolError::AdaptiveNone),
        OutSize::One(Some(v)) => [v, v],
        OutSize::Two(a, b) => {
            if rank <= 2 {
                return Err(PoolError::AdaptiveShortInput);
            }
            [a.unwrap_or(shape[rank - 2]), b.unwrap_or(shape[rank - 1])]
        }
    };
    let with_size = |shape: &[i64]| {
        let mut s = shape[..shape.len().saturating_sub(2)].to_vec();
        s.extend(size);
        s
    };
    if !max {
        if size.iter().any(|v| *v < 0) {
            return Err(PoolError::AdaptiveNegative {
                max,
                size,
                output: Vec::new(),
            });
        }
        if size == [1, 1] {
            // PyTorch takes the mean over the last two axes instead.
            return if rank < 2 {
                Err(PoolError::AdaptiveMeanRank)
            } else {
                Ok(with_size(shape))
            };
        }
    }
    if !(rank == 3 || rank == 4) {
        return Err(PoolError::AdaptiveRank {
            max,
            shape: shape.to_vec(),
        });
    }
    if let Some(dim) = (rank - 3..rank).find(|&d| shape[d] == 0) {
        return Err(PoolError::AdaptiveEmpty {
            max,
            shape: shape.to_vec(),
            dim,
        });
    }
    let out = with_size(shape);
    if size.iter().any(|v| *v < 0) {
        return Err(PoolError::AdaptiveNegative {
            max,
            size,
            output: out,
        });
    }
    Ok(out)
}

/// The window `[start, end)` of adaptive output `i` of `out` over `n` cells.
pub fn adaptive_window(i: i64, n: i64, out: i64) -> (i64, i64) {
    let (i, n, out) = (i as i128, n as i128, out as i128);
    let start = (i * n) / out;
    let end = ((i + 1) * n + out - 1) / out;
    (start as i64, end as i64)
}
