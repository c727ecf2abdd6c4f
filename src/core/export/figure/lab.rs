//! The lab's figure (the padded input planes with the kernel window, the
//! weight, the output with the cell being written) and the compare view's
//! (the same for the flipped and the unflipped op, differing cells marked).

use ndarray::Array4;

use crate::core::engine::frame::Frame;
use crate::core::engine::plan::Plan;
use crate::core::export::figure::base::{finish, refused_by, Figure, Options, MAX_PLANES};
use crate::core::export::figure::caption::{call, shape, shapes};
use crate::core::export::figure::grid::{label, plane, Cell, Draw, Plane};
use crate::core::export::figure::svg::{Caption, Flow};
use crate::core::model::scene::{Op, OpKind, Scene};
use crate::core::present::cells::{input_cell, output_cell};
use crate::core::present::colour::heat_rgba;
use crate::core::present::compare::values_differ;
use crate::core::present::display::{compact, longest, max_abs};
use crate::core::present::picture::{paint, Range};

/// The stage draws at most this many input channels (its colour scale
/// spans them).
const STAGE_PLANES: usize = 16;

/// "showing 8 of 12 output channels" when some were left out.
fn left_out(notes: &mut Vec<String>, shown: usize, total: usize, what: &str) {
    if shown < total {
        notes.push(format!("Showing {shown} of {total} {what}."));
    }
}

/// A note for planes drawn without their numbers.
fn size_note(notes: &mut Vec<String>, h: usize, w: usize, what: &str) {
    match Draw::of(h, w) {
        Draw::Numbers => {}
        Draw::Colours => notes.push(format!(
            "The {what} ({h}x{w}) is drawn as colours without its numbers."
        )),
        Draw::Picture => notes.push(format!(
            "The {what} ({h}x{w}) is drawn as a picture, one pixel per value."
        )),
    }
}

/// The padded input planes of batch item `n`, the window on the channels
/// the frame reads.
fn input_planes(
    flow: &mut Flow,
    plan: &Plan,
    frame: Option<&Frame>,
    n: usize,
    notes: &mut Vec<String>,
) {
    let [hp, wp] = plan.padded_hw();
    let c = plan.in_channels();
    let drawn = c.min(MAX_PLANES);
    let mut values = Vec::with_capacity(c.min(STAGE_PLANES) * hp * wp);
    for ch in 0..c.min(STAGE_PLANES) {
        for y in 0..hp {
            for x in 0..wp {
                values.push(plan.padded_cell(n, ch, y, x));
            }
        }
    }
    let scale = max_abs(values.iter().map(|v| &v.0));
    let chars = longest(values.iter().map(|v| &v.0));
    let tone = Range::of(values.iter().map(|v| &v.0)).tone();
    for ch in 0..drawn {
        let base = ch * hp * wp;
        let title = if plan.spread.is_some() {
            format!("input[{n}, {ch}] spread by the stride, padded")
        } else if plan.kind == OpKind::Torch {
            format!("input[{n}, {ch}] padded")
        } else {
            "padded input".to_string()
        };
        let cell = |i: usize, j: usize| {
            let (v, src) = values[base + i * wp + j];
            let look = input_cell(v, src, scale);
            Cell {
                fill: look.colour,
                text: Some(compact(v)),
                pad: !matches!(src, crate::core::engine::padding::Source::Real(_)),
                mark: false,
            }
        };
        let window = frame
            .filter(|f| f.channels.contains(&ch))
            .map(|f| (f.origin, plan.span_hw()));
        let pixels = (Draw::of(hp, wp) == Draw::Picture)
            .then(|| paint(values[base..base + hp * wp].iter().map(|v| v.0), tone));
        flow.push(plane(&Plane {
            title,
            h: hp,
            w: wp,
            role: "input",
            nc: [n, ch],
            cell: &cell,
            window,
            cursor: None,
            pixels,
            chars,
        }));
    }
    left_out(notes, drawn, c, "input channels");
    if plan.batch() > 1 {
        notes.push(format!(
            "The input drawn is batch item {n} of {}, the one the frame reads.",
            plan.batch()
        ));
    }
    size_note(notes, hp, wp, "padded input");
}

/// The weight as the person wrote it (`in2` for SciPy).
fn weight_planes(flow: &mut Flow, scene: &Scene, frame: Option<&Frame>, notes: &mut Vec<String>) {
    let (k, torch): (Array4<f64>, bool) = match &scene.op {
        Op::Torch(t) => (t.weight.clone(), true),
        Op::Transpose(t) => (t.weight.clone(), true),
        Op::Convolve(s) | Op::Correlate(s) => {
            let (h, w) = s.in2.dim();
            (
                s.in2
                    .clone()
                    .into_shape_with_order((1, 1, h, w))
                    .unwrap_or_else(|_| Array4::zeros((1, 1, 1, 1))),
                false,
            )
        }
        Op::Sequential(_) => return,
    };
    let (a, b, kh, kw) = k.dim();
    let mut slices: Vec<(usize, usize)> =
        (0..a).flat_map(|x| (0..b).map(move |y| (x, y))).collect();
    let total = slices.len();
    // Too many: the filter of the value being written.
    if total > MAX_PLANES && scene.kind() == OpKind::Torch {
        let o = frame.map_or(0, |f| f.index[1]);
        slices.retain(|&(x, _)| x == o);
    }
    slices.truncate(MAX_PLANES);
    let scale = max_abs(k.iter());
    let chars = longest(k.iter());
    let tone = Range::of(k.iter()).tone();
    for &(x, y) in &slices {
        let cell = |i: usize, j: usize| {
            let v = k[[x, y, i, j]];
            Cell {
                fill: heat_rgba(v, scale),
                text: Some(compact(v)),
                pad: false,
                mark: false,
            }
        };
        let pixels = (Draw::of(kh, kw) == Draw::Picture)
            .then(|| paint((0..kh * kw).map(|q| k[[x, y, q / kw, q % kw]]), tone));
        flow.push(plane(&Plane {
            title: if torch {
                format!("weight[{x}, {y}]")
            } else {
                "in2".to_string()
            },
            h: kh,
            w: kw,
            role: "weight",
            nc: [x, y],
            cell: &cell,
            window: None,
            cursor: None,
            pixels,
            chars,
        }));
    }
    left_out(notes, slices.len(), total, "weight slices");
}

