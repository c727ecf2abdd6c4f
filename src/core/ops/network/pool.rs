//! The four pools' shapes, checked in PyTorch's order with PyTorch's
//! messages: `MaxPool2d`, `AvgPool2d` (`ceil_mode`, `count_include_pad`,
//! `divisor_override`), `AdaptiveAvgPool2d` and `AdaptiveMaxPool2d` (with
//! `None` sides). The values are computed in [`super::pooling`].

use crate::core::ops::network::layers::{AvgPool2d, Layer, MaxPool2d, OutSize};
pub use crate::core::ops::network::pool_error::PoolError;

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
