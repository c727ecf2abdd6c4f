//! Section 10, "Deep stacks": the scenes and words of its steps. The
//! scenes are ordinary `torch.sequential` scenes; `tests/stack.rs` checks
//! every number the words claim against the oracle.

use ndarray::Array4;

use crate::core::content::lessons::claim::{Claim, Edit, Setting};
use crate::core::content::lessons::step::{lazy, Extra, LessonStep, MakeScene};
use crate::core::content::presets::{as_nchw, edge_kernel, step_edge};
use crate::core::model::edit::{Pattern, Target};
use crate::core::model::init::conv_init;
use crate::core::model::scene::{Conv2dArgs, Padding, PaddingMode, Scene};
use crate::core::ops::stack::{StackLayer, StackScene};

/// The lecture's step edge through `passes` layers of the `[-1 0 1]` kernel.
pub fn step_edge_stack(passes: usize, padding: Padding, mode: PaddingMode) -> Scene {
    let layer = StackLayer::Conv(Conv2dArgs {
        padding_mode: mode,
        ..Conv2dArgs::new(as_nchw(&edge_kernel()), padding)
    });
    StackScene::new(as_nchw(&step_edge()), vec![layer; passes]).scene()
}

/// Three `valid` passes: 8x8, 6x6, 4x4, 2x2.
pub fn valid_x3() -> Scene {
    step_edge_stack(3, Padding::VALID, PaddingMode::Zeros)
}

/// Four `valid` passes: PyTorch refuses layer 3, where 3x3 meets 2x2.
pub fn valid_x4() -> Scene {
    step_edge_stack(4, Padding::VALID, PaddingMode::Zeros)
}

/// Four `same` passes: 8x8 throughout, the invented border growing to 64 of 64.
pub fn same_x4() -> Scene {
    step_edge_stack(4, Padding::SAME, PaddingMode::Zeros)
}

/// Three passes with `padding=1` and this mode (`reflect` or `zeros`).
pub fn padded_x3(mode: PaddingMode) -> Scene {
    step_edge_stack(3, Padding::Explicit([1, 1]), mode)
}

/// 2x2 kernels of ones with dilation 1, 2 and 4 on a 16x16 input of
/// whole numbers: an 8x8 receptive field, one path per position.
pub fn dilated_1_2_4() -> Scene {
    let layers = [1, 2, 4]
        .into_iter()
        .map(|d| {
            StackLayer::Conv(Conv2dArgs {
                dilation: [d, d],
                ..Conv2dArgs::new(Array4::ones((1, 1, 2, 2)), Padding::VALID)
            })
        })
        .collect();
    let mut s = StackScene::new(Array4::zeros((1, 1, 16, 16)), layers).scene();
    s.fill(Target::Input, Pattern::RandomInt, 124);
    s
}

/// A small VGG-like tower on a 3-channel 16x16 image: two `same` 3x3
/// layers (3 to 4 to 4 channels), a stride-2 3x3 layer with padding 1
/// (4 to 8 channels, 16x16 to 8x8), and one more `same` 3x3 layer (8 to 8).
/// Weights drawn as `nn.Conv2d` draws them, no bias.
pub fn vgg_like() -> Scene {
    let specs: [([usize; 4], [i64; 2], Padding); 4] = [
        ([4, 3, 3, 3], [1, 1], Padding::SAME),
        ([4, 4, 3, 3], [1, 1], Padding::SAME),
        ([8, 4, 3, 3], [2, 2], Padding::Explicit([1, 1])),
        ([8, 8, 3, 3], [1, 1], Padding::SAME),
    ];
    let round = |v: f64| (v * 1e4).round() / 1e4;
    let layers = specs
        .into_iter()
        .enumerate()
        .map(|(k, (shape, stride, padding))| {
            StackLayer::Conv(Conv2dArgs {
                stride,
                ..Conv2dArgs::new(conv_init(shape, 100 + k as u64).0.mapv(round), padding)
            })
        })
        .collect();
    let mut s = StackScene::new(Array4::zeros((1, 3, 16, 16)), layers).scene();
    s.fill(Target::Input, Pattern::RandomNormal, 16);
    let input = s.dim(Target::Input);
    for a in 0..input[1] {
        for i in 0..input[2] {
            for j in 0..input[3] {
                if let Some(v) = s.value(Target::Input, [0, a, i, j]) {
                    s.set_value(Target::Input, [0, a, i, j], round(v));
                }
            }
        }
    }
    s
}