/// The output grids, `other` marking the cells that differ from it.
#[allow(clippy::too_many_arguments)]
fn output_planes(
    flow: &mut Flow,
    plan: &Plan,
    out: &Array4<f64>,
    frame: Option<&Frame>,
    other: Option<&Array4<f64>>,
    role: &str,
    o: &Options,
    notes: &mut Vec<String>,
) {
    let [nb, on, ho, wo] = plan.output_dim();
    let grids: Vec<(usize, usize)> = (0..nb).flat_map(|n| (0..on).map(move |c| (n, c))).collect();
    let scale = max_abs(out.iter());
    let chars = longest(out.iter());
    let tone = Range::of(out.iter()).tone();
    let torch = plan.kind.is_torch();
    for &(n, c) in grids.iter().take(MAX_PLANES) {
        let cell = |i: usize, j: usize| {
            let at = [n, c, i, j];
            let v = out.get(at).copied().unwrap_or(0.0);
            let hidden = o.hidden.is_some_and(|h| h(plan, at));
            let differs = other
                .and_then(|b| b.get(at).copied())
                .is_some_and(|b| values_differ(v, b));
            let look = output_cell(at, v, scale, hidden, differs, false);
            Cell {
                fill: look.colour,
                text: (!hidden).then(|| compact(v)),
                pad: false,
                mark: differs && !hidden,
            }
        };
        let cursor = frame
            .filter(|f| f.index[0] == n && f.index[1] == c)
            .map(|f| [f.index[2], f.index[3]]);
        let pixels = (Draw::of(ho, wo) == Draw::Picture).then(|| {
            paint(
                (0..ho * wo).map(|q| out.get([n, c, q / wo, q % wo]).copied().unwrap_or(0.0)),
                tone,
            )
        });
        flow.push(plane(&Plane {
            title: if torch {
                format!("output[{n}, {c}]")
            } else {
                "output".to_string()
            },
            h: ho,
            w: wo,
            role,
            nc: [n, c],
            cell: &cell,
            window: None,
            cursor,
            pixels,
            chars,
        }));
    }
    left_out(
        notes,
        grids.len().min(MAX_PLANES),
        grids.len(),
        "output grids",
    );
    size_note(notes, ho, wo, "output");
    if o.hidden.is_some() {
        notes.push(
            "Hide the answer is on: the outputs the kernel has not reached are blank.".into(),
        );
    }
}

/// One op: input planes, weight, arrow, output.
#[allow(clippy::too_many_arguments)]
pub(super) fn op_rows(
    flow: &mut Flow,
    scene: &Scene,
    plan: &Plan,
    out: &Array4<f64>,
    frame: Option<&Frame>,
    other: Option<&Array4<f64>>,
    role: &str,
    o: &Options,
    notes: &mut Vec<String>,
) {
    let n = frame.map_or(0, |f| f.index[0]);
    input_planes(flow, plan, frame, n, notes);
    weight_planes(flow, scene, frame, notes);
    flow.push(label("\u{2192}", 34.0, 80.0));
    output_planes(flow, plan, out, frame, other, role, o, notes);
}

/// The shapes of a SciPy scene as the person wrote them.
fn scipy_shapes(scene: &Scene, plan: &Plan) -> String {
    match &scene.op {
        Op::Convolve(s) | Op::Correlate(s) => format!(
            "in1 {}, in2 {}, output {}",
            shape(&[s.in1.dim().0, s.in1.dim().1]),
            shape(&[s.in2.dim().0, s.in2.dim().1]),
            shape(&plan.out_hw)
        ),
        _ => shapes(plan),
    }
}

/// The lab's figure of `scene` at frame `o.step`.
pub fn lab(scene: &Scene, o: &Options) -> Figure {
    let plan = match Plan::new(scene) {
        Ok(p) => p,
        Err(e) => return refused_by(scene, "lab", &(&e).into()),
    };
    let out = plan.output();
    let frame = plan.frame_at(o.step);
    let mut flow = Flow::default();
    let mut notes = vec![scipy_shapes(scene, &plan)];
    op_rows(
        &mut flow,
        scene,
        &plan,
        &out,
        frame.as_ref(),
        None,
        "output",
        o,
        &mut notes,
    );
    if let Some(f) = &frame {
        let [n, c, i, j] = f.index;
        notes.push(format!(
            "Frame {}: the window writes output[{n}, {c}, {i}, {j}] = {}.",
            f.step + 1,
            compact(f.value)
        ));
    }
    let cap = Caption {
        code: call(scene, Some(&plan)),
        notes,
    };
    finish(flow, &cap, "lab")
}
