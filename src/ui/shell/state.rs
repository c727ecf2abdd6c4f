//! The lab's state: a few signals at the top, everything else derived from
//! the core's plain data.

use leptos::prelude::*;

use ndarray::Array4;

use crate::core::engine::timeline::Timeline;
use crate::core::ops::stack::{Stack, StackError};
use crate::core::{ConvError, Frame, Plan, Scene};

/// Which screen is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Lab,
    Compare,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Lab => "lab",
            View::Compare => "compare",
        }
    }
    pub fn parse(s: &str) -> View {
        if s == "compare" {
            View::Compare
        } else {
            View::Lab
        }
    }
}

/// How a transposed convolution is pictured (see `crate::core::transpose`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// The equivalent stride-1 convolution over the spread input.
    Gather,
    /// Each input cell stamps the scaled kernel onto the output.
    Scatter,
}

/// Shared by every component through context.
#[derive(Clone, Copy)]
pub struct Lab {
    /// What the user has set, valid or not.
    pub scene: RwSignal<Scene>,
    /// The engine's verdict on `scene`.
    pub plan: Memo<Result<Plan, ConvError>>,
    /// The last plan that was valid: shown (dimmed) while the scene is not.
    pub shown: Memo<Option<Plan>>,
    /// The whole output of `shown`, computed once for every view.
    pub output: Memo<Option<Array4<f64>>>,
    /// The frame of `shown` at the timeline's step.
    pub frame: Memo<Option<Frame>>,
    /// The animation: frame, channel reached, playing, looping (the core's
    /// state machine; every change goes through its transitions).
    pub timeline: RwSignal<Timeline>,
    /// Steps per second.
    pub speed: RwSignal<f64>,
    pub view: RwSignal<View>,
    /// Seed for the next random fill; bumped on every use.
    pub seed: RwSignal<u64>,
    /// Classroom: output cells stay blank until the kernel reaches them.
    pub hide_answer: RwSignal<bool>,
    /// Classroom: large type and high contrast for a projector.
    pub classroom: RwSignal<bool>,
    /// The keyboard shortcut overlay.
    pub help: RwSignal<bool>,
    /// Classroom: the settings and editors, in a drawer over the stage.
    pub drawer: RwSignal<bool>,
    /// The lesson step loaded last, if any.
    pub lesson: RwSignal<Option<usize>>,
    /// A message about the page itself (a broken link, a bad file).
    pub notice: RwSignal<Option<String>>,
    /// The share link just made.
    pub share_link: RwSignal<Option<String>>,
    /// The engine's verdict on a stack scene (`None` for any other op).
    pub stack: Memo<Option<Result<Stack, StackError>>>,
    /// The last valid stack of a stack scene: shown (dimmed) while it is refused.
    pub shown_stack: Memo<Option<Stack>>,
    /// The cell picked for its receptive field: `(layer, [n, c, i, j])`.
    pub pick: RwSignal<Option<(usize, [usize; 4])>>,
    /// Gather or scatter, for a transposed convolution; in scatter the
    /// timeline counts stamps (`Plan::scatter_frame_count`).
    pub framing: RwSignal<Framing>,
    /// The matrix view is open.
    pub matrix: RwSignal<bool>,
    /// Why "Undo this shape" picked the output padding it did.
    pub undo_note: RwSignal<Option<String>>,
    /// Draw the input and output as pictures, not number grids (a photo
    /// larger than 16 pixels a side).
    pub pictures: Memo<bool>,
}

/// Frame count of a stack and input channels per group of the layer at `step`.
fn stack_dims(s: &Stack, step: usize) -> (usize, usize) {
    let layer = s.timeline().locate(step).map_or(0, |(l, _)| l);
    (s.frame_count(), s.plan(layer).map_or(1, Plan::group_in))
}

/// Frame count and input channels per group of a plan (0 and 1 without
/// one); in the scatter framing, the stamps of a transposed convolution.
fn timeline_dims(p: &Option<Plan>, framing: Framing) -> (usize, usize) {
    p.as_ref().map_or((0, 1), |p| {
        if framing == Framing::Scatter && p.spread.is_some() {
            (p.scatter_frame_count(), 1)
        } else {
            (p.frame_count(), p.group_in())
        }
    })
}

/// The scatter framing is on and the shown plan is a transposed convolution.
fn scatter_shown(p: &Option<Plan>, framing: Framing) -> bool {
    framing == Framing::Scatter && p.as_ref().is_some_and(|p| p.spread.is_some())
}

