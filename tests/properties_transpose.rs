//! The properties of `tests/properties.rs`, for `conv_transpose2d` scenes:
//!
//! - every gather frame's value is the output value it writes, bit for bit;
//! - one frame per output value, one stamp per input value, none after;
//! - the canvas holds the input at stride steps, inserted zeros between,
//!   padding (or nothing, where cropped) around;
//! - all the stamps add up to the output (to rounding);
//! - no setting, however absurd, and no edit of the JSON makes it panic.

use convlab::core::{Op, Plan, Scene, Source, TransposeConv};
use ndarray::Array4;
use proptest::prelude::*;

fn values(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![(-4i32..=4).prop_map(f64::from), -8.0f64..8.0],
        len,
    )
}

/// Scenes with agreeing channels; padding up to 4 so it often exceeds
/// `dilation*(k-1)` and crops. Some are still refused (output padding too
/// large, output too small): tests skip those.
fn transpose_scene() -> impl Strategy<Value = Scene> {
    (
        (1usize..=2, 1usize..=3, 1usize..=2, 1usize..=2),
        (1usize..=5, 1usize..=5, 1usize..=4, 1usize..=4),
        (
            [1i64..=3, 1i64..=3],
            [1i64..=2, 1i64..=2],
            [0i64..=4, 0i64..=4],
            [0i64..=2, 0i64..=2],
        ),
        any::<bool>(),
    )
        .prop_flat_map(
            |((n, groups, cg, og), (h, w, kh, kw), (stride, dilation, padding, op), sized)| {
                let c = groups * cg;
                (
                    values(n * c * h * w),
                    values(c * og * kh * kw),
                    prop::option::of(values(og * groups)),
                )
                    .prop_map(move |(input, weight, bias)| {
                        let t = TransposeConv {
                            input: Array4::from_shape_vec((n, c, h, w), input).unwrap(),
                            weight: Array4::from_shape_vec((c, og, kh, kw), weight).unwrap(),
                            bias,
                            stride,
                            padding,
                            output_padding: op,
                            dilation,
                            groups: groups as i64,
                            output_size: None,
                        };
                        // Half of them ask for the size these settings give instead.
                        let size = Plan::new(&Scene::new(Op::Transpose(t.clone())))
                            .ok()
                            .map(|p| p.out_hw);
                        match (sized, size) {
                            (true, Some([ho, wo]))
                                if op.iter().zip(stride).all(|(o, s)| *o < s) =>
                            {
                                Scene::new(Op::Transpose(TransposeConv {
                                    output_padding: [0, 0],
                                    output_size: Some(vec![ho as i64, wo as i64]),
                                    ..t
                                }))
                            }
                            _ => Scene::new(Op::Transpose(t)),
                        }
                    })
            },
        )
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
        max_global_rejects: 8192,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn gather_frames_agree_with_the_output_exactly(scene in transpose_scene()) {
        let plan = legal!(scene);
        let out = plan.output();
        prop_assert_eq!(plan.frame_count(), out.len());
        prop_assert!(plan.frame_at(plan.frame_count()).is_none());
        for k in 0..plan.frame_count() {
            let f = plan.frame_at(k).expect("a frame");
            prop_assert_eq!(f.value.to_bits(), out[f.index].to_bits(), "frame {} at {:?}", k, f.index);
            for sub in &f.substeps {
                for t in &sub.taps {
                    // The value used is the user's weight at the index the plan names.
                    let wi = plan.weight_index(f.index[1], sub.slice, t.kernel_index);
                    prop_assert_eq!(t.weight.to_bits(), plan.spread.as_ref().unwrap().weight[wi].to_bits());
                }
            }
        }
    }

    #[test]
    fn the_canvas_is_the_input_spread_by_the_stride(scene in transpose_scene()) {
        let plan = legal!(scene);
        let s = plan.spread.clone().unwrap();
        let [h, w] = plan.input_hw();
        let [hp, wp] = plan.padded_hw();
        let (kh, kw) = (plan.kernel_hw()[0], plan.kernel_hw()[1]);
        prop_assert_eq!(hp, plan.out_hw[0] + plan.dilation[0] * (kh - 1));
        prop_assert_eq!(wp, plan.out_hw[1] + plan.dilation[1] * (kw - 1));
        let mut real = 0;
        for y in 0..hp {
            for x in 0..wp {
                let (v, source) = plan.padded_cell(0, 0, y, x);
                let (ty, tx) = (y as i64 - s.before[0], x as i64 - s.before[1]);
                let (sh, sw) = (s.stride[0] as i64, s.stride[1] as i64);
                let within = (0..=(h as i64 - 1) * sh).contains(&ty) && (0..=(w as i64 - 1) * sw).contains(&tx);
                match source {
                    Source::Real([r, q]) => {
                        prop_assert_eq!([ty, tx], [r as i64 * sh, q as i64 * sw]);
                        prop_assert_eq!(v.to_bits(), plan.input[[0, 0, r, q]].to_bits());
                        real += 1;
                    }
                    Source::Inserted => prop_assert!(within && (ty % sh != 0 || tx % sw != 0) && v == 0.0),
                    Source::Constant => prop_assert!(!within && v == 0.0),
                    Source::Copy(_) => prop_assert!(false, "nothing is copied"),
                }
            }
        }
        // Cropping removes input cells only where before/after are negative.
        if s.before.iter().chain(&s.after).all(|b| *b >= 0) {
            prop_assert_eq!(real, h * w);
        }
    }

    #[test]
    fn the_stamps_add_up_to_the_output(scene in transpose_scene()) {
        let plan = legal!(scene);
        let out = plan.output();
        prop_assert_eq!(plan.scatter_frame_count(), plan.input.len());
        prop_assert!(plan.scatter_frame_at(plan.scatter_frame_count()).is_none());
        let stamped = plan.scatter_output(plan.scatter_frame_count()).unwrap();
        for (a, b) in stamped.iter().zip(&out) {
            prop_assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{} vs {}", a, b);
        }
        for k in 0..plan.frame_count() {
            let cell = plan.index_at(k).unwrap();
            let s = plan.scatter_step_of_output(cell).unwrap();
            prop_assert!(s < plan.scatter_frame_count());
            prop_assert!(plan.gather_step_of_scatter(s).unwrap() < plan.frame_count());
        }
    }
}

