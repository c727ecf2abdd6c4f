//! Python that reproduces the current scene: pasted into Python, it leaves
//! the result in `output` and prints the numbers the app shows.

use ndarray::{Array2, Array4};

mod torch;

use crate::core::engine::padding::Pads;
use crate::core::model::scene::{Mode, Op, Padding, PaddingMode, Scene, ScipyConv, TorchConv};

/// A float as Python reads it back exactly (`4.0`, `-0.7047`, `1e-07`).
pub(crate) fn py_float(v: f64) -> String {
    let s = format!("{v:?}");
    if s.contains('e') || s.contains('.') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

pub(crate) fn py_row(row: impl Iterator<Item = f64>) -> String {
    let parts: Vec<String> = row.map(py_float).collect();
    format!("[{}]", parts.join(", "))
}

fn py_2d(a: &Array2<f64>, indent: usize) -> String {
    let pad = " ".repeat(indent + 1);
    let rows: Vec<String> = a.outer_iter().map(|r| py_row(r.iter().copied())).collect();
    format!("[{}]", rows.join(&format!(",\n{pad}")))
}

pub(crate) fn py_4d(a: &Array4<f64>) -> String {
    let outer: Vec<String> = a
        .outer_iter()
        .map(|c| {
            let planes: Vec<String> = c.outer_iter().map(|p| py_2d(&p.to_owned(), 3)).collect();
            format!("[{}]", planes.join(",\n  "))
        })
        .collect();
    format!("[{}]", outer.join(",\n "))
}

pub(crate) fn pair(p: [i64; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

pub(crate) fn torch_padding(p: Padding) -> String {
    match p {
        Padding::Explicit(p) => pair(p),
        Padding::Named(n) => format!(
            "'{}'",
            if n == crate::core::model::scene::NamedPadding::Same {
                "same"
            } else {
                "valid"
            }
        ),
    }
}

/// PyTorch's `F.pad` mode for a `padding_mode`.
fn f_pad_mode(m: PaddingMode) -> &'static str {
    match m {
        PaddingMode::Zeros => "constant",
        PaddingMode::Reflect => "reflect",
        PaddingMode::Replicate => "replicate",
        PaddingMode::Circular => "circular",
    }
}

/// `np.pad` mode for a fill rule.
fn np_pad_mode(fill: crate::core::engine::padding::Fill) -> String {
    use crate::core::engine::padding::Fill;
    match fill {
        Fill::Constant(v) => format!("mode='constant', constant_values={}", py_float(v)),
        Fill::Reflect => "mode='reflect'".into(),
        Fill::Replicate => "mode='edge'".into(),
        Fill::Circular => "mode='wrap'".into(),
        Fill::Symmetric => "mode='symmetric'".into(),
    }
}

/// Scenes with more values than this load their data from the file that
/// *Export JSON* writes, instead of printing every number into the code.
pub const MAX_INLINE_VALUES: usize = 4096;

/// The lines that read the exported scene file, and `values()`, which
/// unpacks a picture's packed tensor (see `tensor::nested4`).
pub(crate) const FILE_HEADER: &str = "import base64
import json

import numpy as np

# Too many values to print here: save the scene with Export JSON as
# convlab-scene.json next to this code.
scene = json.load(open('convlab-scene.json'))


def values(t):
    # A picture's tensor is packed in the file: bytes, each byte / 255 as
    # float32 (what ToTensor stores). Anything else is nested lists.
    if isinstance(t, dict):
        b = base64.urlsafe_b64decode(t['bytes'] + '=' * (-len(t['bytes']) % 4))
        u = np.frombuffer(b, dtype=np.uint8).reshape(t['shape'])
        return (u.astype(np.float32) / np.float32(255)).astype(np.float64)
    return t

";

/// Where the snippet's tensors come from: written out, or the exported file.
pub(crate) struct Data {
    from_file: bool,
}

impl Data {
    /// Everything written out (a picture's input is rebuilt from its file).
    pub(crate) fn inline() -> Data {
        Data { from_file: false }
    }

    pub(crate) fn of(scene: &Scene) -> Data {
        let values = match &scene.op {
            Op::Torch(t) => t.input.len() + t.weight.len() + t.bias.as_ref().map_or(0, Vec::len),
            Op::Convolve(s) | Op::Correlate(s) => s.in1.len() + s.in2.len(),
            Op::Sequential(s) => s.input.len(),
            Op::Transpose(t) => {
                t.input.len() + t.weight.len() + t.bias.as_ref().map_or(0, Vec::len)
            }
        };
        Data {
            from_file: values > MAX_INLINE_VALUES,
        }
    }

    /// Lines that load the exported scene, when the data come from it.
    pub(crate) fn header(&self) -> &'static str {
        if self.from_file {
            FILE_HEADER
        } else {
            ""
        }
    }

    /// A tensor's values: the literal, or the scene file's field `key`.
    pub(crate) fn values(&self, key: &str, literal: impl FnOnce() -> String) -> String {
        if self.from_file {
            format!("values(scene['{key}'])")
        } else {
            literal()
        }
    }
}

/// `np.pad(var, (<lead>(top, bottom), (left, right)), mode...)`.
fn np_pad(var: &str, lead: &str, p: &Pads, fill: crate::core::engine::padding::Fill) -> String {
    format!(
        "np.pad({var}, ({lead}({}, {}), ({}, {})), {})",
        p.top,
        p.bottom,
        p.left,
        p.right,
        np_pad_mode(fill)
    )
}

/// The scene's sides padded, as PyTorch's nn.Conv2d or SciPy would.
fn pads_of(scene: &Scene) -> Option<Pads> {
    crate::core::engine::plan::Plan::new(scene).ok().map(|p| p.pads)
}

/// PyTorch code: `F.conv2d` with tensors, then `nn.Conv2d` with the weight set.
pub fn pytorch_code(scene: &Scene) -> String {
    match &scene.op {
        Op::Torch(t) => match &scene.image {
            Some(info) => torch::torch_code_for_picture(t, info, pads_of(scene)),
            None => torch::torch_code_for_torch(t, pads_of(scene), &Data::of(scene)),
        },
        Op::Convolve(s) | Op::Correlate(s) => {
            torch::torch_code_for_scipy(s, scene.kind().flips(), scene)
        }
        Op::Sequential(s) => crate::core::ops::stack::codegen::pytorch_code(s),
        Op::Transpose(t) => crate::core::ops::transpose::codegen::torch_code(t, scene, &Data::of(scene)),
    }
}

/// SciPy/NumPy code: `convolve2d`/`correlate2d`, and the lecture's plain loop.
pub fn scipy_code(scene: &Scene) -> String {
    match &scene.op {
        Op::Convolve(s) | Op::Correlate(s) => scipy_code_for_scipy(s, scene),
        Op::Torch(t) => numpy_code_for_torch(t, scene),
        Op::Sequential(s) => crate::core::ops::stack::codegen::numpy_code(s),
        Op::Transpose(t) => crate::core::ops::transpose::codegen::numpy_code(t, scene, &Data::of(scene)),
    }
}

fn scipy_code_for_scipy(s: &ScipyConv, scene: &Scene) -> String {
    let flip = scene.kind().flips();
    let func = if flip { "convolve2d" } else { "correlate2d" };
    let mut code = format!("import numpy as np\nfrom scipy.signal import {func}\n");
    let data = Data::of(scene);
    code += data.header();
    code += &format!(
        "\nin1 = np.array({})\n",
        data.values("in1", || py_2d(&s.in1, 14))
    );
    code += &format!(
        "in2 = np.array({})\n\n",
        data.values("in2", || py_2d(&s.in2, 14))
    );
    code += &format!(
        "output = {func}(in1, in2, mode='{}', boundary='{}', fillvalue={})\nprint(output)\n",
        s.mode.as_str(),
        s.boundary.as_str(),
        py_float(s.fillvalue)
    );
    let Ok(plan) = crate::core::engine::plan::Plan::new(scene) else {
        return code;
    };
    code += "\n# The same by hand, as the lecture's convo2d() does it:\n";
    if plan.swapped {
        code += "a, b = in2, in1  # 'valid' mode swaps the inputs when in2 is larger\n";
    } else {
        code += "a, b = in1, in2\n";
    }
    let p = plan.pads;
    if s.mode != Mode::Valid {
        code += &format!(
            "a = {}  # boundary='{}'\n",
            np_pad("a", "", &p, plan.fill),
            s.boundary.as_str()
        );
    }
    if flip {
        code += "kernel = np.flip(b)  # the flip that makes it a convolution\n";
    } else {
        code += "kernel = b  # no flip: a correlation\n";
    }
    code += "M, N = kernel.shape\nH, W = a.shape[0] - M + 1, a.shape[1] - N + 1\n";
    code += "output = np.zeros((H, W), dtype=float)\n";
    code += "for i in range(H):\n    for j in range(W):\n        output[i, j] = np.sum(a[i:i+M, j:j+N] * kernel)\n";
    if plan.reversed {
        code += "output = output[::-1, ::-1]  # correlate2d reverses its output after the swap\n";
    }
    code += "print(output)\n";
    code
}

fn numpy_code_for_torch(t: &TorchConv, scene: &Scene) -> String {
    let mut code = String::from("import numpy as np\n");
    let data = Data::of(scene);
    code += data.header();
    code += &format!(
        "\ninput = np.array({})  # {:?}\n",
        data.values("input", || py_4d(&t.input)),
        t.input.shape()
    );
    code += &format!(
        "weight = np.array({})  # {:?}\n",
        data.values("weight", || py_4d(&t.weight)),
        t.weight.shape()
    );
    if let Some(b) = &t.bias {
        code += &format!(
            "bias = np.array({})\n",
            data.values("bias", || py_row(b.iter().copied()))
        );
    }
    let Ok(plan) = crate::core::engine::plan::Plan::new(scene) else {
        code += "# PyTorch refuses this configuration, so there is nothing to reproduce.\n";
        return code;
    };
    let p = plan.pads;
    let [sh, sw] = plan.stride;
    let [dh, dw] = plan.dilation;
    let [ho, wo] = plan.out_hw;
    let (o, cg, kh, kw) = t.weight.dim();
    code += "\n# torch.conv2d by hand: no flip (a cross-correlation), summed over the group's channels\n";
    code += &format!(
        "x = {}  # padding_mode='{}'\n",
        np_pad("input", "(0, 0), (0, 0), ", &p, plan.fill),
        t.padding_mode.as_str()
    );
    code += &format!(
        "N, C_out, H_out, W_out = {}, {o}, {ho}, {wo}\n",
        t.input.dim().0
    );
    code += &format!(
        "per_group = C_out // {}  # output channels per group\n",
        plan.groups
    );
    code += "output = np.zeros((N, C_out, H_out, W_out))\n";
    code += "for n in range(N):\n    for o in range(C_out):\n";
    code += &format!("        c0 = (o // per_group) * {cg}  # first input channel of o's group\n");
    code += "        for i in range(H_out):\n            for j in range(W_out):\n";
    code += &format!(
        "                window = x[n, c0:c0 + {cg}, {}:{} + {}:{}, {}:{} + {}:{}]\n",
        format_args!("i*{sh}"),
        format_args!("i*{sh}"),
        dh * (kh - 1) + 1,
        dh,
        format_args!("j*{sw}"),
        format_args!("j*{sw}"),
        dw * (kw - 1) + 1,
        dw
    );
    code += "                output[n, o, i, j] = np.sum(window * weight[o])";
    if t.bias.is_some() {
        code += " + bias[o]";
    }
    code += "\nprint(output)\n";
    code
}