impl Lab {
    pub fn new(scene: Scene) -> Lab {
        let step0 = scene.step.unwrap_or(0);
        let view0 = scene.view.as_deref().map_or(View::Lab, View::parse);
        let scene_view = scene.view.clone();
        let framing = RwSignal::new(if scene.view.as_deref() == Some("scatter") {
            Framing::Scatter
        } else {
            Framing::Gather
        });
        let scene = RwSignal::new(scene);
        let plan = Memo::new(move |_| scene.with(Plan::new));
        let shown = Memo::new(move |prev: Option<&Option<Plan>>| match plan.get() {
            Ok(p) => Some(p),
            Err(_) => prev.cloned().flatten(),
        });
        // After one typed value, the output is the last one with only the
        // values that edit reaches recomputed (the core decides, comparing
        // the plan with the one before; anything else is computed whole).
        // The output memo owns the last output and changes it in place.
        let before = StoredValue::new(None::<Plan>);
        let output = Memo::new_owning(move |prev: Option<Option<Array4<f64>>>| {
            shown.with(|p| {
                let Some(p) = p.as_ref() else {
                    return (None, prev.flatten().is_some());
                };
                let updated = before.with_value(|b| match (b, prev.flatten()) {
                    (Some(b), Some(mut out)) => {
                        p.update_after(b, &mut out).map(|changed| (out, changed))
                    }
                    _ => None,
                });
                before.set_value(Some(p.clone()));
                match updated {
                    Some((out, changed)) => (Some(out), changed),
                    None => (Some(p.output()), true),
                }
            })
        });
        // After an edit the stack is updated from the last one: the levels
        // the edit cannot reach are kept, with their versions, so their
        // views are not redrawn (the core decides, bit for bit as a whole
        // recompute).
        let stack = Memo::new(move |prev: Option<&Option<Result<Stack, StackError>>>| {
            scene.with(|s| {
                s.stack().map(|st| match prev {
                    Some(Some(Ok(before))) => Stack::update(before, st),
                    _ => Stack::new(st),
                })
            })
        });
        let shown_stack = Memo::new(move |prev: Option<&Option<Stack>>| match stack.get() {
            Some(Ok(s)) => Some(s),
            Some(Err(_)) => prev.cloned().flatten(),
            None => None,
        });
        let (frames, group_in) =
            match shown_stack.with_untracked(|s| s.as_ref().map(|s| stack_dims(s, step0))) {
                Some(d) => d,
                None => shown.with_untracked(|p| timeline_dims(p, framing.get_untracked())),
            };
        let mut t = Timeline::new(frames, group_in);
        t.seek(step0);
        let timeline = RwSignal::new(t);
        // In the scatter framing the step is a stamp: the gather frame shown
        // (arithmetic, matrix) is the core's match for it.
        let frame = Memo::new(move |_| {
            let step = timeline.with(Timeline::step);
            let f = framing.get();
            shown.with(|p| {
                let scatter = scatter_shown(p, f);
                p.as_ref().and_then(|p| {
                    let g = if scatter {
                        p.gather_step_of_scatter(step)?
                    } else {
                        step
                    };
                    p.frame_at(g)
                })
            })
        });
        // A photo is drawn as pictures once it is larger than 16 pixels a
        // side; smaller ones keep their number grids (and `out-cell`s).
        let pictures = Memo::new(move |_| {
            scene.with(|s| {
                let side = |a: &Array4<f64>| a.dim().2.max(a.dim().3);
                s.image.is_some()
                    && match &s.op {
                        crate::core::Op::Torch(t) => side(&t.input) > 16,
                        crate::core::Op::Sequential(st) => side(&st.input) > 16,
                        _ => false,
                    }
            })
        });
        let lab = Lab {
            scene,
            plan,
            shown,
            output,
            frame,
            timeline,
            speed: RwSignal::new(4.0),
            view: RwSignal::new(view0),
            seed: RwSignal::new(1),
            hide_answer: RwSignal::new(false),
            classroom: RwSignal::new(false),
            help: RwSignal::new(false),
            drawer: RwSignal::new(false),
            lesson: RwSignal::new(None),
            notice: RwSignal::new(None),
            share_link: RwSignal::new(None),
            stack,
            shown_stack,
            pick: RwSignal::new(None),
            framing,
            matrix: RwSignal::new(scene_view.as_deref() == Some("matrix")),
            undo_note: RwSignal::new(None),
            pictures,
        };
        // The compare view draws gather frames: leave the scatter framing
        // (mapping the stamp to its frame) when it opens.
        Effect::new(move |_| {
            if lab.view.get() == View::Compare {
                lab.set_framing(Framing::Gather);
            }
        });
        lab
    }

    /// Apply one transition to the timeline.
    pub fn step_with(&self, f: impl FnOnce(&mut Timeline)) {
        self.timeline.update(f);
    }

    /// Keep the timeline inside the shown plan after the scene changed.
    pub fn rescale(&self) {
        let step = self.timeline.with_untracked(Timeline::step);
        let (frames, group_in) = match self
            .shown_stack
            .with_untracked(|s| s.as_ref().map(|s| stack_dims(s, step)))
        {
            Some(d) => d,
            None => {
                let framing = self.framing.get_untracked();
                self.shown.with_untracked(|p| timeline_dims(p, framing))
            }
        };
        // An edit that keeps the number of frames (most do) leaves the
        // timeline as it is, and wakes nothing that follows it.
        let mut next = self.timeline.get_untracked();
        next.rescale(frames, group_in);
        if next != self.timeline.get_untracked() {
            self.timeline.set(next);
        }
    }

