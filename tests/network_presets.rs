//! The ready-made models of "Your own network" are the oracle's first
//! model cases, word for word, and run (or break) as PyTorch said.

use convlab::core::content::networks::{network_preset, network_presets, PresetKind};
use convlab::core::ops::network::infer;
use serde_json::Value;

mod common;

#[test]
fn every_preset_is_its_oracle_case() {
    let doc = common::load(&common::oracle_file("model_cases.json"));
    let cases = doc["cases"].as_array().unwrap();
    let presets = network_presets();
    assert_eq!(presets.len(), 13);
    for p in presets {
        let case = cases
            .iter()
            .find(|c| c["name"] == p.name.as_str())
            .unwrap_or_else(|| panic!("no oracle case {}", p.name));
        assert_eq!(case["text"], Value::from(p.text.as_str()), "{}", p.name);
        assert_eq!(case["format"], Value::from(p.format.as_str()), "{}", p.name);
        let shape: Vec<i64> = serde_json::from_value(case["input_shape"].clone()).unwrap();
        assert_eq!(shape, p.input_shape, "{}", p.name);
        let report = infer(&p.model(), &p.input_shape).unwrap();
        match p.kind {
            PresetKind::Architecture => {
                assert!(report.broken.is_none(), "{} breaks", p.name);
                assert_eq!(
                    report.params.map(|v| v as u64),
                    case["expected"]["params"].as_u64(),
                    "{}",
                    p.name
                );
            }
            PresetKind::Mistake => {
                let b = report.broken.expect("a mistake breaks");
                assert_eq!(
                    Value::from(b.message()),
                    case["error"]["message"],
                    "{}",
                    p.name
                );
                assert!(b.fix.is_some(), "{} has no fix", p.name);
            }
        }
    }
    // The eight architectures come first, in the oracle's order.
    let names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
    let oracle: Vec<&str> = cases[..13]
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, oracle);
    assert!(network_preset("model-2-vgg16-features").is_some());
}
