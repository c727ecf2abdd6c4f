//! Receptive fields along the spatial chain (the layers from the input up
//! to the last one with an image-shaped output), axis by axis: every layer
//! here acts on rows and columns separately, so a set of output cells
//! reaches a product of input rows and columns.
//!
//! - the running field ([`Running`]): size and jump, by the usual formula;
//! - the exact bounding box of the input pixels that reach one output cell
//!   ([`Report::receptive_box`]), computed as the oracle does: weights 1,
//!   max pools as average pools, reflect/replicate/circular padding sending
//!   paths back to the pixels they copy;
//! - the border: outputs that depend on invented padding.

use crate::core::model::conv2d::PaddingMode;
use crate::core::ops::network::layers::Layer;
use crate::core::ops::network::pool::adaptive_window;
use crate::core::ops::network::report::{Ratio, Report, Row, Running};

/// Largest spatial size, and most work (taps times cells, over the whole
/// chain), the exact fields follow: a few milliseconds at most, so that
/// the page can recompute them on every keystroke.
const MAX_SIDE: i64 = 1 << 14;
const MAX_WORK: u128 = 1 << 22;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fill {
    /// Padding adds nothing (zeros, a max pool's -inf, a clipped window).
    Skip,
    Reflect,
    Replicate,
    Circular,
}

/// One layer along one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AxisOp {
    /// Output `o` reads `o*s - lo + t*d` for taps `t < k`.
    Window {
        k: i64,
        s: i64,
        d: i64,
        lo: i64,
        hi: i64,
        fill: Fill,
        invented: bool,
    },
    /// Input `i` stamps output `i*s - p + t*d` (a transposed convolution).
    Scatter {
        k: i64,
        s: i64,
        d: i64,
        p: i64,
    },
    Adaptive,
    Same,
}

fn axis_op(row: &Row, axis: usize) -> Option<AxisOp> {
    let a = axis;
    Some(match &row.layer {
        Layer::Conv2d(c) => {
            let pads = c.pads()?[a];
            let fill = match c.mode()? {
                PaddingMode::Zeros => Fill::Skip,
                PaddingMode::Reflect => Fill::Reflect,
                PaddingMode::Replicate => Fill::Replicate,
                PaddingMode::Circular => Fill::Circular,
            };
            AxisOp::Window {
                k: c.kernel_size.pair()[a],
                s: c.stride.pair()[a],
                d: c.dilation.pair()[a],
                lo: pads[0],
                hi: pads[1],
                fill,
                invented: true,
            }
        }
        Layer::ConvTranspose2d(t) => AxisOp::Scatter {
            k: t.kernel_size.pair()[a],
            s: t.stride.pair()[a],
            d: t.dilation.pair()[a],
            p: t.padding.pair()[a],
        },
        Layer::MaxPool2d(m) => AxisOp::Window {
            k: m.kernel_size.pair()[a],
            s: m.stride.unwrap_or(m.kernel_size).pair()[a],
            d: m.dilation.pair()[a],
            lo: m.padding.pair()[a],
            hi: m.padding.pair()[a],
            fill: Fill::Skip,
            invented: false,
        },
        Layer::AvgPool2d(p) => AxisOp::Window {
            k: p.kernel_size.pair()[a],
            s: p.stride.unwrap_or(p.kernel_size).pair()[a],
            d: 1,
            lo: p.padding.pair()[a],
            hi: p.padding.pair()[a],
            fill: Fill::Skip,
            invented: p.count_include_pad && p.divisor_override.is_none(),
        },
        Layer::AdaptiveAvgPool2d(_) | Layer::AdaptiveMaxPool2d(_) => AxisOp::Adaptive,
        Layer::Flatten { .. } | Layer::Linear(_) => {
            if row.input == row.output && matches!(row.layer, Layer::Flatten { .. }) {
                AxisOp::Same
            } else {
                return None;
            }
        }
        _ => AxisOp::Same,
    })
}

/// Where tap position `q` (input coordinates, maybe in the padding) reads.
fn source(q: i64, n: i64, fill: Fill) -> Option<i64> {
    if (0..n).contains(&q) {
        return Some(q);
    }
    let r = match fill {
        Fill::Skip => return None,
        Fill::Reflect if q < 0 => -q,
        Fill::Reflect => 2 * (n - 1) - q,
        Fill::Replicate => q.clamp(0, n - 1),
        Fill::Circular => q.rem_euclid(n),
    };
    (0..n).contains(&r).then_some(r)
}

