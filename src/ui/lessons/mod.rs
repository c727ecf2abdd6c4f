//! The lesson path on screen.

pub(crate) mod bar;
