//! The scatter view of a transposed convolution: the stamp.
//!
//! Step `k` is input cell `(n, c, i, j)` in row-major order. It adds the
//! kernel `weight[c]`, scaled by the cell's value, to every output channel
//! of `c`'s group, its tap `(a, b)` landing on output row
//! `i*stride - padding + a*dilation` (column likewise). Taps that land
//! outside the output (cut by `padding`, or past the bottom/right) are
//! kept, marked `inside: false`, so the UI can show what padding crops.
//!
//! Before any stamp each output cell holds its channel's bias (0 without
//! bias); after the last, the output. A frame costs one kernel per output
//! channel of the group; the running values it reports cost a kernel per
//! stamp more, and are left out (`None`) beyond [`SCATTER_RUNNING_CAP`].
//!
//! Toggling views on "the same step":
//! - gather to scatter ([`Plan::scatter_step_of_output`]): output cell
//!   `(n, o, y, x)` maps to the last stamp that adds to it, after which both
//!   views show its final value (no stamp reaches it: the last stamp of its
//!   group's channels in image `n`);
//! - scatter to gather ([`Plan::gather_step_of_scatter`]): stamp `k` maps to
//!   the first output cell, in gather order, that this stamp completes (else
//!   the first it touches, else the first cell of its group's channels).
//!   Going gather, scatter, gather lands on the first cell completed by the
//!   same stamp, which is the starting cell whenever no earlier cell is.

use std::ops::Range;

use ndarray::Array4;

use crate::core::engine::plan::Plan;
use crate::core::engine::transpose::Spread;

/// Above this many multiply-adds, frames leave out the running values.
pub const SCATTER_RUNNING_CAP: usize = 1 << 20;