impl AxisOp {
    /// The taps of output `o` as `(tap position, input it reads)`.
    fn for_each_input(&self, o: i64, n: i64, mut f: impl FnMut(i64, Option<i64>)) {
        match *self {
            AxisOp::Window {
                k, s, d, lo, fill, ..
            } => {
                for t in 0..k {
                    let q = o * s - lo + t * d;
                    f(q, source(q, n, fill));
                }
            }
            AxisOp::Scatter { k, s, d, p } => {
                for t in 0..k {
                    let x = o + p - t * d;
                    if x >= 0 && x % s == 0 && x / s < n {
                        f(x / s, Some(x / s));
                    }
                }
            }
            AxisOp::Adaptive => {}
            AxisOp::Same => f(o, Some(o)),
        }
    }

    fn taps(&self) -> i64 {
        match *self {
            AxisOp::Window { k, .. } | AxisOp::Scatter { k, .. } => k.max(1),
            _ => 1,
        }
    }

    /// The inputs (of `n`) that reach the outputs in `out`.
    fn reach(&self, n: i64, out: &[bool]) -> Vec<bool> {
        let mut seen = vec![false; n as usize];
        for (o, _) in out.iter().enumerate().filter(|(_, on)| **on) {
            if *self == AxisOp::Adaptive {
                let (a, b) = adaptive_window(o as i64, n, out.len() as i64);
                seen[a as usize..b as usize]
                    .iter_mut()
                    .for_each(|v| *v = true);
                continue;
            }
            self.for_each_input(o as i64, n, |_, src| {
                if let Some(i) = src {
                    seen[i as usize] = true;
                }
            });
        }
        seen
    }

    /// Which outputs (of `m`) depend on invented padding, given which
    /// inputs do.
    pub(super) fn border(&self, input: &[bool], m: i64) -> Vec<bool> {
        let n = input.len() as i64;
        (0..m)
            .map(|o| {
                if *self == AxisOp::Adaptive {
                    let (a, b) = adaptive_window(o, n, m);
                    return input[a as usize..b as usize].iter().any(|v| *v);
                }
                let mut hit = false;
                let invented_pad = match *self {
                    AxisOp::Window {
                        lo, hi, invented, ..
                    } => Some((lo, hi, invented)),
                    _ => None,
                };
                self.for_each_input(o, n, |q, src| match (src, invented_pad) {
                    (_, Some((lo, hi, true))) if !(0..n).contains(&q) && q >= -lo && q < n + hi => {
                        hit = true
                    }
                    (Some(i), _) if (0..n).contains(&q) || invented_pad.is_none() => {
                        hit |= input[i as usize]
                    }
                    _ => {}
                });
                hit
            })
            .collect()
    }

    /// The running field after this layer, from the one before.
    fn running(&self, before: &Running, n: i64, m: i64) -> Option<Running> {
        let (r, j) = (before.size, before.jump);
        let jf = j.factor();
        let int = |v: i64| Ratio::int(v.max(0) as u128);
        let (size, jump, formula) = match *self {
            AxisOp::Window { k, s, d, .. } => {
                let grow = int((k - 1) * d);
                let size = r.plus(grow.times(j)?)?;
                let jump = j.times(int(s))?;
                let dil = if d == 1 {
                    String::new()
                } else {
                    format!("·{d}")
                };
                (
                    size,
                    jump,
                    format!("r = {r} + ({k}−1){dil}·{jf} = {size}, j = {jf}·{s} = {jump}"),
                )
            }
            AxisOp::Scatter { k, s, d, .. } => {
                // The widest spread of inputs one output gathers, over the
                // output's phase modulo the stride.
                let span = (0..s.min(1 << 10))
                    .filter_map(|phase| {
                        let hits: Vec<i64> = (0..k.min(1 << 10))
                            .filter(|t| (t * d - phase) % s == 0)
                            .collect();
                        Some((hits.last()? - hits.first()?) * d / s)
                    })
                    .max()
                    .unwrap_or(0);
                let size = r.plus(int(span).times(j)?)?;
                let jump = j.times(Ratio::new(1, s.max(1) as u128)?)?;
                (
                    size,
                    jump,
                    format!("r = {r} + {span}·{jf} = {size}, j = {jf}/{s} = {jump}"),
                )
            }
            AxisOp::Adaptive => {
                let widest = (0..m.min(1 << 16))
                    .map(|o| {
                        let (a, b) = adaptive_window(o, n, m);
                        b - a
                    })
                    .max()
                    .unwrap_or(1);
                let size = r.plus(int(widest - 1).times(j)?)?;
                let jump = j.times(Ratio::new(n.max(0) as u128, m.max(1) as u128)?)?;
                (
                    size,
                    jump,
                    format!("r = {r} + ({widest}−1)·{jf} = {size}, j = {jf}·{n}/{m} = {jump}"),
                )
            }
            AxisOp::Same => (r, j, format!("r = {r}, j = {j} (unchanged)")),
        };
        Some(Running {
            size,
            jump,
            formula,
        })
    }
}

