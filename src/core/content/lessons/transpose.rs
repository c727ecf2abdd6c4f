//! Section 9 of the lesson path, "Going back up": the transposed
//! convolution. Each step's scene is a case of the reference file
//! `transpose_cases.json`, named in [`CASES`] (its data is copied into
//! `lesson_scenes.json`, without the expected values, so the app ships
//! no reference answers); the tests check each scene against its case.

use crate::core::content::lessons::claim::{Claim, Edit, Setting};
use crate::core::content::lessons::step::{lazy, Extra, LessonStep};
use crate::core::content::presets::transpose_scene;
use crate::core::model::scene::Scene;

/// The section number on the lesson path.
pub const SECTION: u8 = 9;

/// Each lesson's id and the reference case whose scene it loads.
pub const CASES: [(&str, &str); 6] = [
    ("up-2x2-to-4x4", "transpose-2x2-to-4x4"),
    ("up-matrix", "transpose-2x2-to-4x4"),
    ("up-overlap", "transpose-stride-2"),
    ("up-k4-s2-p1", "transpose-upsample-k4-s2-p1"),
    (
        "up-output-padding",
        "transpose-stride-2-padding-1-output-padding-1",
    ),
    (
        "up-output-padding-refused",
        "transpose-output-padding-too-large",
    ),
];

const SCENES: &str = include_str!("lesson_scenes.json");

/// The lesson scene copied from reference case `name`.
pub fn case_scene(name: &str) -> Option<Scene> {
    let all: Vec<serde_json::Value> = serde_json::from_str(SCENES).ok()?;
    let case = all.into_iter().find(|c| c["name"] == name)?;
    Scene::from_json(&case.to_string()).ok()
}

fn scene_of(id: &str) -> Scene {
    CASES
        .iter()
        .find(|(i, _)| *i == id)
        .and_then(|(_, name)| case_scene(name))
        .unwrap_or_else(|| {
            let one = ndarray::Array2::ones((2, 2));
            transpose_scene(&one, &ndarray::Array2::ones((3, 3)))
        })
}

pub fn lessons() -> Vec<LessonStep> {
    let step = |id: &'static str, title: &'static str, body, try_this, view| {
        LessonStep::new(
            id,
            SECTION,
            title,
            body,
            try_this,
            lazy(move || scene_of(id)),
            view,
            Extra::None,
        )
    };
    vec![
        step(
            "up-2x2-to-4x4",
            "Going back up: 2x2 to 4x4",
            "A {k} kernel in mode 'valid' takes a {out} image down to {in}. torch.conv_transpose2d with the same {k} weight goes the other way: {in} in, {out} out. Read it as an ordinary convolution: surround the {in} with k-1 = {pad} rings of zeros and slide the kernel, rotated by 180 degrees, over the {padded} that results. It brings back the shape, not the values: it is no inverse.",
            "Look at the H_out formula under Shapes, then set kH to 2: how large is the output now?",
            "lab",
        )
        .checks(
            &[Claim::ConvUndoesShape, Claim::NotAnInverse, Claim::Is(Setting::Padding, 0), Claim::Is(Setting::Dilation, 1)],
            &["2x2 to 4x4", "k-1", "180 degrees", "kH to 2"],
        ),
        step(
            "up-matrix",
            "The same map as a matrix",
            "Flatten the {in} input into a column of {in-cells} numbers and the {out} output into {out-cells}: the transposed convolution is then one {matrix} matrix times that column. It is the transpose of the {matrix-t} matrix of the conv2d that takes {out} down to {in}, hence the name. Each column holds the kernel, placed where that input cell stamps it.",
            "Step through the frames: which matrix entries light up, and in which column is the input cell they multiply?",
            "matrix",
        )
        .checks(
            &[Claim::ConvUndoesShape, Claim::MatrixIsTranspose, Claim::ColumnsHoldKernel],
            &[],
        ),
        step(
            "up-overlap",
            "Stamps that overlap",
            "Seen the other way round, each input cell stamps a copy of the kernel, scaled by its value, onto the output, moving by the stride. With a {k} kernel and stride {stride} neighbouring stamps share a row or a column, so an output cell receives {stamp-counts} stamps: more where they share, one elsewhere. With equal weights that uneven coverage shows up as a grid of stronger rows and columns: the checkerboard pattern of upsampling layers.",
            "Play the stamps and watch the counts; then set kH and kW to 4 (a multiple of the stride) and see the coverage even out.",
            "scatter",
        )
        .checks(
            &[Claim::EqualWeights, Claim::Coverage { even: false }, Claim::After(Edit::Kernel(4), &Claim::Coverage { even: true })],
            &["kH and kW to 4"],
        ),
        step(
            "up-k4-s2-p1",
            "Doubling the size: k=4, s=2, p=1",
            "The most common upsampling layer in image generators uses kernel {kernel}, stride {stride} and padding {padding}: {h-formula}, exactly twice the {in} input. Since {kernel} is a multiple of {stride}, every inner output cell receives the same number of stamps; padding={padding} trims one row and column off each border of the full stamped canvas.",
            "Switch between Gather and Scatter: the output cells are the same, only the way to get there differs.",
            "lab",
        )
        .checks(
            &[
                Claim::Is(Setting::Kernel, 4), Claim::Is(Setting::Stride, 2), Claim::Is(Setting::Padding, 1),
                Claim::Doubles, Claim::Coverage { even: true }, Claim::ScatterIsGather,
            ],
            &["k=4, s=2, p=1"],
        ),
        step(
            "up-output-padding",
            "output_padding picks the size",
            "Conv2d with kernel {kernel}, stride {stride} and padding {padding} maps both a {min-out} and a {max-out} image to {in}, because its formula rounds down. Going back from {in}, the transposed convolution gives {min-out} unless told otherwise; output_padding={output-padding} adds one more row and column at the bottom and right, giving {out}. Only the stamps can reach that extra row: nothing is padded with a constant.",
            "Set output_padding to 0 and back to 1, and watch the last row and column.",
            "scatter",
        )
        .checks(
            &[Claim::ConvUndoesShape, Claim::Is(Setting::OutputPadding, 1), Claim::OutputPaddingStamped],
            &["output_padding to 0 and back to 1"],
        ),
        step(
            "up-output-padding-refused",
            "When output_padding is refused",
            "output_padding only picks among the sizes the stride leaves open, so it must be smaller than the stride or the dilation. Here both are {stride} and output_padding is {output-padding}: PyTorch refuses.",
            "Set stride to 2: output_padding=1 is then allowed.",
            "lab",
        )
        .checks(
            &[
                Claim::Is(Setting::Stride, 1), Claim::Is(Setting::Dilation, 1), Claim::Is(Setting::OutputPadding, 1),
                Claim::Refused, Claim::After(Edit::Stride(2), &Claim::Accepted),
            ],
            &["stride to 2: output_padding=1"],
        ),
    ]
}
