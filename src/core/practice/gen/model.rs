//! Models that break, with the number the broken layer needs: a `Conv2d`
//! whose `in_channels` do not follow the layer before, a `Linear` whose
//! `in_features` are not what `Flatten` gives, and a map shrunk below a
//! window.

use crate::core::model::init::Rng;
use crate::core::ops::network::layers::{
    AvgPool2d, Conv2d, ConvPadding, Layer, Linear, MaxPool2d, Size2,
};
use crate::core::practice::gen::draw::{chance, int, network_scene, pick, Draft};
use crate::core::practice::rules::model::broken;
use crate::core::practice::rules::words::tuple;
use crate::core::practice::task::{BreakAsk, Task};

fn conv(rng: &mut Rng, c_in: i64, c_out: i64, level: u8) -> Layer {
    let mut c = Conv2d::new(c_in, c_out, pick(rng, &[3, 3, 5]));
    if chance(rng, 0.5) {
        c.padding = ConvPadding::Size(Size2::One(int(rng, 1, 2)));
    }
    if level >= 2 && chance(rng, 0.3) {
        c.stride = Size2::One(2);
    }
    if level >= 4 && chance(rng, 0.3) {
        c.dilation = Size2::One(2);
    }
    Layer::Conv2d(c)
}

fn pool(rng: &mut Rng, level: u8) -> Layer {
    let k = int(rng, 2, 3);
    let stride = (level >= 3 && chance(rng, 0.4)).then(|| Size2::One(int(rng, 1, 2)));
    let ceil_mode = level >= 3 && chance(rng, 0.4);
    if chance(rng, 0.7) {
        Layer::MaxPool2d(MaxPool2d {
            kernel_size: Size2::One(k),
            stride,
            padding: Size2::One(0),
            dilation: Size2::One(1),
            ceil_mode,
        })
    } else {
        Layer::AvgPool2d(AvgPool2d {
            kernel_size: Size2::One(k),
            stride,
            padding: Size2::One(0),
            ceil_mode,
            count_include_pad: true,
            divisor_override: None,
        })
    }
}

/// Conv blocks (conv, ReLU, maybe a pool) from `c0` channels; the
/// channels at the end.
fn blocks(rng: &mut Rng, c0: i64, count: usize, level: u8, pools: bool) -> (Vec<Layer>, i64) {
    let mut layers = Vec::new();
    let mut c = c0;
    for _ in 0..count {
        let next = pick(rng, &[4, 6, 8, 16]);
        layers.push(conv(rng, c, next, level));
        layers.push(Layer::ReLU { inplace: false });
        if pools && chance(rng, 0.7) {
            layers.push(pool(rng, level));
        }
        c = next;
    }
    (layers, c)
}

/// A `Conv2d` whose `in_channels` are not the channels that reach it.
fn channels(rng: &mut Rng, level: u8) -> (Vec<Layer>, BreakAsk) {
    let c0 = pick(rng, &[1, 3]);
    let count = if level >= 2 {
        int(rng, 1, 2) as usize
    } else {
        1
    };
    let (mut layers, c) = blocks(rng, c0, count, level, level >= 2);
    let wrong = pick(rng, &[c0, 2 * c, c / 2, c + 4].map(|v| v.max(1)));
    let wrong = if wrong == c { c + 1 } else { wrong };
    let out = pick(rng, &[8, 16, 32]);
    layers.push(conv(rng, wrong, out, level));
    (layers, BreakAsk::Channels)
}

/// A `Linear` after `Flatten` with the wrong `in_features`.
fn features(rng: &mut Rng, level: u8) -> (Vec<Layer>, BreakAsk) {
    let c0 = pick(rng, &[1, 3]);
    let count = if level >= 4 {
        int(rng, 1, 2) as usize
    } else {
        1
    };
    let (mut layers, c) = blocks(rng, c0, count, level, level >= 2);
    layers.push(Layer::Flatten {
        start_dim: 1,
        end_dim: -1,
    });
    layers.push(Layer::Linear(Linear {
        // A guess from the channels alone: never what Flatten gives here
        // unless the map is 1 x 1, which the generator then skips.
        in_features: c * pick(rng, &[4, 9, 16, 25]),
        out_features: 10,
        bias: true,
    }));
    (layers, BreakAsk::Features)
}

/// A map shrunk below a later layer's window.
fn height(rng: &mut Rng, level: u8) -> (Vec<Layer>, BreakAsk) {
    let c0 = pick(rng, &[1, 3]);
    let count = int(rng, 2, 3) as usize;
    let (mut layers, c) = blocks(rng, c0, count, level, true);
    layers.push(Layer::Conv2d(Conv2d::new(c, c, pick(rng, &[3, 5]))));
    (layers, BreakAsk::Height)
}

pub fn model_break(rng: &mut Rng, level: u8) -> Option<Draft> {
    let roll = rng.unit();
    let (layers, ask) = match level {
        0 => channels(rng, level),
        1 if roll < 0.3 => channels(rng, level),
        1 => features(rng, level),
        2 if roll < 0.2 => channels(rng, level),
        2 => features(rng, level),
        _ if roll < 0.45 => height(rng, level),
        _ if roll < 0.8 => features(rng, level),
        _ => channels(rng, level),
    };
    let side = match ask {
        BreakAsk::Height => int(rng, 6, 14),
        _ => int(rng, 8, 20),
    };
    let c0 = match layers.first() {
        Some(Layer::Conv2d(c)) => c.in_channels,
        _ => 1,
    };
    let input = vec![1, c0, side, side];
    let b = broken(&layers, &input)?;
    // Only the break the exercise is about: at the last layer for
    // channels and features; at a conv or a pool for height.
    let fits = match ask {
        BreakAsk::Channels | BreakAsk::Features => b.index + 1 == layers.len(),
        BreakAsk::Height => b.input.as_ref().is_some_and(|s| s.len() == 4),
    };
    if !fits {
        return None;
    }
    let repr = level >= 2 && chance(rng, 0.5);
    let scene = network_scene(&layers, &input, repr);
    let text = scene
        .showing
        .as_ref()
        .and_then(|s| s.model.as_ref())
        .map(|m| m.text.clone())
        .unwrap_or_default();
    Some(Draft {
        question: format!(
            "This model breaks on an input of shape {}:\n{text}\nWhich layer does PyTorch refuse (its number in print(model)), and what is {}? Give layer, number.",
            tuple(&input),
            ask.words()
        ),
        scene,
        task: Task::ModelBreak { layers, input, ask },
    })
}
