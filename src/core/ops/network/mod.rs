//! "Your own network": a pasted PyTorch model (`print(model)` or
//! `nn.Sequential(...)` source) and an input shape, as a layer table in
//! the spirit of torchinfo, checked against real PyTorch
//! (`tests/oracle/model_cases.json`, `tests/oracle/pool_cases.json`).
//!
//! From the text to the table:
//!
//! - [`lex`], [`syntax`], [`args`], [`bind`], [`model`]: the text as tokens,
//!   as a tree of calls, as [`Layer`]s with Python's own argument binding, and as a
//!   [`Model`] whose leaves have PyTorch's paths (`3.1`). A text that
//!   cannot be read gives a [`ParseError`] with line and column;
//! - [`build`], [`forward`] ([`conv`], [`pool`]): each layer built and run
//!   on a shape, refused where PyTorch refuses with PyTorch's exact first
//!   line ([`NetError`]; the conv rules are the engine's [`ConvError`]s);
//! - [`params`]: parameter counts with their formula;
//! - [`infer`]: the whole model on an input shape, a [`Report`] of
//!   [`Row`]s, the totals and the [`Break`];
//! - [`receptive`]: running receptive fields, the exact box of input
//!   pixels behind any output cell, and the border of invented padding;
//! - [`fix`]: the one-line change that makes a broken layer fit;
//! - [`pooling`]: the four pools' values, exactly;
//! - [`export`], [`repr`]: the model back as source or as `print(model)`;
//! - [`table`], [`script`]: the layer table as text, and the script that
//!   prints the same text in PyTorch.
//!
//! [`ConvError`]: crate::core::engine::error::ConvError

pub mod args;
pub mod bind;
pub mod border;
pub mod build;
pub mod conv;
pub mod error;
pub mod export;
pub mod fix;
pub mod forward;
pub mod infer;
pub mod layers;
pub mod lex;
pub mod model;
pub mod params;
pub mod pool;
pub mod pool_error;
pub mod pooling;
pub mod receptive;
pub mod report;
pub mod repr;
pub mod script;
pub mod stack;
pub mod syntax;
pub mod table;

// The names the UI and the tests use, in one place; the modules here
// import from each other directly.
pub use crate::core::ops::network::error::NetError;
pub use crate::core::ops::network::export::{layer_source, to_source};
pub use crate::core::ops::network::fix::Fix;
pub use crate::core::ops::network::infer::{infer, parse_shape};
pub use crate::core::ops::network::layers::{Layer, Num, OutSize, Size2};
pub use crate::core::ops::network::lex::{ParseError, Span};
pub use crate::core::ops::network::model::{parse_layer, Edit, Model};
pub use crate::core::ops::network::params::Params;
pub use crate::core::ops::network::pool::Pool;
pub use crate::core::ops::network::pool_error::PoolError;
pub use crate::core::ops::network::pooling::pool2d;
pub use crate::core::ops::network::receptive::RfBox;
pub use crate::core::ops::network::report::{Break, Ratio, Report, Row, Running, When};
pub use crate::core::ops::network::repr::{layer_repr, to_repr};
pub use crate::core::ops::network::script::to_script;
pub use crate::core::ops::network::table::TABLE_HEADER;