#[derive(Clone, Debug, PartialEq)]
pub struct ScatterFrame {
    pub step: usize,
    /// The input cell that stamps, `[n, c, i, j]`.
    pub index: [usize; 4],
    pub value: f64,
    pub group: usize,
    /// The output channels stamped: those of `c`'s group.
    pub channels: Range<usize>,
    /// Where tap `(0, 0)` lands: `[i*stride - padding, j*stride - padding]`.
    pub origin: [i64; 2],
    /// One per output channel and tap, in that order.
    pub stamps: Vec<Stamp>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamp {
    /// The output channel.
    pub channel: usize,
    /// The tap in the weight as written (the scatter view does not rotate).
    pub tap: [usize; 2],
    /// `[c, o mod C_out/groups, a, b]` in the weight as written.
    pub weight_index: [usize; 4],
    pub weight: f64,
    /// `value * weight`.
    pub product: f64,
    /// The output row and column it lands on (may be outside).
    pub pos: [i64; 2],
    /// Whether `pos` is inside the output.
    pub inside: bool,
    /// The output value there before this stamp and after it (inside only,
    /// and within [`SCATTER_RUNNING_CAP`]).
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl Plan {
    fn spread_ref(&self) -> Option<&Spread> {
        self.spread.as_ref()
    }

    /// `N * C_in * H * W` stamps for a transposed convolution, 0 otherwise.
    pub fn scatter_frame_count(&self) -> usize {
        match self.spread_ref() {
            Some(_) => self.input.len(),
            None => 0,
        }
    }

    /// The input cell that stamps at `step`.
    pub fn scatter_index_at(&self, step: usize) -> Option<[usize; 4]> {
        self.spread_ref()?;
        let (nb, c, h, w) = self.input.dim();
        (step < nb * c * h * w).then(|| {
            [
                step / (w * h * c),
                (step / (w * h)) % c,
                (step / w) % h,
                step % w,
            ]
        })
    }

    /// The step at which input cell `[n, c, i, j]` stamps.
    pub fn scatter_step_of(&self, [n, c, i, j]: [usize; 4]) -> Option<usize> {
        self.spread_ref()?;
        let (nb, cn, h, w) = self.input.dim();
        (n < nb && c < cn && i < h && j < w).then(|| ((n * cn + c) * h + i) * w + j)
    }

    /// Input rows (`axis` 0) or columns whose stamp reaches output row `y`,
    /// ascending, with the tap that lands there.
    fn sources(&self, s: &Spread, axis: usize, y: usize) -> Vec<(usize, usize)> {
        let k = self.kernel_hw()[axis];
        let size = self.input_hw()[axis] as i64;
        let (st, d) = (s.stride[axis] as i64, self.dilation[axis] as i64);
        let p = s.padding[axis] as i64;
        (0..k)
            .rev()
            .filter_map(|a| {
                let t = y as i64 + p - a as i64 * d;
                (t >= 0 && t % st == 0 && t / st < size).then(|| ((t / st) as usize, a))
            })
            .collect()
    }

    /// Output value `[n, o, y, x]` after the first `steps` stamps: its
    /// bias plus those stamps' products, added in stamp order.
    pub fn scatter_value(&self, steps: usize, [n, o, y, x]: [usize; 4]) -> Option<f64> {
        let s = self.spread_ref()?;
        let [nb, on, ho, wo] = self.output_dim();
        if n >= nb || o >= on || y >= ho || x >= wo {
            return None;
        }
        let mut v = self.bias.as_ref().map_or(0.0, |b| b[o]);
        let (rows, cols) = (self.sources(s, 0, y), self.sources(s, 1, x));
        let ol = o % self.group_out();
        for c in self.channels_of(o) {
            for &(i, a) in &rows {
                for &(j, b) in &cols {
                    if self.scatter_step_of([n, c, i, j])? >= steps {
                        return Some(v);
                    }
                    v += self.input[[n, c, i, j]] * s.weight[[c, ol, a, b]];
                }
            }
        }
        Some(v)
    }

    /// The whole output after the first `steps` stamps (cost: that many
    /// stamps). After all of them it equals [`Plan::output`] to rounding.
    pub fn scatter_output(&self, steps: usize) -> Option<Array4<f64>> {
        self.spread_ref()?;
        let [nb, on, ho, wo] = self.output_dim();
        let mut out = Array4::from_shape_fn((nb, on, ho, wo), |(_, o, _, _)| {
            self.bias.as_ref().map_or(0.0, |b| b[o])
        });
        for step in 0..steps.min(self.scatter_frame_count()) {
            let f = self.scatter_frame_with(step, false)?;
            for t in f.stamps.iter().filter(|t| t.inside) {
                out[[f.index[0], t.channel, t.pos[0] as usize, t.pos[1] as usize]] += t.product;
            }
        }
        Some(out)
    }

    /// Stamp `step`, with the running values where affordable.
    pub fn scatter_frame_at(&self, step: usize) -> Option<ScatterFrame> {
        let [kh, kw] = self.kernel_hw();
        let cost = self.group_out() * self.group_in() * (kh * kw) * (kh * kw);
        self.scatter_frame_with(step, cost <= SCATTER_RUNNING_CAP)
    }

    fn scatter_frame_with(&self, step: usize, running: bool) -> Option<ScatterFrame> {
        let s = self.spread_ref()?;
        let index = self.scatter_index_at(step)?;
        let [n, c, i, j] = index;
        let value = self.input[[n, c, i, j]];
        let group = c / self.group_in();
        let go = self.group_out();
        let channels = group * go..(group + 1) * go;
        let origin = [0, 1].map(|a| [i, j][a] as i64 * s.stride[a] as i64 - s.padding[a] as i64);
        let [kh, kw] = self.kernel_hw();
        let [ho, wo] = self.out_hw;
        let mut stamps = Vec::with_capacity(go * kh * kw);
        for o in channels.clone() {
            for a in 0..kh {
                for b in 0..kw {
                    let weight_index = [c, o % go, a, b];
                    let weight = s.weight[weight_index];
                    let product = value * weight;
                    let pos = [
                        origin[0] + (a * self.dilation[0]) as i64,
                        origin[1] + (b * self.dilation[1]) as i64,
                    ];
                    let inside =
                        (0..ho as i64).contains(&pos[0]) && (0..wo as i64).contains(&pos[1]);
                    let before = (running && inside)
                        .then(|| self.scatter_value(step, [n, o, pos[0] as usize, pos[1] as usize]))
                        .flatten();
                    stamps.push(Stamp {
                        channel: o,
                        tap: [a, b],
                        weight_index,
                        weight,
                        product,
                        pos,
                        inside,
                        before,
                        after: before.map(|v| v + product),
                    });
                }
            }
        }
        Some(ScatterFrame {
            step,
            index,
            value,
            group,
            channels,
            origin,
            stamps,
        })
    }

    /// The last stamp that adds to output `[n, o, y, x]`, or, when none
    /// reaches it, the last stamp of its group's channels in image `n`.
    pub fn scatter_step_of_output(&self, [n, o, y, x]: [usize; 4]) -> Option<usize> {
        let s = self.spread_ref()?;
        let [nb, on, ho, wo] = self.output_dim();
        if n >= nb || o >= on || y >= ho || x >= wo {
            return None;
        }
        let last_c = self.channels_of(o).end - 1;
        let rows = self.sources(s, 0, y);
        let cols = self.sources(s, 1, x);
        match (rows.last(), cols.last()) {
            (Some(&(i, _)), Some(&(j, _))) => self.scatter_step_of([n, last_c, i, j]),
            _ => {
                let [h, w] = self.input_hw();
                Some((n * self.in_channels() + last_c + 1) * h * w - 1)
            }
        }
    }

    /// The gather step to show for stamp `step` (see the module's notes).
    pub fn gather_step_of_scatter(&self, step: usize) -> Option<usize> {
        let f = self.scatter_frame_with(step, false)?;
        let n = f.index[0];
        let cell = |t: &Stamp| [n, t.channel, t.pos[0] as usize, t.pos[1] as usize];
        let inside = || f.stamps.iter().filter(|t| t.inside);
        let completed = inside()
            .filter(|t| self.scatter_step_of_output(cell(t)) == Some(step))
            .filter_map(|t| self.step_of(cell(t)))
            .min();
        completed
            .or_else(|| inside().filter_map(|t| self.step_of(cell(t))).min())
            .or_else(|| self.step_of([n, f.channels.start, 0, 0]))
    }
}
