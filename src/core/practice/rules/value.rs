//! One output value, and the input cells it reads. Both come from the
//! engine's frame for the cell; a mistake is the same cell's frame in the
//! scene as the mistake sees it (no padding, no stride, no dilation, no
//! bias, the border as zeros, the kernel flipped the other way), built
//! and computed by the engine, except where the mistake has no scene of
//! its own (groups ignored, `output_padding` on the wrong side): those are
//! small functions here, named after the mistake.

use std::collections::BTreeSet;

use crate::core::engine::frame::Frame;
use crate::core::engine::padding::Source;
use crate::core::engine::plan::Plan;
use crate::core::model::conv2d::{Padding, PaddingMode};
use crate::core::model::scene::{Boundary, Op, Scene};
use crate::core::practice::mistake::Mistake;
use crate::core::practice::rules::words::list;
use crate::core::practice::task::{Expected, Worked};
use crate::core::present::display::exact_term;

/// Most products written out in a sum.
const MAX_TERMS: usize = 30;

/// `−` for a minus sign.
fn minus(s: String) -> String {
    s.replace('-', "\u{2212}")
}

/// The engine's frame for `cell` of `plan`.
fn frame(plan: &Plan, cell: [usize; 4]) -> Option<Frame> {
    plan.frame_at(plan.step_of(cell)?)
}

/// `output[0, 0, 1, 2]`, or SciPy's `output[1, 2]`.
pub fn cell_name(plan: &Plan, [n, c, i, j]: [usize; 4]) -> String {
    if plan.kind.is_torch() {
        format!("output[{n}, {c}, {i}, {j}]")
    } else {
        format!("output[{i}, {j}]")
    }
}

/// The frame's sum of products: `1·2 + 0·(−1) + bias 1 = 3`.
fn sum_words(f: &Frame) -> String {
    let taps: Vec<String> = f
        .substeps
        .iter()
        .flat_map(|s| s.taps.iter())
        .map(|t| format!("{}\u{b7}{}", exact_term(t.input), exact_term(t.weight)))
        .collect();
    let more = taps.len().saturating_sub(MAX_TERMS);
    let mut t = taps
        .into_iter()
        .take(MAX_TERMS)
        .collect::<Vec<_>>()
        .join(" + ");
    if more > 0 {
        t += &format!(" + \u{2026} ({more} more)");
    }
    if let Some(b) = f.bias {
        t += &format!(" + bias {}", exact_term(b));
    }
    minus(format!(
        "{t} = {}",
        crate::core::present::display::exact(f.value)
    ))
}

pub fn expected_value(scene: &Scene, cell: [usize; 4]) -> Option<Expected> {
    let plan = Plan::new(scene).ok()?;
    Some(Expected::Value(frame(&plan, cell)?.value))
}

pub fn worked_value(scene: &Scene, cell: [usize; 4]) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let f = frame(&plan, cell)?;
    let flip = if plan.flip {
        ", the kernel rotated by 180 degrees"
    } else {
        ""
    };
    Some(Worked {
        answer: Expected::Value(f.value),
        words: format!("{}{flip}: {}", cell_name(&plan, cell), sum_words(&f)),
    })
}

pub fn value_mistakes() -> Vec<Mistake> {
    use Mistake::*;
    vec![
        KernelNotFlipped,
        KernelFlipped,
        PaddingForgotten,
        PaddingAsZeros,
        BiasForgotten,
        StrideIgnored,
        DilationIgnored,
        OutputPaddingWrongSide,
    ]
}

