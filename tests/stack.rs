//! Layer stacks: the lesson scenes of section 10 against the oracle's stack
//! cases, the receptive-field formulas, the stack timeline, and the
//! refusals that are ConvLab's own (layer count, a stack asked for as one
//! convolution).

use convlab::core::content::lessons::stack as lessons;
use convlab::core::ops::stack::{Stack, StackError, StackLayer, StackScene, MAX_LAYERS};
use convlab::core::{ConvError, Op, PaddingMode, Plan, Scene};
use serde_json::Value;

mod common;

fn oracle_case(name: &str) -> Value {
    let doc = common::stack_oracle();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no oracle case {name}"))
        .clone()
}

fn stack_scene(scene: &Scene) -> &StackScene {
    match &scene.op {
        Op::Sequential(s) => s,
        other => panic!("not a stack: {other:?}"),
    }
}

fn oracle_scene(name: &str) -> StackScene {
    let scene = Scene::from_json(&oracle_case(name).to_string()).unwrap();
    stack_scene(&scene).clone()
}

fn stack_of(scene: &Scene) -> Stack {
    Stack::new(stack_scene(scene)).unwrap()
}

fn oracle_shapes(case: &Value) -> Vec<[usize; 4]> {
    serde_json::from_value(case["expected"]["shapes"].clone()).unwrap()
}

fn oracle_border_counts(case: &Value) -> Vec<usize> {
    let maps: Vec<Vec<Vec<u8>>> =
        serde_json::from_value(case["expected"]["border"].clone()).unwrap();
    maps.iter()
        .map(|m| m.iter().flatten().filter(|v| **v > 0).count())
        .collect()
}

/// `(cell, paths)` of the oracle's receptive fields, paths row-major.
fn oracle_fields(case: &Value) -> Vec<([usize; 2], Vec<u128>)> {
    case["expected"]["receptive_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rf| {
            let cell = serde_json::from_value(rf["cell"].clone()).unwrap();
            let (_, paths) = common::flatten(&rf["paths"]);
            (cell, paths.iter().map(|v| *v as u128).collect())
        })
        .collect()
}

/// The engine's receptive field over the input of a last-layer cell.
fn paths(stack: &Stack, cell: [usize; 2]) -> Vec<u128> {
    let field = stack.receptive_field(stack.len() - 1, cell).unwrap();
    field.input_paths().iter().copied().collect()
}

#[test]
fn three_valid_passes_are_the_oracle_case_and_shrink_8_6_4_2() {
    let scene = lessons::valid_x3();
    assert_eq!(
        stack_scene(&scene),
        &oracle_scene("stack-step-edge-valid-x3")
    );
    let case = oracle_case("stack-step-edge-valid-x3");
    let stack = stack_of(&scene);
    let hw: Vec<usize> = oracle_shapes(&case).iter().map(|s| s[2]).collect();
    assert_eq!(hw, [8, 6, 4, 2]);
    assert_eq!(stack.shapes(), oracle_shapes(&case));
    assert_eq!(oracle_border_counts(&case), [0, 0, 0]);
    assert!(stack.border_maps().iter().all(|m| m.count == 0));
    // r = 1 + 2 + 2 + 2 = 7; the centre of the 7x7 patch has 49 paths, its corners 1.
    let [rh, rw] = stack.receptive_size(2).unwrap();
    assert_eq!((rh.total.value, rw.total.value), (7, 7));
    assert_eq!(
        rh.total.substituted,
        "r_3 = 1 + (3 - 1)*1*1 + (3 - 1)*1*1 + (3 - 1)*1*1 = 7"
    );
    assert_eq!(rh.jump.value, 1);
    for (cell, want) in oracle_fields(&case) {
        assert_eq!(want.iter().max(), Some(&49));
        assert_eq!(want.iter().filter(|v| **v > 0).count(), 49);
        assert_eq!(paths(&stack, cell), want);
        let field = stack.receptive_field(2, cell).unwrap();
        let [[t, b], [l, r]] = field.bounds(0).unwrap();
        assert_eq!((b - t + 1, r - l + 1), (rh.total.value, rw.total.value));
        assert_eq!(field.input_paths()[[t, l]], 1);
    }
}

