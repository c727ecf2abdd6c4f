//! Pictures as the input.

pub mod decode;
pub mod presets;
