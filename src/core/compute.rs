//! The whole output at once, and the padded input, without frames.

use ndarray::{Array4, ArrayView2};

use super::padding::Source;
use super::plan::Plan;

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
                super::padding::Fill::Constant(v) => (v, Source::Constant),
                // Only a constant fill has no source cell.
                _ => (0.0, Source::Constant),
            },
        }
    }

    /// The padded input, materialised: values `(N, C, H_p, W_p)`.
    pub fn padded_input(&self) -> Array4<f64> {
        let [hp, wp] = self.padded_hw();
        Array4::from_shape_fn(
            (self.batch(), self.in_channels(), hp, wp),
            |(n, c, y, x)| self.padded_cell(n, c, y, x).0,
        )
    }

    /// Every output value, `(N, C_out, H_out, W_out)`.
    ///
    /// The sum for each value runs over input channels, then kernel rows,
    /// then kernel columns, then adds the bias: the very order the frames
    /// use, so a frame's last running sum equals this value exactly.
    pub fn output(&self) -> Array4<f64> {
        let [n_b, o_n, ho, wo] = self.output_dim();
        let [kh, kw] = self.kernel_hw();
        let [sh, sw] = self.stride;
        let [dh, dw] = self.dilation;
        let padded = self.padded_input();
        let mut out = Array4::<f64>::zeros((n_b, o_n, ho, wo));
        let mut acc = vec![0.0f64; ho * wo];
        for n in 0..n_b {
            for o in 0..o_n {
                acc.iter_mut().for_each(|v| *v = 0.0);
                for (cl, c) in self.channels_of(o).enumerate() {
                    let plane: ArrayView2<f64> = padded.slice(ndarray::s![n, c, .., ..]);
                    let plane = plane.as_slice().unwrap_or(&[]);
                    let wp = self.padded_hw()[1];
                    for a in 0..kh {
                        for b in 0..kw {
                            let (k, _) = self.tap_weight(o, cl, a, b);
                            for i in 0..ho {
                                let row = &plane[(i * sh + a * dh) * wp + b * dw..];
                                let dst = &mut acc[i * wo..(i + 1) * wo];
                                if sw == 1 {
                                    for (d, x) in dst.iter_mut().zip(row) {
                                        *d += x * k;
                                    }
                                } else {
                                    for (d, x) in dst.iter_mut().zip(row.iter().step_by(sw)) {
                                        *d += x * k;
                                    }
                                }
                            }
                        }
                    }
                }
                let bias = self.bias.as_ref().map_or(0.0, |b| b[o]);
                for i in 0..ho {
                    for j in 0..wo {
                        let v = acc[i * wo + j];
                        let v = if self.bias.is_some() { v + bias } else { v };
                        let (ti, tj) = self.shown_at([i, j]);
                        out[[n, o, ti, tj]] = v;
                    }
                }
            }
        }
        out
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
