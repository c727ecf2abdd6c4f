//! A layer's weight shape under `groups`, and which input channels feed an
//! output channel. The answers are the engine's (the plan's shapes and its
//! channel wiring); the mistakes are groups left out and the channel axes
//! in the other op's order.

use std::collections::BTreeSet;

use crate::core::engine::plan::Plan;
use crate::core::model::scene::Scene;
use crate::core::practice::mistake::Mistake;
use crate::core::practice::rules::words::{list, tuple};
use crate::core::practice::task::{Expected, Worked};

/// `(C_in, C_out, groups, kH, kW)` of a conv2d or transposed plan, in the
/// module's own terms (a transposed convolution's `C_in` is its input's).
fn sizes(plan: &Plan) -> [i64; 5] {
    let [kh, kw] = plan.kernel_hw().map(|v| v as i64);
    [
        plan.in_channels() as i64,
        plan.out_channels() as i64,
        plan.groups as i64,
        kh,
        kw,
    ]
}

pub fn expected_weight(scene: &Scene) -> Option<Expected> {
    let plan = Plan::new(scene).ok()?;
    let dims = plan.shapes().weight.dims();
    Some(Expected::Numbers(
        dims.into_iter().map(|v| v as i64).collect(),
    ))
}

pub fn worked_weight(scene: &Scene) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let answer = expected_weight(scene)?;
    let Expected::Numbers(shape) = &answer else {
        return None;
    };
    let [ci, co, g, kh, kw] = sizes(&plan);
    let words = if plan.spread.is_some() {
        format!(
            "ConvTranspose2d's weight is (C_in, C_out/groups, kH, kW) = ({ci}, {co}/{g}, {kh}, {kw}) = {}",
            tuple(shape)
        )
    } else {
        format!(
            "Conv2d's weight is (C_out, C_in/groups, kH, kW) = ({co}, {ci}/{g}, {kh}, {kw}) = {}",
            tuple(shape)
        )
    };
    Some(Worked { answer, words })
}

pub fn weight_mistakes() -> Vec<Mistake> {
    vec![Mistake::GroupsIgnored, Mistake::WeightAxesSwapped]
}

pub fn mistaken_weight(scene: &Scene, m: Mistake) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let [ci, co, g, kh, kw] = sizes(&plan);
    let transposed = plan.spread.is_some();
    let (shape, words) = match (m, transposed) {
        (Mistake::GroupsIgnored, false) => {
            (vec![co, ci, kh, kw], "(C_out, C_in, kH, kW)".to_string())
        }
        (Mistake::GroupsIgnored, true) => {
            (vec![ci, co, kh, kw], "(C_in, C_out, kH, kW)".to_string())
        }
        (Mistake::WeightAxesSwapped, false) => (
            vec![ci, co / g.max(1), kh, kw],
            "(C_in, C_out/groups, kH, kW), the transposed convolution's order".to_string(),
        ),
        (Mistake::WeightAxesSwapped, true) => (
            vec![co, ci / g.max(1), kh, kw],
            "(C_out, C_in/groups, kH, kW), conv2d's order".to_string(),
        ),
        _ => return None,
    };
    Some(Worked {
        words: format!("{words} = {}", tuple(&shape)),
        answer: Expected::Numbers(shape),
    })
}

pub fn expected_channels(scene: &Scene, o: usize) -> Option<Expected> {
    let plan = Plan::new(scene).ok()?;
    (o < plan.out_channels()).then(|| Expected::Channels(plan.channels_of(o).collect()))
}

pub fn worked_channels(scene: &Scene, o: usize) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let answer = expected_channels(scene, o)?;
    let Expected::Channels(read) = &answer else {
        return None;
    };
    let [ci, co, g, _, _] = sizes(&plan);
    let read: Vec<usize> = read.iter().copied().collect();
    let words = format!(
        "groups={g} splits the {ci} input channels into {g} groups of {} and the {co} output channels into {g} groups of {}; output channel {o} is in group {}, so it reads input {}",
        ci / g.max(1),
        co / g.max(1),
        plan.group_of(o),
        list("channel", "channels", &read)
    );
    Some(Worked { answer, words })
}

pub fn channels_mistakes() -> Vec<Mistake> {
    vec![Mistake::GroupsIgnored]
}

pub fn mistaken_channels(scene: &Scene, o: usize, m: Mistake) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    if m != Mistake::GroupsIgnored || plan.groups == 1 || o >= plan.out_channels() {
        return None;
    }
    let all: BTreeSet<usize> = (0..plan.in_channels()).collect();
    let v: Vec<usize> = all.iter().copied().collect();
    Some(Worked {
        words: format!("every input channel: {}", list("channel", "channels", &v)),
        answer: Expected::Channels(all),
    })
}
