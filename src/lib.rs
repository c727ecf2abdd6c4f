//! ConvLab: see what a 2-D convolution in deep learning does.
//!
//! `core` is the engine, pure Rust and tested natively; `ui` is the Leptos
//! app, compiled for the browser only.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
