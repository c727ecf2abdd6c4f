//! The four pools' values, as PyTorch's CPU kernels compute them: max
//! pools skip padding (and let a NaN win), average pools divide by the
//! window clipped to the padded input (`count_include_pad`), to the real
//! cells, or by `divisor_override`; adaptive windows run from
//! `floor(i*n/out)` to `ceil((i+1)*n/out)`.

use ndarray::Array4;

use crate::core::ops::network::pool::{adaptive_window, pool_shape, Pool, PoolError};

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
            let [kh, kw] = win.kernel;
            let [sh, sw] = win.stride;
            let [ph, pw] = win.padding;
            let [dh, dw] = win.dilation;
            for ((b, ch, y, x), v) in result.indexed_iter_mut() {
                let y0 = y as i64 * sh - ph;
                let x0 = x as i64 * sw - pw;
                *v = match pool {
                    Pool::Max(_) => {
                        let mut best = f64::NEG_INFINITY;
                        for i in taps(y0, kh, dh, h) {
                            let yy = y0 + i * dh;
                            for j in taps(x0, kw, dw, w) {
                                let xx = x0 + j * dw;
                                let val = input[[b, ch, yy as usize, xx as usize]];
                                if val > best || val.is_nan() {
                                    best = val;
                                }
                            }
                        }
                        best
                    }
                    Pool::Avg(a) => {
                        let y1 = (y0 + kh).min(h + ph);
                        let x1 = (x0 + kw).min(w + pw);
                        let padded = (y1 - y0) * (x1 - x0);
                        let (ya, xa, yb, xb) = (y0.max(0), x0.max(0), y1.min(h), x1.min(w));
                        if ya >= yb || xa >= xb {
                            0.0
                        } else {
                            let mut sum = 0.0;
                            for yy in ya..yb {
                                for xx in xa..xb {
                                    sum += input[[b, ch, yy as usize, xx as usize]];
                                }
                            }
                            let divisor = match a.divisor_override {
                                Some(d) => d,
                                None if a.count_include_pad => padded,
                                None => (yb - ya) * (xb - xa),
                            };
                            sum / divisor as f64
                        }
                    }
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
