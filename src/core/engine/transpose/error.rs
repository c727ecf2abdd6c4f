//! The rules only `conv_transpose2d` has, with their numbers, PyTorch's
//! exact message and an explanation for a student. They reach the UI as
//! [`ConvError::Transpose`](crate::core::ConvError::Transpose); the rules
//! shared with conv2d (groups, padding, stride, dilation) keep their
//! conv2d variants.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub enum TransposeError {
    /// `output_padding` below zero.
    NegativeOutputPadding { output_padding: [i64; 2] },
    /// Fewer weight slices (axis 0, `C_in`) than groups.
    WeightLessThanGroups { groups: i64, weight: [usize; 4] },
    /// Weight slices (axis 0, `C_in`) not divisible by groups.
    WeightNotDivisible { groups: i64, weight: [usize; 4] },
    /// The input's channels are not the weight's axis 0.
    ChannelMismatch {
        weight: [usize; 4],
        input: [usize; 4],
    },
    /// The bias does not have `weight[1] * groups` values.
    BiasMismatch {
        weight: [usize; 4],
        groups: i64,
        bias_len: usize,
    },
    /// A dilation of 0 (negative ones are refused earlier, with conv2d's words).
    ZeroDilation { dilation: [i64; 2] },
    /// Along some axis, `output_padding` is neither below the stride nor below the dilation.
    OutputPaddingTooLarge {
        output_padding: [i64; 2],
        stride: [i64; 2],
        dilation: [i64; 2],
    },
    /// The formula gives fewer than one row or column.
    OutputTooSmall { input: [usize; 2], output: [i64; 2] },
    /// `output_size` with neither 2 nor 4 numbers.
    OutputSizeLength { got: usize },
    /// `output_size` outside what some output padding can reach.
    OutputSizeOutOfRange {
        requested: Vec<i64>,
        min: [i64; 2],
        max: [i64; 2],
        input: [usize; 2],
    },
    /// "Undo this shape" asked of a scene that is not a `torch.conv2d`.
    UndoNeedsConv2d,
    /// "Undo this shape" of a conv2d padded unequally (`padding='same'`
    /// with an even kernel): `ConvTranspose2d` pads both sides equally.
    UndoUnequalPadding { pads: [usize; 4] },
}

