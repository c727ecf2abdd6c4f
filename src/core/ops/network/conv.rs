//! `Conv2d` and `ConvTranspose2d` on a shape: the rules of
//! [`crate::core::engine::validate`] and [`crate::core::engine::transpose`]
//! in the same order, with the same [`ConvError`] values (so the same
//! messages), applied to sizes only: a model's tensors are far too large to
//! make. `tests/network.rs` checks both agree on small layers.

use crate::core::engine::error::ConvError;
use crate::core::engine::transpose::error::TransposeError;
use crate::core::model::conv2d::PaddingMode;
use crate::core::ops::network::error::NetError;
use crate::core::ops::network::layers::{Conv2d, ConvTranspose2d};

fn u(v: i64) -> usize {
    v.clamp(0, i64::from(i32::MAX)) as usize
}

fn u4(v: [i64; 4]) -> [usize; 4] {
    v.map(u)
}

/// `[N, C, H, W]` of a 3-D (unbatched, seen with N = 1) or 4-D input.
fn as_batch(input: &[i64], transposed: bool) -> Result<[i64; 4], NetError> {
    match *input {
        [c, h, w] => Ok([1, c, h, w]),
        [n, c, h, w] => Ok([n, c, h, w]),
        _ => Err(NetError::ConvRank {
            transposed,
            shape: input.to_vec(),
        }),
    }
}

/// The input's shape with the batch axis as the input had it.
fn with_batch(input: &[i64], c: i64, hw: [i64; 2]) -> Vec<i64> {
    let mut out = input[..input.len() - 3].to_vec();
    out.extend([c, hw[0], hw[1]]);
    out
}

/// A size past what ConvLab follows (not a rule of PyTorch's).
fn too_large(out: [i128; 2]) -> Result<(), NetError> {
    let big = out[0].max(out[1]);
    if big > i64::from(i32::MAX) as i128 {
        return Err(NetError::TooLarge {
            what: "output",
            size: big.min(i64::MAX as i128) as i64,
        });
    }
    Ok(())
}

/// `nn.Conv2d(...)(input)`'s output shape, or PyTorch's refusal. The
/// constructor's checks ([`super::build`]) have passed.
pub fn conv2d_shape(c: &Conv2d, input: &[i64]) -> Result<Vec<i64>, NetError> {
    let [n, ch, h, w] = as_batch(input, false)?;
    let unbatched = input.len() == 3;
    let [kh, kw] = c.kernel_size.pair();
    let (o, g) = (c.out_channels, c.groups);
    if g <= 0 {
        return Err(NetError::Conv(ConvError::NonPositiveGroups { groups: g }));
    }
    let cg = c.in_channels.div_euclid(g);
    let weight = [o, cg, kh, kw];
    let mode = c.mode().unwrap_or_default();
    let zeros = mode == PaddingMode::Zeros;
    let pads = c.pads().unwrap_or([[0, 0]; 2]);
    let [[a, b], [l, r]] = pads;
    if [a, b, l, r].iter().any(|p| *p < 0) {
        return Err(NetError::Conv(ConvError::NegativePadding {
            padding: [a, l],
        }));
    }
    let [[top, bottom], [left, right]] = pads;
    let wide =
        |a: i64, b: i64, c: i64| (a as i128 + b as i128 + c as i128).min(i64::MAX as i128) as i64;
    let (hp, wp) = (wide(h, top, bottom), wide(w, left, right));
    // The input as the shape checks see it: other modes pad first (F.pad),
    // and `same` with an odd total pads the extra row/column first.
    let seen = if zeros {
        [n, ch, wide(h, bottom, -top), wide(w, right, -left)]
    } else {
        [n, ch, hp, wp]
    };
    match mode {
        PaddingMode::Reflect => {
            let real = if unbatched {
                input.to_vec()
            } else {
                vec![n, ch, h, w]
            };
            let rank = real.len() as u8;
            for (argument, pair, size) in [(4u8, [left, right], w), (6, [top, bottom], h)] {
                if pair[0] >= size || pair[1] >= size {
                    let dim = if argument == 4 { rank - 1 } else { rank - 2 };
                    if unbatched {
                        return Err(NetError::ReflectPad {
                            argument,
                            pads: pair,
                            dim,
                            input: real,
                        });
                    }
                    return Err(NetError::Conv(ConvError::ReflectPadTooLarge {
                        argument,
                        pads: pair.map(u),
                        dim,
                        input: u4([n, ch, h, w]),
                    }));
                }
            }
        }
        PaddingMode::Circular => {
            for (pad, size) in [(top, h), (bottom, h), (left, w), (right, w)] {
                if pad > size {
                    return Err(NetError::Conv(ConvError::CircularPadTooLarge {
                        pad: u(pad),
                        size: u(size),
                    }));
                }
            }
        }
        PaddingMode::Replicate | PaddingMode::Zeros => {}
    }
    let stride = c.stride.pair();
    if stride.iter().any(|s| *s <= 0) {
        return Err(NetError::Conv(ConvError::NonPositiveStride { stride }));
    }
    let dil = c.dilation.pair();
    if dil.iter().any(|d| *d < 0) {
        return Err(NetError::Conv(ConvError::NonPositiveDilation {
            dilation: dil,
        }));
    }
    if o < g {
        return Err(NetError::Conv(ConvError::WeightLessThanGroups {
            groups: g,
            weight: u4(weight),
        }));
    }
    if o % g != 0 {
        return Err(NetError::Conv(ConvError::WeightNotDivisible {
            groups: g,
            weight: u4(weight),
        }));
    }
    if ch as i128 != cg as i128 * g as i128 {
        return Err(NetError::Conv(ConvError::ChannelMismatch {
            groups: g,
            weight: u4(weight),
            input: u4(seen),
            expected: u(cg.saturating_mul(g)),
        }));
    }
    let span = [0, 1].map(|a| dil[a] as i128 * (weight[2 + a] as i128 - 1) + 1);
    if (hp as i128) < span[0] || (wp as i128) < span[1] {
        return Err(NetError::Conv(ConvError::KernelTooLarge {
            padded: [u(hp), u(wp)],
            kernel: span.map(|s| u(s as i64)),
        }));
    }
    // The kernels' own checks, after the shape checks.
    let k = [kh, kw];
    if dil.contains(&0) {
        return Err(if k.contains(&0) {
            NetError::ZeroKernelList { kernel: k }
        } else if g > 1 {
            NetError::ZeroDilationGrouped
        } else {
            NetError::ZeroDilation { dilation: dil }
        });
    }
    if k.contains(&0) {
        return Err(NetError::ZeroKernel { kernel: k });
    }
    let out = [0, 1].map(|a| {
        let padded = [hp, wp][a] as i128;
        (padded - span[a]) / stride[a] as i128 + 1
    });
    too_large(out)?;
    Ok(with_batch(input, o, out.map(|v| v as i64)))
}

