//! The matrix view: a convolution of one channel plane is a matrix times
//! the plane flattened row by row.
//!
//! For a conv2d, `C` has a row per output position and a column per input
//! position: `out[o] = sum over c of C(o, c) * vec(in[c])` (plus the bias).
//! A transposed convolution's matrix is `C^T` of the conv2d with the same
//! weight, stride, padding, dilation and groups whose input is as large as
//! the transposed output. Built from the gather view, so every tap the
//! animation shows is one entry; only for small planes.

use crate::core::engine::error::ConvError;
use crate::core::engine::frame::Frame;
use crate::core::engine::padding::{Fill, Source};
use crate::core::engine::plan::Plan;

/// Input and output positions per channel the matrix view accepts.
pub const MAX_MATRIX_SIDE: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct ConvMatrix {
    /// Output positions, `H_out * W_out`.
    pub rows: usize,
    /// Input positions, `H * W`.
    pub cols: usize,
    pub out_hw: [usize; 2],
    pub in_hw: [usize; 2],
    /// Row-major, `rows * cols`.
    pub values: Vec<f64>,
}

impl ConvMatrix {
    pub fn get(&self, row: usize, col: usize) -> Option<f64> {
        (row < self.rows && col < self.cols).then(|| self.values[row * self.cols + col])
    }

    /// `C * v` for a flattened input plane (`None` if the length is wrong).
    pub fn apply(&self, v: &[f64]) -> Option<Vec<f64>> {
        (v.len() == self.cols).then(|| {
            self.values
                .chunks(self.cols)
                .map(|r| r.iter().zip(v).map(|(a, b)| a * b).sum())
                .collect()
        })
    }

    /// The transpose, `C^T`.
    pub fn transposed(&self) -> ConvMatrix {
        let mut values = vec![0.0; self.values.len()];
        for r in 0..self.rows {
            for c in 0..self.cols {
                values[c * self.rows + r] = self.values[r * self.cols + c];
            }
        }
        ConvMatrix {
            rows: self.cols,
            cols: self.rows,
            out_hw: self.in_hw,
            in_hw: self.out_hw,
            values,
        }
    }

    /// The entry a gather tap uses: output position `out` (as shown)
    /// reading a cell whose source is `source`. Padding and inserted
    /// zeros have no column (a copying padding cell uses its source's).
    pub fn gather_entry(&self, out: [usize; 2], source: Source) -> Option<[usize; 2]> {
        let [r, q] = match source {
            Source::Real(p) | Source::Copy(p) => p,
            Source::Constant | Source::Inserted => return None,
        };
        (out[0] < self.out_hw[0]
            && out[1] < self.out_hw[1]
            && r < self.in_hw[0]
            && q < self.in_hw[1])
            .then(|| [out[0] * self.out_hw[1] + out[1], r * self.in_hw[1] + q])
    }

    /// The entries the step on screen uses: a gather frame's taps on input
    /// channel `c`, or (no gather frame: the scatter view) the stamps of
    /// scatter step `step` onto output channel `o`.
    pub fn used(
        &self,
        plan: &Plan,
        gather: Option<&Frame>,
        step: usize,
        c: usize,
        o: usize,
    ) -> Vec<[usize; 2]> {
        match gather {
            Some(f) => f
                .substeps
                .iter()
                .filter(|s| s.channel == c)
                .flat_map(|s| s.taps.iter())
                .filter_map(|t| self.gather_entry([f.index[2], f.index[3]], t.source))
                .collect(),
            None => plan
                .scatter_frame_at(step)
                .map(|f| {
                    let ij = [f.index[2], f.index[3]];
                    f.stamps
                        .iter()
                        .filter(|t| t.channel == o)
                        .filter_map(|t| self.scatter_entry(ij, t.pos))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The entry a scatter stamp uses: input cell `input` landing on output
    /// position `pos` (`None` when it lands outside the output).
    pub fn scatter_entry(&self, input: [usize; 2], pos: [i64; 2]) -> Option<[usize; 2]> {
        let inside = (0..2)
            .all(|a| pos[a] >= 0 && (pos[a] as usize) < self.out_hw[a] && input[a] < self.in_hw[a]);
        inside.then(|| {
            [
                pos[0] as usize * self.out_hw[1] + pos[1] as usize,
                input[0] * self.in_hw[1] + input[1],
            ]
        })
    }
}

impl Plan {
    /// The matrix of output channel `o` and input channel `c` (zero if `c`
    /// is not in `o`'s group). Refused beyond [`MAX_MATRIX_SIDE`] positions
    /// and for a constant fill other than 0 (SciPy's `fillvalue`, which
    /// makes the map affine, not linear).
    pub fn matrix(&self, o: usize, c: usize) -> Result<ConvMatrix, ConvError> {
        let in_hw = self.input_hw();
        let out_hw = self.out_hw;
        for (what, size) in [
            ("input plane (matrix view)", in_hw[0] * in_hw[1]),
            ("output plane (matrix view)", out_hw[0] * out_hw[1]),
        ] {
            if size > MAX_MATRIX_SIDE {
                return Err(ConvError::TooLarge {
                    what,
                    size,
                    cap: MAX_MATRIX_SIDE,
                });
            }
        }
        if matches!(self.fill, Fill::Constant(v) if v != 0.0) {
            return Err(ConvError::TooLarge {
                what: "matrix view of a non-zero fillvalue",
                size: 1,
                cap: 0,
            });
        }
        if o >= self.out_channels() || c >= self.in_channels() {
            return Err(ConvError::TooLarge {
                what: "channel index (matrix view)",
                size: o.max(c),
                cap: self.out_channels().min(self.in_channels()),
            });
        }
        let (rows, cols) = (out_hw[0] * out_hw[1], in_hw[0] * in_hw[1]);
        let mut m = ConvMatrix {
            rows,
            cols,
            out_hw,
            in_hw,
            values: vec![0.0; rows * cols],
        };
        let Some(cl) = self.channels_of(o).position(|x| x == c) else {
            return Ok(m);
        };
        let [kh, kw] = self.kernel_hw();
        let [sh, sw] = self.stride;
        let [dh, dw] = self.dilation;
        for si in 0..out_hw[0] {
            for sj in 0..out_hw[1] {
                let (i, j) = self.shown_at([si, sj]);
                for a in 0..kh {
                    for b in 0..kw {
                        let (_, source) = self.padded_cell(0, c, i * sh + a * dh, j * sw + b * dw);
                        if let Some([row, col]) = m.gather_entry([si, sj], source) {
                            m.values[row * cols + col] += self.tap_weight(o, cl, a, b).0;
                        }
                    }
                }
            }
        }
        Ok(m)
    }
}
