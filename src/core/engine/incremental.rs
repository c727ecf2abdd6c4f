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

use crate::core::engine::lanes::Vectors;
use crate::core::engine::plan::Plan;
use crate::core::model::target::Target;

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
        *self.input.get_mut(index)? = value;
        self.rewrite_reached(output, index)
    }

    /// Recompute the output values that read `input[index]`.
    fn rewrite_reached(&self, output: &mut Array4<f64>, index: [usize; 4]) -> Option<usize> {
        let [n, c, y, x] = index;
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

    /// This plan's output, from `before`'s output `before_out` when the two
    /// plans differ in at most one value of the input, the kernel or the
    /// bias (one edit): only the output values that value reaches are
    /// recomputed, bit for bit as [`Plan::output`] sums them. Any other
    /// difference (a shape, an argument, several values) takes the whole
    /// computation.
    pub fn output_after(&self, before: &Plan, before_out: &Array4<f64>) -> Array4<f64> {
        let mut out = before_out.clone();
        match self.update_after(before, &mut out) {
            Some(_) => out,
            None => self.output(),
        }
    }

    /// [`Plan::output_after`] in place: turns `out`, `before`'s output, into
    /// this plan's, and says whether any value may have changed. `None`
    /// when it takes the whole computation; `out` is then not this plan's
    /// output (it may be partly rewritten) and must be dropped.
    pub fn update_after(&self, before: &Plan, out: &mut Array4<f64>) -> Option<bool> {
        let change = self.one_change(before)?;
        if !self.fits(out) {
            return None;
        }
        match change {
            Change::None => Some(false),
            Change::Input(index) => self.rewrite_reached(out, index).map(|_| true),
            Change::Kernel(o) | Change::Bias(o) => {
                self.recompute_channel(out, o);
                Some(true)
            }
        }
    }

    /// How `self` differs from `before`, when that is one value or nothing.
    fn one_change(&self, before: &Plan) -> Option<Change> {
        // Every field, named: a field added to `Plan` must be placed here.
        let Plan {
            kind,
            flip,
            input,
            kernel,
            bias,
            groups,
            stride,
            dilation,
            pads,
            fill,
            out_hw,
            swapped,
            reversed,
            mode,
            spread,
        } = self;
        let same_frame = *kind == before.kind
            && *flip == before.flip
            && *groups == before.groups
            && *stride == before.stride
            && *dilation == before.dilation
            && *pads == before.pads
            && *fill == before.fill
            && *out_hw == before.out_hw
            && *swapped == before.swapped
            && *reversed == before.reversed
            && *mode == before.mode
            && *spread == before.spread
            && input.dim() == before.input.dim()
            && kernel.dim() == before.kernel.dim()
            && bias.as_ref().map(Vec::len) == before.bias.as_ref().map(Vec::len);
        if !same_frame {
            return None;
        }
        let input = match differences(input, &before.input) {
            Differences::None => None,
            Differences::One(k) => Some(Change::Input(unflat(input.dim(), k))),
            Differences::Many => return None,
        };
        let kernel = match differences(kernel, &before.kernel) {
            Differences::None => None,
            Differences::One(k) => Some(Change::Kernel(unflat(kernel.dim(), k)[0])),
            Differences::Many => return None,
        };
        let bias = match (bias, &before.bias) {
            (Some(now), Some(was)) => match differing(now.iter().zip(was)) {
                Differences::None => None,
                Differences::One(o) => Some(Change::Bias(o)),
                Differences::Many => return None,
            },
            _ => None,
        };
        let change = match (input, kernel, bias) {
            (None, None, None) => Change::None,
            (Some(c), None, None) | (None, Some(c), None) | (None, None, Some(c)) => c,
            _ => return None,
        };
        Some(change)
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
            crate::core::engine::padding::Fill::Constant(v) => v,
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
                let out = crate::core::engine::compute::as_uninit(out);
                self.write_channels(&planes, out, o..o + 1, Vectors::Widest);
            }
            None => *output = self.output(),
        }
        n_b * ho * wo
    }
}

/// What one edit changed between two plans of the same frame.
#[derive(Clone, Copy, Debug)]
enum Change {
    None,
    /// `input[index]`.
    Input([usize; 4]),
    /// A value of output channel `o`'s filter.
    Kernel(usize),
    /// Output channel `o`'s bias.
    Bias(usize),
}

/// Where two sequences of values differ, bit for bit.
enum Differences {
    None,
    One(usize),
    Many,
}

fn differing<'a>(pairs: impl Iterator<Item = (&'a f64, &'a f64)>) -> Differences {
    let mut found = Differences::None;
    for (k, (a, b)) in pairs.enumerate() {
        if a.to_bits() != b.to_bits() {
            if let Differences::One(_) = found {
                return Differences::Many;
            }
            found = Differences::One(k);
        }
    }
    found
}

/// [`differing`] over two arrays of one shape, in their logical order (as
/// flat slices when both are laid out that way, the common case).
fn differences(a: &Array4<f64>, b: &Array4<f64>) -> Differences {
    match (a.as_slice(), b.as_slice()) {
        (Some(a), Some(b)) => differing(a.iter().zip(b)),
        _ => differing(a.iter().zip(b.iter())),
    }
}

/// Whether two arrays have one shape and the same values, bit for bit
/// (`0.0` and `-0.0` differ; a NaN equals itself).
pub(crate) fn same_bits(a: &Array4<f64>, b: &Array4<f64>) -> bool {
    a.dim() == b.dim() && matches!(differences(a, b), Differences::None)
}

/// The `[n, c, h, w]` index of the `k`-th value of an array of shape `dim`.
fn unflat((_, c, h, w): (usize, usize, usize, usize), k: usize) -> [usize; 4] {
    [k / (c * h * w), k / (h * w) % c, k / w % h, k % w]
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
