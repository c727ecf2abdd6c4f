//! The conv engine and the app's rules: pure Rust, no web crates. It
//! validates a scene as PyTorch or SciPy would, computes its output, its
//! shapes and padding, and every frame of the animation. The UI only shows
//! what this computes.
//!
//! The folders, from the bottom up (a module only imports from its own
//! layer or the ones before it; `tests/architecture.rs` checks that no
//! module reaches itself through its imports):
//!
//! - [`model`]: what a user can set: the scene in the oracle's case format,
//!   `nn.Conv2d`'s arguments, tensors, the user's edits, the size caps;
//! - [`engine`]: one convolution (conv2d, `convolve2d`, `correlate2d`):
//!   validation in the reference's order, the output, the animation's
//!   frames, shapes and formulas, refusals as values;
//! - [`ops`]: what is built on it: the transposed convolution and layer
//!   stacks;
//! - [`image`]: pictures as input, exactly as `ToTensor` makes them;
//! - [`present`]: how numbers and planes are drawn: cell text, colours,
//!   the compare and matrix views' arithmetic;
//! - [`export`]: share links and the Python code the app exports;
//! - [`content`]: the lecture: lesson steps and ready-made scenes;
//! - [`app`]: the app's rules on top of all of it: navigation (screen,
//!   framing, timeline, pick) as a state machine driven by events, and
//!   what an edit or an opened scene does to the rest;
//! - [`practice`]: exercises generated from a seed, answers checked by
//!   the engine with the mistake a wrong one comes from named, mastery
//!   and teachers' links.

pub mod app;
pub mod content;
pub mod engine;
pub mod export;
pub mod image;
pub mod model;
pub mod ops;
pub mod practice;
pub mod present;

// The names the UI, the tests and the benchmarks use most. Code inside
// `core` imports from the defining module instead, so these re-exports
// close no cycle.
pub use crate::core::engine::error::{ConvError, Reference};
pub use crate::core::engine::frame::{ChannelState, Frame, SubStep, Tap};
pub use crate::core::engine::padding::{Fill, Pads, Source};
pub use crate::core::engine::plan::Plan;
pub use crate::core::engine::shapes::{AxisSize, Formula, Shapes, TensorShape};
pub use crate::core::engine::transpose::error::TransposeError;
pub use crate::core::engine::transpose::Spread;
pub use crate::core::model::conv2d::Conv2dArgs;
pub use crate::core::model::scene::{
    Boundary, Mode, Op, OpKind, Padding, PaddingMode, Scene, ScipyConv, TorchConv, TransposeConv,
};
