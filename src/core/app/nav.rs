//! Where the person is in a scene: which screen, how a transposed
//! convolution is framed, whether the matrix is open, the animation's
//! position and the cell picked in a stack. One plain value, changed only
//! by [`Nav::update`] with an [`Event`], so its rules are tested here
//! rather than spread over the components' signals and effects.
//!
//! Every event leaves the timeline sized to what is shown ([`dims`]): the
//! frames of the shown plan (its stamps, in the scatter framing) or of the
//! shown stack, and the channels per group of the frame at the step (a
//! stack's layers differ). The compare view always draws the gather
//! framing, and a pick always lies inside the stack's shape.

use crate::core::engine::frame::Frame;
use crate::core::engine::plan::Plan;
use crate::core::engine::timeline::Timeline;
use crate::core::ops::stack::Stack;

/// Which screen is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Lab,
    Compare,
    /// "Your network": a pasted model's layer table (the scene waits).
    Network,
    /// Practice: exercises, checked (the scene waits).
    Practice,
}

impl View {
    /// Whether the page shows the scene (its picture, player, sum and
    /// code): the lab and the compare view; the network and practice pages
    /// have their own.
    pub fn shows_scene(self) -> bool {
        matches!(self, View::Lab | View::Compare)
    }
}

/// How a transposed convolution is pictured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// The equivalent stride-1 convolution over the spread input.
    Gather,
    /// Each input cell stamps the scaled kernel onto the output.
    Scatter,
}

/// A cell picked for its receptive field: `(layer, [n, c, i, j])` of that
/// layer's output (level `layer + 1`).
pub type Pick = (usize, [usize; 4]);

/// What is on screen, which the navigation follows: the last valid plan,
/// or the last valid stack, or nothing.
#[derive(Clone, Copy, Debug)]
pub enum Shown<'a> {
    Nothing,
    Plan(&'a Plan),
    Stack(&'a Stack),
}

impl<'a> Shown<'a> {
    /// The stack if one is shown, else the plan if one is.
    pub fn of(plan: Option<&'a Plan>, stack: Option<&'a Stack>) -> Shown<'a> {
        match (stack, plan) {
            (Some(s), _) => Shown::Stack(s),
            (None, Some(p)) => Shown::Plan(p),
            (None, None) => Shown::Nothing,
        }
    }

    fn plan(self) -> Option<&'a Plan> {
        match self {
            Shown::Plan(p) => Some(p),
            _ => None,
        }
    }
}

/// What a person does that moves them in the scene.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    TogglePlay,
    Pause,
    Forward,
    Back,
    First,
    Last,
    /// Jump to a frame (clamped to the last).
    Seek(usize),
    SetLooping(bool),
    /// "Ask before each reveal": each frame the animation steps onto waits
    /// with its value unwritten until [`Event::Reveal`].
    SetAsk(bool),
    /// Write the value the frame asks for, and play on if it was playing.
    Reveal,
    /// Open a screen.
    Show(View),
    /// Switch between the lab and the compare view (the `C` key).
    ToggleCompare,
    /// Gather or scatter, keeping the position: a gather frame maps to the
    /// last stamp that completes its output cell, a stamp to the first
    /// cell it completes.
    Frame(Framing),
    SetMatrix(bool),
    ToggleMatrix,
    /// Pick a cell, or clear the pick.
    Pick(Option<Pick>),
    /// Pick a cell, or clear the pick when it is the one picked.
    TogglePick(Pick),
    /// The scene was edited: keep the position where it still exists.
    Edited,
    /// A whole scene was opened (a lesson, a link, a file, a picture), with
    /// the view and step it carries. A view name sets the screen, the
    /// framing and the matrix; none keeps them. The pick is cleared.
    Opened {
        view: Option<String>,
        step: usize,
    },
}

/// The navigation state. Plain data: the UI holds one signal of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Nav {
    view: View,
    framing: Framing,
    matrix: bool,
    timeline: Timeline,
    pick: Option<Pick>,
}

/// The screen, framing and matrix a view name stands for: `"compare"`,
/// `"scatter"` and `"matrix"` (the lab with those views open), else the lab.
pub fn parse_view(name: &str) -> (View, Framing, bool) {
    match name {
        "compare" => (View::Compare, Framing::Gather, false),
        "network" => (View::Network, Framing::Gather, false),
        "practice" => (View::Practice, Framing::Gather, false),
        "scatter" => (View::Lab, Framing::Scatter, false),
        "matrix" => (View::Lab, Framing::Gather, true),
        _ => (View::Lab, Framing::Gather, false),
    }
}

