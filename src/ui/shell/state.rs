//! The lab's state: the scene and the core's navigation state
//! (`core::app::nav::Nav`) in two signals, a few switches of the page, and
//! everything else derived from the core's plain data. Every change of the
//! navigation goes through [`Lab::send`], so its rules are the core's.

use leptos::prelude::*;

use ndarray::Array4;

use crate::core::app::computed::Computed;
use crate::core::app::history::Page;
use crate::core::app::nav::{frame_of, scatter_of, Nav, Shown};
pub use crate::core::app::nav::{Event, Framing, Pick, View};
pub use crate::core::app::session::Source;
use crate::core::app::session::{draws_pictures, fill_seed, lesson_shown, opening, showing};
use crate::core::engine::timeline::Timeline;
use crate::core::model::scene::SharedModel;
use crate::core::model::target::Target;
use crate::core::ops::stack::Stack;
use crate::core::{Frame, Plan, Scene};

/// Shared by every component through context.
#[derive(Clone, Copy)]
pub struct Lab {
    /// What the user has set, valid or not.
    pub scene: RwSignal<Scene>,
    /// The engine's verdict on `scene`: one op's plan or a stack's chain,
    /// valid or refused (the core's `Computed`).
    pub computed: Memo<Computed>,
    /// The last plan that was valid: shown (dimmed) while the scene is not.
    pub shown: Memo<Option<Plan>>,
    /// The whole output of `shown`, computed once for every view.
    pub output: Memo<Option<Array4<f64>>>,
    /// The frame of `shown` at the timeline's step.
    pub frame: Memo<Option<Frame>>,
    /// Where the person is: screen, framing, matrix, timeline, pick. Only
    /// [`Lab::send`] changes it; the memos below read its parts.
    nav: RwSignal<Nav>,
    /// The animation: frame, channel reached, playing, looping.
    pub timeline: Memo<Timeline>,
    pub view: Memo<View>,
    /// Gather or scatter, for a transposed convolution; in scatter the
    /// timeline counts stamps.
    pub framing: Memo<Framing>,
    /// The matrix view is open.
    pub matrix: Memo<bool>,
    /// The cell picked for its receptive field: `(layer, [n, c, i, j])`.
    pub pick: Memo<Option<Pick>>,
    /// Steps per second.
    pub speed: RwSignal<f64>,
    /// Random fills made so far (each gets a seed of its own).
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
    /// The last valid stack of a stack scene: shown (dimmed) while it is refused.
    pub shown_stack: Memo<Option<Stack>>,
    /// Why "Undo this shape" picked the output padding it did.
    pub undo_note: RwSignal<Option<String>>,
    /// Draw the input and output as pictures, not number grids (a photo
    /// larger than 16 pixels a side).
    pub pictures: Memo<bool>,
    /// Undo, redo and the values sizes cut off (the core's rules): every
    /// change of the scene goes through it.
    pub(super) page: StoredValue<Page>,
    /// Whether there is something to undo, and to redo.
    pub undoable: RwSignal<(bool, bool)>,
    /// Text typed into grid cells that is not a number yet, with the value
    /// in effect when it was typed: a grid drawn again (a new size, a new
    /// channel count) shows it again, so nothing typed is lost.
    pub pending: StoredValue<Pending>,
    /// Counts the scenes opened (and the moments undo brought back): the
    /// grid editors write every cell again, half-typed text included.
    pub opened: RwSignal<u64>,
    /// The model on "your network": its text and input shape as typed.
    /// `None` until that page or a lesson or link sets it.
    pub net: RwSignal<Option<SharedModel>>,
}

/// Half-typed cell text by tensor and index (see [`Lab::pending`]), with
/// the value in effect when it was typed. A handful at most: a list (a hash
/// map cost 5 KB of the first load).
#[derive(Default)]
pub struct Pending(Vec<((Target, [usize; 4]), (String, Option<f64>))>);

