//! A model run on an input shape, as PyTorch would run it on
//! `zeros(input_shape)` in eval mode: every leaf is built first (a
//! constructor's refusal stops everything), then the leaves run in order
//! until one refuses the tensor that reached it.

use crate::core::ops::network::build::build_check;
use crate::core::ops::network::error::NetError;
use crate::core::ops::network::fix::fix_for;
use crate::core::ops::network::forward::{layer_shape, MAX_SIZE};
use crate::core::ops::network::layers::{ConvPadding, Layer, OutSize};
use crate::core::ops::network::model::{Leaf, Model};
use crate::core::ops::network::params::params;
use crate::core::ops::network::pool::{axis_out, Pool, PoolError};
use crate::core::ops::network::receptive::annotate;
use crate::core::ops::network::report::{axis_names, AxisFormula, Break, Report, Row, When};

/// Most axes an input may have.
pub const MAX_RANK: usize = 6;

/// An input shape as a person types it: `1, 3, 224, 224`, `[1, 3, 224,
/// 224]`, `(1, 3, 224, 224)` or `torch.Size([1, 3, 224, 224])`.
pub fn parse_shape(text: &str) -> Result<Vec<i64>, NetError> {
    let t = text.trim();
    let t = t
        .strip_prefix("torch.Size(")
        .and_then(|r| r.strip_suffix(')'))
        .unwrap_or(t);
    let t = t.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')' | ' '));
    let shape: Result<Vec<i64>, _> = t
        .split([',', 'x', '×'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::parse::<i64>)
        .collect();
    let shape = shape.map_err(|_| NetError::BadInput {
        detail: format!("'{text}' is not a shape; write it as 1, 3, 224, 224"),
    })?;
    check_input(&shape)?;
    Ok(shape)
}

fn check_input(shape: &[i64]) -> Result<(), NetError> {
    let bad = |detail: String| Err(NetError::BadInput { detail });
    if shape.is_empty() || shape.len() > MAX_RANK {
        return bad(format!(
            "an input has 1 to {MAX_RANK} axes, such as [N, C, H, W]"
        ));
    }
    if let Some(v) = shape.iter().find(|v| !(1..=MAX_SIZE).contains(*v)) {
        return bad(format!(
            "every axis of the input is 1 to {MAX_SIZE} long, not {v}"
        ));
    }
    Ok(())
}

/// The shapes `layers` give one after the other, if they all run.
fn run(leaves: &[Leaf<'_>], input: &[i64]) -> Option<Vec<i64>> {
    leaves
        .iter()
        .try_fold(input.to_vec(), |x, l| layer_shape(l.layer, &x).ok())
}

/// Runs `model` on an input of shape `input`. `Err` only for an input
/// shape ConvLab does not run; PyTorch's refusals are in the report.
pub fn infer(model: &Model, input: &[i64]) -> Result<Report, NetError> {
    check_input(input)?;
    let leaves = model.leaves();
    let mut report = Report {
        input: input.to_vec(),
        rows: Vec::new(),
        params: None,
        broken: None,
    };
    let broken = |leaf: &Leaf<'_>, when, error: NetError, x: Option<Vec<i64>>| Break {
        index: leaf.index,
        path: leaf.path.clone(),
        kind: leaf.layer.kind(),
        when,
        expects: expects(leaf.layer, &error),
        fix: fix_for(leaf.layer, leaf.index, x.as_deref(), &error),
        error,
        input: x,
    };
    // PyTorch builds every layer before anything runs.
    if let Some((k, error)) = leaves
        .iter()
        .enumerate()
        .find_map(|(k, l)| build_check(l.layer).err().map(|e| (k, e)))
    {
        let x = run(&leaves[..k], input);
        report.broken = Some(broken(&leaves[k], When::Build, error, x));
        return Ok(report);
    }
    report.params = Some(
        leaves
            .iter()
            .fold(0u128, |acc, l| acc.saturating_add(params(l.layer).count)),
    );
    let mut x = input.to_vec();
    for leaf in &leaves {
        match layer_shape(leaf.layer, &x) {
            Ok(y) => {
                report.rows.push(Row {
                    index: leaf.index,
                    path: leaf.path.clone(),
                    kind: leaf.layer.kind(),
                    layer: leaf.layer.clone(),
                    axes: axis_names(y.len()),
                    params: params(leaf.layer),
                    formulas: formulas(leaf.layer, &x, &y),
                    keeps_shape: leaf.layer.keeps_shape(),
                    input: x,
                    output: y.clone(),
                    receptive: None,
                    border: None,
                });
                x = y;
            }
            Err(e) => {
                report.broken = Some(broken(leaf, When::Forward, e, Some(x)));
                break;
            }
        }
    }
    annotate(&mut report);
    Ok(report)
}

