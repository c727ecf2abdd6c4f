//! A pool layer's frames: one per output value, in the order a conv
//! layer's come (`n`, channel, row, column). A frame is a [`Frame`], so
//! the stack view places the window and the cursor as it does for a conv
//! (every tap weighs 1 and its product is the value read); the pool's own
//! arithmetic is a [`PoolStep`]: the cell a max pool picks, or an average
//! pool's sum and the divisor PyTorch uses, with the reason for it. Both
//! come from the network module's `max_window` / `avg_window`, the very
//! functions that compute the layer's output.

use crate::core::engine::frame::{Frame, SubStep, Tap};
use crate::core::engine::padding::Source;
use crate::core::model::pool::PoolKind;
use crate::core::ops::network::pooling::{avg_window, max_window, AvgWindow};
use crate::core::ops::stack::pool::PoolPlan;

/// Where a window tap lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// On a real cell of the level below.
    Real,
    /// In the padding (`-inf` for a max pool, zeros for an average).
    Padding,
    /// Past the padding, where only `ceil_mode`'s last window reaches:
    /// nothing is read there, and an average never counts it.
    Ceil,
}

/// One tap of a pool's window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PoolTap {
    /// `[row, col]` in the level below (negative in the top/left padding).
    pub at: [i64; 2],
    pub place: Place,
    /// The value there, for a real cell.
    pub value: Option<f64>,
}

/// Why an average pool divides by what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Divisor {
    /// `divisor_override`.
    Override(i64),
    /// `count_include_pad=True`: the window clipped to the padded input,
    /// `[rows, cols]` (fewer than the kernel where `ceil_mode`'s window
    /// hangs past the padding).
    Padded([i64; 2]),
    /// `count_include_pad=False`: the real cells, `[rows, cols]`.
    Real([i64; 2]),
}

impl Divisor {
    pub fn value(self) -> i64 {
        match self {
            Divisor::Override(d) => d,
            Divisor::Padded([a, b]) | Divisor::Real([a, b]) => a * b,
        }
    }
}

/// What a pool's frame computes.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolStep {
    pub kind: PoolKind,
    /// The output written, `[n, c, i, j]`.
    pub index: [usize; 4],
    /// Every tap of the window, row by row.
    pub taps: Vec<PoolTap>,
    /// A max pool's pick: `[row, col]` in the level below.
    pub picked: Option<[usize; 2]>,
    /// An average pool's sum of the real cells.
    pub sum: f64,
    /// An average pool's divisor, and why; `None` for a max pool (or a
    /// window on no real cell, whose output is 0).
    pub divisor: Option<Divisor>,
    pub value: f64,
}

impl PoolPlan {
    /// The output index written at `step`.
    pub fn index_at(&self, step: usize) -> Option<[usize; 4]> {
        let [nb, c, ho, wo] = self.output_dim();
        if step >= nb.saturating_mul(c).saturating_mul(ho).saturating_mul(wo) {
            return None;
        }
        Some([
            step / (wo * ho * c),
            (step / (wo * ho)) % c,
            (step / wo) % ho,
            step % wo,
        ])
    }

    /// The frame that writes output `index`.
    pub fn step_of(&self, index: [usize; 4]) -> Option<usize> {
        let [n, o, i, j] = index;
        let [nb, on, ho, wo] = self.output_dim();
        (n < nb && o < on && i < ho && j < wo).then(|| ((n * on + o) * ho + i) * wo + j)
    }

    /// Where `[row, col]` of the level below lies for this layer.
    fn place(&self, at: [i64; 2]) -> Place {
        let [h, w] = self.input_hw().map(|v| v as i64);
        let [ph, pw] = [self.pads.top as i64, self.pads.left as i64];
        if (0..h).contains(&at[0]) && (0..w).contains(&at[1]) {
            Place::Real
        } else if (-ph..h + ph).contains(&at[0]) && (-pw..w + pw).contains(&at[1]) {
            Place::Padding
        } else {
            Place::Ceil
        }
    }

    /// What frame `step` computes.
    pub fn step_at(&self, step: usize) -> Option<PoolStep> {
        let index = self.index_at(step)?;
        let [n, c, i, j] = index;
        let at = [
            (i * self.stride[0]) as i64 - self.pads.top as i64,
            (j * self.stride[1]) as i64 - self.pads.left as i64,
        ];
        let mut taps = Vec::with_capacity(self.taps());
        for a in 0..self.kernel[0] {
            for b in 0..self.kernel[1] {
                let pos = [
                    at[0] + (a * self.dilation[0]) as i64,
                    at[1] + (b * self.dilation[1]) as i64,
                ];
                let place = self.place(pos);
                let value = (place == Place::Real)
                    .then(|| {
                        self.input
                            .get([n, c, pos[0] as usize, pos[1] as usize])
                            .copied()
                    })
                    .flatten();
                taps.push(PoolTap {
                    at: pos,
                    place,
                    value,
                });
            }
        }
        let mut s = PoolStep {
            kind: self.kind(),
            index,
            taps,
            picked: None,
            sum: 0.0,
            divisor: None,
            value: 0.0,
        };
        match (&self.pool, self.kind()) {
            (crate::core::ops::network::pool::Pool::Avg(a), PoolKind::Avg) => {
                let AvgWindow {
                    real,
                    padded,
                    sum,
                    divisor,
                    value,
                    ..
                } = avg_window(&self.input, [n, c], at, &self.window, a);
                s.sum = sum;
                s.value = value;
                s.divisor = divisor.map(|_| match a.divisor_override {
                    Some(d) => Divisor::Override(d),
                    None if a.count_include_pad => Divisor::Padded(padded),
                    None => Divisor::Real(real),
                });
            }
            _ => {
                let (value, picked) = max_window(&self.input, [n, c], at, &self.window);
                s.value = value;
                s.picked = picked;
            }
        }
        Some(s)
    }

    /// Frame `step`: the window over the padded level (every tap weighs 1,
    /// its product the value read; padding reads the fill, `-inf` or 0),
    /// the value written.
    pub fn frame_at(&self, step: usize) -> Option<Frame> {
        let s = self.step_at(step)?;
        let [_, c, i, j] = s.index;
        let fill = match self.fill() {
            crate::core::engine::padding::Fill::Constant(v) => v,
            _ => 0.0,
        };
        let taps = s
            .taps
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let tap = [k / self.kernel[1], k % self.kernel[1]];
                let pos = [
                    (t.at[0] + self.pads.top as i64).max(0) as usize,
                    (t.at[1] + self.pads.left as i64).max(0) as usize,
                ];
                let (source, input) = match (t.place, t.value) {
                    (Place::Real, Some(v)) => {
                        (Source::Real([t.at[0] as usize, t.at[1] as usize]), v)
                    }
                    _ => (Source::Constant, fill),
                };
                Tap {
                    tap,
                    kernel_index: tap,
                    pos,
                    source,
                    input,
                    weight: 1.0,
                    product: input,
                }
            })
            .collect();
        let partial = match s.kind {
            PoolKind::Max => s.value,
            PoolKind::Avg => s.sum,
        };
        Some(Frame {
            step,
            index: s.index,
            origin: [i * self.stride[0], j * self.stride[1]],
            group: c,
            channels: c..c + 1,
            substeps: vec![SubStep {
                channel: c,
                slice: 0,
                taps,
                partial,
                running: partial,
            }],
            bias: None,
            value: s.value,
        })
    }
}
