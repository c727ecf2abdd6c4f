//! One line that mends a break: "change Conv2d(32, 32, 3) to Conv2d(16,
//! 32, 3)". Candidates are tried in order of how little they change, and
//! a fix is only offered once the changed layer builds and takes the
//! shape that reached it.

use crate::core::engine::error::ConvError;
use crate::core::engine::transpose::error::TransposeError;
use crate::core::ops::network::build::build_check;
use crate::core::ops::network::error::NetError;
use crate::core::ops::network::export::layer_source;
use crate::core::ops::network::forward::layer_shape;
use crate::core::ops::network::layers::{ConvPadding, Layer, OutSize, Size2};
use crate::core::ops::network::model::{Edit, Model};
use crate::core::ops::network::pool::PoolError;

/// A proposed change and how to make it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// One line: `change Linear(400, 10) to Linear(3136, 10)`.
    pub text: String,
    /// The edits, applied in order by [`Fix::apply`].
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn apply(&self, model: &Model) -> Model {
        self.edits.iter().fold(model.clone(), |m, e| m.apply(e))
    }
}

enum Candidate {
    Replace(Layer),
    Remove,
    /// Insert the first layer before, and replace with the second.
    InsertThenReplace(Layer, Layer),
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.min(i64::MAX as u64) as i64
}

/// The largest groups at most `max` that divides both channel counts.
fn fitting_groups(a: i64, b: i64, max: i64) -> i64 {
    let g = gcd(a, b);
    let max = max.max(1);
    if g == 0 || g <= max {
        return if g == 0 { max } else { g };
    }
    (1..=max.min(1_000_000))
        .rev()
        .find(|d| g % d == 0)
        .unwrap_or(1)
}

/// The channel axis of a conv input (`[C, H, W]` or `[N, C, H, W]`).
fn channels(x: &[i64]) -> Option<i64> {
    (x.len() >= 3).then(|| x[x.len() - 3])
}

/// `s` with each axis changed; an int stays an int while both agree.
fn map2(s: Size2, f: impl Fn(usize, i64) -> i64) -> Size2 {
    let p = s.pair();
    let [h, w] = [f(0, p[0]), f(1, p[1])];
    match s {
        Size2::One(_) if h == w => Size2::One(h),
        _ => Size2::Two(h, w),
    }
}

