//! What the native tests share: the oracle file and how to read its numbers.
#![allow(dead_code)] // each test file uses a part

use serde_json::Value;

/// The file named by `CONVLAB_ORACLE`, else `../shared/oracle/conv_cases.json`.
pub fn oracle_path() -> std::path::PathBuf {
    match std::env::var_os("CONVLAB_ORACLE") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/oracle/conv_cases.json"),
    }
}

/// A case file (`{"generator": ..., "cases": [...]}`).
pub fn load(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("oracle JSON")
}

pub fn oracle() -> Value {
    load(&oracle_path())
}

/// Nested lists of numbers as (shape, row-major values).
pub fn flatten(v: &Value) -> (Vec<usize>, Vec<f64>) {
    fn walk(v: &Value, depth: usize, shape: &mut Vec<usize>, out: &mut Vec<f64>) {
        match v {
            Value::Array(items) => {
                if shape.len() <= depth {
                    shape.push(items.len());
                }
                for item in items {
                    walk(item, depth + 1, shape, out);
                }
            }
            Value::Number(n) => out.push(n.as_f64().expect("a number")),
            other => panic!("not a number: {other}"),
        }
    }
    let (mut shape, mut values) = (Vec::new(), Vec::new());
    walk(v, 0, &mut shape, &mut values);
    (shape, values)
}

/// The tolerance of the oracle's README: 1e-9, relative or absolute.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

/// `../shared/oracle/stack_cases.json`: the layer stacks (`torch.sequential`).
pub fn stack_oracle() -> Value {
    load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oracle/stack_cases.json"),
    )
}
