//! The exported Python of stacks with pool layers, run by real PyTorch:
//!
//! - every `MaxPool2d` / `AvgPool2d` case of `tests/oracle/pool_cases.json`
//!   as a one-layer stack: the PyTorch code (`nn.MaxPool2d(...)`) and the
//!   NumPy code print the oracle's shape and output, and where the oracle
//!   refused, the PyTorch code raises the oracle's message;
//! - mixed stacks of convs and pools (ceil_mode, count_include_pad,
//!   divisor_override, dilation): both codes print what the engine computed;
//! - every pool layer's heading is what `repr()` of the exported module prints.
//!
//! Needs PyTorch: `common::torch_python()`.

use convlab::core::export::codegen::stack::module;
use convlab::core::export::codegen::{pytorch_code, scipy_code};
use convlab::core::ops::stack::pool::module_repr;
use convlab::core::ops::stack::{PoolArgs, PoolKind, Stack, StackLayer, StackScene};
use convlab::core::{Conv2dArgs, Op, Padding, Scene};
use ndarray::Array4;
use serde_json::Value;

mod common;

fn pair(v: &Value) -> [i64; 2] {
    match v {
        Value::Number(n) => [n.as_i64().unwrap(); 2],
        Value::Array(a) => [a[0].as_i64().unwrap(), a[1].as_i64().unwrap()],
        other => panic!("not an int or a pair: {other}"),
    }
}

/// A pool case's module as a stack layer (every argument read).
fn layer_of(case: &Value) -> StackLayer {
    let pool = match case["op"].as_str().unwrap() {
        "torch.max_pool2d" => PoolKind::Max,
        _ => PoolKind::Avg,
    };
    let mut p = PoolArgs::new(pool, pair(&case["args"]["kernel_size"]));
    for (k, v) in case["args"].as_object().unwrap() {
        match k.as_str() {
            "kernel_size" => {}
            "stride" => p.stride = Some(pair(v)),
            "padding" => p.padding = pair(v),
            "dilation" => p.dilation = pair(v),
            "ceil_mode" => p.ceil_mode = v.as_bool().unwrap(),
            "count_include_pad" => p.count_include_pad = v.as_bool().unwrap(),
            "divisor_override" => p.divisor_override = v.as_i64(),
            other => panic!("an argument the stack does not read: {other}"),
        }
    }
    StackLayer::Pool(p)
}

/// What a run should give: the last printed shape and the output, or the
/// first line of the exception.
enum Want {
    Output(Vec<usize>, Vec<f64>),
    Error(String),
}

/// Runs every `(name, code)` in one Python: per name, the last shape
/// printed and `output`, or the exception's first line.
fn run(cases: &[(String, String)]) -> Value {
    let mut script = String::from(
        "import json, sys\nimport numpy as np\nresults = {}\n\
         def run(name, code):\n    printed = []\n\
         \x20   def rec(*a, **k):\n        printed.append([x.tolist() if hasattr(x, 'tolist') else x for x in a])\n\
         \x20   ns = {'print': rec}\n    try:\n        exec(code, ns)\n\
         \x20       results[name] = {'shape': printed[-2][1], 'output': np.asarray(ns['output']).tolist()}\n\
         \x20   except Exception as e:\n        results[name] = {'error': str(e).splitlines()[0] if str(e) else type(e).__name__}\n",
    );
    for (name, code) in cases {
        script += &format!("run({name:?}, {code:?})\n");
    }
    script += "json.dump(results, sys.stdout)\n";
    serde_json::from_str(&common::run_torch_python(&script)).expect("the script prints JSON")
}

fn disagreement(name: &str, got: &Value, want: &Want) -> Option<String> {
    match (want, got["error"].as_str()) {
        (Want::Error(w), Some(e)) => (e != w).then(|| format!("{name}: raised {e:?}, want {w:?}")),
        (Want::Error(w), None) => Some(format!("{name}: ran, want {w:?}")),
        (Want::Output(..), Some(e)) => Some(format!("{name}: raised {e}")),
        (Want::Output(shape, values), None) => {
            let Ok(got_shape) = serde_json::from_value::<Vec<usize>>(got["shape"].clone()) else {
                return Some(format!("{name}: no shape printed ({got})"));
            };
            let (_, flat) = common::flatten(&got["output"]);
            let same = flat.len() == values.len()
                && flat.iter().zip(values).all(|(g, w)| common::close(*g, *w));
            (got_shape != *shape || !same)
                .then(|| format!("{name}: {got_shape:?} {flat:?}, want {shape:?} {values:?}"))
        }
    }
}

fn scene_of(s: &StackScene) -> Scene {
    Scene::new(Op::Sequential(s.clone()))
}

fn pool(kind: PoolKind, k: [i64; 2], f: impl FnOnce(&mut PoolArgs)) -> StackLayer {
    let mut p = PoolArgs::new(kind, k);
    f(&mut p);
    StackLayer::Pool(p)
}

