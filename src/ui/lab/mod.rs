//! The lab: the stage, its output, the player, the settings, the arithmetic.

pub(crate) mod arithmetic;
pub(crate) mod connections;
pub(crate) mod magnifier;
pub(crate) mod output_grid;
pub(crate) mod player;
pub(crate) mod settings;
pub(crate) mod squeeze_explorer;
pub(crate) mod stage;
pub(crate) mod sum_line;
