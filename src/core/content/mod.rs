//! The lecture: its lesson steps and ready-made scenes.

pub mod lessons;
pub mod presets;
