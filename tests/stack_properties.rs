//! Properties of layer stacks over random chains of conv and pool layers,
//! legal or not: nothing panics, every layer's frames end on its output
//! bitwise, the border maps grow as padding says they must, and path
//! counts add up.

use convlab::core::ops::stack::{PoolArgs, PoolKind, Stack, StackLayer, StackScene};
use convlab::core::{Conv2dArgs, Op, Padding, PaddingMode, Scene};
use ndarray::Array4;
use proptest::prelude::*;

fn padding() -> impl Strategy<Value = Padding> {
    prop_oneof![
        Just(Padding::SAME),
        Just(Padding::VALID),
        (0i64..3, 0i64..3).prop_map(|(h, w)| Padding::Explicit([h, w])),
    ]
}

fn mode() -> impl Strategy<Value = PaddingMode> {
    prop::sample::select(PaddingMode::ALL.to_vec())
}

/// A conv layer (mostly) or a pool layer, whose arguments PyTorch may refuse.
fn layer(c_in: usize) -> impl Strategy<Value = StackLayer> {
    prop_oneof![3 => conv_layer(c_in), 1 => pool_layer()]
}

/// `MaxPool2d` or `AvgPool2d`, padding up to 1 (over half a 1-wide kernel
/// at times), `ceil_mode` and the average's options at random.
fn pool_layer() -> impl Strategy<Value = StackLayer> {
    (
        any::<bool>(),
        (1i64..4, 1i64..4),
        prop::option::of((1i64..4, 1i64..3)),
        (0i64..2, 0i64..2),
        (1i64..3, 1i64..3),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(-1i64..4),
    )
        .prop_map(
            |(max, (kh, kw), stride, (ph, pw), (dh, dw), ceil, cip, div)| {
                StackLayer::Pool(PoolArgs {
                    pool: if max { PoolKind::Max } else { PoolKind::Avg },
                    kernel_size: [kh, kw],
                    stride: stride.map(|(a, b)| [a, b]),
                    padding: [ph, pw],
                    dilation: if max { [dh, dw] } else { [1, 1] },
                    ceil_mode: ceil,
                    count_include_pad: cip,
                    divisor_override: if max { None } else { div },
                })
            },
        )
}

