//! Output-shape exercises: conv2d at every level, then SciPy's modes,
//! pools and transposed convolutions.

use crate::core::model::conv2d::Padding;
use crate::core::model::init::Rng;
use crate::core::model::scene::{Boundary, Mode, Op, Scene, ScipyConv, TransposeConv};
use crate::core::ops::network::layers::{AvgPool2d, Layer, MaxPool2d, Size2};
use crate::core::practice::gen::draw::{
    args, call, chance, int, ints2, ints4, kernel4, network_scene, pick, shape_of, size, source,
    torch, Draft,
};
use crate::core::practice::rules::words::tuple;
use crate::core::practice::task::Task;

pub fn shape(rng: &mut Rng, level: u8) -> Option<Draft> {
    let roll = rng.unit();
    match level {
        0 | 1 => conv(rng, level),
        2 if roll < 0.35 => scipy(rng, level),
        2 => conv(rng, level),
        _ if roll < 0.25 => pool(rng, level),
        _ if roll < 0.4 => transpose_shape(rng, level),
        _ if roll < 0.55 => scipy(rng, level),
        _ => conv(rng, level),
    }
}

const GIVE: &str = "Give N, C_out, H_out, W_out.";

fn conv(rng: &mut Rng, level: u8) -> Option<Draft> {
    let n = if level >= 4 { size(rng, 1, 2) } else { 1 };
    let groups = if level >= 4 && chance(rng, 0.3) { 2 } else { 1 };
    let c_in = if level == 0 { 1 } else { size(rng, 1, 3) } * groups;
    let c_out = if level == 0 { 1 } else { size(rng, 1, 4) } * groups;
    let h = size(
        rng,
        4 + usize::from(level > 0),
        [8, 10, 12, 12, 14][level as usize],
    );
    let w = if level >= 2 && chance(rng, 0.5) {
        size(rng, 4, 12)
    } else {
        h
    };
    let kh = size(
        rng,
        if level == 0 { 2 } else { 1 },
        if level == 0 { 3 } else { 4 },
    );
    let kw = if level >= 3 && chance(rng, 0.4) {
        size(rng, 1, 4)
    } else {
        kh
    };
    let s = match level {
        0 => 1,
        1 | 2 => int(rng, 1, 2),
        _ => int(rng, 1, 3),
    };
    let stride = if level >= 4 && chance(rng, 0.3) {
        [s, int(rng, 1, 3)]
    } else {
        [s, s]
    };
    let d = if level >= 2 && chance(rng, 0.4) {
        int(rng, 2, if level >= 3 { 3 } else { 2 })
    } else {
        1
    };
    let padding = match level {
        0 => Padding::zero(),
        1 => Padding::Explicit([int(rng, 0, 2); 2]),
        _ => match int(rng, 0, 5) {
            0 if stride == [1, 1] => Padding::SAME,
            1 => Padding::VALID,
            2 => Padding::Explicit([int(rng, 0, 2), int(rng, 0, 2)]),
            _ => Padding::Explicit([int(rng, 0, 2); 2]),
        },
    };
    let weight = kernel4(rng, [c_out, c_in / groups, kh, kw], -1, 2);
    let input = ints4(rng, [n, c_in, h, w], 0, 3);
    let scene = torch(input, args(weight, stride, padding, [d, d], groups as i64));
    Some(Draft {
        question: format!(
            "x has shape {}. What is the shape of {}(x)? {GIVE}",
            shape_of(op_input(&scene)?),
            call(&scene)
        ),
        scene,
        task: Task::ConvShape,
    })
}

fn op_input(scene: &Scene) -> Option<&ndarray::Array4<f64>> {
    match &scene.op {
        Op::Torch(t) => Some(&t.input),
        Op::Transpose(t) => Some(&t.input),
        _ => None,
    }
}

fn scipy(rng: &mut Rng, level: u8) -> Option<Draft> {
    let h = size(rng, 3, 8);
    let w = if chance(rng, 0.5) { size(rng, 3, 8) } else { h };
    let kh = size(rng, 2, 4);
    let kw = if level >= 3 && chance(rng, 0.5) {
        size(rng, 2, 4)
    } else {
        kh
    };
    let c = ScipyConv {
        in1: ints2(rng, [h, w], 0, 3),
        in2: ints2(rng, [kh, kw], -1, 2),
        mode: pick(rng, &Mode::ALL),
        boundary: Boundary::Fill,
        fillvalue: 0.0,
    };
    let op = if chance(rng, 0.5) {
        Op::Convolve(c)
    } else {
        Op::Correlate(c)
    };
    let scene = Scene::new(op);
    Some(Draft {
        question: format!(
            "in1 is {h} \u{d7} {w} and in2 is {kh} \u{d7} {kw}. What is the shape of {}? Give H_out, W_out.",
            call(&scene)
        ),
        scene,
        task: Task::ConvShape,
    })
}

