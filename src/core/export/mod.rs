//! Share links and the Python the app exports.

pub mod codegen;
pub mod embed;
pub mod figure;
pub mod share;
