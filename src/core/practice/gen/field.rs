//! Receptive fields of small stacks of `nn.Conv2d`.

use crate::core::model::conv2d::Padding;
use crate::core::model::init::Rng;
use crate::core::model::layer::StackLayer;
use crate::core::model::scene::{Op, Scene};
use crate::core::model::sequential::StackScene;
use crate::core::ops::stack::pool::module_repr;
use crate::core::practice::gen::draw::{args, chance, int, ints4, kernel4, size, Draft};
use crate::core::practice::task::Task;

pub fn field(rng: &mut Rng, level: u8) -> Option<Draft> {
    let count = match level {
        0 | 1 => 2,
        2 => size(rng, 2, 3),
        _ => size(rng, 3, 4),
    };
    let mut layers = Vec::with_capacity(count);
    for _ in 0..count {
        let k = int(rng, 2, if level == 0 { 3 } else { 5 });
        let s = if level >= 1 && chance(rng, 0.5) { 2 } else { 1 };
        let d = if level >= 2 && chance(rng, 0.35) {
            2
        } else {
            1
        };
        let p = if level >= 3 && chance(rng, 0.5) { 1 } else { 0 };
        let weight = kernel4(rng, [1, 1, k as usize, k as usize], -1, 1);
        layers.push(StackLayer::Conv(args(
            weight,
            [s, s],
            Padding::Explicit([p, p]),
            [d, d],
            1,
        )));
    }
    let side = size(rng, 12, 20);
    let stack = StackScene::new(ints4(rng, [1, 1, side, side], 0, 3), layers);
    let calls: Vec<String> = stack.layers.iter().map(module_repr).collect();
    Some(Draft {
        question: format!(
            "nn.Sequential({}): one cell of the last output sees how many input rows (the receptive field's size), and how many input rows apart are neighbouring output cells (its jump)? Give size, jump.",
            calls.join(", ")
        ),
        scene: Scene::new(Op::Sequential(stack)),
        task: Task::Field,
    })
}