fn candidates(layer: &Layer, x: Option<&[i64]>, error: &NetError) -> Vec<Candidate> {
    use Candidate::*;
    use ConvError as C;
    let mut out = Vec::new();
    match (layer, error) {
        (Layer::Conv2d(c), NetError::Conv(e)) => {
            let with = |f: &dyn Fn(&mut crate::core::ops::network::layers::Conv2d)| {
                let mut n = c.clone();
                f(&mut n);
                Replace(Layer::Conv2d(n))
            };
            match e {
                C::GroupsNotPositiveInteger { .. }
                | C::InChannelsNotDivisible { .. }
                | C::OutChannelsNotDivisible { .. }
                | C::WeightLessThanGroups { .. }
                | C::WeightNotDivisible { .. } => {
                    // A wrong in_channels is the likelier slip when the
                    // input's channels would fit the groups.
                    if let Some(got) = x.and_then(channels) {
                        out.push(with(&|n| n.in_channels = got));
                        out.push(with(&|n| {
                            n.in_channels = got;
                            n.groups = fitting_groups(got, n.out_channels, n.groups);
                        }));
                    }
                    out.push(with(&|n| {
                        n.groups = fitting_groups(n.in_channels, n.out_channels, n.groups)
                    }));
                }
                C::ChannelMismatch { input, .. } => {
                    let got = channels(x.unwrap_or(&[])).unwrap_or(input[1] as i64);
                    out.push(with(&|n| {
                        n.in_channels = got;
                        n.groups = fitting_groups(got, n.out_channels, n.groups);
                    }));
                }
                C::SameWithStride { .. } => {
                    out.push(with(&|n| {
                        let [k, d] = [n.kernel_size.pair(), n.dilation.pair()];
                        n.padding =
                            ConvPadding::Size(Size2::of([0, 1].map(|a| d[a] * (k[a] - 1) / 2)));
                    }));
                    out.push(with(&|n| n.stride = Size2::One(1)));
                }
                C::KernelTooLarge { padded, .. } => out.push(with(&|n| {
                    let d = n.dilation.pair();
                    n.kernel_size = map2(n.kernel_size, |a, k| {
                        k.min((padded[a] as i64 - 1) / d[a].max(1) + 1).max(1)
                    });
                })),
                C::ReflectPadTooLarge { .. } | C::CircularPadTooLarge { .. } => {
                    out.push(with(&|n| n.padding_mode = "replicate".into()))
                }
                C::NegativePadding { .. } => {
                    out.push(with(&|n| n.padding = ConvPadding::Size(Size2::One(0))))
                }
                C::NonPositiveStride { .. } => out.push(with(&|n| n.stride = Size2::One(1))),
                C::NonPositiveDilation { .. } => out.push(with(&|n| n.dilation = Size2::One(1))),
                _ => {}
            }
        }
        (Layer::Conv2d(c), _) => {
            let mut n = c.clone();
            match error {
                NetError::BadPaddingString { .. } => n.padding = ConvPadding::Size(Size2::One(0)),
                NetError::BadPaddingMode { .. } => n.padding_mode = "zeros".into(),
                NetError::ReflectPad { .. } => n.padding_mode = "replicate".into(),
                NetError::ZeroKernel { .. } | NetError::ZeroKernelList { .. } => {
                    n.kernel_size = map2(n.kernel_size, |_, k| k.max(1));
                    n.dilation = map2(n.dilation, |_, d| d.max(1));
                }
                NetError::ZeroDilation { .. } | NetError::ZeroDilationGrouped => {
                    n.dilation = Size2::One(1)
                }
                NetError::NegativeDimension { .. } => {
                    n.in_channels = x.and_then(channels).unwrap_or(n.in_channels.abs());
                    n.out_channels = n.out_channels.abs();
                    n.kernel_size = map2(n.kernel_size, |_, k| k.abs());
                }
                NetError::ConvRank { .. } => return vec![Remove],
                _ => return out,
            }
            out.push(Replace(Layer::Conv2d(n)));
        }
        (Layer::ConvTranspose2d(t), _) => {
            use TransposeError as T;
            let mut n = t.clone();
            let [s, d] = [t.stride.pair(), t.dilation.pair()];
            match error {
                NetError::TransposeModeNotZeros => n.padding_mode = "zeros".into(),
                NetError::Conv(
                    C::GroupsNotPositiveInteger { .. }
                    | C::InChannelsNotDivisible { .. }
                    | C::OutChannelsNotDivisible { .. }
                    | C::Transpose(T::WeightLessThanGroups { .. } | T::WeightNotDivisible { .. }),
                ) => n.groups = fitting_groups(n.in_channels, n.out_channels, n.groups),
                NetError::Conv(C::Transpose(T::ChannelMismatch { input, .. })) => {
                    n.in_channels = x.and_then(channels).unwrap_or(input[1] as i64);
                    n.groups = fitting_groups(n.in_channels, n.out_channels, n.groups);
                }
                NetError::Conv(C::Transpose(T::OutputPaddingTooLarge { .. })) => {
                    n.output_padding =
                        map2(n.output_padding, |a, p| p.min(s[a].max(d[a]) - 1).max(0))
                }
                NetError::Conv(C::Transpose(T::OutputTooSmall { input, .. })) => {
                    let k = t.kernel_size.pair();
                    let op = t.output_padding.pair();
                    n.padding = map2(n.padding, |a, p| {
                        let room = (input[a] as i128 - 1) * s[a] as i128
                            + d[a] as i128 * (k[a] as i128 - 1)
                            + op[a] as i128;
                        (p as i128).min(room / 2).max(0) as i64
                    });
                }
                NetError::Conv(C::Transpose(T::NegativeOutputPadding { .. })) => {
                    n.output_padding = Size2::One(0)
                }
                NetError::Conv(C::NegativePadding { .. }) => n.padding = Size2::One(0),
                NetError::Conv(C::NonPositiveStride { .. }) => n.stride = Size2::One(1),
                NetError::Conv(
                    C::NonPositiveDilation { .. } | C::Transpose(T::ZeroDilation { .. }),
                ) => n.dilation = Size2::One(1),
                NetError::ZeroKernel { .. } => n.kernel_size = map2(n.kernel_size, |_, k| k.max(1)),
                NetError::NegativeDimension { .. } => {
                    n.in_channels = x.and_then(channels).unwrap_or(n.in_channels.abs());
                    n.out_channels = n.out_channels.abs();
                    n.kernel_size = map2(n.kernel_size, |_, k| k.abs());
                }
                NetError::ConvRank { .. } => return vec![Remove],
                _ => return out,
            }
            out.push(Replace(Layer::ConvTranspose2d(n)));
        }
        (Layer::MaxPool2d(_) | Layer::AvgPool2d(_), NetError::Pool(e)) => {
            pool_candidates(layer, e, &mut out)
        }
        (Layer::AdaptiveAvgPool2d(_) | Layer::AdaptiveMaxPool2d(_), NetError::Pool(e)) => {
            let with = |o: OutSize| match layer {
                Layer::AdaptiveAvgPool2d(_) => Layer::AdaptiveAvgPool2d(o),
                _ => Layer::AdaptiveMaxPool2d(o),
            };
            match e {
                PoolError::AdaptiveNone => out.push(Replace(with(OutSize::Two(None, None)))),
                PoolError::AdaptiveNegative { .. } => {
                    out.push(Replace(with(OutSize::One(Some(1)))))
                }
                _ => out.push(Remove),
            }
        }
        (Layer::Linear(l), NetError::MatMul { mat1, .. }) => {
            let x = x.unwrap_or(&[]);
            let mut n = l.clone();
            if x.len() > 2 {
                let flat: i128 = x[1..].iter().map(|v| *v as i128).product();
                n.in_features = flat.min(i64::MAX as i128) as i64;
                let flatten = Layer::Flatten {
                    start_dim: 1,
                    end_dim: -1,
                };
                out.push(InsertThenReplace(flatten, Layer::Linear(n)));
            } else {
                n.in_features = mat1[1];
                out.push(Replace(Layer::Linear(n)));
            }
        }
        (Layer::BatchNorm2d(b), _) => {
            let mut n = b.clone();
            match error {
                NetError::BatchNormChannels { channels, .. } => n.num_features = *channels,
                NetError::BatchNormOneValue { .. } => n.track_running_stats = true,
                NetError::NegativeDimension { .. } => {
                    n.num_features = x
                        .filter(|x| x.len() == 4)
                        .map_or(n.num_features.abs(), |x| x[1])
                }
                _ => return vec![Remove],
            }
            out.push(Replace(Layer::BatchNorm2d(n)));
        }
        (
            Layer::Dropout { inplace, .. } | Layer::Dropout2d { inplace, .. },
            NetError::DropoutProbability { p },
        ) => {
            let p = crate::core::ops::network::layers::Num::Float(p.value().clamp(0.0, 1.0));
            out.push(Replace(match layer {
                Layer::Dropout { .. } => Layer::Dropout {
                    p,
                    inplace: *inplace,
                },
                _ => Layer::Dropout2d {
                    p,
                    inplace: *inplace,
                },
            }));
        }
        (Layer::Flatten { .. }, _) => {
            out.push(Replace(Layer::Flatten {
                start_dim: 1,
                end_dim: -1,
            }));
            out.push(Remove);
        }
        (Layer::GELU { .. }, NetError::GeluApproximate) => out.push(Replace(Layer::GELU {
            approximate: "none".into(),
        })),
        _ => {}
    }
    out
}

