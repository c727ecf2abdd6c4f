//! How much room the lab's grids get: the stage (each plane the kernel
//! reads) and the output, side by side on a laptop, one above the other on
//! a phone, shrunk together to the width there is (a 1024 px tablet).
//! The budgets are in px before the page's zoom; [`super::display::grid_look`]
//! turns one into a cell size.

/// The stage's budget per plane when there is room, by how many planes the
/// kernel reads (the group's input channels).
pub fn stage_budget(group_in: usize) -> f64 {
    match group_in {
        0 | 1 => 420.0,
        2 => 270.0,
        3 | 4 => 190.0,
        _ => 140.0,
    }
}

/// The output's budget when there is room.
pub const OUTPUT_BUDGET: f64 = 360.0;

/// The arrow between stage and output, and the gaps around it.
const ARROW_PX: f64 = 70.0;

/// The stage and output budgets for a main pane `width` px wide (before
/// zoom). `one_row`: stage and output side by side (a laptop or a tablet),
/// else one above the other (a phone). A width that is not known yet (0 or
/// not a number) gives the budgets for a laptop.
pub fn lab_budgets(group_in: usize, width: f64, one_row: bool) -> (f64, f64) {
    let stage = stage_budget(group_in);
    if !(width.is_finite() && width > 0.0) {
        return (stage, OUTPUT_BUDGET);
    }
    if !one_row {
        return (stage.min(width), OUTPUT_BUDGET.min(width));
    }
    let planes = group_in.clamp(1, 2) as f64;
    let need = stage * planes + OUTPUT_BUDGET + ARROW_PX;
    if width >= need {
        return (stage, OUTPUT_BUDGET);
    }
    let k = ((width - ARROW_PX) / (need - ARROW_PX)).max(0.25);
    (stage * k, OUTPUT_BUDGET * k)
}

/// The shortest swipe that steps the animation, in CSS px.
const SWIPE_PX: f64 = 40.0;

/// A finger's swipe over the grids, moved `dx`, `dy` px: `1` steps forward
/// (a swipe to the left, as a page turns), `-1` back, `0` is no swipe (too
/// short, or more up and down than sideways: the page scrolls).
pub fn swipe_step(dx: f64, dy: f64) -> i32 {
    if !(dx.is_finite() && dy.is_finite()) || dx.abs() < SWIPE_PX || dx.abs() < 2.0 * dy.abs() {
        0
    } else if dx < 0.0 {
        1
    } else {
        -1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::present::display::grid_look;

    #[test]
    fn a_laptop_has_room_for_both() {
        assert_eq!(lab_budgets(1, 940.0, true), (420.0, 360.0));
        assert_eq!(lab_budgets(1, 0.0, true), (420.0, 360.0));
        assert_eq!(lab_budgets(1, f64::NAN, false), (420.0, 360.0));
    }

    #[test]
    fn a_tablet_shrinks_both_to_fit_side_by_side() {
        // 1024 px less the 340 px side panel and the pane's padding.
        for width in [500.0, 668.0, 760.0] {
            let (s, o) = lab_budgets(1, width, true);
            assert!(s + o + ARROW_PX <= width + 1e-9, "{width}: {s} + {o}");
            // The step edge (8x8 in, 6x6 out) keeps its numbers.
            assert!(grid_look(8, 8, s, 2).numbers && grid_look(6, 6, o, 2).numbers);
        }
        let (s2, o2) = lab_budgets(2, 668.0, true);
        assert!(2.0 * s2 + o2 + ARROW_PX <= 668.0 + 1e-9);
    }

    #[test]
    fn a_phone_gives_each_the_width() {
        let (s, o) = lab_budgets(1, 380.0, false);
        assert_eq!((s, o), (380.0, 360.0));
        assert!(
            grid_look(16, 16, s, 2).numbers,
            "16x16 keeps its numbers at 412 px"
        );
    }

    #[test]
    fn a_sideways_swipe_steps_and_a_scroll_does_not() {
        assert_eq!(swipe_step(-80.0, 10.0), 1);
        assert_eq!(swipe_step(80.0, -10.0), -1);
        assert_eq!(swipe_step(-20.0, 0.0), 0, "a tap that moved a little");
        assert_eq!(swipe_step(-80.0, 60.0), 0, "mostly a scroll");
        assert_eq!(swipe_step(f64::NAN, 0.0), 0);
    }
}
