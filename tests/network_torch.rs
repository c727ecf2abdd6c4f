//! "Your own network" against real PyTorch beyond the oracle: models with
//! the mistakes the oracle does not hold (batch norm sized for other
//! channels, Linear on a 4-D tensor, pools after Flatten, bad constructor
//! arguments, Python's own TypeErrors...) are run by PyTorch here and must
//! break at the same leaf with the same first line, or give the same
//! shapes and parameters; and the exported source of every oracle model
//! rebuilds in PyTorch to a model whose print(model) is ours.
//!
//! Needs PyTorch: `common::torch_python()` (`$CONVLAB_TORCH_PYTHON`, else
//! the venv `scripts/test.sh` installs).

use convlab::core::ops::network::{infer, to_repr, to_source, Model, When};
use serde_json::{json, Value};

mod common;

/// Builds each job's model as tests/oracle/make_cases.py does (leaf by
/// leaf, so a constructor's refusal names its leaf), runs it in eval mode
/// on zeros, and prints per job the layers, the total, the break, and
/// print(model).
const SCRIPT: &str = r#"
import ast, json, sys, warnings
import torch, torch.nn as nn
warnings.filterwarnings("ignore")
torch.set_grad_enabled(False)

def first_line(e):
    s = str(e)
    return s.splitlines()[0] if s else type(e).__name__

class BuildError(Exception):
    def __init__(self, layer, kind, message):
        self.layer, self.kind, self.message = layer, kind, message

def build(node, path=()):
    kind = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
    if kind == "Sequential":
        return nn.Sequential(*[build(a, path + (str(i),)) for i, a in enumerate(node.args)])
    try:
        return eval(compile(ast.Expression(node), "<job>", "eval"), {"nn": nn, "torch": torch})
    except Exception as e:
        raise BuildError(".".join(path), kind, first_line(e))

def run(job):
    try:
        model = build(ast.parse(job["text"].strip(), mode="eval").body)
    except BuildError as e:
        return {"error": {"layer": e.layer, "kind": e.kind, "message": e.message, "when": "build"}}
    try:
        whole = eval(job["text"], {"nn": nn, "torch": torch})
        assert str(whole) == str(model), "the text does not rebuild leaf by leaf"
    except Exception as e:
        return {"error": {"message": first_line(e), "when": "build"}}
    model.eval()
    x = torch.zeros(job["shape"])
    layers = []
    for name, m in model.named_modules():
        if not name or list(m.children()):
            continue
        try:
            x = m(x)
        except Exception as e:
            return {"error": {"layer": name, "kind": type(m).__name__, "message": first_line(e), "when": "forward"}}
        layers.append({"path": name, "shape": list(x.shape), "params": sum(p.numel() for p in m.parameters())})
    return {"layers": layers, "params": sum(p.numel() for p in model.parameters()), "repr": str(model)}

JOBS
"#;

/// Runs the jobs (`{name, text, shape}`) in PyTorch.
fn torch(jobs: &[Value]) -> Value {
    // One file per call: the tests of this file run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("convlab-network-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("jobs-{call}.json"));
    std::fs::write(&file, serde_json::to_string(jobs).unwrap()).unwrap();
    let script = SCRIPT.replace(
        "JOBS",
        &format!(
            "jobs = json.load(open({:?}))\njson.dump({{j['name']: run(j) for j in jobs}}, sys.stdout)",
            file.to_string_lossy()
        ),
    );
    let out = common::run_torch_python(&script);
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir(&dir); // once the other test's file is gone too
    serde_json::from_str(&out).expect("the script prints JSON")
}

/// Ours, in the script's terms.
fn ours(text: &str, shape: &[i64]) -> Value {
    let model = match Model::parse(text) {
        Ok(m) => m,
        // Python refuses the call itself (a TypeError): a build error.
        Err(e) => return json!({ "error": { "message": e.message, "when": "build" } }),
    };
    let r = infer(&model, shape).unwrap();
    if let Some(b) = &r.broken {
        let when = if b.when == When::Build {
            "build"
        } else {
            "forward"
        };
        return json!({ "error": { "layer": b.path, "kind": b.kind, "message": b.message(), "when": when } });
    }
    let layers: Vec<Value> = r
        .rows
        .iter()
        .map(|row| json!({ "path": row.path, "shape": row.output, "params": row.params.count as u64 }))
        .collect();
    json!({ "layers": layers, "params": r.params.map(|p| p as u64), "repr": to_repr(&model) })
}

