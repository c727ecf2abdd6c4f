//! The transposed convolution's other views, against the reference:
//! the scatter (stamp) accumulation, the step map between the views, the
//! matrix view (also for conv2d) and "undo this shape".

use convlab::core::ops::transpose::undo::undo_shape;
use convlab::core::Conv2dArgs;
use convlab::core::{Op, OpKind, Padding, Plan, Scene, Source, TorchConv};
use ndarray::Array4;
use serde_json::Value;

mod common;
use common::{close, flatten, load};

fn cases(file: &str) -> Vec<Value> {
    load(&common::oracle_file(file))["cases"]
        .as_array()
        .expect("cases")
        .clone()
}

/// The accepted cases of a file, with their plan and the reference output.
/// A case's name, scene, plan, and the reference's shape and values.
type Accepted = (String, Scene, Plan, Vec<usize>, Vec<f64>);

fn accepted(file: &str, op: &str) -> Vec<Accepted> {
    cases(file)
        .into_iter()
        .filter(|c| c["op"] == op && c.get("expected").is_some())
        .map(|c| {
            let scene = Scene::from_json(&c.to_string()).expect("decodes");
            let plan = Plan::new(&scene).expect("accepted");
            let (shape, want) = flatten(&c["expected"]);
            (
                c["name"].as_str().unwrap().to_string(),
                scene,
                plan,
                shape,
                want,
            )
        })
        .collect()
}

fn transpose_cases() -> Vec<Accepted> {
    accepted("transpose_cases.json", "torch.conv_transpose2d")
}

#[test]
fn the_stamps_add_up_to_the_reference_output() {
    let all = transpose_cases();
    assert!(all.len() > 200);
    for (name, _, plan, shape, want) in &all {
        let out = plan
            .scatter_output(plan.scatter_frame_count())
            .expect("a transpose plan");
        assert_eq!(out.shape(), &shape[..], "{name}");
        for (k, (g, w)) in out.iter().zip(want).enumerate() {
            assert!(
                close(*g, *w),
                "{name}: element {k} is {g} after every stamp, reference {w}"
            );
        }
    }
    println!(
        "scatter: {} transpose cases stamped to the reference output",
        all.len()
    );
}

#[test]
fn each_stamp_reports_the_running_values_the_output_takes() {
    for (name, _, plan, _, _) in transpose_cases()
        .iter()
        .filter(|c| c.2.scatter_frame_count() <= 400)
    {
        let count = plan.scatter_frame_count();
        assert!(plan.scatter_frame_at(count).is_none());
        let mut running = plan.scatter_output(0).unwrap();
        for step in 0..count {
            let f = plan.scatter_frame_at(step).expect("a stamp");
            assert_eq!(plan.scatter_step_of(f.index), Some(step), "{name}");
            assert_eq!(
                f.stamps.len(),
                f.channels.len() * plan.kernel_hw()[0] * plan.kernel_hw()[1]
            );
            for t in &f.stamps {
                assert_eq!(t.product.to_bits(), (f.value * t.weight).to_bits());
                if !t.inside {
                    assert!(t.before.is_none());
                    continue;
                }
                let cell = [f.index[0], t.channel, t.pos[0] as usize, t.pos[1] as usize];
                assert_eq!(
                    t.before.map(f64::to_bits),
                    Some(running[cell].to_bits()),
                    "{name} step {step}"
                );
                running[cell] += t.product;
                assert_eq!(
                    t.after.map(f64::to_bits),
                    Some(running[cell].to_bits()),
                    "{name} step {step}"
                );
            }
            assert_eq!(
                running,
                plan.scatter_output(step + 1).unwrap(),
                "{name} after {} stamps",
                step + 1
            );
        }
    }
}

