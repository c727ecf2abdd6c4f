//! Where a model breaks: PyTorch's refusals as values. The conv rules keep
//! the engine's own [`ConvError`] (one wording for the lab and for a
//! model), the pools have [`PoolError`]; the rest are here. Each knows
//! PyTorch's first line ([`NetError::message`]) and a plain explanation.

use crate::core::engine::error::{ConvError, Reference};
use crate::core::ops::network::layers::Num;
use crate::core::ops::network::pool_error::{dims, PoolError};

#[derive(Clone, Debug, PartialEq)]
pub enum NetError {
    /// A rule of `conv2d` / `conv_transpose2d`, in the engine's words.
    Conv(ConvError),
    Pool(PoolError),
    // When the layer is built.
    BadPaddingString {
        got: String,
    },
    BadPaddingMode {
        got: String,
    },
    /// `ConvTranspose2d` with a `padding_mode` other than zeros.
    TransposeModeNotZeros,
    /// A weight or buffer with a negative size.
    NegativeDimension {
        shape: Vec<i64>,
    },
    DropoutProbability {
        p: Num,
    },
    // When the layer runs.
    /// A conv layer given a tensor that is not 3-D or 4-D.
    ConvRank {
        transposed: bool,
        shape: Vec<i64>,
    },
    /// `reflect` padding too large on an unbatched (3-D) input.
    ReflectPad {
        argument: u8,
        pads: [i64; 2],
        dim: u8,
        input: Vec<i64>,
    },
    ZeroKernel {
        kernel: [i64; 2],
    },
    /// A zero kernel and a zero dilation at once.
    ZeroKernelList {
        kernel: [i64; 2],
    },
    ZeroDilation {
        dilation: [i64; 2],
    },
    ZeroDilationGrouped,
    /// `Linear`: the input's last axis is not `in_features`.
    MatMul {
        bias: bool,
        mat1: [i64; 2],
        mat2: [i64; 2],
    },
    BatchNormRank {
        rank: usize,
    },
    /// The input's channels against the layer's `num_features`; `buffer`
    /// is `running_mean` or `weight`.
    BatchNormChannels {
        buffer: &'static str,
        channels: i64,
        features: i64,
    },
    /// Batch statistics (track_running_stats=False) of one value each.
    BatchNormOneValue {
        shape: Vec<i64>,
    },
    DimOutOfRange {
        rank: usize,
        dim: i64,
    },
    FlattenOrder,
    GeluApproximate,
    /// A size past what ConvLab follows (not PyTorch's rule).
    TooLarge {
        what: &'static str,
        size: i64,
    },
    /// The input shape is not one ConvLab runs (not PyTorch's rule).
    BadInput {
        detail: String,
    },
}

impl NetError {
    /// Whose rule: PyTorch's, or one of ConvLab's limits.
    pub fn reference(&self) -> Reference {
        match self {
            NetError::Conv(c) => c.reference(),
            NetError::Pool(PoolError::TooLarge { .. })
            | NetError::TooLarge { .. }
            | NetError::BadInput { .. } => Reference::ConvLab,
            _ => Reference::PyTorch,
        }
    }

