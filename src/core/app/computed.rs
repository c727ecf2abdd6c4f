//! What the engine makes of a scene, one value for a single op and a stack
//! alike: the plan of one convolution, or the chain of a stack's layers,
//! each valid or refused. The page holds one of these (and the last valid
//! one, which stays on screen dimmed while a scene is refused), and asks
//! it the questions every view asks: is it refused, and why, in words.

use crate::core::engine::error::ConvError;
use crate::core::engine::plan::Plan;
use crate::core::model::scene::{Op, Scene};
use crate::core::ops::stack::{Stack, StackError};

/// The engine's verdict on a scene.
#[derive(Clone, Debug, PartialEq)]
pub enum Computed {
    /// One convolution (conv2d, SciPy's, transposed).
    Op(Result<Plan, ConvError>),
    /// A stack of layers.
    Stack(Result<Stack, StackError>),
}

/// A refusal as the page shows it, whichever engine made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The rule that broke, in a few words.
    pub rule: &'static str,
    /// Why, with the scene's numbers.
    pub explanation: String,
    /// Who would refuse it (`PyTorch`, `SciPy`) and what it would print.
    pub reference: &'static str,
    pub reference_message: Option<String>,
    /// The stack layer that refuses, if a stack's.
    pub layer: Option<usize>,
}

impl From<&ConvError> for Refusal {
    fn from(e: &ConvError) -> Refusal {
        Refusal {
            rule: e.rule(),
            explanation: e.explanation(),
            reference: e.reference().name(),
            reference_message: e.reference_message(),
            layer: None,
        }
    }
}

impl From<&StackError> for Refusal {
    fn from(e: &StackError) -> Refusal {
        Refusal {
            rule: e.rule(),
            explanation: e.explanation(),
            reference: e.reference().name(),
            reference_message: e.reference_message(),
            layer: e.layer(),
        }
    }
}

impl Computed {
    /// The verdict on `scene`. A stack is updated from `before` when there
    /// is one: the levels an edit cannot reach are kept (bit for bit as a
    /// whole recompute; see `Stack::update`).
    pub fn of(scene: &Scene, before: Option<&Computed>) -> Computed {
        match &scene.op {
            Op::Sequential(s) => Computed::Stack(match before {
                Some(Computed::Stack(Ok(prev))) => Stack::update(prev, s),
                _ => Stack::new(s),
            }),
            _ => Computed::Op(Plan::new(scene)),
        }
    }

    pub fn plan(&self) -> Option<&Plan> {
        match self {
            Computed::Op(Ok(p)) => Some(p),
            _ => None,
        }
    }

    pub fn stack(&self) -> Option<&Stack> {
        match self {
            Computed::Stack(Ok(s)) => Some(s),
            _ => None,
        }
    }

    pub fn is_stack(&self) -> bool {
        matches!(self, Computed::Stack(_))
    }

    /// Why the scene is refused, or `None` when it is valid.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            Computed::Op(Err(e)) => Some(e.into()),
            Computed::Stack(Err(e)) => Some(e.into()),
            _ => None,
        }
    }

    pub fn is_refused(&self) -> bool {
        matches!(self, Computed::Op(Err(_)) | Computed::Stack(Err(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::lessons;

    #[test]
    fn every_lesson_scene_is_one_or_the_other_and_refused_exactly_when_the_engine_refuses() {
        for step in lessons::all() {
            let scene = step.scene();
            let c = Computed::of(&scene, None);
            match &scene.op {
                Op::Sequential(s) => {
                    assert!(c.is_stack(), "{}", step.id);
                    assert_eq!(c.is_refused(), Stack::new(s).is_err(), "{}", step.id);
                    assert_eq!(
                        c.refusal().map(|r| r.explanation),
                        Stack::new(s).err().map(|e| e.explanation())
                    );
                }
                _ => {
                    assert!(!c.is_stack(), "{}", step.id);
                    assert_eq!(c.plan().is_some(), Plan::new(&scene).is_ok(), "{}", step.id);
                    assert_eq!(
                        c.refusal().map(|r| r.explanation),
                        Plan::new(&scene).err().map(|e| e.explanation())
                    );
                }
            }
        }
    }

    #[test]
    fn a_stack_is_updated_from_the_one_before() {
        let scene = lessons::all()
            .iter()
            .map(|s| s.scene())
            .find(|s| matches!(&s.op, Op::Sequential(q) if Stack::new(q).is_ok()))
            .unwrap();
        let first = Computed::of(&scene, None);
        let again = Computed::of(&scene, Some(&first));
        let (a, b) = (first.stack().unwrap(), again.stack().unwrap());
        for k in 0..=a.len() {
            assert_eq!(a.level(k), b.level(k));
        }
    }
}
