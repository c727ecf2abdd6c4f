//! The app's size caps. A scene beyond them is refused with
//! [`ConvError::TooLarge`](super::ConvError::TooLarge) before anything of
//! that size is allocated. They are far above what a lesson needs (an
//! image-sized `1x3x256x256` input with sixteen 3x3 filters fits easily)
//! and low enough that a browser tab stays responsive.

/// Elements of the input, of the padded input and of the output (so also
/// the number of animation frames).
pub const MAX_ELEMENTS: usize = 1 << 22;
/// Elements of the weight.
pub const MAX_WEIGHT: usize = 1 << 20;
/// Multiply-adds one output value needs (kernel taps times input channels
/// of a group): the cost of one frame.
pub const MAX_FRAME_TAPS: usize = 1 << 16;
/// Multiply-adds of the whole output.
pub const MAX_MACS: usize = 1 << 28;

/// Largest sizes the editor offers (far below the engine's caps, so that
/// every grid still fits on a screen).
pub const EDIT_MAX_BATCH: usize = 4;
pub const EDIT_MAX_CHANNELS: usize = 64;
pub const EDIT_MAX_SIDE: usize = 32;
pub const EDIT_MAX_KERNEL: usize = 9;

/// Most layers a stack may have.
pub const MAX_LAYERS: usize = 8;
