//! PyTorch code for a conv2d scene (`F.conv2d`, then `nn.Conv2d` with the
//! weight set) and for a SciPy scene (padded as SciPy does, then
//! `F.conv2d`). Transposed convolutions and stacks have their own export
//! (`transpose::codegen`, `stack::codegen`).

use crate::core::engine::padding::Pads;
use crate::core::engine::plan::Plan;
use crate::core::export::codegen::python::{
    f_pad_mode, np_pad, pair, py_2d, py_4d, py_row, torch_padding, Data,
};
use crate::core::image::decode::ImageInfo;
use crate::core::model::scene::{PaddingMode, Scene, ScipyConv, TorchConv};

/// A scene whose input is a picture: the code opens the picture with
/// Pillow and builds the input as ConvLab did (`core::image`), then runs
/// the same convolution, prints the output's shape and saves it.
pub(super) fn torch_code_for_picture(
    t: &TorchConv,
    info: &ImageInfo,
    pads: Option<Pads>,
) -> String {
    let (_, c, h, w) = t.input.dim();
    let f = info.factor;
    let name = info.name.replace('\\', "\\\\").replace('"', "\\\"");
    let mut code = String::from(
        "import numpy as np\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nfrom PIL import Image\n\n",
    );
    code += &format!(
        "PATH = \"{name}\"  # the picture you loaded (ConvLab's Download the picture saves it as a PNG)\n\n"
    );
    code += "# 1) the picture as Pillow reads it: RGB, any alpha channel dropped\n";
    code += &format!(
        "a = np.asarray(Image.open(PATH).convert('RGB'))  # (H, W, 3) uint8; {}x{} pixels in ConvLab\n",
        info.source[1], info.source[0]
    );
    if f > 1 {
        code += &format!(
            "# 2) box downscale by {f}: crop to a multiple of {f}, then each pixel is the mean of a {f}x{f} block, rounded half up\n"
        );
        code += &format!("f = {f}\n");
        code += "H, W = a.shape[0] // f, a.shape[1] // f\n";
        code += "s = a[:H * f, :W * f].astype(np.int64).reshape(H, f, W, f, 3).sum(axis=(1, 3))\n";
        code += "a = ((s + f * f // 2) // (f * f)).astype(np.uint8)\n";
    } else {
        code += "# 2) no downscale: the picture already fits\n";
    }
    if info.gray {
        code += "# 3) grayscale with Pillow's convert('L'): (19595 R + 38470 G + 7471 B + 0x8000) >> 16\n";
        code += "a = np.asarray(Image.fromarray(a).convert('L'))[:, :, None]  # (H, W, 1)\n";
    } else {
        code += "# 3) colour: the three channels stay\n";
    }
    code += "# 4) torchvision's ToTensor, step by step, then a batch of one\n";
    code += "x = torch.from_numpy(np.ascontiguousarray(a))  # (H, W, C) uint8\n";
    code += "x = x.permute(2, 0, 1)  # (C, H, W)\n";
    code += "x = x.float().div(255)  # float32 in [0, 1], as ToTensor gives\n";
    code += "x = x.unsqueeze(0)  # (N, C, H, W) = (1, C, H, W)\n";
    code += "input = x.double()  # float64 so the numbers match ConvLab exactly\n";
    code += &format!(
        "assert tuple(input.shape) == (1, {c}, {h}, {w}), f'not the picture ConvLab used: {{tuple(input.shape)}}'\n\n"
    );
    let conv = torch_conv_code(t, pads, &Data::inline(), false);
    // The convolution itself, as for any conv2d scene, with the input above.
    let body: Vec<&str> = conv
        .lines()
        .filter(|l| !l.starts_with("import ") && !l.starts_with("# float64 so the numbers match"))
        .collect();
    code += body.join("\n").trim_start();
    code += "\n\nprint(tuple(output.shape))\n";
    code += "np.save('convlab-output.npy', output.detach().numpy())  # every value, to compare or plot\n";
    code
}

pub(super) fn torch_code_for_torch(t: &TorchConv, pads: Option<Pads>, data: &Data) -> String {
    torch_conv_code(t, pads, data, true)
}

