//! Pool layers in a stack, against every `MaxPool2d` / `AvgPool2d` case of
//! `tests/oracle/pool_cases.json` (real PyTorch, float64):
//!
//! - a stack of the one pool layer, and a stack of a 1x1 identity conv and
//!   the pool, give level by level the oracle's output (within 1e-9, the
//!   shape exactly), or its refusal character for character, named at the
//!   pool's layer;
//! - every frame of the pool layer names what PyTorch's value comes from:
//!   a max pool's pick holds the oracle's output, an average pool's sum
//!   over its divisor is the oracle's output, and the divisor counts the
//!   cells `count_include_pad` says it counts.

use convlab::core::ops::stack::{
    Divisor, Place, PoolArgs, PoolKind, Stack, StackError, StackLayer, StackScene,
};
use convlab::core::{Conv2dArgs, Padding};
use ndarray::Array4;
use serde_json::Value;

mod common;

/// `2` or `[2, 3]` as `[height, width]`.
fn pair(v: &Value) -> [i64; 2] {
    match v {
        Value::Number(n) => [n.as_i64().unwrap(); 2],
        Value::Array(a) => [a[0].as_i64().unwrap(), a[1].as_i64().unwrap()],
        other => panic!("not an int or a pair: {other}"),
    }
}

/// The case's module as a stack layer; every argument is read, and any
/// other one fails the test (none may be skipped silently).
fn layer_of(case: &Value) -> PoolArgs {
    let pool = match case["op"].as_str().unwrap() {
        "torch.max_pool2d" => PoolKind::Max,
        _ => PoolKind::Avg,
    };
    let args = case["args"].as_object().unwrap();
    let mut p = PoolArgs::new(pool, pair(&args["kernel_size"]));
    for (k, v) in args {
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
    p
}

fn input_of(case: &Value) -> Array4<f64> {
    let (shape, values) = common::flatten(&case["input"]);
    let dims: [usize; 4] = shape.try_into().expect("a 4-D input");
    Array4::from_shape_vec(dims, values).unwrap()
}

/// The windowed pools' cases (the adaptive ones have no stack layer).
fn cases() -> Vec<Value> {
    let doc = common::load(&common::oracle_file("pool_cases.json"));
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            matches!(
                c["op"].as_str(),
                Some("torch.max_pool2d" | "torch.avg_pool2d")
            )
        })
        .cloned()
        .collect()
}

/// A 1x1 conv that copies every channel: its output is its input exactly.
fn identity(c: usize) -> StackLayer {
    let w = Array4::from_shape_fn((c, c, 1, 1), |(o, i, _, _)| f64::from(u8::from(o == i)));
    StackLayer::Conv(Conv2dArgs::new(w, Padding::VALID))
}

/// What is wrong with the stack `layers` for `case`, whose pool is layer `at`.
fn disagreement(case: &Value, layers: Vec<StackLayer>, at: usize) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let input = input_of(case);
    let got = Stack::new(&StackScene::new(input.clone(), layers));
    match (&case["error"], got) {
        (Value::String(want), Err(e)) => {
            let said = e.reference_message().unwrap_or_default();
            (said != *want || e.layer() != Some(at) || !matches!(e, StackError::Pool { .. }))
                .then(|| format!("{name}: said {said:?} at {:?}, torch {want:?}", e.layer()))
        }
        (Value::String(want), Ok(_)) => Some(format!("{name}: computed, torch refused: {want}")),
        (_, Err(e)) => Some(format!("{name}: refused ({e}), torch computed it")),
        (_, Ok(stack)) => {
            if at == 1 && stack.level(1) != Some(&input) {
                return Some(format!("{name}: the identity conv changed the input"));
            }
            let want_shape: Vec<usize> =
                serde_json::from_value(case["expected"]["shape"].clone()).unwrap();
            let (_, want) = common::flatten(&case["expected"]["output"]);
            let out = stack.level(at + 1).unwrap();
            if out.shape() != want_shape.as_slice() {
                return Some(format!(
                    "{name}: shape {:?}, torch {want_shape:?}",
                    out.shape()
                ));
            }
            let bad = out
                .iter()
                .zip(&want)
                .position(|(g, w)| !common::close(*g, *w));
            bad.map(|k| format!("{name}: value {k} differs from torch's {}", want[k]))
        }
    }
}

