//! The four pools' values, as PyTorch's CPU kernels compute them: max
//! pools skip padding (and let a NaN win), average pools divide by the
//! window clipped to the padded input (`count_include_pad`), to the real
//! cells, or by `divisor_override`; adaptive windows run from
//! `floor(i*n/out)` to `ceil((i+1)*n/out)`.

use ndarray::Array4;

use crate::core::ops::network::layers::AvgPool2d;
use crate::core::ops::network::pool::{adaptive_window, pool_shape, Pool, PoolError, Window};

/// Most values [`pool2d`] computes (an adaptive pool's output size is
/// the user's to choose).
pub const MAX_POOL_ELEMENTS: usize = 1 << 24;

/// The taps `t` in `0..k` whose position `start + t*step` lies in `0..n`.
fn taps(start: i64, k: i64, step: i64, n: i64) -> std::ops::Range<i64> {
    let (start, k, step, n) = (start as i128, k as i128, step as i128, n as i128);
    let lo = if start < 0 {
        (-start + step - 1) / step
    } else {
        0
    };
    let hi = if start > n - 1 {
        0
    } else {
        ((n - 1 - start) / step + 1).min(k)
    };
    lo as i64..hi.max(lo) as i64
}

/// A max pool's window whose first tap sits at `at` (`[row, col]` of the
/// input, negative in the padding) over plane `[n, c]` of `input`: the
/// largest value among the real cells it covers (padding is skipped, a NaN
/// wins), and where that value is. `None` only when the window covers no
/// real cell (PyTorch's shape rules never let that happen).
pub fn max_window(
    input: &Array4<f64>,
    [b, ch]: [usize; 2],
    at: [i64; 2],
    win: &Window,
) -> (f64, Option<[usize; 2]>) {
    let (_, _, h, w) = input.dim();
    let [kh, kw] = win.kernel;
    let [dh, dw] = win.dilation;
    let mut best = f64::NEG_INFINITY;
    let mut picked = None;
    for i in taps(at[0], kh, dh, h as i64) {
        let yy = (at[0] + i * dh) as usize;
        for j in taps(at[1], kw, dw, w as i64) {
            let xx = (at[1] + j * dw) as usize;
            let val = input.get([b, ch, yy, xx]).copied().unwrap_or(f64::NAN);
            // PyTorch's index starts at the window's first real cell, and
            // moves to every larger value and to every NaN.
            if picked.is_none() {
                picked = Some([yy, xx]);
            }
            if val > best || val.is_nan() {
                best = val;
                picked = Some([yy, xx]);
            }
        }
    }
    (best, picked)
}

/// An average pool's window: its sum, what it is divided by, and the value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AvgWindow {
    /// The real cells covered: `[rows, cols]` from `start`.
    pub start: [i64; 2],
    pub real: [i64; 2],
    /// The window clipped to the padded input (what `count_include_pad`
    /// counts): `[rows, cols]`.
    pub padded: [i64; 2],
    pub sum: f64,
    /// The divisor PyTorch uses: `divisor_override`, else `padded` or
    /// `real` cells as `count_include_pad` says. `None` when the window
    /// covers no real cell (the output is then 0).
    pub divisor: Option<i64>,
    pub value: f64,
}

/// An average pool's window whose top-left sits at `at` (see [`max_window`]).
pub fn avg_window(
    input: &Array4<f64>,
    [b, ch]: [usize; 2],
    at: [i64; 2],
    win: &Window,
    a: &AvgPool2d,
) -> AvgWindow {
    let (_, _, h, w) = input.dim();
    let (h, w) = (h as i64, w as i64);
    let [kh, kw] = win.kernel;
    let [ph, pw] = win.padding;
    let [y0, x0] = at;
    let y1 = y0.saturating_add(kh).min(h.saturating_add(ph));
    let x1 = x0.saturating_add(kw).min(w.saturating_add(pw));
    let padded = [y1 - y0, x1 - x0];
    let (ya, xa, yb, xb) = (y0.max(0), x0.max(0), y1.min(h), x1.min(w));
    let real = [(yb - ya).max(0), (xb - xa).max(0)];
    if ya >= yb || xa >= xb {
        return AvgWindow {
            start: [ya, xa],
            real,
            padded,
            sum: 0.0,
            divisor: None,
            value: 0.0,
        };
    }
    let mut sum = 0.0;
    for yy in ya..yb {
        for xx in xa..xb {
            sum += input
                .get([b, ch, yy as usize, xx as usize])
                .copied()
                .unwrap_or(0.0);
        }
    }
    let divisor = match a.divisor_override {
        Some(d) => d,
        None if a.count_include_pad => padded[0] * padded[1],
        None => real[0] * real[1],
    };
    AvgWindow {
        start: [ya, xa],
        real,
        padded,
        sum,
        divisor: Some(divisor),
        value: sum / divisor as f64,
    }
}

/// `pool(input)` for an `[N, C, H, W]` input, or PyTorch's refusal.
pub fn pool2d(input: &Array4<f64>, pool: &Pool) -> Result<Array4<f64>, PoolError> {
    let (n, c, h, w) = input.dim();
    let shape = [n, c, h, w].map(|v| v as i64);
    let out = pool_shape(pool, &shape)?;
    let [oh, ow] = [out[2] as usize, out[3] as usize];
    let elements = (n as u128) * (c as u128) * (oh as u128) * (ow as u128);
    if elements > MAX_POOL_ELEMENTS as u128 {
        return Err(PoolError::TooLarge { elements });
    }
    let mut result = Array4::<f64>::zeros((n, c, oh, ow));
    let (h, w) = (h as i64, w as i64);
    match pool {
        Pool::Max(_) | Pool::Avg(_) => {
            let win = pool.window().expect("a windowed pool");
            let [sh, sw] = win.stride;
            let [ph, pw] = win.padding;
            for ((b, ch, y, x), v) in result.indexed_iter_mut() {
                let at = [y as i64 * sh - ph, x as i64 * sw - pw];
                *v = match pool {
                    Pool::Max(_) => max_window(input, [b, ch], at, &win).0,
                    Pool::Avg(a) => avg_window(input, [b, ch], at, &win, a).value,
                    _ => unreachable!("a windowed pool"),
                };
            }
        }
        Pool::AdaptiveAvg(_) | Pool::AdaptiveMax(_) => {
            let max = matches!(pool, Pool::AdaptiveMax(_));
            for ((b, ch, y, x), v) in result.indexed_iter_mut() {
                let (ya, yb) = adaptive_window(y as i64, h, oh as i64);
                let (xa, xb) = adaptive_window(x as i64, w, ow as i64);
                let mut acc = if max { f64::NEG_INFINITY } else { 0.0 };
                for yy in ya..yb {
                    for xx in xa..xb {
                        let val = input[[b, ch, yy as usize, xx as usize]];
                        if !max {
                            acc += val;
                        } else if val > acc || val.is_nan() {
                            acc = val;
                        }
                    }
                }
                *v = if max {
                    acc
                } else {
                    acc / ((yb - ya) * (xb - xa)) as f64
                };
            }
        }
    }
    Ok(result)
}
