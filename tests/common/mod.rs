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

/// A case file (`{"generator": ..., "cases": [...]}`).
pub fn load(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("oracle JSON")
}

// Reference cases by kind. `CONVLAB_ORACLE=FILE` makes every runner take
// its cases from FILE instead of its in-repo file: FILE may hold cases of
// one kind or of several mixed, and each runner picks those of its kind
// by their `op` (see tests/oracle/README.md). A runner that finds none of
// its kind in FILE says so and passes; an in-repo file must have some.

/// The kinds of reference case, each with its runners.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `torch.conv2d`, `scipy.convolve2d`, `scipy.correlate2d`.
    Conv,
    /// `torch.conv_transpose2d`.
    Transpose,
    /// `torch.sequential`: stacks of conv layers.
    Stack,
    /// The four pools.
    Pool,
    /// `torch.nn.Sequential`: whole models as text.
    Model,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Conv,
        Kind::Transpose,
        Kind::Stack,
        Kind::Pool,
        Kind::Model,
    ];

    /// The `op`s of this kind's cases.
    pub fn ops(self) -> &'static [&'static str] {
        match self {
            Kind::Conv => &["torch.conv2d", "scipy.convolve2d", "scipy.correlate2d"],
            Kind::Transpose => &["torch.conv_transpose2d"],
            Kind::Stack => &["torch.sequential"],
            Kind::Pool => &[
                "torch.max_pool2d",
                "torch.avg_pool2d",
                "torch.adaptive_avg_pool2d",
                "torch.adaptive_max_pool2d",
            ],
            Kind::Model => &["torch.nn.Sequential"],
        }
    }

    /// The kind of a case, by its `op`.
    pub fn of(case: &Value) -> Option<Kind> {
        let op = case["op"].as_str()?;
        Kind::ALL.into_iter().find(|k| k.ops().contains(&op))
    }

    /// The in-repo file of this kind.
    pub fn file(self) -> &'static str {
        match self {
            Kind::Conv => "conv_cases.json",
            Kind::Transpose => "transpose_cases.json",
            Kind::Stack => "stack_cases.json",
            Kind::Pool => "pool_cases.json",
            Kind::Model => "model_cases.json",
        }
    }
}

/// The cases of one kind a runner runs, and where they come from.
pub struct Cases {
    pub cases: Vec<Value>,
    pub path: std::path::PathBuf,
    /// `CONVLAB_ORACLE` named the file (else it is the in-repo one): it
    /// may hold none of this kind, and the in-repo counts do not apply.
    pub given: bool,
}

impl Cases {
    /// Asserts `got > more_than` for the in-repo file (what its coverage
    /// guarantees); for a given file, only prints the count.
    pub fn more_than(&self, got: usize, more_than: usize, what: &str) {
        if self.given {
            println!("{got} {what} from {}", self.path.display());
        } else {
            assert!(got > more_than, "only {got} {what}");
        }
    }
}

/// The cases of `kind` in the file at `path`, in the file's order.
pub fn cases_in(kind: Kind, path: &std::path::Path) -> Vec<Value> {
    let doc = load(path);
    let all = doc["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no `cases` array", path.display()));
    all.iter()
        .filter(|c| Kind::of(c) == Some(kind))
        .cloned()
        .collect()
}

/// The cases of `kind`: those of `CONVLAB_ORACLE`'s file when it is set
/// (maybe none: the runner then passes, saying it found 0), else the
/// in-repo file's (which must have some).
pub fn cases(kind: Kind) -> Cases {
    let (path, given) = match std::env::var_os("CONVLAB_ORACLE") {
        Some(p) => (std::path::PathBuf::from(p), true),
        None => (oracle_file(kind.file()), false),
    };
    let cases = cases_in(kind, &path);
    if given {
        println!(
            "CONVLAB_ORACLE: {} {kind:?} case(s) of {} in {}",
            cases.len(),
            kind.ops().join(", "),
            path.display()
        );
    } else {
        assert!(
            !cases.is_empty(),
            "the in-repo {} has no {kind:?} case",
            path.display()
        );
    }
    Cases { cases, path, given }
}

/// The case called `name`: `CONVLAB_ORACLE`'s when its file has it, else
/// the in-repo file's (a lecture's example stays checkable whatever file
/// is given).
pub fn case_named(kind: Kind, name: &str) -> Value {
    let given = cases(kind);
    let find = |cases: Vec<Value>| cases.into_iter().find(|c| c["name"] == name);
    if let Some(c) = find(given.cases) {
        return c;
    }
    let own = oracle_file(kind.file());
    if given.given {
        println!(
            "{name}: not in {}, taken from {}",
            given.path.display(),
            own.display()
        );
    }
    find(cases_in(kind, &own))
        .unwrap_or_else(|| panic!("no case named {name} in {}", own.display()))
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