#[test]
fn toggling_views_lands_on_the_stamp_that_completes_the_cell() {
    for (name, _, plan, _, _) in transpose_cases()
        .iter()
        .filter(|c| c.2.frame_count() <= 600)
    {
        let count = plan.scatter_frame_count();
        let done = plan.scatter_output(count).unwrap();
        for g in 0..plan.frame_count() {
            let cell = plan.index_at(g).unwrap();
            let s = plan
                .scatter_step_of_output(cell)
                .expect("every cell has a stamp step");
            assert!(s < count, "{name}");
            // After that stamp the cell has its final value.
            assert_eq!(
                plan.scatter_value(s + 1, cell).unwrap().to_bits(),
                done[cell].to_bits(),
                "{name} {cell:?}"
            );
            let touched = plan.scatter_frame_at(s).unwrap().stamps.iter().any(|t| {
                t.inside
                    && [t.channel, t.pos[0] as usize, t.pos[1] as usize]
                        == [cell[1], cell[2], cell[3]]
            });
            // And back: the first cell this stamp completes, never a later one.
            let back = plan.gather_step_of_scatter(s).unwrap();
            if touched {
                assert!(back <= g, "{name}: {g} -> stamp {s} -> {back}");
                assert_eq!(
                    plan.scatter_step_of_output(plan.index_at(back).unwrap()),
                    Some(s),
                    "{name}"
                );
            }
        }
        for s in 0..count {
            assert!(
                plan.gather_step_of_scatter(s).unwrap() < plan.frame_count(),
                "{name}"
            );
        }
    }
}

#[test]
fn the_gather_view_marks_inserted_zeros_and_padding_apart() {
    let all = transpose_cases();
    let (mut inserted, mut cropped) = (0, 0);
    for (name, _, plan, _, _) in &all {
        let s = plan.spread.as_ref().expect("a spread");
        let strided = s.stride.iter().any(|x| *x > 1);
        let mut seen = false;
        for k in [0, plan.frame_count() / 2, plan.frame_count() - 1] {
            let f = plan.frame_at(k).unwrap();
            for sub in &f.substeps {
                for t in &sub.taps {
                    match t.source {
                        Source::Inserted | Source::Constant => assert_eq!(t.input, 0.0, "{name}"),
                        Source::Real([r, q]) => {
                            assert_eq!(
                                t.input.to_bits(),
                                plan.input[[f.index[0], sub.channel, r, q]].to_bits()
                            )
                        }
                        Source::Copy(_) => {
                            panic!("{name}: a transposed convolution copies nothing")
                        }
                    }
                    seen |= t.source.is_inserted();
                    assert!(!(t.source.is_inserted() && t.source.is_padding()));
                }
            }
        }
        assert!(!seen || strided, "{name}: inserted zeros without a stride");
        inserted += seen as usize;
        cropped += (s.before.iter().chain(&s.after).any(|b| *b < 0)) as usize;
    }
    assert!(
        inserted > 50 && cropped > 10,
        "inserted in {inserted}, cropped in {cropped}"
    );
}

/// `out[n, o] = sum over c of C(o, c) vec(in[n, c]) + bias[o]`, against the reference.
fn check_matrix(name: &str, plan: &Plan, want: &[f64]) -> bool {
    let Ok(_) = plan.matrix(0, 0) else {
        return false;
    };
    let [nb, on, ho, wo] = plan.output_dim();
    let mut got = Vec::with_capacity(want.len());
    for n in 0..nb {
        for o in 0..on {
            let mut acc = vec![plan.bias.as_ref().map_or(0.0, |b| b[o]); ho * wo];
            for c in 0..plan.in_channels() {
                let m = plan.matrix(o, c).unwrap();
                let v: Vec<f64> = plan
                    .input
                    .slice(ndarray::s![n, c, .., ..])
                    .iter()
                    .copied()
                    .collect();
                for (a, x) in acc.iter_mut().zip(m.apply(&v).unwrap()) {
                    *a += x;
                }
            }
            got.extend(acc);
        }
    }
    assert_eq!(got.len(), want.len(), "{name}");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            close(*g, *w),
            "{name}: matrix product element {k} is {g}, reference {w}"
        );
    }
    true
}

