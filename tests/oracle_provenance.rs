//! The reference cases in `tests/oracle/` are what real PyTorch and SciPy
//! compute: `tests/oracle/make_cases.py --check` recomputes every case of
//! every file from its inputs and compares it with the stored answer (see
//! `tests/oracle/PROVENANCE.md`). This test runs it and requires, for each
//! file, a summary line with more than 0 cases re-derived and 0 mismatches.
//!
//! Needs PyTorch, NumPy and SciPy: `common::torch_python()`
//! (`CONVLAB_TORCH_PYTHON`, else the venv `scripts/setup.sh` installs).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

const FILES: [&str; 5] = [
    "conv_cases.json",
    "transpose_cases.json",
    "stack_cases.json",
    "pool_cases.json",
    "model_cases.json",
];

fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle")
}

/// `make_cases.py ARGS...` run by the PyTorch Python.
fn make_cases(args: &[&str]) -> Output {
    let python = common::torch_python();
    assert!(
        python.exists(),
        "no Python with PyTorch at {}: run scripts/test.sh, which installs PyTorch, NumPy and \
         SciPy (once per machine) into ~/.cache/convlab/torch-venv, or set CONVLAB_TORCH_PYTHON \
         to a python that can import torch and scipy",
        python.display()
    );
    Command::new(&python)
        .arg(oracle_dir().join("make_cases.py"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()))
}

/// `<file>: <n> cases re-derived, <m> mismatches[, ...]` -> (n, m, the rest).
fn summary(stdout: &str, file: &str) -> Option<(usize, usize, String)> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("{file}: ")))?;
    let rest = line.strip_prefix(&format!("{file}: "))?;
    let (cases, rest) = rest.split_once(" cases re-derived, ")?;
    let (mismatches, tail) = rest.split_once(" mismatches")?;
    Some((
        cases.parse().ok()?,
        mismatches.parse().ok()?,
        tail.to_string(),
    ))
}

#[test]
fn every_stored_case_is_what_pytorch_and_scipy_compute() {
    let out = make_cases(&["--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "make_cases.py --check failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    for file in FILES {
        let (cases, mismatches, tail) = summary(&stdout, file)
            .unwrap_or_else(|| panic!("no summary line for {file} in:\n{stdout}"));
        assert!(cases > 0, "{file}: no case re-derived");
        assert_eq!(mismatches, 0, "{file}: mismatches:\n{stdout}");
        assert!(tail.is_empty(), "{file}: {tail}");
    }
}

/// The check can fail: one value changed in a copy of `conv_cases.json`
/// (in a temporary folder, never in `tests/oracle/`) is reported.
#[test]
fn a_changed_value_fails_the_check() {
    let dir = std::env::temp_dir().join(format!("convlab-oracle-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string(oracle_dir().join("conv_cases.json")).expect("conv cases");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let case = doc["cases"]
        .as_array_mut()
        .expect("cases")
        .iter_mut()
        .find(|c| c["name"] == "lecture-step-edge-convolve-valid")
        .expect("the lecture's first case");
    case["expected"][0][2] = serde_json::json!(9.001); // PyTorch says 9.0
    std::fs::write(dir.join("conv_cases.json"), doc.to_string()).expect("write the copy");

    let out = make_cases(&[
        "--check",
        "--dir",
        dir.to_str().unwrap(),
        "--only",
        "conv_cases.json",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "the changed value passed the check:\n{stdout}"
    );
    let (cases, mismatches, _) = summary(&stdout, "conv_cases.json").expect("a summary line");
    assert!(cases > 0);
    assert_eq!(mismatches, 1, "{stdout}");
    assert!(
        stdout.contains("lecture-step-edge-convolve-valid"),
        "the mismatch names its case:\n{stdout}"
    );
}