fn pool(rng: &mut Rng, level: u8) -> Option<Draft> {
    let c = size(rng, 1, 3) as i64;
    let h = int(rng, 5, 12);
    let w = if chance(rng, 0.5) { int(rng, 5, 12) } else { h };
    let k = int(rng, 2, 3);
    let stride = chance(rng, 0.5).then(|| Size2::One(int(rng, 1, 3)));
    let d = if level >= 4 && chance(rng, 0.3) { 2 } else { 1 };
    // PyTorch allows padding up to half the (dilated) window.
    let p = int(rng, 0, (((k - 1) * d + 1) / 2).min(1));
    let ceil_mode = chance(rng, 0.4);
    let layer = if d > 1 || chance(rng, 0.6) {
        Layer::MaxPool2d(MaxPool2d {
            kernel_size: Size2::One(k),
            stride,
            padding: Size2::One(p),
            dilation: Size2::One(d),
            ceil_mode,
        })
    } else {
        Layer::AvgPool2d(AvgPool2d {
            kernel_size: Size2::One(k),
            stride,
            padding: Size2::One(p),
            ceil_mode,
            count_include_pad: true,
            divisor_override: None,
        })
    };
    let input = vec![1, c, h, w];
    Some(Draft {
        question: format!(
            "x has shape {}. What is the shape of {}(x)? Give N, C, H_out, W_out.",
            tuple(&input),
            source(&layer)
        ),
        scene: network_scene(std::slice::from_ref(&layer), &input, false),
        task: Task::PoolShape { layer, input },
    })
}

/// A transposed convolution, harder with the level.
pub fn transpose_scene(rng: &mut Rng, level: u8) -> Scene {
    let groups = if level >= 3 && chance(rng, 0.3) { 2 } else { 1 };
    let c_in = if level >= 3 { size(rng, 1, 2) } else { 1 } * groups;
    let c_out_g = if level >= 3 { size(rng, 1, 2) } else { 1 };
    let h = size(rng, 2, 4);
    let w = if level >= 4 && chance(rng, 0.5) {
        size(rng, 2, 4)
    } else {
        h
    };
    let kh = size(rng, 2, 3);
    let kw = if level >= 4 && chance(rng, 0.5) {
        size(rng, 1, 3)
    } else {
        kh
    };
    let s = if level == 0 { 1 } else { int(rng, 1, 3) };
    let stride = if level >= 4 && chance(rng, 0.3) {
        [s, int(rng, 1, 3)]
    } else {
        [s, s]
    };
    let p = if level == 0 { 0 } else { int(rng, 0, 1) };
    let d = if level >= 3 && chance(rng, 0.4) { 2 } else { 1 };
    let op = |rng: &mut Rng, s: i64| {
        if level >= 2 && s > 1 && chance(rng, 0.6) {
            int(rng, 1, s - 1)
        } else {
            0
        }
    };
    let output_padding = [op(rng, stride[0]), op(rng, stride[1])];
    Scene::new(Op::Transpose(TransposeConv {
        input: ints4(rng, [1, c_in, h, w], 0, 3),
        weight: kernel4(rng, [c_in, c_out_g, kh, kw], -1, 2),
        bias: None,
        stride,
        padding: [p, p],
        output_padding,
        dilation: [d, d],
        groups: groups as i64,
        output_size: None,
    }))
}

pub fn transpose_shape(rng: &mut Rng, level: u8) -> Option<Draft> {
    let scene = transpose_scene(rng, level);
    Some(Draft {
        question: format!(
            "x has shape {}. What is the shape of {}(x)? {GIVE}",
            shape_of(op_input(&scene)?),
            call(&scene)
        ),
        scene,
        task: Task::ConvShape,
    })
}

/// Which `output_padding` gives a wanted size: reachable at level 0, then
/// sometimes one too many (or too few) to reach.
pub fn output_padding(rng: &mut Rng, level: u8) -> Option<Draft> {
    let mut scene = transpose_scene(rng, level);
    let Op::Transpose(t) = &mut scene.op else {
        return None;
    };
    t.output_padding = [0, 0];
    if level <= 1 {
        let s = int(rng, 2, 3);
        t.stride = [s, s];
    }
    let stride = t.stride;
    let plan = crate::core::engine::plan::Plan::new(&scene).ok()?;
    let min = plan.out_hw.map(|v| v as i64);
    let extra = |rng: &mut Rng, s: i64| match level {
        0 => int(rng, 0, s - 1),
        1 => int(rng, 0, s),
        _ => int(rng, -1, s),
    };
    let eh = extra(rng, stride[0]);
    let ew = if level >= 2 || stride[0] != stride[1] {
        extra(rng, stride[1])
    } else {
        eh
    };
    let want = [min[0] + eh, min[1] + ew];
    if want.iter().any(|v| *v < 1) {
        return None;
    }
    Some(Draft {
        question: format!(
            "x has shape {}. Which output_padding (ph, pw) makes {}(x) {} \u{d7} {}? Type 'impossible' if none does.",
            shape_of(op_input(&scene)?),
            call(&scene),
            want[0],
            want[1]
        ),
        scene,
        task: Task::OutputPadding { want },
    })
}
