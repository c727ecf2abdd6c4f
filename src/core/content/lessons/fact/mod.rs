//! The facts a lesson's words quote, computed from the step's scene by the
//! engine: no number in a lesson is typed by hand.
//!
//! A fact is written `{name arg arg}` inside a lesson's text (see
//! [`crate::core::content::lessons::words`]). A prefix picks another
//! framing of the scene: `conv.` the true convolution (kernel flipped),
//! `xcorr.` the cross-correlation (the compare view's two sides), `zeros.`
//! a stack with every `padding_mode` set to zeros. The names:
//!
//! | name | what it says |
//! | --- | --- |
//! | `in`, `out`, `padded` | input, output, padded input: `HxW` |
//! | `in-shape`, `weight-shape` | the tensors' shapes, `(1, 1, 8, 8)` |
//! | `in-cells`, `out-cells` | how many values an input or output plane has |
//! | `input c i j` | an input value (channel `c`, row `i`, column `j`) |
//! | `k`, `kernel`, `kernel-row r` | the kernel: `3x3`, `3`, `[-1 0 1]` |
//! | `module` | `nn.Conv2d`'s first arguments, `C_in, C_out, k` |
//! | `fan-in`, `bound` | `nn.Conv2d`'s `(C_in/groups)*kH*kW` and `1/sqrt` of it |
//! | `groups`, `stride`, `padding`, `output-padding`, `dilation` | the settings |
//! | `group-out`, `slices` | `C_out/groups`; how many 2-D operators the weight holds |
//! | `pad` | rows of padding above the input as the kernel slides |
//! | `h-formula` | the output height's formula with the numbers in |
//! | `min-out`, `max-out` | the smallest and largest output a transposed convolution can give |
//! | `matrix`, `matrix-t` | the matrix view's size and its transpose's |
//! | `again` | the output size of one more pass with the same kernel |
//! | `stamp-counts` | how many stamps land on the output cells: `1, 2 or 4` |
//! | `value c i j`, `row c i`, `differ` | answers: an output value, an output row, the compare view's count of differing cells |
//! | `refusal` | PyTorch's message refusing the scene |
//! | `unsqueeze n axis` | the shape of a vector of `n` unsqueezed on `axis` |
//! | `size l`, `layers`, `channels`, `dilations`, `weights` | a stack: level `l`'s `HxW`, its layers, channels, dilations, weights |
//! | `border l`, `cells l` | layer `l`'s outputs touching the invented border, of how many |
//! | `field`, `r-sum`, `jump` | the last layer's receptive field: `7x7`, `1 + 2 + 2 + 2 = 7`, its jump |
//! | `paths i j`, `paths-centre i j`, `paths-corner i j`, `field-size i j`, `inside i j` | the receptive field of the last layer's cell `[i, j]` |
//! | `paths-all`, `taps` | every path through the stack, `729`, and `9 x 9 x 9` |
//! | `refused-layer`, `refused-ordinal` | the layer PyTorch refuses, `3` and `4th` |
//! | `net-...` | a model on "your network" (see [`network`]) |

mod network;
mod stack;

use std::cell::OnceCell;

use ndarray::Array4;

use crate::core::engine::error::ConvError;
use crate::core::engine::plan::Plan;
use crate::core::model::init::conv_init_bound;
use crate::core::model::scene::{Op, Padding, Scene};
use crate::core::ops::stack::{Stack, StackScene};
use crate::core::present::compare::count_differences;
use crate::core::present::display::compact;
use crate::core::present::shape_ops::DynTensor;

/// Whether a fact quotes the answer (an output value, or how many output
/// cells differ): hidden while the person has asked to hide the answer.
pub fn is_answer(spec: &str) -> bool {
    let name = spec.split_whitespace().next().unwrap_or("");
    let name = name.rsplit('.').next().unwrap_or(name);
    matches!(name, "value" | "row" | "differ")
}

/// `a x b` as the lessons write sizes: `8x8`.
fn hw([h, w]: [usize; 2]) -> String {
    format!("{h}x{w}")
}

/// `(1, 2, 3, 3)`.
fn tuple(dims: &[usize]) -> String {
    let parts: Vec<String> = dims.iter().map(usize::to_string).collect();
    format!("({})", parts.join(", "))
}

/// `1, 2 and 4` (`or` with `or`).
fn list(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., end] => format!("{} {last} {end}", rest.join(", ")),
    }
}

/// A value as the output grids show it (`-0` is `0`).
fn num(v: f64) -> String {
    compact(if v == 0.0 { 0.0 } else { v })
}

/// The engine's results for one scene, computed when a fact asks for them.
pub struct Engine<'a> {
    scene: &'a Scene,
    plan: OnceCell<Result<Plan, ConvError>>,
    outputs: [OnceCell<Option<Array4<f64>>>; 3],
    stack: OnceCell<Option<Stack>>,
    report: OnceCell<Option<crate::core::ops::network::report::Report>>,
}

