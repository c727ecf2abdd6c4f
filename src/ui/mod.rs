//! Leptos components. They read what `crate::core` computed and send it the
//! user's edits; no arithmetic of the convolution happens here.

mod app;
mod arithmetic;
pub mod bench;
mod chunk;
mod clock;
mod code_panel;
mod compare;
mod connections;
mod error_box;
mod format;
mod grid_editor;
pub mod guard;
mod image_panel;
pub mod later;
mod lesson_bar;
mod magnifier;
mod number_field;
mod output_grid;
mod persist;
mod picture;
mod player;
mod settings;
mod shape_chips;
mod shortcuts;
mod squeeze_explorer;
mod stack;
mod stage;
mod state;
mod tensor_panel;
mod toolbar;
mod transpose;

pub use app::App;
