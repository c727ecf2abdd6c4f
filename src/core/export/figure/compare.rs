//! The compare view's figure: the same input and kernel as a true
//! convolution and as a cross-correlation, one above the other, with the
//! output cells that differ dashed.

use crate::core::engine::plan::Plan;
use crate::core::export::figure::base::{finish, refused_by, Figure, Options};
use crate::core::export::figure::caption::call;
use crate::core::export::figure::grid::heading;
use crate::core::export::figure::lab::op_rows;
use crate::core::export::figure::svg::{Caption, Flow};
use crate::core::model::scene::{OpKind, Scene};
use crate::core::present::compare::count_differences;

/// The compare view's figure: the true convolution above the
/// cross-correlation; the scene's own op carries `data-role="output"`,
/// the other `"compare"`.
pub fn compare(scene: &Scene, o: &Options) -> Figure {
    let (flipped, unflipped) = match (Plan::framed(scene, true), Plan::framed(scene, false)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return refused_by(scene, "compare", &(&e).into()),
    };
    let (out_f, out_u) = (flipped.output(), unflipped.output());
    let own_flips = scene.kind().flips();
    let torch = scene.kind() == OpKind::Torch;
    let mut flow = Flow::default();
    let mut notes = Vec::new();
    let sides = [
        (
            &flipped,
            &out_f,
            &out_u,
            own_flips,
            if torch {
                "True convolution: conv2d(input, weight.flip(-2, -1))"
            } else {
                "True convolution: scipy.signal.convolve2d"
            },
        ),
        (
            &unflipped,
            &out_u,
            &out_f,
            !own_flips,
            if torch {
                "Cross-correlation: torch F.conv2d"
            } else {
                "Cross-correlation: scipy.signal.correlate2d"
            },
        ),
    ];
    for (plan, out, other, own, title) in sides {
        flow.row();
        flow.push(heading(title));
        flow.row();
        let frame = plan.frame_at(o.step);
        let mut side_notes = Vec::new();
        op_rows(
            &mut flow,
            scene,
            plan,
            out,
            frame.as_ref(),
            Some(other),
            if own { "output" } else { "compare" },
            o,
            &mut side_notes,
        );
        for n in side_notes {
            if !notes.contains(&n) {
                notes.push(n);
            }
        }
    }
    // With the answer hidden, the count would give it away.
    if o.hidden.is_none() {
        let differ = count_differences(&out_f, &out_u);
        notes.insert(
            0,
            match differ {
                Some(k) => format!(
                    "The outputs differ in {k} of {} cells (dashed).",
                    out_f.len()
                ),
                None => "The outputs have different shapes.".to_string(),
            },
        );
    }
    let cap = Caption {
        code: call(scene, Plan::new(scene).ok().as_ref()),
        notes,
    };
    finish(flow, &cap, "compare")
}
