//! Undo and redo over everything that changes the scene: an edit, a lesson
//! opened, a picture, an imported file, a reset. And the values a smaller
//! size cut off, kept so that growing back restores them.
//!
//! A [`Moment`] is what undo brings back: the scene (with the step and the
//! view it was shown at) and the lesson the page was on. The page records
//! the moment before each change ([`History::record`]); undo swaps the
//! current moment with the last recorded one, redo swaps it back.
//!
//! Keystrokes in one cell are one run ([`Run`]): undo takes back the whole
//! number typed, not its last digit.

use ndarray::Array4;

pub use crate::core::app::edit::{Edit, How, Run};
use crate::core::app::session::edit_scene;
use crate::core::model::scene::Scene;
use crate::core::model::target::Target;

/// What undo brings back.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    /// The scene, with the step and view it was shown at.
    pub scene: Scene,
    /// The lesson step the page was on.
    pub lesson: Option<usize>,
}

/// Moments kept for undo; the oldest go first.
pub const LIMIT: usize = 200;

#[derive(Clone, Debug, Default)]
pub struct History {
    past: Vec<Moment>,
    future: Vec<Moment>,
    /// The run the last recorded change belongs to.
    run: Option<Run>,
}

impl History {
    /// Note that the page changed from `before` to a moment whose scene is
    /// `after`. Nothing is recorded when the scene and the lesson are as
    /// they were, or when the change continues the last one's `run`.
    /// Anything undone is no longer redone.
    pub fn record(
        &mut self,
        before: Moment,
        after: &Scene,
        lesson: Option<usize>,
        run: Option<Run>,
    ) {
        if same(&before.scene, after) && before.lesson == lesson {
            return;
        }
        self.future.clear();
        if run.is_some() && run == self.run {
            return;
        }
        self.run = run;
        self.past.push(before);
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
    }

    /// The moment before the last change, if any; `now` is kept for redo.
    pub fn undo(&mut self, now: Moment) -> Option<Moment> {
        let back = self.past.pop()?;
        self.future.push(now);
        self.run = None;
        Some(back)
    }

    /// The moment the last undo left, if any; `now` is kept for undo.
    pub fn redo(&mut self, now: Moment) -> Option<Moment> {
        let next = self.future.pop()?;
        self.past.push(now);
        self.run = None;
        Some(next)
    }

    /// Whether a change of `run` continues the last one recorded.
    pub fn continues(&self, run: Run) -> bool {
        self.run == Some(run)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The person's own scene, to go back to from a lesson ("free play"):
    /// the last moment recorded outside any lesson.
    pub fn own_scene(&self) -> Option<&Scene> {
        self.past
            .iter()
            .rev()
            .find(|m| m.lesson.is_none())
            .map(|m| &m.scene)
    }
}

/// Where the person was when a change came: the step and view a moment
/// brings back with its scene.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Where {
    pub step: usize,
    pub view: Option<String>,
}

/// The page's record of changes: the history and the reserve of cut-off
/// values. The page holds the scene; every change goes through here.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub history: History,
    reserve: Reserve,
}

impl Page {
    /// Apply `edit` to `scene` (shown at `at`, in `lesson`) and record it
    /// as the edit says it undoes ([`Edit::how`]). An input that is no
    /// longer the picture's loses the picture's record (see
    /// `session::edit_scene`).
    pub fn edit(&mut self, scene: &mut Scene, at: Where, lesson: Option<usize>, edit: &Edit) {
        let how = edit.how();
        // Another keystroke of the run under way: its moment is recorded
        // already, and a photo's scene is not copied again.
        if let How::Edit(Some(run)) = how {
            if self.history.continues(run) {
                edit_scene(scene, |s| s.apply(edit));
                self.history.future.clear();
                return;
            }
        }
        let mut before = scene.clone();
        before.step = Some(at.step);
        before.view = at.view;
        let run = match how {
            How::Edit(run) => {
                edit_scene(scene, |s| s.apply(edit));
                run
            }
            How::Resize => {
                self.reserve
                    .resize(scene, &mut |s| edit_scene(s, |s| s.apply(edit)));
                None
            }
        };
        self.history.record(
            Moment {
                scene: before,
                lesson,
            },
            scene,
            lesson,
            run,
        );
    }