/// The chain's ops `[rows, cols]`, one per row, and the spatial sizes
/// (`sizes[i]` into row `i`, `sizes[i + 1]` out of it).
pub(super) type Chain = (Vec<[AxisOp; 2]>, Vec<[i64; 2]>);

/// The longest run of rows from the input that acts on rows and columns
/// (3-D or 4-D all along) and is small enough to follow exactly.
pub(super) fn chain(report: &Report) -> Chain {
    let spatial =
        |s: &[i64]| (s.len() == 3 || s.len() == 4).then(|| [s[s.len() - 2], s[s.len() - 1]]);
    let mut ops = Vec::new();
    let Some(first) = spatial(&report.input) else {
        return (ops, Vec::new());
    };
    let mut sizes = vec![first];
    let mut work = 0u128;
    for row in &report.rows {
        let (Some(out), true) = (spatial(&row.output), row.input.len() == row.output.len()) else {
            break;
        };
        let (Some(h), Some(w)) = (axis_op(row, 0), axis_op(row, 1)) else {
            break;
        };
        let op = [h, w];
        let before = sizes[sizes.len() - 1];
        for a in 0..2 {
            work += op[a].taps() as u128 * out[a].max(before[a]).max(0) as u128;
        }
        let fits = (0..2).all(|a| out[a] <= MAX_SIDE && before[a] <= MAX_SIDE) && work <= MAX_WORK;
        if !fits {
            break;
        }
        ops.push(op);
        sizes.push(out);
    }
    (ops, sizes)
}

/// The inclusive bounding box of the input pixels that reach one output
/// cell: `rows = [first, last]`, `cols = [first, last]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfBox {
    pub rows: [i64; 2],
    pub cols: [i64; 2],
}

impl Report {
    /// The input pixels that reach output `cell` (`[row, col]`) of row
    /// `row`: the bounding box, or `None` when that row is not on the
    /// spatial chain, the cell is outside it, or no pixel reaches it.
    pub fn receptive_box(&self, row: usize, cell: [i64; 2]) -> Option<RfBox> {
        let (mut ops, sizes) = chain(self);
        if row >= ops.len() {
            return None;
        }
        ops.truncate(row + 1);
        let mut bounds = [[0i64; 2]; 2];
        for a in 0..2 {
            let out = sizes[ops.len()][a];
            if !(0..out).contains(&cell[a]) {
                return None;
            }
            let mut set = vec![false; out as usize];
            set[cell[a] as usize] = true;
            for (l, op) in ops.iter().enumerate().rev() {
                set = op[a].reach(sizes[l][a], &set);
            }
            let first = set.iter().position(|v| *v)? as i64;
            let last = set.iter().rposition(|v| *v)? as i64;
            bounds[a] = [first, last];
        }
        Some(RfBox {
            rows: bounds[0],
            cols: bounds[1],
        })
    }

    /// The oracle's field: the centre cell `[H/2, W/2]` of the last row
    /// with a 4-D output, as `(row, cell, box)`.
    pub fn centre_field(&self) -> Option<(usize, [i64; 2], RfBox)> {
        let row = self.rows.iter().rposition(|r| r.output.len() == 4)?;
        let out = &self.rows[row].output;
        let cell = [out[2] / 2, out[3] / 2];
        Some((row, cell, self.receptive_box(row, cell)?))
    }
}

/// Fills in each row's running field and border count, along the chain.
pub fn annotate(report: &mut Report) {
    let (ops, sizes) = chain(report);
    if ops.is_empty() {
        return;
    }
    let start = Running {
        size: Ratio::int(1),
        jump: Ratio::int(1),
        formula: "r = 1, j = 1".into(),
    };
    let mut running = [Some(start.clone()), Some(start)];
    let mut border: [Vec<bool>; 2] = [0, 1].map(|a| vec![false; sizes[0][a] as usize]);
    for (l, op) in ops.iter().enumerate() {
        for a in 0..2 {
            running[a] = running[a]
                .as_ref()
                .and_then(|r| op[a].running(r, sizes[l][a], sizes[l + 1][a]));
            border[a] = op[a].border(&border[a], sizes[l + 1][a]);
        }
        let row = &mut report.rows[l];
        if let [Some(h), Some(w)] = &running {
            row.receptive = Some([h.clone(), w.clone()]);
        }
        let clean = |b: &Vec<bool>| b.iter().filter(|v| !**v).count() as u64;
        let all = sizes[l + 1][0] as u64 * sizes[l + 1][1] as u64;
        row.border = Some(all - clean(&border[0]) * clean(&border[1]));
    }
}