fn setting() -> impl Strategy<Value = i64> {
    prop_oneof![
        prop::sample::select(vec![
            i64::MIN,
            -(1 << 24),
            -1,
            0,
            1,
            2,
            3,
            1 << 24,
            (1 << 24) + 1,
            i64::MAX
        ]),
        -3i64..=12,
        any::<i64>(),
    ]
}

fn exercise(scene: &Scene) {
    match Plan::new(scene) {
        Err(e) => {
            let _ = (e.to_string(), e.rule(), e.reference_message());
        }
        Ok(plan) => {
            let _ = plan.shapes();
            let _ = plan.size_ranges();
            let _ = plan.frame_at(0);
            let _ = plan.frame_at(plan.frame_count().saturating_sub(1));
            let _ = plan.scatter_frame_at(plan.scatter_frame_count().saturating_sub(1));
            let _ = plan.gather_step_of_scatter(0);
            let _ = plan.scatter_step_of_output([0, 0, 0, 0]);
            let _ = plan.matrix(0, 0);
        }
    }
    let _ = convlab::core::export::codegen::pytorch_code(scene);
    let _ = convlab::core::export::codegen::scipy_code(scene);
    // The scene survives a JSON round trip bit for bit (serde_json parses
    // floats exactly with its `float_roundtrip` feature).
    let back = Scene::from_json(&scene.to_json()).expect("its own JSON decodes");
    assert_eq!(&back, scene);
    if let (Op::Transpose(a), Op::Transpose(b)) = (&back.op, &scene.op) {
        let bits = |t: &TransposeConv| -> Vec<u64> {
            t.input
                .iter()
                .chain(t.weight.iter())
                .chain(t.bias.iter().flatten())
                .map(|v| v.to_bits())
                .collect()
        };
        assert_eq!(bits(a), bits(b));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn absurd_transpose_settings_never_panic(
        scene in transpose_scene(),
        stride in [setting(), setting()],
        padding in [setting(), setting()],
        output_padding in [setting(), setting()],
        dilation in [setting(), setting()],
        groups in setting(),
        size in prop::option::of(prop::collection::vec(setting(), 0..=5)),
        which in 0u8..64,
    ) {
        let Op::Transpose(mut t) = scene.op else { unreachable!() };
        if which & 1 != 0 { t.stride = stride; }
        if which & 2 != 0 { t.padding = padding; }
        if which & 4 != 0 { t.dilation = dilation; }
        if which & 8 != 0 { t.groups = groups; }
        if which & 16 != 0 { t.output_padding = output_padding; }
        if which & 32 != 0 { t.output_size = size; }
        exercise(&Scene::new(Op::Transpose(t)));
    }
}