/// The steps of section 10, for the stack view.
pub fn steps() -> Vec<LessonStep> {
    let step = |id, title, body, try_this, make: MakeScene| {
        LessonStep::new(id, 10, title, body, try_this, make, "stack", Extra::None)
    };
    vec![
        step(
            "stack-valid", "Three valid passes",
            "Stack three {k} layers with padding='valid' and the {size 0} step edge shrinks to {size 1}, {size 2}, then {size 3}. No output touches an invented pixel. Each cell of the last layer sees a {field} patch of the input (r = {r-sum}), and the centre of that patch reaches it through {paths-centre 0 0} paths.",
            "Pick a cell of the last layer and read the path counts: why are the corners {paths-corner 0 0}?",
            lazy(valid_x3),
        )
        .checks(&[Claim::Is(Setting::Layers, 3), Claim::PerLayer(Setting::Kernel, &[3, 3, 3]), Claim::NoBorder], &[]),
        step(
            "stack-valid-4", "A fourth valid pass is refused",
            "A fourth {k} 'valid' layer would slide over a {size 3} input: there is no place where it fits, so PyTorch refuses layer {refused-layer} (the {refused-ordinal}) with \"{refusal}\".",
            "Remove the last layer, or give it padding=1.",
            lazy(valid_x4),
        )
        .checks(
            &[
                Claim::Is(Setting::Layers, 4), Claim::PerLayer(Setting::Kernel, &[3, 3, 3, 3]), Claim::Refused,
                Claim::After(Edit::RemoveLastLayer, &Claim::Accepted),
                Claim::After(Edit::LastPadding(1), &Claim::Accepted),
            ],
            &["padding=1"],
        ),
        step(
            "stack-same", "Four same passes",
            "padding='same' keeps {size 0} at every layer, but each layer invents a new ring of zeros and the outputs that depend on invented pixels spread one ring further in: {border 0}, {border 1}, {border 2}, then {border 3} of {cells 3} positions.",
            "Step to the last layer: is any output left that only real pixels made?",
            lazy(same_x4),
        )
        .checks(&[Claim::Is(Setting::Layers, 4), Claim::BorderRings], &[]),
        step(
            "stack-reflect", "reflect instead of zeros",
            "padding={padding} with padding_mode='reflect' invents the same border ({border 0}, {border 1}, {border 2} of {cells 2} positions) but copies real pixels into it, so no path is lost: all {paths-all} paths ({taps}) of a corner output land on real pixels, where zeros keep only {zeros.paths 0 0} of them.",
            "Compare the corner cell's receptive field with the zeros version.",
            lazy(|| padded_x3(PaddingMode::Reflect)),
        )
        .checks(&[Claim::BorderRings, Claim::PathsKept([0, 0])], &[]),
        step(
            "stack-zeros", "The same with zeros",
            "With padding_mode='zeros' the invented pixels are 0: the paths through them carry nothing, so a corner output's receptive field is cut to a {field-size 0 0} corner of the image, reached by {paths 0 0} of its {paths-all} paths.",
            "Switch padding_mode to reflect, replicate or circular and watch the field fold back.",
            lazy(|| padded_x3(PaddingMode::Zeros)),
        )
        .checks(
            &[
                Claim::FieldAtCorner([0, 0]),
                Claim::After(Edit::PaddingMode(PaddingMode::Reflect), &Claim::PathsKept([0, 0])),
                Claim::After(Edit::PaddingMode(PaddingMode::Replicate), &Claim::PathsKept([0, 0])),
                Claim::After(Edit::PaddingMode(PaddingMode::Circular), &Claim::PathsKept([0, 0])),
            ],
            &["are 0"],
        ),
        step(
            "stack-dilated", "Dilations 1, 2, 4",
            "Three {k} kernels with dilation {dilations} see an {field} patch (r = {r-sum}) with only {weights} weights, and every one of its {inside 0 0} input cells reaches the output through exactly one path: no gaps and no overlaps.",
            "Set the last dilation to 3: which cells get more than one path? With 5, which get none?",
            lazy(dilated_1_2_4),
        )
        .checks(
            &[
                Claim::Is(Setting::Layers, 3), Claim::PerLayer(Setting::Dilation, &[1, 2, 4]), Claim::Field { cell: [0, 0], gaps: false, overlaps: false },
                Claim::After(Edit::LastDilation(3), &Claim::Field { cell: [0, 0], gaps: false, overlaps: true }),
                Claim::After(Edit::LastDilation(5), &Claim::Field { cell: [0, 0], gaps: true, overlaps: false }),
            ],
            &["Dilations 1, 2, 4", "dilation to 3", "With 5"],
        ),
        step(
            "stack-vgg", "A small VGG-like tower",
            "Three input channels, {k} kernels throughout, channels growing {channels} while a stride-2 layer halves {size 0} to {size 4}. After it, neighbouring outputs sit {jump} input pixels apart (jump {jump}) and the last layer sees {field} pixels (r = {r-sum}).",
            "Pick a cell in the middle of the last layer: how many input pixels does it see?",
            lazy(vgg_like),
        )
        .checks(
            &[
                Claim::Is(Setting::InChannels, 3), Claim::PerLayer(Setting::Kernel, &[3, 3, 3, 3]),
                Claim::PerLayer(Setting::Stride, &[1, 1, 2, 1]),
            ],
            &["stride-2"],
        ),
    ]
}
