//! Random models on random shapes: running, fixing, exporting and
//! re-reading never panic and agree with each other; and the network's
//! shape-only conv rules agree with the engine's full conv2d and
//! conv_transpose2d validation ([`Plan::new`]) on small layers.

use convlab::core::ops::network::conv::{conv2d_shape, conv_transpose2d_shape};
use convlab::core::ops::network::layers::{
    AvgPool2d, BatchNorm2d, Conv2d, ConvPadding, ConvTranspose2d, Linear, MaxPool2d,
};
use convlab::core::ops::network::{
    infer, to_repr, to_source, Edit, Layer, Model, Num, OutSize, Size2, When,
};
use convlab::core::{Conv2dArgs, Op, Padding, PaddingMode, Plan, Scene, TorchConv, TransposeConv};
use ndarray::Array4;
use proptest::prelude::*;

fn size2(lo: i64, hi: i64) -> impl Strategy<Value = Size2> {
    prop_oneof![
        (lo..hi).prop_map(Size2::One),
        (lo..hi, lo..hi).prop_map(|(a, b)| Size2::Two(a, b)),
    ]
}

fn channels() -> impl Strategy<Value = i64> {
    prop_oneof![4 => 1i64..9, 1 => -2i64..1, 1 => prop::sample::select(vec![16i64, 32, 64])]
}

fn layer() -> impl Strategy<Value = Layer> {
    let conv = (
        channels(),
        channels(),
        size2(0, 6),
        size2(0, 4),
        size2(-1, 4),
        size2(0, 3),
        -1i64..5,
        any::<bool>(),
        0usize..6,
        0usize..5,
    )
        .prop_map(|(i, o, k, s, p, d, g, bias, pad_kind, mode)| {
            Layer::Conv2d(Conv2d {
                in_channels: i,
                out_channels: o,
                kernel_size: k,
                stride: s,
                padding: match pad_kind {
                    0 => ConvPadding::Named("same".into()),
                    1 => ConvPadding::Named("valid".into()),
                    2 => ConvPadding::Named("full".into()),
                    _ => ConvPadding::Size(p),
                },
                dilation: d,
                groups: g,
                bias,
                padding_mode: ["zeros", "zeros", "reflect", "replicate", "circular"]
                    .get(mode)
                    .unwrap_or(&"bad")
                    .to_string(),
            })
        });
    let transpose = (
        channels(),
        channels(),
        size2(0, 5),
        size2(0, 4),
        size2(-1, 3),
        size2(-1, 3),
        size2(0, 3),
        0i64..4,
        any::<bool>(),
    )
        .prop_map(|(i, o, k, s, p, op, d, g, bias)| {
            Layer::ConvTranspose2d(ConvTranspose2d {
                in_channels: i,
                out_channels: o,
                kernel_size: k,
                stride: s,
                padding: p,
                output_padding: op,
                groups: g,
                bias,
                dilation: d,
                padding_mode: "zeros".into(),
            })
        });
    let max = (
        size2(-1, 5),
        prop::option::of(size2(-1, 4)),
        size2(-1, 3),
        size2(0, 3),
        any::<bool>(),
    )
        .prop_map(|(k, s, p, d, c)| {
            Layer::MaxPool2d(MaxPool2d {
                kernel_size: k,
                stride: s,
                padding: p,
                dilation: d,
                ceil_mode: c,
            })
        });
    let avg = (
        size2(-1, 5),
        prop::option::of(size2(-1, 4)),
        size2(-1, 3),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(-2i64..4),
    )
        .prop_map(|(k, s, p, c, inc, div)| {
            Layer::AvgPool2d(AvgPool2d {
                kernel_size: k,
                stride: s,
                padding: p,
                ceil_mode: c,
                count_include_pad: inc,
                divisor_override: div,
            })
        });
    let side = prop::option::of(-1i64..5);
    let out_size = prop_oneof![
        side.clone().prop_map(OutSize::One),
        (side.clone(), side).prop_map(|(a, b)| OutSize::Two(a, b))
    ];
    let other = (
        channels(),
        channels(),
        any::<bool>(),
        -3i64..4,
        -3i64..4,
        0usize..12,
        out_size,
    )
        .prop_map(|(a, b, flag, s, e, which, o)| match which {
            0 => Layer::Linear(Linear {
                in_features: a * 10,
                out_features: b,
                bias: flag,
            }),
            1 => Layer::BatchNorm2d(BatchNorm2d {
                num_features: a,
                eps: Num::Float(1e-5),
                momentum: flag.then_some(Num::Float(0.1)),
                affine: flag,
                track_running_stats: s > 0,
                bias: flag,
            }),
            2 => Layer::Flatten {
                start_dim: s,
                end_dim: e,
            },
            3 => Layer::AdaptiveAvgPool2d(o),
            4 => Layer::AdaptiveMaxPool2d(o),
            5 => Layer::Dropout2d {
                p: Num::Float(s as f64 / 2.0),
                inplace: flag,
            },
            6 => Layer::LeakyReLU {
                negative_slope: Num::Float(0.1),
                inplace: flag,
            },
            7 => Layer::GELU {
                approximate: if flag { "tanh" } else { "exact" }.into(),
            },
            8 => Layer::ReLU { inplace: flag },
            9 => Layer::Sigmoid,
            10 => Layer::Dropout {
                p: Num::Int(s),
                inplace: false,
            },
            _ => Layer::Identity,
        });
    prop_oneof![3 => conv, 1 => transpose, 1 => max, 1 => avg, 2 => other]
}

