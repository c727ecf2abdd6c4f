//! Where stamps overlap: how many stamps have landed on each output cell.
//!
//! With a kernel size not divisible by the stride, neighbouring stamps
//! overlap on some rows and columns only, and the counts form the
//! checkerboard that upsampling layers are known for. The count after
//! every stamp equals `conv_transpose2d` of an all-ones input with an
//! all-ones weight (per group), which is how the tests check it.

use ndarray::Array4;

use crate::core::engine::plan::Plan;
use crate::core::ops::transpose::scatter::ScatterFrame;

/// One stamp of the scatter view and the output after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shot {
    pub frame: ScatterFrame,
    /// The output after stamps `0..=step`.
    pub running: Array4<f64>,
    /// How many of those stamps landed on each output cell.
    pub hits: Array4<u32>,
}

impl Plan {
    /// Stamp `step`, the output after it and the overlap counts: what the
    /// scatter view draws at that step.
    pub fn scatter_shot(&self, step: usize) -> Option<Shot> {
        Some(Shot {
            frame: self.scatter_frame_at(step)?,
            running: self.scatter_output(step + 1)?,
            hits: self.scatter_hits(step + 1)?,
        })
    }

    /// For each output cell `[n, o, y, x]`, how many of the first `steps`
    /// stamps landed on it (`None` for a plan that is not a transposed
    /// convolution).
    pub fn scatter_hits(&self, steps: usize) -> Option<Array4<u32>> {
        let s = self.spread.as_ref()?;
        let [nb, on, ho, wo] = self.output_dim();
        let mut hits = Array4::<u32>::zeros((nb, on, ho, wo));
        let [kh, kw] = self.kernel_hw();
        for step in 0..steps.min(self.scatter_frame_count()) {
            let [n, c, i, j] = self.scatter_index_at(step)?;
            let g = c / self.group_in();
            let go = self.group_out();
            for o in g * go..(g + 1) * go {
                for a in 0..kh {
                    for b in 0..kw {
                        let y =
                            (i * s.stride[0] + a * self.dilation[0]) as i64 - s.padding[0] as i64;
                        let x =
                            (j * s.stride[1] + b * self.dilation[1]) as i64 - s.padding[1] as i64;
                        if (0..ho as i64).contains(&y) && (0..wo as i64).contains(&x) {
                            hits[[n, o, y as usize, x as usize]] += 1;
                        }
                    }
                }
            }
        }
        Some(hits)
    }

    /// Whether output row (`axis` 0) or column `p` is one that
    /// `output_padding` added at the bottom/right (false for other ops).
    pub fn added_by_output_padding(&self, axis: usize, p: usize) -> bool {
        match (&self.spread, axis) {
            (Some(s), 0 | 1) => {
                p < self.out_hw[axis] && p + s.output_padding[axis] >= self.out_hw[axis]
            }
            _ => false,
        }
    }

    /// Taps of stamp `step` that fall outside the output (cut by
    /// `padding`, or beyond the bottom/right), per output channel.
    pub fn scatter_cropped(&self, step: usize) -> usize {
        self.scatter_frame_at(step)
            .map_or(0, |f| f.stamps.iter().filter(|t| !t.inside).count())
    }
}