#[test]
fn a_fourth_valid_pass_is_refused_by_layer_3_as_pytorch_refuses_it() {
    let scene = lessons::valid_x4();
    assert_eq!(
        stack_scene(&scene),
        &oracle_scene("stack-step-edge-valid-x4")
    );
    let case = oracle_case("stack-step-edge-valid-x4");
    let err = Stack::new(stack_scene(&scene)).unwrap_err();
    assert_eq!(
        err.layer(),
        case["error_layer"].as_u64().map(|l| l as usize)
    );
    assert_eq!(err.layer(), Some(3));
    assert_eq!(err.reference_message().as_deref(), case["error"].as_str());
    assert!(
        err.explanation().starts_with("Layer 3 (the 4th): "),
        "{}",
        err.explanation()
    );
}

#[test]
fn four_same_passes_grow_the_invented_border_to_64_of_64() {
    let scene = lessons::same_x4();
    assert_eq!(
        stack_scene(&scene),
        &oracle_scene("stack-step-edge-same-x4")
    );
    let case = oracle_case("stack-step-edge-same-x4");
    let stack = stack_of(&scene);
    let counts: Vec<usize> = stack.border_maps().iter().map(|m| m.count).collect();
    assert_eq!(counts, oracle_border_counts(&case));
    assert_eq!(counts, [28, 48, 60, 64]);
    let last = &stack.border_maps()[3];
    assert_eq!((last.total, last.fraction()), (64, 1.0));
    assert_eq!(
        stack.border_sentence(3).unwrap(),
        "after 4 layers with padding=same on 8x8, 64 of 64 positions touch the invented border"
    );
    assert_eq!(
        stack.border_sentence(0).unwrap(),
        "after 1 layer with padding=same on 8x8, 28 of 64 positions touch the invented border"
    );
}

#[test]
fn reflect_folds_every_path_back_onto_real_pixels_and_zeros_drop_some() {
    let reflect = lessons::padded_x3(PaddingMode::Reflect);
    assert_eq!(
        stack_scene(&reflect),
        &oracle_scene("stack-step-edge-reflect-x3")
    );
    let case = oracle_case("stack-step-edge-reflect-x3");
    let stack = stack_of(&reflect);
    assert_eq!(oracle_border_counts(&case), [28, 48, 60]);
    let corner = oracle_fields(&case)
        .into_iter()
        .find(|(c, _)| *c == [0, 0])
        .unwrap()
        .1;
    assert_eq!(
        corner.iter().sum::<u128>(),
        729,
        "the oracle's corner keeps all 9^3 paths"
    );
    assert_eq!(paths(&stack, [0, 0]), corner);

    // zeros: the same border (it is structural), but the paths through
    // invented zeros are lost: 13 x 13 = 169 of them stay, on a 4x4 corner.
    let zeros = stack_of(&lessons::padded_x3(PaddingMode::Zeros));
    let counts: Vec<usize> = zeros.border_maps().iter().map(|m| m.count).collect();
    assert_eq!(counts, oracle_border_counts(&case));
    let field = zeros.receptive_field(2, [0, 0]).unwrap();
    assert_eq!(field.input_paths().iter().sum::<u128>(), 169);
    assert_eq!(field.bounds(0), Some([[0, 3], [0, 3]]));
}

#[test]
fn dilations_1_2_4_see_8x8_with_exactly_one_path_each() {
    let scene = lessons::dilated_1_2_4();
    let mine = stack_scene(&scene);
    let oracle = oracle_scene("stack-dilated-1-2-4");
    // The same layers on an input of the same size: the same structure.
    assert_eq!(mine.layers, oracle.layers);
    assert_eq!(mine.input.dim(), oracle.input.dim());
    let case = oracle_case("stack-dilated-1-2-4");
    let stack = stack_of(&scene);
    assert_eq!(stack.shapes(), oracle_shapes(&case));
    for (cell, want) in oracle_fields(&case) {
        assert_eq!(want.iter().filter(|v| **v == 1).count(), 64);
        assert_eq!(want.iter().filter(|v| **v > 1).count(), 0);
        assert_eq!(paths(&stack, cell), want);
    }
    let [rh, rw] = stack.receptive_size(2).unwrap();
    assert_eq!((rh.total.value, rw.total.value), (8, 8));
    assert_eq!(
        rh.total.substituted,
        "r_3 = 1 + (2 - 1)*1*1 + (2 - 1)*2*1 + (2 - 1)*4*1 = 8"
    );
    assert_eq!(rh.size.substituted, "r_3 = 4 + (2 - 1)*4*1 = 8");
}

