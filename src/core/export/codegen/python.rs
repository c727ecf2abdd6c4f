//! Python emission helpers every export shares: numbers, nested lists,
//! PyTorch's argument spellings, padding in NumPy, and the data a script
//! carries inline or reads from `convlab-scene.json`.

use ndarray::{Array2, Array4};

use crate::core::engine::padding::Pads;
use crate::core::model::scene::{Op, Padding, PaddingMode, Scene};

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

pub(crate) fn py_2d(a: &Array2<f64>, indent: usize) -> String {
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
pub(crate) fn f_pad_mode(m: PaddingMode) -> &'static str {
    match m {
        PaddingMode::Zeros => "constant",
        PaddingMode::Reflect => "reflect",
        PaddingMode::Replicate => "replicate",
        PaddingMode::Circular => "circular",
    }
}

/// `np.pad` mode for a fill rule.
pub(crate) fn np_pad_mode(fill: crate::core::engine::padding::Fill) -> String {
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
pub(crate) fn np_pad(
    var: &str,
    lead: &str,
    p: &Pads,
    fill: crate::core::engine::padding::Fill,
) -> String {
    format!(
        "np.pad({var}, ({lead}({}, {}), ({}, {})), {})",
        p.top,
        p.bottom,
        p.left,
        p.right,
        np_pad_mode(fill)
    )
}