impl<'a> Engine<'a> {
    pub fn new(scene: &'a Scene) -> Engine<'a> {
        Engine {
            scene,
            plan: OnceCell::new(),
            outputs: Default::default(),
            stack: OnceCell::new(),
            report: OnceCell::new(),
        }
    }

    /// The report of the model the scene carries ("your network").
    fn report(&self) -> Option<&crate::core::ops::network::report::Report> {
        self.report
            .get_or_init(|| network::report_of(self.scene))
            .as_ref()
    }

    fn plan(&self) -> Option<&Plan> {
        self.plan
            .get_or_init(|| Plan::new(self.scene))
            .as_ref()
            .ok()
    }

    /// The scene's output (`side` 0), or framed as a true convolution (1)
    /// or a cross-correlation (2).
    fn output(&self, side: usize) -> Option<&Array4<f64>> {
        self.outputs[side]
            .get_or_init(|| match side {
                0 => self.plan().map(Plan::output),
                s => Plan::framed(self.scene, s == 1).ok().map(|p| p.output()),
            })
            .as_ref()
    }

    fn stack_scene(&self) -> Option<&StackScene> {
        match &self.scene.op {
            Op::Sequential(s) => Some(s),
            _ => None,
        }
    }

    /// The stack, or as much of it as PyTorch accepts: the layers below
    /// the one it refuses.
    fn stack(&self) -> Option<&Stack> {
        self.stack
            .get_or_init(|| {
                let s = self.stack_scene()?;
                match Stack::new(s) {
                    Ok(st) => Some(st),
                    Err(e) => {
                        let mut below = s.clone();
                        below.layers.truncate(e.layer()?);
                        Stack::new(&below).ok()
                    }
                }
            })
            .as_ref()
    }

    /// The weight as written: a conv2d's, a transposed convolution's, a
    /// stack's first layer's, or SciPy's `in2` as `(1, 1, kH, kW)`.
    fn weight(&self) -> Array4<f64> {
        match &self.scene.op {
            Op::Torch(t) => t.weight.clone(),
            Op::Transpose(t) => t.weight.clone(),
            Op::Convolve(c) | Op::Correlate(c) => c
                .in2
                .clone()
                .insert_axis(ndarray::Axis(0))
                .insert_axis(ndarray::Axis(0)),
            Op::Sequential(s) => s
                .layers
                .iter()
                .find_map(|l| l.as_conv())
                .map_or_else(|| Array4::zeros((0, 0, 0, 0)), |l| l.weight.clone()),
        }
    }

    fn input(&self) -> Array4<f64> {
        match &self.scene.op {
            Op::Torch(t) => t.input.clone(),
            Op::Transpose(t) => t.input.clone(),
            Op::Convolve(c) | Op::Correlate(c) => c
                .in1
                .clone()
                .insert_axis(ndarray::Axis(0))
                .insert_axis(ndarray::Axis(0)),
            Op::Sequential(s) => s.input.clone(),
        }
    }

    /// Stride, padding, output padding, dilation and groups as written (first axis).
    fn setting(&self, name: &str) -> Option<String> {
        let words = |p: Padding| match p {
            Padding::Explicit([h, _]) => h.to_string(),
            Padding::Named(_) => crate::core::model::conv2d::PaddingKind::of(p)
                .as_str()
                .to_string(),
        };
        Some(match (&self.scene.op, name) {
            (Op::Torch(t), "stride") => t.stride[0].to_string(),
            (Op::Torch(t), "padding") => words(t.padding),
            (Op::Torch(t), "dilation") => t.dilation[0].to_string(),
            (Op::Torch(t), "groups") => t.groups.to_string(),
            (Op::Transpose(t), "stride") => t.stride[0].to_string(),
            (Op::Transpose(t), "padding") => t.padding[0].to_string(),
            (Op::Transpose(t), "output-padding") => t.output_padding[0].to_string(),
            (Op::Transpose(t), "dilation") => t.dilation[0].to_string(),
            (Op::Transpose(t), "groups") => t.groups.to_string(),
            (Op::Sequential(s), "padding") => words(s.layers.first()?.as_conv()?.padding),
            (Op::Sequential(s), "stride") => s.layers.first()?.as_conv()?.stride[0].to_string(),
            _ => return None,
        })
    }

    /// The words for fact `spec`, or `None` if this scene has no such fact.
    pub fn fact(&self, spec: &str) -> Option<String> {
        let mut words = spec.split_whitespace();
        let name = words.next()?;
        if name.starts_with("net-") {
            let args: Vec<&str> = words.collect();
            return self.net_fact(name, &args);
        }
        let args: Vec<usize> = words.map(str::parse).collect::<Result<_, _>>().ok()?;
        let (side, name) = match name.split_once('.') {
            Some(("conv", n)) => (1, n),
            Some(("xcorr", n)) => (2, n),
            Some(("zeros", _)) => {
                let rest = spec.trim_start().trim_start_matches("zeros.");
                return self.zeros().and_then(|s| Engine::new(&s).fact(rest));
            }
            Some(_) => return None,
            None => (0, name),
        };
        if side > 0 && !matches!(name, "value" | "row") {
            return None;
        }
        let weight = self.weight();
        let (o, cg, kh, kw) = weight.dim();
        Some(match (name, args.as_slice()) {
            ("in", []) => {
                let (_, _, h, w) = self.input().dim();
                hw([h, w])
            }
            ("in-shape", []) => match &self.scene.op {
                Op::Convolve(c) | Op::Correlate(c) => tuple(c.in1.shape()),
                _ => tuple(self.input().shape()),
            },
            ("in-cells", []) => (self.input().len()
                / (self.input().dim().0 * self.input().dim().1).max(1))
            .to_string(),
            ("input", [c, i, j]) => num(*self.input().get([0, *c, *i, *j])?),
            ("weight-shape", []) => tuple(weight.shape()),
            ("k", []) => hw([kh, kw]),
            ("kernel", []) => kh.to_string(),
            ("kernel-row", [r]) => {
                let row: Vec<String> = (0..kw)
                    .map(|b| weight.get([0, 0, *r, b]).map_or(String::new(), |v| num(*v)))
                    .collect();
                format!("[{}]", row.join(" "))
            }
            ("module", []) if kh == kw => format!("{}, {o}, {kh}", self.input().dim().1),
            ("fan-in", []) => (cg * kh * kw).to_string(),
            ("bound", []) => num(conv_init_bound(cg, kh, kw)),
            ("group-out", []) => {
                (o / self.setting("groups")?.parse::<usize>().ok()?.max(1)).to_string()
            }
            ("slices", []) => (o * cg).to_string(),
            ("stride" | "padding" | "output-padding" | "dilation" | "groups", []) => {
                self.setting(name)?
            }
            ("unsqueeze", [n, axis]) => {
                tuple(&DynTensor::arange(&[*n]).unsqueeze(*axis as i64).ok()?.shape)
            }
            ("refusal", []) => self.refusal()?,
            _ => match self.stack_scene() {
                Some(_) => self.stack_fact(name, &args)?,
                None => self.plan_fact(side, name, &args)?,
            },
        })
    }

    fn refusal(&self) -> Option<String> {
        match self.stack_scene() {
            Some(s) => Stack::new(s).err()?.reference_message(),
            None => Plan::new(self.scene).err()?.reference_message(),
        }
    }

    fn plan_fact(&self, side: usize, name: &str, args: &[usize]) -> Option<String> {
        Some(match (name, args) {
            ("value", [c, i, j]) => num(*self.output(side)?.get([0, *c, *i, *j])?),
            ("row", [c, i]) => {
                let out = self.output(side)?;
                let (_, _, h, w) = out.dim();
                if *i >= h {
                    return None;
                }
                let row: Vec<String> = (0..w)
                    .map(|j| out.get([0, *c, *i, j]).map_or(String::new(), |v| num(*v)))
                    .collect();
                format!("[{}]", row.join(", "))
            }
            ("differ", []) => {
                let (a, b) = (self.output(1)?, self.output(2)?);
                format!("{} of {}", count_differences(a, b)?, a.len())
            }
            ("out", []) => hw(self.plan()?.out_hw),
            ("out-cells", []) => (self.plan()?.out_hw[0] * self.plan()?.out_hw[1]).to_string(),
            ("padded", []) => hw(self.plan()?.padded_hw()),
            ("pad", []) => self.plan()?.pads.top.to_string(),
            ("h-formula", []) => self.plan()?.shapes().formulas[0].substituted.clone(),
            ("min-out" | "max-out", []) => {
                let [h, w] = self.plan()?.size_ranges()?;
                let pick = |r: &crate::core::ops::transpose::shapes::SizeRange| {
                    if name == "min-out" {
                        r.min
                    } else {
                        r.max
                    }
                };
                format!("{}x{}", pick(&h), pick(&w))
            }
            ("matrix" | "matrix-t", []) => {
                let m = self.plan()?.matrix(0, 0).ok()?;
                let m = if name == "matrix" { m } else { m.transposed() };
                format!("{}x{}", m.rows, m.cols)
            }
            ("again", []) => {
                let out = self.output(0)?.clone();
                let mut next = self.scene.clone();
                match &mut next.op {
                    Op::Convolve(c) | Op::Correlate(c) => {
                        c.in1 = out.slice(ndarray::s![0, 0, .., ..]).to_owned()
                    }
                    Op::Torch(t) => t.input = out,
                    _ => return None,
                }
                hw(Plan::new(&next).ok()?.out_hw)
            }
            ("stamp-counts", []) => {
                let p = self.plan()?;
                let mut counts: Vec<u32> = p
                    .scatter_hits(p.scatter_frame_count())?
                    .into_iter()
                    .collect();
                counts.sort_unstable();
                counts.dedup();
                list(&counts.iter().map(u32::to_string).collect::<Vec<_>>(), "or")
            }
            _ => return None,
        })
    }
}