fn dims<T: std::fmt::Display>(d: &[T]) -> String {
    let parts: Vec<String> = d.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

impl TransposeError {
    pub fn rule(&self) -> &'static str {
        use TransposeError::*;
        match self {
            NegativeOutputPadding { .. } => "output_padding must not be negative",
            WeightLessThanGroups { .. } => "at least one weight slice per group",
            WeightNotDivisible { .. } => "groups must divide the weight's C_in",
            ChannelMismatch { .. } => "input channels must equal the weight's C_in",
            BiasMismatch { .. } => "one bias per output channel",
            ZeroDilation { .. } => "dilation must be positive",
            OutputPaddingTooLarge { .. } => "output_padding must be below stride or dilation",
            OutputTooSmall { .. } => "output smaller than one cell",
            OutputSizeLength { .. } => "output_size needs 2 or 4 numbers",
            OutputSizeOutOfRange { .. } => "output_size out of the reachable range",
            UndoNeedsConv2d => "only a conv2d's shape can be undone",
            UndoUnequalPadding { .. } => "ConvTranspose2d pads both sides equally",
        }
    }

    pub fn explanation(&self) -> String {
        use TransposeError::*;
        match self {
            NegativeOutputPadding { output_padding } => format!(
                "output_padding={output_padding:?}: it adds rows and columns at the bottom and right of the output; \
                 it cannot remove them."
            ),
            WeightLessThanGroups { groups, weight } => format!(
                "With groups={groups} every group needs at least one input channel, but the weight's axis 0 \
                 (C_in for a transposed convolution) is only {}.",
                weight[0]
            ),
            WeightNotDivisible { groups, weight } => format!(
                "With groups={groups} the weight's axis 0 (C_in={}) must split into {groups} equal blocks, \
                 but {} is not a multiple of {groups}.",
                weight[0], weight[0]
            ),
            ChannelMismatch { weight, input } => format!(
                "A transposed convolution's weight is [C_in][C_out/groups][kH][kW]: its axis 0 says the input \
                 has {} channels, but it has {}. (conv2d's weight has these two axes the other way round.)",
                weight[0], input[1]
            ),
            BiasMismatch { weight, groups, bias_len } => format!(
                "There is one bias value per output channel, C_out = weight[1] x groups = {} x {groups} = {}; \
                 {bias_len} given.",
                weight[1],
                weight[1] as i128 * *groups as i128
            ),
            ZeroDilation { dilation } => format!(
                "dilation={dilation:?}: the gap between kernel taps must be at least 1 (1 means no gap)."
            ),
            OutputPaddingTooLarge { output_padding, stride, dilation } => format!(
                "output_padding={output_padding:?} adds rows/columns that no input cell reaches. It only picks one \
                 of the sizes a strided conv2d maps to the same output, so along each axis it must be smaller \
                 than the stride {stride:?} or the dilation {dilation:?}."
            ),
            OutputTooSmall { input, output } => format!(
                "(H - 1) x stride - 2 x padding + dilation x (k - 1) + output_padding + 1 gives {} x {} for an \
                 input of {} x {}: the padding crops away more than the stamps cover. Use less padding.",
                output[0], output[1], input[0], input[1]
            ),
            OutputSizeLength { got } => format!(
                "output_size is [H_out, W_out] (or [N, C_out, H_out, W_out]); {got} numbers given."
            ),
            OutputSizeOutOfRange { requested, min, max, .. } => format!(
                "Requested {}: with these settings the output can only be {} x {} up to {} x {} (the sizes that \
                 output_padding 0 to stride - 1 give).",
                dims(requested),
                min[0],
                min[1],
                max[0],
                max[1]
            ),
            UndoNeedsConv2d => "Undo this shape builds a ConvTranspose2d from a torch.conv2d scene; \
                                this scene is not one."
                .into(),
            UndoUnequalPadding { pads } => format!(
                "This conv2d pads top/bottom {}/{} and left/right {}/{} (padding='same' with an even \
                 kernel). ConvTranspose2d's padding is the same on both sides, so no output_padding \
                 can give back exactly this shape.",
                pads[0], pads[1], pads[2], pads[3]
            ),
        }
    }

    /// Whether PyTorch itself refuses this (the two "undo" ones are ConvLab's).
    pub fn is_reference_rule(&self) -> bool {
        !matches!(
            self,
            TransposeError::UndoNeedsConv2d | TransposeError::UndoUnequalPadding { .. }
        )
    }

    /// The message PyTorch 2.x prints for the same configuration.
    pub fn reference_message(&self) -> Option<String> {
        use TransposeError::*;
        Some(match self {
            UndoNeedsConv2d | UndoUnequalPadding { .. } => return None,
            NegativeOutputPadding { .. } => "negative output_padding is not supported".into(),
            WeightLessThanGroups { groups, weight } => format!(
                "Given groups={groups}, expected weight to be at least {groups} at dimension 0, \
                 but got weight of size {} instead",
                dims(weight)
            ),
            WeightNotDivisible { groups, weight } => format!(
                "Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, \
                 but got weight of size [{}] instead",
                dims(weight)
            ),
            ChannelMismatch { weight, input } => format!(
                "Given transposed=1, weight of size {}, expected input{} to have {} channels, \
                 but got {} channels instead",
                dims(weight),
                dims(input),
                weight[0],
                input[1]
            ),
            BiasMismatch { weight, groups, bias_len } => format!(
                "Given transposed=1, weight of size {}, expected bias to be 1-dimensional with {} elements, \
                 but got bias of size [{bias_len}] instead",
                dims(weight),
                weight[1] as i128 * *groups as i128
            ),
            ZeroDilation { dilation } => format!(
                "dilation should be greater than zero, but got dilation_height: {}, dilation_width: {}",
                dilation[0], dilation[1]
            ),
            OutputPaddingTooLarge { output_padding: o, stride: s, dilation: d } => format!(
                "output padding must be smaller than either stride or dilation, but got \
                 output_padding_height: {} output_padding_width: {} stride_height: {} stride_width: {} \
                 dilation_height: {} dilation_width: {}",
                o[0], o[1], s[0], s[1], d[0], d[1]
            ),
            OutputTooSmall { input, output } => format!(
                "Given input size per channel: ({} x {}). Calculated output size per channel: ({} x {}). \
                 Output size is too small",
                input[0], input[1], output[0], output[1]
            ),
            OutputSizeLength { got } => format!(
                "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got {got})"
            ),
            OutputSizeOutOfRange { requested, min, max, input } => {
                let mut m = String::new();
                let _ = write!(
                    m,
                    "requested an output size of {}, but valid sizes range from {} to {} \
                     (for an input of torch.Size({}))",
                    dims(requested),
                    dims(min),
                    dims(max),
                    dims(input)
                );
                m
            }
        })
    }
}
