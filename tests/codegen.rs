//! The exported Python reproduces the screen: every SciPy/NumPy snippet the
//! app generates for the oracle's cases is run by real NumPy and SciPy, and
//! everything it prints must equal the engine's output (and so the
//! reference's). The PyTorch snippets are checked as text here and run by
//! real PyTorch in `tests/codegen_torch.rs`.
//!
//! Needs `python3` with numpy and scipy (`scripts/test.sh` installs them).

use std::io::Write;
use std::process::{Command, Stdio};

use convlab::core::content::presets::lecture_scene;
use convlab::core::export::codegen::{pytorch_code, scipy_code};
use convlab::core::{Plan, Scene};
use serde_json::Value;

mod common;
use common::{close, Kind};

#[test]
fn generated_scipy_and_numpy_code_prints_the_engine_output() {
    let oracle = common::cases(Kind::Conv);
    let mut script =
        String::from("import json, sys, contextlib\nimport numpy as np\nresults = {}\n");
    let mut expected = Vec::new();
    for case in &oracle.cases {
        // A stack's NumPy code is run by tests/codegen_torch_stack.rs.
        if case.get("expected").is_none() || case["op"] == "torch.sequential" {
            continue;
        }
        let scene = Scene::from_json(&case.to_string()).unwrap();
        let plan = Plan::new(&scene).unwrap();
        let name = case["name"].as_str().unwrap().to_string();
        let code = scipy_code(&scene);
        script += &format!(
            "printed = []\nns = {{'print': lambda *a, **k: printed.append(np.asarray(a[0], dtype=float).tolist())}}\nexec({code:?}, ns)\nresults[{name:?}] = printed\n"
        );
        expected.push((name, plan.output(), scene.kind()));
    }
    script += "json.dump(results, sys.stdout)\n";
    let mut child = Command::new("python3")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 must be installed (scripts/test.sh installs numpy and scipy)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut checked = 0;
    for (name, want, kind) in &expected {
        let printed = results[name]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: nothing printed"));
        // PyTorch's ops (conv2d, conv_transpose2d) get one NumPy loop.
        let n_prints = if kind.is_torch() { 1 } else { 2 };
        assert_eq!(
            printed.len(),
            n_prints,
            "{name}: printed {} arrays",
            printed.len()
        );
        for p in printed {
            let (_, got) = common::flatten(p);
            assert_eq!(
                got.len(),
                want.len(),
                "{name}: printed {} values, engine has {}",
                got.len(),
                want.len()
            );
            for (g, w) in got.iter().zip(want.iter()) {
                assert!(close(*g, *w), "{name}: Python printed {g}, engine {w}");
            }
            checked += 1;
        }
    }
    println!(
        "codegen: {checked} printed arrays from {} scenes match the engine",
        expected.len()
    );
    oracle.more_than(checked, 300, "printed arrays checked");
}

#[test]
fn pytorch_code_for_the_lecture_scenes() {
    let step = lecture_scene("lecture-step-edge-torch").unwrap();
    let code = pytorch_code(&step);
    assert!(code.contains("bias = None\n"), "{code}");
    assert!(code.contains("output = F.conv2d(input, weight, bias, padding=(0, 0), stride=(1, 1), dilation=(1, 1), groups=1)"), "{code}");
    assert!(code.contains("conv = nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1, bias=False, padding_mode='zeros', dtype=torch.float64)"), "{code}");
    assert!(
        code.contains("[[[[4.0, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0, 1.0],"),
        "{code}"
    );
    assert!(code.contains("conv.weight.copy_(weight)"));

    let groups = lecture_scene("lecture-groups-2").unwrap();
    let code = pytorch_code(&groups);
    assert!(
        code.contains("nn.Conv2d(4, 4, kernel_size=(3, 3)"),
        "{code}"
    );
    assert!(code.contains("groups=2"), "{code}");
    assert!(code.contains("# [4, 2, 3, 3]"), "{code}");

    let conv = lecture_scene("lecture-step-edge-convolve-valid").unwrap();
    let code = scipy_code(&conv);
    assert!(
        code.contains(
            "output = convolve2d(in1, in2, mode='valid', boundary='fill', fillvalue=0.0)"
        ),
        "{code}"
    );
    assert!(code.contains("kernel = np.flip(b)"), "{code}");
    let torch = pytorch_code(&conv);
    assert!(torch.contains("kernel = np.flip(in2).copy()"), "{torch}");
    assert!(torch.contains("output = F.conv2d(x, k)[0, 0]"), "{torch}");
}

/// A scene too large to print loads its data from the exported JSON file;
/// the code still prints the engine's output when that file sits beside it.
#[test]
fn large_scenes_read_the_exported_file() {
    use convlab::core::model::edit::{Pattern, Target};
    let mut scene = lecture_scene("lecture-step-edge-convolve-valid").unwrap();
    if let convlab::core::Op::Convolve(s) = &mut scene.op {
        // Larger than the editor offers: as a share link or a file can bring.
        s.in1 =
            ndarray::Array2::from_shape_fn((80, 80), |(i, j)| ((i * 7 + j * 3) % 9) as f64 - 4.0);
    }
    let mut torch = lecture_scene("lecture-groups-2").unwrap();
    torch.resize(Target::Input, [4, 4, 32, 32]);
    torch.fill(Target::Input, Pattern::RandomNormal, 6);
    for scene in [scene, torch] {
        assert!(scene.to_json().len() > convlab::core::export::codegen::MAX_INLINE_VALUES);
        let code = scipy_code(&scene);
        assert!(
            code.contains("json.load(open('convlab-scene.json'))"),
            "{code}"
        );
        assert!(
            code.len() < 4000,
            "the code stays short: {} bytes",
            code.len()
        );
        assert!(pytorch_code(&scene).contains("json.load(open('convlab-scene.json'))"));
        let dir = std::env::temp_dir().join(format!("convlab-codegen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("convlab-scene.json"), scene.to_json()).unwrap();
        let script = format!(
            "import json, sys\nimport numpy as np\nprinted = []\nns = {{'print': lambda *a, **k: printed.append(np.asarray(a[0], dtype=float).ravel().tolist())}}\nexec({code:?}, ns)\njson.dump(printed, sys.stdout)\n"
        );
        let out = Command::new("python3")
            .arg("-c")
            .arg(&script)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed: Vec<Vec<f64>> = serde_json::from_slice(&out.stdout).unwrap();
        let want = Plan::new(&scene).unwrap().output();
        assert!(!printed.is_empty());
        for p in printed {
            assert_eq!(p.len(), want.len());
            for (g, w) in p.iter().zip(want.iter()) {
                assert!(close(*g, *w), "{g} vs {w}");
            }
        }
    }
}
