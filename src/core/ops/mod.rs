//! The operations built on one convolution.

pub mod stack;
pub mod transpose;
