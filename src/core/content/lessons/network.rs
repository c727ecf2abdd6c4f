//! Section 11, "Your own network": lessons on the network page. Each step
//! opens a model there (carried by its scene, as a link made on that page
//! carries it) and its words quote the layer table's numbers (the
//! `net-...` facts), which `tests/network.rs` checks against PyTorch.

use crate::core::content::lessons::step::{lazy, Extra, LessonStep, MakeScene};
use crate::core::content::networks::{network_preset, shape_text};
use crate::core::content::presets::default_scene;
use crate::core::model::scene::{SharedModel, Showing};

/// The small model of the pooling step: a max pool on an even map, an
/// average pool with `ceil_mode` on an odd one.
pub const POOLING: &str = "nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(4, 8, 3, padding=1),
    nn.ReLU(),
    nn.AvgPool2d(2, ceil_mode=True),
)";

/// A scene that opens `text` on `shape` on the network page.
fn model(text: String, input_shape: String) -> MakeScene {
    lazy(move || {
        let mut s = default_scene();
        s.showing = Some(Showing {
            model: Some(SharedModel {
                text: text.clone(),
                input_shape: input_shape.clone(),
            }),
            ..Showing::default()
        });
        s
    })
}

/// A scene that opens the known architecture `name`.
fn preset(name: &'static str) -> MakeScene {
    let p = network_preset(name);
    model(
        p.map_or_else(String::new, |p| p.text.clone()),
        p.map_or_else(String::new, |p| shape_text(&p.input_shape)),
    )
}

/// The steps of section 11, on the network page.
pub fn steps() -> Vec<LessonStep> {
    let step = |id, title, body, try_this, make: MakeScene| {
        LessonStep::new(id, 11, title, body, try_this, make, "network", Extra::None)
    };
    vec![
        step(
            "net-pooling", "Pooling by hand",
            "A max pool keeps the largest value of each window and moves by its own size (stride defaults to kernel_size): MaxPool2d(2) turns the {net-hw 1} map into {net-hw 2}, {net-h-formula 2}. It has no weights: {net-params 2} parameters. The last pool meets an odd {net-hw 4} map. With ceil_mode=True it keeps one more, clipped window at the edge and averages only what is inside it: {net-h-formula 5}.",
            "Set ceil_mode=False in the last pool: which row and column are dropped?",
            model(POOLING.to_string(), "(1, 1, 14, 14)".to_string()),
        )
        .checks(&[], &["MaxPool2d(2)"]),
        step(
            "net-vgg", "Why VGG pads by one",
            "Every 3x3 convolution of VGG-16 pads by one pixel, exactly what the kernel takes away: {net-h-formula 0}. So only the max pools change the size: {net-hw 3} after the first two convolutions, {net-hw 4} after the first pool, {net-hw 30} at the end. A cell in the middle of that last map sees {net-rf 30} input pixels, and its neighbours sit {net-jump 30} pixels apart.",
            "In layer 0, change padding=(1, 1) to padding=(0, 0): how much does every size after it lose?",
            preset("model-2-vgg16-features"),
        )
        .checks(&[], &["3x3", "VGG-16", "layer 0", "padding=(1, 1)", "padding=(0, 0)"]),
        step(
            "net-resnet-stem", "The ResNet stem",
            "Before its first residual block, ResNet-18 makes the image four times smaller on each side. The first convolution has stride 2 and padding 3: {net-h-formula 0}. Batch norm and ReLU keep {net-shape 2}. The max pool has stride 2 and padding 1: {net-h-formula 3}. So {net-input} becomes {net-shape 3}, and each cell already sees {net-rf 3} input pixels.",
            "Remove the max pool: what reaches the first block then, and how much more work would every layer after it do?",
            preset("model-4-resnet18-stem"),
        )
        .checks(&[], &["ResNet-18", "stride 2 and padding 3", "stride 2 and padding 1"]),
        step(
            "net-depthwise", "Depthwise-separable blocks",
            "MobileNet splits a 3x3 convolution in two. Layer 3 is depthwise: groups equals its {net-c 3} channels, so each filter sees one channel: {net-params 3} parameters ({net-param-formula 3}). Layer 6 is pointwise, a 1x1 convolution that mixes the channels: {net-params 6} ({net-param-formula 6}). One plain 3x3 convolution from {net-c 5} to {net-c 6} channels would need {net-dense 3 6}.",
            "Set groups=1 in layer 3 and read its parameter count.",
            preset("model-5-mobilenet-v1-start"),
        )
        .checks(&[], &["3x3", "1x1", "Layer 3", "layer 3", "Layer 6", "groups=1"]),
        step(
            "net-linear", "A Linear sized for another input",
            "PyTorch builds this model without complaint and refuses only when an input runs through it: at layer {net-break} ({net-break-kind}) it says \"{net-message}\". The first shape is the activation reaching the Linear, {net-met}: one row per sample and its features. The second is the Linear's weight as it multiplies: in_features by out_features. The inner numbers must agree. The fix: {net-fix}.",
            "Press Apply the fix; or, as it was, which input size would Linear(400, 10) fit?",
            preset("model-9-mistake-linear-size"),
        )
        .checks(&[], &["Linear(400, 10)"]),
    ]
}
