//! Python that reproduces a stack: `nn.Sequential` of `nn.Conv2d` with every
//! weight and bias set, and of `nn.MaxPool2d` / `nn.AvgPool2d` written as
//! the network page writes them, in float64; it prints each layer's output
//! shape, leaves the result in `output` and prints it. The NumPy version
//! does the same by hand, layer after layer.

use crate::core::engine::padding::Fill;
use crate::core::export::codegen::python::{
    pair, py_4d, py_row, torch_padding, FILE_HEADER, MAX_INLINE_VALUES,
};
use crate::core::model::conv2d::Conv2dArgs;
use crate::core::ops::network::export::layer_source;
use crate::core::ops::stack::pool::network_layer;
use crate::core::ops::stack::{PoolArgs, PoolKind, Stack, StackLayer, StackScene};

/// Whether the scene's numbers are too many to print into the code.
fn from_file(s: &StackScene) -> bool {
    let values = s.input.len()
        + s.layers
            .iter()
            .filter_map(StackLayer::as_conv)
            .map(|l| l.weight.len() + l.bias.as_ref().map_or(0, Vec::len))
            .sum::<usize>();
    values > MAX_INLINE_VALUES
}

/// A tensor's values: the literal, or the scene file's field at `path`.
fn values(file: bool, path: &str, literal: impl FnOnce() -> String) -> String {
    if file {
        format!("values(scene{path})")
    } else {
        literal()
    }
}

/// The `nn.Conv2d(...)`, `nn.MaxPool2d(...)` or `nn.AvgPool2d(...)` that
/// builds layer `l`.
pub fn module(l: &StackLayer) -> String {
    match l {
        StackLayer::Conv(c) => conv_module(c),
        StackLayer::Pool(p) => format!("nn.{}", layer_source(&network_layer(p))),
    }
}

fn conv_module(l: &Conv2dArgs) -> String {
    let (o, _, kh, kw) = l.weight.dim();
    format!(
        "nn.Conv2d({}, {o}, kernel_size=({kh}, {kw}), stride={}, padding={}, dilation={}, groups={}, bias={}, padding_mode='{}', dtype=torch.float64)",
        l.in_channels(),
        pair(l.stride),
        torch_padding(l.padding),
        pair(l.dilation),
        l.groups,
        if l.bias.is_some() { "True" } else { "False" },
        l.padding_mode.as_str()
    )
}

/// PyTorch code for a stack.
pub fn pytorch_code(s: &StackScene) -> String {
    let file = from_file(s);
    let mut code = String::from("import torch\nimport torch.nn as nn\n");
    if file {
        code += FILE_HEADER;
    }
    code += "\n# float64 so the numbers match ConvLab exactly (nn.Conv2d defaults to float32)\n";
    code += &format!(
        "input = torch.tensor({}, dtype=torch.float64)  # {:?}\n\n",
        values(file, "['input']", || py_4d(&s.input)),
        s.input.shape()
    );
    code += "# nn.Sequential of the layers, no activation in between\nmodel = nn.Sequential(\n";
    for l in &s.layers {
        code += &format!("    {},\n", module(l));
    }
    code += ")\n\n# our weights and biases in place of the random ones\nwith torch.no_grad():\n";
    for (k, l) in s.layers.iter().enumerate() {
        // A pool has no weights.
        let StackLayer::Conv(l) = l else { continue };
        code += &format!(
            "    model[{k}].weight.copy_(torch.tensor({}, dtype=torch.float64))  # {:?}\n",
            values(file, &format!("['layers'][{k}]['weight']"), || py_4d(
                &l.weight
            )),
            l.weight.shape()
        );
        if let Some(b) = &l.bias {
            code += &format!(
                "    model[{k}].bias.copy_(torch.tensor({}, dtype=torch.float64))\n",
                values(file, &format!("['layers'][{k}]['bias']"), || py_row(
                    b.iter().copied()
                ))
            );
        }
    }
    code += "\n    # one layer after the other, as model(input) runs them\n";
    code += "    x = input\n    print('input', tuple(x.shape))\n";
    code += "    for i, layer in enumerate(model):\n        x = layer(x)\n";
    code += "        print(f'layer {i}', tuple(x.shape))\n";
    code += "    output = x  # the same as model(input)\nprint(output)\n";
    code
}

/// `np.pad` arguments for a fill rule.
fn np_mode(fill: Fill) -> &'static str {
    match fill {
        Fill::Reflect => "mode='reflect'",
        Fill::Replicate => "mode='edge'",
        Fill::Circular => "mode='wrap'",
        Fill::Symmetric => "mode='symmetric'",
        Fill::Constant(_) => "mode='constant'",
    }
}