/// `nn.ConvTranspose2d(...)(input)`'s output shape, or PyTorch's refusal.
pub fn conv_transpose2d_shape(t: &ConvTranspose2d, input: &[i64]) -> Result<Vec<i64>, NetError> {
    use TransposeError as T;
    let [n, ch, h, w] = as_batch(input, true)?;
    let [kh, kw] = t.kernel_size.pair();
    let (ci, g) = (t.in_channels, t.groups);
    if g <= 0 {
        return Err(NetError::Conv(ConvError::NonPositiveGroups { groups: g }));
    }
    let weight = [ci, t.out_channels.div_euclid(g), kh, kw];
    let padding = t.padding.pair();
    let op = t.output_padding.pair();
    let [s, d] = [t.stride.pair(), t.dilation.pair()];
    if padding.iter().any(|p| *p < 0) {
        return Err(NetError::Conv(ConvError::NegativePadding { padding }));
    }
    if op.iter().any(|p| *p < 0) {
        return Err(NetError::Conv(ConvError::Transpose(
            T::NegativeOutputPadding { output_padding: op },
        )));
    }
    if s.iter().any(|v| *v <= 0) {
        return Err(NetError::Conv(ConvError::NonPositiveStride { stride: s }));
    }
    if d.iter().any(|v| *v < 0) {
        return Err(NetError::Conv(ConvError::NonPositiveDilation {
            dilation: d,
        }));
    }
    if ci < g {
        return Err(NetError::Conv(ConvError::Transpose(
            T::WeightLessThanGroups {
                groups: g,
                weight: u4(weight),
            },
        )));
    }
    if ci % g != 0 {
        return Err(NetError::Conv(ConvError::Transpose(
            T::WeightNotDivisible {
                groups: g,
                weight: u4(weight),
            },
        )));
    }
    if ch != ci {
        return Err(NetError::Conv(ConvError::Transpose(T::ChannelMismatch {
            weight: u4(weight),
            input: u4([n, ch, h, w]),
        })));
    }
    if kh == 0 || kw == 0 {
        return Err(NetError::ZeroKernel { kernel: [kh, kw] });
    }
    if d.contains(&0) {
        return Err(NetError::Conv(ConvError::Transpose(T::ZeroDilation {
            dilation: d,
        })));
    }
    if !(0..2).all(|a| op[a] < s[a] || op[a] < d[a]) {
        return Err(NetError::Conv(ConvError::Transpose(
            T::OutputPaddingTooLarge {
                output_padding: op,
                stride: s,
                dilation: d,
            },
        )));
    }
    let out = [0, 1].map(|a| {
        let n = [h, w][a] as i128;
        (n - 1) * s[a] as i128 - 2 * padding[a] as i128
            + d[a] as i128 * (weight[2 + a] as i128 - 1)
            + op[a] as i128
            + 1
    });
    if out.iter().any(|v| *v < 1) {
        return Err(NetError::Conv(ConvError::Transpose(T::OutputTooSmall {
            input: [u(h), u(w)],
            output: out.map(|v| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64),
        })));
    }
    too_large(out)?;
    Ok(with_batch(input, t.out_channels, out.map(|v| v as i64)))
}
