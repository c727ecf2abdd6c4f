//! What the native tests share: the oracle file and how to read its numbers.
#![allow(dead_code)] // each test file uses a part

use serde_json::Value;

/// `tests/oracle/<file>`: the reference cases kept in the repository (see
/// `tests/oracle/PROVENANCE.md`).
pub fn oracle_file(file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(file)
}

/// The file named by `CONVLAB_ORACLE`, else `tests/oracle/conv_cases.json`.
pub fn oracle_path() -> std::path::PathBuf {
    match std::env::var_os("CONVLAB_ORACLE") {
        Some(p) => p.into(),
        None => oracle_file("conv_cases.json"),
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

/// `tests/oracle/stack_cases.json`: the layer stacks (`torch.sequential`).
pub fn stack_oracle_path() -> std::path::PathBuf {
    oracle_file("stack_cases.json")
}

pub fn stack_oracle() -> Value {
    load(&stack_oracle_path())
}

// Real PyTorch, from the venv `scripts/setup.sh` installs it into.

/// The Python that has PyTorch: `CONVLAB_TORCH_PYTHON`, else
/// `${XDG_CACHE_HOME:-$HOME/.cache}/convlab/torch-venv/bin/python`.
pub fn torch_python() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("CONVLAB_TORCH_PYTHON") {
        return p.into();
    }
    let cache = match std::env::var_os("XDG_CACHE_HOME") {
        Some(c) if !c.is_empty() => std::path::PathBuf::from(c),
        _ => std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"),
    };
    cache.join("convlab/torch-venv/bin/python")
}

/// Runs `script` (fed on stdin) with the PyTorch Python and returns what it
/// printed; panics with its stderr when it fails.
pub fn run_torch_python(script: &str) -> String {
    run_torch_python_in(script, &std::env::temp_dir())
}

/// [`run_torch_python`] in the working directory `dir`.
pub fn run_torch_python_in(script: &str, dir: &std::path::Path) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let python = torch_python();
    assert!(
        python.exists(),
        "no Python with PyTorch at {}: run scripts/test.sh, which installs PyTorch (once per \
         machine) into ~/.cache/convlab/torch-venv and points CONVLAB_TORCH_PYTHON at it, \
         or set CONVLAB_TORCH_PYTHON to a python that can import torch",
        python.display()
    );
    let mut child = Command::new(&python)
        .arg("-")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    stdin
        .write_all(script.as_bytes())
        .expect("write the script");
    drop(stdin);
    let out = child.wait_with_output().expect("wait for python");
    assert!(
        out.status.success(),
        "{} failed:\n{}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("python printed UTF-8")
}