fn pool_candidates(layer: &Layer, e: &PoolError, out: &mut Vec<Candidate>) {
    use Candidate::*;
    // (kernel, stride, padding, dilation) as written, to change.
    let (k, s, p, d) = match layer {
        Layer::MaxPool2d(m) => (m.kernel_size, m.stride, m.padding, m.dilation),
        Layer::AvgPool2d(a) => (a.kernel_size, a.stride, a.padding, Size2::One(1)),
        _ => return,
    };
    let with = |k: Size2, s: Option<Size2>, p: Size2, d: Size2| match layer {
        Layer::MaxPool2d(m) => Layer::MaxPool2d(crate::core::ops::network::layers::MaxPool2d {
            kernel_size: k,
            stride: s,
            padding: p,
            dilation: d,
            ..m.clone()
        }),
        Layer::AvgPool2d(a) => Layer::AvgPool2d(crate::core::ops::network::layers::AvgPool2d {
            kernel_size: k,
            stride: s,
            padding: p,
            divisor_override: a.divisor_override.filter(|v| *v != 0),
            ..a.clone()
        }),
        _ => unreachable!("a windowed pool"),
    };
    let dp = d.pair();
    // The most padding each axis's (dilated) kernel allows.
    let half = |k: Size2, p: Size2| {
        let kp = k.pair();
        map2(p, |a, v| {
            v.min(((kp[a] - 1) * dp[a].max(1) + 1) / 2)
                .min(kp[a] / 2)
                .max(0)
        })
    };
    match e {
        PoolError::PadOverHalf { .. }
        | PoolError::PadOverHalfKernel { .. }
        | PoolError::NegativePad { .. } => out.push(Replace(with(k, s, half(k, p), d))),
        PoolError::StrideZero | PoolError::StrideNotPositive { .. } => {
            out.push(Replace(with(k, None, p, d)));
            out.push(Replace(with(k, Some(Size2::One(1)), p, d)));
        }
        PoolError::KernelNotPositive { .. } => {
            let k1 = map2(k, |_, v| v.max(1));
            out.push(Replace(with(k1, s, half(k1, p), d)));
        }
        PoolError::DilationNotPositive { .. } => out.push(Replace(with(k, s, p, Size2::One(1)))),
        PoolError::DivisorZero => out.push(Replace(with(k, s, p, d))),
        PoolError::OutputTooSmall { input, .. } => {
            // The largest kernel that fits the map, each axis.
            let kp = k.pair();
            let fit = map2(k, |a, v| v.min((input[a] - 1) / dp[a].max(1) + 1).max(1));
            if fit.pair().iter().zip(kp).any(|(f, k)| *f < k) && fit.pair().iter().any(|v| *v > 1) {
                out.push(Replace(with(fit, s, half(fit, p), d)));
            }
            out.push(Remove);
        }
        _ => out.push(Remove),
    }
}

