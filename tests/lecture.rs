//! The lecture's examples, one named test each.
//!
//! Expected values come from the reference cases (`lecture-*` in the oracle
//! file), looked up by name; a number is written out here only where it is
//! the lecture's own printed output, and then it is checked against the
//! oracle as well. Also: the shape formula with the numbers in, section 4's
//! `unsqueeze`/`squeeze`, and the kernel initialiser.
//!
//! Takes each case from the file named by `CONVLAB_ORACLE` when it holds
//! it, else from `tests/oracle/conv_cases.json`.

use convlab::core::content::presets;
use convlab::core::model::init::{conv_init, conv_init_bound};
use convlab::core::present::shape_ops::DynTensor;
use convlab::core::{ConvError, Op, Plan, Scene, ScipyConv};
use ndarray::{s, Array2, Array4};
use serde_json::Value;

mod common;
use common::{close, Kind};

// ---------------------------------------------------------------------------
// The oracle, by case name.

fn oracle_case(name: &str) -> Value {
    common::case_named(Kind::Conv, name)
}

fn scene_of(case: &Value) -> Scene {
    Scene::from_json(&case.to_string()).expect("the case decodes as a scene")
}

/// A case's `expected`, as (shape, row-major values).
fn expected_of(case: &Value) -> (Vec<usize>, Vec<f64>) {
    common::flatten(&case["expected"])
}

/// `out` has the oracle's shape (SciPy's 2-D outputs are `(1, 1, H, W)`
/// here) and its values to 1e-9.
fn assert_matches_oracle(out: &Array4<f64>, case: &Value) {
    let (shape, want) = expected_of(case);
    let got_shape = if shape.len() == 2 {
        assert_eq!(&out.shape()[..2], &[1, 1]);
        out.shape()[2..].to_vec()
    } else {
        out.shape().to_vec()
    };
    assert_eq!(got_shape, shape, "output shape of {}", case["name"]);
    assert_eq!(out.len(), want.len());
    for (k, (g, w)) in out.iter().zip(&want).enumerate() {
        assert!(
            close(*g, *w),
            "{}: element {k} is {g}, oracle {w}",
            case["name"]
        );
    }
}

/// Run a case the oracle computed and check it; the plan and output.
fn run_case(name: &str) -> (Value, Plan, Array4<f64>) {
    let case = oracle_case(name);
    let plan = Plan::new(&scene_of(&case)).expect("the reference accepted this case");
    let out = plan.output();
    assert_matches_oracle(&out, &case);
    (case, plan, out)
}

/// Every row of the single output plane equals `row`.
fn assert_rows(out: &Array4<f64>, row: &[f64]) {
    let [n, c, h, w] = [
        out.shape()[0],
        out.shape()[1],
        out.shape()[2],
        out.shape()[3],
    ];
    assert_eq!([n, c, w], [1, 1, row.len()]);
    for i in 0..h {
        let got: Vec<f64> = out.slice(s![0, 0, i, ..]).to_vec();
        assert_eq!(got, row, "row {i}");
    }
}

// ---------------------------------------------------------------------------
// Sections 1 and 2: the step edge by true convolution.

/// The lecture's `convo2d(arr, ker)` and `scipy.signal.convolve2d(arr, ker,
/// mode='valid')`: a 6x6 with 9s in columns 2 and 3.
#[test]
fn lecture_step_edge_convolve_valid() {
    let (_, plan, out) = run_case("lecture-step-edge-convolve-valid");
    // The lecture prints `[0. 0. 9. 9. 0. 0.]` six times and `(6, 6)`.
    assert_rows(&out, &[0.0, 0.0, 9.0, 9.0, 0.0, 0.0]);
    assert_eq!(out.shape()[2..], [6, 6]);
    assert_eq!(plan.shapes().output.tuple(), "(6, 6)");
    assert!(plan.flip, "convolve2d flips the kernel");
}

/// The app opens on this very case.
#[test]
fn default_scene_is_the_step_edge_convolved() {
    let case = oracle_case("lecture-step-edge-convolve-valid");
    assert_eq!(presets::default_scene().op, scene_of(&case).op);
}

