//! Where a model breaks, and the number the broken layer needs: the
//! engine's run of the model ([`infer`]), which says where PyTorch
//! refuses, with the shape that reached the layer and a fix. A mistake is
//! the same model run with a changed rule (no padding, no dilation, pools
//! rounding the other way, a pool's stride taken as 1, no conv stride):
//! each is a small function here that changes the layers, and the run is
//! the engine's again.

use crate::core::ops::network::export::layer_source;
use crate::core::ops::network::forward::layer_shape;
use crate::core::ops::network::infer::infer;
use crate::core::ops::network::layers::{ConvPadding, Layer, Size2};
use crate::core::ops::network::model::Model;
use crate::core::ops::network::report::Break;
use crate::core::practice::mistake::Mistake;
use crate::core::practice::rules::words::tuple;
use crate::core::practice::task::{BreakAsk, Expected, Worked};

/// Where the engine says the model breaks.
pub fn broken(layers: &[Layer], input: &[i64]) -> Option<Break> {
    infer(&Model::of_layers(layers.to_vec()), input)
        .ok()?
        .broken
}

/// The shapes `layers[..upto]` give one after the other, starting with
/// `input`; `None` if one of them refuses.
fn chain(layers: &[Layer], input: &[i64], upto: usize) -> Option<Vec<Vec<i64>>> {
    let mut shapes = vec![input.to_vec()];
    for l in layers.get(..upto)? {
        let next = layer_shape(l, shapes.last()?).ok()?;
        shapes.push(next);
    }
    Some(shapes)
}

/// `(1, 3, 8, 8) → 0: Conv2d(3, 4, 3) → (1, 4, 6, 6) → …`.
fn chain_words(layers: &[Layer], shapes: &[Vec<i64>]) -> String {
    let mut t = tuple(&shapes[0]);
    for (i, (l, s)) in layers.iter().zip(&shapes[1..]).enumerate() {
        t += &format!(" \u{2192} {i}: {} \u{2192} {}", layer_source(l), tuple(s));
    }
    t
}

/// The number asked for, from the shape that reaches the broken layer.
fn number(shape: &[i64], ask: BreakAsk) -> Option<i64> {
    shape.get(ask.axis()).copied()
}

pub fn expected_break(layers: &[Layer], input: &[i64], ask: BreakAsk) -> Option<Expected> {
    let b = broken(layers, input)?;
    let n = number(b.input.as_deref()?, ask)?;
    Some(Expected::Numbers(vec![b.index as i64, n]))
}

pub fn worked_break(layers: &[Layer], input: &[i64], ask: BreakAsk) -> Option<Worked> {
    let answer = expected_break(layers, input, ask)?;
    let b = broken(layers, input)?;
    let shapes = chain(layers, input, b.index)?;
    let fix = b
        .fix
        .as_ref()
        .map_or(String::new(), |f| format!(" (the fix: {})", f.text));
    let words = format!(
        "{}: layer {}, {}, gets {}, and PyTorch says \"{}\"{fix}",
        chain_words(&layers[..b.index], &shapes),
        b.index,
        layer_source(&layers[b.index]),
        tuple(shapes.last()?),
        b.message().trim_end_matches('.')
    );
    Some(Worked { answer, words })
}

pub fn break_mistakes(ask: BreakAsk) -> Vec<Mistake> {
    use Mistake::*;
    let mut v = vec![
        CountedFromOne,
        PaddingForgotten,
        DilationIgnored,
        FloorCeilSwapped,
        PoolStrideOne,
        StrideIgnored,
    ];
    if ask == BreakAsk::Features {
        v.push(ChannelsForgotten);
    }
    v
}

/// Every conv's and pool's padding left out.
fn padding_forgotten(l: &Layer) -> Layer {
    let mut l = l.clone();
    match &mut l {
        Layer::Conv2d(c) => c.padding = ConvPadding::Size(Size2::One(0)),
        Layer::MaxPool2d(m) => m.padding = Size2::One(0),
        Layer::AvgPool2d(a) => a.padding = Size2::One(0),
        _ => {}
    }
    l
}

/// Every dilation taken as 1.
fn dilation_ignored(l: &Layer) -> Layer {
    let mut l = l.clone();
    match &mut l {
        Layer::Conv2d(c) => c.dilation = Size2::One(1),
        Layer::MaxPool2d(m) => m.dilation = Size2::One(1),
        _ => {}
    }
    l
}

/// Every pool rounding the other way.
fn floor_ceil_swapped(l: &Layer) -> Layer {
    let mut l = l.clone();
    match &mut l {
        Layer::MaxPool2d(m) => m.ceil_mode = !m.ceil_mode,
        Layer::AvgPool2d(a) => a.ceil_mode = !a.ceil_mode,
        _ => {}
    }
    l
}

/// A pool's stride, when left to its default, taken as 1.
fn pool_stride_one(l: &Layer) -> Layer {
    let mut l = l.clone();
    match &mut l {
        Layer::MaxPool2d(m) if m.stride.is_none() => m.stride = Some(Size2::One(1)),
        Layer::AvgPool2d(a) if a.stride.is_none() => a.stride = Some(Size2::One(1)),
        _ => {}
    }
    l
}

/// Every conv's stride taken as 1.
fn stride_ignored(l: &Layer) -> Layer {
    let mut l = l.clone();
    if let Layer::Conv2d(c) = &mut l {
        c.stride = Size2::One(1);
    }
    l
}

/// `Flatten`'s features counted as `H·W`: the shape that reached the
/// `Flatten` before the broken layer, without its channels.
fn channels_forgotten(shapes: &[Vec<i64>]) -> Option<(i64, String)> {
    let before = shapes.iter().rev().find(|s| s.len() == 4)?;
    let [h, w] = [before[2], before[3]];
    Some((h * w, format!("H\u{b7}W = {h}\u{b7}{w} = {}", h * w)))
}

pub fn mistaken_break(
    layers: &[Layer],
    input: &[i64],
    ask: BreakAsk,
    m: Mistake,
) -> Option<Worked> {
    let b = broken(layers, input)?;
    let right = number(b.input.as_deref()?, ask)?;
    let at = b.index;
    let (index, n, words) = match m {
        Mistake::CountedFromOne => (
            at + 1,
            right,
            format!(
                "the broken layer is ({at}) in print(model); counted from 1 it is {}",
                at + 1
            ),
        ),
        Mistake::ChannelsForgotten if ask == BreakAsk::Features => {
            let shapes = chain(layers, input, at)?;
            let (n, w) = channels_forgotten(&shapes)?;
            (at, n, w)
        }
        _ => {
            let f: fn(&Layer) -> Layer = match m {
                Mistake::PaddingForgotten => padding_forgotten,
                Mistake::DilationIgnored => dilation_ignored,
                Mistake::FloorCeilSwapped => floor_ceil_swapped,
                Mistake::PoolStrideOne => pool_stride_one,
                Mistake::StrideIgnored => stride_ignored,
                _ => return None,
            };
            let changed: Vec<Layer> = layers[..at].iter().map(f).collect();
            if changed[..] == layers[..at] {
                return None;
            }
            let shapes = chain(&changed, input, at)?;
            let n = number(shapes.last()?, ask)?;
            (at, n, chain_words(&changed, &shapes))
        }
    };
    Some(Worked {
        answer: Expected::Numbers(vec![index as i64, n]),
        words,
    })
}
