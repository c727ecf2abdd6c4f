//! Leptos components. They read what `crate::core` computed and send it the
//! user's edits; no arithmetic of the convolution happens here.
//!
//! - [`shell`]: the page around the views: the app root and its state, the
//!   header and toolbar, shortcuts, saving, the crash guard, the chunks
//!   fetched later, the bench page;
//! - [`widgets`]: pieces every view uses: number fields, grid editors,
//!   tensor panels, shape chips, the code panel;
//! - [`lab`]: the lab's stage, output grids, player, settings and
//!   arithmetic;
//! - [`compare`], [`transpose`], [`stack`]: the other views;
//! - [`network`]: "your network", a pasted model's layer table;
//! - [`image`]: pictures as input and planes drawn as pictures;
//! - [`lessons`]: the lesson bar.

pub(crate) mod compare;
pub(crate) mod image;
pub(crate) mod lab;
pub(crate) mod lessons;
pub(crate) mod network;
pub(crate) mod practice;
pub mod shell;
pub(crate) mod stack;
pub(crate) mod transpose;
pub(crate) mod widgets;

pub use crate::ui::shell::app::App;
