//! Refusals as values: which rule broke, with its numbers.
//!
//! Every variant knows three things: the numbers of the broken rule (its
//! fields), a plain-language explanation for a student, and the message the
//! reference (PyTorch or SciPy) prints for the same configuration, so the UI
//! can show "PyTorch would say: ...".

use std::fmt;

pub use crate::core::engine::transpose::error::TransposeError;

/// Which library's rules a refusal comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    PyTorch,
    SciPy,
    /// Not a rule of the reference: a limit of this app or a broken file.
    ConvLab,
}

impl Reference {
    pub fn name(self) -> &'static str {
        match self {
            Reference::PyTorch => "PyTorch",
            Reference::SciPy => "SciPy",
            Reference::ConvLab => "ConvLab",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConvError {
    /// The JSON is not a scene (malformed, truncated, wrong types, ragged).
    Decode {
        detail: String,
    },
    /// A size beyond the app's documented caps (see `limits`).
    TooLarge {
        what: &'static str,
        size: usize,
        cap: usize,
    },
    /// `groups <= 0` in `F.conv2d`.
    NonPositiveGroups {
        groups: i64,
    },
    /// `groups <= 0` in the `nn.Conv2d` constructor.
    GroupsNotPositiveInteger {
        groups: i64,
    },
    NegativePadding {
        padding: [i64; 2],
    },
    NonPositiveStride {
        stride: [i64; 2],
    },
    NonPositiveDilation {
        dilation: [i64; 2],
    },
    /// `nn.Conv2d(in_channels, ...)` with `in_channels % groups != 0`.
    InChannelsNotDivisible {
        in_channels: usize,
        groups: i64,
    },
    /// `nn.Conv2d(..., out_channels, ...)` with `out_channels % groups != 0`.
    OutChannelsNotDivisible {
        out_channels: usize,
        groups: i64,
    },
    /// `padding="same"` with a stride other than 1.
    SameWithStride {
        stride: [i64; 2],
    },
    /// Fewer filters than groups.
    WeightLessThanGroups {
        groups: i64,
        weight: [usize; 4],
    },
    /// Filters not divisible by groups.
    WeightNotDivisible {
        groups: i64,
        weight: [usize; 4],
    },
    /// The input's channels are not `weight[1] * groups`.
    ChannelMismatch {
        groups: i64,
        weight: [usize; 4],
        /// The input as the check sees it (padded where PyTorch pads first).
        input: [usize; 4],
        expected: usize,
    },
    BiasMismatch {
        weight: [usize; 4],
        bias_len: usize,
    },
    /// The dilated kernel does not fit in the padded input.
    KernelTooLarge {
        padded: [usize; 2],
        kernel: [usize; 2],
    },
    /// `reflect` padding must be smaller than the side it mirrors.
    ReflectPadTooLarge {
        /// PyTorch's argument number: 4 for the width pads, 6 for the height.
        argument: u8,
        pads: [usize; 2],
        dim: u8,
        input: [usize; 4],
    },
    /// `circular` padding may wrap around at most once.
    CircularPadTooLarge {
        pad: usize,
        size: usize,
    },
    /// SciPy's `valid` mode with neither input at least as large as the other.
    ValidModeSizes {
        in1: [usize; 2],
        in2: [usize; 2],
    },
    /// A stack of layers (`torch.sequential`) asked for as one convolution:
    /// it has no single plan and opens in the stack view instead.
    StackNotOneConv {
        layers: usize,
    },
    /// A rule only `conv_transpose2d` has (see `transpose::TransposeError`).
    Transpose(TransposeError),
}

impl ConvError {
    pub fn reference(&self) -> Reference {
        use ConvError::*;
        match self {
            Decode { .. } | TooLarge { .. } | StackNotOneConv { .. } => Reference::ConvLab,
            Transpose(t) if !t.is_reference_rule() => Reference::ConvLab,
            ValidModeSizes { .. } => Reference::SciPy,
            _ => Reference::PyTorch,
        }
    }

    /// A short name of the broken rule, for headings and tests.
    pub fn rule(&self) -> &'static str {
        use ConvError::*;
        match self {
            Decode { .. } => "not a scene",
            TooLarge { .. } => "too large to show",
            NonPositiveGroups { .. } | GroupsNotPositiveInteger { .. } => "groups must be positive",
            NegativePadding { .. } => "padding must not be negative",
            NonPositiveStride { .. } => "stride must be positive",
            NonPositiveDilation { .. } => "dilation must be positive",
            InChannelsNotDivisible { .. } => "groups must divide the input channels",
            OutChannelsNotDivisible { .. } => "groups must divide the output channels",
            SameWithStride { .. } => "padding='same' needs stride 1",
            WeightLessThanGroups { .. } => "at least one filter per group",
            WeightNotDivisible { .. } => "groups must divide the filters",
            ChannelMismatch { .. } => "input channels must equal C_in/groups x groups",
            BiasMismatch { .. } => "one bias per output channel",
            KernelTooLarge { .. } => "kernel larger than the padded input",
            ReflectPadTooLarge { .. } => "reflect padding must be smaller than the input",
            CircularPadTooLarge { .. } => "circular padding may wrap only once",
            ValidModeSizes { .. } => "'valid' needs one input to contain the other",
            StackNotOneConv { .. } => "a stack opens in the stack view",
            Transpose(t) => t.rule(),
        }
    }

    /// What went wrong, in words for a student.
    pub fn explanation(&self) -> String {
        use ConvError::*;
        match self {
            Decode { detail } => format!("This is not a ConvLab scene: {detail}."),
            TooLarge { what, size, cap } => format!(
                "The {what} would have {size} elements; ConvLab draws at most {cap}. Make it smaller."
            ),
            NonPositiveGroups { groups } | GroupsNotPositiveInteger { groups } => format!(
                "groups={groups}: the channels are split into `groups` blocks, so it must be at least 1."
            ),
            NegativePadding { padding } => format!(
                "padding={padding:?}: padding adds rows and columns around the input; it cannot remove them."
            ),
            NonPositiveStride { stride } => format!(
                "stride={stride:?}: the kernel must move at least one cell per step."
            ),
            NonPositiveDilation { dilation } => format!(
                "dilation={dilation:?}: the gap between kernel taps must be at least 1 (1 means no gap)."
            ),
            InChannelsNotDivisible { in_channels, groups } => format!(
                "With groups={groups} the {in_channels} input channels must split into {groups} equal blocks, \
                 but {in_channels} is not a multiple of {groups}."
            ),
            OutChannelsNotDivisible { out_channels, groups } => format!(
                "With groups={groups} the {out_channels} output channels must split into {groups} equal blocks, \
                 but {out_channels} is not a multiple of {groups}."
            ),
            SameWithStride { stride } => format!(
                "padding='same' keeps the output as large as the input, which only works when the kernel \
                 moves one cell at a time; the stride is {stride:?}."
            ),
            WeightLessThanGroups { groups, weight } => format!(
                "With groups={groups} every group needs at least one filter, but the weight has only {} \
                 (its axis 0 is C_out={}).",
                weight[0], weight[0]
            ),
            WeightNotDivisible { groups, weight } => format!(
                "With groups={groups} the {} filters (C_out) must split into {groups} equal blocks, \
                 but {} is not a multiple of {groups}.",
                weight[0], weight[0]
            ),
            ChannelMismatch { groups, weight, input, expected } => format!(
                "Each filter reads C_in/groups={} channels and there are groups={groups}, so the input \
                 needs {expected} channels, but it has {}.",
                weight[1], input[1]
            ),
            BiasMismatch { weight, bias_len } => format!(
                "There is one bias value per output channel: {} expected, {bias_len} given.",
                weight[0]
            ),
            KernelTooLarge { padded, kernel } => format!(
                "The kernel covers {}x{} cells (after dilation) but the padded input is only {}x{}: \
                 there is no position where it fits. Pad more or use a smaller kernel.",
                kernel[0], kernel[1], padded[0], padded[1]
            ),
            ReflectPadTooLarge { pads, input, dim, .. } => format!(
                "'reflect' mirrors the input without repeating its edge, so it can add at most {} cells \
                 on that side; padding {:?} on a side of {} is too much.",
                input[*dim as usize] - 1,
                pads,
                input[*dim as usize]
            ),
            CircularPadTooLarge { pad, size } => format!(
                "'circular' wraps the input around; a padding of {pad} on a side of {size} would wrap \
                 around more than once."
            ),
            ValidModeSizes { in1, in2 } => format!(
                "'valid' keeps only positions where one array lies wholly inside the other, but {}x{} \
                 and {}x{} do not contain each other.",
                in1[0], in1[1], in2[0], in2[1]
            ),
            StackNotOneConv { layers } => format!(
                "This scene is a stack of {layers} conv2d layer{} (nn.Sequential), not a single \
                 convolution: a stack opens in the stack view, which steps through it one layer at a time.",
                if *layers == 1 { "" } else { "s" }
            ),
            Transpose(t) => t.explanation(),
        }
    }

    /// The first line the reference prints for this configuration, when the
    /// reference itself refuses it.
    pub fn reference_message(&self) -> Option<String> {
        use ConvError::*;
        Some(match self {
            Decode { .. } | TooLarge { .. } | StackNotOneConv { .. } => return None,
            NonPositiveGroups { .. } => "non-positive groups is not supported".into(),
            GroupsNotPositiveInteger { .. } => "groups must be a positive integer".into(),
            NegativePadding { .. } => "negative padding is not supported".into(),
            NonPositiveStride { .. } => "non-positive stride is not supported".into(),
            NonPositiveDilation { .. } => "dilation should be greater than zero".into(),
            InChannelsNotDivisible { .. } => "in_channels must be divisible by groups".into(),
            OutChannelsNotDivisible { .. } => "out_channels must be divisible by groups".into(),
            SameWithStride { .. } => {
                "padding='same' is not supported for strided convolutions".into()
            }
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
            ChannelMismatch { groups, weight, input, expected } => format!(
                "Given groups={groups}, weight of size {}, expected input{} to have {expected} channels, \
                 but got {} channels instead",
                dims(weight),
                dims(input),
                input[1]
            ),
            BiasMismatch { weight, bias_len } => format!(
                "Given weight of size {}, expected bias to be 1-dimensional with {} elements, \
                 but got bias of size [{bias_len}] instead",
                dims(weight),
                weight[0]
            ),
            KernelTooLarge { padded, kernel } => format!(
                "Calculated padded input size per channel: ({} x {}). Kernel size: ({} x {}). \
                 Kernel size can't be greater than actual input size",
                padded[0], padded[1], kernel[0], kernel[1]
            ),
            ReflectPadTooLarge { argument, pads, dim, input } => format!(
                "Argument #{argument}: Padding size should be less than the corresponding input dimension, \
                 but got: padding ({}, {}) at dimension {dim} of input {}",
                pads[0],
                pads[1],
                dims(input)
            ),
            CircularPadTooLarge { .. } => "Padding value causes wrapping around more than once.".into(),
            ValidModeSizes { .. } => {
                "For 'valid' mode, one must be at least as large as the other in every dimension".into()
            }
            Transpose(t) => return t.reference_message(),
        })
    }
}

/// `[3, 1, 3, 3]`, as PyTorch prints a size.
fn dims(d: &[usize]) -> String {
    let parts: Vec<String> = d.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(", "))
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.explanation())?;
        if let Some(m) = self.reference_message() {
            write!(f, " ({} would say: {m})", self.reference().name())?;
        }
        Ok(())
    }
}

impl std::error::Error for ConvError {}
