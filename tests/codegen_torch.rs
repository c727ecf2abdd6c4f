//! The exported PyTorch code reproduces the screen in real PyTorch: the
//! snippet `pytorch_code` writes for every oracle case with an answer, for
//! the lecture scenes and for scenes too large to print (which read the
//! exported `convlab-scene.json`) is run by real PyTorch, in one Python
//! process, and every tensor it prints must be float64 and equal the engine's
//! output and the oracle's `expected`.
//!
//! Needs PyTorch: `CONVLAB_TORCH_PYTHON`, else the venv `scripts/test.sh`
//! installs it into (see `common::torch_python`).

use std::path::PathBuf;

use convlab::core::content::presets::lecture_scene;
use convlab::core::export::codegen::{pytorch_code, MAX_INLINE_VALUES};
use convlab::core::model::edit::{Pattern, Target};
use convlab::core::{Mode, Op, OpKind, Padding, PaddingMode, Plan, Scene};
use serde_json::Value;

mod common;
use common::{close, flatten, run_torch_python, Kind};

const LECTURE: [&str; 8] = [
    "lecture-step-edge-convolve-valid",
    "lecture-step-edge-convolve-full-symm",
    "lecture-step-edge-torch",
    "lecture-xcorr-test",
    "lecture-two-channel-to-three",
    "lecture-groups-2-3-illegal",
    "lecture-groups-4-depthwise",
    "lecture-groups-2",
];

/// One snippet to run, and what it must print.
struct Snippet {
    name: String,
    code: String,
    /// Where it runs: the directory holding its `convlab-scene.json`.
    dir: Option<PathBuf>,
    kind: OpKind,
    /// The engine's output (shape as the snippet prints it, values).
    engine: (Vec<usize>, Vec<f64>),
    /// The oracle's `expected`, when the scene is an oracle case.
    oracle: Option<(Vec<usize>, Vec<f64>)>,
}

fn snippet(name: &str, scene: &Scene, oracle: Option<&Value>, dir: Option<PathBuf>) -> Snippet {
    let plan = Plan::new(scene).unwrap_or_else(|e| panic!("{name}: the engine refuses: {e:?}"));
    let out = plan.output();
    let kind = scene.kind();
    let shape = if kind.is_torch() {
        out.shape().to_vec() // conv2d and conv_transpose2d: (N, C, H, W)
    } else {
        out.shape()[2..].to_vec() // SciPy's 2-D output
    };
    Snippet {
        name: name.to_string(),
        code: pytorch_code(scene),
        dir,
        kind,
        engine: (shape, out.iter().copied().collect()),
        oracle: oracle.map(flatten),
    }
}

