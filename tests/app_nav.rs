//! The navigation state machine (`core::app::nav`): its rules one by one,
//! and random event sequences over every lesson's scene, which never panic
//! and always leave every rule holding.

use convlab::core::app::nav::{dims, Event, Framing, Nav, Pick, Shown, View};
use convlab::core::content::lessons;
use convlab::core::ops::stack::Stack;
use convlab::core::{Op, Plan, Scene};
use proptest::prelude::*;

/// What the page would show for a scene: its plan, or its stack.
struct Shows {
    plan: Option<Plan>,
    stack: Option<Stack>,
}

impl Shows {
    fn of(scene: &Scene) -> Shows {
        match &scene.op {
            Op::Sequential(s) => Shows {
                plan: None,
                stack: Stack::new(s).ok(),
            },
            _ => Shows {
                plan: Plan::new(scene).ok(),
                stack: None,
            },
        }
    }
    fn shown(&self) -> Shown<'_> {
        Shown::of(self.plan.as_ref(), self.stack.as_ref())
    }
}

fn lesson_scenes() -> Vec<(String, Scene)> {
    lessons::all()
        .iter()
        .map(|s| (s.id.to_string(), s.scene()))
        .collect()
}

/// The first lesson scene of a transposed convolution.
fn transposed() -> Shows {
    let (_, scene) = lesson_scenes()
        .into_iter()
        .find(|(_, s)| matches!(s.op, Op::Transpose(_)) && Plan::new(s).is_ok())
        .expect("a transposed lesson");
    Shows::of(&scene)
}

#[test]
fn switching_the_framing_keeps_the_output_cell() {
    let t = transposed();
    let p = t.plan.as_ref().unwrap();
    let mut nav = Nav::new(Some("lab"), 0, t.shown());
    let gather = p.frame_count() / 2;
    nav.update(Event::Seek(gather), t.shown());
    nav.update(Event::Frame(Framing::Scatter), t.shown());
    assert!(nav.scatter_on(t.shown()));
    let index = p.index_at(gather).unwrap();
    assert_eq!(Some(nav.timeline().step()), p.scatter_step_of_output(index));
    assert_eq!(nav.timeline().frames(), p.scatter_frame_count());
    assert_eq!(nav.timeline().group_in(), 1, "a stamp is one input cell");
    // The frame shown in scatter is the gather frame matched to the stamp.
    let frame = nav.frame(Some(p)).unwrap();
    assert_eq!(
        Some(frame.step),
        p.gather_step_of_scatter(nav.timeline().step())
    );
    nav.update(Event::Frame(Framing::Gather), t.shown());
    assert_eq!(nav.timeline().frames(), p.frame_count());
    assert_eq!(
        p.index_at(nav.timeline().step()).map(|i| i[..2].to_vec()),
        Some(index[..2].to_vec())
    );
}

#[test]
fn the_compare_view_draws_gather_frames() {
    let t = transposed();
    let mut nav = Nav::new(Some("scatter"), 3, t.shown());
    assert!(nav.scatter_on(t.shown()));
    nav.update(Event::ToggleCompare, t.shown());
    assert_eq!(nav.view(), View::Compare);
    assert_eq!(nav.framing(), Framing::Gather);
    assert_eq!(nav.view_name(t.shown()), "compare");
    nav.update(Event::Frame(Framing::Scatter), t.shown());
    assert_eq!(nav.framing(), Framing::Gather, "not while comparing");
}

#[test]
fn view_names_read_back() {
    let t = transposed();
    for name in ["lab", "compare", "scatter", "matrix"] {
        let nav = Nav::new(Some(name), 0, t.shown());
        assert_eq!(nav.view_name(t.shown()), name);
    }
    // Scatter needs a transposed convolution: a conv2d's scatter is the lab.
    let conv = Shows::of(&lessons::all()[0].scene());
    assert_eq!(
        Nav::new(Some("scatter"), 0, conv.shown()).view_name(conv.shown()),
        "lab"
    );
    assert_eq!(
        Nav::new(None, 0, conv.shown()).view_name(conv.shown()),
        "lab"
    );
    assert_eq!(
        Nav::new(Some("nonsense"), 0, conv.shown()).view_name(conv.shown()),
        "lab"
    );
}

