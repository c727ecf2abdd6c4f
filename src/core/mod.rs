//! The conv engine: pure Rust, no web crates. It validates a scene as
//! PyTorch or SciPy would, computes its output, its shapes and padding, and
//! every frame of the animation. The UI only shows what this computes.

pub mod codegen;
pub mod compare;
pub mod display;
pub mod edit;
pub mod error;
pub mod frame;
pub mod image;
pub mod image_presets;
pub mod init;
pub mod lessons;
pub mod limits;
pub mod matrix;
pub mod padding;
pub mod picture;
pub mod plan;
pub mod presets;
pub mod scene;
pub mod shape_ops;
pub mod shapes;
pub mod share;
pub mod stack;
pub mod tensor;
pub mod timeline;
pub mod transpose;
pub mod workload;

mod blocked;
mod compute;
mod incremental;
pub mod lanes;
mod planes;

pub use error::{ConvError, Reference};
pub use frame::{Frame, SubStep, Tap};
pub use padding::{Fill, Pads, Source};
pub use plan::Plan;
pub use scene::{
    Boundary, Mode, Op, OpKind, Padding, PaddingMode, Scene, ScipyConv, TorchConv, TransposeConv,
};
pub use shapes::{AxisSize, Formula, Shapes, TensorShape};
pub use transpose::{Spread, TransposeError};
