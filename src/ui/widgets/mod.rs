//! Pieces every view uses.

pub(crate) mod canvas;
pub(crate) mod cell_grid;
pub(crate) mod code_panel;
pub(crate) mod conv2d_args;
pub(crate) mod format;
pub(crate) mod grid_editor;
pub(crate) mod number_field;
pub(crate) mod pane;
pub(crate) mod shape_chips;
pub(crate) mod tensor_panel;
pub(crate) mod why;
