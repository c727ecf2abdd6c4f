//! The transposed convolution's other framings, built on its plan
//! ([`crate::core::engine::transpose`]): where stamps overlap, the scatter
//! view's stamps, its shapes and formula, and "undo this shape".

pub mod overlap;
pub mod scatter;
pub mod shapes;
pub mod undo;