#[test]
fn the_vgg_like_tower_has_the_oracle_towers_shapes_border_and_fields() {
    let scene = lessons::vgg_like();
    let mine = stack_scene(&scene);
    let oracle = oracle_scene("stack-vgg-like-16");
    assert_eq!(mine.input.dim(), oracle.input.dim());
    for (a, b) in mine.layers.iter().zip(&oracle.layers) {
        let (a, b) = (a.as_conv().unwrap(), b.as_conv().unwrap());
        assert_eq!(
            (
                a.weight.dim(),
                a.bias.is_some(),
                a.stride,
                a.padding,
                a.dilation,
                a.groups,
                a.padding_mode
            ),
            (
                b.weight.dim(),
                b.bias.is_some(),
                b.stride,
                b.padding,
                b.dilation,
                b.groups,
                b.padding_mode
            )
        );
    }
    let case = oracle_case("stack-vgg-like-16");
    let stack = stack_of(&scene);
    assert_eq!(stack.shapes(), oracle_shapes(&case));
    let counts: Vec<usize> = stack.border_maps().iter().map(|m| m.count).collect();
    assert_eq!(counts, oracle_border_counts(&case));
    for (cell, want) in oracle_fields(&case) {
        assert_eq!(paths(&stack, cell), want);
    }
    // The claims of the step: 16x16 to 8x8, jump 2, an 11x11 field.
    assert_eq!(stack.hw(4), Some([8, 8]));
    let [rh, _] = stack.receptive_size(3).unwrap();
    assert_eq!((rh.total.value, rh.jump.value), (11, 2));
    let centre = stack.receptive_field(3, [4, 4]).unwrap();
    let [[t, b], [l, r]] = centre.bounds(0).unwrap();
    assert_eq!((b - t + 1, r - l + 1), (11, 11));
}

#[test]
fn every_step_of_section_10_has_a_title_and_its_scene_behaves_as_the_words_say() {
    let steps = lessons::steps();
    assert_eq!(steps.len(), 7);
    for s in &steps {
        assert_eq!((s.section, s.view), (10, "stack"), "{}", s.id);
        let scene = s.scene();
        let refused = Stack::new(stack_scene(&scene)).is_err();
        assert_eq!(refused, s.id == "stack-valid-4", "{}", s.id);
        // A stack never opens as one convolution.
        assert!(matches!(
            Plan::new(&scene),
            Err(ConvError::StackNotOneConv { .. })
        ));
    }
}

#[test]
fn a_stack_is_not_one_convolution_and_says_where_it_opens() {
    let err = Plan::new(&lessons::same_x4()).unwrap_err();
    assert_eq!(err, ConvError::StackNotOneConv { layers: 4 });
    assert!(
        err.explanation().contains("stack view"),
        "{}",
        err.explanation()
    );
    assert_eq!(err.reference_message(), None);
    assert_eq!(lessons::same_x4().kind().name(), "torch.sequential");
}

#[test]
fn stacks_of_0_or_9_layers_are_refused_by_convlab() {
    let mut s = stack_scene(&lessons::valid_x3()).clone();
    let layer = s.layers[0].as_conv().unwrap().clone();
    s.layers.clear();
    assert_eq!(
        Stack::new(&s).unwrap_err(),
        StackError::LayerCount { layers: 0 }
    );
    s.layers = vec![
        StackLayer::Conv(convlab::core::Conv2dArgs {
            padding: convlab::core::Padding::SAME,
            ..layer
        });
        MAX_LAYERS + 1
    ];
    let err = Stack::new(&s).unwrap_err();
    assert_eq!(err.layer(), None);
    assert!(
        err.explanation().contains("1 to 8"),
        "{}",
        err.explanation()
    );
    s.layers.truncate(MAX_LAYERS);
    assert_eq!(Stack::new(&s).unwrap().len(), MAX_LAYERS);
}

#[test]
fn the_timeline_runs_through_every_layer_in_order() {
    let stack = stack_of(&lessons::valid_x3());
    let t = stack.timeline();
    assert_eq!(t.frame_count(), 36 + 16 + 4);
    assert_eq!(t.range(1), Some(36..52));
    assert_eq!(t.locate(0), Some((0, 0)));
    assert_eq!(t.locate(36), Some((1, 0)));
    assert_eq!(t.locate(55), Some((2, 3)));
    assert_eq!(t.locate(56), None);
    assert_eq!(t.global(2, 3), Some(55));
    assert_eq!(t.global(2, 4), None);
    for g in 0..t.frame_count() {
        let f = stack.frame_at(g).unwrap();
        assert_eq!(t.global(f.layer, f.local), Some(g));
        let [n, o, i, j] = f.frame.index;
        assert_eq!(
            f.frame.value.to_bits(),
            stack.outputs()[f.layer][[n, o, i, j]].to_bits()
        );
    }
}