#[test]
fn the_matrix_times_the_input_is_the_reference_output() {
    let mut checked = 0;
    for (name, _, plan, _, want) in accepted("conv_cases.json", "torch.conv2d")
        .iter()
        .chain(&transpose_cases())
    {
        checked += check_matrix(name, plan, want) as usize;
    }
    println!("matrix: {checked} small cases (conv2d and transpose) equal the reference");
    assert!(checked > 150, "only {checked} cases were small enough");
}

#[test]
fn a_transposed_convolution_is_the_transposed_matrix_of_its_conv2d() {
    let mut checked = 0;
    for (name, scene, plan, _, _) in transpose_cases() {
        if plan.matrix(0, 0).is_err() {
            continue;
        }
        let Op::Transpose(t) = &scene.op else {
            unreachable!()
        };
        let s = plan.spread.as_ref().unwrap();
        // The conv2d with the same weight, from the transposed output's size.
        let [ho, wo] = plan.out_hw;
        let conv = Scene::new(Op::Torch(TorchConv {
            input: Array4::zeros((1, plan.out_channels(), ho, wo)),
            args: Conv2dArgs {
                weight: t.weight.clone(),
                bias: None,
                stride: t.stride,
                padding: Padding::Explicit(s.padding.map(|x| x as i64)),
                dilation: t.dilation,
                groups: t.groups,
                padding_mode: Default::default(),
            },
        }));
        let conv =
            Plan::new(&conv).unwrap_or_else(|e| panic!("{name}: its conv2d is refused: {e}"));
        let [h, w] = plan.input_hw();
        let [hc, wc] = conv.out_hw;
        assert!(hc >= h && wc >= w, "{name}");
        for o in 0..plan.out_channels() {
            for c in 0..plan.in_channels() {
                let mt = plan.matrix(o, c).unwrap();
                let cm = conv.matrix(c, o).unwrap().transposed();
                for row in 0..mt.rows {
                    for (i, j) in (0..h).flat_map(|i| (0..w).map(move |j| (i, j))) {
                        let (a, b) = (
                            mt.get(row, i * w + j).unwrap(),
                            cm.get(row, i * wc + j).unwrap(),
                        );
                        assert!(
                            close(a, b),
                            "{name}: ({o}, {c}) entry ({row}, {i}, {j}): {a} vs {b}"
                        );
                    }
                }
            }
        }
        checked += 1;
    }
    println!("matrix: {checked} transpose cases are C^T of their conv2d");
    assert!(checked > 100);
}

