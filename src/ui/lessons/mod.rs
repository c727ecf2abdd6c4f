//! The lesson path on screen.

pub(crate) mod bar;
pub(crate) mod parts;
