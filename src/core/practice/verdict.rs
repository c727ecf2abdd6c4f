//! What the check says: right, wrong (naming the mistake when one explains
//! the answer), or "not an answer yet" with what was expected.

use crate::core::practice::mistake::Mistake;

/// How an answer fared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Correct,
    Wrong,
    /// Not an answer yet (empty, half-typed, junk, or the wrong form):
    /// neither right nor wrong, and not counted.
    Unreadable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The mistakes whose answer is the one given, the most telling first
    /// (empty when right, unreadable, or no mistake explains it).
    pub mistakes: Vec<Mistake>,
    /// What the page says: the rule with its numbers, the mistake and
    /// both computations, the worked solution, or what was expected.
    pub text: String,
    /// The right answer as one would type it (empty while unreadable).
    pub answer: String,
    /// The lab step that answers it ("Show me"), where there is one.
    pub step: Option<usize>,
}

impl Verdict {
    pub fn is_correct(&self) -> bool {
        self.outcome == Outcome::Correct
    }

    /// Whether the answer counts towards mastery (right or wrong).
    pub fn counts(&self) -> bool {
        self.outcome != Outcome::Unreadable
    }

    /// The mistake the text names.
    pub fn mistake(&self) -> Option<Mistake> {
        self.mistakes.first().copied()
    }

    /// The page's `data-correct`: `"true"`, `"false"`, or none while the
    /// answer is not one yet.
    pub fn data_correct(&self) -> Option<&'static str> {
        match self.outcome {
            Outcome::Correct => Some("true"),
            Outcome::Wrong => Some("false"),
            Outcome::Unreadable => None,
        }
    }
}
