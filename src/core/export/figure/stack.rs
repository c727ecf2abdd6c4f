//! A layer stack's figure: every level from the input to the last
//! layer's output, each level's grids in a row, the kernel window where the
//! current frame has it, and `print(model)`'s lines as the caption.

use crate::core::export::figure::base::{finish, refused, refused_by, Figure, Options, MAX_PLANES};
use crate::core::export::figure::caption::{call, shape};
use crate::core::export::figure::grid::{heading, plane, Cell, Draw, Plane};
use crate::core::export::figure::svg::{Caption, Flow};
use crate::core::model::scene::{Op, Scene};
use crate::core::ops::stack::pool::module_repr;
use crate::core::ops::stack::{Stack, StackLayer};
use crate::core::present::colour::stack_rgba;
use crate::core::present::display::{compact, longest, max_abs};
use crate::core::present::picture::{paint, Range};

/// The window of layer `l`'s frame on its input level, in that level's
/// cells (the padding the layer invents is not drawn): top-left and span,
/// clipped to the level.
fn window(
    stack: &Stack,
    l: usize,
    origin: [usize; 2],
    hw: [usize; 2],
) -> Option<([usize; 2], [usize; 2])> {
    let pads = stack.plan(l)?.pads();
    let span = match stack.layers().get(l)? {
        StackLayer::Conv(_) => stack.conv_plan(l)?.span_hw(),
        StackLayer::Pool(p) => [0, 1].map(|a| {
            (p.dilation[a].max(1) as usize).saturating_mul((p.kernel_size[a].max(1) - 1) as usize)
                + 1
        }),
    };
    let before = [pads.top, pads.left];
    let mut from = [0; 2];
    let mut size = [0; 2];
    for a in 0..2 {
        let start = origin[a] as i64 - before[a] as i64;
        let end = (start + span[a] as i64).min(hw[a] as i64);
        let start = start.max(0);
        if end <= start {
            return None;
        }
        from[a] = start as usize;
        size[a] = (end - start) as usize;
    }
    Some((from, size))
}

/// The stack's figure at frame `o.step` of its timeline.
pub fn stack(scene: &Scene, o: &Options) -> Figure {
    let Op::Sequential(s) = &scene.op else {
        return refused(
            scene,
            "stack",
            "not a stack",
            "This scene is not a layer stack.",
            "ConvLab",
            None,
        );
    };
    let st = match Stack::new(s) {
        Ok(st) => st,
        Err(e) => return refused_by(scene, "stack", &(&e).into()),
    };
    let frame = st.frame_at(o.step);
    let mut flow = Flow::default();
    let mut notes = Vec::new();
    let shapes = st.shapes();
    let levels = st.len() + 1;
    for k in 0..levels {
        let (Some(level), Some(&[nb, cb, h, w])) = (st.level(k), shapes.get(k)) else {
            continue;
        };
        flow.row();
        let title = if k == 0 {
            format!("Input {}", shape(&[nb, cb, h, w]))
        } else {
            let layer = st.layers().get(k - 1).map(module_repr).unwrap_or_default();
            format!(
                "Layer {}: {layer} \u{2192} {}",
                k - 1,
                shape(&[nb, cb, h, w])
            )
        };
        flow.push(heading(&title));
        flow.row();
        let scale = max_abs(level.iter());
        let chars = longest(level.iter());
        let tone = Range::of(level.iter()).tone();
        let last = k + 1 == levels && k > 0;
        let role = if last {
            "output".to_string()
        } else {
            format!("level{k}")
        };
        let grids: Vec<(usize, usize)> =
            (0..nb).flat_map(|n| (0..cb).map(move |c| (n, c))).collect();
        for &(n, c) in grids.iter().take(MAX_PLANES) {
            // Hide the answer: what the stack has not computed by this step
            // is blank, as on screen.
            let blank = |i: usize, j: usize| {
                o.hidden.is_some() && st.blank_at(k, [n, c, i, j], o.step, false)
            };
            let cell = |i: usize, j: usize| {
                let v = level.get([n, c, i, j]).copied().unwrap_or(0.0);
                let hidden = blank(i, j);
                Cell {
                    fill: stack_rgba(if hidden { 0.0 } else { v }, scale, None),
                    text: (!hidden).then(|| compact(v)),
                    pad: false,
                    mark: false,
                }
            };
            // The current frame: its window on the level it reads, its cell
            // on the level it writes.
            let here = frame.as_ref().filter(|f| f.frame.index[0] == n);
            let win = here
                .filter(|f| f.layer == k && f.frame.channels.contains(&c))
                .and_then(|f| window(&st, f.layer, f.frame.origin, [h, w]));
            let cursor = here
                .filter(|f| f.layer + 1 == k && f.frame.index[1] == c)
                .map(|f| [f.frame.index[2], f.frame.index[3]]);
            let pixels = (Draw::of(h, w) == Draw::Picture).then(|| {
                paint(
                    (0..h * w).map(|q| {
                        let (i, j) = (q / w, q % w);
                        if blank(i, j) {
                            0.0
                        } else {
                            level.get([n, c, i, j]).copied().unwrap_or(0.0)
                        }
                    }),
                    tone,
                )
            });
            flow.push(plane(&Plane {
                title: format!("[{n}, {c}]"),
                h,
                w,
                role: &role,
                nc: [n, c],
                cell: &cell,
                window: win,
                cursor,
                pixels,
                chars,
            }));
        }
        if grids.len() > MAX_PLANES {
            notes.push(format!(
                "Level {k}: showing {MAX_PLANES} of {} grids.",
                grids.len()
            ));
        }
        match Draw::of(h, w) {
            Draw::Numbers => {}
            Draw::Colours => notes.push(format!(
                "Level {k} ({h}x{w}) is drawn as colours without its numbers."
            )),
            Draw::Picture => notes.push(format!(
                "Level {k} ({h}x{w}) is drawn as a picture, one pixel per value."
            )),
        }
    }
    if let Some(f) = &frame {
        let [n, c, i, j] = f.frame.index;
        notes.push(format!(
            "Step {}: layer {} writes its output[{n}, {c}, {i}, {j}] = {}.",
            o.step + 1,
            f.layer,
            compact(f.frame.value)
        ));
    }
    let cap = Caption {
        code: call(scene, None),
        notes,
    };
    finish(flow, &cap, "stack")
}
