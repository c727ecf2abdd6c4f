//! Undo and redo (`core::app::history::Page`) under random hands: any
//! sequence of edits, resizes, typed runs, opened lessons, undos and redos
//! over every lesson's scene; then undoing everything brings the first
//! moment back bit for bit, and redoing everything the last.

use convlab::core::app::args::{ArgsAt, ArgsEdit};
use convlab::core::app::computed::Computed;
use convlab::core::app::edit::{Edit, LayerEdit, PoolEdit, ScipyEdit, TransposeEdit};
use convlab::core::app::history::{Moment, Page, Where};
use convlab::core::content::lessons;
use convlab::core::image::presets::{KernelPreset, Mapping};
use convlab::core::model::conv2d::{PaddingKind, PaddingMode};
use convlab::core::model::edit::Pattern;
use convlab::core::model::limits::{
    EDIT_MAX_BATCH, EDIT_MAX_CHANNELS, EDIT_MAX_KERNEL, EDIT_MAX_SIDE, MAX_LAYERS,
};
use convlab::core::model::scene::{Boundary, Mode, OpKind};
use convlab::core::model::target::Target;
use convlab::core::ops::stack::edit::LayerFill;
use convlab::core::ops::stack::PoolKind;
use convlab::core::Scene;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Act {
    /// Type the digits of a number into one cell, one keystroke each.
    Type(Target, [usize; 4], Vec<f64>),
    /// Any other edit the page can send.
    Edit(Edit),
    Open(usize),
    Step(usize),
    Undo,
    Redo,
}

/// A change to a pool layer's arguments, PyTorch's refusals included.
fn pool_edit() -> impl Strategy<Value = PoolEdit> {
    prop_oneof![
        prop::sample::select(PoolKind::ALL.to_vec()).prop_map(PoolEdit::Kind),
        (0usize..2, -1i64..4).prop_map(|(a, v)| PoolEdit::Stride(a, v)),
        any::<bool>().prop_map(PoolEdit::DefaultStride),
        (0usize..2, -1i64..3).prop_map(|(a, v)| PoolEdit::Padding(a, v)),
        (0usize..2, 0i64..3).prop_map(|(a, v)| PoolEdit::Dilation(a, v)),
        any::<bool>().prop_map(PoolEdit::CeilMode),
        any::<bool>().prop_map(PoolEdit::CountIncludePad),
        prop::option::of(-2i64..5).prop_map(PoolEdit::DivisorOverride),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        Just(Target::Input),
        Just(Target::Kernel),
        (0usize..3).prop_map(Target::Layer)
    ]
}

fn axis_value() -> impl Strategy<Value = (usize, i64)> {
    (0usize..3, -3i64..12)
}

/// Every kind of edit, with values in and out of range.
fn edit() -> impl Strategy<Value = Edit> {
    let kind = prop::sample::select(vec![
        OpKind::Torch,
        OpKind::Convolve,
        OpKind::Correlate,
        OpKind::Transpose,
        OpKind::Sequential,
    ]);
    let at = prop_oneof![Just(ArgsAt::Lab), (0usize..4).prop_map(ArgsAt::Layer)];
    let args = prop_oneof![
        axis_value().prop_map(|(a, v)| ArgsEdit::Stride(a, v)),
        axis_value().prop_map(|(a, v)| ArgsEdit::Dilation(a, v)),
        axis_value().prop_map(|(a, v)| ArgsEdit::Pad(a, v)),
        prop::sample::select(PaddingKind::ALL.to_vec()).prop_map(ArgsEdit::Padding),
        prop::sample::select(vec![
            PaddingMode::Zeros,
            PaddingMode::Reflect,
            PaddingMode::Replicate,
            PaddingMode::Circular
        ])
        .prop_map(ArgsEdit::Mode),
        (-2i64..9).prop_map(ArgsEdit::Groups),
        any::<bool>().prop_map(ArgsEdit::Bias),
    ];
    let scipy = prop_oneof![
        prop::sample::select(Mode::ALL.to_vec()).prop_map(ScipyEdit::Mode),
        prop::sample::select(Boundary::ALL.to_vec()).prop_map(ScipyEdit::Boundary),
        (-9.0f64..9.0).prop_map(ScipyEdit::FillValue),
    ];
    let transpose = prop_oneof![
        axis_value().prop_map(|(a, v)| TransposeEdit::Stride(a, v)),
        axis_value().prop_map(|(a, v)| TransposeEdit::Padding(a, v)),
        axis_value().prop_map(|(a, v)| TransposeEdit::OutputPadding(a, v)),
        axis_value().prop_map(|(a, v)| TransposeEdit::Dilation(a, v)),
        (-2i64..9).prop_map(TransposeEdit::Groups),
        any::<bool>().prop_map(TransposeEdit::Bias),
        prop::option::of(prop::array::uniform2(-2i64..40)).prop_map(TransposeEdit::OutputSize),
        axis_value().prop_map(|(a, v)| TransposeEdit::OutputSizeAxis(a, v * 3)),
    ];
    let layer = prop_oneof![
        Just(LayerEdit::Add),
        (0usize..4).prop_map(LayerEdit::Duplicate),
        (0usize..4).prop_map(LayerEdit::Remove),
        (0usize..4, any::<bool>()).prop_map(|(l, up)| LayerEdit::Move(l, up)),
        (0usize..4, -2i64..9).prop_map(|(l, v)| LayerEdit::OutChannels(l, v)),
        (0usize..4, 0usize..3, -2i64..12).prop_map(|(l, a, v)| LayerEdit::KernelSize(l, a, v)),
        (
            0usize..4,
            prop::sample::select(LayerFill::ALL.to_vec()),
            any::<u64>()
        )
            .prop_map(|(l, f, s)| LayerEdit::Fill(l, f, s)),
        (0usize..4, 0usize..9, -9.0f64..9.0).prop_map(|(l, o, v)| LayerEdit::Bias(l, o, v)),
        prop::sample::select(PoolKind::ALL.to_vec()).prop_map(LayerEdit::AddPool),
        (0usize..4, pool_edit()).prop_map(|(l, e)| LayerEdit::Pool(l, e)),
    ];
    prop_oneof![
        1 => kind.prop_map(Edit::Kind),
        3 => (target(), 0usize..5, -2i64..12).prop_map(|(t, a, n)| Edit::Size(t, a, n)),
        1 => (target(), prop::sample::select(Pattern::ALL.to_vec()), any::<u64>())
            .prop_map(|(t, p, s)| Edit::Fill(t, p, s)),
        1 => any::<u64>().prop_map(Edit::InitLikeConv2d),
        1 => (0usize..9, -9.0f64..9.0).prop_map(|(o, v)| Edit::Bias(o, v)),
        3 => (at, args).prop_map(|(at, e)| Edit::Args(at, e)),
        1 => scipy.prop_map(Edit::Scipy),
        2 => transpose.prop_map(Edit::Transpose),
        1 => (prop::sample::select(KernelPreset::ALL.to_vec()), any::<bool>()).prop_map(|(p, d)| {
            Edit::Preset(p, if d { Mapping::Depthwise } else { Mapping::ToOne })
        }),
        1 => prop::option::of("[a-z \u{3b1}-\u{3c9}]{0,12}").prop_map(Edit::Title),
        3 => layer.prop_map(Edit::Layer),
    ]
}