/// A layer with `c_out` filters over `c_in` channels, maybe inconsistent
/// with what it is fed (then PyTorch refuses it, and so must we).
fn conv_layer(c_in: usize) -> impl Strategy<Value = StackLayer> {
    (
        1usize..4,
        prop_oneof![4 => Just(c_in), 1 => 1usize..4],
        1usize..4,
        1usize..4,
        prop_oneof![3 => Just((1i64, 1i64)), 1 => (1i64..3, 1i64..3)],
        prop_oneof![3 => Just((1i64, 1i64)), 1 => (1i64..3, 1i64..3)],
        padding(),
        mode(),
        prop_oneof![4 => Just(1i64), 1 => 1i64..3],
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(
            move |(
                c_out,
                cin,
                kh,
                kw,
                (sh, sw),
                (dh, dw),
                padding,
                padding_mode,
                groups,
                bias,
                seed,
            )| {
                let cg = (cin / groups.max(1) as usize).max(1);
                let mut k = seed;
                let mut next = move || {
                    k = k.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    f64::from((k >> 16) % 9) - 4.0
                };
                StackLayer::Conv(Conv2dArgs {
                    weight: Array4::from_shape_simple_fn((c_out, cg, kh, kw), &mut next),
                    bias: bias.then(|| (0..c_out).map(|_| next()).collect()),
                    stride: [sh, sw],
                    padding,
                    dilation: [dh, dw],
                    groups,
                    padding_mode,
                })
            },
        )
}

fn stack_scene() -> impl Strategy<Value = StackScene> {
    (1usize..3, 1usize..4, 1usize..12, 1usize..12, 1usize..5)
        .prop_flat_map(|(n, c, h, w, depth)| {
            // Each layer's c_in guess follows the previous layer's filters often enough.
            let layers = prop::collection::vec(layer(c), depth);
            (Just((n, c, h, w)), layers, any::<u32>())
        })
        .prop_map(|((n, c, h, w), mut layers, seed)| {
            // Chain the channel counts so most stacks are legal.
            let mut channels = c;
            for l in layers.iter_mut() {
                // A pool keeps the channels.
                let StackLayer::Conv(l) = l else { continue };
                let (o, _, kh, kw) = l.weight.dim();
                if seed % 5 != 0 {
                    // Mostly legal: channels chained, groups dividing them, `same` unstrided.
                    if channels % l.groups.max(1) as usize != 0 || o % l.groups.max(1) as usize != 0
                    {
                        l.groups = 1;
                    }
                    if l.padding == Padding::SAME {
                        l.stride = [1, 1];
                    }
                    let g = l.groups.max(1) as usize;
                    l.weight = Array4::from_shape_fn((o, channels / g, kh, kw), |(a, b, i, j)| {
                        ((a + 2 * b + 3 * i + 5 * j) % 7) as f64 - 3.0
                    });
                }
                channels = o;
            }
            let input = Array4::from_shape_fn((n, c, h, w), |(a, b, i, j)| {
                ((a * 7 + b * 5 + i * 3 + j + seed as usize) % 11) as f64 - 5.0
            });
            StackScene::new(input, layers)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_stacks_never_panic_and_name_a_real_layer(s in stack_scene()) {
        match Stack::new(&s) {
            Err(e) => {
                prop_assert!(e.layer().is_some_and(|l| l < s.layers.len()));
                prop_assert!(!e.explanation().is_empty());
            }
            Ok(stack) => {
                prop_assert_eq!(stack.len(), s.layers.len());
                let _ = stack.border_maps();
                let last = stack.len() - 1;
                let _ = stack.receptive_field(last, [0, 0]);
                let _ = stack.receptive_size(last);
                let _ = stack.border_sentence(last);
            }
        }
        // The scene survives a trip through JSON (share links, autosave).
        let scene = Scene::new(Op::Sequential(s));
        prop_assert_eq!(Scene::from_json(&scene.to_json()).unwrap(), scene);
    }

    #[test]
    fn every_layer_s_frames_end_on_its_output_bitwise(s in stack_scene()) {
        if let Ok(stack) = Stack::new(&s) {
            let t = stack.timeline();
            prop_assert_eq!(t.frame_count(), stack.outputs().iter().map(|o| o.len()).sum::<usize>());
            for g in 0..t.frame_count() {
                let f = stack.frame_at(g).unwrap();
                prop_assert_eq!(t.locate(g), Some((f.layer, f.local)));
                let [n, o, i, j] = f.frame.index;
                let want = stack.outputs()[f.layer][[n, o, i, j]];
                prop_assert_eq!(f.frame.value.to_bits(), want.to_bits());
                // The next layer reads exactly this output.
                if let Some(next) = stack.plan(f.layer + 1) {
                    prop_assert_eq!(next.input()[[n, o, i, j]].to_bits(), want.to_bits());
                }
            }
            prop_assert!(stack.frame_at(t.frame_count()).is_none());
        }
    }

    #[test]
    fn padding_marks_the_corner_and_no_padding_marks_nothing(s in stack_scene()) {
        if let Ok(stack) = Stack::new(&s) {
            let maps = stack.border_maps();
            let mut padded_below = false;
            for (plan, m) in stack.plans().iter().zip(&maps) {
                let out_hw = plan.footprint().out_hw;
                prop_assert_eq!(m.map.dim(), (out_hw[0], out_hw[1]));
                let pads = plan.pads();
                if pads.top > 0 || pads.left > 0 {
                    // Output (0, 0) reads padded (0, 0), an invented pixel.
                    prop_assert_eq!(m.map[[0, 0]], 1);
                }
                padded_below |= !pads.is_zero();
                if !padded_below {
                    prop_assert_eq!(m.count, 0);
                }
            }
        }
    }

    /// `same`, stride 1, odd kernels: every position keeps reading itself,
    /// so once it touches the invented border it always does.
    #[test]
    fn same_layers_only_grow_the_border(
        h in 1usize..10, w in 1usize..10,
        ks in prop::collection::vec((0usize..3, 0usize..3, 1i64..3, mode()), 1..6),
    ) {
        let layers = ks.iter().map(|&(a, b, d, m)| StackLayer::Conv(Conv2dArgs {
            dilation: [d, d],
            padding_mode: m,
            ..Conv2dArgs::new(Array4::ones((1, 1, 2 * a + 1, 2 * b + 1)), Padding::SAME)
        })).collect();
        let s = StackScene::new(Array4::ones((1, 1, h, w)), layers);
        if let Ok(stack) = Stack::new(&s) {
            let maps = stack.border_maps();
            for pair in maps.windows(2) {
                prop_assert!(pair[0].map.iter().zip(pair[1].map.iter()).all(|(a, b)| a <= b));
                prop_assert!(pair[0].count <= pair[1].count);
            }
        }
    }

    /// With every padding copying real pixels (or none at all), no path is
    /// lost: a cell's counts add up to the product of the kernels' sizes.
    /// Zeros can only lose paths.
    #[test]
    fn paths_add_up_to_the_product_of_kernel_sizes(s in stack_scene(), pick in any::<(usize, usize, usize)>()) {
        if let Ok(stack) = Stack::new(&s) {
            let layer = pick.0 % stack.len();
            let [ho, wo] = stack.hw(layer + 1).unwrap();
            let cell = [pick.1 % ho, pick.2 % wo];
            let field = stack.receptive_field(layer, cell).unwrap();
            prop_assert_eq!(field.paths.len(), layer + 1);
            let taps: u128 = stack.plans()[..=layer].iter().map(|p| (p.kernel_hw()[0] * p.kernel_hw()[1]) as u128).product();
            let copies = stack.plans()[..=layer].iter().all(|p| p.pads().is_zero() || !matches!(p.footprint().fill, convlab::core::Fill::Constant(_)));
            let total: u128 = field.input_paths().iter().sum();
            if copies {
                prop_assert_eq!(total, taps);
            } else {
                prop_assert!(total <= taps);
            }
            // A middle layer's field is the last layer's field of the stack cut there.
            let cut = StackScene::new(s.input.clone(), s.layers[..=layer].to_vec());
            let cut = Stack::new(&cut).unwrap();
            prop_assert_eq!(cut.receptive_field(layer, cell), Some(field));
        }
    }
}

/// One edit a person makes to a stack in the UI, or a change of structure.
#[derive(Clone, Debug)]
enum Edit {
    /// Set one input value (`at` picks it), maybe to what it already is.
    Input { at: usize, value: f64 },
    /// Set one weight value of a layer.
    Weight { layer: usize, at: usize, value: f64 },
    /// Set one bias value of a layer, or give it a bias.
    Bias { layer: usize, at: usize, value: f64 },
    /// Change a layer's stride.
    Stride { layer: usize, stride: [i64; 2] },
    /// Drop the last layer.
    Pop,
}

fn edit() -> impl Strategy<Value = Edit> {
    let value = prop_oneof![(-4i32..=4).prop_map(f64::from), Just(-0.0), -3.0f64..3.0];
    prop_oneof![
        3 => (any::<usize>(), value.clone()).prop_map(|(at, value)| Edit::Input { at, value }),
        4 => (any::<usize>(), any::<usize>(), value.clone())
            .prop_map(|(layer, at, value)| Edit::Weight { layer, at, value }),
        1 => (any::<usize>(), any::<usize>(), value)
            .prop_map(|(layer, at, value)| Edit::Bias { layer, at, value }),
        1 => (any::<usize>(), (1i64..3, 1i64..3))
            .prop_map(|(layer, (h, w))| Edit::Stride { layer, stride: [h, w] }),
        1 => Just(Edit::Pop),
    ]
}

fn set(a: &mut Array4<f64>, at: usize, value: f64) {
    let len = a.len();
    if let Some(x) = a.iter_mut().nth(at % len.max(1)) {
        *x = value;
    }
}

/// `s` after `e`, and the first level `e` may change.
fn apply(s: &StackScene, e: &Edit) -> (StackScene, usize) {
    let mut s = s.clone();
    let n = s.layers.len();
    let first = match *e {
        Edit::Input { at, value } => {
            set(&mut s.input, at, value);
            0
        }
        Edit::Weight { layer, at, value } => {
            // A pool has no weight: nothing changes.
            if let Some(l) = s.layers[layer % n].as_conv_mut() {
                set(&mut l.weight, at, value);
            }
            layer % n + 1
        }
        Edit::Bias { layer, at, value } => {
            let Some(l) = s.layers[layer % n].as_conv_mut() else {
                return (s, layer % n + 1);
            };
            let o = l.weight.dim().0;
            let bias = l.bias.get_or_insert_with(|| vec![0.0; o]);
            bias[at % o] = value;
            layer % n + 1
        }
        Edit::Stride { layer, stride } => {
            match &mut s.layers[layer % n] {
                StackLayer::Conv(l) => l.stride = stride,
                StackLayer::Pool(p) => p.stride = Some(stride),
            }
            layer % n + 1
        }
        Edit::Pop => {
            if n > 1 {
                s.layers.pop();
            }
            n
        }
    };
    (s, first)
}

fn bits(a: &Array4<f64>) -> (Vec<usize>, Vec<u64>) {
    (a.shape().to_vec(), a.iter().map(|x| x.to_bits()).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A stack updated after each of a run of edits is, bit for bit, the
    /// stack computed afresh: the same plans, every level the same bits
    /// (`-0.0` stays `-0.0`), the same refusal. A level before the first
    /// one an edit can reach keeps its version; a level whose values the
    /// edit changed gets a new one.
    #[test]
    fn an_updated_stack_is_the_stack_computed_afresh(s in stack_scene(), edits in prop::collection::vec(edit(), 1..6)) {
        let Ok(mut before) = Stack::new(&s) else { return Ok(()) };
        let mut scene = s;
        for e in &edits {
            let (next, first) = apply(&scene, e);
            let fresh = Stack::new(&next);
            let updated = Stack::update(&before, &next);
            match (fresh, updated) {
                (Err(a), Err(b)) => {
                    prop_assert_eq!(a, b);
                    // A refused edit leaves the last good stack on screen.
                }
                (Ok(fresh), Ok(updated)) => {
                    // Compared bit for bit, not with `==`: a max pool whose
                    // windows see only padding gives -inf, as PyTorch's does,
                    // and a conv of -inf by a 0 weight gives NaN, which `==`
                    // never equals (a case proptest found).
                    prop_assert!(updated.layers() == fresh.layers());
                    prop_assert!(updated.timeline() == fresh.timeline());
                    prop_assert_eq!(updated.len(), fresh.len());
                    for level in 0..=updated.len() {
                        let (u, f) = (updated.level(level).unwrap(), fresh.level(level).unwrap());
                        prop_assert_eq!(bits(u), bits(f), "level {} after {:?}", level, e);
                        let old = before.level(level).filter(|_| level <= before.len());
                        if level < first.min(updated.len() + 1) {
                            prop_assert_eq!(updated.version(level), before.version(level), "level {} after {:?}", level, e);
                        }
                        if old.is_none_or(|o| bits(o) != bits(u)) {
                            prop_assert_ne!(updated.version(level), before.version(level), "level {} after {:?}", level, e);
                        }
                    }
                    for (u, f) in updated.plans().iter().zip(fresh.plans()) {
                        prop_assert_eq!(u.output_dim(), f.output_dim());
                        prop_assert_eq!(bits(u.input()), bits(f.input()));
                        // The rest of the plan (frames, padding, the layer)
                        // with `==`, where no NaN makes `==` meaningless.
                        prop_assert!(u == f || u.input().iter().any(|x| x.is_nan()));
                    }
                    before = updated;
                    scene = next;
                }
                (a, b) => prop_assert!(false, "fresh {:?} but updated {:?}", a.map(|_| ()), b.map(|_| ())),
            }
        }
    }
}
