//! The lecture: its lesson steps, ready-made scenes and ready-made models.

pub mod lessons;
pub mod networks;
pub mod presets;
