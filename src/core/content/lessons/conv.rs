//! Sections 1 to 8 of the lesson path: the lecture's examples, one step
//! each. The words are ours; the examples and numbers are the lecture's.

use ndarray::{Array2, Array4};

use crate::core::content::lessons::claim::Setting::{Groups, InChannels, OutChannels};
use crate::core::content::lessons::claim::Side::{Convolution, CrossCorrelation};
use crate::core::content::lessons::claim::{Claim, Edit};
use crate::core::content::lessons::step::{lazy, Extra, LessonStep};
use crate::core::content::presets::{
    as_nchw, default_scene, edge_kernel, lecture_scene, ramp_kernel, step_edge, torch_scene,
    vertical_line,
};
use crate::core::engine::plan::Plan;
use crate::core::model::scene::{Boundary, Mode, Op, Scene, ScipyConv};

fn scipy(
    op: fn(ScipyConv) -> Op,
    in1: Array2<f64>,
    in2: Array2<f64>,
    mode: Mode,
    boundary: Boundary,
) -> Scene {
    Scene::new(op(ScipyConv {
        in1,
        in2,
        mode,
        boundary,
        fillvalue: 0.0,
    }))
}

fn lecture(name: &str) -> Scene {
    lecture_scene(name).unwrap_or_else(default_scene)
}

/// The step edge convolved once: the 6x6 of 0s and 9s, as the next input.
fn after_one_pass() -> Array2<f64> {
    Plan::new(&default_scene())
        .map(|p| p.output().slice(ndarray::s![0, 0, .., ..]).to_owned())
        .unwrap_or_else(|_| step_edge())
}

/// The lecture's two input channels: lines at columns 2 and 6.
fn two_lines() -> Array4<f64> {
    let mut x = Array4::zeros((1, 2, 8, 8));
    x.slice_mut(ndarray::s![0, 0, .., ..])
        .assign(&vertical_line(8, 8, 2));
    x.slice_mut(ndarray::s![0, 1, .., ..])
        .assign(&vertical_line(8, 8, 6));
    x
}

/// The weight `nn.Conv2d(2, 1, 3)` printed in the lecture.
fn lecture_two_to_one_weight() -> Array4<f64> {
    let v = [
        0.0624, -0.0712, -0.0463, -0.2252, -0.1561, -0.0972, 0.0087, 0.0932, 0.1414, //
        -0.1598, -0.1026, 0.0856, 0.1957, -0.0485, 0.1764, -0.0380, 0.0249, 0.2134,
    ];
    Array4::from_shape_vec((1, 2, 3, 3), v.to_vec()).unwrap_or_else(|_| Array4::zeros((1, 2, 3, 3)))
}

fn torch_with(input: Array4<f64>, weight: Array4<f64>, groups: i64) -> Scene {
    let mut s = torch_scene(&step_edge(), &edge_kernel());
    if let Op::Torch(t) = &mut s.op {
        t.input = input;
        t.weight = weight;
        t.groups = groups;
    }
    s
}