#[test]
fn a_stack_of_one_pool_gives_every_oracle_value_and_refusal() {
    let cases = cases();
    assert_eq!(
        cases.len(),
        233,
        "the oracle's MaxPool2d and AvgPool2d cases"
    );
    assert!(cases.iter().filter(|c| c["error"].is_string()).count() >= 70);
    let bad: Vec<String> = cases
        .iter()
        .filter_map(|c| disagreement(c, vec![StackLayer::Pool(layer_of(c))], 0))
        .collect();
    assert!(
        bad.is_empty(),
        "{} disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn a_pool_after_a_conv_gives_the_same_values_and_refusals_one_level_up() {
    let bad: Vec<String> = cases()
        .iter()
        .filter_map(|c| {
            let layers = vec![identity(input_of(c).dim().1), StackLayer::Pool(layer_of(c))];
            disagreement(c, layers, 1)
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// What is wrong with the frames of `case`'s pool, if anything.
fn frames_disagree(case: &Value) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let args = layer_of(case);
    let input = input_of(case);
    let stack = Stack::new(&StackScene::new(
        input.clone(),
        vec![StackLayer::Pool(args.clone())],
    ))
    .ok()?;
    let (_, want) = common::flatten(&case["expected"]["output"]);
    if stack.frame_count() != want.len() {
        return Some(format!(
            "{name}: {} frames for {} outputs",
            stack.frame_count(),
            want.len()
        ));
    }
    for (g, w) in want.iter().enumerate() {
        let f = stack.frame_at(g)?;
        let s = f.pool.as_ref()?;
        let [n, c, _, _] = s.index;
        if s.index != f.frame.index
            || f.frame.value.to_bits() != stack.output()[f.frame.index].to_bits()
        {
            return Some(format!("{name} frame {g}: not the value it writes"));
        }
        let real = s.taps.iter().filter(|t| t.place == Place::Real).count() as i64;
        let counted = s.taps.iter().filter(|t| t.place != Place::Ceil).count() as i64;
        match args.pool {
            PoolKind::Max => {
                let [y, x] = s.picked?;
                let v = input[[n, c, y, x]];
                let in_window = s
                    .taps
                    .iter()
                    .any(|t| t.place == Place::Real && t.at == [y as i64, x as i64]);
                if !common::close(v, *w) || !in_window {
                    return Some(format!(
                        "{name} frame {g}: picked {v} at ({y}, {x}), torch {w}"
                    ));
                }
            }
            PoolKind::Avg => {
                let d = s.divisor?;
                let rule = match (args.divisor_override, args.count_include_pad) {
                    (Some(o), _) => d == Divisor::Override(o),
                    (None, true) => d.value() == counted,
                    (None, false) => d.value() == real,
                };
                if !common::close(s.sum / d.value() as f64, *w) || !rule {
                    return Some(format!(
                        "{name} frame {g}: {} / {d:?} ({real} real, {counted} counted), torch {w}",
                        s.sum
                    ));
                }
            }
        }
    }
    None
}

#[test]
fn every_pool_frame_names_the_pick_or_the_sum_and_divisor_torch_used() {
    let cases = cases();
    let computed: Vec<&Value> = cases.iter().filter(|c| c["expected"].is_object()).collect();
    let bad: Vec<String> = computed.iter().filter_map(|c| frames_disagree(c)).collect();
    assert!(
        bad.is_empty(),
        "{} disagree:\n{}",
        bad.len(),
        bad.join("\n")
    );
    // The cases exercise every rule the frames name.
    let has = |f: &dyn Fn(&PoolArgs) -> bool| computed.iter().filter(|c| f(&layer_of(c))).count();
    assert!(has(&|a| a.pool == PoolKind::Avg && a.ceil_mode && a.padding != [0, 0]) > 0);
    assert!(has(&|a| a.pool == PoolKind::Avg && !a.count_include_pad) > 3);
    assert!(has(&|a| a.divisor_override.is_some()) > 3);
    assert!(has(&|a| a.pool == PoolKind::Max && a.dilation != [1, 1]) > 3);
}

/// Where `ceil_mode` lets one more window start, the stack says how many
/// rows and columns past the padding it reaches: from the oracle's output
/// size, the last window ends at `(out - 1)*s + (k - 1)*d + 1` of the
/// padded input, `n + 2p` long.
#[test]
fn the_cells_only_ceil_mode_reaches_are_counted_from_torchs_shape() {
    let mut seen = 0;
    for case in cases().iter().filter(|c| c["expected"].is_object()) {
        let a = layer_of(case);
        let input = input_of(case);
        let stack = Stack::new(&StackScene::new(
            input.clone(),
            vec![StackLayer::Pool(a.clone())],
        ))
        .unwrap();
        let shape: Vec<i64> = serde_json::from_value(case["expected"]["shape"].clone()).unwrap();
        let (_, _, h, w) = input.dim();
        let [s, d] = [a.stride.unwrap_or(a.kernel_size), a.dilation_used()];
        let extra = |ax: usize, n: usize| {
            let end = (shape[2 + ax] - 1) * s[ax] + (a.kernel_size[ax] - 1) * d[ax] + 1;
            (end - (n as i64 + 2 * a.padding[ax])).max(0) as usize
        };
        let want = [extra(0, h), extra(1, w)];
        assert_eq!(stack.ceil(0).unwrap_or([0, 0]), want, "{}", case["name"]);
        if want != [0, 0] {
            assert!(
                a.ceil_mode,
                "{}: only ceil_mode reaches past the padding",
                case["name"]
            );
            let (pads, _) = stack.ring(0).unwrap();
            assert_eq!(
                [pads.bottom, pads.right],
                [0, 1].map(|x| a.padding[x] as usize + want[x])
            );
            seen += 1;
        }
    }
    assert!(seen >= 5, "only {seen} cases reach past the padding");
}
