//! A run of a model's layers opened in the stack view: its `Conv2d`s as
//! `nn.Conv2d` layers with weights drawn as PyTorch draws them, and its
//! `MaxPool2d`s and `AvgPool2d`s as they are, on an input of the shape the
//! run gets. Layers that keep the shape (activations, batch norm, dropout)
//! are left out and named: the stack shows the convolutions' and pools'
//! geometry, which they do not change.

use ndarray::Array4;

use crate::core::model::conv2d::{Conv2dArgs, NamedPadding, Padding};
use crate::core::model::init::conv_init;
use crate::core::model::layer::StackLayer;
use crate::core::model::limits::{EDIT_MAX_CHANNELS, MAX_LAYERS};
use crate::core::model::pool::{PoolArgs, PoolKind};
use crate::core::model::scene::{Op, Scene};
use crate::core::model::sequential::StackScene;
use crate::core::ops::network::layers::{ConvPadding, Layer};
use crate::core::ops::network::report::Report;
use crate::core::ops::stack::chain::Stack;

/// Largest side of the input a run is opened on (the stack view animates
/// every frame of every layer).
pub const MAX_RUN_SIDE: i64 = 64;

/// A run of the report's rows `first..=last` as a stack scene, with the
/// words saying what was left out; or why it cannot be opened.
pub fn run_as_stack(
    report: &Report,
    first: usize,
    last: usize,
    seed: u64,
) -> Result<(Scene, String), String> {
    let rows = report
        .rows
        .get(first..=last)
        .ok_or("those layers did not run")?;
    let input = &rows[0].input;
    let &[n, c, h, w] = input.as_slice() else {
        return Err("the run does not start on a 4-D (N, C, H, W) tensor".into());
    };
    if h.max(w) > MAX_RUN_SIDE || c > EDIT_MAX_CHANNELS as i64 || n > 4 {
        return Err(format!(
            "its input ({n}, {c}, {h}, {w}) is too large to animate here (at most {MAX_RUN_SIDE} a side, {EDIT_MAX_CHANNELS} channels)"
        ));
    }
    let mut layers = Vec::new();
    let mut left_out = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        match &row.layer {
            Layer::Conv2d(conv) => {
                let [kh, kw] = conv.kernel_size.pair();
                let g = conv.groups.max(1);
                let (o, cg) = (conv.out_channels, conv.in_channels / g);
                let dims = [o, cg, kh, kw].map(|x| x.max(1) as usize);
                let (weight, bias) = conv_init(dims, seed.wrapping_add(k as u64));
                let round = |v: f64| (v * 1e4).round() / 1e4;
                layers.push(StackLayer::Conv(Conv2dArgs {
                    weight: weight.mapv(round),
                    bias: conv.bias.then(|| bias.into_iter().map(round).collect()),
                    stride: conv.stride.pair(),
                    padding: match &conv.padding {
                        ConvPadding::Size(s) => Padding::Explicit(s.pair()),
                        ConvPadding::Named(x) if x == "same" => Padding::Named(NamedPadding::Same),
                        ConvPadding::Named(_) => Padding::Named(NamedPadding::Valid),
                    },
                    dilation: conv.dilation.pair(),
                    groups: conv.groups,
                    padding_mode: conv.mode().unwrap_or_default(),
                }));
            }
            Layer::MaxPool2d(m) => layers.push(StackLayer::Pool(PoolArgs {
                stride: m.stride.map(|s| s.pair()),
                padding: m.padding.pair(),
                dilation: m.dilation.pair(),
                ceil_mode: m.ceil_mode,
                ..PoolArgs::new(PoolKind::Max, m.kernel_size.pair())
            })),
            Layer::AvgPool2d(a) => layers.push(StackLayer::Pool(PoolArgs {
                stride: a.stride.map(|s| s.pair()),
                padding: a.padding.pair(),
                ceil_mode: a.ceil_mode,
                count_include_pad: a.count_include_pad,
                divisor_override: a.divisor_override,
                ..PoolArgs::new(PoolKind::Avg, a.kernel_size.pair())
            })),
            other if other.keeps_shape() => left_out.push(format!("{} {}", row.path, other.kind())),
            other => {
                return Err(format!(
                    "layer {} is a {}: the stack view shows Conv2d, MaxPool2d and AvgPool2d layers (and leaves out the ones that keep the shape)",
                    row.path,
                    other.kind()
                ))
            }
        }
    }
    if layers.is_empty() {
        return Err("there is no Conv2d or pool in those layers".into());
    }
    if layers.len() > MAX_LAYERS {
        return Err(format!(
            "that is {} Conv2d and pool layers; the stack view shows at most {MAX_LAYERS}",
            layers.len()
        ));
    }
    let size = [n, c, h, w].map(|x| x as usize);
    // Whole numbers from -4 to 4 on a checkerboard-like ramp: easy to read.
    let input = Array4::from_shape_fn((size[0], size[1], size[2], size[3]), |(a, b, i, j)| {
        (((a + 2 * b + 3 * i + 5 * j) % 9) as f64) - 4.0
    });
    let stack = StackScene { input, layers };
    Stack::new(&stack).map_err(|e| e.explanation())?;
    let words = if left_out.is_empty() {
        format!(
            "Layers {} to {} of your network, with weights drawn as nn.Conv2d draws them.",
            rows[0].path,
            rows[rows.len() - 1].path
        )
    } else {
        format!(
            "Layers {} to {} of your network, with weights drawn as nn.Conv2d draws them; left out, as they keep the shape: {}.",
            rows[0].path,
            rows[rows.len() - 1].path,
            left_out.join(", ")
        )
    };
    Ok((
        Scene::new(Op::Sequential(stack)).with_title("Your network, as a stack"),
        words,
    ))
}

/// The longest run from row `first` that opens in the stack view (at most
/// [`MAX_LAYERS`] Conv2d, MaxPool2d and AvgPool2d layers), or why none does.
pub fn longest_run(report: &Report, first: usize, seed: u64) -> Result<(Scene, String), String> {
    let mut best = Err("nothing to open".to_string());
    for last in first..report.rows.len() {
        match run_as_stack(report, first, last, seed) {
            Ok(found) => best = Ok(found),
            Err(e) if best.is_err() => best = Err(e),
            Err(_) => break,
        }
    }
    best
}
