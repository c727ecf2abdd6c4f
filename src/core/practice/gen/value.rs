//! Exercises about one output cell: its value, and the input cells it
//! reads. Small whole numbers, so the sum can be done by hand.

use crate::core::engine::plan::Plan;
use crate::core::model::conv2d::{Padding, PaddingMode};
use crate::core::model::init::Rng;
use crate::core::model::scene::{Boundary, Mode, Op, Scene, ScipyConv};
use crate::core::practice::gen::draw::{
    args, call, chance, int, ints2, ints4, kernel4, pick, size, torch, Draft,
};
use crate::core::practice::gen::shape::transpose_scene;
use crate::core::practice::rules::value::cell_name;
use crate::core::practice::task::Task;

/// A conv2d scene for a value or sources exercise: `mode` picks the
/// padding mode (zeros for sources).
fn conv_scene(rng: &mut Rng, level: u8, modes: bool) -> Scene {
    let (groups, c_in, c_out) = match level {
        0..=2 => (1, 1, 1),
        3 if chance(rng, 0.5) => (1, 2, 1),
        _ => {
            let g = size(rng, 1, 2);
            (g, g * size(rng, 1, 2), g * size(rng, 1, 2))
        }
    };
    let h = size(rng, 3, if level == 0 { 5 } else { 6 });
    let w = if level >= 2 && chance(rng, 0.5) {
        size(rng, 3, 6)
    } else {
        h
    };
    let k = size(rng, 2, 3);
    let kw = if level >= 2 && chance(rng, 0.3) {
        size(rng, 1, 3)
    } else {
        k
    };
    let stride = if level >= 1 && chance(rng, 0.4) { 2 } else { 1 };
    let pad = if level >= 1 && chance(rng, 0.6) { 1 } else { 0 };
    let d = if level >= 3 && chance(rng, 0.4) { 2 } else { 1 };
    let weight = kernel4(rng, [c_out, c_in / groups, k, kw], -1, 2);
    let mut a = args(
        weight,
        [stride, stride],
        Padding::Explicit([pad, pad]),
        [d, d],
        groups as i64,
    );
    if modes && level >= 2 && pad > 0 {
        a.padding_mode = pick(rng, &PaddingMode::ALL);
    }
    if level >= 2 && chance(rng, 0.4) {
        a.bias = Some((0..c_out).map(|_| int(rng, -2, 2) as f64).collect());
    }
    torch(ints4(rng, [1, c_in, h, w], 0, 3), a)
}

/// A SciPy scene; `boundaries`: any boundary and fill value, else zeros.
fn scipy_scene(rng: &mut Rng, level: u8, boundaries: bool) -> Scene {
    let h = size(rng, 3, 6);
    let w = if chance(rng, 0.5) { size(rng, 3, 6) } else { h };
    let k = size(rng, 2, 3);
    let mode = if level <= 1 {
        Mode::Valid
    } else {
        pick(rng, &Mode::ALL)
    };
    let (boundary, fillvalue) = if boundaries && level >= 3 {
        let b = pick(rng, &Boundary::ALL);
        let f = if b == Boundary::Fill && chance(rng, 0.5) {
            int(rng, 1, 2) as f64
        } else {
            0.0
        };
        (b, f)
    } else {
        (Boundary::Fill, 0.0)
    };
    let c = ScipyConv {
        in1: ints2(rng, [h, w], 0, 3),
        in2: ints2(rng, [k, k], -1, 2),
        mode,
        boundary,
        fillvalue,
    };
    Scene::new(if chance(rng, 0.6) {
        Op::Convolve(c)
    } else {
        Op::Correlate(c)
    })
}

/// A random cell of the scene's output.
fn cell(rng: &mut Rng, scene: &Scene) -> Option<[usize; 4]> {
    let plan = Plan::new(scene).ok()?;
    let [n, o, h, w] = plan.output_dim();
    Some([n, o, h, w].map(|d| size(rng, 0, d.saturating_sub(1))))
}

pub fn value(rng: &mut Rng, level: u8) -> Option<Draft> {
    let roll = rng.unit();
    let scene = match level {
        0 => conv_scene(rng, 0, true),
        4 if roll < 0.3 => {
            let mut s = transpose_scene(rng, 3);
            if let Op::Transpose(t) = &mut s.op {
                if chance(rng, 0.4) {
                    let c = t.weight.dim().1 * t.groups as usize;
                    t.bias = Some((0..c).map(|_| int(rng, -2, 2) as f64).collect());
                }
            }
            s
        }
        _ if roll < 0.6 => conv_scene(rng, level, true),
        _ => scipy_scene(rng, level, true),
    };
    let cell = cell(rng, &scene)?;
    let plan = Plan::new(&scene).ok()?;
    Some(Draft {
        question: format!(
            "For the input and kernel shown, what value does {} write at {}?",
            call(&scene),
            cell_name(&plan, cell)
        ),
        scene,
        task: Task::Value { cell },
    })
}

pub fn sources(rng: &mut Rng, level: u8) -> Option<Draft> {
    let scene = if level >= 4 && chance(rng, 0.3) {
        scipy_scene(rng, 2, false)
    } else {
        conv_scene(rng, level, false)
    };
    // SciPy's `valid` mode swaps its inputs when the kernel is larger: the
    // cells would be the kernel's. Such scenes are not asked about.
    let plan = Plan::new(&scene).ok()?;
    if plan.swapped {
        return None;
    }
    let cell = cell(rng, &scene)?;
    // A cell that reads only padding cannot be answered by clicking.
    let f = plan.frame_at(plan.step_of(cell)?)?;
    if f.substeps
        .iter()
        .flat_map(|s| &s.taps)
        .all(|t| t.source.is_invented())
    {
        return None;
    }
    Some(Draft {
        question: format!(
            "Which input cells does {} read for {}? Click them on the input.",
            call(&scene),
            cell_name(&plan, cell)
        ),
        scene,
        task: Task::Sources { cell },
    })
}
