//! Properties of the engine over random scenes.
//!
//! - Every frame's value is the output value it writes, bit for bit, and
//!   its last running sum plus the bias is that value.
//! - The timeline has one frame per output value, in order, and no more.
//! - Flipping the kernel in the framing is the same as rotating the kernel.
//! - The padded input's real cells are the input.
//! - Nothing a user can type or paste makes decoding or validation panic.

use convlab::core::model::tensor::{rot180_2, rot180_4};
use convlab::core::Conv2dArgs;
use convlab::core::{
    Boundary, Mode, Op, Padding, PaddingMode, Plan, Scene, ScipyConv, Source, TorchConv,
};
use ndarray::{Array2, Array4};
use proptest::prelude::*;
use proptest::sample::Index;

// ---------------------------------------------------------------------------
// Strategies.

fn values(len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![(-4i32..=4).prop_map(f64::from), -8.0f64..8.0],
        len,
    )
}

fn padding_mode() -> impl Strategy<Value = PaddingMode> {
    prop::sample::select(PaddingMode::ALL.to_vec())
}

fn padding() -> impl Strategy<Value = Padding> {
    prop_oneof![
        3 => (0i64..=2, 0i64..=2).prop_map(|(h, w)| Padding::Explicit([h, w])),
        1 => Just(Padding::SAME),
        1 => Just(Padding::VALID),
    ]
}