/// The value with the `{'a', 'b'}` in its message sorted.
fn sets_sorted(v: &Value) -> Value {
    let Some(m) = v["error"]["message"].as_str() else {
        return v.clone();
    };
    let (Some(a), Some(b)) = (m.find('{'), m.find('}')) else {
        return v.clone();
    };
    let mut items: Vec<&str> = m[a + 1..b].split(", ").collect();
    items.sort_unstable();
    let mut out = v.clone();
    out["error"]["message"] = Value::from(format!(
        "{}{{{}}}{}",
        &m[..a],
        items.join(", "),
        &m[b + 1..]
    ));
    out
}

/// Models the oracle does not hold, each on its input shape.
fn extra_jobs() -> Vec<(&'static str, &'static str, Vec<i64>)> {
    let s4 = vec![1, 3, 8, 8];
    vec![
        ("bn-channels", "nn.Sequential(nn.Conv2d(3, 32, 3), nn.BatchNorm2d(16))", s4.clone()),
        ("bn-untracked-channels", "nn.Sequential(nn.BatchNorm2d(4, track_running_stats=False))", s4.clone()),
        ("bn-untracked-one-value", "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.BatchNorm2d(3, track_running_stats=False))", s4.clone()),
        ("bn-after-flatten", "nn.Sequential(nn.Flatten(), nn.BatchNorm2d(3))", s4.clone()),
        ("bn-no-affine", "nn.Sequential(nn.BatchNorm2d(3, affine=False), nn.BatchNorm2d(3, bias=False))", s4.clone()),
        ("conv-after-flatten", "nn.Sequential(nn.Flatten(), nn.Conv2d(3, 8, 3))", s4.clone()),
        ("convT-after-flatten", "nn.Sequential(nn.Flatten(), nn.ConvTranspose2d(3, 8, 3))", s4.clone()),
        ("linear-on-4d", "nn.Sequential(nn.Conv2d(3, 16, 3), nn.Linear(256, 10))", s4.clone()),
        ("linear-on-4d-no-bias", "nn.Sequential(nn.Linear(256, 10, bias=False))", s4.clone()),
        ("linear-on-4d-fits", "nn.Sequential(nn.Linear(8, 10))", s4.clone()),
        ("linear-2d-no-bias", "nn.Sequential(nn.Flatten(), nn.Linear(100, 10, bias=False))", s4.clone()),
        ("flatten-bad-dim", "nn.Sequential(nn.Flatten(start_dim=5))", s4.clone()),
        ("flatten-order", "nn.Sequential(nn.Flatten(2, 1))", s4.clone()),
        ("flatten-twice", "nn.Sequential(nn.Flatten(), nn.Flatten(2))", s4.clone()),
        ("flatten-middle", "nn.Sequential(nn.Flatten(1, 2), nn.Linear(8, 4))", s4.clone()),
        ("maxpool-after-flatten", "nn.Sequential(nn.Flatten(), nn.MaxPool2d(2))", s4.clone()),
        ("avgpool-after-flatten", "nn.Sequential(nn.Flatten(), nn.AvgPool2d(2))", s4.clone()),
        ("adaptive-avg-after-flatten", "nn.Sequential(nn.Flatten(), nn.AdaptiveAvgPool2d(2))", s4.clone()),
        ("adaptive-avg-1-after-flatten", "nn.Sequential(nn.Flatten(), nn.AdaptiveAvgPool2d(1))", s4.clone()),
        ("adaptive-pair-after-flatten", "nn.Sequential(nn.Flatten(), nn.AdaptiveAvgPool2d((None, 2)))", s4.clone()),
        ("adaptive-max-after-flatten", "nn.Sequential(nn.Flatten(), nn.AdaptiveMaxPool2d(2))", s4.clone()),
        ("adaptive-none", "nn.Sequential(nn.AdaptiveAvgPool2d(None))", s4.clone()),
        ("adaptive-negative", "nn.Sequential(nn.AdaptiveAvgPool2d(-1))", s4.clone()),
        ("adaptive-max-negative", "nn.Sequential(nn.AdaptiveMaxPool2d((-1, 2)))", s4.clone()),
        ("adaptive-max-none-side", "nn.Sequential(nn.AdaptiveMaxPool2d((None, 3)))", s4.clone()),
        ("gelu-bad", "nn.Sequential(nn.GELU('exact'))", s4.clone()),
        ("gelu-tanh", "nn.Sequential(nn.GELU(approximate='tanh'), nn.SiLU(), nn.Dropout(0.1))", s4.clone()),
        ("dropout-p", "nn.Sequential(nn.ReLU(), nn.Dropout2d(2))", s4.clone()),
        ("conv-padding-string", "nn.Sequential(nn.Conv2d(3, 8, 3, padding='full'))", s4.clone()),
        ("conv-padding-mode", "nn.Sequential(nn.Conv2d(3, 8, 3, padding_mode='mirror'))", s4.clone()),
        ("convT-padding-mode", "nn.Sequential(nn.ConvTranspose2d(3, 8, 3, padding_mode='reflect'))", s4.clone()),
        ("conv-negative", "nn.Sequential(nn.Conv2d(3, -8, 3))", s4.clone()),
        ("linear-negative", "nn.Sequential(nn.Linear(-1, 3))", s4.clone()),
        ("conv-groups-zero", "nn.Sequential(nn.Conv2d(3, 8, 3, groups=0))", s4.clone()),
        ("conv-kernel-zero", "nn.Sequential(nn.Conv2d(3, 8, (0, 3)))", s4.clone()),
        ("conv-dilation-zero", "nn.Sequential(nn.Conv2d(3, 8, 3, dilation=(0, 1)))", s4.clone()),
        ("conv-out-zero", "nn.Sequential(nn.Conv2d(3, 0, 3))", s4.clone()),
        ("conv-stride-zero", "nn.Sequential(nn.Conv2d(3, 8, 3, stride=0))", s4.clone()),
        ("conv-negative-padding", "nn.Sequential(nn.Conv2d(3, 8, 3, padding=-1))", s4.clone()),
        ("conv-reflect-big", "nn.Sequential(nn.Conv2d(3, 8, 3, padding=8, padding_mode='reflect'))", s4.clone()),
        ("conv-circular-big", "nn.Sequential(nn.Conv2d(3, 8, 3, padding=9, padding_mode='circular'))", s4.clone()),
        ("conv-same-even", "nn.Sequential(nn.Conv2d(3, 8, 4, padding='same'), nn.Conv2d(4, 8, 4, padding='same'))", s4.clone()),
        ("conv-same-reflect", "nn.Sequential(nn.Conv2d(3, 8, 4, padding='same', padding_mode='reflect'), nn.Conv2d(8, 2, 9, padding='same', padding_mode='reflect'))", s4.clone()),
        ("conv-unbatched", "nn.Sequential(nn.Conv2d(3, 8, 3), nn.MaxPool2d(2), nn.Conv2d(4, 8, 3))", vec![3, 8, 8]),
        ("conv-unbatched-reflect", "nn.Sequential(nn.Conv2d(3, 8, 3, padding=8, padding_mode='reflect'))", vec![3, 8, 8]),
        ("convT-negative-output-padding", "nn.Sequential(nn.ConvTranspose2d(3, 8, 3, output_padding=-1))", s4.clone()),
        ("convT-too-small", "nn.Sequential(nn.ConvTranspose2d(3, 8, 1, padding=5))", s4.clone()),
        ("convT-kernel-zero", "nn.Sequential(nn.ConvTranspose2d(3, 8, (2, 0)))", s4.clone()),
        ("convT-dilation-zero", "nn.Sequential(nn.ConvTranspose2d(3, 8, 2, dilation=0))", s4.clone()),
        ("convT-groups", "nn.Sequential(nn.ConvTranspose2d(4, 6, 3, groups=2))", vec![1, 4, 5, 5]),
        ("maxpool-stride-zero", "nn.Sequential(nn.MaxPool2d(2, stride=0))", s4.clone()),
        ("maxpool-kernel-zero", "nn.Sequential(nn.MaxPool2d(0, stride=1))", s4.clone()),
        ("maxpool-dilated-pad", "nn.Sequential(nn.MaxPool2d(3, padding=2, dilation=2))", s4.clone()),
        ("maxpool-negative-pad", "nn.Sequential(nn.MaxPool2d(2, padding=-1))", s4.clone()),
        ("avgpool-divisor-zero", "nn.Sequential(nn.AvgPool2d(2, divisor_override=0))", s4.clone()),
        ("avgpool-options", "nn.Sequential(nn.AvgPool2d(3, 2, 1, True, False, 2))", s4.clone()),
        ("typeerror-keyword", "nn.Sequential(nn.Conv2d(3, 8, 3, foo=1))", s4.clone()),
        ("typeerror-missing", "nn.Sequential(nn.Linear())", s4.clone()),
        ("typeerror-multiple", "nn.Sequential(nn.Conv2d(3, 8, 3, in_channels=3))", s4.clone()),
        ("typeerror-too-many", "nn.Sequential(nn.Conv2d(3, 8, 3, 1, 0, 1, 1, True, 'zeros', None, None, 5))", s4.clone()),
        ("typeerror-relu", "nn.Sequential(nn.ReLU(True, 1))", s4.clone()),
        ("typeerror-bn", "nn.Sequential(nn.BatchNorm2d(3, 1e-5, 0.1, True, True, None, None, False))", s4.clone()),
        ("typeerror-sequential", "nn.Sequential(nn.ReLU(), x=nn.ReLU())", s4.clone()),
        ("typeerror-maxpool", "nn.Sequential(nn.MaxPool2d(2, foo=1))", s4.clone()),
        ("typeerror-adaptive", "nn.Sequential(nn.AdaptiveAvgPool2d(2, 3))", s4.clone()),
        ("typeerror-dropout", "nn.Sequential(nn.Dropout2d(0.1, True, 3))", s4.clone()),
        ("typeerror-sigmoid", "nn.Sequential(nn.Sigmoid(1))", s4.clone()),
        ("typeerror-tanh", "nn.Sequential(nn.Tanh(approximate='none'))", s4.clone()),
        ("identity-anything", "nn.Sequential(nn.Identity(54, unused_argument1=0.1))", s4.clone()),
    ]
}

