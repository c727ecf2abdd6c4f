//! What a lesson's words claim about its scene beyond the numbers its facts
//! quote: "mirrored", "as it is", "PyTorch refuses", "the outputs agree".
//! Each step lists its claims; `tests/lesson_claims.rs` checks every one
//! against the engine, so words and numbers cannot drift apart.

use crate::core::model::edit::Target;
use crate::core::model::scene::{Op, Padding, PaddingMode, Scene};

/// Which framing of a scene a claim is about: the compare view's sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The kernel rotated by 180 degrees: `convolve2d`.
    Convolution,
    /// The kernel as it is: `correlate2d`, PyTorch's `conv2d`.
    CrossCorrelation,
}

/// A setting of the scene, read from the scene as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    InChannels,
    OutChannels,
    Groups,
    /// `kH` (and `kW`, which must equal it).
    Kernel,
    Stride,
    Padding,
    OutputPadding,
    Dilation,
    /// A stack's layer count.
    Layers,
}

/// A change a lesson asks the person to make ("Set groups to 16").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A conv2d's `C_out`.
    OutChannels(usize),
    Groups(i64),
    /// Stride of a transposed convolution.
    Stride(i64),
    /// `kH` and `kW` of a transposed convolution.
    Kernel(usize),
    /// Remove a stack's last layer.
    RemoveLastLayer,
    /// `padding=(p, p)` on a stack's last layer.
    LastPadding(i64),
    /// The dilation of a stack's last layer.
    LastDilation(i64),
    /// Every layer of a stack pads this way.
    PaddingMode(PaddingMode),
}

impl Edit {
    /// The scene after the edit, made as the editors make it.
    pub fn apply(self, scene: &Scene) -> Scene {
        let mut s = scene.clone();
        match self {
            Edit::OutChannels(o) => {
                let [_, cg, kh, kw] = s.dim(Target::Kernel);
                s.resize(Target::Kernel, [o, cg, kh, kw]);
            }
            Edit::Groups(g) => s.set_groups(g),
            Edit::Kernel(k) => {
                let [a, b, _, _] = s.dim(Target::Kernel);
                s.resize(Target::Kernel, [a, b, k, k]);
            }
            Edit::Stride(v) => {
                if let Op::Transpose(t) = &mut s.op {
                    t.stride = [v, v];
                }
            }
            Edit::RemoveLastLayer => {
                s.edit_stack(|st| st.remove_layer(st.layers.len().saturating_sub(1)))
            }
            Edit::LastPadding(p) | Edit::LastDilation(p) => s.edit_stack(|st| {
                if let Some(l) = st.layers.last_mut().and_then(|l| l.as_conv_mut()) {
                    match self {
                        Edit::LastPadding(_) => l.padding = Padding::Explicit([p, p]),
                        _ => l.dilation = [p, p],
                    }
                }
            }),
            Edit::PaddingMode(m) => s.edit_stack(|st| {
                for l in st.layers.iter_mut().filter_map(|l| l.as_conv_mut()) {
                    l.padding_mode = m;
                }
            }),
        }
        s
    }
}

/// One claim a step's words make about its scene.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Claim {
    /// The scene's own op computes this framing: its output is that
    /// side's, and differs from the other side's.
    Computes(Side),
    /// The input is one vertical line of ones, and this side's output row
    /// copies the kernel's row (summed down its columns) as it is, or
    /// mirrored.
    Copies { side: Side, mirrored: bool },
    /// Rotating the kernel by 180 degrees negates every output value.
    FlipNegates,
    /// Output values are nonzero exactly where the window holds two
    /// different input values (an edge detector on a step).
    NonzeroWhereWindowVaries,
    /// This side's output equals step `step`'s output ("agrees with PyTorch").
    Agrees { side: Side, step: &'static str },
    /// The same input and kernel as step `step`.
    SameDataAs(&'static str),
    /// The same output as step `step`.
    SameOutputAs(&'static str),
    /// The input is step `step`'s output.
    InputIsOutputOf(&'static str),
    /// A valid pass: the output loses `k - 1` rows and columns, one ring
    /// for a 3x3 kernel.
    LosesRing,
    /// The output is as large as the input.
    KeepsSize,
    /// Invented border cells hold `value`, and exactly the outer ring of
    /// the output reads one of them.
    InventedRing { value: f64 },
    /// Invented border cells copy real ones, mirrored with the edge
    /// repeated (SciPy's `symm`).
    MirroredBorder,
    /// PyTorch refuses the scene.
    Refused,
    /// PyTorch accepts the scene.
    Accepted,
    /// A setting has this value.
    Is(Setting, usize),
    /// Every layer of a stack has these values of a setting, in order.
    PerLayer(Setting, &'static [usize]),
    /// Output channel `output` reads input channels `first..=last`.
    Reads {
        output: usize,
        first: usize,
        last: usize,
    },
    /// Every output channel reads exactly its own input channel.
    Depthwise,
    /// Every weight lies within `nn.Conv2d`'s initial bound.
    WithinInitBound,
    /// No bias.
    NoBias,
    /// Every weight is the same.
    EqualWeights,
    /// After the edit, the claim holds.
    After(Edit, &'static Claim),
    /// A transposed convolution: conv2d with the same weight and settings
    /// takes its output's size back to its input's.
    ConvUndoesShape,
    /// A transposed convolution is no inverse: conv2d with the same weight
    /// does not give its input back.
    NotAnInverse,
    /// The matrix view's matrix is the transpose of the conv2d's.
    MatrixIsTranspose,
    /// Each column of the matrix holds the kernel's values.
    ColumnsHoldKernel,
    /// Stamps cover the inner output evenly (`true`), or unevenly.
    Coverage { even: bool },
    /// The scatter framing gives the same output as the gather framing.
    ScatterIsGather,
    /// The rows and columns `output_padding` adds receive stamps.
    OutputPaddingStamped,
    /// The output is twice as large as the input.
    Doubles,
    /// No output of any layer touches the invented border.
    NoBorder,
    /// Layer `l`'s outputs touching the invented border are its outer
    /// `l + 1` rings.
    BorderRings,
    /// Every path from the last layer's cell lands on a real pixel.
    PathsKept([usize; 2]),
    /// The receptive field of the last layer's `cell` starts at the
    /// image's top-left corner.
    FieldAtCorner([usize; 2]),
    /// The receptive field of the last layer's `cell`, as large as the
    /// closed form says: whether some cell inside it gets no path (`gaps`),
    /// whether some gets more than one (`overlaps`).
    Field {
        cell: [usize; 2],
        gaps: bool,
        overlaps: bool,
    },
}
