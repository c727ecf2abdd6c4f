//! The pooling engine against every case of `tests/oracle/pool_cases.json`
//! (real PyTorch, float64): each case's `args` are written as the module
//! call a person would paste (`nn.MaxPool2d(kernel_size=2, stride=3)`),
//! read by the network parser, and run on the case's input. The output
//! must match within 1e-9, its shape exactly, and every refusal must be
//! PyTorch's first line, character for character. With `CONVLAB_ORACLE`
//! set, the pool cases of that file instead (maybe none, or mixed with
//! other ops).

use convlab::core::ops::network::{parse_layer, pool2d, Pool};
use ndarray::Array4;
use serde_json::Value;

mod common;
use common::Kind;

/// A JSON argument as Python source: `2`, `(1, 0)`, `None`, `True`.
fn py(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(py).collect();
            format!("({})", parts.join(", "))
        }
        other => panic!("an argument that is not a number, pair or None: {other}"),
    }
}

/// `nn.MaxPool2d(kernel_size=2, stride=3)` for a case.
fn call_of(case: &Value) -> String {
    let class = match case["op"].as_str().unwrap() {
        "torch.max_pool2d" => "MaxPool2d",
        "torch.avg_pool2d" => "AvgPool2d",
        "torch.adaptive_avg_pool2d" => "AdaptiveAvgPool2d",
        "torch.adaptive_max_pool2d" => "AdaptiveMaxPool2d",
        other => panic!("unknown pool op {other}"),
    };
    let args: Vec<String> = case["args"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| format!("{k}={}", py(v)))
        .collect();
    format!("nn.{class}({})", args.join(", "))
}

fn input_of(case: &Value) -> Array4<f64> {
    let (shape, values) = common::flatten(&case["input"]);
    let dims: [usize; 4] = shape.try_into().expect("a 4-D input");
    Array4::from_shape_vec(dims, values).unwrap()
}

/// The in-repo pool cases, whatever `CONVLAB_ORACLE` says: what the
/// repository's oracle covers.
fn own_cases() -> Vec<Value> {
    common::cases_in(Kind::Pool, &common::oracle_file(Kind::Pool.file()))
}

/// What is wrong with one case, if anything.
fn disagreement(case: &Value) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let call = call_of(case);
    let layer = match parse_layer(&call) {
        Ok(l) => l,
        Err(e) => return Some(format!("{name}: {call} does not parse: {e}")),
    };
    let pool = Pool::of(&layer).expect("a pool layer");
    let got = pool2d(&input_of(case), &pool);
    match (&case["error"], got) {
        (Value::String(want), Err(e)) if e.message() == *want => None,
        (Value::String(want), Err(e)) => Some(format!(
            "{name}: {call}\n  said  {}\n  torch {want}",
            e.message()
        )),
        (Value::String(want), Ok(out)) => Some(format!(
            "{name}: {call} gave {:?}, torch refused: {want}",
            out.dim()
        )),
        (_, Err(e)) => Some(format!(
            "{name}: {call} refused ({}), torch computed it",
            e.message()
        )),
        (_, Ok(out)) => {
            let want_shape: Vec<usize> =
                serde_json::from_value(case["expected"]["shape"].clone()).unwrap();
            let (_, want) = common::flatten(&case["expected"]["output"]);
            let shape = out.shape().to_vec();
            if shape != want_shape {
                return Some(format!(
                    "{name}: {call} shape {shape:?}, torch {want_shape:?}"
                ));
            }
            let bad = out
                .iter()
                .zip(&want)
                .position(|(g, w)| !common::close(*g, *w));
            bad.map(|k| {
                format!(
                    "{name}: {call} value {k}: {} vs torch {}",
                    out.iter().nth(k).unwrap(),
                    want[k]
                )
            })
        }
    }
}

#[test]
fn every_pool_case_matches_pytorch() {
    let oracle = common::cases(Kind::Pool);
    if !oracle.given {
        assert_eq!(oracle.cases.len(), 300, "the oracle holds 300 pool cases");
    }
    let cases = oracle.cases;
    let bad: Vec<String> = cases.iter().filter_map(disagreement).collect();
    assert!(
        bad.is_empty(),
        "{} of {} cases disagree:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

#[test]
fn the_cases_cover_every_rule_and_option() {
    // The comparison above means something only if the oracle exercises
    // what the engine implements: count what it covers.
    let cases = own_cases();
    let has = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count();
    let arg = |c: &Value, k: &str| c["args"].get(k).cloned();
    assert!(
        has(&|c| arg(c, "ceil_mode") == Some(Value::Bool(true)) && c["expected"].is_object()) > 5
    );
    assert!(
        has(&|c| arg(c, "count_include_pad") == Some(Value::Bool(false))
            && c["expected"].is_object())
            > 3
    );
    assert!(has(&|c| arg(c, "divisor_override").is_some() && c["expected"].is_object()) > 3);
    assert!(has(&|c| arg(c, "output_size").is_some_and(|o| o.to_string().contains("null"))) > 3);
    assert!(
        has(&|c| c["error"]
            .as_str()
            .is_some_and(|e| e.contains("Output size is too small")))
            > 10
    );
    assert!(
        has(&|c| c["error"]
            .as_str()
            .is_some_and(|e| e.contains("pad should be at most half")))
            > 10
    );
    assert!(has(&|c| c["error"].as_str() == Some("stride should not be zero")) > 0);
}
