//! A model back as PyTorch source: `nn.Sequential(nn.Conv2d(3, 16, 3,
//! padding=1), ...)`, with only the arguments that differ from the
//! defaults, spelled as they were read (an int stays an int, a pair a
//! pair), so that the source reads back as the same model. Python's way
//! of writing numbers lives here too; `print(model)` is in [`super::repr`].

use crate::core::ops::network::layers::{ConvPadding, Layer, Num, OutSize, Size2};
use crate::core::ops::network::model::{Model, Module, Sequential};

/// A float as Python's `repr` writes it: `0.1`, `1e-05`, `2.0`, `1e+16`.
pub fn py_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the shortest digits that read back the same,
    // as Python's repr does; only the layout differs.
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if x < 0.0 { "-" } else { "" };
    let body = if (-4..16).contains(&exp) {
        if exp >= 0 {
            let point = exp as usize + 1;
            let mut d = digits.clone();
            while d.len() < point {
                d.push('0');
            }
            let (int, frac) = d.split_at(point);
            format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
        } else {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{first}{frac}e{esign}{:02}", exp.abs())
    };
    format!("{sign}{body}")
}

/// A number argument as Python prints it.
pub fn py_num(n: Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::Float(x) => py_float(x),
    }
}

pub(crate) fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

pub(crate) fn size(s: Size2) -> String {
    match s {
        Size2::One(v) => v.to_string(),
        Size2::Two(a, b) => format!("({a}, {b})"),
    }
}

pub(crate) fn tuple(s: Size2) -> String {
    let [a, b] = s.pair();
    format!("({a}, {b})")
}

pub(crate) fn out_size(o: OutSize) -> String {
    let side = |v: Option<i64>| v.map_or("None".to_string(), |v| v.to_string());
    match o {
        OutSize::One(v) => side(v),
        OutSize::Two(a, b) => format!("({}, {})", side(a), side(b)),
    }
}