#[test]
fn undo_this_shape_gives_back_the_conv2d_input_size() {
    let (mut built, mut unequal) = (0, 0);
    for (name, scene, plan, _, _) in accepted("conv_cases.json", "torch.conv2d") {
        let Op::Torch(t) = &scene.op else {
            unreachable!()
        };
        for by_size in [false, true] {
            match undo_shape(&scene, by_size) {
                Ok(u) => {
                    assert_eq!(u.scene.kind(), OpKind::Transpose);
                    let back = Plan::new(&u.scene).unwrap_or_else(|e| panic!("{name}: {e}"));
                    let [n, c, _, _] = [plan.batch(), plan.in_channels(), 0, 0];
                    let [h, w] = plan.input_hw();
                    assert_eq!(
                        back.output_dim(),
                        [n, c, h, w],
                        "{name} (output_size: {by_size})"
                    );
                    assert_eq!(u.conv_output_hw, plan.out_hw);
                    // Every size in the range, and no other, gives the same conv2d output.
                    let out_for = |hw: [usize; 2]| {
                        let input = Array4::zeros((1, c, hw[0], hw[1]));
                        // Zeros padding: reflect's own size rule is not the formula's.
                        let conv = TorchConv {
                            input,
                            args: Conv2dArgs {
                                padding_mode: Default::default(),
                                ..t.clone().args.clone()
                            },
                            ..t.clone()
                        };
                        Plan::new(&Scene::new(Op::Torch(conv))).map(|p| p.out_hw)
                    };
                    let [[hlo, hhi], [wlo, whi]] = u.preimages;
                    assert!(hlo <= h && h <= hhi && wlo <= w && w <= whi, "{name}");
                    for hw in [[hlo, wlo], [hhi, whi]] {
                        assert_eq!(out_for(hw).ok(), Some(plan.out_hw), "{name}: {hw:?}");
                    }
                    assert_ne!(out_for([hhi + 1, w]).ok(), Some(plan.out_hw), "{name}");
                    assert_ne!(out_for([h, whi + 1]).ok(), Some(plan.out_hw), "{name}");
                    if hlo > 1 {
                        assert_ne!(out_for([hlo - 1, w]).ok(), Some(plan.out_hw), "{name}");
                    }
                    assert!(u.explanation.contains("floor"));
                    // The note names the sizes the plan has, then the reason.
                    let [oh, ow] = plan.out_hw;
                    assert!(
                        u.note().starts_with(&format!(
                            "This ConvTranspose2d takes the conv2d's {oh}x{ow} output back to a {h}x{w} shape"
                        )),
                        "{name}: {}",
                        u.note()
                    );
                    assert!(u.note().ends_with(&u.explanation));
                    built += 1;
                }
                Err(e) => {
                    assert_eq!(t.padding, Padding::SAME, "{name}: {e}");
                    assert_eq!(e.reference_message(), None);
                    unequal += 1;
                }
            }
        }
    }
    println!("undo: {built} transposed convolutions built, {unequal} refused (padding='same' with an even kernel)");
    assert!(built > 300);
}

#[test]
fn the_formula_and_the_size_range_agree_with_the_reference_shape() {
    for (name, scene, plan, shape, _) in transpose_cases() {
        let shapes = plan.shapes();
        assert_eq!(shapes.output.dims(), shape, "{name}");
        for (f, v) in shapes.formulas.iter().zip(&shape[2..]) {
            assert_eq!(f.value, *v, "{name}");
            assert!(
                f.substituted.contains(&format!("= {v}")),
                "{name}: {}",
                f.substituted
            );
        }
        let ranges = plan.size_ranges().expect("a transpose");
        let Op::Transpose(t) = &scene.op else {
            unreachable!()
        };
        for (a, r) in ranges.iter().enumerate() {
            let stride = plan.spread.as_ref().unwrap().stride[a] as i64;
            assert_eq!(r.size as i64 - r.min, r.output_padding as i64, "{name}");
            assert_eq!(r.max - r.min, stride - 1, "{name}");
            if let Some(size) = &t.output_size {
                assert_eq!(size[a] as usize, r.size, "{name}");
                assert!(r.size as i64 <= r.max, "{name}");
            }
        }
    }
}

#[test]
fn each_tap_and_stamp_names_its_matrix_entry() {
    let mut checked = 0;
    for (name, _, plan, _, _) in transpose_cases() {
        if plan.matrix(0, 0).is_err() {
            continue;
        }
        for k in 0..plan.frame_count() {
            let f = plan.frame_at(k).unwrap();
            let [_, o, i, j] = f.index;
            for sub in &f.substeps {
                let m = plan.matrix(o, sub.channel).unwrap();
                for t in &sub.taps {
                    match m.gather_entry([i, j], t.source) {
                        Some([r, c]) => assert_eq!(m.get(r, c), Some(t.weight), "{name}"),
                        None => assert!(t.source.is_invented(), "{name}"),
                    }
                }
            }
        }
        for k in 0..plan.scatter_frame_count() {
            let f = plan.scatter_frame_at(k).unwrap();
            let [_, c, i, j] = f.index;
            for t in &f.stamps {
                let m = plan.matrix(t.channel, c).unwrap();
                match m.scatter_entry([i, j], t.pos) {
                    Some([r, col]) => assert_eq!(m.get(r, col), Some(t.weight), "{name}"),
                    None => assert!(!t.inside, "{name}"),
                }
            }
        }
        checked += 1;
    }
    assert!(checked > 100);
}
