//! What a practice exercise draws: the planes of its scene's tensors that
//! the question is about, and each cell's look (a clicked input cell is
//! marked). The page draws these with the one cell grid.

use crate::core::engine::padding::Source;
use crate::core::model::scene::{Op, Scene};
use crate::core::model::target::Target;
use crate::core::practice::{Exercise, Task};
use crate::core::present::cells::{input_cell, Look, Marks};

/// One 2-D plane of a tensor: `tensor[a][b]` (`[0][0]` for SciPy's arrays).
#[derive(Clone, Debug, PartialEq)]
pub struct Plane {
    pub title: String,
    pub target: Target,
    pub a: usize,
    pub b: usize,
    pub h: usize,
    pub w: usize,
    /// Its cells can be clicked as an answer (the input, for "which cells").
    pub clickable: bool,
}

/// The planes an exercise shows: for a value, the input of the first
/// sample and the weight slices of the output channel asked about; for
/// "which cells", the input, clickable. Other exercises are in words.
pub fn planes(ex: &Exercise) -> Vec<Plane> {
    let s = &ex.scene;
    let (cell, clickable) = match ex.task {
        Task::Value { cell } => (cell, false),
        Task::Sources { cell } => (cell, true),
        _ => return Vec::new(),
    };
    let scipy = matches!(s.op, Op::Convolve(_) | Op::Correlate(_));
    let [_, c, h, w] = s.dim(Target::Input);
    let mut out: Vec<Plane> = (0..c)
        .map(|k| Plane {
            title: if scipy {
                "in1".into()
            } else {
                format!("input[{}, {k}]", cell[0])
            },
            target: Target::Input,
            a: cell[0],
            b: k,
            h,
            w,
            clickable,
        })
        .collect();
    if !clickable {
        let [o, cg, kh, kw] = s.dim(Target::Kernel);
        let rows: Vec<usize> = match s.op {
            // conv2d: the filter of the output channel; transposed: the
            // weight is [C_in][C_out/groups], every input channel's slice.
            Op::Torch(_) => vec![cell[1].min(o.saturating_sub(1))],
            _ => (0..o).collect(),
        };
        for a in rows {
            for b in 0..cg {
                out.push(Plane {
                    title: if scipy {
                        "in2".into()
                    } else {
                        format!("weight[{a}, {b}]")
                    },
                    target: Target::Kernel,
                    a,
                    b,
                    h: kh,
                    w: kw,
                    clickable: false,
                });
            }
        }
    }
    out
}

/// The largest magnitude among a tensor's values: its colour scale.
pub fn scale(scene: &Scene, t: Target) -> f64 {
    let [n, c, h, w] = scene.dim(t);
    let mut m: f64 = 0.0;
    for a in 0..n {
        for b in 0..c {
            for i in 0..h {
                for j in 0..w {
                    m = m.max(scene.value(t, [a, b, i, j]).unwrap_or(0.0).abs());
                }
            }
        }
    }
    if m > 0.0 {
        m
    } else {
        1.0
    }
}

/// A cell of an exercise's plane, marked when clicked as part of the answer.
pub fn cell(value: f64, at: [usize; 2], picked: bool, scale: f64) -> Look {
    let look = input_cell(value, Source::Real(at), scale);
    Look {
        marks: look.marks.with(Marks::PICKED, picked),
        ..look
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::practice::Kind;

    #[test]
    fn a_value_exercise_shows_the_input_and_the_filter_asked_about() {
        for seed in 0..40 {
            let ex = Exercise::new(Kind::Value, seed, 3);
            let ps = planes(&ex);
            let inputs = ps.iter().filter(|p| p.target == Target::Input).count();
            assert_eq!(inputs, ex.scene.dim(Target::Input)[1], "seed {seed}");
            assert!(ps.iter().any(|p| p.target == Target::Kernel), "seed {seed}");
            assert!(ps.iter().all(|p| !p.clickable));
        }
    }

    #[test]
    fn a_sources_exercise_shows_the_input_only_clickable() {
        for seed in 0..40 {
            let ex = Exercise::new(Kind::Sources, seed, 2);
            let ps = planes(&ex);
            assert!(!ps.is_empty() && ps.iter().all(|p| p.clickable && p.target == Target::Input));
        }
        assert!(planes(&Exercise::new(Kind::Shape, 1, 0)).is_empty());
    }

    #[test]
    fn a_clicked_cell_is_marked() {
        assert_eq!(cell(2.0, [0, 0], true, 4.0).marks, Marks::PICKED);
        assert_eq!(cell(2.0, [0, 0], false, 4.0).marks, Marks::NONE);
        assert_eq!(
            scale(
                &crate::core::content::presets::default_scene(),
                Target::Input
            ),
            4.0
        );
    }
}
