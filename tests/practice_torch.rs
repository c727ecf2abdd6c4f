//! Generated exercises answered by real PyTorch and SciPy: a batch of
//! exercises of every kind and level is exported (each scene as its share
//! link's JSON, with what is asked), one Python process computes every
//! answer with `torch` and `scipy.signal` (shapes and values by running
//! the op; the cells and channels an output reads by its gradient, with
//! the weights set to ones; receptive fields by the gradient of a deep
//! enough stack; the output padding by trying each one; where a model
//! breaks by running it leaf by leaf), and every answer must be the
//! engine's.
//!
//! Needs PyTorch and SciPy: `common::torch_python()`.

use convlab::core::ops::network::export::{layer_source, to_source};
use convlab::core::ops::network::model::Model;
use convlab::core::practice::{Exercise, Expected, Kind, Task, MAX_LEVEL};
use serde_json::{json, Value};

mod common;

/// Seeds per kind and level.
const SEEDS: u64 = 30;

const SCRIPT: &str = r#"
import json, sys, warnings
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
import scipy.signal
warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)

def t(v):
    return torch.tensor(v, dtype=torch.float64)

def conv_module(s):
    w = t(s["weight"])
    o, cg, kh, kw = w.shape
    g = s.get("groups", 1)
    pad = s.get("padding", [0, 0])
    pad = pad if isinstance(pad, str) else tuple(pad)
    m = nn.Conv2d(cg * g, o, (kh, kw), stride=tuple(s.get("stride", [1, 1])), padding=pad,
                  dilation=tuple(s.get("dilation", [1, 1])), groups=g,
                  bias=s.get("bias") is not None, padding_mode=s.get("padding_mode", "zeros"))
    with torch.no_grad():
        m.weight.copy_(w)
        if s.get("bias") is not None:
            m.bias.copy_(t(s["bias"]))
    return m

def transpose(s, x=None, w=None, bias=True):
    x = t(s["input"]) if x is None else x
    w = t(s["weight"]) if w is None else w
    b = t(s["bias"]) if bias and s.get("bias") is not None else None
    return F.conv_transpose2d(x, w, b, stride=tuple(s["stride"]), padding=tuple(s["padding"]),
                              output_padding=tuple(s["output_padding"]), groups=s["groups"],
                              dilation=tuple(s["dilation"]))

def scipy_op(s, in1=None, in2=None):
    f = scipy.signal.convolve2d if s["op"] == "scipy.convolve2d" else scipy.signal.correlate2d
    a = np.array(s["in1"], dtype=float) if in1 is None else in1
    b = np.array(s["in2"], dtype=float) if in2 is None else in2
    return f(a, b, mode=s["mode"], boundary=s["boundary"], fillvalue=s["fillvalue"])

def run(s):
    if s["op"] == "torch.conv2d":
        return conv_module(s)(t(s["input"]))
    if s["op"] == "torch.conv_transpose2d":
        return transpose(s)
    return scipy_op(s)

def read_cells(s, cell):
    """The input cells the output at `cell` reads: its gradient, weights ones."""
    n, c, i, j = cell
    if s["op"].startswith("scipy"):
        a = np.array(s["in1"], dtype=float)
        out = []
        for r in range(a.shape[0]):
            for q in range(a.shape[1]):
                probe = np.zeros_like(a)
                probe[r, q] = 1.0
                if scipy_op(s, probe, np.ones_like(np.array(s["in2"], dtype=float)))[i, j] != 0:
                    out.append([0, 0, r, q])
        return out
    m = conv_module(s)
    with torch.no_grad():
        m.weight.fill_(1.0)
    x = t(s["input"]).requires_grad_(True)
    m(x)[n, c, i, j].backward()
    return [list(map(int, ix)) for ix in torch.nonzero(x.grad).tolist()]

