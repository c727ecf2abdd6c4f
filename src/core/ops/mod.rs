//! The operations built on one convolution, and whole networks of layers.

pub mod network;
pub mod stack;
pub mod transpose;
