//! Practice: predict, then check. An exercise is generated from a kind, a
//! seed and a level ([`Exercise::new`]); a person answers it
//! ([`Answer::parse`], or cells clicked); [`check`] says whether the
//! answer is right, with the rule and its numbers, or which mistake
//! produced it, with both computations in words. Progress per kind is a
//! [`Mastery`], and a teacher's link fixes the seed and the kinds
//! ([`PracticeSet`]).
//!
//! Every expected answer is the engine's: the rules ask a plan, a stack or
//! a model run for it ([`rules`]). A mistake is a changed rule, run by the
//! engine where it is a scene or a model it can run, else a small function
//! named after the mistake.
//!
//! The modules, from the bottom up: [`kind`], [`mistake`], [`task`] (what
//! is asked and the forms of an answer), [`rules`], [`gen`] (the
//! generators), [`exercise`], [`answer`], [`verdict`], [`check`],
//! [`mastery`], [`link`].

pub mod answer;
pub mod check;
pub mod exercise;
pub mod gen;
pub mod kind;
pub mod link;
pub mod mastery;
pub mod mistake;
pub mod rules;
pub mod task;
pub mod verdict;

// The names the UI and the tests use; the modules here import from each
// other directly.
pub use crate::core::practice::answer::Answer;
pub use crate::core::practice::check::check;
pub use crate::core::practice::exercise::Exercise;
pub use crate::core::practice::kind::{Kind, MAX_LEVEL};
pub use crate::core::practice::link::{LinkError, PracticeSet};
pub use crate::core::practice::mastery::Mastery;
pub use crate::core::practice::mistake::Mistake;
pub use crate::core::practice::task::{BreakAsk, Expected, Task};
pub use crate::core::practice::verdict::{Outcome, Verdict};
