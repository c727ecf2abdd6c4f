//! Leptos components. They read what `crate::core` computed and send it the
//! user's edits; no arithmetic of the convolution happens here.

mod app;
mod arithmetic;
mod clock;
mod compare;
mod connections;
mod error_box;
mod format;
mod grid_editor;
mod number_field;
mod output_grid;
mod player;
mod settings;
mod shape_chips;
mod stage;
mod state;
mod tensor_panel;

pub use app::App;
