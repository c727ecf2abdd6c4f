//! Python that reproduces the current scene: pasted into Python, it leaves
//! the result in `output` and prints the numbers the app shows.

pub mod python;
pub mod stack;
mod torch;
pub mod transpose;

use crate::core::engine::padding::Pads;
pub use crate::core::export::codegen::python::MAX_INLINE_VALUES;
use crate::core::export::codegen::python::{np_pad, py_2d, py_4d, py_float, py_row, Data};
use crate::core::model::scene::{Mode, Op, Scene, ScipyConv, TorchConv};

/// The scene's sides padded, as PyTorch's nn.Conv2d or SciPy would.
fn pads_of(scene: &Scene) -> Option<Pads> {
    crate::core::engine::plan::Plan::new(scene)
        .ok()
        .map(|p| p.pads)
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
        Op::Sequential(s) => crate::core::export::codegen::stack::pytorch_code(s),
        Op::Transpose(t) => {
            crate::core::export::codegen::transpose::torch_code(t, scene, &Data::of(scene))
        }
    }
}

/// SciPy/NumPy code: `convolve2d`/`correlate2d`, and the lecture's plain loop.
pub fn scipy_code(scene: &Scene) -> String {
    match &scene.op {
        Op::Convolve(s) | Op::Correlate(s) => scipy_code_for_scipy(s, scene),
        Op::Torch(t) => numpy_code_for_torch(t, scene),
        Op::Sequential(s) => crate::core::export::codegen::stack::numpy_code(s),
        Op::Transpose(t) => {
            crate::core::export::codegen::transpose::numpy_code(t, scene, &Data::of(scene))
        }
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