/// The scene as mistake `m` sees it, where it is a scene: `None` when the
/// mistake changes nothing here or has no scene of its own.
fn as_seen(scene: &Scene, m: Mistake) -> Option<Scene> {
    let mut s = scene.clone();
    let changed = match (&mut s.op, m) {
        (Op::Torch(t), Mistake::PaddingForgotten) => {
            let had = !matches!(t.padding, Padding::Explicit([0, 0]));
            t.padding = Padding::zero();
            had
        }
        (Op::Transpose(t), Mistake::PaddingForgotten) => {
            let had = t.padding != [0, 0];
            t.padding = [0, 0];
            had
        }
        (Op::Torch(t), Mistake::PaddingAsZeros) => {
            let had = t.padding_mode != PaddingMode::Zeros;
            t.padding_mode = PaddingMode::Zeros;
            had
        }
        (Op::Convolve(c) | Op::Correlate(c), Mistake::PaddingAsZeros) => {
            let had = c.boundary != Boundary::Fill || c.fillvalue != 0.0;
            c.boundary = Boundary::Fill;
            c.fillvalue = 0.0;
            had
        }
        (Op::Torch(t), Mistake::BiasForgotten) => t.args.bias.take().is_some(),
        (Op::Transpose(t), Mistake::BiasForgotten) => t.bias.take().is_some(),
        (Op::Torch(t), Mistake::StrideIgnored) => {
            std::mem::replace(&mut t.args.stride, [1, 1]) != [1, 1]
        }
        (Op::Torch(t), Mistake::DilationIgnored) => {
            std::mem::replace(&mut t.args.dilation, [1, 1]) != [1, 1]
        }
        (Op::Transpose(t), Mistake::DilationIgnored) => {
            std::mem::replace(&mut t.dilation, [1, 1]) != [1, 1]
        }
        _ => false,
    };
    changed.then_some(s)
}

/// The plan mistake `m` computes with: the scene as it sees it, or the
/// same scene framed the other way for the flips.
fn mistaken_plan(scene: &Scene, m: Mistake) -> Option<Plan> {
    let plan = Plan::new(scene).ok()?;
    match m {
        Mistake::KernelNotFlipped if plan.flip => Plan::framed(scene, false).ok(),
        Mistake::KernelFlipped if !plan.flip => Plan::framed(scene, true).ok(),
        Mistake::KernelNotFlipped | Mistake::KernelFlipped => None,
        _ => Plan::new(&as_seen(scene, m)?).ok(),
    }
}

pub fn mistaken_value(scene: &Scene, cell: [usize; 4], m: Mistake) -> Option<Worked> {
    if m == Mistake::OutputPaddingWrongSide {
        return output_padding_wrong_side(scene, cell);
    }
    let plan = mistaken_plan(scene, m)?;
    let f = frame(&plan, cell)?;
    Some(Worked {
        answer: Expected::Value(f.value),
        words: format!("{}: {}", cell_name(&plan, cell), sum_words(&f)),
    })
}

/// A transposed convolution's value with `output_padding` added at the
/// top and left: every row and column moves down and right by it, so the
/// cell holds what the uncropped output (padding 0, computed by the
/// engine) has `padding − output_padding` further on.
fn output_padding_wrong_side(scene: &Scene, [n, o, y, x]: [usize; 4]) -> Option<Worked> {
    let Op::Transpose(t) = &scene.op else {
        return None;
    };
    if t.output_padding == [0, 0] || t.output_size.is_some() {
        return None;
    }
    let mut full = t.clone();
    full.padding = [0, 0];
    full.output_padding = [0, 0];
    full.bias = None;
    let g = Plan::new(&Scene::new(Op::Transpose(full))).ok()?.output();
    let at = |v: usize, a: usize| v as i64 + t.padding[a] - t.output_padding[a];
    let (gy, gx) = (at(y, 0), at(x, 1));
    let (_, _, lh, lw) = g.dim();
    let inside = (0..lh as i64).contains(&gy) && (0..lw as i64).contains(&gx);
    let stamped = if inside {
        g[[n, o, gy as usize, gx as usize]]
    } else {
        0.0
    };
    let bias = t.bias.as_ref().and_then(|b| b.get(o)).copied();
    let value = stamped + bias.unwrap_or(0.0);
    let from = if inside {
        format!(
            "the uncropped output's [{gy}, {gx}], which is {}",
            exact_term(stamped)
        )
    } else {
        "a place outside the uncropped output, 0".into()
    };
    let plus = bias.map_or(String::new(), |b| format!(" + bias {}", exact_term(b)));
    Some(Worked {
        answer: Expected::Value(value),
        words: minus(format!(
            "output[{n}, {o}, {y}, {x}] would hold {from}{plus} = {}",
            crate::core::present::display::exact(value)
        )),
    })
}

/// The input cells (`[n, c, row, col]`) a frame's sum reads: real cells,
/// and the cells a copying padding repeats.
fn read_cells(f: &Frame, n: usize) -> BTreeSet<[usize; 4]> {
    f.substeps
        .iter()
        .flat_map(|s| s.taps.iter().map(move |t| (s.channel, t.source)))
        .filter_map(|(c, src)| match src {
            Source::Real([r, q]) | Source::Copy([r, q]) => Some([n, c, r, q]),
            _ => None,
        })
        .collect()
}