const NUMPY_CONV: &str = "
def conv2d(x, weight, bias, stride, dilation, groups):
    \"\"\"torch.conv2d of an already padded x, by hand: no flip.\"\"\"
    N, C, H, W = x.shape
    C_out, C_g, kH, kW = weight.shape
    (sh, sw), (dh, dw) = stride, dilation
    H_out = (H - dh * (kH - 1) - 1) // sh + 1
    W_out = (W - dw * (kW - 1) - 1) // sw + 1
    per_group = C_out // groups
    out = np.zeros((N, C_out, H_out, W_out))
    for o in range(C_out):
        c0 = (o // per_group) * C_g  # first input channel of o's group
        for i in range(H_out):
            for j in range(W_out):
                window = x[:, c0:c0 + C_g, i*sh:i*sh + dh*(kH-1) + 1:dh, j*sw:j*sw + dw*(kW-1) + 1:dw]
                out[:, o, i, j] = np.sum(window * weight[o], axis=(1, 2, 3))
        if bias is not None:
            out[:, o] += bias[o]
    return out
";

const NUMPY_POOL: &str = "
def pool_size(n, k, s, p, d, ceil_mode):
    \"\"\"One axis of a pool's output, as PyTorch computes it.\"\"\"
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1  # the last window must start inside the input or its left padding
    return out

def max_pool2d(x, k, s, p, d, ceil_mode):
    \"\"\"nn.MaxPool2d by hand: the padding is -inf, so it never wins.\"\"\"
    N, C, H, W = x.shape
    H_out, W_out = pool_size(H, k[0], s[0], p[0], d[0], ceil_mode), pool_size(W, k[1], s[1], p[1], d[1], ceil_mode)
    padded = np.full((N, C, H + 2 * p[0] + d[0] * k[0] + s[0], W + 2 * p[1] + d[1] * k[1] + s[1]), -np.inf)
    padded[:, :, p[0]:p[0] + H, p[1]:p[1] + W] = x
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = padded[:, :, i*s[0]:i*s[0] + d[0]*(k[0]-1) + 1:d[0], j*s[1]:j*s[1] + d[1]*(k[1]-1) + 1:d[1]]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out

def avg_pool2d(x, k, s, p, ceil_mode, count_include_pad, divisor_override):
    \"\"\"nn.AvgPool2d by hand: each window's sum over PyTorch's divisor.\"\"\"
    N, C, H, W = x.shape
    H_out, W_out = pool_size(H, k[0], s[0], p[0], 1, ceil_mode), pool_size(W, k[1], s[1], p[1], 1, ceil_mode)
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            y0, x0 = i * s[0] - p[0], j * s[1] - p[1]
            # the window clipped to the padded input (ceil_mode's last one hangs past it)
            y1, x1 = min(y0 + k[0], H + p[0]), min(x0 + k[1], W + p[1])
            ya, xa, yb, xb = max(y0, 0), max(x0, 0), min(y1, H), min(x1, W)
            if divisor_override:
                divisor = divisor_override
            elif count_include_pad:
                divisor = (y1 - y0) * (x1 - x0)
            else:
                divisor = (yb - ya) * (xb - xa)
            out[:, :, i, j] = x[:, :, ya:yb, xa:xb].sum(axis=(2, 3)) / divisor
    return out
";

/// NumPy for pool layer `k`.
fn numpy_pool(k: usize, p: &PoolArgs) -> String {
    let s = p.stride_used();
    let call = match p.pool {
        PoolKind::Max => format!(
            "max_pool2d(x, {}, {}, {}, {}, {})",
            pair(p.kernel_size),
            pair(s),
            pair(p.padding),
            pair(p.dilation),
            py_bool(p.ceil_mode)
        ),
        PoolKind::Avg => format!(
            "avg_pool2d(x, {}, {}, {}, {}, {}, {})",
            pair(p.kernel_size),
            pair(s),
            pair(p.padding),
            py_bool(p.ceil_mode),
            py_bool(p.count_include_pad),
            p.divisor_override
                .map_or("None".to_string(), |d| d.to_string())
        ),
    };
    format!(
        "\n# layer {k}: {}\nx = {call}\nprint('layer {k}', x.shape)\n",
        module(&StackLayer::Pool(p.clone()))
    )
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// NumPy code for a stack: pad, then the plain loop, layer after layer.
pub fn numpy_code(s: &StackScene) -> String {
    let file = from_file(s);
    let mut code = String::from("import numpy as np\n");
    if file {
        code += FILE_HEADER;
    }
    code += NUMPY_CONV;
    if s.layers.iter().any(|l| l.as_pool().is_some()) {
        code += NUMPY_POOL;
    }
    code += &format!(
        "\ninput = np.array({})  # {:?}\n",
        values(file, "['input']", || py_4d(&s.input)),
        s.input.shape()
    );
    let stack = match Stack::new(s) {
        Ok(stack) => stack,
        Err(e) => {
            code += &format!("# PyTorch refuses this stack. {e}\n");
            return code;
        }
    };
    code += "x = input\nprint('input', x.shape)\n";
    for (k, (l, plan)) in s.layers.iter().zip(stack.plans()).enumerate() {
        let l = match l {
            StackLayer::Conv(c) => c,
            StackLayer::Pool(p) => {
                code += &numpy_pool(k, p);
                continue;
            }
        };
        let Some(plan) = plan.conv() else { continue };
        let p = plan.pads;
        code += &format!(
            "\n# layer {k}: {}\nweight = np.array({})\n",
            l.padding_words(),
            values(file, &format!("['layers'][{k}]['weight']"), || py_4d(
                &l.weight
            ))
        );
        let bias = match &l.bias {
            Some(b) => {
                code += &format!(
                    "bias = np.array({})\n",
                    values(file, &format!("['layers'][{k}]['bias']"), || py_row(
                        b.iter().copied()
                    ))
                );
                "bias"
            }
            None => "None",
        };
        code += &format!(
            "x = np.pad(x, ((0, 0), (0, 0), ({}, {}), ({}, {})), {})\n",
            p.top,
            p.bottom,
            p.left,
            p.right,
            np_mode(plan.fill)
        );
        code += &format!(
            "x = conv2d(x, weight, {bias}, {}, {}, {})\nprint('layer {k}', x.shape)\n",
            pair(l.stride),
            pair(l.dilation),
            l.groups
        );
    }
    code += "output = x\nprint(output)\n";
    code
}
