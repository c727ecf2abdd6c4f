//! Python for a transposed-convolution scene: `F.conv_transpose2d`, then
//! `nn.ConvTranspose2d` with the weight set (and `output_size`), and the
//! stamp written out in NumPy.

use crate::core::engine::plan::Plan;
use crate::core::export::codegen::python::{pair, py_4d, py_row, Data};
use crate::core::model::scene::{Scene, TransposeConv};

fn tensors(t: &TransposeConv, data: &Data, lib: &str) -> String {
    let (f, dtype) = if lib == "torch" {
        ("torch.tensor", ", dtype=torch.float64")
    } else {
        ("np.array", ", dtype=float")
    };
    let mut code = format!(
        "input = {f}({}{dtype})  # {:?}: (N, C_in, H, W)\n",
        data.values("input", || py_4d(&t.input)),
        t.input.shape()
    );
    code += &format!(
        "weight = {f}({}{dtype})  # {:?}: (C_in, C_out/groups, kH, kW), axes 0 and 1 swapped from conv2d's\n",
        data.values("weight", || py_4d(&t.weight)),
        t.weight.shape()
    );
    code += &match &t.bias {
        Some(b) => format!(
            "bias = {f}({}{dtype})\n",
            data.values("bias", || py_row(b.iter().copied()))
        ),
        None => "bias = None\n".into(),
    };
    code
}

fn list(v: &[i64]) -> String {
    let parts: Vec<String> = v.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// `F.conv_transpose2d`, then `nn.ConvTranspose2d`; both print the output.
pub(crate) fn torch_code(t: &TransposeConv, scene: &Scene, data: &Data) -> String {
    let plan = Plan::new(scene);
    let (ci, cog, kh, kw) = t.weight.dim();
    let mut code =
        String::from("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n");
    code += data.header();
    code += "\n# float64 so the numbers match ConvLab exactly (nn.ConvTranspose2d defaults to float32)\n";
    code += &tensors(t, data, "torch");
    if let Err(e) = &plan {
        code += &format!(
            "# PyTorch refuses this configuration: {}\n",
            e.reference_message().unwrap_or_default()
        );
    }
    // With output_size, F.conv_transpose2d needs the output padding the module would pick.
    let output_padding = match (&t.output_size, &plan) {
        (Some(size), Ok(p)) => {
            let op = p
                .spread
                .as_ref()
                .map_or([0, 0], |s| s.output_padding.map(|x| x as i64));
            code += &format!(
                "\n# output_size={} means output_padding={}: the module picks it in its forward\n",
                list(size),
                pair(op)
            );
            op
        }
        _ => t.output_padding,
    };
    code += "\n# 1) the function\n";
    code += &format!(
        "output = F.conv_transpose2d(input, weight, bias, stride={}, padding={}, output_padding={}, groups={}, dilation={})\n",
        pair(t.stride),
        pair(t.padding),
        pair(output_padding),
        t.groups,
        pair(t.dilation)
    );
    code += "print(output)\n\n";
    code += "# 2) the module, with our weight in place of its random one\n";
    code += &format!(
        "conv = nn.ConvTranspose2d({ci}, {}, kernel_size=({kh}, {kw}), stride={}, padding={}, output_padding={}, groups={}, bias={}, dilation={}, dtype=torch.float64)\n",
        cog as i128 * t.groups as i128,
        pair(t.stride),
        pair(t.padding),
        pair(if t.output_size.is_some() { [0, 0] } else { t.output_padding }),
        t.groups,
        if t.bias.is_some() { "True" } else { "False" },
        pair(t.dilation)
    );
    code += "with torch.no_grad():\n    conv.weight.copy_(weight)\n";
    if t.bias.is_some() {
        code += "    conv.bias.copy_(bias)\n";
    }
    code += &match &t.output_size {
        Some(size) => format!("    output = conv(input, output_size={})\n", list(size)),
        None => "    output = conv(input)\n".into(),
    };
    code += &format!(
        "print(output)  # weight {:?}: (C_in, C_out/groups, kH, kW)\n",
        [ci, cog, kh, kw]
    );
    code
}

/// The stamp by hand in NumPy: each input cell adds the kernel, scaled by
/// its value, at stride steps; the padding then crops the border.
pub(crate) fn numpy_code(t: &TransposeConv, scene: &Scene, data: &Data) -> String {
    let mut code = String::from("import numpy as np\n");
    code += data.header();
    code += "\n";
    code += &tensors(t, data, "numpy");
    let plan = match Plan::new(scene) {
        Ok(p) => p,
        Err(_) => {
            code += "# PyTorch refuses this configuration, so there is nothing to reproduce.\n";
            return code;
        }
    };
    let Some(s) = &plan.spread else { return code };
    let [sh, sw] = s.stride;
    let [dh, dw] = plan.dilation;
    let [ph, pw] = s.padding;
    let [oph, opw] = s.output_padding;
    let [ho, wo] = plan.out_hw;
    code += "\n# torch.conv_transpose2d by hand: every input cell stamps the kernel, scaled by its value\n";
    code += &format!(
        "groups, (sh, sw), (dh, dw), (ph, pw) = {}, ({sh}, {sw}), ({dh}, {dw}), ({ph}, {pw})\n",
        plan.groups
    );
    code += "N, C_in, H, W = input.shape\n_, per_group, kH, kW = weight.shape  # per_group = C_out/groups\n";
    code += "c_per_group = C_in // groups\n";
    code += &format!(
        "# the full stamp area, plus output_padding=({oph}, {opw}) at the bottom/right\nfull = np.zeros((N, per_group * groups, (H - 1) * sh + dh * (kH - 1) + 1 + {oph}, (W - 1) * sw + dw * (kW - 1) + 1 + {opw}))\n"
    );
    code += "for n in range(N):\n    for c in range(C_in):\n        g = c // c_per_group  # c's group writes output channels g*per_group ...\n";
    code += "        for i in range(H):\n            for j in range(W):\n                for a in range(kH):\n                    for b in range(kW):\n";
    code += "                        full[n, g * per_group:(g + 1) * per_group, i * sh + a * dh, j * sw + b * dw] += input[n, c, i, j] * weight[c, :, a, b]\n";
    code +=
        &format!("output = full[:, :, ph:ph + {ho}, pw:pw + {wo}]  # padding crops the border\n");
    if t.bias.is_some() {
        code += "output = output + bias[None, :, None, None]\n";
    }
    code += "print(output)\n";
    code
}
