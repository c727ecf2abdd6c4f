//! Editing one value updates the output incrementally, bit for bit as a
//! whole recompute would; and the fast whole output agrees with the frames
//! on scenes wide and deep enough to use every block shape.
//!
//! - After random edits of input, kernel and bias values, applied both to
//!   the scene and (incrementally) to a plan and its output, the output is
//!   exactly `Plan::new(&scene).output()`, and the plan is that plan: for
//!   every op, padding mode, SciPy mode and boundary, including `valid`
//!   mode's swap.
//! - An input edit recomputes only the windows that read the value.

use convlab::core::engine::lanes;
use convlab::core::engine::lanes::Vectors;
use convlab::core::model::edit::Target;
use convlab::core::Conv2dArgs;
use convlab::core::{Boundary, Mode, Op, Padding, PaddingMode, Plan, Scene, ScipyConv, TorchConv};
use ndarray::{Array2, Array4};
use proptest::prelude::*;
use proptest::sample::Index;

fn values(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![(-4i32..=4).prop_map(f64::from), -8.0f64..8.0],
        len,
    )
}

fn padding() -> impl Strategy<Value = Padding> {
    prop_oneof![
        3 => (0i64..=3, 0i64..=3).prop_map(|(h, w)| Padding::Explicit([h, w])),
        1 => Just(Padding::SAME),
        1 => Just(Padding::VALID),
    ]
}

/// `torch.conv2d` scenes; `wide` ones have up to 9 filters per group and
/// rows up to 30 wide, so several channel and column blocks are used.
fn torch_scene(wide: bool) -> impl Strategy<Value = Scene> {
    let (og, w) = if wide { (9, 30) } else { (3, 9) };
    (
        (1usize..=2, 1usize..=3, 1usize..=2, 1usize..=og),
        (1usize..=9, 1usize..=w, 1usize..=4, 1usize..=4),
        ([1i64..=3, 1i64..=3], [1i64..=2, 1i64..=2]),
        (padding(), prop::sample::select(PaddingMode::ALL.to_vec())),
    )
        .prop_flat_map(
            |((n, groups, cg, og), (h, w, kh, kw), (stride, dilation), (padding, mode))| {
                let (c, o) = (groups * cg, groups * og);
                let stride = if padding == Padding::SAME {
                    [1, 1]
                } else {
                    stride
                };
                (
                    values(n * c * h * w),
                    values(o * cg * kh * kw),
                    prop::option::of(values(o)),
                )
                    .prop_map(move |(input, weight, bias)| {
                        Scene::new(Op::Torch(TorchConv {
                            input: Array4::from_shape_vec((n, c, h, w), input).unwrap(),
                            args: Conv2dArgs {
                                weight: Array4::from_shape_vec((o, cg, kh, kw), weight).unwrap(),
                                bias,
                                stride,
                                padding,
                                dilation,
                                groups: groups as i64,
                                padding_mode: mode,
                            },
                        }))
                    })
            },
        )
}

/// SciPy scenes, every mode and boundary; `valid` may swap the arrays.
fn scipy_scene() -> impl Strategy<Value = Scene> {
    (
        (1usize..=7, 1usize..=14, 1usize..=5, 1usize..=5),
        prop::sample::select(Mode::ALL.to_vec()),
        prop::sample::select(Boundary::ALL.to_vec()),
        prop_oneof![Just(0.0), -3.0f64..3.0],
        any::<bool>(),
    )
        .prop_flat_map(|((h1, w1, h2, w2), mode, boundary, fillvalue, convolve)| {
            (values(h1 * w1), values(h2 * w2)).prop_map(move |(a, b)| {
                let args = ScipyConv {
                    in1: Array2::from_shape_vec((h1, w1), a).unwrap(),
                    in2: Array2::from_shape_vec((h2, w2), b).unwrap(),
                    mode,
                    boundary,
                    fillvalue,
                };
                Scene::new(if convolve {
                    Op::Convolve(args)
                } else {
                    Op::Correlate(args)
                })
            })
        })
}