#[test]
fn opening_a_scene_clears_the_pick_and_keeps_an_unnamed_view() {
    let stack_scene = lesson_scenes()
        .into_iter()
        .map(|(_, s)| s)
        .find(|s| matches!(s.op, Op::Sequential(_)))
        .unwrap();
    let st = Shows::of(&stack_scene);
    let mut nav = Nav::new(Some("compare"), 0, st.shown());
    nav.update(Event::Pick(Some((0, [0, 0, 0, 0]))), st.shown());
    assert_eq!(nav.pick(), Some((0, [0, 0, 0, 0])));
    nav.update(Event::TogglePick((0, [0, 0, 0, 0])), st.shown());
    assert_eq!(nav.pick(), None);
    nav.update(Event::Pick(Some((0, [0, 0, 1, 1]))), st.shown());
    nav.update(Event::TogglePlay, st.shown());
    nav.update(
        Event::Opened {
            view: None,
            step: 5,
        },
        st.shown(),
    );
    assert_eq!(nav.pick(), None);
    assert_eq!(nav.view(), View::Compare);
    assert_eq!(nav.timeline().step(), 5);
    assert!(!nav.timeline().is_playing());
    // A pick outside the stack is dropped.
    nav.update(Event::Pick(Some((0, [0, 0, 999, 0]))), st.shown());
    assert_eq!(nav.pick(), None);
}

#[test]
fn a_stacks_timeline_follows_the_group_of_the_layer_it_is_in() {
    // Layer 0 reads 2 channels per group, layer 1 one.
    let scene = Scene::from_json(
        r#"{"op": "torch.sequential", "input": [[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]],
            "layers": [{"weight": [[[[1]], [[1]]], [[[1]], [[2]]]]},
                       {"weight": [[[[1]]], [[[1]]]], "groups": 2}]}"#,
    )
    .unwrap();
    let st = Shows::of(&scene);
    let s = st.stack.as_ref().unwrap();
    let mut nav = Nav::new(None, 0, st.shown());
    assert_eq!(nav.timeline().group_in(), 2);
    nav.update(Event::Seek(s.plan(0).unwrap().frame_count()), st.shown());
    assert_eq!(nav.timeline().group_in(), 1, "in layer 1");
    assert_eq!(dims(st.shown(), Framing::Gather, 0), (s.frame_count(), 2));
}

#[test]
fn picking_a_stack_cell_goes_to_the_frame_that_computes_it() {
    let scene = lessons::all()
        .iter()
        .map(|s| s.scene())
        .find(|s| matches!(&s.op, Op::Sequential(q) if q.layers.len() >= 2))
        .expect("a lesson with a stack of two layers");
    let st = Shows::of(&scene);
    let s = st.stack.as_ref().unwrap();
    let mut nav = Nav::new(None, 0, st.shown());
    let level = s.level(2).unwrap();
    let (_, _, h, w) = level.dim();
    let pick: Pick = (1, [0, 0, h - 1, w / 2]);
    nav.update(Event::TogglePick(pick), st.shown());
    assert_eq!(nav.pick(), Some(pick));
    let (layer, local) = s.timeline().locate(nav.timeline().step()).unwrap();
    assert_eq!(layer, 1);
    assert_eq!(
        s.plan(1).unwrap().frame_at(local).unwrap().index,
        pick.1,
        "the frame writes the picked cell"
    );
    assert!(!nav.timeline().is_playing());
    // Unpicking leaves the animation where it is.
    let at = nav.timeline().step();
    nav.update(Event::TogglePick(pick), st.shown());
    assert_eq!((nav.pick(), nav.timeline().step()), (None, at));
}

#[test]
fn the_hidden_answer_is_every_cell_the_kernel_has_not_reached() {
    let conv = Shows::of(&lessons::all()[0].scene());
    let p = conv.plan.as_ref().unwrap();
    let mut nav = Nav::new(None, 0, conv.shown());
    nav.update(Event::Seek(3), conv.shown());
    let hidden: Vec<bool> = (0..p.frame_count())
        .map(|k| nav.answer_hidden(Some(p), p.index_at(k).unwrap()))
        .collect();
    assert!(hidden[..=3].iter().all(|h| !h));
    assert!(hidden[4..].iter().all(|&h| h));
    assert!(
        nav.answer_hidden(Some(p), [9, 9, 99, 99]),
        "a cell no frame writes"
    );
}