/// What the layer needed where it broke, in a few words.
fn expects(layer: &Layer, error: &NetError) -> Option<String> {
    use crate::core::engine::error::ConvError as C;
    use crate::core::engine::transpose::error::TransposeError as T;
    Some(match error {
        NetError::Conv(C::ChannelMismatch { expected, .. }) => format!("{expected} input channels"),
        NetError::Conv(C::Transpose(T::ChannelMismatch { weight, .. })) => {
            format!("{} input channels", weight[0])
        }
        NetError::Conv(C::KernelTooLarge { kernel, .. }) => {
            format!("a padded input of at least {} x {}", kernel[0], kernel[1])
        }
        NetError::Conv(C::Transpose(T::OutputPaddingTooLarge {
            stride, dilation, ..
        })) => format!("output_padding below the stride {stride:?} or the dilation {dilation:?}"),
        NetError::Conv(C::InChannelsNotDivisible { .. } | C::OutChannelsNotDivisible { .. }) => {
            "in_channels and out_channels both multiples of groups".into()
        }
        NetError::Conv(C::SameWithStride { .. }) => "stride 1 with padding='same'".into(),
        NetError::MatMul { mat2, .. } => format!("an input whose last axis is {}", mat2[0]),
        NetError::BatchNormChannels { features, .. } => format!("{features} channels"),
        NetError::Pool(PoolError::OutputTooSmall { .. }) => {
            let w = Pool::of(layer)?.window()?;
            let need =
                [0, 1].map(|a| ((w.kernel[a] - 1) * w.dilation[a] + 1 - 2 * w.padding[a]).max(1));
            format!("a map of at least {} x {}", need[0], need[1])
        }
        NetError::Pool(PoolError::PadOverHalf {
            kernel, dilation, ..
        }) => {
            format!("padding at most {}", ((kernel - 1) * dilation + 1) / 2)
        }
        NetError::ConvRank { .. }
        | NetError::BatchNormRank { .. }
        | NetError::Pool(
            PoolError::MaxRank | PoolError::AvgRank { .. } | PoolError::AdaptiveRank { .. },
        ) => "an image-shaped tensor, [N, C, H, W]".into(),
        _ => return None,
    })
}

/// How each changed axis of `y` follows from `x` and the layer.
fn formulas(layer: &Layer, x: &[i64], y: &[i64]) -> Vec<AxisFormula> {
    let f = |axis: &str, text: String| AxisFormula {
        axis: axis.into(),
        text,
    };
    let r = x.len();
    let hw = |a: usize| if a == 0 { "H" } else { "W" };
    let mut out = Vec::new();
    match layer {
        Layer::Conv2d(c) => {
            out.push(f("C", format!("out_channels = {}", c.out_channels)));
            let (k, s, d) = (c.kernel_size.pair(), c.stride.pair(), c.dilation.pair());
            let pads = c.pads().unwrap_or([[0, 0]; 2]);
            let same = matches!(&c.padding, ConvPadding::Named(_));
            for a in 0..2 {
                let [lo, hi] = pads[a];
                let pad = if same || lo != hi {
                    format!("{lo} + {hi}")
                } else {
                    format!("2·{lo}")
                };
                out.push(f(
                    hw(a),
                    format!(
                        "floor(({} + {pad} − {}·({}−1) − 1)/{}) + 1 = {}",
                        x[r - 2 + a],
                        d[a],
                        k[a],
                        s[a],
                        y[r - 2 + a]
                    ),
                ));
            }
        }
        Layer::ConvTranspose2d(t) => {
            out.push(f("C", format!("out_channels = {}", t.out_channels)));
            let (k, s, d) = (t.kernel_size.pair(), t.stride.pair(), t.dilation.pair());
            let (p, op) = (t.padding.pair(), t.output_padding.pair());
            for a in 0..2 {
                out.push(f(
                    hw(a),
                    format!(
                        "({} − 1)·{} − 2·{} + {}·({}−1) + {} + 1 = {}",
                        x[r - 2 + a],
                        s[a],
                        p[a],
                        d[a],
                        k[a],
                        op[a],
                        y[r - 2 + a]
                    ),
                ));
            }
        }
        Layer::MaxPool2d(_) | Layer::AvgPool2d(_) => {
            let Some(w) = Pool::of(layer).and_then(|p| p.window()) else {
                return out;
            };
            for a in 0..2 {
                let (n, k, s, p, d) = (
                    x[r - 2 + a],
                    w.kernel[a],
                    w.stride[a],
                    w.padding[a],
                    w.dilation[a],
                );
                let round = if w.ceil_mode { "ceil" } else { "floor" };
                let mut text = format!("{round}(({n} + 2·{p} − {d}·({k}−1) − 1)/{s}) + 1");
                let plain = axis_out(n, k, p, s, d, false).unwrap_or(0);
                let span = n as i128 + 2 * p as i128 - d as i128 * (k as i128 - 1) - 1;
                let raw = plain + i64::from(w.ceil_mode && span % s as i128 != 0);
                if raw != y[r - 2 + a] {
                    text += " − 1 (the last window would start in the padding)";
                }
                out.push(f(hw(a), format!("{text} = {}", y[r - 2 + a])));
            }
        }
        Layer::AdaptiveAvgPool2d(o) | Layer::AdaptiveMaxPool2d(o) => {
            let sides = match o {
                OutSize::One(v) => [*v, *v],
                OutSize::Two(a, b) => [*a, *b],
            };
            for a in 0..2 {
                let v = y[y.len() - 2 + a];
                let text = match sides[a] {
                    Some(_) => format!("output_size = {v}"),
                    None => format!("None: kept = {v}"),
                };
                out.push(f(hw(a), text));
            }
        }
        Layer::Flatten { start_dim, .. } if x != y => {
            let s = if *start_dim < 0 {
                *start_dim + r as i64
            } else {
                *start_dim
            } as usize;
            let joined = x.len() - y.len() + 1;
            let parts: Vec<String> = x[s..s + joined].iter().map(i64::to_string).collect();
            out.push(f("features", format!("{} = {}", parts.join("·"), y[s])));
        }
        Layer::Linear(l) => out.push(f("features", format!("out_features = {}", l.out_features))),
        _ => {}
    }
    out
}
