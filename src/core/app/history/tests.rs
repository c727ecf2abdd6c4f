use super::*;
use crate::core::content::presets::default_scene;

fn moment(scene: &Scene, lesson: Option<usize>) -> Moment {
    Moment {
        scene: scene.clone(),
        lesson,
    }
}

#[test]
fn an_edit_undoes_and_redoes() {
    let mut h = History::default();
    let first = default_scene();
    let mut now = first.clone();
    now.set_value(Target::Input, [0, 0, 0, 0], 42.0);
    h.record(moment(&first, None), &now, None, None);
    assert!(h.can_undo() && !h.can_redo());
    let back = h.undo(moment(&now, None)).unwrap();
    assert_eq!(back.scene, first);
    let again = h.redo(back).unwrap();
    assert_eq!(again.scene, now);
    assert!(h.can_undo() && !h.can_redo());
}

#[test]
fn a_change_that_changes_nothing_is_not_recorded() {
    let mut h = History::default();
    let s = default_scene();
    let mut at_another_step = s.clone();
    at_another_step.step = Some(3);
    h.record(moment(&s, None), &at_another_step, None, None);
    assert!(!h.can_undo());
    // The same scene in a lesson is a change (the lesson's text).
    h.record(moment(&s, None), &s, Some(2), None);
    assert!(h.can_undo());
}

#[test]
fn the_keystrokes_of_one_cell_undo_as_one_number() {
    let mut h = History::default();
    let first = default_scene();
    let run = Some(Run::Cell(Target::Input, [0, 0, 1, 1]));
    let mut s = first.clone();
    for v in [1.0, 12.0, 125.0] {
        let before = s.clone();
        s.set_value(Target::Input, [0, 0, 1, 1], v);
        h.record(moment(&before, None), &s, None, run);
    }
    assert_eq!(h.undo(moment(&s, None)).unwrap().scene, first);
    assert!(!h.can_undo());
}

#[test]
fn a_new_change_drops_what_was_undone() {
    let mut h = History::default();
    let a = default_scene();
    let mut b = a.clone();
    b.set_value(Target::Kernel, [0, 0, 0, 0], 5.0);
    h.record(moment(&a, None), &b, None, None);
    let back = h.undo(moment(&b, None)).unwrap();
    let mut c = back.scene.clone();
    c.set_value(Target::Kernel, [0, 0, 0, 0], 6.0);
    h.record(back, &c, None, None);
    assert!(!h.can_redo());
}

#[test]
fn free_play_finds_the_last_scene_of_ones_own() {
    let mut h = History::default();
    let own = default_scene();
    let lesson = crate::core::content::lessons::all()[3].scene();
    h.record(moment(&own, None), &lesson, Some(3), None);
    let other = crate::core::content::lessons::all()[4].scene();
    h.record(moment(&lesson, Some(3)), &other, Some(4), None);
    assert_eq!(h.own_scene(), Some(&own));
}

#[test]
fn the_oldest_moments_go_past_the_limit() {
    let mut h = History::default();
    let mut s = default_scene();
    for k in 0..LIMIT + 10 {
        let before = s.clone();
        s.set_value(Target::Input, [0, 0, 0, 0], k as f64 + 1.0);
        h.record(moment(&before, None), &s, None, None);
    }
    let mut undone = 0;
    let mut now = moment(&s, None);
    while let Some(m) = h.undo(now.clone()) {
        now = m;
        undone += 1;
    }
    assert_eq!(undone, LIMIT);
}

fn resized(r: &mut Reserve, s: &mut Scene, t: Target, axis: usize, to: usize) {
    r.resize(s, &mut |s: &mut Scene| {
        let mut d = s.dim(t);
        d[axis] = to;
        s.resize(t, d);
    });
}

#[test]
fn shrinking_keeps_what_it_cuts_off_and_growing_back_restores_it() {
    let mut r = Reserve::default();
    let mut s = default_scene();
    let original = s.clone();
    let w = s.dim(Target::Input)[3];
    assert!(w > 2);
    // Typing 12 into W goes through 1 when applied digit by digit.
    resized(&mut r, &mut s, Target::Input, 3, 1);
    assert_eq!(s.dim(Target::Input)[3], 1);
    resized(&mut r, &mut s, Target::Input, 3, w);
    assert_eq!(s, original);
    // Grown past the original: the new cells are zeros.
    resized(&mut r, &mut s, Target::Input, 3, w + 2);
    assert_eq!(s.value(Target::Input, [0, 0, 0, w + 1]), Some(0.0));
    assert_eq!(
        s.value(Target::Input, [0, 0, 0, 0]),
        original.value(Target::Input, [0, 0, 0, 0])
    );
}

#[test]
fn a_value_typed_after_shrinking_wins_over_the_kept_one() {
    let mut r = Reserve::default();
    let mut s = default_scene();
    let h = s.dim(Target::Input)[2];
    resized(&mut r, &mut s, Target::Input, 2, 1);
    s.set_value(Target::Input, [0, 0, 0, 0], -7.0);
    resized(&mut r, &mut s, Target::Input, 2, h);
    assert_eq!(s.value(Target::Input, [0, 0, 0, 0]), Some(-7.0));
}

#[test]
fn another_op_forgets_the_kept_values() {
    let mut r = Reserve::default();
    let mut s = default_scene();
    let w = s.dim(Target::Kernel)[3];
    resized(&mut r, &mut s, Target::Kernel, 3, 1);
    let other = if s.kind() == crate::core::model::scene::OpKind::Torch {
        crate::core::model::scene::OpKind::Convolve
    } else {
        crate::core::model::scene::OpKind::Torch
    };
    r.resize(&mut s, &mut |s: &mut Scene| s.set_kind(other));
    s.fill(Target::Kernel, crate::core::model::edit::Pattern::Zeros, 1);
    resized(&mut r, &mut s, Target::Kernel, 3, w);
    let [n, c, h, ww] = s.dim(Target::Kernel);
    for a in 0..n {
        for b in 0..c {
            for i in 0..h {
                for j in 0..ww {
                    assert_eq!(s.value(Target::Kernel, [a, b, i, j]), Some(0.0));
                }
            }
        }
    }
}
