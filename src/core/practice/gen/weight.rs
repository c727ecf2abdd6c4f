//! Weight shapes under `groups`, and the channel wiring: which input
//! channels feed an output channel.

use crate::core::model::conv2d::Padding;
use crate::core::model::init::Rng;
use crate::core::model::scene::{Op, Scene, TransposeConv};
use crate::core::practice::gen::draw::{
    args, call, chance, ints4, kernel4, pick, size, torch, Draft,
};
use crate::core::practice::task::Task;

/// `groups` and the channel counts, harder with the level.
fn channels(rng: &mut Rng, level: u8) -> (usize, usize, usize) {
    let g = match level {
        0 => 1,
        1 => 2,
        _ => pick(rng, &[2, 3, 4]),
    };
    let c_in = g * size(rng, 1, if level == 0 { 4 } else { 3 });
    let c_out = g * size(rng, 1, if level == 0 { 8 } else { 3 });
    if level >= 4 && chance(rng, 0.3) {
        // Depthwise: one group per input channel.
        return (c_in, c_in, c_in * size(rng, 1, 2));
    }
    (g, c_in, c_out)
}

fn kernel(rng: &mut Rng, level: u8) -> [usize; 2] {
    let k = size(rng, 1, 5);
    if level >= 2 && chance(rng, 0.4) {
        [k, size(rng, 1, 5)]
    } else {
        [k, k]
    }
}

fn conv_scene(rng: &mut Rng, level: u8) -> Scene {
    let (g, c_in, c_out) = channels(rng, level);
    let [kh, kw] = kernel(rng, level);
    let weight = kernel4(rng, [c_out, c_in / g, kh, kw], -1, 1);
    torch(
        ints4(rng, [1, c_in, 6, 6], 0, 3),
        args(weight, [1, 1], Padding::zero(), [1, 1], g as i64),
    )
}

fn transpose_scene(rng: &mut Rng, level: u8) -> Scene {
    let (g, c_in, c_out) = channels(rng, level);
    let [kh, kw] = kernel(rng, level);
    Scene::new(Op::Transpose(TransposeConv {
        input: ints4(rng, [1, c_in, 3, 3], 0, 3),
        weight: kernel4(rng, [c_in, c_out / g, kh, kw], -1, 1),
        bias: None,
        stride: [2, 2],
        padding: [0, 0],
        output_padding: [0, 0],
        dilation: [1, 1],
        groups: g as i64,
        output_size: None,
    }))
}

pub fn weight(rng: &mut Rng, level: u8) -> Option<Draft> {
    let transposed = level >= 3 && chance(rng, 0.5);
    let scene = if transposed {
        transpose_scene(rng, level)
    } else {
        conv_scene(rng, level)
    };
    if level >= 2 && !transposed && chance(rng, 0.4) {
        let Op::Torch(t) = &scene.op else {
            return None;
        };
        let o = size(rng, 0, t.weight.dim().0.saturating_sub(1));
        return Some(Draft {
            question: format!(
                "Which input channels feed output channel {o} of {}? Click them, or type their numbers.",
                call(&scene)
            ),
            scene,
            task: Task::Channels { out_channel: o },
        });
    }
    Some(Draft {
        question: format!(
            "What is the shape of the weight of {}? Give its four sizes in order.",
            call(&scene)
        ),
        scene,
        task: Task::WeightShape,
    })
}
