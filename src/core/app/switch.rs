//! Switching a scene to another op (the op picker), carrying its data
//! over: PyTorch to SciPy takes the first input channel and the first
//! filter's first slice; a conv2d becomes a one-layer stack of itself.

use crate::core::content::presets;
use crate::core::model::scene::{Boundary, Mode, Op, OpKind, Scene, ScipyConv};

impl Scene {
    /// Switch to another op, carrying the data over: PyTorch to SciPy takes
    /// the first input channel and the first filter's first slice.
    pub fn set_kind(&mut self, kind: OpKind) {
        if self.kind() == kind {
            return;
        }
        let (in1, in2, mode, boundary, fillvalue) = match &self.op {
            Op::Transpose(p) => (
                p.input.slice(ndarray::s![0, 0, .., ..]).to_owned(),
                p.weight.slice(ndarray::s![0, 0, .., ..]).to_owned(),
                Mode::Valid,
                Boundary::Fill,
                0.0,
            ),
            Op::Torch(p) => (
                p.input.slice(ndarray::s![0, 0, .., ..]).to_owned(),
                p.weight.slice(ndarray::s![0, 0, .., ..]).to_owned(),
                Mode::Valid,
                Boundary::Fill,
                0.0,
            ),
            Op::Convolve(s) | Op::Correlate(s) => (
                s.in1.clone(),
                s.in2.clone(),
                s.mode,
                s.boundary,
                s.fillvalue,
            ),
            Op::Sequential(s) => (
                s.input.slice(ndarray::s![0, 0, .., ..]).to_owned(),
                s.layers
                    .iter()
                    .find_map(|l| l.as_conv())
                    .map_or_else(presets::edge_kernel, |l| {
                        l.weight.slice(ndarray::s![0, 0, .., ..]).to_owned()
                    }),
                Mode::Valid,
                Boundary::Fill,
                0.0,
            ),
        };
        let scipy = ScipyConv {
            in1: in1.clone(),
            in2: in2.clone(),
            mode,
            boundary,
            fillvalue,
        };
        self.op = match kind {
            OpKind::Torch => presets::torch_scene(&in1, &in2).op,
            OpKind::Convolve => Op::Convolve(scipy),
            OpKind::Correlate => Op::Correlate(scipy),
            // A one-layer stack of what was there: a PyTorch scene keeps
            // all its arguments, SciPy's arrays become (1, 1, H, W).
            OpKind::Sequential => {
                let t = match &self.op {
                    Op::Torch(t) => t.clone(),
                    _ => match presets::torch_scene(&in1, &in2).op {
                        Op::Torch(t) => t,
                        _ => return,
                    },
                };
                Op::Sequential(crate::core::ops::stack::StackScene::of_conv(t))
            }
            OpKind::Transpose => presets::transpose_scene(&in1, &in2).op,
        };
    }
}