def field(s):
    """Size and jump along H of a stack's receptive field, by gradients."""
    layers = []
    for l in s["layers"]:
        m = conv_module(l)
        with torch.no_grad():
            m.weight.fill_(1.0)
        layers.append(m)
    net = nn.Sequential(*layers)
    x = torch.zeros(1, 1, 96, 96, requires_grad=True)
    out = net(x)
    mid = out.shape[2] // 2
    rows = []
    for i in (mid, mid + 1):
        x.grad = None
        net(x)[0, 0, i, out.shape[3] // 2].backward()
        nz = torch.nonzero(x.grad[0, 0].sum(1)).flatten().tolist()
        rows.append((min(nz), max(nz)))
    return [rows[0][1] - rows[0][0] + 1, rows[1][0] - rows[0][0]]

def output_padding(s, want):
    x, w = t(s["input"]), t(s["weight"])
    reach = [s["stride"][a] + s["dilation"][a] for a in range(2)]
    for ph in range(reach[0] + 1):
        for pw in range(reach[1] + 1):
            try:
                y = transpose(dict(s, output_padding=[ph, pw]), x, w)
            except Exception:
                continue
            if list(y.shape[2:]) == want:
                return [ph, pw]
    return None

def model_break(job):
    model = eval(job["source"], {"nn": nn, "torch": torch})
    model.eval()
    x = torch.zeros(job["input"])
    for k, m in enumerate(model):
        try:
            x = m(x)
        except Exception:
            return [k, int(x.shape[job["axis"]])]
    return None

def answer(job):
    s, task = job["scene"], job["task"]
    if task == "shape":
        return list(run(s).shape)
    if task == "pool":
        layer = eval(job["source"], {"nn": nn})
        return list(layer(torch.zeros(job["input"])).shape)
    if task == "value":
        n, c, i, j = job["cell"]
        out = run(s)
        return float(out[n, c, i, j] if s["op"].startswith("torch") else out[i, j])
    if task == "sources":
        return sorted(read_cells(s, job["cell"]))
    if task == "weight":
        w = t(s["weight"])
        g = s.get("groups", 1)
        if s["op"] == "torch.conv2d":
            c_in, c_out = len(s["input"][0]), w.shape[0]
            return list(nn.Conv2d(c_in, c_out, tuple(w.shape[2:]), groups=g).weight.shape)
        c_in, c_out = w.shape[0], w.shape[1] * g
        return list(nn.ConvTranspose2d(c_in, c_out, tuple(w.shape[2:]), groups=g).weight.shape)
    if task == "channels":
        cells = read_cells(s, [0, job["channel"], 0, 0])
        return sorted({c[1] for c in cells})
    if task == "output_padding":
        return output_padding(s, job["want"])
    if task == "field":
        return field(s)
    if task == "break":
        return model_break(job)
    raise ValueError(task)

JOBS
"#;

fn scene_json(ex: &Exercise) -> Value {
    serde_json::from_str(&ex.scene.to_json()).unwrap()
}

/// The job for one exercise, and the engine's answer in the script's terms.
fn job(id: usize, ex: &Exercise) -> (Value, Value) {
    let scene = scene_json(ex);
    let (job, ours) = match (&ex.task, &ex.expected) {
        (Task::ConvShape, Expected::Numbers(v)) => (json!({"task": "shape"}), json!(v)),
        (Task::PoolShape { layer, input }, Expected::Numbers(v)) => (
            json!({"task": "pool", "source": format!("nn.{}", layer_source(layer)), "input": input}),
            json!(v),
        ),
        (Task::Value { cell }, Expected::Value(v)) => {
            (json!({"task": "value", "cell": cell}), json!(v))
        }
        (Task::Sources { cell }, Expected::Cells(c)) => {
            let cells: Vec<[usize; 4]> = c.iter().copied().collect();
            (json!({"task": "sources", "cell": cell}), json!(cells))
        }
        (Task::WeightShape, Expected::Numbers(v)) => (json!({"task": "weight"}), json!(v)),
        (Task::Channels { out_channel }, Expected::Channels(c)) => {
            let v: Vec<usize> = c.iter().copied().collect();
            (
                json!({"task": "channels", "channel": out_channel}),
                json!(v),
            )
        }
        (Task::OutputPadding { want }, Expected::OutputPadding(p)) => {
            (json!({"task": "output_padding", "want": want}), json!(p))
        }
        (Task::Field, Expected::Numbers(v)) => (json!({"task": "field"}), json!(v)),
        (Task::ModelBreak { layers, input, ask }, Expected::Numbers(v)) => (
            json!({
                "task": "break",
                "source": to_source(&Model::of_layers(layers.clone())),
                "input": input,
                "axis": ask.axis(),
            }),
            json!(v),
        ),
        (task, e) => panic!("no job for {task:?} with {e:?}"),
    };
    let mut job = job;
    job["id"] = json!(id);
    job["scene"] = scene;
    (job, ours)
}

#[test]
fn generated_exercises_are_answered_the_same_by_pytorch_and_scipy() {
    let mut exercises = Vec::new();
    for kind in Kind::ALL {
        for level in 0..=MAX_LEVEL {
            for seed in 0..SEEDS {
                exercises.push(Exercise::new(kind, 1_000_003 * seed + 17, level));
            }
        }
    }
    let (jobs, ours): (Vec<Value>, Vec<Value>) = exercises
        .iter()
        .enumerate()
        .map(|(i, ex)| job(i, ex))
        .unzip();
    let dir = std::env::temp_dir().join(format!("convlab-practice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("jobs.json");
    std::fs::write(&file, serde_json::to_string(&jobs).unwrap()).unwrap();
    let script = SCRIPT.replace(
        "JOBS",
        &format!(
            "jobs = json.load(open({:?}))\njson.dump([answer(j) for j in jobs], sys.stdout)",
            file.to_string_lossy()
        ),
    );
    let started = std::time::Instant::now();
    let out = common::run_torch_python(&script);
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir(&dir);
    let theirs: Vec<Value> = serde_json::from_str(&out).expect("the script prints JSON");
    assert_eq!(theirs.len(), exercises.len());
    let mut per_kind = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for ((ex, ours), theirs) in exercises.iter().zip(&ours).zip(&theirs) {
        let same = match (ours.as_f64(), theirs.as_f64()) {
            (Some(a), Some(b)) if ours.is_f64() || theirs.is_f64() => common::close(a, b),
            _ => ours == theirs,
        };
        if !same {
            failures.push(format!(
                "{}\n    ours {ours}, reference {theirs}",
                ex.question
            ));
        }
        *per_kind.entry(ex.kind.as_str()).or_insert(0) += 1;
    }
    println!(
        "{} exercises answered by PyTorch/SciPy in {:.1} s, per kind {per_kind:?}; {} disagree",
        exercises.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