/// With the answer hidden, whether output cell `index` of `plan` is still
/// blank at `step`: the kernel has not reached it (a cell no frame writes
/// is blank too).
pub fn answer_hidden(plan: Option<&Plan>, index: [usize; 4], step: usize) -> bool {
    plan.and_then(|p| p.step_of(index)).is_none_or(|s| s > step)
}

/// [`answer_hidden`] at the timeline's step, where the cell of a frame
/// that asks before its reveal is blank too.
pub fn answer_hidden_at(plan: Option<&Plan>, index: [usize; 4], timeline: &Timeline) -> bool {
    let step = timeline.step();
    answer_hidden(plan, index, step)
        || (timeline.is_asking() && plan.and_then(|p| p.step_of(index)) == Some(step))
}

/// Whether every answer shows at frame `step` of `frames`: always, unless
/// the person hides the answer; then once the animation is on its last
/// frame, where every output cell has been computed. What quotes outputs
/// as a whole (a lesson's numbers, the count of cells that differ) follows it.
pub fn answers_shown(hide_answer: bool, step: usize, frames: usize) -> bool {
    !hide_answer || step + 1 >= frames
}

/// The step of a stack's timeline that computes the picked cell.
fn stack_step_of((layer, index): Pick, shown: Shown) -> Option<usize> {
    match shown {
        Shown::Stack(s) => {
            let local = s.plan(layer)?.step_of(index)?;
            s.timeline().global(layer, local)
        }
        _ => None,
    }
}

/// Whether `pick` is a cell of the shown stack's level it names.
fn pick_inside((layer, [n, c, i, j]): Pick, shown: Shown) -> bool {
    match shown {
        Shown::Stack(s) => s.level(layer + 1).is_some_and(|a| {
            let (nb, cb, h, w) = a.dim();
            n < nb && c < cb && i < h && j < w
        }),
        _ => false,
    }
}

/// Frame count and input channels per group of what is shown at `step`:
/// a stack's frames and the group of the layer the step falls in; a plan's
/// frames, or its stamps in the scatter framing of a transposed
/// convolution (one channel each); 0 and 1 with nothing shown.
pub fn dims(shown: Shown, framing: Framing, step: usize) -> (usize, usize) {
    match shown {
        Shown::Nothing => (0, 1),
        Shown::Stack(s) => {
            let layer = s.timeline().locate(step).map_or(0, |(l, _)| l);
            (s.frame_count(), s.plan(layer).map_or(1, |p| p.group_in()))
        }
        Shown::Plan(p) if scatter_of(Some(p), framing) => (p.scatter_frame_count(), 1),
        Shown::Plan(p) => (p.frame_count(), p.group_in()),
    }
}

/// [`Nav::frame`] for a step and framing: in the scatter framing the step
/// is a stamp, and the frame is the gather frame the core matches to it.
pub fn frame_of(plan: Option<&Plan>, step: usize, framing: Framing) -> Option<Frame> {
    let plan = plan?;
    let gather = if scatter_of(Some(plan), framing) {
        plan.gather_step_of_scatter(step)?
    } else {
        step
    };
    plan.frame_at(gather)
}

/// Whether `framing` shows `plan` as the scatter view.
pub fn scatter_of(plan: Option<&Plan>, framing: Framing) -> bool {
    framing == Framing::Scatter && plan.is_some_and(|p| p.spread.is_some())
}

impl Nav {
    /// The navigation of a scene just opened with `view` and `step`.
    pub fn new(view: Option<&str>, step: usize, shown: Shown) -> Nav {
        let (view, framing, matrix) = parse_view(view.unwrap_or("lab"));
        let mut nav = Nav {
            view,
            framing,
            matrix,
            timeline: Timeline::default(),
            pick: None,
        };
        nav.fit(shown);
        nav.timeline.seek(step);
        nav.fit(shown);
        nav
    }