/// The conv2d snippet; without `with_input`, `input` must already exist.
fn torch_conv_code(t: &TorchConv, pads: Option<Pads>, data: &Data, with_input: bool) -> String {
    let (o, cg, kh, kw) = t.weight.dim();
    let c = t.input.dim().1;
    let bias = match &t.bias {
        Some(b) => format!(
            "torch.tensor({}, dtype=torch.float64)",
            data.values("bias", || py_row(b.iter().copied()))
        ),
        None => "None".into(),
    };
    let mut code =
        String::from("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n");
    code += data.header();
    code += "\n# float64 so the numbers match ConvLab exactly (nn.Conv2d defaults to float32)\n";
    if with_input {
        code += &format!(
            "input = torch.tensor({}, dtype=torch.float64)  # {:?}\n",
            data.values("input", || py_4d(&t.input)),
            t.input.shape()
        );
    }
    code += &format!(
        "weight = torch.tensor({}, dtype=torch.float64)  # {:?}\n",
        data.values("weight", || py_4d(&t.weight)),
        t.weight.shape()
    );
    code += &format!("bias = {bias}\n\n");
    let args = format!(
        "stride={}, dilation={}, groups={}",
        pair(t.stride),
        pair(t.dilation),
        t.groups
    );
    match pads {
        _ if t.padding_mode == PaddingMode::Zeros => {
            code += "# 1) the function\n";
            code += &format!(
                "output = F.conv2d(input, weight, bias, padding={}, {args})\nprint(output)\n\n",
                torch_padding(t.padding)
            );
        }
        Some(p) => {
            code +=
                "# 1) the function: F.conv2d has no padding_mode, so pad first as nn.Conv2d does\n";
            code += &format!(
                "padded = F.pad(input, ({}, {}, {}, {}), mode='{}')\n",
                p.left,
                p.right,
                p.top,
                p.bottom,
                f_pad_mode(t.padding_mode)
            );
            code += &format!(
                "output = F.conv2d(padded, weight, bias, padding=0, {args})\nprint(output)\n\n"
            );
        }
        // Padding by hand here would print an output nn.Conv2d refuses, or
        // fail with another message than PyTorch's: let the module speak.
        None => {
            code += "# 1) the function: left out, PyTorch refuses this configuration (nn.Conv2d below raises the error)\n\n"
        }
    }
    code += "# 2) the module, with our weight in place of its random one\n";
    code += &format!(
        "conv = nn.Conv2d({c}, {o}, kernel_size=({kh}, {kw}), stride={}, padding={}, dilation={}, groups={}, bias={}, padding_mode='{}', dtype=torch.float64)\n",
        pair(t.stride),
        torch_padding(t.padding),
        pair(t.dilation),
        t.groups,
        if t.bias.is_some() { "True" } else { "False" },
        t.padding_mode.as_str()
    );
    code += "with torch.no_grad():\n    conv.weight.copy_(weight)\n";
    if t.bias.is_some() {
        code += "    conv.bias.copy_(bias)\n";
    }
    code += "    output = conv(input)\n";
    code += &format!(
        "print(output)  # weight {:?}: (C_out, C_in/groups, kH, kW)\n",
        [o, cg, kh, kw]
    );
    code
}

pub(super) fn torch_code_for_scipy(s: &ScipyConv, flip: bool, scene: &Scene) -> String {
    let plan = Plan::new(scene).ok();
    let mut code =
        String::from("import numpy as np\nimport torch\nimport torch.nn.functional as F\n");
    let data = Data::of(scene);
    code += data.header();
    code += &format!(
        "\nin1 = np.array({})\n",
        data.values("in1", || py_2d(&s.in1, 14))
    );
    code += &format!(
        "in2 = np.array({})\n",
        data.values("in2", || py_2d(&s.in2, 14))
    );
    let Some(plan) = plan else {
        code += "# SciPy refuses this configuration, so there is nothing to reproduce.\n";
        return code;
    };
    if plan.swapped {
        code += "in1, in2 = in2, in1  # SciPy's 'valid' mode swaps them: in2 is the larger\n";
    }
    let p = plan.pads;
    code += &format!(
        "padded = {}  # SciPy's boundary='{}'\n",
        np_pad("in1", "", &p, plan.fill),
        s.boundary.as_str()
    );
    code += if flip {
        "kernel = np.flip(in2).copy()  # convolve2d flips the kernel; conv2d does not\n"
    } else {
        "kernel = in2  # correlate2d does not flip, like conv2d\n"
    };
    code += "x = torch.tensor(padded, dtype=torch.float64)[None, None]  # (1, 1, H, W)\n";
    code += "k = torch.tensor(kernel, dtype=torch.float64)[None, None]  # (1, 1, kH, kW)\n";
    code += "output = F.conv2d(x, k)[0, 0]\n";
    if plan.reversed {
        code += "output = torch.flip(output, [0, 1])  # correlate2d reverses its output after the swap\n";
    }
    code += "print(output)\n";
    code
}