/// `scipy.signal.convolve2d(arr, ker, mode='full', boundary='symm')`: the
/// lecture names it without printing it.
#[test]
fn lecture_step_edge_convolve_full_symm() {
    let (_, plan, out) = run_case("lecture-step-edge-convolve-full-symm");
    assert_eq!(out.shape(), [1, 1, 10, 10]);
    let f = &plan.shapes().formulas;
    assert_eq!(f[0].substituted, "8 + 3 - 1 = 10");
    assert_eq!(f[1].substituted, "8 + 3 - 1 = 10");
}

// ---------------------------------------------------------------------------
// Section 5: the same data through `torch.nn.functional.conv2d`.

/// Cross-correlation: the signs come out reversed, -9s.
#[test]
fn lecture_step_edge_torch() {
    let (case, plan, out) = run_case("lecture-step-edge-torch");
    // The lecture prints `[ 0.,  0., -9., -9.,  0.,  0.]` six times, shape [1, 1, 6, 6].
    assert_rows(&out, &[0.0, 0.0, -9.0, -9.0, 0.0, 0.0]);
    assert_eq!(plan.shapes().output.tuple(), "(1, 1, 6, 6)");
    assert!(!plan.flip, "PyTorch does not flip the kernel");

    // The lecture builds it from the same arr and ker, unsqueezed twice.
    let built = presets::torch_scene(&presets::step_edge(), &presets::edge_kernel());
    assert_eq!(built.op, scene_of(&case).op);

    // Framed as a true convolution, the same scene gives SciPy's +9s.
    let flipped = Plan::framed(&scene_of(&case), true)
        .expect("same scene")
        .output();
    assert_matches_oracle(&flipped, &oracle_case("lecture-step-edge-convolve-valid"));
    assert_rows(&flipped, &[0.0, 0.0, 9.0, 9.0, 0.0, 0.0]);
    assert_eq!(flipped, out.mapv(|v| -v), "the sign reversal");
}

/// The output-size formula with this scene's numbers.
#[test]
fn lecture_step_edge_torch_shape_formula() {
    let plan = Plan::new(&scene_of(&oracle_case("lecture-step-edge-torch"))).expect("legal");
    let f = &plan.shapes().formulas;
    assert_eq!(f[0].axis, "H_out");
    assert_eq!(
        f[0].symbolic,
        "floor((H + pad_top + pad_bottom - dilation*(kH-1) - 1)/stride) + 1"
    );
    assert_eq!(
        f[0].substituted,
        "floor((8 + 0 + 0 - 1*(3-1) - 1)/1) + 1 = 6"
    );
    assert_eq!(f[1].axis, "W_out");
    assert_eq!(
        f[1].substituted,
        "floor((8 + 0 + 0 - 1*(3-1) - 1)/1) + 1 = 6"
    );
    assert_eq!([f[0].value, f[1].value], plan.out_hw);
}

