//! The lab's state: a few signals at the top, everything else derived from
//! the core's plain data.

use leptos::prelude::*;

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

/// Shared by every component through context.
#[derive(Clone, Copy)]
pub struct Lab {
    /// What the user has set, valid or not.
    pub scene: RwSignal<Scene>,
    /// The engine's verdict on `scene`.
    pub plan: Memo<Result<Plan, ConvError>>,
    /// The last plan that was valid: shown (dimmed) while the scene is not.
    pub shown: Memo<Option<Plan>>,
    /// The frame on the timeline.
    pub step: RwSignal<usize>,
    /// The input channel of the frame's group reached so far.
    pub sub: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    /// Steps per second.
    pub speed: RwSignal<f64>,
    pub looping: RwSignal<bool>,
    pub view: RwSignal<View>,
    /// Seed for the next random fill; bumped on every use.
    pub seed: RwSignal<u64>,
    /// Classroom: output cells stay blank until the kernel reaches them.
    pub hide_answer: RwSignal<bool>,
    /// Classroom: large type and high contrast for a projector.
    pub classroom: RwSignal<bool>,
    /// The keyboard shortcut overlay.
    pub help: RwSignal<bool>,
    /// The lesson step loaded last, if any.
    pub lesson: RwSignal<Option<usize>>,
    /// A message about the page itself (a broken link, a bad file).
    pub notice: RwSignal<Option<String>>,
    /// The share link just made.
    pub share_link: RwSignal<Option<String>>,
}

impl Lab {
    pub fn new(scene: Scene) -> Lab {
        let step0 = scene.step.unwrap_or(0);
        let view0 = scene.view.as_deref().map_or(View::Lab, View::parse);
        let scene = RwSignal::new(scene);
        let plan = Memo::new(move |_| scene.with(Plan::new));
        let shown = Memo::new(move |prev: Option<&Option<Plan>>| match plan.get() {
            Ok(p) => Some(p),
            Err(_) => prev.cloned().flatten(),
        });
        Lab {
            scene,
            plan,
            shown,
            step: RwSignal::new(step0),
            sub: RwSignal::new(usize::MAX),
            playing: RwSignal::new(false),
            speed: RwSignal::new(4.0),
            looping: RwSignal::new(true),
            view: RwSignal::new(view0),
            seed: RwSignal::new(1),
            hide_answer: RwSignal::new(false),
            classroom: RwSignal::new(false),
            help: RwSignal::new(false),
            lesson: RwSignal::new(None),
            notice: RwSignal::new(None),
            share_link: RwSignal::new(None),
        }
    }

    /// Play or pause; playing from the last frame without looping starts over.
    pub fn toggle_play(&self) {
        if self.playing.get_untracked() {
            self.playing.set(false);
        } else {
            let n = self
                .shown
                .with_untracked(|p| p.as_ref().map_or(0, Plan::frame_count));
            if !self.looping.get_untracked() && self.step.get_untracked() + 1 >= n {
                self.go_to(0);
            }
            self.playing.set(true);
        }
    }

    /// Replace the whole scene (a lesson, a link, a file), with its step and view.
    pub fn load(&self, scene: Scene) {
        self.playing.set(false);
        if let Some(v) = scene.view.as_deref() {
            self.view.set(View::parse(v));
        }
        self.step.set(scene.step.unwrap_or(0));
        self.sub.set(usize::MAX);
        self.scene.set(scene);
    }

    /// The scene with the UI's step and view, as links and files carry it.
    pub fn snapshot(&self) -> Scene {
        let mut s = self.scene.get_untracked();
        s.step = Some(self.step.get_untracked());
        s.view = Some(self.view.get_untracked().as_str().to_string());
        s
    }

    /// Number of frames of the shown plan.
    pub fn frame_count(&self) -> usize {
        self.shown.with(|p| p.as_ref().map_or(0, Plan::frame_count))
    }

    /// The step, kept inside the shown plan's timeline.
    pub fn current_step(&self) -> usize {
        let n = self.frame_count();
        self.step.get().min(n.saturating_sub(1))
    }

    /// The sub-step: how many input channels of the group are summed so far
    /// (all of them when `sub` is past the end).
    pub fn current_sub(&self) -> usize {
        let gi = self.shown.with(|p| p.as_ref().map_or(1, Plan::group_in));
        self.sub.get().min(gi - 1)
    }

    pub fn next_seed(&self) -> u64 {
        let s = self.seed.get_untracked();
        self.seed.set(s.wrapping_add(1));
        s.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED
    }

    /// One step forward: through the group's channels, then to the next frame.
    pub fn forward(&self) {
        let n = self.frame_count();
        if n == 0 {
            return;
        }
        let gi = self
            .shown
            .with_untracked(|p| p.as_ref().map_or(1, Plan::group_in));
        let sub = self.sub.get_untracked().min(gi - 1);
        let step = self.step.get_untracked().min(n - 1);
        if sub + 1 < gi {
            self.sub.set(sub + 1);
        } else if step + 1 < n {
            self.step.set(step + 1);
            self.sub.set(if gi > 1 { 0 } else { usize::MAX });
        } else if self.looping.get_untracked() {
            self.step.set(0);
            self.sub.set(if gi > 1 { 0 } else { usize::MAX });
        } else {
            self.playing.set(false);
        }
    }

    /// One step back: to the previous frame, shown complete.
    pub fn back(&self) {
        let step = self.current_step_untracked();
        self.step.set(step.saturating_sub(1));
        self.sub.set(usize::MAX);
    }

    pub fn go_to(&self, step: usize) {
        let n = self.frame_count();
        self.step.set(step.min(n.saturating_sub(1)));
        self.sub.set(usize::MAX);
    }

    fn current_step_untracked(&self) -> usize {
        let n = self
            .shown
            .with_untracked(|p| p.as_ref().map_or(0, Plan::frame_count));
        self.step.get_untracked().min(n.saturating_sub(1))
    }

    /// Apply an edit to the scene.
    pub fn edit(&self, f: impl FnOnce(&mut Scene)) {
        self.scene.update(f);
    }
}

/// The frame of a plan at the lab's step (the same step in every view).
pub fn frame_memo(lab: Lab, plan: Signal<Option<Plan>>) -> Memo<Option<Frame>> {
    Memo::new(move |_| {
        let step = lab.current_step();
        plan.with(|p| {
            p.as_ref()
                .and_then(|p| p.frame_at(step.min(p.frame_count().saturating_sub(1))))
        })
    })
}

pub fn use_lab() -> Lab {
    expect_context::<Lab>()
}