    /// The first line PyTorch prints (ConvLab's own words for its limits).
    pub fn message(&self) -> String {
        use NetError::*;
        match self {
            Conv(c) => c.reference_message().unwrap_or_else(|| c.explanation()),
            Pool(p) => p.message(),
            BadPaddingString { got } => format!(
                "Invalid padding string '{got}', should be one of {{'same', 'valid'}}"
            ),
            BadPaddingMode { got } => format!(
                "padding_mode must be one of {{'circular', 'reflect', 'replicate', 'zeros'}}, but got padding_mode='{got}'"
            ),
            TransposeModeNotZeros => {
                "Only \"zeros\" padding mode is supported for ConvTranspose2d".into()
            }
            NegativeDimension { shape } => format!(
                "Trying to create tensor with negative dimension {}: {}",
                shape.iter().find(|v| **v < 0).copied().unwrap_or(-1),
                dims(shape)
            ),
            DropoutProbability { p } => format!(
                "dropout probability has to be between 0 and 1, but got {}",
                crate::core::ops::network::export::py_num(*p)
            ),
            ConvRank { transposed, shape } => format!(
                "Expected 3D (unbatched) or 4D (batched) input to {}, but got input of size: {}",
                if *transposed { "conv_transpose2d" } else { "conv2d" },
                dims(shape)
            ),
            ReflectPad { argument, pads, dim, input } => format!(
                "Argument #{argument}: Padding size should be less than the corresponding input dimension, \
                 but got: padding ({}, {}) at dimension {dim} of input {}",
                pads[0],
                pads[1],
                dims(input)
            ),
            ZeroKernel { kernel } => format!(
                "kernel size should be greater than zero, but got kernel_height: {} kernel_width: {}",
                kernel[0], kernel[1]
            ),
            ZeroKernelList { kernel } => format!(
                "kernel size should be greater than zero, but got {}",
                dims(kernel)
            ),
            ZeroDilation { dilation } => format!(
                "dilation should be greater than zero, but got {}",
                dims(dilation)
            ),
            ZeroDilationGrouped => "non-positive dilation is not supported".into(),
            MatMul { bias, mat1, mat2 } => format!(
                "{}: mat1 and mat2 shapes cannot be multiplied ({}x{} and {}x{})",
                if *bias { "addmm" } else { "mm" },
                mat1[0],
                mat1[1],
                mat2[0],
                mat2[1]
            ),
            BatchNormRank { rank } => format!("expected 4D input (got {rank}D input)"),
            BatchNormChannels { buffer, channels, features } => {
                format!("{buffer} should contain {channels} elements not {features}")
            }
            BatchNormOneValue { shape } => format!(
                "Expected more than 1 value per channel when training, got input size torch.Size({})",
                dims(shape)
            ),
            DimOutOfRange { rank, dim } => format!(
                "Dimension out of range (expected to be in range of [-{rank}, {}], but got {dim})",
                *rank as i64 - 1
            ),
            FlattenOrder => "flatten() has invalid args: start_dim cannot come after end_dim".into(),
            GeluApproximate => "approximate argument must be either none or tanh.".into(),
            TooLarge { what, size } => format!(
                "ConvLab follows sizes up to 2147483647; this {what} would be {size}"
            ),
            BadInput { detail } => detail.clone(),
        }
    }

    /// What went wrong, in words for a student.
    pub fn explanation(&self) -> String {
        use NetError::*;
        match self {
            Conv(c) => c.explanation(),
            Pool(p) => p.explanation(),
            BadPaddingString { .. } => {
                "padding is a number, a pair, or one of the strings 'same' and 'valid'.".into()
            }
            BadPaddingMode { .. } => {
                "padding_mode is one of 'zeros', 'reflect', 'replicate' and 'circular'.".into()
            }
            TransposeModeNotZeros => {
                "A transposed convolution's padding crops its output; it only pads with zeros.".into()
            }
            NegativeDimension { .. } => "A layer's sizes (channels, features, kernel) cannot be negative.".into(),
            DropoutProbability { .. } => "p is the chance to drop a value: between 0 and 1.".into(),
            ConvRank { shape, .. } => format!(
                "A 2-D convolution needs [C, H, W] or [N, C, H, W]; it got {} axes ({}).",
                shape.len(),
                dims(shape)
            ),
            ReflectPad { .. } => {
                "'reflect' mirrors the input without repeating its edge, so the padding must be smaller than the side."
                    .into()
            }
            ZeroKernel { .. } | ZeroKernelList { .. } => "A kernel must be at least 1 x 1.".into(),
            ZeroDilation { .. } | ZeroDilationGrouped => {
                "The gap between kernel taps must be at least 1 (1 means no gap).".into()
            }
            MatMul { mat1, mat2, .. } => format!(
                "Linear multiplies the input's last axis ({} values) by a {} x {} matrix: they must \
                 agree, but the layer was made for {} inputs.",
                mat1[1], mat2[0], mat2[1], mat2[0]
            ),
            BatchNormRank { rank } => format!(
                "BatchNorm2d normalises each channel of an [N, C, H, W] tensor; this one has {rank} axes."
            ),
            BatchNormChannels { channels, features, .. } => format!(
                "BatchNorm2d keeps one mean and variance per channel: it was made for {features} \
                 channels, but {channels} arrive."
            ),
            BatchNormOneValue { .. } => {
                "Without running statistics BatchNorm2d uses the batch's own, which needs more than one value per channel."
                    .into()
            }
            DimOutOfRange { rank, dim } => format!(
                "Axis {dim} does not exist in a tensor of {rank} axes."
            ),
            FlattenOrder => "start_dim must not come after end_dim.".into(),
            GeluApproximate => "approximate is 'none' or 'tanh'.".into(),
            TooLarge { .. } => "This size is larger than ConvLab follows.".into(),
            BadInput { detail } => detail.clone(),
        }
    }
}