/// The layer as source, without the `nn.` prefix: `Conv2d(3, 16, 3,
/// padding=1)`. Defaults are left out.
pub fn layer_source(layer: &Layer) -> String {
    let mut a: Vec<String> = Vec::new();
    let kw = |on: bool, k: &str, v: String, a: &mut Vec<String>| {
        if on {
            a.push(format!("{k}={v}"));
        }
    };
    let one = |v: i64| Size2::One(v);
    match layer {
        Layer::Conv2d(c) => {
            a.extend([
                c.in_channels.to_string(),
                c.out_channels.to_string(),
                size(c.kernel_size),
            ]);
            kw(c.stride != one(1), "stride", size(c.stride), &mut a);
            let padding = match &c.padding {
                ConvPadding::Size(s) => size(*s),
                ConvPadding::Named(n) => format!("'{n}'"),
            };
            kw(
                c.padding != ConvPadding::Size(one(0)),
                "padding",
                padding,
                &mut a,
            );
            kw(c.dilation != one(1), "dilation", size(c.dilation), &mut a);
            kw(c.groups != 1, "groups", c.groups.to_string(), &mut a);
            kw(!c.bias, "bias", "False".into(), &mut a);
            kw(
                c.padding_mode != "zeros",
                "padding_mode",
                format!("'{}'", c.padding_mode),
                &mut a,
            );
        }
        Layer::ConvTranspose2d(t) => {
            a.extend([
                t.in_channels.to_string(),
                t.out_channels.to_string(),
                size(t.kernel_size),
            ]);
            kw(t.stride != one(1), "stride", size(t.stride), &mut a);
            kw(t.padding != one(0), "padding", size(t.padding), &mut a);
            kw(
                t.output_padding != one(0),
                "output_padding",
                size(t.output_padding),
                &mut a,
            );
            kw(t.groups != 1, "groups", t.groups.to_string(), &mut a);
            kw(!t.bias, "bias", "False".into(), &mut a);
            kw(t.dilation != one(1), "dilation", size(t.dilation), &mut a);
            kw(
                t.padding_mode != "zeros",
                "padding_mode",
                format!("'{}'", t.padding_mode),
                &mut a,
            );
        }
        Layer::MaxPool2d(m) => {
            a.push(size(m.kernel_size));
            if let Some(s) = m.stride {
                kw(true, "stride", size(s), &mut a);
            }
            kw(m.padding != one(0), "padding", size(m.padding), &mut a);
            kw(m.dilation != one(1), "dilation", size(m.dilation), &mut a);
            kw(m.ceil_mode, "ceil_mode", "True".into(), &mut a);
        }
        Layer::AvgPool2d(p) => {
            a.push(size(p.kernel_size));
            if let Some(s) = p.stride {
                kw(true, "stride", size(s), &mut a);
            }
            kw(p.padding != one(0), "padding", size(p.padding), &mut a);
            kw(p.ceil_mode, "ceil_mode", "True".into(), &mut a);
            kw(
                !p.count_include_pad,
                "count_include_pad",
                "False".into(),
                &mut a,
            );
            if let Some(d) = p.divisor_override {
                kw(true, "divisor_override", d.to_string(), &mut a);
            }
        }
        Layer::AdaptiveAvgPool2d(o) | Layer::AdaptiveMaxPool2d(o) => a.push(out_size(*o)),
        Layer::BatchNorm2d(b) => {
            a.push(b.num_features.to_string());
            kw(b.eps != Num::Float(1e-5), "eps", py_num(b.eps), &mut a);
            let momentum = b.momentum.map_or("None".into(), py_num);
            kw(
                b.momentum != Some(Num::Float(0.1)),
                "momentum",
                momentum,
                &mut a,
            );
            kw(!b.affine, "affine", "False".into(), &mut a);
            kw(
                !b.track_running_stats,
                "track_running_stats",
                "False".into(),
                &mut a,
            );
            kw(b.affine && !b.bias, "bias", "False".into(), &mut a);
        }
        Layer::ReLU { inplace } | Layer::SiLU { inplace } => {
            kw(*inplace, "inplace", "True".into(), &mut a)
        }
        Layer::LeakyReLU {
            negative_slope,
            inplace,
        } => {
            if *negative_slope != Num::Float(0.01) {
                a.push(py_num(*negative_slope));
            }
            kw(*inplace, "inplace", "True".into(), &mut a);
        }
        Layer::GELU { approximate } => kw(
            approximate != "none",
            "approximate",
            format!("'{approximate}'"),
            &mut a,
        ),
        Layer::Dropout { p, inplace } | Layer::Dropout2d { p, inplace } => {
            if *p != Num::Float(0.5) {
                a.push(py_num(*p));
            }
            kw(*inplace, "inplace", "True".into(), &mut a);
        }
        Layer::Flatten { start_dim, end_dim } => {
            kw(*start_dim != 1, "start_dim", start_dim.to_string(), &mut a);
            kw(*end_dim != -1, "end_dim", end_dim.to_string(), &mut a);
        }
        Layer::Linear(l) => {
            a.extend([l.in_features.to_string(), l.out_features.to_string()]);
            kw(!l.bias, "bias", "False".into(), &mut a);
        }
        Layer::Sigmoid | Layer::Tanh | Layer::Identity => {}
    }
    format!("{}({})", layer.kind(), a.join(", "))
}

/// Whether a container's children are named 0, 1, 2, ... (else the source
/// needs an `OrderedDict` to keep the names).
fn numbered(s: &Sequential) -> bool {
    s.children
        .iter()
        .enumerate()
        .all(|(i, c)| c.name == i.to_string())
}

fn source_of(s: &Sequential, indent: usize, out: &mut String) {
    if s.children.is_empty() {
        out.push_str("nn.Sequential()");
        return;
    }
    let pad = "    ".repeat(indent + 1);
    let named = !numbered(s);
    out.push_str(if named {
        "nn.Sequential(OrderedDict([\n"
    } else {
        "nn.Sequential(\n"
    });
    for c in &s.children {
        out.push_str(&pad);
        if named {
            out.push_str(&format!("({:?}, ", c.name));
        }
        match &c.module {
            Module::Layer(l) => out.push_str(&format!("nn.{}", layer_source(l))),
            Module::Sequential(inner) => source_of(inner, indent + 1, out),
        }
        out.push_str(if named { "),\n" } else { ",\n" });
    }
    out.push_str(&"    ".repeat(indent));
    out.push_str(if named { "]))" } else { ")" });
}

/// The model as PyTorch source, `nn.Sequential(...)`.
pub fn to_source(model: &Model) -> String {
    let mut out = String::new();
    source_of(&model.root, 0, &mut out);
    out
}
