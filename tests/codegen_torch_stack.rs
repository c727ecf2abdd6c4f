//! The exported Python for stacks, run by real PyTorch: for every stack
//! case of the oracle the PyTorch code (nn.Sequential of nn.Conv2d) and the
//! NumPy code print each layer's shape and the output the reference
//! computed; for every refused stack the PyTorch code raises the very
//! message the engine reports. The section-10 scenes run too, against the
//! engine's output.
//!
//! Needs PyTorch: `common::torch_python()` (`$CONVLAB_TORCH_PYTHON`, else
//! the venv `scripts/test.sh` installs).

use convlab::core::content::lessons::stack as lessons;
use convlab::core::export::codegen::{pytorch_code, scipy_code};
use convlab::core::ops::stack::{Stack, StackLayer, StackScene};
use convlab::core::{Op, Padding, Scene};
use ndarray::Array4;
use serde_json::Value;

mod common;
use common::{close, run_torch_python};

/// What a case should do when its exported code runs.
enum Want {
    /// Shapes `[N, C, H, W]` of the input and each layer, and the output.
    Output(Vec<Vec<usize>>, Vec<f64>),
    /// The first line of the exception.
    Error(String),
}

fn scene_of(s: &StackScene) -> Scene {
    Scene::new(Op::Sequential(s.clone()))
}

/// Runs `code` for every case in one Python and returns, per name, the
/// printed values (`printed`), `output` or the exception (`error`).
fn run(cases: &[(String, String)]) -> Value {
    let mut script = String::from(
        "import json, sys\nimport numpy as np\nresults = {}\n\
         def run(name, code):\n    printed = []\n\
         \x20   def rec(*a, **k):\n        printed.append([x.tolist() if hasattr(x, 'tolist') else x for x in a])\n\
         \x20   ns = {'print': rec}\n    try:\n        exec(code, ns)\n\
         \x20       results[name] = {'printed': printed, 'output': ns['output'].tolist() if hasattr(ns['output'], 'tolist') else ns['output']}\n\
         \x20   except Exception as e:\n        results[name] = {'error': str(e).splitlines()[0] if str(e) else type(e).__name__}\n",
    );
    for (name, code) in cases {
        script += &format!("run({name:?}, {code:?})\n");
    }
    script += "json.dump(results, sys.stdout)\n";
    serde_json::from_str(&run_torch_python(&script)).expect("the script prints JSON")
}

/// Check one result against what it should be; `None` if it agrees.
fn disagreement(name: &str, got: &Value, want: &Want) -> Option<String> {
    match want {
        Want::Error(msg) => match got["error"].as_str() {
            Some(e) if e == msg => None,
            Some(e) => Some(format!(
                "{name}: raised\n    {e}\n  the engine says\n    {msg}"
            )),
            None => Some(format!("{name}: ran, but the engine refuses it: {msg}")),
        },
        Want::Output(shapes, values) => {
            if let Some(e) = got["error"].as_str() {
                return Some(format!("{name}: raised {e}"));
            }
            let printed = got["printed"].as_array()?;
            // One line per level (label, shape), then the output.
            let got_shapes: Vec<Vec<usize>> = printed[..printed.len().saturating_sub(1)]
                .iter()
                .map(|p| serde_json::from_value(p[1].clone()).unwrap_or_default())
                .collect();
            if &got_shapes != shapes {
                return Some(format!(
                    "{name}: printed shapes {got_shapes:?}, want {shapes:?}"
                ));
            }
            for v in [&printed[printed.len() - 1][0], &got["output"]] {
                let (_, flat) = common::flatten(v);
                if flat.len() != values.len()
                    || flat.iter().zip(values).any(|(g, w)| !close(*g, *w))
                {
                    return Some(format!("{name}: printed {flat:?}, want {values:?}"));
                }
            }
            None
        }
    }
}