fn shape() -> impl Strategy<Value = Vec<i64>> {
    prop_oneof![
        4 => (1i64..3, 1i64..9, 1i64..24, 1i64..24).prop_map(|(n, c, h, w)| vec![n, c, h, w]),
        1 => prop::collection::vec(1i64..12, 1..6),
    ]
}

/// A model of these layers, some of them in a nested Sequential.
fn model_of(layers: Vec<Layer>, nest: usize) -> Model {
    let flat = Model::of_layers(layers);
    if nest == 0 || flat.root.children.len() < 2 {
        return flat;
    }
    let mut text = to_source(&flat);
    // Wrap the first `nest` layers in an inner nn.Sequential.
    let lines: Vec<&str> = text.lines().collect();
    let n = nest.min(lines.len() - 2);
    let mut out = vec![lines[0].to_string(), "    nn.Sequential(".to_string()];
    out.extend(lines[1..=n].iter().map(|l| format!("    {l}")));
    out.push("    ),".into());
    out.extend(lines[n + 1..].iter().map(|l| l.to_string()));
    text = out.join("\n");
    Model::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn running_fixing_and_exporting_agree(layers in prop::collection::vec(layer(), 0..7), nest in 0usize..3, x in shape()) {
        let m = model_of(layers, nest);
        // The source reads back as the same model.
        let src = to_source(&m);
        prop_assert_eq!(Model::parse(&src).unwrap(), m.clone());
        let r = infer(&m, &x).unwrap();
        // print(model) reads back as a model that runs the same way, unless
        // an AvgPool2d has options PyTorch's print leaves out.
        let hidden = m.leaves().iter().any(|l| matches!(l.layer, Layer::AvgPool2d(a)
            if a.ceil_mode || !a.count_include_pad || a.divisor_override.is_some()));
        let printed = Model::parse(&to_repr(&m)).unwrap();
        let r2 = infer(&printed, &x).unwrap();
        let outline = |r: &convlab::core::ops::network::Report| {
            (r.rows.iter().map(|w| (w.output.clone(), w.params.count)).collect::<Vec<_>>(), r.params, r.broken.as_ref().map(|b| (b.index, b.message())))
        };
        if !hidden {
            prop_assert_eq!(outline(&r), outline(&r2));
        }
        for row in &r.rows {
            if let Some([h, w]) = &row.receptive {
                prop_assert!(h.size.num >= 1 && w.size.num >= 1);
            }
        }
        if let Some((row, _, b)) = r.centre_field() {
            let [h, w] = [r.input[r.input.len() - 2], r.input[r.input.len() - 1]];
            prop_assert!(0 <= b.rows[0] && b.rows[0] <= b.rows[1] && b.rows[1] < h, "{row} {b:?}");
            prop_assert!(0 <= b.cols[0] && b.cols[0] <= b.cols[1] && b.cols[1] < w, "{row} {b:?}");
        }
        if let Some(b) = &r.broken {
            if let Some(fix) = &b.fix {
                let after = infer(&fix.apply(&m), &x).unwrap();
                let removed = fix.edits.iter().any(|e| matches!(e, Edit::Remove { .. }));
                let moved = fix.edits.iter().filter(|e| matches!(e, Edit::Insert { .. })).count();
                if let Some(nb) = &after.broken {
                    let index = b.index + moved;
                    if removed {
                        prop_assert!(nb.index >= b.index);
                    } else if b.when == When::Build && b.input.is_none() {
                        prop_assert!(!(nb.when == When::Build && nb.index == index), "{} then {}", fix.text, nb.message());
                    } else {
                        prop_assert!(nb.index > index, "{}: {} then {} at {}\n{src}", b.message(), fix.text, nb.message(), nb.path);
                    }
                }
            }
        }
    }

    #[test]
    fn conv_shapes_agree_with_the_engine(
        n in 1usize..3, c in 1usize..7, h in 1usize..9, w in 1usize..9,
        o in 1i64..4, k in (1i64..5, 1i64..5), s in (-1i64..4, 1i64..4), p in (-1i64..3, 0i64..3),
        d in (prop::sample::select(vec![-1i64, 1, 2]), 1i64..3), g in 1i64..4, pad_kind in 0usize..4, mode in 0usize..4, cin in 1i64..4,
    ) {
        // Only layers nn.Conv2d would build reach the forward rules. (A
        // scene with another padding mode is the module applied to its
        // input, so its constructor sees the input's channels.)
        let (cin, o) = (cin * g, o * g);
        let c = if mode == 0 { c } else { g as usize * (1 + c % 2) };
        let s = if pad_kind == 0 { (1, 1) } else { s };
        let modes = [PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular];
        let (padding, conv_padding) = match pad_kind {
            0 => (Padding::SAME, ConvPadding::Named("same".into())),
            1 => (Padding::VALID, ConvPadding::Named("valid".into())),
            _ => (Padding::Explicit([p.0, p.1]), ConvPadding::Size(Size2::Two(p.0, p.1))),
        };
        let layer = Conv2d {
            in_channels: cin, out_channels: o, kernel_size: Size2::Two(k.0, k.1), stride: Size2::Two(s.0, s.1),
            padding: conv_padding, dilation: Size2::Two(d.0, d.1), groups: g, bias: true,
            padding_mode: modes[mode].as_str().into(),
        };
        let ours = conv2d_shape(&layer, &[n as i64, c as i64, h as i64, w as i64]);
        let scene = Scene::new(Op::Torch(TorchConv {
            input: Array4::zeros((n, c, h, w)),
            args: Conv2dArgs {
                weight: Array4::zeros((o as usize, (cin / g) as usize, k.0 as usize, k.1 as usize)),
                bias: Some(vec![0.0; o as usize]),
                stride: [s.0, s.1], padding, dilation: [d.0, d.1], groups: g, padding_mode: modes[mode],
            },
        }));
        match (ours, Plan::new(&scene)) {
            (Ok(shape), Ok(plan)) => prop_assert_eq!(shape, vec![n as i64, o, plan.out_hw[0] as i64, plan.out_hw[1] as i64]),
            (Err(e), Err(want)) => prop_assert_eq!(e.message(), want.reference_message().unwrap()),
            (a, b) => prop_assert!(false, "network {:?}, engine {:?}", a.map_err(|e| e.message()), b.map(|p| p.out_hw)),
        }
    }

    #[test]
    fn transposed_shapes_agree_with_the_engine(
        n in 1usize..3, c in 1usize..7, h in 1usize..7, w in 1usize..7, cin in 1i64..4, o in 1i64..4,
        k in (1i64..5, 1i64..5), s in (0i64..4, 1i64..4), p in (-1i64..3, 0i64..3), op in (-1i64..3, 0i64..3),
        d in (prop::sample::select(vec![-1i64, 1, 2]), 1i64..3), g in 1i64..4,
    ) {
        let (cin, o) = (cin * g, o * g);
        let layer = ConvTranspose2d {
            in_channels: cin, out_channels: o, kernel_size: Size2::Two(k.0, k.1), stride: Size2::Two(s.0, s.1),
            padding: Size2::Two(p.0, p.1), output_padding: Size2::Two(op.0, op.1), groups: g, bias: true,
            dilation: Size2::Two(d.0, d.1), padding_mode: "zeros".into(),
        };
        let ours = conv_transpose2d_shape(&layer, &[n as i64, c as i64, h as i64, w as i64]);
        let scene = Scene::new(Op::Transpose(TransposeConv {
            input: Array4::zeros((n, c, h, w)),
            weight: Array4::zeros((cin as usize, (o / g) as usize, k.0 as usize, k.1 as usize)),
            bias: Some(vec![0.0; o as usize]),
            stride: [s.0, s.1], padding: [p.0, p.1], output_padding: [op.0, op.1], dilation: [d.0, d.1], groups: g,
            output_size: None,
        }));
        match (ours, Plan::new(&scene)) {
            (Ok(shape), Ok(plan)) => prop_assert_eq!(shape, vec![n as i64, o, plan.out_hw[0] as i64, plan.out_hw[1] as i64]),
            (Err(e), Err(want)) => prop_assert_eq!(e.message(), want.reference_message().unwrap()),
            (a, b) => prop_assert!(false, "network {:?}, engine {:?}", a.map_err(|e| e.message()), b.map(|p| p.out_hw)),
        }
    }
}