impl Pending {
    pub fn new() -> Pending {
        Pending::default()
    }
    pub fn get(&self, at: &(Target, [usize; 4])) -> Option<&(String, Option<f64>)> {
        self.0.iter().find(|(k, _)| k == at).map(|(_, v)| v)
    }
    pub fn insert(&mut self, at: (Target, [usize; 4]), typed: (String, Option<f64>)) {
        self.remove(&at);
        self.0.push((at, typed));
    }
    pub fn remove(&mut self, at: &(Target, [usize; 4])) {
        self.0.retain(|(k, _)| k != at);
    }
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

impl Lab {
    pub fn new(scene: Scene) -> Lab {
        let step0 = scene.step.unwrap_or(0);
        // A link or a save opens as it was shown: its lesson, its switches.
        let shown_as = scene.showing.clone().unwrap_or_default();
        let lesson0 = lesson_shown(scene.showing.as_ref());
        // A link made on "your network" brings its model to that page;
        // otherwise the model last typed there.
        let net0 = scene
            .showing
            .as_ref()
            .and_then(|s| s.model.clone())
            .or_else(crate::ui::network::store::saved);
        let view0 = scene.view.clone();
        let scene = RwSignal::new(scene);
        let computed =
            Memo::new(move |prev: Option<&Computed>| scene.with(|s| Computed::of(s, prev)));
        let shown = Memo::new(move |prev: Option<&Option<Plan>>| {
            computed.with(|c| match c.plan() {
                Some(p) => Some(p.clone()),
                None => prev.cloned().flatten(),
            })
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
        // The last valid stack of a stack scene (the core keeps the levels
        // an edit cannot reach; see `Computed::of`).
        let shown_stack = Memo::new(move |prev: Option<&Option<Stack>>| {
            computed.with(|c| match c {
                Computed::Stack(Ok(s)) => Some(s.clone()),
                Computed::Stack(Err(_)) => prev.cloned().flatten(),
                Computed::Op(_) => None,
            })
        });
        let nav = RwSignal::new(shown.with_untracked(|p| {
            shown_stack.with_untracked(|s| {
                Nav::new(view0.as_deref(), step0, Shown::of(p.as_ref(), s.as_ref()))
            })
        }));
        let timeline = Memo::new(move |_| nav.with(|n| *n.timeline()));
        let framing = Memo::new(move |_| nav.with(Nav::framing));
        // In the scatter framing the step is a stamp: the gather frame shown
        // (arithmetic, matrix) is the core's match for it.
        let frame = Memo::new(move |_| {
            let step = timeline.with(Timeline::step);
            let f = framing.get();
            shown.with(|p| frame_of(p.as_ref(), step, f))
        });
        Lab {
            scene,
            computed,
            shown,
            output,
            frame,
            nav,
            timeline,
            view: Memo::new(move |_| nav.with(Nav::view)),
            framing,
            matrix: Memo::new(move |_| nav.with(Nav::matrix)),
            pick: Memo::new(move |_| nav.with(Nav::pick)),
            speed: RwSignal::new(4.0),
            seed: RwSignal::new(1),
            hide_answer: RwSignal::new(shown_as.hide_answer),
            classroom: RwSignal::new(shown_as.classroom),
            help: RwSignal::new(false),
            drawer: RwSignal::new(false),
            lesson: RwSignal::new(lesson0),
            notice: RwSignal::new(None),
            share_link: RwSignal::new(None),
            shown_stack,
            undo_note: RwSignal::new(None),
            pictures: Memo::new(move |_| scene.with(draws_pictures)),
            page: StoredValue::new(Page::default()),
            undoable: RwSignal::new((false, false)),
            pending: StoredValue::new(Pending::new()),
            opened: RwSignal::new(0),
            net: RwSignal::new(net0),
        }
    }

    /// Send the navigation an event; the core applies it and sizes the
    /// timeline to what is shown. Nothing after the page is gone.
    pub fn send(&self, event: Event) {
        let Some(next) = self.nav.try_with_untracked(|n| {
            let mut next = n.clone();
            self.shown.with_untracked(|p| {
                self.shown_stack.with_untracked(|s| {
                    next.update(event, Shown::of(p.as_ref(), s.as_ref()));
                })
            });
            next
        }) else {
            return;
        };
        // An event that changes nothing (most edits keep the timeline)
        // wakes nothing that follows the navigation.
        if self.nav.with_untracked(|n| *n != next) {
            self.nav.set(next);
        }
    }

    /// Whether the scatter view is showing (tracked).
    pub fn scatter_on(&self) -> bool {
        let f = self.framing.get();
        self.shown.with(|p| scatter_of(p.as_ref(), f))
    }

    /// Switch between gather and scatter, keeping the position.
    pub fn set_framing(&self, to: Framing) {
        self.send(Event::Frame(to));
    }

    /// Hide the answer on or off. Off also stops asking before each
    /// reveal, which only makes sense with the answer hidden.
    pub fn set_hide_answer(&self, on: bool) {
        self.hide_answer.set(on);
        if !on {
            self.send(Event::SetAsk(false));
        }
    }

    /// Classroom mode on or off. "Ask before each reveal" is a classroom
    /// control: off stops it.
    pub fn set_classroom(&self, on: bool) {
        self.classroom.set(on);
        if !on {
            self.send(Event::SetAsk(false));
        }
    }

    /// "Ask before each reveal" on or off: on hides the answer too.
    pub fn set_ask(&self, on: bool) {
        if on {
            self.hide_answer.set(true);
        }
        self.send(Event::SetAsk(on));
    }

    /// The frame on screen waits for its reveal.
    pub fn asking(&self) -> bool {
        self.timeline.with(Timeline::is_asking)
    }

    pub fn toggle_play(&self) {
        self.send(Event::TogglePlay);
    }
    pub fn pause(&self) {
        self.send(Event::Pause);
    }
    pub fn forward(&self) {
        self.send(Event::Forward);
    }
    pub fn back(&self) {
        self.send(Event::Back);
    }
    pub fn go_to(&self, step: usize) {
        self.send(Event::Seek(step));
    }

    /// Open a scene from `source`: the page around it follows the core's
    /// rule (`app::session::opening`), then the scene is loaded.
    pub fn open(&self, mut scene: Scene, source: Source) {
        let o = opening(source);
        if let Some(v) = o.view {
            scene.view = Some(v.to_string());
        }
        if let Some(now) = self.moment() {
            self.page.update_value(|p| p.open(now, &scene, o.lesson));
            self.sync_undo();
        }
        if o.clears_notice {
            self.notice.set(None);
        }
        self.undo_note.set(None);
        self.lesson.set(o.lesson);
        // Another scene: half-typed text was about the one before.
        self.pending.update_value(Pending::clear);
        self.opened.update(|k| *k += 1);
        self.load(scene);
    }

    /// Replace the whole scene with its step and view (a link at start goes
    /// straight here; everything a person opens goes through [`Lab::open`]).
    pub fn load(&self, scene: Scene) {
        // A lesson or a link on "your network" brings its model there.
        if let Some(m) = scene.showing.as_ref().and_then(|s| s.model.clone()) {
            self.net.set(Some(m));
        }
        let view = scene.view.clone();
        let step = scene.step.unwrap_or(0);
        self.pause();
        self.scene.set(scene);
        self.send(Event::Opened { view, step });
    }

    /// The scene with the UI's step and view, as links and files carry it.
    pub fn snapshot(&self) -> Scene {
        let mut s = self.scene.get_untracked();
        s.step = Some(self.timeline.with_untracked(Timeline::step));
        s.view = self.view_name();
        s.showing = showing(
            self.lesson.get_untracked(),
            self.classroom.get_untracked(),
            self.hide_answer.get_untracked(),
        );
        // Made on "your network": the link carries the pasted model.
        if self.view.get_untracked() == View::Network {
            if let Some(m) = self.net.get_untracked() {
                s.showing.get_or_insert_with(Default::default).model = Some(m);
            }
        }
        s
    }

    /// The view as links, files and the autosave carry it: `"scatter"` and
    /// `"matrix"` are the lab with those views open. `None` once disposed.
    pub fn view_name(&self) -> Option<String> {
        self.nav.try_with_untracked(|n| {
            self.shown.with_untracked(|p| {
                self.shown_stack
                    .with_untracked(|s| n.view_name(Shown::of(p.as_ref(), s.as_ref())).to_string())
            })
        })
    }

    /// Number of frames of the shown plan.
    pub fn frame_count(&self) -> usize {
        self.timeline.with(Timeline::frames)
    }

    /// The frame shown (always inside the shown plan's timeline).
    pub fn current_step(&self) -> usize {
        self.timeline.with(Timeline::step)
    }

    pub(super) fn current_step_untracked(&self) -> usize {
        self.timeline.with_untracked(Timeline::step)
    }

    /// The group's input channel the frame's sum has reached.
    pub fn current_sub(&self) -> usize {
        self.timeline.with(Timeline::channel_reached)
    }

    /// The seed of the next random fill.
    pub fn next_seed(&self) -> u64 {
        let s = self.seed.get_untracked();
        self.seed.set(s.wrapping_add(1));
        fill_seed(s)
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