#[test]
fn exported_stack_code_runs_in_pytorch_and_numpy_as_the_reference_did() {
    // `CONVLAB_ORACLE`'s stack cases when it is set.
    let oracle = common::cases(common::Kind::Stack);
    let mut cases = Vec::new();
    let mut wants = Vec::new();
    for case in &oracle.cases {
        let name = case["name"].as_str().unwrap().to_string();
        let scene = Scene::from_json(&case.to_string()).unwrap();
        let want = match case.get("error").and_then(Value::as_str) {
            Some(e) => Want::Error(e.to_string()),
            None => {
                let shapes = serde_json::from_value(case["expected"]["shapes"].clone()).unwrap();
                Want::Output(shapes, common::flatten(&case["expected"]["output"]).1)
            }
        };
        if let Want::Output(..) = want {
            cases.push((format!("{name} numpy"), scipy_code(&scene)));
            wants.push((format!("{name} numpy"), clone_want(&want)));
        }
        cases.push((format!("{name} torch"), pytorch_code(&scene)));
        wants.push((format!("{name} torch"), want));
    }
    // Section 10's scenes, against the engine (itself checked by tests/oracle.rs).
    for step in lessons::steps() {
        let Op::Sequential(s) = &step.scene().op else {
            unreachable!()
        };
        let want = match Stack::new(s) {
            Ok(st) => Want::Output(
                st.shapes().iter().map(|s| s.to_vec()).collect(),
                st.output().iter().copied().collect(),
            ),
            Err(e) => Want::Error(e.reference_message().unwrap()),
        };
        cases.push((step.id.to_string(), pytorch_code(&step.scene())));
        wants.push((step.id.to_string(), want));
    }
    // nn.Sequential builds every layer before running one: a constructor's
    // refusal in layer 2 comes before layer 0's kernel is found too large.
    let big = StackLayer::conv(Array4::ones((2, 1, 9, 9)), Padding::VALID);
    let odd = StackLayer::Conv(convlab::core::Conv2dArgs {
        groups: 2,
        ..convlab::core::Conv2dArgs::new(Array4::ones((3, 1, 1, 1)), Padding::VALID)
    });
    let s = StackScene::new(Array4::ones((1, 1, 4, 4)), vec![big.clone(), big, odd]);
    let err = Stack::new(&s).unwrap_err();
    assert_eq!(err.layer(), Some(2));
    cases.push(("constructor first".into(), pytorch_code(&scene_of(&s))));
    wants.push((
        "constructor first".into(),
        Want::Error(err.reference_message().unwrap()),
    ));

    // Too many numbers to print: the code reads the exported scene file.
    let large = StackScene::new(
        Array4::from_shape_fn((1, 1, 70, 70), |(_, _, i, j)| ((i * 7 + j) % 5) as f64),
        vec![StackLayer::conv(Array4::ones((1, 1, 3, 3)), Padding::SAME); 2],
    );
    let file = std::env::temp_dir().join(format!("convlab-stack-{}.json", std::process::id()));
    std::fs::write(&file, scene_of(&large).to_json()).unwrap();
    let code = pytorch_code(&scene_of(&large));
    assert!(
        code.contains("open('convlab-scene.json')"),
        "a large stack reads the file"
    );
    let code = code.replace(
        "'convlab-scene.json'",
        &format!("{:?}", file.display().to_string()),
    );
    let st = Stack::new(&large).unwrap();
    cases.push(("large, from the file".into(), code));
    wants.push((
        "large, from the file".into(),
        Want::Output(
            st.shapes().iter().map(|s| s.to_vec()).collect(),
            st.output().iter().copied().collect(),
        ),
    ));

    let results = run(&cases);
    let _ = std::fs::remove_file(&file);
    let failures: Vec<String> = wants
        .iter()
        .filter_map(|(name, want)| disagreement(name, &results[name.as_str()], want))
        .collect();
    println!(
        "exported stack code: {} runs in PyTorch (and NumPy), {} disagree",
        wants.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn clone_want(w: &Want) -> Want {
    match w {
        Want::Output(s, v) => Want::Output(s.clone(), v.clone()),
        Want::Error(e) => Want::Error(e.clone()),
    }
}

/// Receptive fields of cells in *every* layer (the oracle has last-layer
/// cells only), against PyTorch's autograd: all weights 1, no bias, one
/// channel, the gradient of the picked cell with respect to every level
/// below it. Over the section-10 scenes and the structure of every stack
/// oracle case, at three cells of each layer.
#[test]
fn receptive_fields_of_every_layer_match_pytorch_autograd() {
    let doc = common::stack_oracle();
    let mut scenes: Vec<(String, StackScene)> = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        if case.get("error").is_none() {
            let scene = Scene::from_json(&case.to_string()).unwrap();
            let Op::Sequential(s) = scene.op else {
                unreachable!()
            };
            scenes.push((case["name"].as_str().unwrap().to_string(), s));
        }
    }
    for step in lessons::steps() {
        if let Op::Sequential(s) = step.scene().op {
            scenes.push((step.id.to_string(), s));
        }
    }
    let mut jobs = Vec::new();
    let mut wants = Vec::new();
    for (name, s) in &scenes {
        let Ok(stack) = Stack::new(s) else { continue };
        let layers: Vec<Value> = s
            .layers
            .iter()
            .filter_map(StackLayer::as_conv)
            .map(|l| {
                serde_json::json!({
                    "k": [l.weight.dim().2, l.weight.dim().3],
                    "stride": l.stride, "padding": l.padding, "dilation": l.dilation,
                    "mode": l.padding_mode.as_str(),
                })
            })
            .collect();
        for layer in 0..stack.len() {
            let [h, w] = stack.hw(layer + 1).unwrap();
            let mut cells = vec![[0, 0], [h / 2, w / 2], [h - 1, w - 1]];
            cells.dedup();
            for cell in cells {
                let field = stack.receptive_field(layer, cell).unwrap();
                let grids: Vec<Vec<f64>> = field
                    .paths
                    .iter()
                    .map(|g| g.iter().map(|v| *v as f64).collect())
                    .collect();
                jobs.push(serde_json::json!({
                    "hw": stack.hw(0).unwrap(), "layers": layers, "layer": layer, "cell": cell,
                }));
                wants.push((format!("{name} layer {layer} cell {cell:?}"), grids));
            }
        }
    }
    let code = format!(
        "import torch, torch.nn as nn, json\n\
         jobs = json.loads({:?})\n\
         out = []\n\
         for job in jobs:\n\
         \x20   H, W = job['hw']\n\
         \x20   x = torch.zeros((1, 1, H, W), dtype=torch.float64, requires_grad=True)\n\
         \x20   levels, y = [x], x\n\
         \x20   for l in job['layers'][:job['layer'] + 1]:\n\
         \x20       p = l['padding'] if isinstance(l['padding'], str) else tuple(l['padding'])\n\
         \x20       conv = nn.Conv2d(1, 1, tuple(l['k']), stride=tuple(l['stride']), padding=p, dilation=tuple(l['dilation']), bias=False, padding_mode=l['mode'], dtype=torch.float64)\n\
         \x20       with torch.no_grad():\n\
         \x20           conv.weight.fill_(1.0)\n\
         \x20       y = conv(y)\n\
         \x20       y.retain_grad()\n\
         \x20       levels.append(y)\n\
         \x20   i, j = job['cell']\n\
         \x20   y[0, 0, i, j].backward()\n\
         \x20   out.append([t.grad[0, 0].flatten().tolist() for t in levels[:-1]])\n\
         output = out\n",
        serde_json::to_string(&jobs).unwrap()
    );
    let results = run(&[("autograd".to_string(), code)]);
    let got = results["autograd"]["output"]
        .as_array()
        .unwrap_or_else(|| panic!("autograd failed: {}", results["autograd"]));
    assert_eq!(got.len(), wants.len());
    let mut failures = Vec::new();
    for ((name, want), got) in wants.iter().zip(got) {
        let got: Vec<Vec<f64>> = serde_json::from_value(got.clone()).unwrap();
        if &got != want {
            failures.push(format!("{name}: autograd {got:?}, engine {want:?}"));
        }
    }
    println!(
        "receptive fields against autograd: {} cells, {} disagree",
        wants.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The layer heading of the stack view is what `print(model)` prints: for
/// every layer of every valid stack case and section-10 scene, and for
/// layers with each non-default argument, the engine's `module_repr`
/// equals `repr()` of the `nn.Conv2d` the exported code builds.
#[test]
fn layer_headings_are_what_pytorch_prints() {
    let doc = common::stack_oracle();
    let mut layers: Vec<StackLayer> = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        if case.get("error").is_none() {
            if let Op::Sequential(s) = Scene::from_json(&case.to_string()).unwrap().op {
                layers.extend(s.layers);
            }
        }
    }
    for step in lessons::steps() {
        if let Op::Sequential(s) = step.scene().op {
            layers.extend(s.layers);
        }
    }
    // Each argument away from its default, alone and together.
    let base = layers[0].as_conv().unwrap().clone();
    let mut odd = base.clone();
    odd.padding = Padding::Explicit([2, 1]);
    odd.dilation = [2, 1];
    odd.bias = None;
    odd.padding_mode = convlab::core::PaddingMode::Reflect;
    layers.push(StackLayer::Conv(odd));
    let mut zero = base.clone();
    zero.padding = Padding::Explicit([0, 0]);
    layers.push(StackLayer::Conv(zero));
    let mut grouped = base;
    grouped.weight = Array4::zeros((4, 1, 3, 3));
    grouped.groups = 2;
    grouped.stride = [2, 3];
    layers.push(StackLayer::Conv(grouped));
    let mut script =
        String::from("import json, sys\nimport torch\nimport torch.nn as nn\nout = []\n");
    for l in &layers {
        script += &format!(
            "out.append(repr({}))\n",
            convlab::core::export::codegen::stack::module(l)
        );
    }
    script += "json.dump(out, sys.stdout)\n";
    let printed: Vec<String> = serde_json::from_str(&run_torch_python(&script)).unwrap();
    let mut wrong = Vec::new();
    for (l, p) in layers.iter().zip(&printed) {
        if convlab::core::ops::stack::pool::module_repr(l) != *p {
            wrong.push(format!(
                "engine {}\n  torch  {p}",
                convlab::core::ops::stack::pool::module_repr(l)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} headings differ:\n{}",
        wrong.len(),
        layers.len(),
        wrong.join("\n")
    );
    assert!(
        printed.iter().any(|p| p.contains("padding=same")),
        "a padding=same layer is among them"
    );
}