/// Sections 1 to 8: the lecture's own examples.
pub fn steps() -> Vec<LessonStep> {
    let step = LessonStep::new;
    let conv_random = || {
        let mut s = torch_scene(&step_edge(), &edge_kernel());
        s.init_like_conv2d(7);
        s
    };
    let wide = || {
        let mut s = torch_with(Array4::zeros((1, 4, 6, 6)), Array4::zeros((64, 1, 3, 3)), 4);
        s.fill(
            crate::core::model::edit::Target::Input,
            crate::core::model::edit::Pattern::RandomInt,
            3,
        );
        s.init_like_conv2d(11);
        s
    };
    let all = vec![
        step(
            "definition", 1, "Convolution by definition",
            "A convolution slides the kernel, rotated by 180 degrees, over the input; at each place it multiplies the overlapping cells and adds the products up. With mode='valid' the kernel only visits places where it lies wholly inside the {in} step edge, so the answer is {out}: {value 0 0 2} where the window straddles the step from {input 0 0 0} to {input 0 0 7}, {value 0 0 0} elsewhere.",
            "Press Play and watch the window: which positions see both the {input 0 0 0}s and the {input 0 0 7}s?",
            lazy(default_scene), "lab", Extra::None,
        )
        .checks(&[Claim::Computes(Convolution), Claim::NonzeroWhereWindowVaries], &["180 degrees"]),
        step(
            "shrinking", 1, "Each pass shrinks the picture",
            "Feed the {in} answer through the same kernel again and you get {out}; one more pass leaves {again}. Every valid pass with a {k} kernel loses a ring of cells: after a few of them almost nothing of a small image is left.",
            "Look at the formula under Shapes: how many passes would a 256x256 image survive?",
            lazy(|| scipy(Op::Convolve, after_one_pass(), edge_kernel(), Mode::Valid, Boundary::Fill)), "lab", Extra::None,
        )
        .checks(&[Claim::InputIsOutputOf("definition"), Claim::LosesRing], &["256x256"]),
        step(
            "modes-same", 2, "SciPy's modes: same",
            "mode='same' keeps the output as large as the input, {out} from {in}, by inventing cells around the border. Here they are filled with zeros (boundary='fill'): the grey cells are made up, and the outer ring of the answer, its first and last rows and columns, is computed from them.",
            "Switch boundary to wrap and then to symm, and watch the invented cells change.",
            lazy(|| scipy(Op::Convolve, step_edge(), edge_kernel(), Mode::Same, Boundary::Fill)), "lab", Extra::None,
        )
        .checks(&[Claim::KeepsSize, Claim::InventedRing { value: 0.0 }], &[]),
        step(
            "modes-full-symm", 2, "SciPy's modes: full, mirrored",
            "mode='full' goes further: the kernel visits every place where it touches the input at all, so the {in} grows to {out}. boundary='symm' mirrors the image, edge included, to invent the border. Those border values are assumptions, not data.",
            "Set mode to valid: which output cells were built only from real pixels?",
            lazy(|| lecture("lecture-step-edge-convolve-full-symm")), "lab", Extra::None,
        )
        .checks(&[Claim::MirroredBorder], &[]),
        step(
            "specs", 3, "PyTorch's input and kernel specs",
            "torch.nn.functional.conv2d wants the input as (N, C, H, W): a batch of images with channels. The kernel is (C_out, C_in/groups, kH, kW): one filter per output channel, each with a slice per input channel it reads. Our {in} array becomes {in-shape} and the {k} kernel {weight-shape}.",
            "Read the shape chips: which axes did the two unsqueeze(_, 0) calls add?",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::Dtype,
        )
        .checks(&[Claim::SameDataAs("definition")], &["unsqueeze(_, 0)"]),
        step(
            "squeeze", 4, "Squeeze and unsqueeze",
            "unsqueeze adds an axis of size 1; squeeze removes one. Neither moves a single number: the values keep their order, only the way they are nested changes. [1, 2, 3, 4] unsqueezed on axis 0 is a row {unsqueeze 4 0}; on axis 1 it is a column {unsqueeze 4 1}.",
            "Pick the (2, 3, 4) tensor and unsqueeze axis 1: where did the new brackets go?",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::SqueezeExplorer,
        )
        .checks(&[], &["size 1", "[1, 2, 3, 4]", "axis 0", "axis 1", "(2, 3, 4)"]),
        step(
            "f-conv2d", 5, "F.conv2d on the step edge",
            "The same input and kernel through torch.nn.functional.conv2d give {value 0 0 2} where SciPy gave {conv.value 0 0 2}. PyTorch does not rotate the kernel: it computes a cross-correlation, and for this antisymmetric kernel that flips the sign.",
            "Open Compare to see both at once.",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::None,
        )
        .checks(&[Claim::SameDataAs("definition"), Claim::Computes(CrossCorrelation), Claim::FlipNegates], &[]),
        step(
            "nn-conv2d-random", 6, "nn.Conv2d starts out random",
            "nn.Conv2d({module}, bias=False) takes the channel counts and the kernel size in its constructor; the image goes to the call. Its weight starts random, drawn uniformly from +-1/sqrt(C_in/groups*kH*kW) = +-1/sqrt({fan-in}) = +-{bound} here, so the output is noise.",
            "Press 'Random like nn.Conv2d' a few times: do the values stay within +-{bound}?",
            lazy(conv_random), "lab", Extra::None,
        )
        .checks(&[Claim::WithinInitBound, Claim::NoBias], &["+-1/sqrt"]),
        step(
            "nn-conv2d-set", 6, "nn.Conv2d with our own kernel",
            "Setting the module's weight to our {kernel-row 0} kernel (wrapped in a Parameter) makes nn.Conv2d compute what F.conv2d computed: {value 0 0 2} where the window straddles the step, {value 0 0 0} elsewhere. The class and the function run the same arithmetic.",
            "Export the code below and compare the two ways it is written.",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::None,
        )
        .checks(&[Claim::SameOutputAs("f-conv2d"), Claim::NonzeroWhereWindowVaries], &[]),
        step(
            "xcorr", 7, "Convolution or cross-correlation?",
            "A one-pixel vertical line and the kernel {kernel-row 0} settle it. A true convolution copies the kernel as it is: {conv.row 0 0}. A cross-correlation copies it mirrored: {xcorr.row 0 0}. PyTorch gives {row 0 0}: it cross-correlates.",
            "Step through a row and watch which kernel column meets the line.",
            lazy(|| lecture("lecture-xcorr-test")), "compare", Extra::None,
        )
        .checks(&[
            Claim::Copies { side: Convolution, mirrored: false },
            Claim::Copies { side: CrossCorrelation, mirrored: true },
            Claim::Computes(CrossCorrelation),
        ], &[]),
        step(
            "xcorr-scipy", 7, "The same test in SciPy",
            "scipy.signal.convolve2d on the same line flips the kernel, so the line copies it as it is: {row 0 0}. correlate2d does not flip it, gives {xcorr.row 0 0} and agrees with PyTorch. The two differ in {differ} cells.",
            "Switch the operation to correlate2d and compare the rows.",
            lazy(|| scipy(Op::Convolve, vertical_line(8, 8, 4), ramp_kernel(), Mode::Valid, Boundary::Fill)), "compare", Extra::None,
        )
        .checks(&[
            Claim::SameDataAs("xcorr"),
            Claim::Computes(Convolution),
            Claim::Copies { side: Convolution, mirrored: false },
            Claim::Agrees { side: CrossCorrelation, step: "xcorr" },
        ], &[]),
        step(
            "two-to-one", 8, "Two channels into one",
            "With two input channels, each output value sums over both: the filter has a {k} slice per input channel, so the weight is {weight-shape}. Watch the sum build up channel by channel. These are the weights the lecture's nn.Conv2d({module}) drew.",
            "Step forward inside one frame: the first channel's sum, then the second's.",
            lazy(|| torch_with(two_lines(), lecture_two_to_one_weight(), 1)), "lab", Extra::Int8View,
        )
        .checks(&[Claim::Is(InChannels, 2), Claim::Is(OutChannels, 1), Claim::Is(Groups, 1)], &[]),
        step(
            "two-to-three", 8, "Two channels into three",
            "Three output channels need three filters, each still reading both input channels: weight {weight-shape}, all-to-all in the diagram.",
            "Click a cell of output[0, 2]: which two weight slices does it use?",
            lazy(|| lecture("lecture-two-channel-to-three")), "lab", Extra::Int8View,
        )
        .checks(&[Claim::Is(InChannels, 2), Claim::Is(OutChannels, 3), Claim::Is(Groups, 1)], &["output[0, 2]"]),
        step(
            "groups-illegal", 8, "groups=2 with 2 in and 3 out",
            "groups splits the channels into blocks that do not talk to each other, so both channel counts must divide by it. Three output channels cannot be split in two: PyTorch refuses.",
            "Set C_out to 2 or 4 and the picture comes back.",
            lazy(|| lecture("lecture-groups-2-3-illegal")), "lab", Extra::None,
        )
        .checks(&[
            Claim::Is(InChannels, 2), Claim::Is(OutChannels, 3), Claim::Is(Groups, 2), Claim::Refused,
            Claim::After(Edit::OutChannels(2), &Claim::Accepted),
            Claim::After(Edit::OutChannels(4), &Claim::Accepted),
        ], &["groups=2 with 2 in and 3 out", "C_out to 2 or 4"]),
        step(
            "groups-depthwise", 8, "groups=4 with 4 in and 4 out",
            "When groups equals both channel counts, every output channel reads exactly one input channel: a one-to-one (depthwise) connection, and the weight is {weight-shape}.",
            "Play and watch the diagram: one line lights up per output channel.",
            lazy(|| lecture("lecture-groups-4-depthwise")), "lab", Extra::None,
        )
        .checks(&[Claim::Is(InChannels, 4), Claim::Is(OutChannels, 4), Claim::Is(Groups, 4), Claim::Depthwise], &["groups=4 with 4 in and 4 out"]),
        step(
            "groups-2", 8, "groups=2 with 4 in and 4 out",
            "Two blocks of two: output channels 0 and 1 read input channels 0 and 1, outputs 2 and 3 read inputs 2 and 3. Each filter has two slices, so the weight is {weight-shape}: {slices} operators of {k}.",
            "Set groups to 1: how does the weight's second axis change?",
            lazy(|| lecture("lecture-groups-2")), "lab", Extra::None,
        )
        .checks(&[
            Claim::Is(InChannels, 4), Claim::Is(OutChannels, 4), Claim::Is(Groups, 2),
            Claim::Reads { output: 0, first: 0, last: 1 },
            Claim::Reads { output: 1, first: 0, last: 1 },
            Claim::Reads { output: 2, first: 2, last: 3 },
            Claim::Reads { output: 3, first: 2, last: 3 },
            Claim::After(Edit::Groups(1), &Claim::Accepted),
        ], &["groups=2 with 4 in and 4 out", "channels 0 and 1", "inputs 2 and 3", "outputs 2 and 3", "groups to 1"]),
        step(
            "groups-16", 8, "4 in, 64 out: which groups?",
            "The lecture pictures 4 input channels, 64 outputs and groups=16. The diagram shows groups={groups}, which PyTorch accepts: each input channel feeds its own block of {group-out} output channels through {group-out} operators of {k}, {slices} in all, so the weight is {weight-shape}.",
            "Set groups to 16: PyTorch refuses, since 16 blocks cannot be cut from 4 input channels.",
            lazy(wide), "lab", Extra::None,
        )
        .checks(&[
            Claim::Is(InChannels, 4), Claim::Is(OutChannels, 64), Claim::Accepted,
            Claim::Reads { output: 15, first: 0, last: 0 },
            Claim::Reads { output: 16, first: 1, last: 1 },
            Claim::After(Edit::Groups(16), &Claim::Refused),
        ], &["4 in, 64 out", "4 input channels, 64 outputs and groups=16", "groups to 16", "16 blocks", "4 input channels"]),
    ];
    all
}

/// The lecture's trick for reading small outputs: `int8` of `x*10 + 0.5`.
/// The cast truncates toward zero and wraps like PyTorch's on this range.
pub fn int8_view(x: f64) -> i8 {
    let v = (x * 10.0 + 0.5).trunc();
    (v as i64) as i8
}

/// The kernel of lesson one, as a `(1, 1, 3, 3)` weight.
pub fn edge_weight() -> Array4<f64> {
    as_nchw(&edge_kernel())
}
