//! Pictures as the input.

pub mod decode;
pub mod options;
pub mod presets;
