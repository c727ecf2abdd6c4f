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

/// What a phone's lab has to fit: the padded plane the kernel reads and
/// the output grid, `[rows, cols]` each, when there is one of each (one
/// input channel, one output grid). Scenes with more planes or grids keep
/// the stacked layout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneOfEach {
    pub stage: [usize; 2],
    pub output: [usize; 2],
}

/// The arrow between stage and output on a phone, side by side.
const PHONE_ARROW_PX: f64 = 34.0;

/// The smallest cell a phone draws stage and output side by side with:
/// two-character numbers (`-4`, `12`) still fit it at the cells' font
/// (see [`super::display::min_pitch`]).
pub const PHONE_ROW_PITCH: f64 = 24.0;

/// How the lab's grids sit: side by side or not, and the stage's and the
/// output's budgets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabFit {
    pub one_row: bool,
    pub stage: f64,
    pub output: f64,
}

/// [`lab_budgets`], and on a phone (`stacked`: the styles put the output
/// under the stage) a small scene side by side after all, so that the
/// first screen holds the stage, the output and the player: the step edge
/// (8x8 padded, 6x6 out) gets 25 px cells in a row on a 412 px phone, where
/// stacked it would run 750 px down the screen and push the player off it.
/// Past [`PHONE_ROW_PITCH`] (a 16x16 input) the grids stack, each as wide
/// as the screen.
pub fn lab_fit(
    group_in: usize,
    width: f64,
    stacked: bool,
    one_of_each: Option<OneOfEach>,
) -> LabFit {
    let fit = |one_row: bool| {
        let (stage, output) = lab_budgets(group_in, width, one_row);
        LabFit {
            one_row,
            stage,
            output,
        }
    };
    if !stacked {
        return fit(true);
    }
    let Some(OneOfEach { stage, output }) = one_of_each else {
        return fit(false);
    };
    if !(width.is_finite() && width > PHONE_ARROW_PX) {
        return fit(false);
    }
    let (s, o) = (
        stage[0].max(stage[1]).max(1) as f64,
        output[0].max(output[1]).max(1) as f64,
    );
    let pitch = ((width - PHONE_ARROW_PX) / (s + o)).min(super::display::MAX_PITCH_PX);
    if pitch < PHONE_ROW_PITCH {
        return fit(false);
    }
    LabFit {
        one_row: true,
        stage: (pitch * s).floor(),
        output: (pitch * o).floor(),
    }
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
    fn a_small_scene_sits_side_by_side_on_a_phone() {
        let step_edge = OneOfEach {
            stage: [8, 8],
            output: [6, 6],
        };
        let fit = lab_fit(1, 380.0, true, Some(step_edge));
        assert!(fit.one_row);
        assert!(fit.stage + fit.output + PHONE_ARROW_PX <= 380.0, "{fit:?}");
        let (stage, output) = (
            grid_look(8, 8, fit.stage, 2),
            grid_look(6, 6, fit.output, 2),
        );
        assert!(stage.numbers && output.numbers, "{stage:?} {output:?}");
        assert_eq!(stage.pitch, output.pitch, "one cell size for both");
        assert!(
            stage.pitch >= PHONE_ROW_PITCH && stage.pitch * 8.0 < 220.0,
            "{stage:?}"
        );
        // Tiny grids are not blown up past the largest cell.
        let tiny = lab_fit(
            1,
            380.0,
            true,
            Some(OneOfEach {
                stage: [3, 3],
                output: [1, 1],
            }),
        );
        assert!(
            tiny.one_row
                && grid_look(3, 3, tiny.stage, 1).pitch
                    <= crate::core::present::display::MAX_PITCH_PX
        );
    }

    #[test]
    fn a_large_scene_or_many_grids_stack_on_a_phone() {
        // A 16x16 input padded to 18x18: side by side its cells would be 10 px.
        let big = OneOfEach {
            stage: [18, 18],
            output: [16, 16],
        };
        assert_eq!(
            lab_fit(1, 380.0, true, Some(big)),
            LabFit {
                one_row: false,
                stage: 380.0,
                output: 360.0
            }
        );
        assert!(!lab_fit(2, 380.0, true, None).one_row);
        // An unmeasured or silly width stacks too.
        let step_edge = OneOfEach {
            stage: [8, 8],
            output: [6, 6],
        };
        assert!(!lab_fit(1, 0.0, true, Some(step_edge)).one_row);
        assert!(!lab_fit(1, f64::NAN, true, Some(step_edge)).one_row);
        assert!(!lab_fit(1, 20.0, true, Some(step_edge)).one_row);
        // A laptop is never asked.
        assert_eq!(
            lab_fit(1, 940.0, false, Some(big)),
            LabFit {
                one_row: true,
                stage: 420.0,
                output: 360.0
            }
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
