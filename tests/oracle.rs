//! Every reference case computed by real PyTorch and SciPy: values match to
//! 1e-9, and every configuration the reference refused is refused here with
//! the reference's own message.
//!
//! Reads the file named by `CONVLAB_ORACLE`, else `../shared/oracle/conv_cases.json`.

use convlab::core::{Plan, Scene};
use serde_json::Value;

fn oracle_path() -> std::path::PathBuf {
    match std::env::var_os("CONVLAB_ORACLE") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oracle/conv_cases.json"),
    }
}

/// Flatten nested lists of numbers into (shape, values).
fn flatten(v: &Value, depth: usize, shape: &mut Vec<usize>, out: &mut Vec<f64>) {
    match v {
        Value::Array(items) => {
            if shape.len() <= depth {
                shape.push(items.len());
            }
            for item in items {
                flatten(item, depth + 1, shape, out);
            }
        }
        Value::Number(n) => out.push(n.as_f64().expect("a number")),
        other => panic!("unexpected value in expected output: {other}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

#[test]
fn every_oracle_case_matches_the_reference() {
    let path = oracle_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("oracle JSON");
    let cases = doc["cases"].as_array().expect("a `cases` array");
    let (mut matched, mut refused, mut failures) = (0, 0, Vec::new());
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let scene = match Scene::from_json(&case.to_string()) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: does not decode: {e}"));
                continue;
            }
        };
        let plan = Plan::new(&scene);
        match (case.get("error").and_then(Value::as_str), plan) {
            (Some(want), Err(e)) => {
                let said = e.reference_message().unwrap_or_default();
                if said == want {
                    refused += 1;
                } else {
                    failures.push(format!("{name}: refused, but with\n    {said}\n  where the reference says\n    {want}"));
                }
            }
            (Some(want), Ok(_)) => failures.push(format!("{name}: accepted, but the reference refused: {want}")),
            (None, Err(e)) => failures.push(format!("{name}: refused unexpectedly: {e}")),
            (None, Ok(plan)) => {
                let (mut shape, mut want) = (Vec::new(), Vec::new());
                flatten(&case["expected"], 0, &mut shape, &mut want);
                let out = plan.output();
                let got_shape: Vec<usize> = if shape.len() == 2 { out.shape()[2..].to_vec() } else { out.shape().to_vec() };
                if got_shape != shape {
                    failures.push(format!("{name}: output shape {got_shape:?}, reference {shape:?}"));
                    continue;
                }
                let bad = out.iter().zip(&want).enumerate().find(|(_, (g, w))| !close(**g, **w));
                match bad {
                    None => matched += 1,
                    Some((k, (g, w))) => failures.push(format!("{name}: element {k} is {g}, reference {w}")),
                }
            }
        }
    }
    println!(
        "oracle: {} cases, {matched} matched, {refused} refused as the reference did, {} mismatched",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{} case(s) disagree with the reference:\n  {}", failures.len(), failures.join("\n  "));
    assert_eq!(matched + refused, cases.len());
}
