//! Scenes and share links made before stacks had pool layers open as they
//! did: a conv layer's JSON is read into the same arguments and written
//! back character for character, with no new field; a pool layer is told
//! apart by its `pool` field and round-trips too.

use convlab::core::export::share::{scene_fragment, scene_from_fragment};
use convlab::core::ops::stack::{PoolArgs, PoolKind, StackLayer};
use convlab::core::{Conv2dArgs, Op, Scene};
use serde_json::Value;

mod common;

/// A link as ConvLab made it before pool layers: two conv layers (a bias,
/// reflect padding, a named padding, a stride), with a title. Its JSON is
/// base64url-encoded without padding (`base64.urlsafe_b64encode`).
const OLD_LINK: &str = "#scene=eyJvcCI6InRvcmNoLnNlcXVlbnRpYWwiLCJpbnB1dCI6W1tbWzEuMCwyLjAsMy4wXSxbNC4wLDUuMCw2LjBdLFs3LjAsOC4wLDkuNV1dXV0sImxheWVycyI6W3sid2VpZ2h0IjpbW1tbMS4wLDAuMF0sWzAuMCwtMS4wXV1dXSwiYmlhcyI6WzAuMjVdLCJzdHJpZGUiOlsxLDFdLCJwYWRkaW5nIjpbMSwxXSwiZGlsYXRpb24iOlsxLDFdLCJncm91cHMiOjEsInBhZGRpbmdfbW9kZSI6InJlZmxlY3QifSx7IndlaWdodCI6W1tbWzAuNV1dXV0sImJpYXMiOm51bGwsInN0cmlkZSI6WzIsMl0sInBhZGRpbmciOiJ2YWxpZCIsImRpbGF0aW9uIjpbMSwxXSwiZ3JvdXBzIjoxLCJwYWRkaW5nX21vZGUiOiJ6ZXJvcyJ9XSwidGl0bGUiOiJtYWRlIGJlZm9yZSBwb29scyJ9";

/// The JSON inside [`OLD_LINK`].
const OLD_JSON: &str = r#"{"op":"torch.sequential","input":[[[[1.0,2.0,3.0],[4.0,5.0,6.0],[7.0,8.0,9.5]]]],"layers":[{"weight":[[[[1.0,0.0],[0.0,-1.0]]]],"bias":[0.25],"stride":[1,1],"padding":[1,1],"dilation":[1,1],"groups":1,"padding_mode":"reflect"},{"weight":[[[[0.5]]]],"bias":null,"stride":[2,2],"padding":"valid","dilation":[1,1],"groups":1,"padding_mode":"zeros"}],"title":"made before pools"}"#;

#[test]
fn an_old_link_opens_to_the_same_layers_and_is_made_again_unchanged() {
    let scene = scene_from_fragment(OLD_LINK).unwrap();
    assert_eq!(scene, Scene::from_json(OLD_JSON).unwrap());
    let Op::Sequential(s) = &scene.op else {
        panic!("a stack")
    };
    // Each layer holds exactly what the conv arguments read from its JSON
    // (the type a stack's layer was before pools).
    let doc: Value = serde_json::from_str(OLD_JSON).unwrap();
    for (layer, json) in s.layers.iter().zip(doc["layers"].as_array().unwrap()) {
        let old: Conv2dArgs = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(layer, &StackLayer::Conv(old));
    }
    assert_eq!(scene.to_json(), OLD_JSON);
    assert_eq!(scene_fragment(&scene), OLD_LINK);
}

/// Every stack of the oracle (the case format links and files use): its
/// layers are written back exactly as the case has them, and exactly as
/// the conv arguments alone write them.
#[test]
fn every_oracle_stack_writes_its_layers_back_unchanged() {
    let doc = common::stack_oracle();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() > 100);
    for case in cases {
        let scene = Scene::from_json(&case.to_string()).unwrap();
        let Op::Sequential(s) = &scene.op else {
            panic!("a stack")
        };
        let written = serde_json::to_value(&s.layers).unwrap();
        assert_eq!(written, case["layers"], "{}", case["name"]);
        let old: Vec<Conv2dArgs> = serde_json::from_value(case["layers"].clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&s.layers).unwrap(),
            serde_json::to_string(&old).unwrap()
        );
    }
}

#[test]
fn a_pool_layer_round_trips_through_a_link() {
    let mut scene = Scene::from_json(OLD_JSON).unwrap();
    scene.edit_stack(|s| {
        s.layers.push(StackLayer::Pool(PoolArgs {
            stride: Some([1, 2]),
            padding: [1, 0],
            ceil_mode: true,
            count_include_pad: false,
            divisor_override: Some(3),
            ..PoolArgs::new(PoolKind::Avg, [2, 1])
        }));
        s.layers.push(StackLayer::Pool(PoolArgs {
            dilation: [2, 1],
            ..PoolArgs::new(PoolKind::Max, [2, 2])
        }));
    });
    let link = scene_fragment(&scene);
    assert_eq!(scene_from_fragment(&link).unwrap(), scene);
    let json: Value = serde_json::from_str(&scene.to_json()).unwrap();
    // The stride, count_include_pad and divisor_override PyTorch would
    // use anyway are left out.
    assert_eq!(
        json["layers"][3],
        serde_json::json!({"pool": "max", "kernel_size": [2, 2], "padding": [0, 0], "dilation": [2, 1], "ceil_mode": false})
    );
}
