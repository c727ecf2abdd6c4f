//! Editing one value without recomputing the whole output.
//!
//! When one input value changes, only the output values whose window reads
//! it change; when one kernel value or bias changes, only its output
//! channel does. These functions set the value in the plan and recompute
//! exactly those output values, each summed in the same order as
//! [`Plan::output`] (input channels, kernel rows, kernel columns, from
//! `0.0`, then the bias), so the result is bit for bit the output a whole
//! recompute gives.
//!
//! Padding may show one input value several times (reflect, replicate,
//! circular, SciPy's `wrap` and `symm`): every padded cell that copies it
//! counts, found with the same source mapping the padding uses.
//!
//! Each returns how many output values it recomputed, or `None` (and
//! changes nothing) when the index is outside the tensor or `output` is not
//! this plan's output shape.

use ndarray::Array4;

use super::edit::Target;
use super::lanes::Vectors;
use super::plan::Plan;

impl Plan {
    /// Set `input[index]` (`[n, c, y, x]` of [`Plan::input`]) to `value`
    /// and recompute the output values that read it.
    pub fn update_input(
        &mut self,
        output: &mut Array4<f64>,
        index: [usize; 4],
        value: f64,
    ) -> Option<usize> {
        if !self.fits(output) {
            return None;
        }
        let [n, c, y, x] = index;
        *self.input.get_mut(index)? = value;
        let [h, w] = self.input_hw();
        let [hp, wp] = self.padded_hw();
        let [kh, kw] = self.kernel_hw();
        let [ho, wo] = self.out_hw;
        // Which input row (column) each padded row (column) shows.
        let row_src: Vec<Option<usize>> = (0..hp)
            .map(|q| self.fill.source(q as i64 - self.pads.top as i64, h))
            .collect();
        let col_src: Vec<Option<usize>> = (0..wp)
            .map(|q| self.fill.source(q as i64 - self.pads.left as i64, w))
            .collect();
        let rows = reached(
            copies(&row_src, y),
            kh,
            self.dilation[0],
            self.stride[0],
            ho,
        );
        let cols = reached(
            copies(&col_src, x),
            kw,
            self.dilation[1],
            self.stride[1],
            wo,
        );
        let group = c / self.group_in().max(1);
        let channels = group * self.group_out()..(group + 1) * self.group_out();
        let mut count = 0;
        for o in channels {
            for &i in &rows {
                for &j in &cols {
                    let (ti, tj) = self.shown_at([i, j]);
                    let v = self.sum_from(n, o, [i, j], &row_src, &col_src);
                    *output.get_mut([n, o, ti, tj])? = v;
                    count += 1;
                }
            }
        }
        Some(count)
    }

    /// Set `kernel[index]` (`[c_out, c_in/groups, a, b]` as written) to
    /// `value` and recompute output channel `c_out`.
    pub fn update_kernel(
        &mut self,
        output: &mut Array4<f64>,
        index: [usize; 4],
        value: f64,
    ) -> Option<usize> {
        if !self.fits(output) {
            return None;
        }
        *self.kernel.get_mut(index)? = value;
        Some(self.recompute_channel(output, index[0]))
    }

    /// Set the bias of output channel `o` to `value` and recompute that
    /// channel. `None` when the plan has no bias.
    pub fn update_bias(&mut self, output: &mut Array4<f64>, o: usize, value: f64) -> Option<usize> {
        if !self.fits(output) {
            return None;
        }
        *self.bias.as_mut()?.get_mut(o)? = value;
        Some(self.recompute_channel(output, o))
    }

    /// The edit the UI makes to a scene, `scene.set_value(target, index,
    /// value)`, applied to this plan and its `output`: `target` and
    /// `index` are the scene's (SciPy's `in1`/`in2` as `[0, 0, i, j]`),
    /// which after SciPy's `valid` swap are the plan's kernel and input.
    pub fn update(
        &mut self,
        output: &mut Array4<f64>,
        target: Target,
        index: [usize; 4],
        value: f64,
    ) -> Option<usize> {
        match (target, self.swapped) {
            (Target::Input, false) | (Target::Kernel, true) => {
                self.update_input(output, index, value)
            }
            (Target::Kernel, false) | (Target::Input, true) => {
                self.update_kernel(output, index, value)
            }
            // A stack layer's weight: not one plan's.
            (Target::Layer(_), _) => None,
        }
    }

