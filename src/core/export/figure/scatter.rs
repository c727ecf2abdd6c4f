//! The scatter view's figure of a transposed convolution: the input plane
//! with the stamping cell marked, the stamp (its value times the weight),
//! and the running output after this stamp, the cells it landed on dashed.

use crate::core::engine::plan::Plan;
use crate::core::export::figure::base::{finish, Figure, Options};
use crate::core::export::figure::caption::call;
use crate::core::export::figure::grid::{label, plane, Cell, Plane};
use crate::core::export::figure::lab::lab;
use crate::core::export::figure::svg::{Caption, Flow};
use crate::core::model::scene::Scene;
use crate::core::present::colour::heat_rgba;
use crate::core::present::display::{compact, longest, max_abs};

/// The page's limits: past them it summarises the scatter view (and the
/// figure is the gather view's).
const MAX_CELLS: usize = 48 * 48;
const MAX_REPLAY: usize = 1 << 18;
/// Output channels of the group drawn, as on the page.
const MAX_CHANNELS: usize = 4;

/// The scatter figure at stamp `o.step`; the lab's figure (gather) when
/// the scene is no transposed convolution or too large to scatter.
pub fn scatter(scene: &Scene, o: &Options) -> Figure {
    let Ok(plan) = Plan::new(scene) else {
        return lab(scene, o);
    };
    let [kh, kw] = plan.kernel_hw();
    let large = plan.out_hw[0] * plan.out_hw[1] > MAX_CELLS
        || plan.input.len().saturating_mul(plan.group_out() * kh * kw) > MAX_REPLAY;
    let shot = if large {
        None
    } else {
        plan.scatter_shot(o.step)
    };
    let Some(shot) = shot else {
        let step = plan.gather_step_of_scatter(o.step).unwrap_or(o.step);
        let mut f = lab(scene, &Options { step, ..*o });
        f.name = "scatter";
        return f;
    };
    let f = &shot.frame;
    let [n, c, i, j] = f.index;
    let out = plan.output();
    let scale = max_abs(out.iter());
    let chars = longest(out.iter()).max(longest(shot.running.iter()));
    let mut flow = Flow::default();
    // The input plane, the stamping cell marked.
    let [h, w] = plan.input_hw();
    let plane_values: Vec<f64> = (0..h * w)
        .map(|k| plan.input[[n, c, k / w, k % w]])
        .collect();
    let in_scale = scale.max(max_abs(plane_values.iter()));
    let cell = |y: usize, x: usize| {
        let v = plane_values[y * w + x];
        Cell {
            fill: heat_rgba(v, in_scale),
            text: Some(compact(v)),
            pad: false,
            mark: false,
        }
    };
    flow.push(plane(&Plane {
        title: format!("input[{n}, {c}]"),
        h,
        w,
        role: "input",
        nc: [n, c],
        cell: &cell,
        window: None,
        cursor: Some([i, j]),
        pixels: None,
        chars: longest(plane_values.iter()),
    }));
    flow.push(label("\u{00d7}", 34.0, 80.0));
    // The stamp for the group's first output channel.
    let first = f.channels.start;
    let taps: Vec<_> = f.stamps.iter().filter(|t| t.channel == first).collect();
    let [wc, ol, _, _] = taps.first().map_or([0; 4], |t| t.weight_index);
    let product = |y: usize, x: usize| {
        taps.iter()
            .find(|t| t.tap == [y, x])
            .map(|t| (t.product, t.inside))
    };
    let stamp = |y: usize, x: usize| {
        let (p, inside) = product(y, x).unwrap_or((0.0, false));
        Cell {
            fill: heat_rgba(p, scale),
            text: Some(compact(p)),
            pad: !inside,
            mark: false,
        }
    };
    flow.push(plane(&Plane {
        title: format!("stamp = value \u{00d7} weight[{wc}, {ol}]"),
        h: kh,
        w: kw,
        role: "stamp",
        nc: [wc, ol],
        cell: &stamp,
        window: None,
        cursor: None,
        pixels: None,
        chars: longest(taps.iter().map(|t| &t.product)),
    }));
    flow.push(label("\u{2192}", 34.0, 80.0));
    let [ho, wo] = plan.out_hw;
    for oc in f.channels.clone().take(MAX_CHANNELS) {
        let landed = |y: usize, x: usize| {
            f.stamps
                .iter()
                .any(|t| t.channel == oc && t.inside && t.pos == [y as i64, x as i64])
        };
        let cell = |y: usize, x: usize| {
            let v = shot.running[[n, oc, y, x]];
            Cell {
                fill: heat_rgba(v, scale),
                text: Some(compact(v)),
                pad: false,
                mark: landed(y, x),
            }
        };
        flow.push(plane(&Plane {
            title: format!("output[{n}, {oc}] after this stamp"),
            h: ho,
            w: wo,
            role: "scatter",
            nc: [n, oc],
            cell: &cell,
            window: None,
            cursor: None,
            pixels: None,
            chars,
        }));
    }
    let mut notes = vec![format!(
        "Stamp {} of {}: input[{n}, {c}, {i}, {j}] = {} times weight[{c}, :, :, :] lands on output rows from {} and columns from {} (dashed).",
        f.step + 1,
        plan.scatter_frame_count(),
        compact(f.value),
        f.origin[0],
        f.origin[1]
    )];
    if f.channels.len() > MAX_CHANNELS {
        notes.push(format!(
            "Showing {MAX_CHANNELS} of the group's {} output channels.",
            f.channels.len()
        ));
    }
    let cropped = taps.iter().filter(|t| !t.inside).count();
    if cropped > 0 {
        notes.push(format!(
            "{cropped} of the stamp's taps fall outside the output (grey)."
        ));
    }
    let cap = Caption {
        code: call(scene, Some(&plan)),
        notes,
    };
    finish(flow, &cap, "scatter")
}
