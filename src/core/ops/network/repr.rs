//! A model as `print(model)` shows it, character for character as
//! PyTorch prints it (each layer's `extra_repr`, children indented by two
//! spaces per level).

use crate::core::ops::network::export::{out_size, py_bool, py_num, size, tuple};
use crate::core::ops::network::layers::{ConvPadding, Layer};
use crate::core::ops::network::model::{Model, Module, Sequential};

/// The layer as `print(model)` shows it: `Conv2d(3, 16, kernel_size=(3,
/// 3), stride=(1, 1), padding=(1, 1))`.
pub fn layer_repr(layer: &Layer) -> String {
    let body = match layer {
        Layer::Conv2d(c) => {
            let mut s = format!(
                "{}, {}, kernel_size={}, stride={}",
                c.in_channels,
                c.out_channels,
                tuple(c.kernel_size),
                tuple(c.stride)
            );
            match &c.padding {
                ConvPadding::Size(p) if p.pair() != [0, 0] => {
                    s += &format!(", padding={}", tuple(*p))
                }
                ConvPadding::Named(n) => s += &format!(", padding={n}"),
                ConvPadding::Size(_) => {}
            }
            if c.dilation.pair() != [1, 1] {
                s += &format!(", dilation={}", tuple(c.dilation));
            }
            if c.groups != 1 {
                s += &format!(", groups={}", c.groups);
            }
            if !c.bias {
                s += ", bias=False";
            }
            if c.padding_mode != "zeros" {
                s += &format!(", padding_mode={}", c.padding_mode);
            }
            s
        }
        Layer::ConvTranspose2d(t) => {
            let mut s = format!(
                "{}, {}, kernel_size={}, stride={}",
                t.in_channels,
                t.out_channels,
                tuple(t.kernel_size),
                tuple(t.stride)
            );
            for (name, v, zero) in [
                ("padding", t.padding, [0, 0]),
                ("dilation", t.dilation, [1, 1]),
                ("output_padding", t.output_padding, [0, 0]),
            ] {
                if v.pair() != zero {
                    s += &format!(", {name}={}", tuple(v));
                }
            }
            if t.groups != 1 {
                s += &format!(", groups={}", t.groups);
            }
            if !t.bias {
                s += ", bias=False";
            }
            if t.padding_mode != "zeros" {
                s += &format!(", padding_mode={}", t.padding_mode);
            }
            s
        }
        Layer::MaxPool2d(m) => format!(
            "kernel_size={}, stride={}, padding={}, dilation={}, ceil_mode={}",
            size(m.kernel_size),
            size(m.stride.unwrap_or(m.kernel_size)),
            size(m.padding),
            size(m.dilation),
            py_bool(m.ceil_mode)
        ),
        Layer::AvgPool2d(p) => format!(
            "kernel_size={}, stride={}, padding={}",
            size(p.kernel_size),
            size(p.stride.unwrap_or(p.kernel_size)),
            size(p.padding)
        ),
        Layer::AdaptiveAvgPool2d(o) | Layer::AdaptiveMaxPool2d(o) => {
            format!("output_size={}", out_size(*o))
        }
        Layer::BatchNorm2d(b) => format!(
            "{}, eps={}, momentum={}, affine={}, bias={}, track_running_stats={}",
            b.num_features,
            py_num(b.eps),
            b.momentum.map_or("None".into(), py_num),
            py_bool(b.affine),
            py_bool(b.affine && b.bias),
            py_bool(b.track_running_stats)
        ),
        Layer::ReLU { inplace } | Layer::SiLU { inplace } => {
            if *inplace {
                "inplace=True".into()
            } else {
                String::new()
            }
        }
        Layer::LeakyReLU {
            negative_slope,
            inplace,
        } => format!(
            "negative_slope={}{}",
            py_num(*negative_slope),
            if *inplace { ", inplace=True" } else { "" }
        ),
        Layer::GELU { approximate } => format!("approximate='{approximate}'"),
        Layer::Dropout { p, inplace } | Layer::Dropout2d { p, inplace } => {
            format!("p={}, inplace={}", py_num(*p), py_bool(*inplace))
        }
        Layer::Flatten { start_dim, end_dim } => {
            format!("start_dim={start_dim}, end_dim={end_dim}")
        }
        Layer::Linear(l) => format!(
            "in_features={}, out_features={}, bias={}",
            l.in_features,
            l.out_features,
            py_bool(l.bias)
        ),
        Layer::Sigmoid | Layer::Tanh | Layer::Identity => String::new(),
    };
    format!("{}({body})", layer.kind())
}

fn repr_of(s: &Sequential, indent: usize, out: &mut String) {
    if s.children.is_empty() {
        out.push_str("Sequential()");
        return;
    }
    out.push_str("Sequential(\n");
    for c in &s.children {
        out.push_str(&"  ".repeat(indent + 1));
        out.push_str(&format!("({}): ", c.name));
        match &c.module {
            Module::Layer(l) => out.push_str(&layer_repr(l)),
            Module::Sequential(inner) => repr_of(inner, indent + 1, out),
        }
        out.push('\n');
    }
    out.push_str(&"  ".repeat(indent));
    out.push(')');
}

/// The model as `print(model)` prints it.
pub fn to_repr(model: &Model) -> String {
    let mut out = String::new();
    repr_of(&model.root, 0, &mut out);
    out
}
