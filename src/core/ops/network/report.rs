//! What running a model on a shape gives: one row per leaf that ran
//! (torchinfo's table), the totals, and where it broke.

use std::fmt;

use crate::core::ops::network::error::NetError;
use crate::core::ops::network::fix::Fix;
use crate::core::ops::network::layers::Layer;
use crate::core::ops::network::params::Params;

/// A non-negative fraction, kept reduced (a transposed convolution's jump
/// is one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub num: u128,
    pub den: u128,
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Ratio {
    pub fn int(v: u128) -> Ratio {
        Ratio { num: v, den: 1 }
    }

    /// `num/den` reduced; `None` for a zero denominator.
    pub fn new(num: u128, den: u128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        Some(Ratio {
            num: num / g,
            den: den / g,
        })
    }

    pub fn times(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.num.checked_mul(o.num)?, self.den.checked_mul(o.den)?)
    }

    pub fn plus(self, o: Ratio) -> Option<Ratio> {
        let num = self
            .num
            .checked_mul(o.den)?
            .checked_add(o.num.checked_mul(self.den)?)?;
        Ratio::new(num, self.den.checked_mul(o.den)?)
    }

    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl Ratio {
    /// As a factor in a formula: `2`, or `(1/2)` in parentheses.
    pub fn factor(self) -> String {
        if self.den == 1 {
            self.to_string()
        } else {
            format!("({self})")
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

/// The running receptive field along one axis after a layer: how many
/// input pixels one output cell sees (`size`, away from the borders) and
/// how far apart, in input pixels, neighbouring outputs are (`jump`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Running {
    pub size: Ratio,
    pub jump: Ratio,
    /// `r = 3 + (3−1)·2 = 7, j = 2·2 = 4`.
    pub formula: String,
}

/// One axis's output size and how it follows from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxisFormula {
    /// `H`, `W`, `C`, `features`...
    pub axis: String,
    /// `floor((32 + 1 + 1 − 1·(3−1) − 1)/1) + 1 = 32`.
    pub text: String,
}

/// One leaf that ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// 0-based, among the model's leaves.
    pub index: usize,
    /// `3.1`.
    pub path: String,
    /// `Conv2d`.
    pub kind: &'static str,
    pub layer: Layer,
    pub input: Vec<i64>,
    pub output: Vec<i64>,
    /// The output's axis names: `N, C, H, W` or `N, features`.
    pub axes: Vec<&'static str>,
    pub params: Params,
    /// How each axis that changed was computed.
    pub formulas: Vec<AxisFormula>,
    /// The output has the input's shape (activations, batch norm, ...).
    pub keeps_shape: bool,
    /// `[rows, cols]`, for a layer on the spatial chain from the input.
    pub receptive: Option<[Running; 2]>,
    /// How many output cells (per channel) depend on invented padding, of
    /// this layer or any before it.
    pub border: Option<u64>,
}

/// When PyTorch refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Making the layer (`nn.Conv2d(6, 8, 3, groups=4)`).
    Build,
    /// Running it on the tensor that reached it.
    Forward,
}

/// Where the model breaks.
#[derive(Clone, Debug, PartialEq)]
pub struct Break {
    pub index: usize,
    pub path: String,
    pub kind: &'static str,
    pub when: When,
    pub error: NetError,
    /// The shape that reached the layer (none when the build broke before
    /// anything ran).
    pub input: Option<Vec<i64>>,
    /// What the layer needed there, in a few words.
    pub expects: Option<String>,
    pub fix: Option<Fix>,
}

impl Break {
    /// PyTorch's own first line.
    pub fn message(&self) -> String {
        self.error.message()
    }
}

/// A model run on an input shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub input: Vec<i64>,
    /// The leaves that ran, in order.
    pub rows: Vec<Row>,
    /// The model's parameters (every leaf's), when it could be built.
    pub params: Option<u128>,
    pub broken: Option<Break>,
}

/// Axis names for a shape of this rank.
pub fn axis_names(rank: usize) -> Vec<&'static str> {
    match rank {
        4 => vec!["N", "C", "H", "W"],
        3 => vec!["C", "H", "W"],
        2 => vec!["N", "features"],
        1 => vec!["features"],
        n => (0..n).map(|_| "dim").collect(),
    }
}
