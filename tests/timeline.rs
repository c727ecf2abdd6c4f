//! The animation timeline never leaves its range, whatever the user does
//! and however the scene changes under it.

use convlab::core::engine::timeline::{Progress, Timeline};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Action {
    Forward,
    Back,
    Seek(usize),
    First,
    Last,
    TogglePlay,
    Pause,
    Loop(bool),
    Rescale(usize, usize),
    Ask(bool),
    Reveal,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => Just(Action::Forward),
        2 => Just(Action::Back),
        2 => any::<usize>().prop_map(Action::Seek),
        2 => (0usize..40).prop_map(Action::Seek),
        1 => Just(Action::First),
        1 => Just(Action::Last),
        2 => Just(Action::TogglePlay),
        1 => Just(Action::Pause),
        1 => any::<bool>().prop_map(Action::Loop),
        2 => (0usize..40, 0usize..6).prop_map(|(f, g)| Action::Rescale(f, g)),
        1 => any::<bool>().prop_map(Action::Ask),
        2 => Just(Action::Reveal),
    ]
}

fn apply(t: &mut Timeline, a: &Action) {
    match *a {
        Action::Forward => t.forward(),
        Action::Back => t.back(),
        Action::Seek(s) => t.seek(s),
        Action::First => t.first(),
        Action::Last => t.last(),
        Action::TogglePlay => t.toggle_play(),
        Action::Pause => t.pause(),
        Action::Loop(on) => t.set_looping(on),
        Action::Rescale(f, g) => t.rescale(f, g),
        Action::Ask(on) => t.set_ask(on),
        Action::Reveal => t.reveal(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn no_transition_leaves_the_range(
        frames in 0usize..40,
        group_in in 0usize..6,
        actions in proptest::collection::vec(action(), 0..60),
    ) {
        let mut t = Timeline::new(frames, group_in);
        for a in &actions {
            apply(&mut t, a);
            prop_assert!(t.group_in() >= 1);
            if t.frames() == 0 {
                prop_assert_eq!(t.step(), 0);
                prop_assert!(!t.is_playing(), "playing with no frames after {:?}", a);
                prop_assert_eq!(t.position(), None);
            } else {
                prop_assert!(t.step() < t.frames(), "step {} of {} after {:?}", t.step(), t.frames(), a);
                prop_assert_eq!(t.position(), Some((t.step() + 1, t.frames())));
            }
            prop_assert!(t.channel_reached() < t.group_in());
            if let Progress::Through(k) = t.progress() {
                prop_assert!(k + 1 < t.group_in());
            }
            prop_assert!(t.is_consistent());
            if t.is_asking() {
                prop_assert!(t.asks() && !t.is_playing(), "asking while playing after {:?}", a);
            }
        }
    }

    /// Asking before each reveal, playing forward never writes a frame's
    /// value without a reveal: every frame it steps onto asks, and the
    /// reveal writes it whole.
    #[test]
    fn in_ask_mode_every_frame_waits_for_its_reveal(frames in 1usize..12, group_in in 1usize..5) {
        let mut t = Timeline::new(frames, group_in);
        t.set_ask(true);
        t.toggle_play();
        for _ in 0..2 * frames {
            t.forward();
            prop_assert!(t.is_asking(), "frame {} did not ask", t.step());
            prop_assert!(!t.is_playing());
            t.reveal();
            prop_assert_eq!(t.progress(), Progress::Complete);
            prop_assert!(t.is_playing() && !t.is_asking());
        }
    }

    /// Forward visits every (frame, channel) once per loop, in order.
    #[test]
    fn forward_visits_every_channel_of_every_frame(frames in 1usize..12, group_in in 1usize..5) {
        let mut t = Timeline::new(frames, group_in);
        t.first();
        let mut seen = vec![(t.step(), t.channel_reached())];
        for _ in 0..frames * group_in {
            t.forward();
            seen.push((t.step(), t.channel_reached()));
        }
        // From frame 0 complete, the next loop starts at frame 1 (or 0 when
        // there is one frame) and walks every channel.
        let mut want = vec![(0, group_in - 1)];
        for s in (1..frames).chain(std::iter::once(0)) {
            for k in 0..group_in {
                want.push((s, k));
            }
        }
        want.truncate(seen.len());
        prop_assert_eq!(seen, want);
    }
}
