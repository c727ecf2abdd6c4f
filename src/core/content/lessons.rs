//! The lecture as a guided path. Each step loads a scene, says in a few
//! sentences what to look at, and gives one thing to try. The words are
//! ours; the examples and numbers are the lecture's.
//!
//! [`step`] is the step type every section shares; [`conv`] holds sections
//! 1 to 8, [`transpose`] section 9 ("Going back up") and [`stack`] section
//! 10 ("Deep stacks"), [`network`] section 11 ("Your own network").

pub mod claim;
pub mod conv;
pub mod fact;
pub mod network;
pub mod stack;
pub mod step;
pub mod transpose;
pub mod words;

pub use crate::core::content::lessons::conv::{edge_weight, int8_view};
pub use crate::core::content::lessons::step::{lazy, same_scene, Extra, LessonStep, MakeScene};

/// [`lessons`], built once (every scene is computed when built): the page
/// reads the list at start and on every step.
pub fn all() -> &'static [LessonStep] {
    static ALL: std::sync::OnceLock<Vec<LessonStep>> = std::sync::OnceLock::new();
    ALL.get_or_init(lessons)
}

/// The position of the step whose id is `id`.
pub fn index_of(id: &str) -> Option<usize> {
    all().iter().position(|s| s.id == id)
}

/// Every step, in order: sections 1 to 8, then 9, 10 and 11.
pub fn lessons() -> Vec<LessonStep> {
    let mut all = conv::steps();
    all.extend(transpose::lessons());
    all.extend(stack::steps());
    all.extend(network::steps());
    all
}
