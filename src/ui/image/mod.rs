//! Pictures as input, and planes drawn as pictures.

pub(crate) mod files;
pub(crate) mod legend;
pub(crate) mod panel;
pub(crate) mod parts;
pub(crate) mod picture;
