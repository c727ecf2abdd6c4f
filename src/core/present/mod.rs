//! How numbers and planes are drawn, and the views' arithmetic.

pub mod arithmetic;
pub mod cells;
pub mod colour;
pub mod compare;
pub mod connections;
pub mod display;
pub mod layout;
pub mod magnifier;
pub mod matrix;
pub mod picture;
pub mod pool;
pub mod practice;
pub mod shape_ops;
pub mod why;