fn act(lessons: usize) -> impl Strategy<Value = Act> {
    prop_oneof![
        3 => (target(), prop::array::uniform4(0usize..3), prop::collection::vec(-50.0f64..50.0, 1..4))
            .prop_map(|(t, at, vs)| Act::Type(t, at, vs)),
        6 => edit().prop_map(Act::Edit),
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
                    let had = self.scene.value(t, idx).is_some();
                    let e = Edit::Value(t, idx, v);
                    self.page.edit(&mut self.scene, at.clone(), self.lesson, &e);
                    // Nothing typed is lost: a cell that exists holds
                    // what was typed into it.
                    if had {
                        assert_eq!(self.scene.value(t, idx), Some(v), "{e:?}");
                    }
                }
            }
            Act::Edit(e) => {
                self.page.edit(&mut self.scene, at, self.lesson, &e);
                within_limits(&self.scene);
                typed_size_holds(&self.scene, &e);
            }
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

/// Every tensor has sizes of at least 1, and a stack at most its layers
/// (a pool layer has no weight: its `Layer` target has none).
fn within_limits(s: &Scene) {
    let layers = s.stack().map_or(0, |st| st.layers.len());
    assert!(layers <= MAX_LAYERS, "{layers} layers");
    let conv = |l: usize| s.stack().is_none_or(|st| st.layers[l].as_conv().is_some());
    let mut targets = vec![Target::Input];
    if layers == 0 || conv(0) {
        targets.push(Target::Kernel);
    }
    targets.extend((0..layers).filter(|l| conv(*l)).map(Target::Layer));
    for t in targets {
        let d = s.dim(t);
        assert!(d.iter().all(|&x| x >= 1), "{t:?} {d:?}");
    }
}

/// A size typed into a PyTorch input's axis, or a conv2d kernel's, is the
/// size the tensor gets, within the editor's limits.
fn typed_size_holds(s: &Scene, e: &Edit) {
    let &Edit::Size(t, axis, v) = e else { return };
    let input = [
        EDIT_MAX_BATCH,
        EDIT_MAX_CHANNELS,
        EDIT_MAX_SIDE,
        EDIT_MAX_SIDE,
    ];
    let weight = [
        EDIT_MAX_CHANNELS,
        EDIT_MAX_CHANNELS,
        EDIT_MAX_KERNEL,
        EDIT_MAX_KERNEL,
    ];
    let max = match (s.kind(), t) {
        (OpKind::Torch | OpKind::Transpose | OpKind::Sequential, Target::Input) if axis < 4 => {
            input[axis]
        }
        (OpKind::Torch, Target::Kernel) if axis < 4 => weight[axis],
        _ => return,
    };
    let want = usize::try_from(v).unwrap_or(0).clamp(1, max);
    assert_eq!(s.dim(t)[axis], want, "{e:?} in a {:?} scene", s.kind());
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
        // Whatever was done, the scene computes or is refused in words.
        if let Some(r) = Computed::of(&sim.scene, None).refusal() {
            prop_assert!(!r.explanation.is_empty(), "a refusal without words: {:?}", r.rule);
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