/// "Ask before each reveal": the cell of the frame the animation steps
/// onto stays blank until the reveal, which plays on.
#[test]
fn asking_keeps_the_next_cell_blank_until_its_reveal() {
    let conv = Shows::of(&lessons::all()[0].scene());
    let p = conv.plan.as_ref().unwrap();
    let mut nav = Nav::new(None, 0, conv.shown());
    nav.update(Event::SetAsk(true), conv.shown());
    nav.update(Event::TogglePlay, conv.shown());
    nav.update(Event::Forward, conv.shown());
    let cell = p.index_at(1).unwrap();
    assert!(nav.timeline().is_asking() && !nav.timeline().is_playing());
    assert!(nav.answer_hidden(Some(p), cell), "asked, not written");
    assert!(!nav.answer_hidden(Some(p), p.index_at(0).unwrap()));
    nav.update(Event::Reveal, conv.shown());
    assert!(!nav.answer_hidden(Some(p), cell), "revealed");
    assert!(nav.timeline().is_playing(), "and playing on");
    assert!(nav.is_consistent(conv.shown()));
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::TogglePlay),
        Just(Event::Pause),
        Just(Event::Forward),
        Just(Event::Back),
        Just(Event::First),
        Just(Event::Last),
        (0usize..400).prop_map(Event::Seek),
        any::<bool>().prop_map(Event::SetLooping),
        any::<bool>().prop_map(Event::SetAsk),
        Just(Event::Reveal),
        prop_oneof![Just(View::Lab), Just(View::Compare)].prop_map(Event::Show),
        Just(Event::ToggleCompare),
        prop_oneof![Just(Framing::Gather), Just(Framing::Scatter)].prop_map(Event::Frame),
        any::<bool>().prop_map(Event::SetMatrix),
        Just(Event::ToggleMatrix),
        (0usize..3, 0usize..2, 0usize..3, 0usize..10, 0usize..10)
            .prop_map(|(l, n, c, i, j)| Event::Pick(Some((l, [n, c, i, j]) as Pick))),
        (0usize..3, 0usize..10, 0usize..10)
            .prop_map(|(l, i, j)| Event::TogglePick((l, [0, 0, i, j]))),
        Just(Event::Pick(None)),
        Just(Event::Edited),
        (
            proptest::option::of(prop_oneof![
                Just("lab".to_string()),
                Just("compare".to_string()),
                Just("scatter".to_string()),
                Just("matrix".to_string()),
                Just("junk".to_string()),
            ]),
            0usize..500
        )
            .prop_map(|(view, step)| Event::Opened { view, step }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Random events, with the scene changing under them (an edit or a
    /// newly opened scene shows another lesson's scene), never panic and
    /// keep every rule: the timeline in range and sized to what is shown,
    /// the compare view in gather, a pick inside the stack.
    #[test]
    fn random_events_keep_every_rule(
        first in 0usize..64,
        steps in proptest::collection::vec((event(), proptest::option::of(0usize..64)), 1..60),
    ) {
        let scenes = lesson_scenes();
        let shows: Vec<Shows> = scenes.iter().map(|(_, s)| Shows::of(s)).collect();
        let mut at = first % shows.len();
        let mut nav = Nav::new(Some("lab"), 0, shows[at].shown());
        prop_assert!(nav.is_consistent(shows[at].shown()));
        for (event, switch) in steps {
            // An edit or an opening may bring another scene (another shape).
            if let (Some(k), Event::Edited | Event::Opened { .. }) = (switch, &event) {
                at = k % shows.len();
            }
            let shown = shows[at].shown();
            let opened_at = match &event {
                Event::Opened { step, .. } => Some(*step),
                _ => None,
            };
            nav.update(event.clone(), shown);
            prop_assert!(
                nav.is_consistent(shown),
                "after {:?} on {}: {:?}", event, scenes[at].0, nav
            );
            if let Some(step) = opened_at {
                let frames = nav.timeline().frames();
                prop_assert_eq!(nav.timeline().step(), step.min(frames.saturating_sub(1)));
                prop_assert_eq!(nav.pick(), None);
                prop_assert!(!nav.timeline().is_playing());
            }
            // The frame shown is the timeline's (or its gather match).
            if let Some(p) = shows[at].plan.as_ref() {
                if let Some(f) = nav.frame(Some(p)) {
                    prop_assert!(f.step < p.frame_count());
                    if !nav.scatter_on(shown) {
                        prop_assert_eq!(f.step, nav.timeline().step());
                    }
                }
            }
        }
    }
}