/// `torch.conv2d` scenes whose channel counts agree with `groups`. A few
/// are still illegal (kernel larger than the padded input, reflect padding
/// as large as the input): tests skip those.
fn torch_scene() -> impl Strategy<Value = Scene> {
    (
        (1usize..=2, 1usize..=3, 1usize..=2, 1usize..=2),
        (1usize..=9, 1usize..=9, 1usize..=4, 1usize..=4),
        ([1i64..=3, 1i64..=3], [1i64..=2, 1i64..=2]),
        (padding(), padding_mode()),
    )
        .prop_flat_map(
            |((n, groups, cg, og), (h, w, kh, kw), (stride, dilation), (padding, mode))| {
                let (c, o) = (groups * cg, groups * og);
                // `same` exists only for stride 1.
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

fn scipy_args(modes: Vec<Mode>, contain: bool) -> impl Strategy<Value = ScipyConv> {
    (
        (1usize..=7, 1usize..=7, 1usize..=5, 1usize..=5),
        prop::sample::select(modes),
        prop::sample::select(Boundary::ALL.to_vec()),
        prop_oneof![Just(0.0), -3.0f64..3.0],
    )
        .prop_flat_map(move |((h1, w1, h2, w2), mode, boundary, fillvalue)| {
            // With `contain`, `valid` mode's in1 is at least as large as in2.
            let (h2, w2) = if contain && mode == Mode::Valid {
                (h2.min(h1), w2.min(w1))
            } else {
                (h2, w2)
            };
            (values(h1 * w1), values(h2 * w2)).prop_map(move |(a, b)| ScipyConv {
                in1: Array2::from_shape_vec((h1, w1), a).unwrap(),
                in2: Array2::from_shape_vec((h2, w2), b).unwrap(),
                mode,
                boundary,
                fillvalue,
            })
        })
}

/// `scipy.convolve2d` and `scipy.correlate2d` scenes, every mode and
/// boundary (including `valid` mode's swap and its refusal).
fn scipy_scene() -> impl Strategy<Value = Scene> {
    (any::<bool>(), scipy_args(Mode::ALL.to_vec(), false)).prop_map(|(convolve, args)| {
        Scene::new(if convolve {
            Op::Convolve(args)
        } else {
            Op::Correlate(args)
        })
    })
}

fn any_scene() -> impl Strategy<Value = Scene> {
    prop_oneof![2 => torch_scene(), 1 => scipy_scene()]
}

/// The plan of a scene the reference accepts; others are skipped.
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
        cases: 64,
        max_global_rejects: 4096,
        // No regression files: a failing case is printed in full instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Frames against the whole output.

proptest! {
    #![proptest_config(config())]

    /// (a) A frame's value is the output value at its index, exactly; its
    /// last running sum plus the bias is that value, exactly.
    #[test]
    fn frames_agree_with_the_output_exactly(scene in any_scene()) {
        let plan = legal!(scene);
        let out = plan.output();
        for k in 0..plan.frame_count() {
            let frame = plan.frame_at(k).expect("a frame before the end");
            prop_assert_eq!(frame.step, k);
            let want = out[frame.index];
            prop_assert_eq!(frame.value.to_bits(), want.to_bits(),
                "frame {} at {:?}: {} but output has {}", k, frame.index, frame.value, want);

            let last = frame.substeps.last().expect("at least one input channel");
            let total = match frame.bias { Some(b) => last.running + b, None => last.running };
            prop_assert_eq!(total.to_bits(), frame.value.to_bits());
            prop_assert_eq!(frame.bias, plan.bias.as_ref().map(|b| b[frame.index[1]]));

            // The sub-steps cover the filter's group, channel by channel,
            // and the running sums add the partial sums up.
            prop_assert_eq!(frame.substeps.len(), frame.channels.len());
            let mut running = 0.0f64;
            for (s, c) in frame.substeps.iter().zip(frame.channels.clone()) {
                prop_assert_eq!(s.channel, c);
                prop_assert_eq!(s.taps.len(), plan.kernel_hw()[0] * plan.kernel_hw()[1]);
                for t in &s.taps {
                    running += t.product;
                    prop_assert_eq!(t.product.to_bits(), (t.input * t.weight).to_bits());
                }
                prop_assert_eq!(s.running.to_bits(), running.to_bits());
            }
        }
    }

    /// (b) One frame per output value, in row-major order, and none after.
    #[test]
    fn the_timeline_has_one_frame_per_output_value(scene in any_scene()) {
        let plan = legal!(scene);
        let out = plan.output();
        let [n, o, ho, wo] = plan.output_dim();
        prop_assert_eq!(out.shape(), &[n, o, ho, wo]);
        prop_assert_eq!(plan.frame_count(), n * o * ho * wo);
        prop_assert_eq!(plan.frame_count(), out.len());
        prop_assert!(plan.frame_at(plan.frame_count()).is_none());
        prop_assert!(plan.frame_at(plan.frame_count() + 1).is_none());
        prop_assert!(plan.frame_at(usize::MAX).is_none());
        for k in 0..plan.frame_count() {
            let frame = plan.frame_at(k).expect("a frame before the end");
            prop_assert_eq!(plan.step_of(frame.index), Some(k));
            prop_assert_eq!(plan.index_at(k), Some(frame.index));
        }
        prop_assert_eq!(plan.step_of([n, 0, 0, 0]), None);
        prop_assert_eq!(plan.step_of([0, 0, ho, 0]), None);
        prop_assert_eq!(plan.step_of([0, 0, 0, wo]), None);
    }

    /// (c) PyTorch: framing as a true convolution is running the
    /// cross-correlation with the kernel rotated by 180 degrees.
    #[test]
    fn torch_flip_is_the_rotated_kernel(scene in torch_scene()) {
        let plan = legal!(scene);
        let Op::Torch(t) = &scene.op else { unreachable!() };
        let rotated = Scene::new(Op::Torch(TorchConv { args: Conv2dArgs { weight: rot180_4(&t.weight), ..t.args.clone() }, ..t.clone() }));
        let flipped = Plan::framed(&scene, true).expect("flipping changes no rule").output();
        let by_rotation = Plan::new(&rotated).expect("rotating changes no rule").output();
        prop_assert_eq!(flipped.shape(), by_rotation.shape());
        for (a, b) in flipped.iter().zip(&by_rotation) {
            prop_assert_eq!(a.to_bits(), b.to_bits());
        }
        prop_assert_eq!(plan.output(), Plan::framed(&scene, false).unwrap().output());
    }

    /// (c) SciPy, `valid` (in1 the larger) and `full`:
    /// `convolve2d(in1, in2) == correlate2d(in1, rot180(in2))`, exactly.
    /// (`same` centres an even kernel differently for the two, as SciPy does.)
    #[test]
    fn scipy_convolve_is_correlate_with_the_rotated_kernel(
        args in scipy_args(vec![Mode::Valid, Mode::Full], true)
    ) {
        let convolved = Plan::new(&Scene::new(Op::Convolve(args.clone()))).expect("legal").output();
        let rotated = ScipyConv { in2: rot180_2(&args.in2), ..args };
        let correlated = Plan::new(&Scene::new(Op::Correlate(rotated))).expect("legal").output();
        prop_assert_eq!(convolved.shape(), correlated.shape());
        for (a, b) in convolved.iter().zip(&correlated) {
            prop_assert_eq!(a.to_bits(), b.to_bits());
        }
    }

    /// The padded input's real cells are the input, marked real; every
    /// other cell is padding, and a copied cell holds what it copies.
    #[test]
    fn padded_cells_tell_where_they_come_from(scene in any_scene()) {
        let plan = legal!(scene);
        let [h, w] = plan.input_hw();
        let [hp, wp] = plan.padded_hw();
        let (top, left) = (plan.pads.top, plan.pads.left);
        for n in 0..plan.batch() {
            for c in 0..plan.in_channels() {
                for y in 0..hp {
                    for x in 0..wp {
                        let (v, source) = plan.padded_cell(n, c, y, x);
                        let real = (top..top + h).contains(&y) && (left..left + w).contains(&x);
                        if real {
                            let [r, q] = [y - top, x - left];
                            prop_assert_eq!(source, Source::Real([r, q]));
                            prop_assert_eq!(v.to_bits(), plan.input[[n, c, r, q]].to_bits());
                        } else {
                            prop_assert!(source.is_padding(), "({}, {}) is padding", y, x);
                            if let Source::Copy([r, q]) = source {
                                prop_assert_eq!(v.to_bits(), plan.input[[n, c, r, q]].to_bits());
                            }
                        }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Nothing typed or pasted makes the engine panic.

/// Validate a decoded scene and, if legal, look at it the way the UI does.
fn exercise(scene: &Scene) {
    match Plan::new(scene) {
        Err(e) => {
            let _ = e.to_string();
            let _ = e.rule();
            let _ = e.reference_message();
        }
        Ok(plan) => {
            let count = plan.frame_count();
            let _ = plan.shapes();
            let _ = plan.frame_at(0);
            let _ = plan.frame_at(count.saturating_sub(1));
            assert!(plan.frame_at(count).is_none());
            if count <= 4096 {
                assert_eq!(plan.output().len(), count);
            }
        }
    }
    let _ = scene.to_json();
}

fn decode_and_exercise(text: &str) {
    if let Ok(scene) = Scene::from_json(text) {
        exercise(&scene);
    }
}

/// Byte offsets where a number starts and ends in ASCII JSON.
fn numbers(json: &str) -> Vec<(usize, usize)> {
    let bytes = json.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
        } else if b == b'"' {
            in_string = true;
            i += 1;
        } else if b == b'-' || b.is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

const REPLACEMENTS: &[&str] = &[
    "99999999999999999999999",
    "-99999999999999999999",
    "-5",
    "-1",
    "0",
    "1",
    "1e308",
    "-1e308",
    "1e999",
    "16777216",
    "16777217",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "2.5",
    "-0",
    "\"a string\"",
    "null",
    "true",
    "[]",
    "{}",
];

#[derive(Clone, Debug)]
enum Mutation {
    Delete(Index),
    Insert(Index, char),
    Truncate(Index),
    ReplaceNumber(Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Delete),
        (
            any::<Index>(),
            prop_oneof![
                prop::sample::select(vec![
                    '[', ']', '{', '}', ',', ':', '"', '-', '0', '9', 'e', '.', ' '
                ]),
                any::<char>(),
            ]
        )
            .prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), prop::sample::select(REPLACEMENTS))
            .prop_map(|(i, r)| Mutation::ReplaceNumber(i, r)),
    ]
}

fn mutate(json: &str, m: &Mutation) -> String {
    let mut s = json.to_string();
    let boundaries: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    match m {
        // An earlier edit may have emptied the text: nothing to delete.
        Mutation::Delete(_) if s.is_empty() => {}
        Mutation::Delete(i) => {
            let at = boundaries[i.index(boundaries.len() - 1)];
            s.remove(at);
        }
        Mutation::Insert(i, c) => s.insert(boundaries[i.index(boundaries.len())], *c),
        Mutation::Truncate(i) => s.truncate(boundaries[i.index(boundaries.len())]),
        Mutation::ReplaceNumber(i, r) => {
            let spans = numbers(&s);
            if !spans.is_empty() {
                let (a, b) = spans[i.index(spans.len())];
                s.replace_range(a..b, r);
            }
        }
    }
    s
}

fn setting() -> impl Strategy<Value = i64> {
    prop_oneof![
        prop::sample::select(vec![
            i64::MIN,
            -(1 << 24),
            -2,
            -1,
            0,
            1,
            2,
            3,
            1 << 24,
            (1 << 24) + 1,
            i64::MAX,
        ]),
        -3i64..=12,
        any::<i64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// (d) Any string at all.
    #[test]
    fn decoding_any_string_never_panics(text in any::<String>()) {
        decode_and_exercise(&text);
    }

    /// (d) Strings made of JSON's own characters and the scene's words.
    #[test]
    fn decoding_json_like_text_never_panics(
        text in r#"\{("(op|input|weight|in1|in2|stride|padding|groups|mode|boundary)":( |-?[0-9]{1,3}|\[+[0-9., -]{0,12}\]+|"[a-z.2]{0,16}"|null),?){0,8}\}"#
    ) {
        decode_and_exercise(&text);
    }

    /// (d) A valid scene's JSON with one edit: a character deleted or
    /// inserted, cut short, or a number replaced by something absurd.
    #[test]
    fn decoding_an_edited_scene_never_panics(scene in any_scene(), edits in prop::collection::vec(mutation(), 1..=3)) {
        let mut json = scene.to_json();
        for m in &edits {
            json = mutate(&json, m);
        }
        decode_and_exercise(&json);
    }

    /// (d) A decodable scene with absurd settings: validation refuses or
    /// accepts, and never panics.
    #[test]
    fn absurd_settings_never_panic(
        scene in torch_scene(),
        stride in [setting(), setting()],
        padding in prop_oneof![
            [setting(), setting()].prop_map(Padding::Explicit),
            Just(Padding::SAME),
            Just(Padding::VALID),
        ],
        dilation in [setting(), setting()],
        groups in setting(),
        mode in padding_mode(),
        which in 0u8..16,
    ) {
        let Op::Torch(mut t) = scene.op else { unreachable!() };
        // Change some settings, not always all of them, so each rule is reached.
        if which & 1 != 0 { t.stride = stride; }
        if which & 2 != 0 { t.padding = padding; }
        if which & 4 != 0 { t.dilation = dilation; }
        if which & 8 != 0 { t.groups = groups; }
        t.padding_mode = mode;
        let scene = Scene::new(Op::Torch(t));
        exercise(&scene);
        decode_and_exercise(&scene.to_json());
    }
}

/// Settings at the cap with many channels: the size checks multiply sizes
/// of about 2^25 x 2^25 x channels, which must not overflow.
#[test]
fn huge_padding_with_many_channels_is_refused_not_overflowed() {
    let pad = 1 << 24;
    for (c, o) in [(128, 128), (1 << 14, 1), (1, 1 << 14)] {
        let scene = Scene::new(Op::Torch(TorchConv {
            input: Array4::zeros((1, c, 1, 1)),
            args: Conv2dArgs {
                weight: Array4::zeros((o, c, 1, 1)),
                bias: None,
                stride: [1, 1],
                padding: Padding::Explicit([pad, pad]),
                dilation: [1, 1],
                groups: 1,
                padding_mode: PaddingMode::Zeros,
            },
        }));
        let err = Plan::new(&scene).expect_err("far beyond the caps");
        assert_eq!(err.rule(), "too large to show", "{c} -> {o}: {err}");
    }
}
