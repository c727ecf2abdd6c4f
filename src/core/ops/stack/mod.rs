//! Layer stacks: `nn.Sequential` of `nn.Conv2d`, no activation in between.
//!
//! A stack is a chain of 1 to [`MAX_LAYERS`] conv2d layers; layer `l`'s
//! input is layer `l - 1`'s output. Each layer is validated and laid out as
//! one ordinary [`Plan`], so every refusal is PyTorch's own and names the
//! 0-based layer that raised it. On top of the plans this module gives the
//! shapes of the chain, the invented-border maps ([`border`]), receptive
//! fields with their path counts ([`receptive`]), one timeline through every
//! layer's frames ([`timeline`]), the code export ([`codegen`]) and the
//! lesson scenes of "Deep stacks" ([`lessons`]).
//!
//! Grids along the chain are numbered by *level*: level 0 is the input,
//! level `l + 1` is the output of layer `l`.

pub mod border;
pub mod chain;
pub mod edit;
pub mod error;
pub mod receptive;
pub mod timeline;

// The stack's names in one place, for the UI and the tests; the modules
// here import from each other directly.
pub use crate::core::model::conv2d::StackLayer;
pub use crate::core::model::limits::MAX_LAYERS;
pub use crate::core::model::sequential::StackScene;
pub use crate::core::ops::stack::border::BorderMap;
pub use crate::core::ops::stack::chain::{Geometry, Stack};
pub use crate::core::ops::stack::edit::LayerFill;
pub use crate::core::ops::stack::error::{ordinal, StackError};
pub use crate::core::ops::stack::receptive::{ReceptiveField, ReceptiveSize};
pub use crate::core::ops::stack::timeline::{Overlay, StackFrame, Timeline};
