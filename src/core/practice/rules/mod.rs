//! The rules an exercise is checked by: for each [`Task`], the engine's
//! answer ([`expected`]), the same answer with the rule and its numbers in
//! words ([`worked`]), the mistakes worth checking ([`mistakes`]) and the
//! answer each of them gives, with its words ([`mistaken`]).
//!
//! Every right answer is asked of the engine (a plan's shapes, frames and
//! channel wiring, a stack's receptive field, a model's run). A mistake
//! is a changed rule: where the changed rule is a scene or a model the
//! engine can run (no padding, the kernel flipped the other way, pools
//! rounding the other way...), the engine runs it; where it is not (the
//! padding counted once, the stride applied to every cell, jumps not
//! multiplied...), it is a small function named after the mistake.

pub mod axis;
pub mod field;
pub mod model;
pub mod padding;
pub mod shape;
pub mod transpose;
pub mod value;
pub mod weight;
pub mod words;

use crate::core::model::scene::Scene;
use crate::core::practice::mistake::Mistake;
use crate::core::practice::task::{Expected, Task, Worked};

/// The engine's answer to `task` about `scene`; `None` when the scene is
/// not one the task can be asked about (the engine refuses it, or the
/// cell is not in the output).
pub fn expected(task: &Task, scene: &Scene) -> Option<Expected> {
    match task {
        Task::ConvShape => shape::expected_conv(scene),
        Task::PoolShape { layer, input } => shape::expected_pool(layer, input),
        Task::Value { cell } => value::expected_value(scene, *cell),
        Task::Sources { cell } => value::expected_sources(scene, *cell),
        Task::WeightShape => weight::expected_weight(scene),
        Task::Channels { out_channel } => weight::expected_channels(scene, *out_channel),
        Task::OutputPadding { want } => padding::expected_output_padding(scene, *want),
        Task::Field => field::expected_field(scene),
        Task::ModelBreak { layers, input, ask } => model::expected_break(layers, input, *ask),
    }
}

/// The engine's answer with the rule and its numbers in words.
pub fn worked(task: &Task, scene: &Scene) -> Option<Worked> {
    match task {
        Task::ConvShape => shape::worked_conv(scene),
        Task::PoolShape { layer, input } => shape::worked_pool(layer, input),
        Task::Value { cell } => value::worked_value(scene, *cell),
        Task::Sources { cell } => value::worked_sources(scene, *cell),
        Task::WeightShape => weight::worked_weight(scene),
        Task::Channels { out_channel } => weight::worked_channels(scene, *out_channel),
        Task::OutputPadding { want } => padding::worked_output_padding(scene, *want),
        Task::Field => field::worked_field(scene),
        Task::ModelBreak { layers, input, ask } => model::worked_break(layers, input, *ask),
    }
}

/// The mistakes a wrong answer to `task` is compared with, most telling
/// first.
pub fn mistakes(task: &Task, scene: &Scene) -> Vec<Mistake> {
    match task {
        Task::ConvShape => shape::conv_mistakes(scene),
        Task::PoolShape { layer, .. } => shape::pool_mistakes(layer),
        Task::Value { .. } => value::value_mistakes(),
        Task::Sources { .. } => value::sources_mistakes(),
        Task::WeightShape => weight::weight_mistakes(),
        Task::Channels { .. } => weight::channels_mistakes(),
        Task::OutputPadding { .. } => padding::output_padding_mistakes(),
        Task::Field => field::field_mistakes(),
        Task::ModelBreak { ask, .. } => model::break_mistakes(*ask),
    }
}

/// The answer mistake `m` gives, with its words; `None` where the mistake
/// does not apply (nothing it changes is in the scene, or the changed
/// rule has no answer).
pub fn mistaken(task: &Task, scene: &Scene, m: Mistake) -> Option<Worked> {
    match task {
        Task::ConvShape => shape::mistaken_conv(scene, m),
        Task::PoolShape { layer, input } => shape::mistaken_pool(layer, input, m),
        Task::Value { cell } => value::mistaken_value(scene, *cell, m),
        Task::Sources { cell } => value::mistaken_sources(scene, *cell, m),
        Task::WeightShape => weight::mistaken_weight(scene, m),
        Task::Channels { out_channel } => weight::mistaken_channels(scene, *out_channel, m),
        Task::OutputPadding { want } => padding::mistaken_output_padding(scene, *want, m),
        Task::Field => field::mistaken_field(scene, m),
        Task::ModelBreak { layers, input, ask } => model::mistaken_break(layers, input, *ask, m),
    }
}

/// The mistakes that give an answer other than the right one here, with
/// that answer: the ones a wrong answer can be told apart by.
pub fn telling(task: &Task, scene: &Scene) -> Vec<(Mistake, Worked)> {
    let Some(right) = expected(task, scene) else {
        return Vec::new();
    };
    mistakes(task, scene)
        .into_iter()
        .filter_map(|m| mistaken(task, scene, m).map(|w| (m, w)))
        .filter(|(_, w)| !w.answer.same(&right))
        .collect()
}
