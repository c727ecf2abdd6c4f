//! Figures for slides and notes: the scene as the page draws it, as one
//! SVG document (white background, the page's colours, the numbers the
//! grids show as `<text>`, the planes' titles, and a caption with the call
//! as PyTorch or SciPy writes it).
//!
//! - [`lab`]: the padded input planes with the kernel window, the weight
//!   and the output with the cell being written;
//! - [`compare`]: the true convolution above the cross-correlation, the
//!   output cells that differ dashed;
//! - [`scatter`]: a transposed convolution's stamp, and the running output;
//! - [`matrix`]: one channel plane as a matrix times the flattened input;
//! - [`stack`]: every level of a layer stack;
//! - [`network`]: the network page's layer table.
//!
//! Large tensors are capped: at most [`MAX_PLANES`] planes per tensor,
//! numbers on planes up to [`grid::NUMBERS_MAX_SIDE`] cells a side, cells
//! up to [`grid::RECTS_MAX_CELLS`], a picture beyond; the caption says
//! what was left out. A refused scene's figure is the refusal in words.

mod base;
mod caption;
mod compare;
pub mod grid;
mod lab;
mod matrix;
mod network;
mod png;
mod scatter;
mod stack;
pub mod svg;

pub use crate::core::export::figure::base::{Figure, Hidden, Options, MAX_PLANES};
pub use crate::core::export::figure::compare::compare;
pub use crate::core::export::figure::lab::lab;
pub use crate::core::export::figure::matrix::matrix;
pub use crate::core::export::figure::network::{network, table};
pub use crate::core::export::figure::scatter::scatter;
pub use crate::core::export::figure::stack::stack;
