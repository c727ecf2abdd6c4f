//! The page around the views.

pub(crate) mod app;
pub mod bench;
pub(crate) mod chunk;
pub(crate) mod clock;
pub(crate) mod error_box;
pub(crate) mod figure;
pub mod guard;
pub(crate) mod history;
pub mod later;
pub(crate) mod parts;
pub(crate) mod persist;
pub(crate) mod shortcuts;
pub(crate) mod state;
pub(crate) mod toolbar;
