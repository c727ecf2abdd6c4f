//! The misconceptions a wrong answer can come from. Each one is a changed
//! rule; the functions that apply it live with the rule they change
//! (`rules::*`), named after the mistake.

use crate::core::model::scene::Mode;

/// One common mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mistake {
    /// The padding left out.
    PaddingForgotten,
    /// The padding counted on one side only.
    PaddingOnce,
    /// The dilation left out: the kernel's taps taken as neighbours.
    DilationIgnored,
    /// Rounded up where the rule rounds down, or down where `ceil_mode`
    /// rounds up.
    FloorCeilSwapped,
    /// The stride applied to the whole input instead of the steps between
    /// the kernel's places (conv2d) or the input's cells (transposed).
    StrideOnInput,
    /// The window moved one cell per output cell, not `stride` cells.
    StrideIgnored,
    /// `convolve2d` (or a transposed convolution's gather) computed
    /// without rotating the kernel.
    KernelNotFlipped,
    /// `conv2d` or `correlate2d` computed with the kernel rotated.
    KernelFlipped,
    /// `groups` left out of the weight shape or the channel wiring.
    GroupsIgnored,
    /// The weight's channel axes in the other op's order.
    WeightAxesSwapped,
    /// The output has as many channels as the input.
    ChannelsFromInput,
    /// `output_padding` added at the top/left instead of the bottom/right.
    OutputPaddingWrongSide,
    /// `output_padding` added on both sides, as padding is.
    OutputPaddingTwice,
    /// `output_padding` added to the input before the stride spreads it.
    OutputPaddingOnInput,
    /// The conv2d rule used for a transposed convolution.
    ForwardRule,
    /// Receptive-field growth not multiplied by the jumps below.
    JumpsNotMultiplied,
    /// SciPy's result taken in another `mode`.
    OtherMode(Mode),
    /// A padding mode or boundary that copies cells taken as zeros (or
    /// `fillvalue` taken as 0).
    PaddingAsZeros,
    /// The bias left out.
    BiasForgotten,
    /// A pool's stride taken as 1; it defaults to the kernel size.
    PoolStrideOne,
    /// A model's layers counted from 1; `print(model)` counts from 0.
    CountedFromOne,
    /// `Flatten`'s features taken as `H·W`, without the channels.
    ChannelsForgotten,
}

impl Mistake {
    /// A stable name, for tests and the page's `data-mistake`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mistake::PaddingForgotten => "padding-forgotten",
            Mistake::PaddingOnce => "padding-once",
            Mistake::DilationIgnored => "dilation-ignored",
            Mistake::FloorCeilSwapped => "floor-ceil-swapped",
            Mistake::StrideOnInput => "stride-on-input",
            Mistake::StrideIgnored => "stride-ignored",
            Mistake::KernelNotFlipped => "kernel-not-flipped",
            Mistake::KernelFlipped => "kernel-flipped",
            Mistake::GroupsIgnored => "groups-ignored",
            Mistake::WeightAxesSwapped => "weight-axes-swapped",
            Mistake::ChannelsFromInput => "channels-from-input",
            Mistake::OutputPaddingWrongSide => "output-padding-wrong-side",
            Mistake::OutputPaddingTwice => "output-padding-twice",
            Mistake::OutputPaddingOnInput => "output-padding-on-input",
            Mistake::ForwardRule => "forward-rule",
            Mistake::JumpsNotMultiplied => "jumps-not-multiplied",
            Mistake::OtherMode(Mode::Full) => "mode-full",
            Mistake::OtherMode(Mode::Valid) => "mode-valid",
            Mistake::OtherMode(Mode::Same) => "mode-same",
            Mistake::PaddingAsZeros => "padding-as-zeros",
            Mistake::BiasForgotten => "bias-forgotten",
            Mistake::PoolStrideOne => "pool-stride-one",
            Mistake::CountedFromOne => "counted-from-one",
            Mistake::ChannelsForgotten => "channels-forgotten",
        }
    }

    /// How the wrong answer came about, to follow "what you get": "without
    /// the padding".
    pub fn how(self) -> &'static str {
        match self {
            Mistake::PaddingForgotten => "without the padding",
            Mistake::PaddingOnce => "with the padding counted on one side only",
            Mistake::DilationIgnored => "without the dilation",
            Mistake::FloorCeilSwapped => "rounding the other way",
            Mistake::StrideOnInput => "applying the stride to the whole input instead of the steps",
            Mistake::StrideIgnored => "moving the window one cell per output, without the stride",
            Mistake::KernelNotFlipped => "without flipping the kernel",
            Mistake::KernelFlipped => "flipping the kernel",
            Mistake::GroupsIgnored => "ignoring groups",
            Mistake::WeightAxesSwapped => "with the channel axes the other way round",
            Mistake::ChannelsFromInput => "keeping the input's channels",
            Mistake::OutputPaddingWrongSide => {
                "adding output_padding at the top and left instead of the bottom and right"
            }
            Mistake::OutputPaddingTwice => "adding output_padding on both sides",
            Mistake::OutputPaddingOnInput => "adding output_padding to the input",
            Mistake::ForwardRule => "with conv2d's rule, which goes the other way",
            Mistake::JumpsNotMultiplied => "without multiplying by the jumps",
            Mistake::OtherMode(Mode::Full) => "with mode='full'",
            Mistake::OtherMode(Mode::Valid) => "with mode='valid'",
            Mistake::OtherMode(Mode::Same) => "with mode='same'",
            Mistake::PaddingAsZeros => "filling the border with zeros",
            Mistake::BiasForgotten => "without the bias",
            Mistake::PoolStrideOne => "with stride 1",
            Mistake::CountedFromOne => "counting the layers from 1",
            Mistake::ChannelsForgotten => "without the channels",
        }
    }

    /// What the rule does instead, to follow with "it is": "with the
    /// padding".
    pub fn instead(self) -> &'static str {
        match self {
            Mistake::PaddingForgotten => "with the padding",
            Mistake::PaddingOnce => "with the padding on both sides",
            Mistake::DilationIgnored => "with the dilation",
            Mistake::FloorCeilSwapped => "rounding as the rule does",
            Mistake::StrideOnInput => "with the stride dividing the steps",
            Mistake::StrideIgnored => "with the stride",
            Mistake::KernelNotFlipped => "with the kernel flipped",
            Mistake::KernelFlipped => "with the kernel as it is",
            Mistake::GroupsIgnored => "with groups",
            Mistake::WeightAxesSwapped => "in this op's order",
            Mistake::ChannelsFromInput => "with one channel per filter",
            Mistake::OutputPaddingWrongSide => "with output_padding at the bottom and right",
            Mistake::OutputPaddingTwice => "with output_padding on one side",
            Mistake::OutputPaddingOnInput => "with output_padding added to the output",
            Mistake::ForwardRule => "with the transposed rule",
            Mistake::JumpsNotMultiplied => "multiplying each layer's growth by the jump below it",
            Mistake::OtherMode(_) => "in the mode asked for",
            Mistake::PaddingAsZeros => "with the border filled as asked",
            Mistake::BiasForgotten => "with the bias",
            Mistake::PoolStrideOne => "with the stride defaulting to the kernel size",
            Mistake::CountedFromOne => "counting from 0, as print(model) does",
            Mistake::ChannelsForgotten => "with the channels",
        }
    }
}

impl std::fmt::Display for Mistake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
