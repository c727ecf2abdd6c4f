//! The exercise generators, one per kind, each drawing a small scene from
//! the seeded [`Rng`] at a level of difficulty: level 0 small and plain,
//! then stride and padding, dilation and SciPy's modes, channels and
//! groups, pools, transposed convolutions and models. A draw the engine
//! refuses is drawn again by the caller.

pub mod draw;
pub mod field;
pub mod model;
pub mod shape;
pub mod value;
pub mod weight;

use crate::core::model::init::Rng;
use crate::core::practice::gen::draw::Draft;
use crate::core::practice::kind::Kind;

/// One draw of an exercise of `kind` at `level`, or `None` when this draw
/// is not one to ask.
pub fn draft(kind: Kind, level: u8, rng: &mut Rng) -> Option<Draft> {
    match kind {
        Kind::Shape => shape::shape(rng, level),
        Kind::Value => value::value(rng, level),
        Kind::Sources => value::sources(rng, level),
        Kind::WeightShape => weight::weight(rng, level),
        Kind::TransposeSize => shape::transpose_shape(rng, level),
        Kind::OutputPadding => shape::output_padding(rng, level),
        Kind::ReceptiveField => field::field(rng, level),
        Kind::ModelBreak => model::model_break(rng, level),
    }
}
