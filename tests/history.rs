//! Undo and redo (`core::app::history::Page`) under random hands: any
//! sequence of edits, resizes, typed runs, opened lessons, undos and redos
//! over every lesson's scene; then undoing everything brings the first
//! moment back bit for bit, and redoing everything the last.

use convlab::core::app::history::{How, Moment, Page, Run, Where};
use convlab::core::content::lessons;
use convlab::core::model::edit::Pattern;
use convlab::core::model::target::Target;
use convlab::core::Scene;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Act {
    /// Type the digits of a number into one cell, one keystroke each.
    Type(Target, [usize; 4], Vec<f64>),
    Resize(Target, usize, usize),
    Fill(Target, u64),
    Open(usize),
    Step(usize),
    Undo,
    Redo,
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::Input),
        Just(Target::Kernel),
        (0usize..3).prop_map(Target::Layer)
    ]
}

fn act(lessons: usize) -> impl Strategy<Value = Act> {
    prop_oneof![
        3 => (target(), prop::array::uniform4(0usize..3), prop::collection::vec(-50.0f64..50.0, 1..4))
            .prop_map(|(t, at, vs)| Act::Type(t, at, vs)),
        3 => (target(), 0usize..4, 1usize..12).prop_map(|(t, a, n)| Act::Resize(t, a, n)),
        1 => (target(), any::<u64>()).prop_map(|(t, s)| Act::Fill(t, s)),
        1 => (0..lessons).prop_map(Act::Open),
        1 => (0usize..40).prop_map(Act::Step),
        2 => Just(Act::Undo),
        1 => Just(Act::Redo),
    ]
}

/// The page as the UI holds it: the scene, where it is shown, the lesson.
struct Sim {
    page: Page,
    scene: Scene,
    at: Where,
    lesson: Option<usize>,
}

impl Sim {
    fn now(&self) -> Moment {
        let mut scene = self.scene.clone();
        scene.step = Some(self.at.step);
        scene.view = self.at.view.clone();
        Moment {
            scene,
            lesson: self.lesson,
        }
    }

    fn back(&mut self, m: Moment) {
        self.at = Where {
            step: m.scene.step.unwrap_or(0),
            view: m.scene.view.clone(),
        };
        self.scene = m.scene;
        self.lesson = m.lesson;
    }

    fn run(&mut self, a: &Act) {
        let at = self.at.clone();
        match a.clone() {
            Act::Type(t, idx, vs) => {
                for v in vs {
                    self.page.edit(
                        &mut self.scene,
                        at.clone(),
                        self.lesson,
                        How::Edit(Some(Run::Cell(t, idx))),
                        &mut |s: &mut Scene| s.set_value(t, idx, v),
                    );
                }
            }
            Act::Resize(t, axis, n) => self.page.edit(
                &mut self.scene,
                at,
                self.lesson,
                How::Resize,
                &mut |s: &mut Scene| {
                    let mut d = s.dim(t);
                    d[axis] = n;
                    s.resize(t, d);
                },
            ),
            Act::Fill(t, seed) => self.page.edit(
                &mut self.scene,
                at,
                self.lesson,
                How::Edit(None),
                &mut |s: &mut Scene| s.fill(t, Pattern::RandomInt, seed),
            ),
            Act::Open(k) => {
                let next = lessons::all()[k].scene();
                self.page.open(self.now(), &next, Some(k));
                self.back(Moment {
                    scene: next,
                    lesson: Some(k),
                });
            }
            Act::Step(k) => self.at.step = k,
            Act::Undo => {
                if let Some(m) = self.page.undo(self.now()) {
                    self.back(m);
                }
            }
            Act::Redo => {
                if let Some(m) = self.page.redo(self.now()) {
                    self.back(m);
                }
            }
        }
    }
}

/// The same scene, bit for bit (the JSON of a scene writes every float
/// exactly). The step and the view are where the person was, which undo
/// does not move: they are left out.
fn same_bits(a: &Scene, b: &Scene) -> bool {
    let bare = |s: &Scene| {
        let mut s = s.clone();
        s.step = None;
        s.view = None;
        s.to_json()
    };
    bare(a) == bare(b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn undoing_everything_brings_the_first_moment_back(
        first in 0..lessons::all().len(),
        acts in prop::collection::vec(act(lessons::all().len()), 1..40),
    ) {
        let scene = lessons::all()[first].scene();
        let mut sim = Sim { page: Page::default(), scene, at: Where::default(), lesson: Some(first) };
        let start = sim.now();
        for a in &acts {
            sim.run(a);
        }
        // The tip: everything done, nothing left to redo.
        while let Some(m) = sim.page.redo(sim.now()) {
            sim.back(m);
        }
        let end = sim.now();
        while let Some(m) = sim.page.undo(sim.now()) {
            sim.back(m);
        }
        let (a, b) = (sim.now(), start);
        prop_assert!(same_bits(&a.scene, &b.scene), "the first scene is not back");
        prop_assert_eq!(a.lesson, b.lesson);
        while let Some(m) = sim.page.redo(sim.now()) {
            sim.back(m);
        }
        // Redo all: the tip again, bit for bit.
        prop_assert!(same_bits(&sim.now().scene, &end.scene), "the last scene is not back");
        prop_assert_eq!(sim.now().lesson, end.lesson);
    }
}

#[test]
fn a_lesson_opened_over_ones_own_scene_is_undone_and_free_play_finds_it() {
    let own = lessons::all()[0].scene();
    let mut sim = Sim {
        page: Page::default(),
        scene: own.clone(),
        at: Where::default(),
        lesson: None,
    };
    sim.run(&Act::Type(Target::Input, [0, 0, 0, 0], vec![9.0]));
    let mine = sim.scene.clone();
    sim.run(&Act::Open(5));
    sim.run(&Act::Open(6));
    assert_eq!(sim.page.history.own_scene().map(|s| &s.op), Some(&mine.op));
    sim.run(&Act::Undo);
    sim.run(&Act::Undo);
    assert_eq!(sim.scene.op, mine.op);
    assert_eq!(sim.lesson, None);
}
