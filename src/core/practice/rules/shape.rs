//! Output shapes: a conv2d's, SciPy's, a transposed convolution's and a
//! pool's. The answer is the engine's (the plan's shapes, or the network
//! code's pool rule); the words and the mistakes go axis by axis.

use crate::core::engine::plan::Plan;
use crate::core::model::scene::{Mode, Op, OpKind, Scene};
use crate::core::ops::network::infer::infer;
use crate::core::ops::network::layers::Layer;
use crate::core::ops::network::model::Model;
use crate::core::ops::network::pool::Pool;
use crate::core::practice::mistake::Mistake;
use crate::core::practice::rules::axis::{self, Axis};
use crate::core::practice::rules::transpose::{self as t, TAxis};
use crate::core::practice::rules::words::{num, tuple, two_axes};
use crate::core::practice::task::{Expected, Worked};

const HW: [&str; 2] = ["H_out", "W_out"];

/// The output's shape as the engine gives it: `(N, C_out, H_out, W_out)`,
/// or SciPy's `(H_out, W_out)`.
fn dims(plan: &Plan) -> Vec<i64> {
    plan.shapes()
        .output
        .dims()
        .into_iter()
        .map(|v| v as i64)
        .collect()
}

/// The engine's answer.
pub fn expected_conv(scene: &Scene) -> Option<Expected> {
    Plan::new(scene).ok().map(|p| Expected::Numbers(dims(&p)))
}

/// `C_out` in words, for conv2d and the transposed convolution.
fn channels_words(plan: &Plan) -> String {
    match &plan.spread {
        Some(s) => format!(
            "C_out = weight.shape[1]\u{b7}groups = {}\u{b7}{} = {}",
            s.weight.dim().1,
            plan.groups,
            plan.out_channels()
        ),
        None => format!("C_out = weight.shape[0] = {}", plan.out_channels()),
    }
}

/// The rule with the scene's numbers, and the engine's answer.
pub fn worked_conv(scene: &Scene) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let shape = dims(&plan);
    let words = match plan.kind {
        OpKind::Torch => {
            let w = [0, 1].map(|a| Axis::of_plan(&plan, a).words());
            format!(
                "{}; {}: the output is {}",
                two_axes(HW, w),
                channels_words(&plan),
                tuple(&shape)
            )
        }
        OpKind::Transpose => {
            let w = [0, 1].map(|a| {
                TAxis::of_plan(&plan, a)
                    .map(TAxis::words)
                    .unwrap_or_default()
            });
            format!(
                "{}; {}: the output is {}",
                two_axes(HW, w),
                channels_words(&plan),
                tuple(&shape)
            )
        }
        _ => scipy_words(&plan),
    };
    Some(Worked {
        answer: Expected::Numbers(shape),
        words,
    })
}

fn scipy_words(plan: &Plan) -> String {
    let f = plan.shapes().formulas;
    let mode = plan.mode.unwrap_or(Mode::Full).as_str();
    let w = [0, 1].map(|a| f[a].substituted.replace(" - ", " \u{2212} "));
    format!(
        "mode='{mode}': {}; the output is {}",
        two_axes(HW, w),
        tuple(&dims(plan))
    )
}

/// The mistakes a conv shape is checked against.
pub fn conv_mistakes(scene: &Scene) -> Vec<Mistake> {
    use Mistake::*;
    match &scene.op {
        Op::Torch(_) => vec![
            PaddingForgotten,
            PaddingOnce,
            DilationIgnored,
            FloorCeilSwapped,
            StrideOnInput,
            ChannelsFromInput,
        ],
        Op::Transpose(_) => vec![
            PaddingForgotten,
            PaddingOnce,
            DilationIgnored,
            StrideOnInput,
            OutputPaddingTwice,
            OutputPaddingOnInput,
            ForwardRule,
            ChannelsFromInput,
        ],
        Op::Convolve(_) | Op::Correlate(_) => Mode::ALL.into_iter().map(OtherMode).collect(),
        Op::Sequential(_) => Vec::new(),
    }
}