/// A fix for `error`, raised by `layer` (leaf `index`) on an input of
/// shape `x` (`None` when a build error came before any input). Only a
/// change after which the layer builds and runs on `x` is offered.
pub fn fix_for(layer: &Layer, index: usize, x: Option<&[i64]>, error: &NetError) -> Option<Fix> {
    let old = layer_source(&layer.tidy());
    let runs = |l: &Layer, x: Option<&[i64]>| {
        build_check(l).is_ok() && x.is_none_or(|x| layer_shape(l, x).is_ok())
    };
    for c in candidates(layer, x, error) {
        match c {
            Candidate::Replace(new) if new != *layer && runs(&new, x) => {
                return Some(Fix {
                    text: format!("change {old} to {}", layer_source(&new.tidy())),
                    edits: vec![Edit::Replace { index, layer: new }],
                })
            }
            Candidate::Remove => {
                return Some(Fix {
                    text: format!("remove {old}"),
                    edits: vec![Edit::Remove { index }],
                })
            }
            Candidate::InsertThenReplace(before, new) => {
                let y = x.and_then(|x| layer_shape(&before, x).ok());
                if y.is_some() && runs(&new, y.as_deref()) {
                    let tail = if new == *layer {
                        String::new()
                    } else {
                        format!(" and change it to {}", layer_source(&new.tidy()))
                    };
                    return Some(Fix {
                        text: format!("insert {} before {old}{tail}", layer_source(&before)),
                        edits: vec![
                            Edit::Replace { index, layer: new },
                            Edit::Insert {
                                index,
                                layer: before,
                            },
                        ],
                    });
                }
            }
            Candidate::Replace(_) => {}
        }
    }
    None
}
