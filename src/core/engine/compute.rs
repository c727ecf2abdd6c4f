//! The whole output at once, and the padded input, without frames.

use ndarray::Array4;

use crate::core::engine::lanes::Vectors;
use crate::core::engine::padding::Source;
use crate::core::engine::plan::Plan;

impl Plan {
    /// The value and origin of padded cell `(y, x)` of plane `(n, c)`.
    pub fn padded_cell(&self, n: usize, c: usize, y: usize, x: usize) -> (f64, Source) {
        if let Some(s) = &self.spread {
            return self.spread_cell(s, n, c, y, x);
        }
        let [h, w] = self.input_hw();
        let sy = self.fill.source(y as i64 - self.pads.top as i64, h);
        let sx = self.fill.source(x as i64 - self.pads.left as i64, w);
        match (sy, sx) {
            (Some(r), Some(q)) => {
                let real = y >= self.pads.top
                    && y < self.pads.top + h
                    && x >= self.pads.left
                    && x < self.pads.left + w;
                let v = self.input[[n, c, r, q]];
                (
                    v,
                    if real {
                        Source::Real([r, q])
                    } else {
                        Source::Copy([r, q])
                    },
                )
            }
            _ => match self.fill {
                crate::core::engine::padding::Fill::Constant(v) => (v, Source::Constant),
                // Only a constant fill has no source cell.
                _ => (0.0, Source::Constant),
            },
        }
    }

    /// The padded input, materialised: values `(N, C, H_p, W_p)`.
    pub fn padded_input(&self) -> Array4<f64> {
        let [hp, wp] = self.padded_hw();
        let shape = (self.batch(), self.in_channels(), hp, wp);
        let mut data = self.planes(1).data;
        data.truncate(shape.0 * shape.1 * hp * wp);
        Array4::from_shape_vec(shape, data).unwrap_or_else(|_| Array4::zeros(shape))
    }

    /// Every output value, `(N, C_out, H_out, W_out)`.
    ///
    /// The sum for each value runs over input channels, then kernel rows,
    /// then kernel columns, from `0.0`, then adds the bias: the very order
    /// the frames use, so a frame's last running sum equals this value
    /// exactly. (See `blocked.rs` for how it is computed quickly.)
    pub fn output(&self) -> Array4<f64> {
        self.output_using(Vectors::Widest)
    }

    /// [`Plan::output`] computed with the given SIMD vectors: the same
    /// values, bit for bit (for tests and benchmarks).
    pub fn output_using(&self, vectors: Vectors) -> Array4<f64> {
        let [n_b, o_n, ho, wo] = self.output_dim();
        let shape = (n_b, o_n, ho, wo);
        let len = n_b * o_n * ho * wo;
        let planes = self.planes(self.stride[1]);
        // Not zeroed first: for an image-sized output, zeroing costs a
        // tenth of the whole computation.
        let mut out: Vec<f64> = Vec::with_capacity(len);
        let spare = out.spare_capacity_mut().get_mut(..len).unwrap_or_default();
        if self.write_channels(&planes, spare, 0..o_n, vectors) == len {
            // SAFETY: each of the `len` values is written at most once, and
            // `len` were written, so all of them were.
            unsafe { out.set_len(len) };
        } else {
            // Cannot happen (the count is the output's size); stay safe.
            debug_assert!(false, "the kernel missed output values");
            out = vec![0.0; len];
            self.write_channels(&planes, as_uninit(&mut out), 0..o_n, vectors);
        }
        Array4::from_shape_vec(shape, out).unwrap_or_else(|_| Array4::zeros(shape))
    }

    /// Where the value computed at sliding position `[i, j]` is shown (they
    /// differ only for SciPy's `correlate2d` after its `valid` swap, which
    /// reverses the output). The map is its own inverse.
    pub fn shown_at(&self, [i, j]: [usize; 2]) -> (usize, usize) {
        if self.reversed {
            let [ho, wo] = self.out_hw;
            (ho - 1 - i, wo - 1 - j)
        } else {
            (i, j)
        }
    }
}

/// Initialised values as a slice the kernel may write (but never
/// de-initialise: it only writes `f64` values).
pub(crate) fn as_uninit(values: &mut [f64]) -> &mut [std::mem::MaybeUninit<f64>] {
    // SAFETY: `MaybeUninit<f64>` has the layout of `f64`, and the kernel
    // writes only initialised values through the returned slice.
    unsafe { std::slice::from_raw_parts_mut(values.as_mut_ptr().cast(), values.len()) }
}
