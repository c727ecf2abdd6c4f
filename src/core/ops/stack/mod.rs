//! Layer stacks: `nn.Sequential` of `nn.Conv2d`, `nn.MaxPool2d` and
//! `nn.AvgPool2d` layers, no activation in between.
//!
//! A stack is a chain of 1 to [`MAX_LAYERS`] layers; layer `l`'s input is
//! layer `l - 1`'s output. Each conv layer is validated and laid out as one
//! ordinary [`Plan`], each pool layer as a [`PoolPlan`] on the network
//! module's pooling ([`pool`], [`pool_frame`]), so every refusal is
//! PyTorch's own and names the 0-based layer that raised it. On top of the plans this module gives the
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
pub mod frames;
pub mod layer;
pub mod pool;
pub mod pool_edit;
pub mod pool_frame;
pub mod receptive;
pub mod timeline;

// The stack's names in one place, for the UI and the tests; the modules
// here import from each other directly.
pub use crate::core::model::layer::StackLayer;
pub use crate::core::model::limits::MAX_LAYERS;
pub use crate::core::model::pool::{PoolArgs, PoolKind};
pub use crate::core::model::sequential::StackScene;
pub use crate::core::ops::stack::border::BorderMap;
pub use crate::core::ops::stack::chain::{Geometry, Stack};
pub use crate::core::ops::stack::edit::LayerFill;
pub use crate::core::ops::stack::error::{ordinal, StackError};
pub use crate::core::ops::stack::layer::{Footprint, LayerPlan};
pub use crate::core::ops::stack::pool::PoolPlan;
pub use crate::core::ops::stack::pool_frame::{Divisor, Place, PoolStep, PoolTap};
pub use crate::core::ops::stack::receptive::{ReceptiveField, ReceptiveSize};
pub use crate::core::ops::stack::timeline::{Overlay, StackFrame, Timeline};
