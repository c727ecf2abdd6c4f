//! The export as a PyTorch script: the model's source ([`to_source`])
//! inside `build_model()`, the input shape, and a torchinfo-style loop
//! (`named_modules` with forward hooks on every leaf, a forward pass on
//! `torch.zeros(INPUT_SHAPE)` in eval mode) that prints the layer table in
//! the format of [`super::table`]: for a model the core reads, running the
//! script prints [`Report::table_text`] line for line, PyTorch's refusal
//! included (`tests/network_table_torch.rs` checks it in real PyTorch).
//!
//! The receptive-field columns are computed in the script from each
//! layer's own attributes (`kernel_size`, `stride`, `dilation`) and the
//! shapes the hooks see, not copied from the core.
//!
//! [`Report::table_text`]: crate::core::ops::network::report::Report::table_text

use crate::core::ops::network::export::to_source;
use crate::core::ops::network::model::Model;

/// The table loop, after `build_model` and `INPUT_SHAPE`.
const TABLE_PY: &str = include_str!("table.py");

const HEAD: &str = "\
# Your network, exported by ConvLab. Running it builds the model, runs it
# in eval mode on zeros of INPUT_SHAPE and prints the layer table ConvLab
# shows (its \"copy table\" gives the same text): per leaf layer its path,
# class, output shape, parameter count and running receptive field
# [rows, cols] (RF: input pixels one output sees; Jump: input pixels
# between neighbouring outputs), then the totals. Where PyTorch refuses
# the model, the table stops there and PyTorch's own message follows.
from collections import OrderedDict
from fractions import Fraction

import torch
import torch.nn as nn
";

/// The model as a script that prints its layer table on an input of
/// shape `input`.
pub fn to_script(model: &Model, input: &[i64]) -> String {
    let shape: Vec<String> = input.iter().map(i64::to_string).collect();
    let shape = match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.join(", ")),
    };
    let source = to_source(model).replace('\n', "\n    ");
    format!(
        "{HEAD}\nINPUT_SHAPE = {shape}\n\n\ndef build_model():\n    return {source}\n{TABLE_PY}"
    )
}
