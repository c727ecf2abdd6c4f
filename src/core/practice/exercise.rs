//! An exercise: a question about a small scene, generated from `(kind,
//! seed, level)` and the same for everyone with those three, with the
//! engine's answer.

use crate::core::engine::plan::Plan;
use crate::core::export::share::scene_fragment;
use crate::core::model::init::Rng;
use crate::core::model::scene::{Op, Scene};
use crate::core::ops::stack::chain::Stack;
use crate::core::practice::answer::Answer;
use crate::core::practice::gen::{self, draw::Draft};
use crate::core::practice::kind::{Kind, MAX_LEVEL};
use crate::core::practice::rules;
use crate::core::practice::task::{Expected, Task};

/// Draws tried at the level asked before settling for an easier one.
const ATTEMPTS: usize = 48;

#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub kind: Kind,
    pub seed: u64,
    pub level: u8,
    /// The question in words, with every number it needs.
    pub question: String,
    /// The scene it is about, as the lab draws it (with the answer hidden).
    pub scene: Scene,
    pub task: Task,
    /// The engine's answer.
    pub expected: Expected,
}

/// The generator's seed for one exercise.
fn stream(kind: Kind, seed: u64, level: u8) -> Rng {
    let mut r = Rng::new(seed ^ ((kind.index() as u64 + 1) << 56) ^ (u64::from(level) << 48));
    let mixed = r.next_u64();
    Rng::new(mixed)
}

impl Exercise {
    /// The exercise of `kind` for `seed` at `level` (above [`MAX_LEVEL`]
    /// is taken as it). The same three always give the same exercise.
    pub fn new(kind: Kind, seed: u64, level: u8) -> Exercise {
        let level = level.min(MAX_LEVEL);
        let mut rng = stream(kind, seed, level);
        let mut plain = None;
        for _ in 0..ATTEMPTS {
            let Some(draft) = gen::draft(kind, level, &mut rng) else {
                continue;
            };
            let Some(ex) = Exercise::of(kind, seed, level, draft) else {
                continue;
            };
            // An exercise a mistake can be told apart in teaches more.
            if !rules::telling(&ex.task, &ex.scene).is_empty() {
                return ex;
            }
            plain.get_or_insert(ex);
        }
        if let Some(ex) = plain {
            return ex;
        }
        // Easier draws, from the same stream.
        for _ in 0..ATTEMPTS {
            if let Some(ex) =
                gen::draft(kind, 0, &mut rng).and_then(|d| Exercise::of(kind, seed, 0, d))
            {
                return ex;
            }
        }
        fallback(kind, seed)
    }

    fn of(kind: Kind, seed: u64, level: u8, d: Draft) -> Option<Exercise> {
        let expected = rules::expected(&d.task, &d.scene)?;
        Some(Exercise {
            kind,
            seed,
            level,
            question: d.question,
            scene: d.scene,
            task: d.task,
            expected,
        })
    }

    /// An exercise about a given scene (a lesson's, a person's own, an
    /// oracle case), with a plain question; `None` when the task cannot be
    /// asked about it.
    pub fn about(kind: Kind, scene: Scene, task: Task) -> Option<Exercise> {
        let expected = rules::expected(&task, &scene)?;
        Some(Exercise {
            kind,
            seed: 0,
            level: 0,
            question: format!("{} of this scene?", kind.title()),
            scene,
            task,
            expected,
        })
    }

    /// The output cell asked about, `[n, c, i, j]` (value and sources).
    pub fn cell(&self) -> Option<[usize; 4]> {
        match self.task {
            Task::Value { cell } | Task::Sources { cell } => Some(cell),
            _ => None,
        }
    }

    /// The page's `data-cell`: `n,c,i,j`.
    pub fn data_cell(&self) -> Option<String> {
        self.cell().map(|[n, c, i, j]| format!("{n},{c},{i},{j}"))
    }

    /// The page's `data-scene`: the scene as a share link's fragment,
    /// `#scene=…`, which opens it in the lab.
    pub fn scene_fragment(&self) -> String {
        scene_fragment(&self.scene)
    }