#[test]
fn models_beyond_the_oracle_break_where_and_as_pytorch_does() {
    let jobs: Vec<Value> = extra_jobs()
        .iter()
        .map(|(name, text, shape)| json!({ "name": name, "text": text, "shape": shape }))
        .collect();
    let got = torch(&jobs);
    let mut bad = Vec::new();
    for (name, text, shape) in extra_jobs() {
        let mut want = got[name].clone();
        let mine = ours(text, &shape);
        // A TypeError has no leaf of ours (the text does not read).
        if mine["error"].get("layer").is_none() {
            if let Some(e) = want.get_mut("error").and_then(Value::as_object_mut) {
                e.remove("layer");
                e.remove("kind");
            }
        }
        // Python prints a set in an order that changes from run to run.
        let (mine, want) = (sets_sorted(&mine), sets_sorted(&want));
        if mine != want {
            bad.push(format!("{name}: {text}\n  ours  {mine}\n  torch {want}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} disagree:\n{}",
        bad.len(),
        jobs.len(),
        bad.join("\n")
    );
}

#[test]
fn exported_source_of_every_oracle_model_rebuilds_the_same_model_in_pytorch() {
    // `CONVLAB_ORACLE`'s model cases when it is set.
    let cases = common::cases(common::Kind::Model).cases;
    let mut jobs = Vec::new();
    let mut wants = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let model = Model::parse(case["text"].as_str().unwrap()).unwrap();
        let shape: Vec<i64> = serde_json::from_value(case["input_shape"].clone()).unwrap();
        jobs.push(json!({ "name": name, "text": to_source(&model), "shape": shape }));
        wants.push((name.to_string(), ours(&to_source(&model), &shape)));
    }
    let got = torch(&jobs);
    let bad: Vec<String> = wants
        .iter()
        .filter(|(name, want)| &got[name.as_str()] != want)
        .map(|(name, want)| format!("{name}:\n  ours  {want}\n  torch {}", got[name.as_str()]))
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} disagree:\n{}",
        bad.len(),
        jobs.len(),
        bad.join("\n")
    );
}