#[test]
fn a_receptive_field_of_a_middle_layer_has_grids_for_every_level_below() {
    let stack = stack_of(&lessons::same_x4());
    let field = stack.receptive_field(1, [0, 7]).unwrap();
    assert_eq!(field.paths.len(), 2);
    // One layer below the picked cell, its 3x3 footprint minus the invented zeros.
    assert_eq!(field.inside(1), 4);
    assert_eq!(stack.receptive_field(1, [8, 0]), None);
    assert_eq!(stack.receptive_field(4, [0, 0]), None);
}

#[test]
fn the_caps_count_the_whole_chain() {
    // Each 1x1 layer keeps 1024x1024 = 2^20 values: four layers reach the
    // 2^22 frames a scene may have, the fifth is one too many.
    let layer = StackLayer::conv(
        ndarray::Array4::ones((1, 1, 1, 1)),
        convlab::core::Padding::VALID,
    );
    let s = StackScene::new(ndarray::Array4::zeros((1, 1, 1024, 1024)), vec![layer; 5]);
    let err = Stack::new(&s).unwrap_err();
    assert_eq!(err.layer(), Some(4));
    assert!(matches!(
        err.conv_error(),
        Some(ConvError::TooLarge { size, cap, .. }) if *size == 5 << 20 && *cap == convlab::core::model::limits::MAX_ELEMENTS
    ));
    assert_eq!(err.reference_message(), None);
}

#[test]
fn a_conv2d_scene_becomes_a_one_layer_stack_with_the_same_output() {
    let mut scene = convlab::core::content::presets::lecture_scene("lecture-groups-2").unwrap();
    let single = Plan::new(&scene).unwrap().output();
    scene.set_kind(convlab::core::OpKind::Sequential);
    let stack = stack_of(&scene);
    assert_eq!(stack.len(), 1);
    assert_eq!(stack.output(), &single);
    // And back: the stack's input and first filter become SciPy's arrays.
    scene.set_kind(convlab::core::OpKind::Correlate);
    assert!(Plan::new(&scene).is_ok());
}

/// The view recomputes border maps and receptive fields only when the
/// geometry changes: it must change with every structural setting and with
/// no value.
#[test]
fn geometry_follows_structure_not_values() {
    let scene = lessons::valid_x3();
    let base = stack_scene(&scene).clone();
    let geometry = |s: &StackScene| Stack::new(s).unwrap().geometry();
    let mut values = base.clone();
    values.input.mapv_inplace(|v| v * 3.0 - 1.0);
    values.layers[1]
        .as_conv_mut()
        .unwrap()
        .weight
        .mapv_inplace(|v| v + 0.5);
    values.layers[2].as_conv_mut().unwrap().bias =
        Some(vec![
            2.0;
            values.layers[2].as_conv().unwrap().weight.dim().0
        ]);
    assert_eq!(geometry(&base), geometry(&values));
    let mut mode = base.clone();
    mode.layers[0].as_conv_mut().unwrap().padding = convlab::core::Padding::Explicit([1, 1]);
    mode.layers[0].as_conv_mut().unwrap().padding_mode = PaddingMode::Reflect;
    let mut dilated = base.clone();
    dilated.layers[2].as_conv_mut().unwrap().dilation = [2, 1];
    dilated.input = ndarray::Array4::zeros((1, 1, 9, 8));
    for other in [mode, dilated] {
        assert_ne!(geometry(&base), geometry(&other));
        // Equal geometry, equal border maps: what the view relies on.
        let (a, b) = (Stack::new(&other).unwrap(), Stack::new(&values).unwrap());
        assert_ne!(a.border_maps(), b.border_maps());
    }
    let (a, b) = (Stack::new(&base).unwrap(), Stack::new(&values).unwrap());
    assert_eq!(a.border_maps(), b.border_maps());
    assert_eq!(a.receptive_field(2, [1, 1]), b.receptive_field(2, [1, 1]));
}