    /// One output value, at sliding position `[i, j]`, summed as
    /// [`Plan::output`] sums it.
    pub fn value_at(&self, n: usize, o: usize, [i, j]: [usize; 2]) -> f64 {
        let [kh, kw] = self.kernel_hw();
        let [sh, sw] = self.stride;
        let [dh, dw] = self.dilation;
        let mut acc = 0.0f64;
        for (cl, c) in self.channels_of(o).enumerate() {
            for a in 0..kh {
                for b in 0..kw {
                    let (x, _) = self.padded_cell(n, c, i * sh + a * dh, j * sw + b * dw);
                    let (k, _) = self.tap_weight(o, cl, a, b);
                    acc += x * k;
                }
            }
        }
        match self.bias.as_ref().and_then(|b| b.get(o)) {
            Some(b) => acc + b,
            None => acc,
        }
    }

    /// Whether `output` is this plan's, and the plan is one whose edits
    /// map to windows this way (a transposed convolution's spread input is
    /// not: its edits take a whole recompute, so `None` is returned).
    fn fits(&self, output: &Array4<f64>) -> bool {
        let (n, o, h, w) = output.dim();
        [n, o, h, w] == self.output_dim() && self.spread.is_none()
    }

    /// [`Plan::value_at`] with the padding's source rows and columns
    /// looked up once: the same sum, in the same order.
    fn sum_from(
        &self,
        n: usize,
        o: usize,
        [i, j]: [usize; 2],
        row_src: &[Option<usize>],
        col_src: &[Option<usize>],
    ) -> f64 {
        let [kh, kw] = self.kernel_hw();
        let [sh, sw] = self.stride;
        let [dh, dw] = self.dilation;
        let constant = match self.fill {
            super::padding::Fill::Constant(v) => v,
            _ => 0.0,
        };
        let mut acc = 0.0f64;
        for (cl, c) in self.channels_of(o).enumerate() {
            for a in 0..kh {
                let r = row_src.get(i * sh + a * dh).copied().flatten();
                for b in 0..kw {
                    let q = col_src.get(j * sw + b * dw).copied().flatten();
                    let x = match (r, q) {
                        (Some(r), Some(q)) => self.input.get([n, c, r, q]).copied().unwrap_or(0.0),
                        _ => constant,
                    };
                    let (k, _) = self.tap_weight(o, cl, a, b);
                    acc += x * k;
                }
            }
        }
        match self.bias.as_ref().and_then(|b| b.get(o)) {
            Some(b) => acc + b,
            None => acc,
        }
    }

    /// Output channel `o`, every batch item, with the whole-output kernel.
    fn recompute_channel(&self, output: &mut Array4<f64>, o: usize) -> usize {
        let [n_b, _, ho, wo] = self.output_dim();
        let planes = self.planes(self.stride[1]);
        match output.as_slice_mut() {
            Some(out) => {
                let out = super::compute::as_uninit(out);
                self.write_channels(&planes, out, o..o + 1, Vectors::Widest);
            }
            None => *output = self.output(),
        }
        n_b * ho * wo
    }
}

/// The padded positions (along one axis) that show input index `p`: the
/// real cell and every border cell whose fill copies it.
fn copies(source: &[Option<usize>], p: usize) -> Vec<usize> {
    (0..source.len())
        .filter(|&q| source[q] == Some(p))
        .collect()
}

/// The output positions (along one axis) whose window, `kernel` taps
/// `dilation` apart and starting every `stride`, covers one of `cells`.
fn reached(
    cells: Vec<usize>,
    kernel: usize,
    dilation: usize,
    stride: usize,
    out: usize,
) -> Vec<usize> {
    let mut hit = std::collections::BTreeSet::new();
    for q in cells {
        for a in 0..kernel {
            let Some(start) = q.checked_sub(a * dilation) else {
                break;
            };
            if start % stride == 0 && start / stride < out {
                hit.insert(start / stride);
            }
        }
    }
    hit.into_iter().collect()
}
