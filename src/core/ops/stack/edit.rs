//! Edits of a stack's layers, as pure functions: add, remove, duplicate,
//! move, resize, fill. The UI's layer list sends these.
//!
//! After a change of channels along the chain (a layer's `out_channels`,
//! the input's `C`, a layer removed or moved), every layer's
//! `C_in/groups` axis follows the channels that reach it whenever its
//! `groups` divides them, as `nn.Conv2d(in_channels=...)` would be written
//! for it; where `groups` does not divide, the mismatch is left for PyTorch's
//! rule to explain.

use ndarray::Array4;

use crate::core::model::init::{conv_init, Rng};
use crate::core::model::layer::StackLayer;
use crate::core::model::limits::MAX_LAYERS;
use crate::core::model::limits::{EDIT_MAX_CHANNELS, EDIT_MAX_KERNEL};
use crate::core::model::scene::{Op, Scene};
use crate::core::model::sequential::StackScene;

/// What a layer's weight can be filled with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerFill {
    Ones,
    /// Whole numbers from -2 to 2 (small, so deep stacks stay readable).
    RandomInt,
    /// Weight and bias drawn as `nn.Conv2d` draws them, 4 decimals.
    LikeConv2d,
}

impl LayerFill {
    pub const ALL: [LayerFill; 3] = [LayerFill::Ones, LayerFill::RandomInt, LayerFill::LikeConv2d];
    pub fn label(self) -> &'static str {
        match self {
            LayerFill::Ones => "Ones",
            LayerFill::RandomInt => "Random integers",
            LayerFill::LikeConv2d => "Random like nn.Conv2d",
        }
    }
}

fn resize4(a: &Array4<f64>, dim: [usize; 4]) -> Array4<f64> {
    let old = a.dim();
    Array4::from_shape_fn((dim[0], dim[1], dim[2], dim[3]), |(n, c, i, j)| {
        if n < old.0 && c < old.1 && i < old.2 && j < old.3 {
            a[[n, c, i, j]]
        } else {
            0.0
        }
    })
}

impl Scene {
    /// The stack, if this scene is one.
    pub fn stack(&self) -> Option<&StackScene> {
        match &self.op {
            Op::Sequential(s) => Some(s),
            _ => None,
        }
    }

    /// Apply `f` to the stack, if this scene is one.
    pub fn edit_stack(&mut self, f: impl FnOnce(&mut StackScene)) {
        if let Op::Sequential(s) = &mut self.op {
            f(s);
        }
    }
}

impl StackScene {
    /// Channels reaching layer `layer`: the input's `C` for layer 0, else
    /// what the previous layer gives (a conv its `out_channels`, a pool
    /// what it gets).
    pub fn channels_into(&self, layer: usize) -> usize {
        let mut c = self.input.dim().1;
        for l in self.layers.iter().take(layer) {
            c = l.channels_out(c);
        }
        c
    }

    /// Give every layer the `C_in/groups` its incoming channels ask for,
    /// where its `groups` divides them.
    pub fn fit_channels(&mut self) {
        for l in 0..self.layers.len() {
            let c = self.channels_into(l);
            if let Some(layer) = self.layers.get_mut(l).and_then(StackLayer::as_conv_mut) {
                let g = layer.groups;
                if g > 0 && c > 0 && c as i64 % g == 0 {
                    let (o, cg, kh, kw) = layer.weight.dim();
                    let want = c / g as usize;
                    if want != cg {
                        layer.weight = resize4(&layer.weight, [o, want, kh, kw]);
                    }
                }
            }
        }
    }

    /// Append a copy of the last layer, fed by its output (at most [`MAX_LAYERS`]).
    pub fn add_layer(&mut self) {
        if let Some(last) = self.layers.len().checked_sub(1) {
            self.duplicate_layer(last);
        }
    }

    /// Insert a copy of layer `layer` right after it (at most [`MAX_LAYERS`]).
    pub fn duplicate_layer(&mut self, layer: usize) {
        if self.layers.len() >= MAX_LAYERS {
            return;
        }
        if let Some(copy) = self.layers.get(layer).cloned() {
            self.layers.insert(layer + 1, copy);
            self.fit_channels();
        }
    }

