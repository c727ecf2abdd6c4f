//! The shapes of a transposed convolution and its output-size formula,
//! with the scene's numbers, and the range of sizes `output_size` may ask
//! for.

use crate::core::engine::plan::Plan;
use crate::core::engine::shapes::{AxisSize, Formula, Shapes, TensorShape};
use crate::core::engine::transpose::Spread;

fn shape(name: &'static str, axes: &[(&'static str, usize)]) -> TensorShape {
    TensorShape {
        name,
        axes: axes
            .iter()
            .enumerate()
            .map(|(axis, &(name, size))| AxisSize { axis, name, size })
            .collect(),
    }
}

/// The output sizes `nn.ConvTranspose2d.forward(input, output_size=...)`
/// accepts along one axis: `min` (output padding 0) to `max = min + stride
/// - 1`, as PyTorch's `_output_padding` computes them, and the output
/// padding the current size implies (`size - min`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeRange {
    pub axis: &'static str,
    /// May be 0 or negative (large padding): PyTorch reports it so.
    pub min: i64,
    pub max: i64,
    pub size: usize,
    pub output_padding: usize,
}

impl Plan {
    /// For a transposed convolution, the size range per axis (`H_out`,
    /// `W_out`); `None` for the other ops. Only up to `max` may be asked
    /// with `output_size`; `output_padding` alone may also go up to
    /// `dilation - 1` when the dilation is larger than the stride.
    pub fn size_ranges(&self) -> Option<[SizeRange; 2]> {
        let s = self.spread.as_ref()?;
        let r = |a: usize, axis| {
            let size = self.out_hw[a];
            let min = size as i64 - s.output_padding[a] as i64;
            SizeRange {
                axis,
                min,
                max: min + s.stride[a] as i64 - 1,
                size,
                output_padding: s.output_padding[a],
            }
        };
        Some([r(0, "H_out"), r(1, "W_out")])
    }

    pub(crate) fn transpose_shapes(&self, s: &Spread) -> Shapes {
        let [n, c] = [self.batch(), self.in_channels()];
        let [h, w] = self.input_hw();
        let (ci, cog, kh, kw) = s.weight.dim();
        let [hp, wp] = self.padded_hw();
        let [ho, wo] = self.out_hw;
        let o = self.out_channels();
        let formula =
            |a: usize, axis: &'static str, x: &str, k: &str, size: usize, kk: usize, v: usize| {
                let from = if s.output_size.is_some() {
                    "  (output_padding chosen by output_size)"
                } else {
                    ""
                };
                Formula {
                    axis,
                    symbolic: format!(
                        "({x} - 1)*stride - 2*padding + dilation*({k} - 1) + output_padding + 1"
                    ),
                    substituted: format!(
                        "({size} - 1)*{} - 2*{} + {}*({kk} - 1) + {} + 1 = {v}{from}",
                        s.stride[a], s.padding[a], self.dilation[a], s.output_padding[a]
                    ),
                    value: v,
                }
            };
        Shapes {
            input: shape("input", &[("N", n), ("C_in", c), ("H", h), ("W", w)]),
            padded: shape(
                "spread input",
                &[("N", n), ("C_in", c), ("H", hp), ("W", wp)],
            ),
            weight: shape(
                "weight",
                &[("C_in", ci), ("C_out/groups", cog), ("kH", kh), ("kW", kw)],
            ),
            bias: self.bias.as_ref().map(|_| shape("bias", &[("C_out", o)])),
            output: shape(
                "output",
                &[("N", n), ("C_out", o), ("H_out", ho), ("W_out", wo)],
            ),
            formulas: [
                formula(0, "H_out", "H", "kH", h, kh, ho),
                formula(1, "W_out", "W", "kW", w, kw, wo),
            ],
        }
    }
}
