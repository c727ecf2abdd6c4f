//! A run of a pasted model opened in the stack view computes the shapes
//! the model's table shows: every Conv2d, MaxPool2d and AvgPool2d of the
//! run gives, in the stack, the very output shape inference gave it (both
//! computed, by different code: the engine's stack and the network's shape
//! inference). "Open in the stack view" runs on through pools.

use convlab::core::content::networks::network_presets;
use convlab::core::ops::network::stack::{longest_run, run_as_stack};
use convlab::core::ops::network::{infer, Layer};
use convlab::core::ops::stack::{Stack, StackLayer};
use convlab::core::Op;

#[test]
fn every_run_of_every_preset_has_the_tables_shapes() {
    let mut opened = 0;
    for preset in network_presets() {
        let report = infer(&preset.model(), &preset.input_shape).unwrap();
        let n = report.rows.len();
        for first in 0..n {
            for last in first..n.min(first + 4) {
                let Ok((scene, words)) = run_as_stack(&report, first, last, 7) else {
                    continue;
                };
                let Op::Sequential(s) = &scene.op else {
                    panic!()
                };
                let stack = Stack::new(s).unwrap();
                let convs: Vec<_> = report.rows[first..=last]
                    .iter()
                    .filter(|r| {
                        matches!(
                            r.layer,
                            Layer::Conv2d(_) | Layer::MaxPool2d(_) | Layer::AvgPool2d(_)
                        )
                    })
                    .collect();
                assert_eq!(convs.len(), s.layers.len(), "{}: {words}", preset.name);
                for (k, row) in convs.iter().enumerate() {
                    let (a, b, c, d) = stack.level(k + 1).unwrap().dim();
                    let got: Vec<i64> = [a, b, c, d].iter().map(|x| *x as i64).collect();
                    assert_eq!(got, row.output, "{} layer {}", preset.name, row.path);
                }
                opened += 1;
            }
        }
    }
    assert!(opened >= 10, "only {opened} runs could be opened");
}

/// LeNet-5 as PyTorch's tutorials write it: Conv2d, Tanh, AvgPool2d,
/// Conv2d, Tanh, AvgPool2d, then Flatten. The longest run from the first
/// layer now holds both pools, as its layers 1 and 3, with the table's
/// shapes; it used to stop at the first pool.
#[test]
fn the_longest_run_goes_on_through_the_pools() {
    let preset = network_presets()
        .iter()
        .find(|p| p.name.contains("lenet"))
        .expect("LeNet-5");
    let report = infer(&preset.model(), &preset.input_shape).unwrap();
    let (scene, words) = longest_run(&report, 0, 3).unwrap();
    let Op::Sequential(s) = &scene.op else {
        panic!("a stack")
    };
    let kinds: Vec<&str> = s
        .layers
        .iter()
        .map(|l| match l {
            StackLayer::Conv(_) => "Conv2d",
            StackLayer::Pool(p) => p.pool.class(),
        })
        .collect();
    let table: Vec<&str> = report
        .rows
        .iter()
        .map(|r| r.layer.kind())
        .take_while(|k| *k != "Flatten")
        .filter(|k| matches!(*k, "Conv2d" | "MaxPool2d" | "AvgPool2d"))
        .collect();
    assert!(table.iter().filter(|k| k.ends_with("Pool2d")).count() >= 2);
    assert_eq!(kinds, table, "{words}");
    let stack = Stack::new(s).unwrap();
    let rows: Vec<_> = report
        .rows
        .iter()
        .filter(|r| table.contains(&r.layer.kind()))
        .collect();
    for (k, row) in rows.iter().enumerate().take(kinds.len()) {
        let (a, b, c, d) = stack.level(k + 1).unwrap().dim();
        assert_eq!(vec![a as i64, b as i64, c as i64, d as i64], row.output);
    }
}

#[test]
fn a_run_with_a_linear_is_refused_with_the_reason() {
    let preset = network_presets()
        .iter()
        .find(|p| p.name.contains("lenet"))
        .expect("LeNet-5");
    let report = infer(&preset.model(), &preset.input_shape).unwrap();
    let linear = report
        .rows
        .iter()
        .position(|r| matches!(r.layer, Layer::Linear(_)))
        .unwrap();
    let err = run_as_stack(&report, 0, linear, 1).unwrap_err();
    assert!(
        err.contains("Linear") || err.contains("4-D") || err.contains("Conv2d"),
        "{err}"
    );
}
