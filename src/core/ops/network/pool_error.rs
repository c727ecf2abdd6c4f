//! A pool's refusals as values, with PyTorch's first line for each and a
//! plain explanation.

/// A pool's refusal: which rule, with its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolError {
    /// `max_pool2d` on a tensor that is not 3-D or 4-D.
    MaxRank,
    /// `avg_pool2d` on a tensor of fewer than 3 dimensions (it reads axis -3).
    AvgRank {
        rank: usize,
    },
    /// A 5-D input, or a 3-D/4-D one with an empty non-batch axis.
    NotImage {
        shape: Vec<i64>,
    },
    StrideZero,
    NegativePad {
        pad: i64,
    },
    /// Padding beyond half the dilated kernel.
    PadOverHalf {
        pad: i64,
        kernel: i64,
        dilation: i64,
    },
    /// Padding beyond half the kernel itself (checked after the dilated rule).
    PadOverHalfKernel {
        pad: [i64; 2],
        kernel: [i64; 2],
    },
    KernelNotPositive {
        kernel: [i64; 2],
    },
    StrideNotPositive {
        stride: [i64; 2],
    },
    DilationNotPositive {
        dilation: [i64; 2],
    },
    DivisorZero,
    /// Fewer than one row or column out.
    OutputTooSmall {
        planes: i64,
        input: [i64; 2],
        output: [i64; 2],
    },
    /// `AdaptiveXPool2d(None)`.
    AdaptiveNone,
    /// A pair `output_size` on a tensor of fewer than 3 dimensions.
    AdaptiveShortInput,
    AdaptiveRank {
        max: bool,
        shape: Vec<i64>,
    },
    /// `AdaptiveAvgPool2d(1)` on a 1-D tensor (it averages axes -1 and -2).
    AdaptiveMeanRank,
    AdaptiveNegative {
        max: bool,
        size: [i64; 2],
        output: Vec<i64>,
    },
    AdaptiveEmpty {
        max: bool,
        shape: Vec<i64>,
        dim: usize,
    },
    /// More values than ConvLab computes (not a rule of PyTorch's).
    TooLarge {
        elements: u128,
    },
}

pub(crate) fn dims(d: &[i64]) -> String {
    let parts: Vec<String> = d.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(", "))
}

impl PoolError {
    /// The first line PyTorch prints.
    pub fn message(&self) -> String {
        use PoolError::*;
        let name = |max: bool| {
            if max {
                "adaptive_max_pool2d"
            } else {
                "adaptive_avg_pool2d"
            }
        };
        match self {
            MaxRank => "non-empty 3D or 4D (batch mode) tensor expected for input".into(),
            AvgRank { rank } => format!(
                "Dimension out of range (expected to be in range of [-{rank}, {}], but got -3)",
                rank - 1
            ),
            NotImage { shape } => format!(
                "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:{}",
                dims(shape)
            ),
            StrideZero => "stride should not be zero".into(),
            NegativePad { pad } => format!("pad must be non-negative, but got pad: {pad}"),
            PadOverHalf { pad, kernel, dilation } => format!(
                "pad should be at most half of effective kernel size, but got pad={pad}, kernel_size={kernel} and dilation={dilation}"
            ),
            PadOverHalfKernel { pad, kernel } => format!(
                "pad should be smaller than or equal to half of kernel size, but got padW = {}, padH = {}, kW = {}, kH = {}",
                pad[1], pad[0], kernel[1], kernel[0]
            ),
            KernelNotPositive { kernel } => format!(
                "kernel size should be greater than zero, but got kH: {} kW: {}",
                kernel[0], kernel[1]
            ),
            StrideNotPositive { stride } => format!(
                "stride should be greater than zero, but got dH: {} dW: {}",
                stride[0], stride[1]
            ),
            DilationNotPositive { dilation } => format!(
                "dilation should be greater than zero, but got dilationH: {} dilationW: {}",
                dilation[0], dilation[1]
            ),
            DivisorZero => "divisor must be not zero".into(),
            OutputTooSmall { planes, input, output } => format!(
                "Given input size: ({planes}x{}x{}). Calculated output size: ({planes}x{}x{}). Output size is too small",
                input[0], input[1], output[0], output[1]
            ),
            AdaptiveNone => "object of type 'NoneType' has no len()".into(),
            AdaptiveShortInput => "Input dimension should be at least 3".into(),
            AdaptiveRank { max, shape } => format!(
                "{}(): Expected 3D or 4D tensor, but got{} {}",
                name(*max),
                if *max { ":" } else { "" },
                dims(shape)
            ),
            AdaptiveMeanRank => {
                "Dimension out of range (expected to be in range of [-1, 0], but got -2)".into()
            }
            AdaptiveNegative { max: false, size, .. } => format!(
                "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {{{}, {}}}",
                size[0], size[1]
            ),
            TooLarge { elements } => format!("ConvLab computes at most 16777216 pooled values, not {elements}"),
            AdaptiveNegative { max: true, output, .. } => format!(
                "Trying to create tensor with negative dimension {}: {}",
                output.iter().find(|v| **v < 0).copied().unwrap_or(-1),
                dims(output)
            ),
            AdaptiveEmpty { max, shape, dim } => format!(
                "{}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes {} with dimension {dim} being empty",
                name(*max),
                dims(shape)
            ),
        }
    }

    /// What went wrong, for a student.
    pub fn explanation(&self) -> String {
        use PoolError::*;
        match self {
            MaxRank | AvgRank { .. } | NotImage { .. } | AdaptiveRank { .. } | AdaptiveShortInput
            | AdaptiveMeanRank => {
                "A 2-D pool slides over the last two axes of a [C, H, W] or [N, C, H, W] tensor; \
                 this tensor does not have that shape (was it flattened already?)."
                    .into()
            }
            StrideZero | StrideNotPositive { .. } => "The window must move at least one cell per step.".into(),
            NegativePad { .. } => "Padding adds cells around the map; it cannot be negative.".into(),
            PadOverHalf { pad, kernel, dilation } => format!(
                "A pool pads at most half its window on each side, so that every window still covers \
                 a real cell: the window spans {} cells, so the padding may be at most {}, not {pad}.",
                (kernel - 1) * dilation + 1,
                ((kernel - 1) * dilation + 1) / 2
            ),
            PadOverHalfKernel { .. } => "The padding may be at most half the kernel size.".into(),
            KernelNotPositive { .. } => "The window must be at least 1 x 1.".into(),
            DilationNotPositive { .. } => "The gap between window taps must be at least 1.".into(),
            DivisorZero => "divisor_override divides every window's sum; it cannot be 0.".into(),
            OutputTooSmall { input, output, .. } => format!(
                "The map is {} x {} here, too small for this window: the formula gives {} x {} \
                 outputs. Use a smaller window or stride, or pool less earlier.",
                input[0], input[1], output[0], output[1]
            ),
            AdaptiveNone => "output_size=None keeps both axes; write (None, None) for that.".into(),
            AdaptiveNegative { .. } => "An output size cannot be negative.".into(),
            AdaptiveEmpty { .. } => "An adaptive pool needs at least one cell to pool.".into(),
            TooLarge { .. } => "This output is larger than ConvLab computes.".into(),
        }
    }
}
