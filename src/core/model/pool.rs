//! One pooling layer of a stack, [`PoolArgs`]: `nn.MaxPool2d` or
//! `nn.AvgPool2d` with their constructor arguments, as data. The shapes,
//! values and refusals are the network module's (`ops::network::pool`,
//! `ops::network::pooling`); this is only what a scene stores.

use serde::{Deserialize, Serialize};

use crate::core::model::conv2d::one_pair;

/// Which pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolKind {
    /// `nn.MaxPool2d`: the largest value of each window.
    Max,
    /// `nn.AvgPool2d`: each window's sum over a divisor.
    Avg,
}

impl PoolKind {
    pub const ALL: [PoolKind; 2] = [PoolKind::Max, PoolKind::Avg];
    /// The class name: `MaxPool2d`, `AvgPool2d`.
    pub fn class(self) -> &'static str {
        match self {
            PoolKind::Max => "MaxPool2d",
            PoolKind::Avg => "AvgPool2d",
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_one_pair(p: &[i64; 2]) -> bool {
    *p == [1, 1]
}

/// A pool layer's arguments, per axis `[height, width]`. In a scene's JSON
/// a pool layer is told from a conv layer by its `pool` field (`"max"` or
/// `"avg"`); a conv layer's JSON is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolArgs {
    pub pool: PoolKind,
    pub kernel_size: [i64; 2],
    /// `None`: the kernel size (PyTorch's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stride: Option<[i64; 2]>,
    #[serde(default)]
    pub padding: [i64; 2],
    /// `MaxPool2d` only (an average pool has no dilation).
    #[serde(default = "one_pair", skip_serializing_if = "is_one_pair")]
    pub dilation: [i64; 2],
    #[serde(default)]
    pub ceil_mode: bool,
    /// `AvgPool2d` only: whether the padding counts in the divisor.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub count_include_pad: bool,
    /// `AvgPool2d` only: divide by this instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divisor_override: Option<i64>,
}

impl PoolArgs {
    /// `nn.MaxPool2d(kernel)` or `nn.AvgPool2d(kernel)`, every other
    /// argument at PyTorch's default.
    pub fn new(pool: PoolKind, kernel: [i64; 2]) -> PoolArgs {
        PoolArgs {
            pool,
            kernel_size: kernel,
            stride: None,
            padding: [0, 0],
            dilation: [1, 1],
            ceil_mode: false,
            count_include_pad: true,
            divisor_override: None,
        }
    }

    /// The stride as PyTorch uses it: the kernel size when not given.
    pub fn stride_used(&self) -> [i64; 2] {
        self.stride.unwrap_or(self.kernel_size)
    }

    /// The dilation as PyTorch uses it: an average pool has none.
    pub fn dilation_used(&self) -> [i64; 2] {
        match self.pool {
            PoolKind::Max => self.dilation,
            PoolKind::Avg => [1, 1],
        }
    }

    /// The padding in a few words, for the border sentence.
    pub fn padding_words(&self) -> String {
        let [h, w] = self.padding;
        let fill = match self.pool {
            PoolKind::Max => "-inf",
            PoolKind::Avg => "zeros",
        };
        let ceil = if self.ceil_mode { " ceil_mode" } else { "" };
        if h == 0 && w == 0 {
            format!("padding=0{ceil}")
        } else {
            format!("padding=({h}, {w}) {fill}{ceil}")
        }
    }
}
