//! Sections 1 to 8 of the lesson path: the lecture's examples, one step
//! each. The words are ours; the examples and numbers are the lecture's.

use ndarray::{Array2, Array4};

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
            "A convolution slides the kernel, rotated by 180 degrees, over the input; at each place it multiplies the overlapping cells and adds the products up. With mode='valid' the kernel only visits places where it lies wholly inside the 8x8 step edge, so the answer is 6x6: 9s where the window straddles the step from 4 to 1, 0s elsewhere.",
            "Press Play and watch the window: which positions see both the 4s and the 1s?",
            lazy(default_scene), "lab", Extra::None,
        ),
        step(
            "shrinking", 1, "Each pass shrinks the picture",
            "Feed the 6x6 answer through the same kernel again and you get 4x4; one more pass leaves 2x2. Every valid pass with a 3x3 kernel loses a ring of cells: after a few of them almost nothing of a small image is left.",
            "Look at the formula under Shapes: how many passes would a 256x256 image survive?",
            lazy(|| scipy(Op::Convolve, after_one_pass(), edge_kernel(), Mode::Valid, Boundary::Fill)), "lab", Extra::None,
        ),
        step(
            "modes-same", 2, "SciPy's modes: same",
            "mode='same' keeps the output as large as the input by inventing cells around the border. Here they are filled with zeros (boundary='fill'): the grey cells are made up, and the outer columns of the answer come from them.",
            "Switch boundary to wrap and then to symm, and watch the invented cells change.",
            lazy(|| scipy(Op::Convolve, step_edge(), edge_kernel(), Mode::Same, Boundary::Fill)), "lab", Extra::None,
        ),
        step(
            "modes-full-symm", 2, "SciPy's modes: full, mirrored",
            "mode='full' goes further: the kernel visits every place where it touches the input at all, so the 8x8 grows to 10x10. boundary='symm' mirrors the image, edge included, to invent the border. Those border values are assumptions, not data.",
            "Set mode back to valid: which output cells were built only from real pixels?",
            lazy(|| lecture("lecture-step-edge-convolve-full-symm")), "lab", Extra::None,
        ),
        step(
            "specs", 3, "PyTorch's input and kernel specs",
            "torch.nn.functional.conv2d wants the input as (N, C, H, W): a batch of images with channels. The kernel is (C_out, C_in, kH, kW): one filter per output channel, each with a slice per input channel. Our 8x8 array becomes (1, 1, 8, 8) and the 3x3 kernel (1, 1, 3, 3).",
            "Read the shape chips: which axes did the two unsqueeze(_, 0) calls add?",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::Dtype,
        ),
        step(
            "squeeze", 4, "Squeeze and unsqueeze",
            "unsqueeze adds an axis of size 1; squeeze removes one. Neither moves a single number: the values keep their order, only the way they are nested changes. [1, 2, 3, 4] unsqueezed on axis 0 is a row (1, 4); on axis 1 it is a column (4, 1).",
            "Pick the (2, 3, 4) tensor and unsqueeze axis 1: where did the new brackets go?",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::SqueezeExplorer,
        ),
        step(
            "f-conv2d", 5, "F.conv2d on the step edge",
            "The same input and kernel through torch.nn.functional.conv2d give -9 where SciPy gave 9. PyTorch does not rotate the kernel: it computes a cross-correlation, and for this antisymmetric kernel that flips the sign.",
            "Open Compare to see both at once.",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::None,
        ),
        step(
            "nn-conv2d-random", 6, "nn.Conv2d starts with a random kernel",
            "nn.Conv2d(1, 1, 3, bias=False) takes the channel counts and the kernel size in its constructor; the image goes to the call. Its weight starts random, drawn uniformly from +-1/sqrt(C_in/groups*kH*kW) = +-1/3 here, so the output is noise.",
            "Press 'Random like nn.Conv2d' a few times: do the values stay within +-0.333?",
            lazy(conv_random), "lab", Extra::None,
        ),
        step(
            "nn-conv2d-set", 6, "nn.Conv2d with our own kernel",
            "Setting the module's weight to our [-1 0 1] kernel (wrapped in a Parameter) makes nn.Conv2d compute what F.conv2d computed: -9s. The class and the function run the same arithmetic.",
            "Export the code below and compare the two ways it is written.",
            lazy(|| lecture("lecture-step-edge-torch")), "lab", Extra::None,
        ),
        step(
            "xcorr", 7, "Convolution or cross-correlation?",
            "A one-pixel vertical line and the kernel [1 2 3] settle it. A cross-correlation copies the kernel as it is: [0, 0, 9, 6, 3, 0]. A true convolution copies it mirrored: [0, 0, 3, 6, 9, 0]. PyTorch gives the first.",
            "Step through a row and watch which kernel column meets the line.",
            lazy(|| lecture("lecture-xcorr-test")), "compare", Extra::None,
        ),
        step(
            "xcorr-scipy", 7, "The same test in SciPy",
            "scipy.signal.convolve2d on the same line flips the kernel and gives [0, 0, 3, 6, 9, 0]; correlate2d does not, and agrees with PyTorch.",
            "Switch the operation to correlate2d and compare the rows.",
            lazy(|| scipy(Op::Convolve, vertical_line(8, 8, 4), ramp_kernel(), Mode::Valid, Boundary::Fill)), "compare", Extra::None,
        ),
        step(
            "two-to-one", 8, "Two channels into one",
            "With two input channels, each output value sums over both: the filter has a 3x3 slice per input channel, so the weight is (1, 2, 3, 3). Watch the sum build up channel by channel. These are the weights the lecture's nn.Conv2d(2, 1, 3) drew.",
            "Step forward inside one frame: the first channel's sum, then the second's.",
            lazy(|| torch_with(two_lines(), lecture_two_to_one_weight(), 1)), "lab", Extra::Int8View,
        ),
        step(
            "two-to-three", 8, "Two channels into three",
            "Three output channels need three filters, each still reading both input channels: weight (3, 2, 3, 3), all-to-all in the diagram.",
            "Click a cell of output[0, 2]: which two weight slices does it use?",
            lazy(|| lecture("lecture-two-channel-to-three")), "lab", Extra::Int8View,
        ),
        step(
            "groups-illegal", 8, "groups=2 with 2 in and 3 out",
            "groups splits the channels into blocks that do not talk to each other, so both channel counts must divide by it. Three output channels cannot be split in two: PyTorch refuses.",
            "Set C_out to 2 or 4 and the picture comes back.",
            lazy(|| lecture("lecture-groups-2-3-illegal")), "lab", Extra::None,
        ),
        step(
            "groups-depthwise", 8, "groups=4 with 4 in and 4 out",
            "When groups equals both channel counts, every output channel reads exactly one input channel: a one-to-one (depthwise) connection, and the weight is (4, 1, 3, 3).",
            "Play and watch the diagram: one line lights up per output channel.",
            lazy(|| lecture("lecture-groups-4-depthwise")), "lab", Extra::None,
        ),
        step(
            "groups-2", 8, "groups=2 with 4 in and 4 out",
            "Two blocks of two: output channels 0 and 1 read input channels 0 and 1, outputs 2 and 3 read inputs 2 and 3. Each filter has two slices, so the weight is (4, 2, 3, 3): eight 3x3 operators.",
            "Set groups to 1: how does the weight's second axis change?",
            lazy(|| lecture("lecture-groups-2")), "lab", Extra::None,
        ),
        step(
            "groups-16", 8, "4 in, 64 out: which groups?",
            "The lecture pictures 4 input channels, 64 outputs and groups=16. The diagram shows groups=4, which PyTorch accepts: each input channel feeds its own block of 16 output channels through sixteen 3x3 operators, 64 in all, so the weight is (64, 1, 3, 3).",
            "Set groups to 16: PyTorch refuses, since 16 blocks cannot be cut from 4 input channels.",
            lazy(wide), "lab", Extra::None,
        ),
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