    /// A scene opened in place of `now` (a lesson, a picture, a file, a
    /// reset), in `lesson`.
    pub fn open(&mut self, now: Moment, next: &Scene, lesson: Option<usize>) {
        self.reserve.clear();
        self.history.record(now, next, lesson, None);
    }

    pub fn undo(&mut self, now: Moment) -> Option<Moment> {
        self.reserve.clear();
        self.history.undo(now)
    }

    pub fn redo(&mut self, now: Moment) -> Option<Moment> {
        self.reserve.clear();
        self.history.redo(now)
    }
}

/// Two scenes that show the same: everything but the step and the view
/// (which are where the person was, not what they made).
fn same(a: &Scene, b: &Scene) -> bool {
    a.op == b.op && a.title == b.title && a.image == b.image
}

/// The tensors a scene's sizes are edited on.
fn targets(scene: &Scene) -> Vec<Target> {
    match scene.stack() {
        Some(s) => std::iter::once(Target::Input)
            .chain((0..s.layers.len()).map(Target::Layer))
            .collect(),
        None => vec![Target::Input, Target::Kernel],
    }
}

/// The values sizes have cut off, per tensor, to restore when it grows
/// back. What a tensor holds now always wins over what was kept.
#[derive(Clone, Debug, Default)]
pub struct Reserve {
    kept: Vec<(Target, Array4<f64>)>,
    /// The scene's op and layer count the kept values belong to.
    shape_of: Option<(crate::core::model::scene::OpKind, usize)>,
}

impl Reserve {
    /// Forget everything (a new scene was opened).
    pub fn clear(&mut self) {
        self.kept.clear();
        self.shape_of = None;
    }

    /// Apply `edit`, a change of sizes, to `scene`: values it cuts off are
    /// kept, and cells it grows get back the values kept for them.
    pub fn resize(&mut self, scene: &mut Scene, edit: &mut dyn FnMut(&mut Scene)) {
        let key = |s: &Scene| (s.kind(), s.stack().map_or(0, |st| st.layers.len()));
        if self.shape_of != Some(key(scene)) {
            self.kept.clear();
            self.shape_of = Some(key(scene));
        }
        let before: Vec<(Target, [usize; 4])> = targets(scene)
            .into_iter()
            .map(|t| (t, scene.dim(t)))
            .collect();
        for &(t, d) in &before {
            self.keep(scene, t, d);
        }
        edit(scene);
        if Some(key(scene)) != self.shape_of {
            // Another op or other layers: the kept values are not theirs.
            self.kept.clear();
            self.shape_of = Some(key(scene));
        }
        for (t, old) in before {
            let Some((_, kept)) = self.kept.iter().find(|(k, _)| *k == t) else {
                continue;
            };
            let now = scene.dim(t);
            let mut back = Vec::new();
            for a in 0..now[0] {
                for b in 0..now[1] {
                    for i in 0..now[2] {
                        for j in 0..now[3] {
                            let grown = a >= old[0] || b >= old[1] || i >= old[2] || j >= old[3];
                            if let (true, Some(v)) = (grown, kept.get([a, b, i, j])) {
                                back.push(([a, b, i, j], *v));
                            }
                        }
                    }
                }
            }
            for (at, v) in back {
                scene.set_value(t, at, v);
            }
        }
    }

    /// Overlay tensor `t` (of size `d`) on what is kept for it.
    fn keep(&mut self, scene: &Scene, t: Target, d: [usize; 4]) {
        let old = self
            .kept
            .iter()
            .position(|(k, _)| *k == t)
            .map(|p| self.kept.swap_remove(p).1);
        let size = match &old {
            Some(o) => {
                let (n, c, h, w) = o.dim();
                [n.max(d[0]), c.max(d[1]), h.max(d[2]), w.max(d[3])]
            }
            None => d,
        };
        let merged = Array4::from_shape_fn((size[0], size[1], size[2], size[3]), |(a, b, i, j)| {
            let inside = a < d[0] && b < d[1] && i < d[2] && j < d[3];
            match (inside, &old) {
                (true, _) => scene.value(t, [a, b, i, j]).unwrap_or(0.0),
                (false, Some(o)) => o.get([a, b, i, j]).copied().unwrap_or(0.0),
                (false, None) => 0.0,
            }
        });
        self.kept.push((t, merged));
    }
}

#[cfg(test)]
mod tests;
