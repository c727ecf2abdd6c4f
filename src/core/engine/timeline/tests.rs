use super::*;

#[test]
fn forward_walks_the_channels_then_the_frames() {
    let mut t = Timeline::new(2, 3);
    t.forward();
    assert_eq!((t.step(), t.progress()), (1, Progress::Through(0)));
    t.forward();
    assert_eq!((t.step(), t.channel_reached()), (1, 1));
    t.forward();
    assert_eq!((t.step(), t.progress()), (1, Progress::Complete));
    t.forward(); // loops
    assert_eq!((t.step(), t.progress()), (0, Progress::Through(0)));
}

#[test]
fn without_loop_playback_stops_on_the_last_frame() {
    let mut t = Timeline::new(2, 1);
    t.set_looping(false);
    t.toggle_play();
    assert!(t.is_playing());
    t.forward();
    assert_eq!(t.step(), 1);
    t.forward();
    assert_eq!(t.step(), 1);
    assert!(!t.is_playing());
    // Play again from the end starts over.
    t.toggle_play();
    assert_eq!((t.step(), t.is_playing()), (0, true));
}

#[test]
fn no_frames_means_no_position_and_no_play() {
    let mut t = Timeline::new(0, 1);
    assert_eq!(t.position(), None);
    t.toggle_play();
    t.forward();
    t.last();
    assert!(!t.is_playing());
    assert_eq!(t.step(), 0);
    assert!(t.is_consistent());
}

#[test]
fn rescale_clamps_and_keeps_what_still_exists() {
    let mut t = Timeline::new(10, 2);
    t.seek(7);
    t.rescale(20, 2);
    assert_eq!(t.step(), 7);
    t.rescale(4, 2);
    assert_eq!((t.step(), t.progress()), (3, Progress::Complete));
    t.seek(1);
    t.forward();
    assert_eq!(t.progress(), Progress::Through(0));
    t.rescale(4, 1);
    assert_eq!(t.progress(), Progress::Complete);
    t.toggle_play();
    t.rescale(0, 1);
    assert_eq!((t.step(), t.is_playing(), t.position()), (0, false, None));
}

#[test]
fn seek_clamps_to_the_last_frame() {
    let mut t = Timeline::new(5, 1);
    t.seek(usize::MAX);
    assert_eq!(t.position(), Some((5, 5)));
    t.back();
    t.back();
    assert_eq!(t.step(), 2);
    t.first();
    t.back();
    assert_eq!(t.step(), 0);
}

#[test]
fn asking_stops_before_each_value_and_a_reveal_writes_it_and_plays_on() {
    let mut t = Timeline::new(3, 2);
    t.set_ask(true);
    assert!(t.is_asking(), "the frame on screen asks first");
    // Play while asking reveals it and plays on.
    t.toggle_play();
    assert!(!t.is_asking() && t.is_playing());
    t.forward();
    // Frame 1 waits: nothing summed, not playing.
    assert_eq!((t.step(), t.is_asking(), t.is_playing()), (1, true, false));
    assert!(t.is_consistent());
    t.reveal();
    assert_eq!(
        (t.step(), t.progress(), t.is_asking(), t.is_playing()),
        (1, Progress::Complete, false, true),
        "the value written whole, and playing on"
    );
    t.forward();
    assert!(t.is_asking() && t.step() == 2);
    // A step forward is the reveal, not the next frame.
    t.forward();
    assert_eq!(
        (t.step(), t.is_asking(), t.progress()),
        (2, false, Progress::Complete)
    );
    // Looping back to frame 0 asks too.
    t.forward();
    assert_eq!((t.step(), t.is_asking()), (0, true));
    // Play while asking reveals and plays.
    t.toggle_play();
    assert_eq!((t.is_asking(), t.is_playing()), (false, true));
}

#[test]
fn a_jump_or_turning_asking_off_never_leaves_a_frame_waiting() {
    let mut t = Timeline::new(4, 1);
    t.set_ask(true);
    // Turned on, the frame on screen asks first; a step forward reveals it.
    assert_eq!((t.step(), t.is_asking()), (0, true));
    t.forward();
    assert_eq!((t.step(), t.is_asking()), (0, false));
    t.forward();
    assert!(t.is_asking());
    t.seek(3);
    assert!(!t.is_asking(), "a jump shows the frame complete");
    t.first();
    t.forward();
    t.back();
    assert!(!t.is_asking());
    t.forward();
    t.set_ask(false);
    assert!(!t.is_asking() && !t.asks());
    t.forward();
    assert!(!t.is_asking(), "off: no frame asks");
    // Paused while asking: the reveal does not start playing.
    t.set_ask(true);
    t.toggle_play();
    t.forward();
    t.pause();
    t.reveal();
    assert!(!t.is_playing());
    // The scene losing its frames drops the question.
    t.forward();
    t.rescale(0, 1);
    assert!(!t.is_asking() && t.is_consistent());
}