/// The shape under mistake `m`, and its words.
pub fn mistaken_conv(scene: &Scene, m: Mistake) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let shape = dims(&plan);
    if let Mistake::OtherMode(mode) = m {
        return other_mode(scene, mode);
    }
    if m == Mistake::ChannelsFromInput {
        if !plan.kind.is_torch() {
            return None;
        }
        let mut wrong = shape;
        wrong[1] = plan.in_channels() as i64;
        let words = format!(
            "the input's C_in = {}: {}",
            plan.in_channels(),
            tuple(&wrong)
        );
        return Some(Worked {
            answer: Expected::Numbers(wrong),
            words,
        });
    }
    let axes: [(i64, String); 2] = match plan.kind {
        OpKind::Torch => {
            let f: fn(Axis) -> (i64, String) = match m {
                Mistake::PaddingForgotten => |a| done(axis::padding_forgotten(a)),
                Mistake::PaddingOnce => |a| done(axis::padding_once(a)),
                Mistake::DilationIgnored => |a| done(axis::dilation_ignored(a)),
                Mistake::FloorCeilSwapped => |a| done(axis::floor_ceil_swapped(a)),
                Mistake::StrideOnInput => axis::stride_on_input,
                _ => return None,
            };
            [0, 1].map(|a| f(Axis::of_plan(&plan, a)))
        }
        OpKind::Transpose => {
            let f: fn(TAxis) -> (i64, String) = match m {
                Mistake::PaddingForgotten => |a| tdone(t::padding_forgotten(a)),
                Mistake::PaddingOnce => |a| tdone(t::padding_once(a)),
                Mistake::DilationIgnored => |a| tdone(t::dilation_ignored(a)),
                Mistake::StrideOnInput => |a| tdone(t::stride_on_input(a)),
                Mistake::OutputPaddingTwice => |a| tdone(t::output_padding_twice(a)),
                Mistake::OutputPaddingOnInput => |a| tdone(t::output_padding_on_input(a)),
                Mistake::ForwardRule => t::forward_rule,
                _ => return None,
            };
            let [h, w] = [TAxis::of_plan(&plan, 0)?, TAxis::of_plan(&plan, 1)?];
            [f(h), f(w)]
        }
        _ => return None,
    };
    let mut wrong = shape;
    let n = wrong.len();
    wrong[n - 2] = axes[0].0;
    wrong[n - 1] = axes[1].0;
    let [(_, h), (_, w)] = axes;
    Some(Worked {
        words: format!("{}: {}", two_axes(HW, [h, w]), tuple(&wrong)),
        answer: Expected::Numbers(wrong),
    })
}

fn done(a: Axis) -> (i64, String) {
    (a.out(), a.words())
}

fn tdone(a: TAxis) -> (i64, String) {
    (a.out(), a.words())
}

/// SciPy's result in `mode`, from the engine.
fn other_mode(scene: &Scene, mode: Mode) -> Option<Worked> {
    let mut s = scene.clone();
    match &mut s.op {
        Op::Convolve(c) | Op::Correlate(c) if c.mode != mode => c.mode = mode,
        _ => return None,
    }
    let plan = Plan::new(&s).ok()?;
    Some(Worked {
        answer: Expected::Numbers(dims(&plan)),
        words: scipy_words(&plan),
    })
}

/// The pool's windows along both axes.
fn pool_axes(layer: &Layer, input: &[i64]) -> Option<[Axis; 2]> {
    let w = Pool::of(layer)?.window()?;
    let r = input.len();
    if r < 2 {
        return None;
    }
    Some([0, 1].map(|a| Axis::of_window(&w, input[r - 2 + a], a)))
}

/// The output shape of a windowed pool (max or average), as the network
/// code computes it.
pub fn expected_pool(layer: &Layer, input: &[i64]) -> Option<Expected> {
    // Only a pool with a window has the rule the words give.
    pool_axes(layer, input)?;
    let report = infer(&Model::of_layers(vec![layer.clone()]), input).ok()?;
    let row = report.rows.first()?;
    Some(Expected::Numbers(row.output.clone()))
}

pub fn worked_pool(layer: &Layer, input: &[i64]) -> Option<Worked> {
    let answer = expected_pool(layer, input)?;
    let Expected::Numbers(shape) = &answer else {
        return None;
    };
    let axes = pool_axes(layer, input)?;
    let words = format!(
        "{}; a pool keeps the {} channels: the output is {}",
        two_axes(HW, axes.map(Axis::words)),
        num(input.get(input.len().wrapping_sub(3)).copied().unwrap_or(1)),
        tuple(shape)
    );
    Some(Worked { answer, words })
}

pub fn pool_mistakes(layer: &Layer) -> Vec<Mistake> {
    use Mistake::*;
    let mut v = vec![
        PaddingForgotten,
        PaddingOnce,
        DilationIgnored,
        FloorCeilSwapped,
        StrideOnInput,
    ];
    let defaulted = match layer {
        Layer::MaxPool2d(m) => m.stride.is_none(),
        Layer::AvgPool2d(a) => a.stride.is_none(),
        _ => false,
    };
    if defaulted {
        v.push(PoolStrideOne);
    }
    v
}

pub fn mistaken_pool(layer: &Layer, input: &[i64], m: Mistake) -> Option<Worked> {
    let f: fn(Axis) -> (i64, String) = match m {
        Mistake::PaddingForgotten => |a| done(axis::padding_forgotten(a)),
        Mistake::PaddingOnce => |a| done(axis::padding_once(a)),
        Mistake::DilationIgnored => |a| done(axis::dilation_ignored(a)),
        Mistake::FloorCeilSwapped => |a| done(axis::floor_ceil_swapped(a)),
        Mistake::PoolStrideOne => |a| done(axis::pool_stride_one(a)),
        Mistake::StrideOnInput => axis::stride_on_input,
        _ => return None,
    };
    let [h, w] = pool_axes(layer, input)?.map(f);
    let mut wrong = input.to_vec();
    let r = wrong.len();
    wrong[r - 2] = h.0;
    wrong[r - 1] = w.0;
    Some(Worked {
        words: format!("{}: {}", two_axes(HW, [h.1, w.1]), tuple(&wrong)),
        answer: Expected::Numbers(wrong),
    })
}
