//! What every grid of one level of the stack view reads.

use leptos::prelude::*;

use crate::core::ops::stack::{BorderMap, ReceptiveField, StackFrame};

/// What every grid of one level reads.
#[derive(Clone, Copy)]
pub struct LevelCtx {
    /// 0 = input, `l + 1` = layer `l`'s output.
    pub k: usize,
    /// The last layer's output (its cells are `out-cell`s).
    pub last: bool,
    /// The level's version ([`crate::core::ops::stack::Stack::version`]): it
    /// changes when the level's values may have, so a view that draws them
    /// reads it (not just `track()`s it: an unread memo never runs), before
    /// anything derived from it, and reads the stack untracked.
    pub version: Memo<Option<u64>>,
    pub scale: Memo<f64>,
    pub borders: Memo<Vec<BorderMap>>,
    pub field: Memo<Option<ReceptiveField>>,
    pub frame: Memo<Option<StackFrame>>,
    /// The padding `[top, bottom, left, right]` the next layer invents
    /// around this level, if any.
    pub ring: Memo<Option<[usize; 4]>>,
    /// Of the ring's bottom rows and right columns, how many exist only
    /// because the next layer is a pool with `ceil_mode` (`[rows, cols]`).
    pub ceil: Memo<Option<[usize; 2]>>,
}
