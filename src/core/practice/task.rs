//! What an exercise asks, as data the rules can compute with, and the
//! forms its answer takes.

use std::collections::BTreeSet;

use crate::core::ops::network::layers::Layer;

/// What is asked about the exercise's scene.
#[derive(Clone, Debug, PartialEq)]
pub enum Task {
    /// The output shape of the scene's op: conv2d, `convolve2d` /
    /// `correlate2d` or `conv_transpose2d`.
    ConvShape,
    /// The output shape of one pool on an input of shape `input`.
    PoolShape { layer: Layer, input: Vec<i64> },
    /// The output value at `cell` (`[n, c, i, j]`).
    Value { cell: [usize; 4] },
    /// The input cells the output value at `cell` reads.
    Sources { cell: [usize; 4] },
    /// The weight's shape.
    WeightShape,
    /// The input channels that feed output channel `out_channel`.
    Channels { out_channel: usize },
    /// The `output_padding` that makes the output `want` (`[H, W]`) tall
    /// and wide; the scene's own `output_padding` is 0.
    OutputPadding { want: [i64; 2] },
    /// The receptive field (size and jump, along H) of the scene's stack.
    Field,
    /// Where the model of these layers breaks on an input of shape
    /// `input`, and the number the broken layer needs.
    ModelBreak {
        layers: Vec<Layer>,
        input: Vec<i64>,
        ask: BreakAsk,
    },
}

/// Which number a model-break exercise asks for: an axis of the shape
/// that reaches the broken layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreakAsk {
    /// Its channels: the `in_channels` a `Conv2d` needs.
    Channels,
    /// Its features: the `in_features` a `Linear` needs.
    Features,
    /// Its height: too small for the layer's window.
    Height,
}

impl BreakAsk {
    /// The axis of the shape reaching the layer (4-D for channels and
    /// height, 2-D for features).
    pub fn axis(self) -> usize {
        match self {
            BreakAsk::Channels => 1,
            BreakAsk::Features => 1,
            BreakAsk::Height => 2,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            BreakAsk::Channels => "the in_channels it needs",
            BreakAsk::Features => "the in_features it needs",
            BreakAsk::Height => "the height of the tensor that reaches it",
        }
    }
}

/// An answer as the rules compute it.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// Whole numbers in order: a shape, a weight shape, `(size, jump)`,
    /// `(layer, number)`.
    Numbers(Vec<i64>),
    Value(f64),
    /// Input cells `[n, c, i, j]`.
    Cells(BTreeSet<[usize; 4]>),
    /// Input channels.
    Channels(BTreeSet<usize>),
    /// `[ph, pw]`, or `None`: no `output_padding` gives the size.
    OutputPadding(Option<[i64; 2]>),
}

/// An answer and how it is computed, in words with the numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Worked {
    pub answer: Expected,
    pub words: String,
}

/// Two values equal as the oracle compares them: to 1e-9, relative or
/// absolute.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

impl Expected {
    /// The answer written as a person would type it.
    pub fn text(&self) -> String {
        fn list<T: ToString>(v: impl IntoIterator<Item = T>) -> String {
            v.into_iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            Expected::Numbers(v) => list(v.iter()),
            Expected::Value(v) => crate::core::present::display::exact(*v),
            Expected::Cells(cells) => list(
                cells
                    .iter()
                    .map(|[n, c, i, j]| format!("({n}, {c}, {i}, {j})")),
            ),
            Expected::Channels(c) => list(c.iter()),
            Expected::OutputPadding(Some([h, w])) => format!("{h}, {w}"),
            Expected::OutputPadding(None) => "impossible".into(),
        }
    }

    /// Whether `other` is the same answer (values to 1e-9).
    pub fn same(&self, other: &Expected) -> bool {
        match (self, other) {
            (Expected::Value(a), Expected::Value(b)) => same_value(*a, *b),
            _ => self == other,
        }
    }
}