    /// Remove layer `layer`; the last remaining layer stays.
    pub fn remove_layer(&mut self, layer: usize) {
        if self.layers.len() > 1 && layer < self.layers.len() {
            self.layers.remove(layer);
            self.fit_channels();
        }
    }

    /// Move layer `layer` one place up (towards the input) or down.
    pub fn move_layer(&mut self, layer: usize, up: bool) {
        let other = if up {
            layer.checked_sub(1)
        } else {
            Some(layer + 1)
        };
        if let Some(other) = other.filter(|o| *o < self.layers.len()) {
            if layer < self.layers.len() {
                self.layers.swap(layer, other);
                self.fit_channels();
            }
        }
    }

    /// Layer `layer`, to set its stride, padding, dilation or padding_mode.
    pub fn layer_mut(&mut self, layer: usize) -> Option<&mut StackLayer> {
        self.layers.get_mut(layer)
    }

    /// Set a layer's `out_channels` (1 to 64): its weight's axis 0 and its
    /// bias follow, and so does the next layer's `C_in/groups`.
    pub fn set_out_channels(&mut self, layer: usize, out: usize) {
        let out = out.clamp(1, EDIT_MAX_CHANNELS);
        if let Some(l) = self.layers.get_mut(layer).and_then(StackLayer::as_conv_mut) {
            let (_, cg, kh, kw) = l.weight.dim();
            l.weight = resize4(&l.weight, [out, cg, kh, kw]);
            if let Some(b) = &mut l.bias {
                b.resize(out, 0.0);
            }
        }
        self.fit_channels();
    }

    /// Set a layer's kernel size `[kH, kW]` (1 to 9 each), keeping the
    /// weights that still have a place.
    pub fn set_kernel_size(&mut self, layer: usize, [kh, kw]: [usize; 2]) {
        let side = |k: usize| k.clamp(1, EDIT_MAX_KERNEL);
        if let Some(l) = self.layers.get_mut(layer).and_then(StackLayer::as_conv_mut) {
            let (o, cg, _, _) = l.weight.dim();
            l.weight = resize4(&l.weight, [o, cg, side(kh), side(kw)]);
        }
    }

    /// Set a layer's `groups`; its `C_in/groups` follows where it divides.
    pub fn set_groups(&mut self, layer: usize, groups: i64) {
        if let Some(l) = self.layers.get_mut(layer).and_then(StackLayer::as_conv_mut) {
            l.groups = groups;
        }
        self.fit_channels();
    }

    /// Bias on (zeros) or off.
    pub fn set_bias_enabled(&mut self, layer: usize, on: bool) {
        if let Some(l) = self.layers.get_mut(layer).and_then(StackLayer::as_conv_mut) {
            let o = l.weight.dim().0;
            l.bias = match (on, l.bias.take()) {
                (true, Some(b)) => Some(b),
                (true, None) => Some(vec![0.0; o]),
                (false, _) => None,
            };
        }
    }

    /// One value of a layer's bias; nothing when the layer has no bias or
    /// no such output channel.
    pub fn set_bias(&mut self, layer: usize, o: usize, v: f64) {
        if let Some(b) = self
            .layers
            .get_mut(layer)
            .and_then(StackLayer::as_conv_mut)
            .and_then(|l| l.bias.as_mut())
            .and_then(|b| b.get_mut(o))
        {
            *b = v;
        }
    }

    /// Fill a layer's weight (and, like `nn.Conv2d`, its bias if it has one).
    pub fn fill_layer(&mut self, layer: usize, fill: LayerFill, seed: u64) {
        let Some(l) = self.layers.get_mut(layer).and_then(StackLayer::as_conv_mut) else {
            return;
        };
        let (o, cg, kh, kw) = l.weight.dim();
        match fill {
            LayerFill::Ones => l.weight.fill(1.0),
            LayerFill::RandomInt => {
                let mut rng = Rng::new(seed);
                l.weight.mapv_inplace(|_| rng.int(-2, 2) as f64);
            }
            LayerFill::LikeConv2d => {
                let round = |v: f64| (v * 1e4).round() / 1e4;
                let (w, b) = conv_init([o, cg, kh, kw], seed);
                l.weight = w.mapv(round);
                if l.bias.is_some() {
                    l.bias = Some(b.into_iter().map(round).collect());
                }
            }
        }
    }
}
