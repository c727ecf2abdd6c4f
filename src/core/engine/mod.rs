//! One convolution: validation, output, frames, shapes, refusals.

pub(crate) mod blocked;
pub(crate) mod compute;
pub mod error;
pub mod frame;
pub(crate) mod incremental;
pub mod lanes;
pub mod padding;
pub mod plan;
pub(crate) mod planes;
pub mod shapes;
pub mod timeline;
pub mod transpose;
pub mod validate;
pub mod workload;
