//! The layer list's edits: every structural edit keeps a valid stack valid
//! (the channels along the chain follow), the layer count stays within
//! 1..=8, and each edit changes what it names. Validity is PyTorch's own
//! verdict where it matters: the oracle's cases are the starting stacks.

use convlab::core::model::edit::Target;
use convlab::core::ops::stack::{LayerFill, Stack, StackScene, MAX_LAYERS};
use convlab::core::{Op, Padding, Scene};

mod common;

/// The oracle's stacks that PyTorch ran without error.
fn valid_cases() -> Vec<StackScene> {
    let doc = common::stack_oracle();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("expected").is_some())
        .map(|c| match Scene::from_json(&c.to_string()).unwrap().op {
            Op::Sequential(s) => s,
            other => panic!("not a stack: {other:?}"),
        })
        .collect()
}

fn weights(s: &StackScene) -> Vec<[usize; 4]> {
    s.layers
        .iter()
        .map(|l| {
            let (a, b, c, d) = l.as_conv().unwrap().weight.dim();
            [a, b, c, d]
        })
        .collect()
}

#[test]
fn oracle_stacks_are_valid_here_too() {
    let cases = valid_cases();
    assert!(cases.len() >= 50, "{} valid oracle stacks", cases.len());
    for s in &cases {
        assert!(Stack::new(s).is_ok(), "{s:?}");
    }
}

#[test]
fn duplicating_and_adding_keep_a_valid_same_stack_valid() {
    // Layers with padding='same' keep H and W, so a copy always fits.
    let mut same: Vec<StackScene> = valid_cases()
        .into_iter()
        .filter(|s| {
            s.layers
                .iter()
                .all(|l| l.as_conv().is_some_and(|l| l.padding == Padding::SAME))
        })
        .collect();
    assert!(!same.is_empty());
    for s in &mut same {
        let n = s.layers.len();
        s.duplicate_layer(0);
        assert_eq!(s.layers.len(), (n + 1).min(MAX_LAYERS));
        s.add_layer();
        assert_eq!(s.layers.len(), (n + 2).min(MAX_LAYERS));
        assert!(Stack::new(s).is_ok(), "{:?}", Stack::new(s).err());
    }
}

#[test]
fn out_channels_flow_into_the_next_layer() {
    for mut s in valid_cases().into_iter().filter(|s| s.layers.len() >= 2) {
        let g1 = s.layers[1].as_conv().unwrap().groups as usize;
        let g0 = s.layers[0].as_conv().unwrap().groups as usize;
        // A count both groups divide.
        let out = g0 * g1 * 3;
        s.set_out_channels(0, out);
        assert_eq!(s.layers[0].as_conv().unwrap().weight.dim().0, out);
        assert_eq!(s.layers[1].as_conv().unwrap().weight.dim().1, out / g1);
        if let Some(b) = &s.layers[0].as_conv().unwrap().bias {
            assert_eq!(b.len(), out);
        }
        assert!(Stack::new(&s).is_ok(), "{:?}", Stack::new(&s).err());
    }
}

#[test]
fn removing_and_moving_refit_channels() {
    for mut s in valid_cases().into_iter().filter(|s| s.layers.len() >= 3) {
        let before = weights(&s);
        s.move_layer(0, true); // the first layer cannot move up
        assert_eq!(weights(&s), before);
        let last = s.layers.len() - 1;
        s.move_layer(last, false); // nor the last down
        assert_eq!(weights(&s), before);
        s.move_layer(1, true);
        assert_eq!(s.layers.len(), before.len());
        for l in 0..s.layers.len() {
            let layer = s.layers[l].as_conv().unwrap();
            let c = s.channels_into(l) as i64;
            if c % layer.groups == 0 {
                assert_eq!(layer.weight.dim().1 as i64 * layer.groups, c, "layer {l}");
            }
        }
        s.remove_layer(1);
        assert_eq!(s.layers.len(), before.len() - 1);
    }
}

#[test]
fn layer_count_stays_between_one_and_eight() {
    let mut s = valid_cases().remove(0);
    for _ in 0..20 {
        s.add_layer();
    }
    assert_eq!(s.layers.len(), MAX_LAYERS);
    for _ in 0..20 {
        s.remove_layer(0);
    }
    assert_eq!(s.layers.len(), 1);
    s.remove_layer(5);
    s.move_layer(7, true);
    s.duplicate_layer(9);
    assert_eq!(s.layers.len(), 1);
}

#[test]
fn kernel_size_fill_and_bias() {
    let mut s = valid_cases().remove(0);
    s.set_kernel_size(0, [5, 0]);
    let (_, _, kh, kw) = s.layers[0].as_conv().unwrap().weight.dim();
    assert_eq!([kh, kw], [5, 1]);
    s.fill_layer(0, LayerFill::Ones, 1);
    assert!(s.layers[0]
        .as_conv()
        .unwrap()
        .weight
        .iter()
        .all(|v| *v == 1.0));
    s.fill_layer(0, LayerFill::RandomInt, 7);
    assert!(s.layers[0]
        .as_conv()
        .unwrap()
        .weight
        .iter()
        .all(|v| v.fract() == 0.0 && v.abs() <= 2.0));
    s.set_bias_enabled(0, true);
    assert_eq!(
        s.layers[0].as_conv().unwrap().bias.as_ref().map(Vec::len),
        Some(s.layers[0].as_conv().unwrap().weight.dim().0)
    );
    s.fill_layer(0, LayerFill::LikeConv2d, 3);
    let (_, cg, kh, kw) = s.layers[0].as_conv().unwrap().weight.dim();
    let bound = 1.0 / ((cg * kh * kw) as f64).sqrt();
    assert!(s.layers[0]
        .as_conv()
        .unwrap()
        .weight
        .iter()
        .all(|v| v.abs() <= bound + 1e-4));
    assert!(s.layers[0]
        .as_conv()
        .unwrap()
        .bias
        .as_ref()
        .unwrap()
        .iter()
        .any(|v| *v != 0.0));
    s.set_bias_enabled(0, false);
    assert!(s.layers[0].as_conv().unwrap().bias.is_none());
}

#[test]
fn input_channels_flow_into_layer_zero() {
    let mut scene = valid_cases()
        .into_iter()
        .find(|s| s.layers[0].as_conv().unwrap().groups == 1)
        .unwrap()
        .scene();
    let mut d = scene.dim(Target::Input);
    d[1] = 5;
    scene.resize(Target::Input, d);
    let s = scene.stack().unwrap();
    assert_eq!(s.layers[0].as_conv().unwrap().weight.dim().1, 5);
    assert!(Stack::new(s).is_ok());
}