    /// Whether the scatter view is showing (tracked).
    pub fn scatter_on(&self) -> bool {
        let f = self.framing.get();
        self.shown.with(|p| scatter_shown(p, f))
    }

    /// Switch between gather and scatter, keeping the position: the core
    /// maps a gather frame to the last stamp that completes its output
    /// cell, and a stamp to the first cell it completes.
    pub fn set_framing(&self, to: Framing) {
        let from = self.framing.get_untracked();
        if from == to {
            return;
        }
        self.pause();
        let step = self.timeline.with_untracked(Timeline::step);
        let mapped = self.shown.with_untracked(|p| {
            p.as_ref().and_then(|p| {
                p.spread.as_ref()?;
                match to {
                    Framing::Scatter => p.index_at(step).and_then(|i| p.scatter_step_of_output(i)),
                    Framing::Gather => p.gather_step_of_scatter(step),
                }
            })
        });
        self.framing.set(to);
        self.rescale();
        self.go_to(mapped.unwrap_or(step));
    }

    pub fn toggle_play(&self) {
        self.step_with(Timeline::toggle_play);
    }
    pub fn pause(&self) {
        self.step_with(Timeline::pause);
    }
    pub fn forward(&self) {
        self.step_with(Timeline::forward);
    }
    pub fn back(&self) {
        self.step_with(Timeline::back);
    }
    pub fn go_to(&self, step: usize) {
        self.step_with(|t| t.seek(step));
    }

    /// Replace the whole scene (a lesson, a link, a file), with its step and view.
    pub fn load(&self, scene: Scene) {
        self.pause();
        if let Some(v) = scene.view.as_deref() {
            self.view.set(View::parse(v));
            self.framing.set(if v == "scatter" {
                Framing::Scatter
            } else {
                Framing::Gather
            });
            self.matrix.set(v == "matrix");
        }
        let step = scene.step.unwrap_or(0);
        self.pick.set(None);
        self.scene.set(scene);
        self.rescale();
        self.go_to(step);
    }

    /// The scene with the UI's step and view, as links and files carry it.
    pub fn snapshot(&self) -> Scene {
        let mut s = self.scene.get_untracked();
        s.step = Some(self.timeline.with_untracked(Timeline::step));
        s.view = self.view_name();
        s
    }

    /// The view as links, files and the autosave carry it: `"scatter"` and
    /// `"matrix"` are the lab with those views open. `None` once disposed.
    pub fn view_name(&self) -> Option<String> {
        let view = self.view.try_get_untracked()?;
        let framing = self.framing.try_get_untracked()?;
        let scatter = self
            .shown
            .try_with_untracked(|p| scatter_shown(p, framing))?;
        let matrix = self.matrix.try_get_untracked()?;
        Some(
            match (view, scatter, matrix) {
                (View::Lab, true, _) => "scatter",
                (View::Lab, false, true) => "matrix",
                _ => view.as_str(),
            }
            .to_string(),
        )
    }

    /// Number of frames of the shown plan.
    pub fn frame_count(&self) -> usize {
        self.timeline.with(Timeline::frames)
    }

    /// The frame shown (always inside the shown plan's timeline).
    pub fn current_step(&self) -> usize {
        self.timeline.with(Timeline::step)
    }

    /// The group's input channel the frame's sum has reached.
    pub fn current_sub(&self) -> usize {
        self.timeline.with(Timeline::channel_reached)
    }

    pub fn next_seed(&self) -> u64 {
        let s = self.seed.get_untracked();
        self.seed.set(s.wrapping_add(1));
        s.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED
    }

    /// Apply an edit to the scene, and keep the timeline in range.
    pub fn edit(&self, f: impl FnOnce(&mut Scene)) {
        self.scene.update(|s| {
            // An input no longer the picture's loses the picture's record
            // (the export would otherwise rebuild the old picture).
            let input = |s: &Scene| match &s.op {
                crate::core::Op::Torch(t) => Some(t.input.clone()),
                crate::core::Op::Sequential(st) => Some(st.input.clone()),
                _ => None,
            };
            let before = s.image.as_ref().and_then(|_| input(s));
            f(s);
            if before.is_some() && input(s) != before {
                s.image = None;
            }
        });
        self.rescale();
    }
}

/// The frame of a plan at the lab's step (the same step in every view).
pub fn frame_memo(lab: Lab, plan: Signal<Option<Plan>>) -> Memo<Option<Frame>> {
    Memo::new(move |_| {
        let step = lab.current_step();
        plan.with(|p| p.as_ref().and_then(|p| p.frame_at(step)))
    })
}

pub fn use_lab() -> Lab {
    expect_context::<Lab>()
}