    /// The scene "Show me" opens: at the step that answers the question,
    /// and for an output padding with that padding applied.
    pub fn show_me(&self) -> Scene {
        let mut s = self.scene.clone();
        if let (Op::Transpose(t), Expected::OutputPadding(Some(p))) = (&mut s.op, &self.expected) {
            t.output_padding = *p;
        }
        s.step = step_in(&s, &self.task);
        s
    }

    /// The lab step that answers the question, where there is one: the
    /// frame that writes the cell asked about, the first frame of the
    /// output channel asked about, or the last frame (the whole output)
    /// for a shape.
    pub fn step(&self) -> Option<usize> {
        self.show_me().step
    }

    /// The right answer as a person gives it (typed, or clicked).
    pub fn answer(&self) -> Answer {
        match &self.expected {
            Expected::Cells(c) => Answer::Cells(c.clone()),
            Expected::Channels(c) => Answer::Channels(c.clone()),
            other => Answer::parse(&other.text()),
        }
    }

    /// What the answer looks like, for the page and for an answer not
    /// given in that form.
    pub fn form(&self) -> String {
        match (&self.task, &self.expected) {
            (Task::ConvShape, Expected::Numbers(v)) if v.len() == 2 => {
                "two whole numbers, H_out, W_out, like 5, 5".into()
            }
            (Task::ConvShape, _) => {
                "four whole numbers, N, C_out, H_out, W_out, like 1, 16, 15, 15".into()
            }
            (Task::PoolShape { .. }, _) => {
                "four whole numbers, N, C, H_out, W_out, like 1, 3, 4, 4".into()
            }
            (Task::WeightShape, _) => {
                "four whole numbers, the weight's sizes in order, like 16, 3, 3, 3".into()
            }
            (Task::Channels { .. }, _) => {
                "the input channels' numbers, like 0, 1 (or click them)".into()
            }
            (Task::Value { .. }, _) => "one number, like \u{2212}3 or 2.5".into(),
            (Task::Sources { .. }, _) => {
                "the input cells, clicked on the grid (or typed as n, c, i, j for each)".into()
            }
            (Task::OutputPadding { .. }, _) => {
                "two whole numbers, ph, pw, like 1, 0, or the word impossible".into()
            }
            (Task::Field, _) => "two whole numbers, size, jump, like 7, 4".into(),
            (Task::ModelBreak { .. }, _) => "two whole numbers, layer, number, like 2, 16".into(),
        }
    }
}

fn step_in(scene: &Scene, task: &Task) -> Option<usize> {
    if let Op::Sequential(s) = &scene.op {
        let stack = Stack::new(s).ok()?;
        return stack.frame_count().checked_sub(1);
    }
    let plan = Plan::new(scene).ok()?;
    match task {
        Task::Value { cell } | Task::Sources { cell } => plan.step_of(*cell),
        Task::Channels { out_channel } => plan.step_of([0, *out_channel, 0, 0]),
        Task::ConvShape | Task::OutputPadding { .. } => plan.frame_count().checked_sub(1),
        Task::WeightShape | Task::Field | Task::PoolShape { .. } | Task::ModelBreak { .. } => None,
    }
}

/// An exercise of `kind` that is always there: the first level-0 draw of
/// a fixed stream that the engine accepts (the tests check that one is
/// found for every kind). Reached only if no draw for the seed was.
fn fallback(kind: Kind, seed: u64) -> Exercise {
    let mut rng = Rng::new(0x5EED);
    for _ in 0..1000 {
        if let Some(ex) = gen::draft(kind, 0, &mut rng).and_then(|d| Exercise::of(kind, seed, 0, d))
        {
            return ex;
        }
    }
    // Unreachable (see above); a plain conv2d shape keeps the page alive.
    let scene = crate::core::content::presets::torch_scene(
        &ndarray::Array2::ones((3, 3)),
        &ndarray::Array2::ones((2, 2)),
    );
    Exercise {
        kind,
        seed,
        level: 0,
        question: "What is the shape of the output? Give N, C_out, H_out, W_out.".into(),
        scene,
        task: Task::ConvShape,
        expected: Expected::Numbers(vec![1, 1, 2, 2]),
    }
}