/// Every layer's weight and bias is editable value by value: `Kernel` is
/// layer 0's weight, `Layer(l)` layer `l`'s, and the chain recomputes.
#[test]
fn any_layers_weight_and_bias_are_edited_value_by_value() {
    use convlab::core::model::edit::Target;
    let mut scene = lessons::valid_x3();
    let w2 = scene.dim(Target::Layer(2));
    assert_eq!(w2, {
        let (o, c, h, w) = stack_scene(&scene).layers[2]
            .as_conv()
            .unwrap()
            .weight
            .dim();
        [o, c, h, w]
    });
    assert_eq!(scene.dim(Target::Kernel), scene.dim(Target::Layer(0)));
    scene.set_value(Target::Layer(2), [0, 0, 1, 2], 7.5);
    scene.set_value(Target::Kernel, [0, 0, 0, 0], -2.0);
    assert_eq!(scene.value(Target::Layer(2), [0, 0, 1, 2]), Some(7.5));
    assert_eq!(scene.value(Target::Layer(0), [0, 0, 0, 0]), Some(-2.0));
    let s = stack_scene(&scene);
    assert_eq!(s.layers[2].as_conv().unwrap().weight[[0, 0, 1, 2]], 7.5);
    assert_eq!(s.layers[0].as_conv().unwrap().weight[[0, 0, 0, 0]], -2.0);
    // Out of range: nothing, and no panic.
    assert_eq!(scene.value(Target::Layer(9), [0, 0, 0, 0]), None);
    scene.set_value(Target::Layer(9), [0, 0, 0, 0], 1.0);
    scene.set_value(Target::Layer(1), [5, 5, 5, 5], 1.0);
    assert_eq!(scene.dim(Target::Layer(9)), [0; 4]);
    // A single conv2d has no layers.
    let mut conv =
        Scene::from_json(r#"{"op":"torch.conv2d","input":[[[[1.0]]]],"weight":[[[[2.0]]]]}"#)
            .unwrap();
    let before = conv.clone();
    conv.set_value(Target::Layer(0), [0, 0, 0, 0], 5.0);
    conv.resize(Target::Layer(0), [2, 2, 2, 2]);
    assert_eq!(conv, before);
    assert_eq!(conv.value(Target::Layer(0), [0, 0, 0, 0]), None);
    // A bias value, on a layer that has one.
    let mut s = stack_scene(&scene).clone();
    s.set_bias(1, 0, 3.0);
    assert_eq!(s.layers[1].as_conv().unwrap().bias, None);
    s.set_bias_enabled(1, true);
    s.set_bias(1, 0, 3.0);
    s.set_bias(1, 99, 3.0);
    assert_eq!(
        s.layers[1].as_conv().unwrap().bias.as_ref().unwrap()[0],
        3.0
    );
    // The chain sees the new weight: layer 2's output moves by 7.5 times
    // the value its kernel position reads.
    let before = Stack::new(stack_scene(&lessons::valid_x3())).unwrap();
    let mut edited = stack_scene(&lessons::valid_x3()).clone();
    let old = edited.layers[2].as_conv().unwrap().weight[[0, 0, 1, 2]];
    edited.layers[2].as_conv_mut().unwrap().weight[[0, 0, 1, 2]] = old + 1.0;
    let after = Stack::new(&edited).unwrap();
    let read = before.level(2).unwrap()[[0, 0, 1, 2]];
    assert_eq!(
        after.output()[[0, 0, 0, 0]] - before.output()[[0, 0, 0, 0]],
        read
    );
}

/// The channels a picked cell spans are the ones whose values change it:
/// with every weight 1, raising one input channel changes output channel
/// `c` of the last layer exactly when the core lists that channel.
#[test]
fn the_channels_a_cell_reads_are_those_that_change_it() {
    let scene = Scene::from_json(
        r#"{"op": "torch.sequential",
            "input": [[[[1,2,3],[4,5,6],[7,8,9]], [[1,1,1],[1,1,1],[1,1,1]],
                       [[2,2,2],[2,2,2],[2,2,2]], [[0,1,0],[1,0,1],[0,1,0]]]],
            "layers": [{"weight": [[[[1]],[[1]]], [[[1]],[[1]]], [[[1]],[[1]]], [[[1]],[[1]]]], "groups": 2},
                       {"weight": [[[[1]]], [[[1]]], [[[1]]], [[[1]]]], "groups": 4}]}"#,
    )
    .unwrap();
    let base = stack_of(&scene);
    let out = |s: &Stack| s.level(2).unwrap().clone();
    for c in 0..4 {
        let listed = base.channels_read(1, c);
        let mut changed = Vec::new();
        for x in 0..4 {
            let mut bumped = scene.clone();
            if let Op::Sequential(st) = &mut bumped.op {
                st.input
                    .index_axis_mut(ndarray::Axis(1), x)
                    .mapv_inplace(|v| v + 1.0);
            }
            let a = out(&base);
            let b = out(&stack_of(&bumped));
            if a.index_axis(ndarray::Axis(1), c) != b.index_axis(ndarray::Axis(1), c) {
                changed.push(x);
            }
        }
        assert_eq!(listed, changed, "output channel {c}");
    }
    assert_eq!(base.channels_read(1, 3), vec![2, 3]);
}