    pub fn view(&self) -> View {
        self.view
    }
    pub fn framing(&self) -> Framing {
        self.framing
    }
    pub fn matrix(&self) -> bool {
        self.matrix
    }
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }
    pub fn pick(&self) -> Option<Pick> {
        self.pick
    }

    /// Whether the scatter view is showing: the scatter framing, and a
    /// transposed convolution shown.
    pub fn scatter_on(&self, shown: Shown) -> bool {
        scatter_of(shown.plan(), self.framing)
    }

    /// The view as links, files and the autosave carry it: `"scatter"` and
    /// `"matrix"` are the lab with those views open.
    pub fn view_name(&self, shown: Shown) -> &'static str {
        match (self.view, self.scatter_on(shown), self.matrix) {
            (View::Lab, true, _) => "scatter",
            (View::Lab, false, true) => "matrix",
            (View::Lab, false, false) => "lab",
            (View::Compare, _, _) => "compare",
            (View::Network, _, _) => "network",
            (View::Practice, _, _) => "practice",
        }
    }

    /// The frame the arithmetic, the magnifier and the matrix show for
    /// `plan` at the step: in the scatter framing the step is a stamp, and
    /// the frame is the gather frame the core matches to it.
    pub fn frame(&self, plan: Option<&Plan>) -> Option<Frame> {
        frame_of(plan, self.timeline.step(), self.framing)
    }

    /// Whether the output cell at `index` of `plan` is still to be written
    /// when the answer is hidden: the kernel has not reached it, or its
    /// frame asks before its reveal (a cell no frame writes is hidden too).
    pub fn answer_hidden(&self, plan: Option<&Plan>, index: [usize; 4]) -> bool {
        answer_hidden_at(plan, index, &self.timeline)
    }

    /// Apply one event, then size the timeline to what is shown.
    pub fn update(&mut self, event: Event, shown: Shown) {
        match event {
            Event::TogglePlay => self.timeline.toggle_play(),
            Event::Pause => self.timeline.pause(),
            Event::Forward => self.timeline.forward(),
            Event::Back => self.timeline.back(),
            Event::First => self.timeline.first(),
            Event::Last => self.timeline.last(),
            Event::Seek(step) => self.timeline.seek(step),
            Event::SetLooping(on) => self.timeline.set_looping(on),
            Event::SetAsk(on) => self.timeline.set_ask(on),
            Event::Reveal => self.timeline.reveal(),
            Event::Show(view) => self.view = view,
            Event::ToggleCompare => {
                self.view = match self.view {
                    View::Compare => View::Lab,
                    View::Lab | View::Network | View::Practice => View::Compare,
                }
            }
            Event::Frame(to) => self.set_framing(to, shown),
            Event::SetMatrix(on) => self.matrix = on,
            Event::ToggleMatrix => self.matrix = !self.matrix,
            Event::Pick(pick) => self.pick = pick,
            Event::TogglePick(pick) => {
                self.pick = if self.pick == Some(pick) {
                    None
                } else {
                    // The animation goes to the frame that computes the
                    // picked cell: the arithmetic shows its sum.
                    if let Some(step) = stack_step_of(pick, shown) {
                        self.timeline.pause();
                        self.fit(shown);
                        self.timeline.seek(step);
                    }
                    Some(pick)
                }
            }
            Event::Edited => {}
            Event::Opened { view, step } => {
                self.timeline.pause();
                if let Some(v) = view.as_deref() {
                    (self.view, self.framing, self.matrix) = parse_view(v);
                }
                self.pick = None;
                self.fit(shown);
                self.timeline.seek(step);
            }
        }
        // The compare view draws gather frames.
        if self.view == View::Compare && self.framing == Framing::Scatter {
            self.set_framing(Framing::Gather, shown);
        }
        self.fit(shown);
    }

    fn set_framing(&mut self, to: Framing, shown: Shown) {
        if self.framing == to {
            return;
        }
        self.timeline.pause();
        let step = self.timeline.step();
        let mapped = shown
            .plan()
            .filter(|p| p.spread.is_some())
            .and_then(|p| match to {
                Framing::Scatter => p.index_at(step).and_then(|i| p.scatter_step_of_output(i)),
                Framing::Gather => p.gather_step_of_scatter(step),
            });
        self.framing = to;
        self.fit(shown);
        self.timeline.seek(mapped.unwrap_or(step));
    }

    /// Size the timeline to what is shown, and drop a pick that fell
    /// outside the stack.
    fn fit(&mut self, shown: Shown) {
        // A stack's group follows the layer of the step, which a rescale
        // may move: fit until it holds (at most twice).
        for _ in 0..2 {
            let (frames, group_in) = dims(shown, self.framing, self.timeline.step());
            let mut next = self.timeline;
            next.rescale(frames, group_in);
            if next == self.timeline {
                break;
            }
            self.timeline = next;
        }
        if self.pick.is_some_and(|p| !pick_inside(p, shown)) {
            self.pick = None;
        }
    }

    /// Whether every rule holds: the timeline in its ranges and sized to
    /// what is shown, the compare view in the gather framing, the pick
    /// inside the stack.
    pub fn is_consistent(&self, shown: Shown) -> bool {
        let (frames, group_in) = dims(shown, self.framing, self.timeline.step());
        let pick_ok = self.pick.is_none_or(|p| pick_inside(p, shown));
        self.timeline.is_consistent()
            && self.timeline.frames() == frames
            && self.timeline.group_in() == group_in.max(1)
            && !(self.view == View::Compare && self.framing == Framing::Scatter)
            && pick_ok
    }
}
