//! Section 11, "Your own network": every number a lesson's words quote
//! from its model (the `net-...` facts) is PyTorch's. A step's model is
//! either one of the oracle's (`tests/oracle/model_cases.json`, computed by
//! PyTorch), or it is run here in the venv's PyTorch.

mod common;

use convlab::core::content::lessons::fact::Engine;
use convlab::core::content::lessons::words::{pieces, Piece};
use convlab::core::content::lessons::{lessons, LessonStep};
use convlab::core::ops::network::{infer, parse_shape, Layer, Model};
use serde_json::{json, Value};

/// The oracle's layers (`path`, `kind`, `shape`, `params`), total and error
/// for a model, or PyTorch's own for one the oracle does not hold.
fn expected(text: &str, shape: &[i64]) -> Value {
    let doc = common::load(&common::oracle_file("model_cases.json"));
    if let Some(c) = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == text && c["input_shape"] == json!(shape))
    {
        return c.clone();
    }
    let script = format!(
        r#"
import json, torch, torch.nn as nn
torch.set_grad_enabled(False)
model = eval({text:?}, {{"nn": nn, "torch": torch}}).eval()
x = torch.zeros({shape:?})
layers, error = [], None
for name, m in model.named_modules():
    if not name or list(m.children()):
        continue
    try:
        x = m(x)
    except Exception as e:
        error = {{"layer": name, "kind": type(m).__name__, "message": str(e).splitlines()[0]}}
        break
    layers.append({{"path": name, "kind": type(m).__name__, "shape": list(x.shape), "params": sum(p.numel() for p in m.parameters())}})
out = {{"error": error}} if error else {{"expected": {{"layers": layers, "params": sum(p.numel() for p in model.parameters())}}}}
print(json.dumps(out))
"#
    );
    serde_json::from_str(common::run_torch_python(&script).trim()).expect("the script prints JSON")
}

/// Parameters of `nn.Conv2d(cin, cout, (kh, kw), bias=bias)`, by PyTorch.
fn torch_conv_params(cin: i64, cout: i64, k: [i64; 2], bias: bool) -> String {
    let py = if bias { "True" } else { "False" };
    let script = format!(
        "import torch.nn as nn\nprint(sum(p.numel() for p in nn.Conv2d({cin}, {cout}, ({}, {}), bias={py}).parameters()))",
        k[0], k[1]
    );
    common::run_torch_python(&script).trim().to_string()
}

fn tuple(v: &Value) -> String {
    let parts: Vec<String> = v.as_array().unwrap().iter().map(Value::to_string).collect();
    format!("({})", parts.join(", "))
}

fn network_steps() -> Vec<LessonStep> {
    lessons()
        .into_iter()
        .filter(|s| s.view == "network")
        .collect()
}

#[test]
fn every_number_a_network_lesson_quotes_is_pytorchs() {
    let steps = network_steps();
    assert!(steps.len() >= 5, "{} network steps", steps.len());
    let mut checked = 0;
    for step in &steps {
        let scene = step.scene();
        let model = scene
            .showing
            .as_ref()
            .and_then(|s| s.model.clone())
            .unwrap_or_else(|| panic!("{}: the step carries no model", step.id));
        let shape = parse_shape(&model.input_shape).unwrap();
        let want = expected(&model.text, &shape);
        let layers = want["expected"]["layers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let layer = |p: &str| {
            layers
                .iter()
                .find(|l| l["path"] == p)
                .unwrap_or_else(|| panic!("{}: PyTorch has no layer {p}", step.id))
                .clone()
        };
        let ours = infer(&Model::parse(&model.text).unwrap(), &shape).unwrap();
        let engine = Engine::new(&scene);
        for template in [step.title, step.body, step.try_this] {
            for piece in pieces(template).unwrap() {
                let Piece::Fact(spec) = piece else { continue };
                let got = engine
                    .fact(spec)
                    .unwrap_or_else(|| panic!("{}: {{{spec}}} is missing", step.id));
                let mut words = spec.split_whitespace();
                let name = words.next().unwrap();
                let args: Vec<&str> = words.collect();
                let last = |s: &str| s.rsplit("= ").next().unwrap().to_string();
                let want: String = match (name, args.as_slice()) {
                    ("net-input", []) => tuple(&json!(shape)),
                    ("net-shape", [p]) => tuple(&layer(p)["shape"]),
                    ("net-hw", [p]) => {
                        let s = layer(p)["shape"].clone();
                        format!("{}x{}", s[2], s[3])
                    }
                    ("net-c", [p]) => layer(p)["shape"][1].to_string(),
                    ("net-params", [p]) => layer(p)["params"].to_string(),
                    ("net-total", []) => want["expected"]["params"].to_string(),
                    // A formula's result is PyTorch's number.
                    ("net-h-formula", [p]) => {
                        assert_eq!(
                            last(&got),
                            layer(p)["shape"][2].to_string(),
                            "{}: {{{spec}}} = {got}",
                            step.id
                        );
                        got.clone()
                    }
                    ("net-param-formula", [p]) => {
                        assert_eq!(
                            last(&got),
                            layer(p)["params"].to_string(),
                            "{}: {{{spec}}} = {got}",
                            step.id
                        );
                        got.clone()
                    }
                    ("net-break", []) => want["error"]["layer"].as_str().unwrap().to_string(),
                    ("net-break-kind", []) => want["error"]["kind"].as_str().unwrap().to_string(),
                    ("net-message", []) => want["error"]["message"].as_str().unwrap().to_string(),
                    ("net-dense", [p, q]) => {
                        let row = ours.rows.iter().find(|r| r.path == *p).unwrap();
                        let Layer::Conv2d(c) = &row.layer else {
                            panic!("{}: layer {p} is no Conv2d", step.id)
                        };
                        let cout = layer(q)["shape"][1].as_i64().unwrap();
                        torch_conv_params(c.in_channels, cout, c.kernel_size.pair(), c.bias)
                    }
                    // Receptive fields, the shape that met a broken layer
                    // and the fix are the core's; tests/network.rs checks
                    // them against the oracle. Here they must at least be
                    // there (above).
                    ("net-rf" | "net-jump", [_]) | ("net-met" | "net-fix", []) => continue,
                    _ => panic!("{}: no check for {{{spec}}}", step.id),
                };
                assert_eq!(got, want, "{}: {{{spec}}}", step.id);
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} facts compared");
    println!(
        "{checked} facts of {} network steps compared with PyTorch",
        steps.len()
    );
}
