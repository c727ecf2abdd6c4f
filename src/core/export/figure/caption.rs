//! A figure's caption: the call as PyTorch or SciPy would write it, with
//! the arguments that differ from the defaults (spelled as the exported
//! code spells them), and the shapes.

use crate::core::engine::plan::Plan;
use crate::core::export::codegen::python::{pair, py_float, torch_padding};
use crate::core::model::conv2d::Padding;
use crate::core::model::scene::{Boundary, Op, PaddingMode, Scene};
use crate::core::ops::stack::pool::module_repr;

/// `name=value` for each argument that is not at its default.
fn keywords(args: &[(&str, String, bool)]) -> String {
    args.iter()
        .filter(|(_, _, set)| *set)
        .map(|(k, v, _)| format!(", {k}={v}"))
        .collect()
}

/// The call lines of a scene's op (a stack: `print(model)`'s lines).
pub fn call(scene: &Scene, plan: Option<&Plan>) -> Vec<String> {
    match &scene.op {
        Op::Torch(t) => {
            let bias = if t.bias.is_some() { ", bias" } else { "" };
            let common = [
                ("stride", pair(t.stride), t.stride != [1, 1]),
                (
                    "padding",
                    torch_padding(t.padding),
                    t.padding != Padding::zero(),
                ),
                ("dilation", pair(t.dilation), t.dilation != [1, 1]),
                ("groups", t.groups.to_string(), t.groups != 1),
            ];
            if t.padding_mode == PaddingMode::Zeros {
                vec![format!(
                    "F.conv2d(input, weight{bias}{})",
                    keywords(&common)
                )]
            } else {
                // F.conv2d has no padding_mode: the module's call.
                let (o, _, kh, kw) = t.weight.dim();
                vec![format!(
                    "nn.Conv2d({}, {o}, kernel_size=({kh}, {kw}){}, bias={}, padding_mode='{}')(input)",
                    t.in_channels(),
                    keywords(&common),
                    if t.bias.is_some() { "True" } else { "False" },
                    t.padding_mode.as_str()
                )]
            }
        }
        Op::Convolve(s) | Op::Correlate(s) => {
            let func = if scene.kind().flips() {
                "convolve2d"
            } else {
                "correlate2d"
            };
            let extra = keywords(&[
                (
                    "boundary",
                    format!("'{}'", s.boundary.as_str()),
                    s.boundary != Boundary::Fill,
                ),
                ("fillvalue", py_float(s.fillvalue), s.fillvalue != 0.0),
            ]);
            vec![format!(
                "scipy.signal.{func}(in1, in2, mode='{}'{extra})",
                s.mode.as_str()
            )]
        }
        Op::Transpose(t) => {
            let bias = if t.bias.is_some() { ", bias" } else { "" };
            // With output_size, the output padding the module picks.
            let op = match (&t.output_size, plan.and_then(|p| p.spread.as_ref())) {
                (Some(_), Some(s)) => s.output_padding.map(|x| x as i64),
                _ => t.output_padding,
            };
            vec![format!(
                "F.conv_transpose2d(input, weight{bias}{})",
                keywords(&[
                    ("stride", pair(t.stride), t.stride != [1, 1]),
                    ("padding", pair(t.padding), t.padding != [0, 0]),
                    ("output_padding", pair(op), op != [0, 0]),
                    ("groups", t.groups.to_string(), t.groups != 1),
                    ("dilation", pair(t.dilation), t.dilation != [1, 1]),
                ])
            )]
        }
        Op::Sequential(s) => {
            let mut lines = vec!["nn.Sequential(".to_string()];
            for (k, l) in s.layers.iter().enumerate() {
                lines.push(format!("  ({k}): {}", module_repr(l)));
            }
            lines.push(")".to_string());
            lines
        }
    }
}

/// `(1, 2, 5, 5)`.
pub fn shape(dims: &[usize]) -> String {
    let parts: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    if parts.len() == 1 {
        format!("({},)", parts[0])
    } else {
        format!("({})", parts.join(", "))
    }
}

/// The shapes in and out of a valid PyTorch plan.
pub fn shapes(plan: &Plan) -> String {
    let (n, c, h, w) = plan.input.dim();
    let (a, b, kh, kw) = match &plan.spread {
        Some(s) => s.weight.dim(),
        None => plan.kernel.dim(),
    };
    format!(
        "input {}, weight {}, output {}",
        shape(&[n, c, h, w]),
        shape(&[a, b, kh, kw]),
        shape(&plan.output_dim())
    )
}