/// The lecture's scenes built into the app are the oracle's, byte for byte.
#[test]
fn built_in_lecture_scenes_are_the_oracle_cases() {
    for name in [
        "lecture-step-edge-convolve-valid",
        "lecture-step-edge-convolve-full-symm",
        "lecture-step-edge-torch",
        "lecture-xcorr-test",
        "lecture-two-channel-to-three",
        "lecture-groups-2-3-illegal",
        "lecture-groups-4-depthwise",
        "lecture-groups-2",
    ] {
        let built = presets::lecture_scene(name).unwrap_or_else(|| panic!("no built-in {name}"));
        assert_eq!(built.op, scene_of(&oracle_case(name)).op, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Section 7: convolution or cross-correlation?

/// A vertical line against the `[1 2 3]` kernel: PyTorch gives
/// `[0, 0, 9, 6, 3, 0]`, which only a cross-correlation can produce; a true
/// convolution gives `[0, 0, 3, 6, 9, 0]`, as SciPy's `convolve2d` does.
#[test]
fn lecture_xcorr_test() {
    let (case, plan, out) = run_case("lecture-xcorr-test");
    // The lecture prints `[0., 0., 9., 6., 3., 0.]` six times.
    assert_rows(&out, &[0.0, 0.0, 9.0, 6.0, 3.0, 0.0]);
    assert!(!plan.flip);

    let scene = scene_of(&case);
    let flipped = Plan::framed(&scene, true).expect("same scene").output();
    assert_rows(&flipped, &[0.0, 0.0, 3.0, 6.0, 9.0, 0.0]);

    // The same 2-D data through SciPy: convolve2d is the flipped run,
    // correlate2d the unflipped one.
    let Op::Torch(t) = &scene.op else {
        panic!("a PyTorch case")
    };
    let in1: Array2<f64> = t.input.slice(s![0, 0, .., ..]).to_owned();
    let in2: Array2<f64> = t.weight.slice(s![0, 0, .., ..]).to_owned();
    let scipy = |op: fn(ScipyConv) -> Op| {
        let scene = Scene::new(op(ScipyConv {
            in1: in1.clone(),
            in2: in2.clone(),
            mode: convlab::core::Mode::Valid,
            boundary: convlab::core::Boundary::Fill,
            fillvalue: 0.0,
        }));
        Plan::new(&scene).expect("legal").output()
    };
    assert_eq!(scipy(Op::Convolve), flipped);
    assert_eq!(scipy(Op::Correlate), out);
}

// ---------------------------------------------------------------------------
// Section 8: multi-channel convolutions and groups.

/// Two input channels, three filters of two slices each.
#[test]
fn lecture_two_channel_to_three() {
    let (_, plan, out) = run_case("lecture-two-channel-to-three");
    assert_eq!(out.shape(), [1, 3, 6, 6]);
    let shapes = plan.shapes();
    let axes = |t: &convlab::core::TensorShape| -> Vec<(&str, usize)> {
        t.axes.iter().map(|a| (a.name, a.size)).collect()
    };
    assert_eq!(
        axes(&shapes.weight),
        [("C_out", 3), ("C_in/groups", 2), ("kH", 3), ("kW", 3)]
    );
    assert_eq!(
        axes(&shapes.input),
        [("N", 1), ("C_in", 2), ("H", 8), ("W", 8)]
    );
    assert_eq!(
        axes(&shapes.output),
        [("N", 1), ("C_out", 3), ("H_out", 6), ("W_out", 6)]
    );
    assert_eq!(shapes.output.tuple(), "(1, 3, 6, 6)");
    assert_eq!(shapes.weight.tuple(), "(3, 2, 3, 3)");
    assert!(shapes.bias.is_none());
    // Every filter sums over both input channels, one sub-step each.
    for o in 0..3 {
        assert_eq!(plan.channels_of(o), 0..2);
    }
    let frame = plan.frame_at(plan.step_of([0, 2, 3, 1]).unwrap()).unwrap();
    assert_eq!(
        frame.substeps.iter().map(|s| s.channel).collect::<Vec<_>>(),
        [0, 1]
    );
    assert_eq!(frame.substeps[1].running, frame.value);
    assert_eq!(frame.value, out[[0, 2, 3, 1]]);
}

/// Three filters cannot split into two groups: refused with PyTorch's words.
#[test]
fn lecture_groups_2_3_illegal() {
    let case = oracle_case("lecture-groups-2-3-illegal");
    let want = case["error"].as_str().expect("the reference refused it");
    let err = Plan::new(&scene_of(&case)).expect_err("PyTorch refuses groups=2 with 3 filters");
    assert!(
        matches!(
            err,
            ConvError::WeightNotDivisible {
                groups: 2,
                weight: [3, 1, 3, 3]
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.reference_message().as_deref(), Some(want));
}

/// groups = C_in = 4: depthwise, every filter reads one channel.
#[test]
fn lecture_groups_4_depthwise() {
    let (_, plan, out) = run_case("lecture-groups-4-depthwise");
    assert_eq!(plan.shapes().weight.dims(), [4, 1, 3, 3]);
    assert_eq!(out.shape(), [1, 4, 4, 4]);
    for o in 0..4 {
        assert_eq!(plan.channels_of(o), o..o + 1, "filter {o}");
        assert_eq!(plan.group_of(o), o);
    }
    for k in 0..plan.frame_count() {
        let frame = plan.frame_at(k).unwrap();
        let o = frame.index[1];
        assert_eq!(frame.substeps.len(), 1);
        assert_eq!(frame.substeps[0].channel, o);
    }
}

/// groups = 2 over four channels: filters 0 and 1 read channels 0..2,
/// filters 2 and 3 read channels 2..4.
#[test]
fn lecture_groups_2() {
    let (_, plan, out) = run_case("lecture-groups-2");
    assert_eq!(plan.shapes().weight.dims(), [4, 2, 3, 3]);
    assert_eq!(out.shape(), [1, 4, 4, 4]);
    assert_eq!(plan.channels_of(0), 0..2);
    assert_eq!(plan.channels_of(1), 0..2);
    assert_eq!(plan.channels_of(2), 2..4);
    assert_eq!(plan.channels_of(3), 2..4);
    let frame = plan.frame_at(plan.step_of([0, 3, 0, 0]).unwrap()).unwrap();
    assert_eq!(frame.group, 1);
    assert_eq!(
        frame
            .substeps
            .iter()
            .map(|s| (s.channel, s.slice))
            .collect::<Vec<_>>(),
        [(2, 0), (3, 1)]
    );
}

// ---------------------------------------------------------------------------
// Section 4: squeezing and unsqueezing.

fn shape(t: &DynTensor) -> &[usize] {
    &t.shape
}

/// `torch.unsqueeze(torch.tensor([1,2,3,4]), 0)` has shape `[1, 4]`;
/// on axis 1 it has shape `[4, 1]`: a row vector becomes a column.
#[test]
fn unsqueeze_a_vector() {
    let x = DynTensor::new(vec![4], vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    let row = x.unsqueeze(0).unwrap();
    assert_eq!(shape(&row), [1, 4]);
    assert_eq!(row.nested(), "[[1., 2., 3., 4.]]");
    let col = x.unsqueeze(1).unwrap();
    assert_eq!(shape(&col), [4, 1]);
    assert_eq!(col.nested(), "[[1.], [2.], [3.], [4.]]");
    // Negative axes count from the end of the result, as in PyTorch.
    assert_eq!(x.unsqueeze(-1).unwrap(), col);
    assert_eq!(x.unsqueeze(-2).unwrap(), row);
    // No number moves.
    assert_eq!(row.data, x.data);
    assert_eq!(col.data, x.data);
}

/// The lecture's `(2, 3, 4)` tensor, unsqueezed on axis 1: `(2, 1, 3, 4)`,
/// every number where it was.
#[test]
fn unsqueeze_the_lectures_3d_tensor_on_axis_1() {
    let data = [
        1, 2, 1, 2, 3, 4, 3, 4, 1, 3, 1, 3, //
        5, 6, 5, 6, 6, 7, 6, 7, 8, 9, 8, 9,
    ];
    let x = DynTensor::new(vec![2, 3, 4], data.iter().map(|&v| f64::from(v)).collect()).unwrap();
    let y = x.unsqueeze(1).unwrap();
    assert_eq!(shape(&y), [2, 1, 3, 4]);
    assert_eq!(y.data, x.data);
    for flat in 0..x.data.len() {
        let [a, b, c] = x.index_of(flat)[..] else {
            unreachable!()
        };
        assert_eq!(y.get(&[a, 0, b, c]), x.get(&[a, b, c]));
    }
    assert_eq!(
        y.nested(),
        "[[[[1., 2., 1., 2.], [3., 4., 3., 4.], [1., 3., 1., 3.]]], \
         [[[5., 6., 5., 6.], [6., 7., 6., 7.], [8., 9., 8., 9.]]]]"
    );
    // squeeze undoes it.
    assert_eq!(y.squeeze(1).unwrap(), x);
}

/// An axis out of range is refused with PyTorch's `IndexError` text:
/// `torch.unsqueeze(torch.tensor([1,2,3,4]), 2)`.
#[test]
fn unsqueeze_out_of_range_is_refused_as_pytorch_does() {
    let x = DynTensor::new(vec![4], vec![1.0, 2.0, 3.0, 4.0]).unwrap();
    let err = x.unsqueeze(2).unwrap_err();
    assert_eq!(
        err.reference_message(),
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)"
    );
    assert_eq!(
        x.unsqueeze(-3).unwrap_err().reference_message(),
        "Dimension out of range (expected to be in range of [-2, 1], but got -3)"
    );
}

/// `unsqueeze` on rank r accepts exactly `[-r-1, r]`; `squeeze` exactly
/// `[-r, r-1]` (and `[-1, 0]` on a scalar), as PyTorch's `maybe_wrap_dim`.
#[test]
fn axis_ranges_by_rank() {
    for rank in 0..5usize {
        let t = DynTensor::arange(&vec![2; rank]);
        let r = rank as i64;
        for axis in -r - 3..=r + 3 {
            let ok = (-r - 1..=r).contains(&axis);
            match t.unsqueeze(axis) {
                Ok(u) => {
                    assert!(ok, "rank {rank}: unsqueeze({axis}) accepted");
                    let at = if axis < 0 { axis + r + 1 } else { axis } as usize;
                    assert_eq!(u.shape.len(), rank + 1);
                    assert_eq!(u.shape[at], 1);
                    assert_eq!(u.data, t.data);
                    assert_eq!(u.squeeze(at as i64).unwrap(), t);
                }
                Err(e) => {
                    assert!(!ok, "rank {rank}: unsqueeze({axis}) refused");
                    assert_eq!([e.lo, e.hi, e.got], [-r - 1, r, axis]);
                }
            }
            let (lo, hi) = if rank == 0 { (-1, 0) } else { (-r, r - 1) };
            match t.squeeze(axis) {
                Ok(q) => {
                    assert!(
                        (lo..=hi).contains(&axis),
                        "rank {rank}: squeeze({axis}) accepted"
                    );
                    // No axis of size 1: nothing to drop, PyTorch returns it as is.
                    assert_eq!(q, t);
                }
                Err(e) => {
                    assert!(
                        !(lo..=hi).contains(&axis),
                        "rank {rank}: squeeze({axis}) refused"
                    );
                    assert_eq!([e.lo, e.hi, e.got], [lo, hi, axis]);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// nn.Conv2d's initialisation.

#[test]
fn conv_init_is_deterministic_and_within_the_bound() {
    let dims = [8, 3, 5, 5];
    let (w1, b1) = conv_init(dims, 42);
    let (w2, b2) = conv_init(dims, 42);
    assert_eq!(w1, w2, "same seed, same weight");
    assert_eq!(b1, b2, "same seed, same bias");
    assert_eq!(w1.shape(), dims);
    assert_eq!(b1.len(), 8);

    let bound = 1.0 / ((3 * 5 * 5) as f64).sqrt();
    assert_eq!(conv_init_bound(3, 5, 5), bound);
    for v in w1.iter().chain(&b1) {
        assert!(v.abs() <= bound, "{v} outside +-{bound}");
    }
    // Not degenerate: the values spread over most of the interval.
    let max = w1.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(max > 0.8 * bound);

    let (w3, b3) = conv_init(dims, 43);
    assert_ne!(w1, w3, "different seeds, different weight");
    assert_ne!(b1, b3, "different seeds, different bias");
}

#[test]
fn conv_init_bound_follows_fan_in() {
    for (dims, fan_in) in [
        ([1, 1, 3, 3], 9),
        ([3, 2, 3, 3], 18),
        ([4, 1, 1, 1], 1),
        ([16, 3, 7, 7], 147),
    ] {
        let (w, b) = conv_init(dims, 7);
        let bound = 1.0 / (fan_in as f64).sqrt();
        assert!(w.iter().chain(&b).all(|v| v.abs() <= bound), "{dims:?}");
    }
}