/// Convs and pools together, each pool option away from its default.
fn mixed() -> Vec<StackScene> {
    let input = Array4::from_shape_fn((2, 2, 9, 8), |(n, c, i, j)| {
        ((n * 5 + c * 3 + i * 7 + j * 2) % 11) as f64 - 5.0
    });
    let conv = |o: usize, c: usize| {
        let w = Array4::from_shape_fn((o, c, 3, 3), |(a, b, i, j)| {
            ((a + b + i * j) % 3) as f64 - 1.0
        });
        StackLayer::Conv(Conv2dArgs::new(w, Padding::SAME))
    };
    vec![
        StackScene::new(
            input.clone(),
            vec![
                conv(3, 2),
                pool(PoolKind::Max, [3, 3], |p| {
                    p.stride = Some([2, 2]);
                    p.padding = [1, 1];
                    p.ceil_mode = true;
                }),
                pool(PoolKind::Avg, [2, 2], |p| {
                    p.ceil_mode = true;
                    p.count_include_pad = false;
                }),
            ],
        ),
        StackScene::new(
            input.clone(),
            vec![
                pool(PoolKind::Avg, [3, 2], |p| {
                    p.stride = Some([1, 2]);
                    p.padding = [1, 1];
                    p.divisor_override = Some(2);
                    p.ceil_mode = true;
                }),
                conv(1, 2),
                pool(PoolKind::Max, [2, 2], |p| {
                    p.dilation = [2, 1];
                    p.stride = Some([1, 1]);
                }),
            ],
        ),
        StackScene::new(
            input,
            vec![
                pool(PoolKind::Avg, [3, 3], |p| {
                    p.stride = Some([2, 2]);
                    p.padding = [1, 1];
                    p.ceil_mode = true;
                }),
                pool(PoolKind::Max, [2, 3], |p| p.ceil_mode = true),
            ],
        ),
    ]
}

#[test]
fn exported_pool_stacks_run_in_pytorch_and_numpy_as_the_oracle_did() {
    let doc = common::load(&common::oracle_file("pool_cases.json"));
    let mut cases = Vec::new();
    let mut wants = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        if !matches!(
            case["op"].as_str(),
            Some("torch.max_pool2d" | "torch.avg_pool2d")
        ) {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let (shape, values) = common::flatten(&case["input"]);
        let input = Array4::from_shape_vec(<[usize; 4]>::try_from(shape).unwrap(), values).unwrap();
        let scene = scene_of(&StackScene::new(input, vec![layer_of(case)]));
        match case["error"].as_str() {
            Some(e) => {
                cases.push((format!("{name} torch"), pytorch_code(&scene)));
                wants.push((format!("{name} torch"), Want::Error(e.to_string())));
            }
            None => {
                let shape: Vec<usize> =
                    serde_json::from_value(case["expected"]["shape"].clone()).unwrap();
                let values = common::flatten(&case["expected"]["output"]).1;
                for (how, code) in [
                    ("torch", pytorch_code(&scene)),
                    ("numpy", scipy_code(&scene)),
                ] {
                    cases.push((format!("{name} {how}"), code));
                    wants.push((
                        format!("{name} {how}"),
                        Want::Output(shape.clone(), values.clone()),
                    ));
                }
            }
        }
    }
    assert_eq!(
        wants.len(),
        75 + 2 * 158,
        "every windowed pool case, computed ones twice"
    );
    for (k, s) in mixed().iter().enumerate() {
        let st = Stack::new(s).unwrap();
        let shape = st.shapes().last().unwrap().to_vec();
        let values: Vec<f64> = st.output().iter().copied().collect();
        for (how, code) in [
            ("torch", pytorch_code(&scene_of(s))),
            ("numpy", scipy_code(&scene_of(s))),
        ] {
            cases.push((format!("mixed {k} {how}"), code));
            wants.push((
                format!("mixed {k} {how}"),
                Want::Output(shape.clone(), values.clone()),
            ));
        }
    }
    let results = run(&cases);
    let bad: Vec<String> = wants
        .iter()
        .filter_map(|(name, want)| disagreement(name, &results[name.as_str()], want))
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} disagree:\n{}",
        bad.len(),
        wants.len(),
        bad.join("\n")
    );
}

#[test]
fn pool_layer_headings_are_what_pytorch_prints() {
    let doc = common::load(&common::oracle_file("pool_cases.json"));
    let mut layers: Vec<StackLayer> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            matches!(
                c["op"].as_str(),
                Some("torch.max_pool2d" | "torch.avg_pool2d")
            )
        })
        .map(layer_of)
        .collect();
    layers.extend(mixed().into_iter().flat_map(|s| s.layers));
    let mut script =
        String::from("import json, sys\nimport torch\nimport torch.nn as nn\nout = []\n");
    for l in layers.iter().filter(|l| l.as_pool().is_some()) {
        script += &format!("out.append(repr({}))\n", module(l));
    }
    script += "json.dump(out, sys.stdout)\n";
    let printed: Vec<String> = serde_json::from_str(&common::run_torch_python(&script)).unwrap();
    let mine: Vec<String> = layers
        .iter()
        .filter(|l| l.as_pool().is_some())
        .map(module_repr)
        .collect();
    assert_eq!(mine.len(), printed.len());
    let wrong: Vec<String> = mine
        .iter()
        .zip(&printed)
        .filter(|(m, p)| m != p)
        .map(|(m, p)| format!("engine {m}\n  torch  {p}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