/// Scenes over `MAX_INLINE_VALUES` values: their snippets read the exported
/// file, written here into a directory of each scene's own.
fn large_scenes() -> Vec<(String, Scene)> {
    let mut convolve = lecture_scene("lecture-step-edge-convolve-valid").unwrap();
    let mut correlate = lecture_scene("lecture-step-edge-convolve-full-symm").unwrap();
    correlate.set_kind(OpKind::Correlate);
    for scene in [&mut convolve, &mut correlate] {
        if let Op::Convolve(s) | Op::Correlate(s) = &mut scene.op {
            // Larger than the editor offers: as a share link or a file can bring.
            let big = ndarray::Array2::from_shape_fn((80, 80), |(i, j)| {
                ((i * 7 + j * 3) % 9) as f64 - 4.0
            });
            if s.mode == Mode::Valid {
                s.in1 = big;
            } else {
                // in2 larger than in1 in 'valid' mode: SciPy swaps them (and
                // correlate2d reverses its output).
                s.in2 = big;
                s.mode = Mode::Valid;
            }
        }
    }
    let mut groups = lecture_scene("lecture-groups-2").unwrap();
    groups.resize(Target::Input, [4, 4, 32, 32]);
    groups.fill(Target::Input, Pattern::RandomNormal, 6);
    let mut reflect = lecture_scene("lecture-two-channel-to-three").unwrap();
    reflect.resize(Target::Input, [2, 2, 40, 40]);
    reflect.fill(Target::Input, Pattern::RandomNormal, 7);
    reflect.set_bias_enabled(true);
    if let Op::Torch(t) = &mut reflect.op {
        t.padding = Padding::Explicit([1, 2]);
        t.padding_mode = PaddingMode::Reflect;
        t.stride = [2, 1];
        t.bias = Some((0..t.weight.dim().0).map(|o| 0.5 - o as f64).collect());
    }
    // A picture's values (byte / 255 as float32) with no record of the file:
    // the scene file packs the input, and the code must unpack it exactly.
    let mut packed = lecture_scene("lecture-two-channel-to-three").unwrap();
    if let Op::Torch(t) = &mut packed.op {
        t.input = ndarray::Array4::from_shape_fn((1, 2, 48, 48), |(_, c, i, j)| {
            convlab::core::image::decode::byte_value(((c * 90 + i * 5 + j * 7) % 256) as u8)
        });
    }
    assert!(
        packed.to_json().contains(r#""input":{"bytes":"#),
        "the picture input is written packed"
    );
    vec![
        ("large-torch-packed-picture".into(), packed),
        ("large-convolve-valid".into(), convolve),
        ("large-correlate-valid-swapped".into(), correlate),
        ("large-torch-groups-2".into(), groups),
        ("large-torch-reflect-bias".into(), reflect),
    ]
}

/// The Python that runs every snippet in a namespace of its own, with a
/// `print` that records what it is given.
/// `jobs` are `[name, code, directory or null]`.
fn script(jobs: Vec<Value>) -> String {
    let jobs = serde_json::to_string(&Value::Array(jobs)).unwrap();
    format!(
        r#"import json, os, sys, traceback
import numpy as np
import torch

def run(code, where):
    printed = []
    def capture(*args, **kwargs):
        x = args[0]
        dtype = str(x.dtype) if torch.is_tensor(x) else type(x).__name__
        if torch.is_tensor(x):
            x = x.detach().numpy()
        a = np.asarray(x, dtype=float)
        printed.append({{'dtype': dtype, 'shape': list(a.shape), 'values': a.ravel().tolist()}})
    here = os.getcwd()
    try:
        if where:
            os.chdir(where)
        exec(code, {{'print': capture}})
        return {{'printed': printed}}
    except Exception as e:
        message = (str(e).splitlines() or [type(e).__name__])[0]
        return {{'printed': printed, 'error': traceback.format_exc(), 'message': message}}
    finally:
        os.chdir(here)

results = {{name: run(code, where) for name, code, where in json.loads({jobs})}}
json.dump({{'torch': torch.__version__, 'results': results}}, sys.stdout)
"#,
        jobs = serde_json::to_string(&jobs).unwrap()
    )
}

/// What is wrong with one printed array (`want` is the engine's or the oracle's).
fn compare(
    name: &str,
    what: &str,
    got: (&[usize], &[f64]),
    want: &(Vec<usize>, Vec<f64>),
) -> Option<String> {
    if got.0 != want.0.as_slice() {
        return Some(format!(
            "{name}: printed shape {:?}, {what} {:?}",
            got.0, want.0
        ));
    }
    let bad = got
        .1
        .iter()
        .zip(&want.1)
        .position(|(g, w)| !close(*g, *w))?;
    Some(format!(
        "{name}: value #{bad} is {} in PyTorch, {} in the {what}",
        got.1[bad], want.1[bad]
    ))
}

#[test]
fn exported_pytorch_code_prints_the_engine_output_in_real_pytorch() {
    let started = std::time::Instant::now();
    let oracle = common::cases(Kind::Conv);
    let mut snippets = Vec::new();
    let mut torch_cases = 0;
    for case in &oracle.cases {
        let Some(expected) = case.get("expected") else {
            continue;
        };
        if case["op"] == "torch.sequential" {
            continue; // a stack's export is run by tests/codegen_torch_stack.rs
        }
        let name = case["name"].as_str().unwrap();
        let scene = Scene::from_json(&case.to_string()).unwrap();
        torch_cases += usize::from(scene.kind() == OpKind::Torch);
        snippets.push(snippet(name, &scene, Some(expected), None));
    }
    oracle.more_than(torch_cases, 199, "torch.conv2d cases with an answer");
    for name in LECTURE {
        let scene = lecture_scene(name).unwrap_or_else(|| panic!("no lecture scene {name}"));
        if Plan::new(&scene).is_err() {
            continue; // lecture-groups-2-3-illegal: nothing to print
        }
        let case = common::case_named(Kind::Conv, name);
        let expected = case.get("expected");
        assert!(expected.is_some(), "{name}: no answer in the oracle");
        snippets.push(snippet(&format!("preset {name}"), &scene, expected, None));
    }
    let root = std::env::temp_dir().join(format!("convlab-codegen-torch-{}", std::process::id()));
    for (name, scene) in large_scenes() {
        let values = match &scene.op {
            Op::Torch(t) => t.input.len() + t.weight.len(),
            Op::Convolve(s) | Op::Correlate(s) => s.in1.len() + s.in2.len(),
            Op::Transpose(t) => t.input.len() + t.weight.len(),
            Op::Sequential(s) => s.input.len(),
        };
        assert!(
            values > MAX_INLINE_VALUES,
            "{name} is not large: {values} values"
        );
        let dir = root.join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("convlab-scene.json"), scene.to_json()).unwrap();
        let s = snippet(&name, &scene, None, Some(dir));
        assert!(
            s.code.contains("json.load(open('convlab-scene.json'))"),
            "{}",
            s.code
        );
        snippets.push(s);
    }

    let jobs = snippets
        .iter()
        .map(|s| {
            serde_json::json!([
                s.name,
                s.code,
                s.dir.as_ref().map(|d| d.display().to_string())
            ])
        })
        .collect();
    let out: Value = serde_json::from_str(&run_torch_python(&script(jobs))).unwrap();
    let _ = std::fs::remove_dir_all(&root);
    let mut failures = Vec::new();
    let mut arrays = 0;
    for s in &snippets {
        let result = &out["results"][&s.name];
        if let Some(err) = result["error"].as_str() {
            failures.push(format!(
                "{}: PyTorch raised\n{err}\ncode:\n{}",
                s.name, s.code
            ));
            continue;
        }
        let printed = result["printed"].as_array().unwrap();
        // F.conv2d, then nn.Conv2d (F.conv_transpose2d, then
        // nn.ConvTranspose2d); SciPy's scenes redone with F.conv2d once.
        let n_prints = if s.kind.is_torch() { 2 } else { 1 };
        if printed.len() != n_prints {
            failures.push(format!(
                "{}: printed {} arrays, not {n_prints}",
                s.name,
                printed.len()
            ));
        }
        for p in printed {
            arrays += 1;
            let shape: Vec<usize> = serde_json::from_value(p["shape"].clone()).unwrap();
            let values: Vec<f64> = serde_json::from_value(p["values"].clone()).unwrap();
            if p["dtype"] != "torch.float64" {
                failures.push(format!(
                    "{}: printed a {}, not a float64 tensor",
                    s.name, p["dtype"]
                ));
            }
            let got = (shape.as_slice(), values.as_slice());
            failures.extend(compare(&s.name, "engine", got, &s.engine));
            if let Some(o) = &s.oracle {
                failures.extend(compare(&s.name, "oracle", got, o));
            }
        }
    }
    let version = out["torch"].as_str().unwrap_or("?");
    println!(
        "torch codegen: {} snippets run by PyTorch {version}, {arrays} arrays compared, {} mismatched ({:.1}s)",
        snippets.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(arrays > 2 * torch_cases);
}

/// What the app refuses, the exported code shows refused: run by PyTorch it
/// raises the oracle's error before printing anything.
#[test]
fn exported_pytorch_code_for_refused_configurations_raises_pytorchs_error() {
    let oracle = common::cases(Kind::Conv);
    let mut jobs = Vec::new();
    let mut errors = std::collections::HashMap::new();
    for case in &oracle.cases {
        let (Some(error), "torch.conv2d") = (case["error"].as_str(), case["op"].as_str().unwrap())
        else {
            continue;
        };
        let name = case["name"].as_str().unwrap();
        let scene = Scene::from_json(&case.to_string()).unwrap();
        assert!(Plan::new(&scene).is_err(), "{name}: the engine accepts it");
        jobs.push(serde_json::json!([name, pytorch_code(&scene), null]));
        errors.insert(name.to_string(), error.trim().to_string());
    }
    oracle.more_than(jobs.len(), 29, "refused torch.conv2d cases");
    let out: Value = serde_json::from_str(&run_torch_python(&script(jobs))).unwrap();
    let mut failures = Vec::new();
    for (name, want) in &errors {
        let result = &out["results"][name];
        let printed = result["printed"].as_array().map_or(0, Vec::len);
        match result["message"].as_str() {
            None => failures.push(format!("{name}: PyTorch ran it without an error")),
            Some(got) if got != want => {
                failures.push(format!("{name}: PyTorch says {got:?}, the oracle {want:?}"))
            }
            Some(_) if printed > 0 => failures.push(format!(
                "{name}: printed {printed} outputs before the error"
            )),
            Some(_) => {}
        }
    }
    println!(
        "torch codegen: {} refused configurations, {} raised another way",
        errors.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