/// A set of cells in words: per channel, rows × columns when they make a
/// grid, else the cells.
pub fn cells_words(cells: &BTreeSet<[usize; 4]>) -> String {
    let channels: BTreeSet<usize> = cells.iter().map(|c| c[1]).collect();
    let parts: Vec<String> = channels
        .iter()
        .map(|&ch| {
            let mine: Vec<[usize; 2]> = cells
                .iter()
                .filter(|c| c[1] == ch)
                .map(|c| [c[2], c[3]])
                .collect();
            let rows: BTreeSet<usize> = mine.iter().map(|c| c[0]).collect();
            let cols: BTreeSet<usize> = mine.iter().map(|c| c[1]).collect();
            let grid = rows.len() * cols.len() == mine.len();
            let body = if grid {
                format!(
                    "{} \u{d7} {}",
                    list("row", "rows", &rows.into_iter().collect::<Vec<_>>()),
                    list("column", "columns", &cols.into_iter().collect::<Vec<_>>())
                )
            } else {
                mine.iter()
                    .map(|[r, c]| format!("({r}, {c})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!("channel {ch}: {body}")
        })
        .collect();
    if parts.is_empty() {
        "no input cell (only padding)".into()
    } else {
        parts.join("; ")
    }
}

fn sources_of(plan: &Plan, cell: [usize; 4]) -> Option<(BTreeSet<[usize; 4]>, Frame)> {
    let f = frame(plan, cell)?;
    Some((read_cells(&f, cell[0]), f))
}

pub fn expected_sources(scene: &Scene, cell: [usize; 4]) -> Option<Expected> {
    let plan = Plan::new(scene).ok()?;
    Some(Expected::Cells(sources_of(&plan, cell)?.0))
}

/// Where the window sits, in words.
fn window_words(plan: &Plan, f: &Frame) -> String {
    let [y, x] = f.origin;
    let p = plan.pads;
    let [dh, dw] = plan.dilation;
    let apart = if [dh, dw] == [1, 1] {
        String::new()
    } else {
        format!(", its taps {dh} rows and {dw} columns apart")
    };
    format!(
        "the window starts at row {y}, column {x} of the input padded by {} on top and {} on the left{apart}",
        p.top, p.left
    )
}

pub fn worked_sources(scene: &Scene, cell: [usize; 4]) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    let (cells, f) = sources_of(&plan, cell)?;
    Some(Worked {
        words: format!(
            "{}: {}, so it reads {}",
            cell_name(&plan, cell),
            window_words(&plan, &f),
            cells_words(&cells)
        ),
        answer: Expected::Cells(cells),
    })
}

pub fn sources_mistakes() -> Vec<Mistake> {
    use Mistake::*;
    vec![
        PaddingForgotten,
        StrideIgnored,
        DilationIgnored,
        GroupsIgnored,
        KernelNotFlipped,
        KernelFlipped,
    ]
}

pub fn mistaken_sources(scene: &Scene, cell: [usize; 4], m: Mistake) -> Option<Worked> {
    if m == Mistake::GroupsIgnored {
        return groups_ignored(scene, cell);
    }
    let plan = mistaken_plan(scene, m)?;
    let (cells, f) = sources_of(&plan, cell)?;
    Some(Worked {
        words: format!("{}: {}", window_words(&plan, &f), cells_words(&cells)),
        answer: Expected::Cells(cells),
    })
}

/// The same cells in every input channel, as if each filter read all of
/// them.
fn groups_ignored(scene: &Scene, cell: [usize; 4]) -> Option<Worked> {
    let plan = Plan::new(scene).ok()?;
    if plan.groups == 1 {
        return None;
    }
    let (cells, _) = sources_of(&plan, cell)?;
    let all: BTreeSet<[usize; 4]> = cells
        .iter()
        .flat_map(|&[n, _, r, q]| (0..plan.in_channels()).map(move |c| [n, c, r, q]))
        .collect();
    Some(Worked {
        words: format!(
            "every one of the {} input channels: {}",
            plan.in_channels(),
            cells_words(&all)
        ),
        answer: Expected::Cells(all),
    })
}
