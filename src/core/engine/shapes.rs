//! Every tensor's shape, axis by axis, and the output-size formula with
//! the scene's numbers. One function, [`Plan::shapes`], serves every view.

use crate::core::engine::plan::Plan;
use crate::core::model::scene::Mode;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxisSize {
    pub axis: usize,
    pub name: &'static str,
    pub size: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorShape {
    pub name: &'static str,
    pub axes: Vec<AxisSize>,
}

impl TensorShape {
    fn new(name: &'static str, axes: &[(&'static str, usize)]) -> TensorShape {
        let axes = axes
            .iter()
            .enumerate()
            .map(|(axis, &(name, size))| AxisSize { axis, name, size })
            .collect();
        TensorShape { name, axes }
    }

    pub fn dims(&self) -> Vec<usize> {
        self.axes.iter().map(|a| a.size).collect()
    }

    /// `(1, 1, 8, 8)`, as PyTorch prints `tensor.shape`.
    pub fn tuple(&self) -> String {
        let parts: Vec<String> = self.axes.iter().map(|a| a.size.to_string()).collect();
        if parts.len() == 1 {
            format!("({},)", parts[0])
        } else {
            format!("({})", parts.join(", "))
        }
    }
}

/// The output size along one axis, as a formula and with the numbers in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    pub axis: &'static str,
    pub symbolic: String,
    pub substituted: String,
    pub value: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shapes {
    pub input: TensorShape,
    pub padded: TensorShape,
    pub weight: TensorShape,
    pub bias: Option<TensorShape>,
    pub output: TensorShape,
    pub formulas: [Formula; 2],
}

impl Plan {
    pub fn shapes(&self) -> Shapes {
        if let Some(s) = &self.spread {
            return self.transpose_shapes(s);
        }
        let [n, c, h, w] = [
            self.batch(),
            self.in_channels(),
            self.input_hw()[0],
            self.input_hw()[1],
        ];
        let [o, cg, kh, kw] = [
            self.out_channels(),
            self.group_in(),
            self.kernel_hw()[0],
            self.kernel_hw()[1],
        ];
        let [hp, wp] = self.padded_hw();
        let [ho, wo] = self.out_hw;
        if self.kind.is_torch() {
            let p = self.pads;
            let formula = |axis: &'static str,
                           size: usize,
                           lo: usize,
                           hi: usize,
                           d: usize,
                           k: usize,
                           s: usize,
                           v: usize| {
                let (x, kx) = if axis == "H_out" {
                    ("H", "kH")
                } else {
                    ("W", "kW")
                };
                let (plo, phi) = if axis == "H_out" {
                    ("pad_top", "pad_bottom")
                } else {
                    ("pad_left", "pad_right")
                };
                Formula {
                    axis,
                    symbolic: format!(
                        "floor(({x} + {plo} + {phi} - dilation*({kx}-1) - 1)/stride) + 1"
                    ),
                    substituted: format!(
                        "floor(({size} + {lo} + {hi} - {d}*({k}-1) - 1)/{s}) + 1 = {v}"
                    ),
                    value: v,
                }
            };
            Shapes {
                input: TensorShape::new("input", &[("N", n), ("C_in", c), ("H", h), ("W", w)]),
                padded: TensorShape::new(
                    "padded input",
                    &[("N", n), ("C_in", c), ("H", hp), ("W", wp)],
                ),
                weight: TensorShape::new(
                    "weight",
                    &[("C_out", o), ("C_in/groups", cg), ("kH", kh), ("kW", kw)],
                ),
                bias: self
                    .bias
                    .as_ref()
                    .map(|_| TensorShape::new("bias", &[("C_out", o)])),
                output: TensorShape::new(
                    "output",
                    &[("N", n), ("C_out", o), ("H_out", ho), ("W_out", wo)],
                ),
                formulas: [
                    formula(
                        "H_out",
                        h,
                        p.top,
                        p.bottom,
                        self.dilation[0],
                        kh,
                        self.stride[0],
                        ho,
                    ),
                    formula(
                        "W_out",
                        w,
                        p.left,
                        p.right,
                        self.dilation[1],
                        kw,
                        self.stride[1],
                        wo,
                    ),
                ],
            }
        } else {
            let mode = self.mode.unwrap_or(Mode::Valid);
            let f = match mode {
                Mode::Same => "H",
                Mode::Full => "H + kH - 1",
                Mode::Valid => "H - kH + 1",
            };
            let sub = |x: usize, k: usize, v: usize| match mode {
                Mode::Same => format!("{x} = {v}"),
                Mode::Full => format!("{x} + {k} - 1 = {v}"),
                Mode::Valid => format!("{x} - {k} + 1 = {v}"),
            };
            let (in_name, k_name) = if self.swapped {
                ("in2", "in1")
            } else {
                ("in1", "in2")
            };
            Shapes {
                input: TensorShape::new(in_name, &[("H", h), ("W", w)]),
                padded: TensorShape::new("padded", &[("H", hp), ("W", wp)]),
                weight: TensorShape::new(k_name, &[("kH", kh), ("kW", kw)]),
                bias: None,
                output: TensorShape::new("output", &[("H_out", ho), ("W_out", wo)]),
                formulas: [
                    Formula {
                        axis: "H_out",
                        symbolic: f.to_string(),
                        substituted: sub(h, kh, ho),
                        value: ho,
                    },
                    Formula {
                        axis: "W_out",
                        symbolic: f.replace('H', "W"),
                        substituted: sub(w, kw, wo),
                        value: wo,
                    },
                ],
            }
        }
    }
}