fn any_scene() -> impl Strategy<Value = Scene> {
    prop_oneof![2 => torch_scene(false), 1 => torch_scene(true), 1 => scipy_scene()]
}

/// One edit: which tensor (or the bias), where (as indices into each
/// axis), and the new value.
#[derive(Clone, Debug)]
struct Edit {
    what: u8,
    at: [Index; 4],
    value: f64,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        prop_oneof![3 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
        [
            any::<Index>(),
            any::<Index>(),
            any::<Index>(),
            any::<Index>(),
        ],
        prop_oneof![(-4i32..=4).prop_map(f64::from), -8.0f64..8.0, Just(-0.0)],
    )
        .prop_map(|(what, at, value)| Edit { what, at, value })
}

macro_rules! legal {
    ($scene:expr) => {
        match Plan::new(&$scene) {
            Ok(plan) => plan,
            Err(e) => {
                prop_assume!(false, "refused: {}", e);
                unreachable!()
            }
        }
    };
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        max_global_rejects: 4096,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn same_bits(a: &Array4<f64>, b: &Array4<f64>) -> bool {
    a.dim() == b.dim()
        && a.iter()
            .zip(b.iter())
            .all(|(x, y)| x.to_bits() == y.to_bits())
}

proptest! {
    #![proptest_config(config())]

    /// Incremental edits end where a whole recompute does, bit for bit.
    #[test]
    fn edits_update_the_output_exactly(
        scene in any_scene(),
        edits in prop::collection::vec(edit(), 1..=6),
    ) {
        let mut scene = scene;
        let mut plan = legal!(scene);
        let mut out = plan.output();
        for e in &edits {
            let bias = matches!(&scene.op, Op::Torch(t) if t.bias.is_some());
            if e.what == 2 && bias {
                let o = e.at[0].index(plan.out_channels());
                scene.set_bias(o, e.value);
                let n = plan.update_bias(&mut out, o, e.value);
                prop_assert_eq!(n, Some(plan.batch() * plan.out_hw[0] * plan.out_hw[1]));
            } else {
                let target = if e.what == 1 { Target::Kernel } else { Target::Input };
                let dim = scene.dim(target);
                let index: [usize; 4] = std::array::from_fn(|k| e.at[k].index(dim[k]));
                scene.set_value(target, index, e.value);
                let n = plan.update(&mut out, target, index, e.value);
                prop_assert!(n.is_some(), "edit {:?} at {:?} refused", target, index);
            }
            let whole = Plan::new(&scene).expect("edits keep the scene legal");
            prop_assert_eq!(&plan, &whole);
            let want = whole.output();
            prop_assert!(same_bits(&out, &want), "after {:?}:\n{:?}\nbut whole:\n{:?}", e, out, want);
        }
    }

    /// A plan of the edited scene takes its output from the plan before the
    /// edits and that plan's output (what the page does after each typed
    /// value): bit for bit the whole output, for no edit, one (the
    /// incremental path) or two (the whole computation).
    #[test]
    fn output_after_edits_is_the_whole_output(
        scene in any_scene(),
        edits in prop::collection::vec(edit(), 0..=2),
    ) {
        let before = legal!(scene);
        let before_out = before.output();
        let mut scene = scene;
        for e in &edits {
            if e.what == 2 && matches!(&scene.op, Op::Torch(t) if t.bias.is_some()) {
                scene.set_bias(e.at[0].index(before.out_channels()), e.value);
            } else {
                let target = if e.what == 1 { Target::Kernel } else { Target::Input };
                let dim = scene.dim(target);
                let index: [usize; 4] = std::array::from_fn(|k| e.at[k].index(dim[k]));
                scene.set_value(target, index, e.value);
            }
        }
        let after = Plan::new(&scene).expect("edits keep the scene legal");
        let got = after.output_after(&before, &before_out);
        let want = after.output();
        prop_assert!(same_bits(&got, &want), "after {:?}:\n{:?}\nbut whole:\n{:?}", edits, got, want);
    }

    /// Between plans of different scenes (shapes, arguments), the output
    /// is the whole computation's.
    #[test]
    fn output_after_another_scene_is_the_whole_output(a in any_scene(), b in any_scene()) {
        let before = legal!(a);
        let after = legal!(b);
        let got = after.output_after(&before, &before.output());
        prop_assert!(same_bits(&got, &after.output()));
    }

    /// Plans that differ in an argument but not in any shape (the padding
    /// mode, the flip) are not an edit: the output is the whole
    /// computation's.
    #[test]
    fn output_after_a_new_argument_is_the_whole_output(scene in torch_scene(false)) {
        let before = legal!(scene);
        let before_out = before.output();
        let mut variants = vec![Plan::framed(&scene, !before.flip).expect("the other framing")];
        for mode in PaddingMode::ALL {
            let mut s = scene.clone();
            if let Op::Torch(t) = &mut s.op {
                t.padding_mode = mode;
            }
            if let Ok(p) = Plan::new(&s) {
                variants.push(p);
            }
        }
        for after in variants {
            let got = after.output_after(&before, &before_out);
            prop_assert!(same_bits(&got, &after.output()), "{:?}", after);
        }
    }

    /// On scenes with many filters and wide rows, the fast whole output is
    /// each frame's value, bit for bit, whichever vectors compute it.
    #[test]
    fn wide_outputs_agree_with_the_frames(scene in any_scene()) {
        let plan = legal!(scene);
        for vectors in [Vectors::Widest, Vectors::Baseline, Vectors::Scalar] {
            let out = plan.output_using(vectors);
            for k in 0..plan.frame_count() {
                let frame = plan.frame_at(k).expect("a frame before the end");
                prop_assert_eq!(frame.value.to_bits(), out[frame.index].to_bits(),
                    "{} frame {} at {:?}", lanes::name(vectors), k, frame.index);
            }
        }
    }
}

/// One input value of a 20x20 plane read by a 3x3 kernel without padding
/// is in 9 windows (a corner in 1), for each of the 5 filters. With zero
/// padding of 1 a corner is in 2 x 2 windows; with circular padding of 1
/// it is also copied to the far border, so 3 x 3 windows read it.
#[test]
fn an_input_edit_recomputes_only_the_windows_that_read_it() {
    let scene = |mode: PaddingMode, padding: i64| {
        Scene::new(Op::Torch(TorchConv {
            input: Array4::from_shape_fn((1, 2, 20, 20), |(_, c, y, x)| (c + y * x) as f64),
            args: Conv2dArgs {
                weight: Array4::from_elem((5, 2, 3, 3), 0.5),
                bias: None,
                stride: [1, 1],
                padding: Padding::Explicit([padding, padding]),
                dilation: [1, 1],
                groups: 1,
                padding_mode: mode,
            },
        }))
    };
    let mut plan = Plan::new(&scene(PaddingMode::Zeros, 0)).unwrap();
    let mut out = plan.output();
    assert_eq!(
        plan.update_input(&mut out, [0, 1, 10, 10], 7.0),
        Some(5 * 9)
    );
    assert_eq!(plan.update_input(&mut out, [0, 1, 0, 0], 7.0), Some(5));

    let mut plan = Plan::new(&scene(PaddingMode::Zeros, 1)).unwrap();
    let mut out = plan.output();
    assert_eq!(plan.update_input(&mut out, [0, 0, 0, 0], 7.0), Some(5 * 4));

    let mut plan = Plan::new(&scene(PaddingMode::Circular, 1)).unwrap();
    let mut out = plan.output();
    assert_eq!(plan.update_input(&mut out, [0, 0, 0, 0], 7.0), Some(5 * 9));
    assert_eq!(
        out,
        Plan::new(&{
            let mut s = scene(PaddingMode::Circular, 1);
            s.set_value(Target::Input, [0, 0, 0, 0], 7.0);
            s
        })
        .unwrap()
        .output()
    );
    // Outside the input, or an output of another shape: nothing happens.
    assert_eq!(plan.update_input(&mut out, [0, 2, 0, 0], 7.0), None);
    let mut wrong = Array4::zeros((1, 5, 3, 3));
    assert_eq!(plan.update_input(&mut wrong, [0, 0, 0, 0], 1.0), None);
}
