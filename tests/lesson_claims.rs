//! No seams in a lesson (issue 28): a lesson's words agree with its numbers.
//!
//! - every `{fact}` of every step's text resolves on the step's scene (the
//!   numbers come from the engine, not from a hand);
//! - no digit is typed into the words outside a fact, except in phrases a
//!   step lists as literal (code, the lecture's own picture, numbers a
//!   claim checks), and every listed phrase is in the step's words;
//! - every claim of every step ("as it is", "mirrored", "PyTorch refuses",
//!   "agrees with PyTorch", ...) holds for the engine's output, and a
//!   reversed claim fails;
//! - answers hide until revealed; a scene edited away from the step's is
//!   no longer the one the words describe.
//!
//! The engine itself is checked against PyTorch and SciPy in `oracle.rs`,
//! `lecture.rs`, `transpose_lessons.rs` and `stack.rs`.

use convlab::core::content::lessons::claim::{Claim, Setting, Side};
use convlab::core::content::lessons::words::{resolve, say, typed_numbers, Said, HIDDEN};
use convlab::core::content::lessons::{lessons, LessonStep};
use convlab::core::model::edit::Target;
use convlab::core::model::init::conv_init_bound;
use convlab::core::ops::stack::{Stack, StackScene};
use convlab::core::present::compare::count_differences;
use convlab::core::{Op, Padding, Plan, Reference, Scene, Source};
use ndarray::{s, Array4};

fn step(id: &str) -> LessonStep {
    lessons()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

type Checked = Result<(), String>;

fn ensure(ok: bool, why: impl FnOnce() -> String) -> Checked {
    if ok {
        Ok(())
    } else {
        Err(why())
    }
}

fn plan(scene: &Scene) -> Result<Plan, String> {
    Plan::new(scene).map_err(|e| format!("the engine refuses the scene: {e:?}"))
}

fn framed(scene: &Scene, side: Side) -> Result<Array4<f64>, String> {
    Plan::framed(scene, side == Side::Convolution)
        .map(|p| p.output())
        .map_err(|e| format!("{e:?}"))
}

fn same(a: &Array4<f64>, b: &Array4<f64>) -> bool {
    count_differences(a, b) == Some(0)
}

fn stack_scene(scene: &Scene) -> Result<&StackScene, String> {
    scene.stack().ok_or_else(|| "not a stack".to_string())
}

fn stack(scene: &Scene) -> Result<Stack, String> {
    Stack::new(stack_scene(scene)?).map_err(|e| format!("{e:?}"))
}

/// The input and the kernel as `(N, C, H, W)` and `(O, C/g, kH, kW)`.
fn data(scene: &Scene) -> (Array4<f64>, Array4<f64>) {
    let four = |a: &ndarray::Array2<f64>| {
        a.clone()
            .insert_axis(ndarray::Axis(0))
            .insert_axis(ndarray::Axis(0))
    };
    match &scene.op {
        Op::Torch(t) => (t.input.clone(), t.weight.clone()),
        Op::Transpose(t) => (t.input.clone(), t.weight.clone()),
        Op::Convolve(c) | Op::Correlate(c) => (four(&c.in1), four(&c.in2)),
        Op::Sequential(s) => (
            s.input.clone(),
            s.layers[0].as_conv().unwrap().weight.clone(),
        ),
    }
}

/// The conv2d that a transposed convolution is the transpose of, on an
/// input of `hw`: the same weight, stride, padding, dilation and groups.
fn forward_conv(
    scene: &Scene,
    hw: [usize; 2],
    input: Option<Array4<f64>>,
) -> Result<Scene, String> {
    let Op::Transpose(t) = &scene.op else {
        return Err("not a transposed convolution".into());
    };
    let c = t.weight.dim().1 * t.groups as usize;
    let json = serde_json::json!({
        "op": "torch.conv2d",
        "input": vec![vec![vec![vec![0.0; hw[1]]; hw[0]]; c]],
        "weight": serde_json::from_str::<serde_json::Value>(&scene.to_json()).unwrap()["weight"],
        "stride": t.stride, "padding": t.padding, "dilation": t.dilation, "groups": t.groups,
    });
    let mut s = Scene::from_json(&json.to_string()).map_err(|e| format!("{e:?}"))?;
    if let (Op::Torch(conv), Some(x)) = (&mut s.op, input) {
        conv.input = x;
    }
    Ok(s)
}

/// What a setting is in the scene as written.
fn setting(scene: &Scene, what: Setting) -> Result<usize, String> {
    let pair = |v: [i64; 2]| {
        ensure(v[0] == v[1], || format!("{v:?} differs by axis")).map(|_| v[0] as usize)
    };
    let padding = |p: Padding| match p {
        Padding::Explicit(v) => pair(v),
        _ => Err(format!("{p:?} is not a number")),
    };
    match (&scene.op, what) {
        (Op::Sequential(s), Setting::Layers) => Ok(s.layers.len()),
        (Op::Sequential(s), Setting::InChannels) => Ok(s.input.dim().1),
        (Op::Torch(t), Setting::InChannels) => Ok(t.input.dim().1),
        (Op::Torch(t), Setting::OutChannels) => Ok(t.weight.dim().0),
        (Op::Torch(t), Setting::Groups) => Ok(t.groups as usize),
        (Op::Torch(t), Setting::Stride) => pair(t.stride),
        (Op::Torch(t), Setting::Padding) => padding(t.padding),
        (Op::Torch(t), Setting::Dilation) => pair(t.dilation),
        (Op::Transpose(t), Setting::Stride) => pair(t.stride),
        (Op::Transpose(t), Setting::Padding) => pair(t.padding),
        (Op::Transpose(t), Setting::OutputPadding) => pair(t.output_padding),
        (Op::Transpose(t), Setting::Dilation) => pair(t.dilation),
        (Op::Transpose(t), Setting::Groups) => Ok(t.groups as usize),
        (_, Setting::Kernel) => {
            let (_, _, kh, kw) = data(scene).1.dim();
            ensure(kh == kw, || format!("{kh}x{kw} is not square")).map(|_| kh)
        }
        (op, w) => Err(format!("{w:?} is not a setting of {}", op.kind().name())),
    }
}

fn per_layer(scene: &Scene, what: Setting) -> Result<Vec<usize>, String> {
    let s = stack_scene(scene)?;
    s.layers
        .iter()
        .map(|l| {
            let one = StackScene::new(s.input.clone(), vec![l.clone()]).scene();
            let l = l.as_conv().ok_or("a pool layer")?;
            let (_, _, kh, kw) = l.weight.dim();
            match what {
                Setting::Kernel if kh == kw => Ok(kh),
                Setting::Stride if l.stride[0] == l.stride[1] => Ok(l.stride[0] as usize),
                Setting::Dilation if l.dilation[0] == l.dilation[1] => Ok(l.dilation[0] as usize),
                _ => Err(format!("{what:?} of {one:?}")),
            }
        })
        .collect()
}

/// Whether `scene` is refused by PyTorch's own rules (not ConvLab's caps).
fn refused_by_pytorch(scene: &Scene) -> Result<bool, String> {
    let verdict = match scene.stack() {
        Some(s) => Stack::new(s)
            .err()
            .map(|e| (e.reference(), e.reference_message())),
        None => Plan::new(scene)
            .err()
            .map(|e| (e.reference(), e.reference_message())),
    };
    match verdict {
        None => Ok(false),
        Some((Reference::PyTorch, Some(_))) => Ok(true),
        Some(other) => Err(format!("refused, but not by PyTorch: {other:?}")),
    }
}

/// Output row 0 of channel 0 between its first and last nonzero value.
fn nonzero_run(out: &Array4<f64>) -> Vec<f64> {
    let row: Vec<f64> = out.slice(s![0, 0, 0, ..]).to_vec();
    let first = row.iter().position(|v| *v != 0.0).unwrap_or(row.len());
    let last = row.iter().rposition(|v| *v != 0.0).map_or(0, |k| k + 1);
    row.get(first..last.max(first)).unwrap_or(&[]).to_vec()
}

/// Check one claim of a step against the engine's results for `scene`.
fn check(scene: &Scene, claim: &Claim) -> Checked {
    match *claim {
        Claim::Computes(side) => {
            let own = plan(scene)?.output();
            let other = if side == Side::Convolution {
                Side::CrossCorrelation
            } else {
                Side::Convolution
            };
            ensure(same(&own, &framed(scene, side)?), || {
                format!("the output is not the {side:?}'s")
            })?;
            ensure(!same(&own, &framed(scene, other)?), || {
                format!("the {side:?} and the {other:?} agree here")
            })
        }
        Claim::Copies { side, mirrored } => {
            let (input, weight) = data(scene);
            let plane = input.slice(s![0, 0, .., ..]);
            let lines: Vec<usize> = (0..plane.ncols())
                .filter(|j| plane.column(*j).iter().any(|v| *v != 0.0))
                .collect();
            ensure(
                lines.len() == 1 && plane.column(lines[0]).iter().all(|v| *v == 1.0),
                || "the input is not one line of ones".into(),
            )?;
            let k = weight.slice(s![0, 0, .., ..]);
            let sums: Vec<f64> = (0..k.ncols()).map(|b| k.column(b).sum()).collect();
            let reversed: Vec<f64> = sums.iter().rev().copied().collect();
            ensure(sums != reversed, || {
                "a symmetric kernel cannot tell mirrored from as it is".into()
            })?;
            let want = if mirrored { reversed } else { sums };
            let got = nonzero_run(&framed(scene, side)?);
            ensure(got == want, || {
                format!(
                    "the {side:?} gives {got:?}; the kernel {} is {want:?}",
                    if mirrored { "mirrored" } else { "as it is" }
                )
            })
        }
        Claim::FlipNegates => {
            let (a, b) = (
                framed(scene, Side::Convolution)?,
                framed(scene, Side::CrossCorrelation)?,
            );
            ensure(
                a.iter().any(|v| *v != 0.0) && same(&a, &b.mapv(|v| -v)),
                || "flipping does not negate".into(),
            )
        }
        Claim::NonzeroWhereWindowVaries => {
            let p = plan(scene)?;
            ensure(
                p.pads.is_zero() && p.stride == [1, 1] && p.dilation == [1, 1],
                || "not a plain valid pass".into(),
            )?;
            let out = p.output();
            let [kh, kw] = p.kernel_hw();
            let (mut edges, mut flats) = (0, 0);
            for ((_, o, i, j), v) in out.indexed_iter() {
                let window = p.input.slice(s![0, p.channels_of(o), i..i + kh, j..j + kw]);
                let first = window.iter().next().copied();
                let varies = window.iter().any(|x| Some(*x) != first);
                ensure(varies == (v.abs() > 1e-12), || {
                    format!("output [{o}, {i}, {j}] = {v}, window varies: {varies}")
                })?;
                if varies {
                    edges += 1
                } else {
                    flats += 1
                }
            }
            ensure(edges > 0 && flats > 0, || {
                "no edge, or nothing but edge".into()
            })
        }
        Claim::Agrees { side, step: id } => {
            let theirs = plan(&step(id).scene())?.output();
            ensure(same(&framed(scene, side)?, &theirs), || {
                format!("the {side:?} differs from {id}'s output")
            })
        }
        Claim::SameDataAs(id) => ensure(data(scene) == data(&step(id).scene()), || {
            format!("not {id}'s input and kernel")
        }),
        Claim::SameOutputAs(id) => ensure(
            same(&plan(scene)?.output(), &plan(&step(id).scene())?.output()),
            || format!("not {id}'s output"),
        ),
        Claim::InputIsOutputOf(id) => {
            ensure(data(scene).0 == plan(&step(id).scene())?.output(), || {
                format!("the input is not {id}'s output")
            })
        }
        Claim::LosesRing => {
            let p = plan(scene)?;
            let [h, w] = p.input_hw();
            ensure(
                p.kernel_hw() == [3, 3] && p.out_hw == [h - 2, w - 2],
                || format!("{:?} from {h}x{w}", p.out_hw),
            )
        }
        Claim::KeepsSize => {
            let p = plan(scene)?;
            ensure(p.out_hw == p.input_hw(), || {
                format!("{:?} from {:?}", p.out_hw, p.input_hw())
            })
        }
        Claim::InventedRing { value } => {
            let p = plan(scene)?;
            let [hp, wp] = p.padded_hw();
            for y in 0..hp {
                for x in 0..wp {
                    let (v, src) = p.padded_cell(0, 0, y, x);
                    ensure(!src.is_invented() || v == value, || {
                        format!("invented cell ({y}, {x}) holds {v}")
                    })?;
                }
            }
            let [kh, kw] = p.kernel_hw();
            let [ho, wo] = p.out_hw;
            for i in 0..ho {
                for j in 0..wo {
                    let reads = (0..kh).any(|a| {
                        (0..kw).any(|b| {
                            p.padded_cell(
                                0,
                                0,
                                i * p.stride[0] + a * p.dilation[0],
                                j * p.stride[1] + b * p.dilation[1],
                            )
                            .1
                            .is_invented()
                        })
                    });
                    let ring = i == 0 || j == 0 || i + 1 == ho || j + 1 == wo;
                    ensure(reads == ring, || {
                        format!("output ({i}, {j}) reads invented: {reads}, on the ring: {ring}")
                    })?;
                }
            }
            Ok(())
        }
        Claim::MirroredBorder => {
            let p = plan(scene)?;
            let [h, w] = p.input_hw();
            let mirror = |v: i64, n: usize| {
                if v < 0 {
                    (-v - 1) as usize
                } else if v >= n as i64 {
                    2 * n - 1 - v as usize
                } else {
                    v as usize
                }
            };
            let [hp, wp] = p.padded_hw();
            let mut copies = 0;
            for y in 0..hp {
                for x in 0..wp {
                    let want = [
                        mirror(y as i64 - p.pads.top as i64, h),
                        mirror(x as i64 - p.pads.left as i64, w),
                    ];
                    match p.padded_cell(0, 0, y, x).1 {
                        Source::Real(at) => ensure(at == want, || format!("({y}, {x})"))?,
                        Source::Copy(at) => {
                            copies += 1;
                            ensure(at == want, || {
                                format!("({y}, {x}) copies {at:?}, the mirror is {want:?}")
                            })?
                        }
                        other => return Err(format!("({y}, {x}) is {other:?}")),
                    }
                }
            }
            ensure(copies > 0, || "no border".into())
        }
        Claim::Refused => ensure(refused_by_pytorch(scene)?, || "PyTorch accepts it".into()),
        Claim::Accepted => ensure(!refused_by_pytorch(scene)?, || "PyTorch refuses it".into()),
        Claim::Is(what, v) => {
            let got = setting(scene, what)?;
            ensure(got == v, || format!("{what:?} is {got}, not {v}"))
        }
        Claim::PerLayer(what, want) => {
            let got = per_layer(scene, what)?;
            ensure(got == want, || {
                format!("{what:?} per layer is {got:?}, not {want:?}")
            })
        }
        Claim::Reads {
            output,
            first,
            last,
        } => {
            let got = plan(scene)?.channels_of(output);
            ensure(got == (first..last + 1), || {
                format!("output channel {output} reads {got:?}")
            })
        }
        Claim::Depthwise => {
            let p = plan(scene)?;
            ensure(p.out_channels() == p.in_channels(), || {
                "channel counts differ".into()
            })?;
            (0..p.out_channels()).try_for_each(|o| {
                ensure(p.channels_of(o) == (o..o + 1), || {
                    format!("output {o} reads {:?}", p.channels_of(o))
                })
            })
        }
        Claim::WithinInitBound => {
            let (_, w) = data(scene);
            let (_, cg, kh, kw) = w.dim();
            let b = conv_init_bound(cg, kh, kw);
            ensure(
                w.iter().all(|v| v.abs() <= b) && w.iter().any(|v| *v != 0.0),
                || format!("a weight beyond +-{b}"),
            )
        }
        Claim::NoBias => ensure(
            matches!(&scene.op, Op::Torch(t) if t.bias.is_none()),
            || "a bias".into(),
        ),
        Claim::EqualWeights => {
            let (_, w) = data(scene);
            ensure(w.iter().all(|v| *v == w[[0, 0, 0, 0]]), || {
                "weights differ".into()
            })
        }
        Claim::After(edit, then) => {
            check(&edit.apply(scene), then).map_err(|e| format!("after {edit:?}: {e}"))
        }
        Claim::ConvUndoesShape => {
            let p = plan(scene)?;
            let [rh, rw] = p.size_ranges().ok_or("no size range")?;
            for h in rh.min..=rh.max {
                for w in rw.min..=rw.max {
                    let back = plan(&forward_conv(scene, [h as usize, w as usize], None)?)?;
                    ensure(back.out_hw == p.input_hw(), || {
                        format!("conv2d takes {h}x{w} to {:?}", back.out_hw)
                    })?;
                }
            }
            Ok(())
        }
        Claim::NotAnInverse => {
            let p = plan(scene)?;
            let out = p.output();
            let (_, _, h, w) = out.dim();
            let back = plan(&forward_conv(scene, [h, w], Some(out))?)?.output();
            ensure(!same(&back, &p.input), || {
                "conv2d gives the input back".into()
            })
        }
        Claim::MatrixIsTranspose => {
            let p = plan(scene)?;
            let m = p.matrix(0, 0).map_err(|e| format!("{e:?}"))?;
            let conv = plan(&forward_conv(scene, p.out_hw, None)?)?
                .matrix(0, 0)
                .map_err(|e| format!("{e:?}"))?;
            ensure(m == conv.transposed(), || {
                "not the conv2d's matrix transposed".into()
            })
        }
        Claim::ColumnsHoldKernel => {
            let p = plan(scene)?;
            let m = p.matrix(0, 0).map_err(|e| format!("{e:?}"))?;
            let sorted = |mut v: Vec<f64>| {
                v.retain(|x| *x != 0.0);
                v.sort_by(f64::total_cmp);
                v
            };
            let kernel = sorted(
                data(scene)
                    .1
                    .slice(s![0, 0, .., ..])
                    .iter()
                    .copied()
                    .collect(),
            );
            (0..m.cols).try_for_each(|c| {
                let col = sorted((0..m.rows).filter_map(|r| m.get(r, c)).collect());
                ensure(col == kernel, || format!("column {c} holds {col:?}"))
            })
        }
        Claim::Coverage { even } => {
            let p = plan(scene)?;
            let hits = p.scatter_hits(p.scatter_frame_count()).ok_or("no stamps")?;
            let Op::Transpose(t) = &scene.op else {
                return Err("not a transposed convolution".into());
            };
            // Output rows (and columns) where every stamp that could land
            // does: not near an edge of the input's stamps.
            let band = |a: usize| {
                let n = p.input_hw()[a] as i64;
                let k = (
                    t.dilation[a] * (p.kernel_hw()[a] as i64 - 1) + 1,
                    t.stride[a],
                    t.padding[a],
                );
                let (lo, hi) = (k.0 - 1 - k.2, n * k.1 - 1 - k.2);
                (lo.max(0) as usize..=hi.min(p.out_hw[a] as i64 - 1) as usize).collect::<Vec<_>>()
            };
            let (rows, cols) = (band(0), band(1));
            let inner: Vec<u32> = rows
                .iter()
                .flat_map(|y| cols.iter().map(|x| hits[[0, 0, *y, *x]]))
                .collect();
            ensure(!inner.is_empty(), || "no inner cells".into())?;
            let uniform = inner.iter().all(|v| *v == inner[0]);
            ensure(uniform == even, || format!("inner stamp counts {inner:?}"))
        }
        Claim::ScatterIsGather => {
            let p = plan(scene)?;
            let scattered = p
                .scatter_output(p.scatter_frame_count())
                .ok_or("no scatter")?;
            ensure(same(&scattered, &p.output()), || {
                "scatter and gather differ".into()
            })
        }
        Claim::OutputPaddingStamped => {
            let p = plan(scene)?;
            let hits = p.scatter_hits(p.scatter_frame_count()).ok_or("no stamps")?;
            let [ho, wo] = p.out_hw;
            let rows: Vec<usize> = (0..ho)
                .filter(|y| p.added_by_output_padding(0, *y))
                .collect();
            let cols: Vec<usize> = (0..wo)
                .filter(|x| p.added_by_output_padding(1, *x))
                .collect();
            ensure(!rows.is_empty() && !cols.is_empty(), || {
                "output_padding adds nothing".into()
            })?;
            ensure(
                rows.iter()
                    .all(|y| hits.slice(s![0, 0, *y, ..]).iter().any(|h| *h > 0)),
                || "an added row gets no stamp".into(),
            )?;
            ensure(
                cols.iter()
                    .all(|x| hits.slice(s![0, 0, .., *x]).iter().any(|h| *h > 0)),
                || "an added column gets no stamp".into(),
            )
        }
        Claim::Doubles => {
            let p = plan(scene)?;
            let [h, w] = p.input_hw();
            ensure(p.out_hw == [2 * h, 2 * w], || {
                format!("{:?} from {h}x{w}", p.out_hw)
            })
        }
        Claim::NoBorder => ensure(
            stack(scene)?.border_maps().iter().all(|m| m.count == 0),
            || "an output touches the border".into(),
        ),
        Claim::BorderRings => {
            for m in stack(scene)?.border_maps() {
                let (h, w) = m.map.dim();
                for ((i, j), v) in m.map.indexed_iter() {
                    let ring = i.min(j).min(h - 1 - i).min(w - 1 - j);
                    ensure((*v > 0) == (ring <= m.layer), || {
                        format!("layer {}: ({i}, {j})", m.layer)
                    })?;
                }
            }
            Ok(())
        }
        Claim::PathsKept(cell) => {
            let st = stack(scene)?;
            let f = st
                .receptive_field(st.len() - 1, cell)
                .ok_or("no such cell")?;
            let all: u128 = st
                .plans()
                .iter()
                .map(|p| (p.kernel_hw()[0] * p.kernel_hw()[1]) as u128)
                .product();
            let got: u128 = f.input_paths().iter().sum();
            ensure(got == all, || {
                format!("{got} of {all} paths land on real pixels")
            })
        }
        Claim::FieldAtCorner(cell) => {
            let st = stack(scene)?;
            let f = st
                .receptive_field(st.len() - 1, cell)
                .ok_or("no such cell")?;
            let [[t, _], [l, _]] = f.bounds(0).ok_or("an empty field")?;
            ensure([t, l] == [0, 0], || {
                format!("the field starts at ({t}, {l})")
            })
        }
        Claim::Field {
            cell,
            gaps,
            overlaps,
        } => {
            let st = stack(scene)?;
            let f = st
                .receptive_field(st.len() - 1, cell)
                .ok_or("no such cell")?;
            let [[t, b], [l, r]] = f.bounds(0).ok_or("an empty field")?;
            let inside = f.input_paths().slice(s![t..=b, l..=r]).to_owned();
            let got = (
                inside.iter().any(|v| *v == 0),
                inside.iter().any(|v| *v > 1),
            );
            ensure(got == (gaps, overlaps), || {
                format!("(gaps, overlaps) are {got:?}")
            })?;
            let size = st.receptive_size(st.len() - 1).ok_or("no size")?[0]
                .total
                .value;
            ensure(b - t + 1 == size && r - l + 1 == size, || {
                format!("the field is not {size}x{size}")
            })
        }
    }
}

/// The title, body and try-this of a step.
fn texts(s: &LessonStep) -> [&'static str; 3] {
    [s.title, s.body, s.try_this]
}

#[test]
fn every_fact_in_every_lesson_comes_from_the_engine() {
    for s in lessons() {
        let scene = s.scene();
        for text in texts(&s) {
            for said in resolve(text, &scene) {
                assert!(
                    !matches!(said, Said::Missing(_)),
                    "{}: {said:?} in {text:?}",
                    s.id
                );
            }
        }
    }
}

#[test]
fn no_number_is_typed_into_a_lesson_outside_its_facts() {
    for s in lessons() {
        for text in texts(&s) {
            let typed = typed_numbers(text, s.literal);
            assert!(
                typed.is_empty(),
                "{}: {typed:?} typed by hand in {text:?}",
                s.id
            );
        }
        for phrase in s.literal {
            assert!(
                texts(&s).iter().any(|t| t.contains(phrase)),
                "{}: literal {phrase:?} is not in its words",
                s.id
            );
            assert!(
                phrase.chars().any(|c| c.is_ascii_digit()),
                "{}: literal {phrase:?} has no number",
                s.id
            );
        }
    }
}

#[test]
fn every_claim_of_every_lesson_holds() {
    let mut failed = Vec::new();
    for s in lessons() {
        let scene = s.scene();
        for claim in s.claims {
            if let Err(e) = check(&scene, claim) {
                failed.push(format!("{} ({}): {claim:?}: {e}", s.id, s.title));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "lessons whose words and numbers disagree:\n{}",
        failed.join("\n")
    );
}

#[test]
fn a_reversed_claim_fails() {
    let xcorr = step("xcorr").scene();
    // Issue 28's own mistake: cross-correlation does not copy the kernel as it is.
    assert!(check(
        &xcorr,
        &Claim::Copies {
            side: Side::CrossCorrelation,
            mirrored: false
        }
    )
    .is_err());
    assert!(check(
        &xcorr,
        &Claim::Copies {
            side: Side::Convolution,
            mirrored: true
        }
    )
    .is_err());
    assert!(check(&xcorr, &Claim::Computes(Side::Convolution)).is_err());
    assert!(check(
        &step("xcorr-scipy").scene(),
        &Claim::Agrees {
            side: Side::Convolution,
            step: "xcorr"
        }
    )
    .is_err());
    assert!(check(&step("groups-illegal").scene(), &Claim::Accepted).is_err());
    assert!(check(&step("definition").scene(), &Claim::Refused).is_err());
    assert!(check(
        &step("modes-same").scene(),
        &Claim::InventedRing { value: 1.0 }
    )
    .is_err());
    assert!(check(
        &step("up-k4-s2-p1").scene(),
        &Claim::Coverage { even: false }
    )
    .is_err());
    assert!(check(&step("stack-zeros").scene(), &Claim::PathsKept([0, 0])).is_err());
    assert!(check(&step("stack-zeros").scene(), &Claim::FieldAtCorner([7, 7])).is_err());
    assert!(check(
        &step("stack-dilated").scene(),
        &Claim::Field {
            cell: [0, 0],
            gaps: true,
            overlaps: false
        }
    )
    .is_err());
    assert!(check(
        &step("groups-2").scene(),
        &Claim::Reads {
            output: 2,
            first: 0,
            last: 1
        }
    )
    .is_err());
}

#[test]
fn the_words_of_issue_28_now_say_what_the_engine_computes() {
    let s = step("xcorr");
    let text = say(s.body, &s.scene(), true);
    let conv = nonzero_run(&framed(&s.scene(), Side::Convolution).unwrap());
    assert_eq!(
        conv,
        [3.0, 6.0, 9.0],
        "the kernel [1 2 3], three rows of it, as it is"
    );
    assert!(
        text.contains("A true convolution copies the kernel as it is: [0, 0, 3, 6, 9, 0]"),
        "{text}"
    );
    assert!(
        text.contains("A cross-correlation copies it mirrored: [0, 0, 9, 6, 3, 0]"),
        "{text}"
    );
    assert!(text.contains("PyTorch gives [0, 0, 9, 6, 3, 0]"), "{text}");
}

#[test]
fn answers_hide_until_revealed_and_the_rest_stays() {
    let mut hiding = 0;
    for s in lessons() {
        let scene = s.scene();
        for text in texts(&s) {
            let said = resolve(text, &scene);
            let hidden: String = said.iter().map(|p| p.text(false)).collect();
            for p in &said {
                match p {
                    Said::Answer(v) => {
                        hiding += 1;
                        assert!(hidden.contains(HIDDEN), "{}: {v} shows in {hidden:?}", s.id);
                    }
                    Said::Shown(v) => assert!(hidden.contains(v.as_str()), "{}", s.id),
                    Said::Missing(m) => panic!("{}: {m}", s.id),
                }
            }
        }
    }
    assert!(hiding >= 10, "{hiding} answers quoted");
    // Output values and difference counts are answers; shapes and the kernel are not.
    let s = step("xcorr-scipy");
    let hidden = say(s.body, &s.scene(), false);
    assert!(
        !hidden.contains("[0, 0, 3, 6, 9, 0]") && !hidden.contains("12 of 36"),
        "{hidden}"
    );
    let s = step("definition");
    let hidden = say(s.body, &s.scene(), false);
    assert!(
        hidden.contains("8x8") && hidden.contains("6x6") && hidden.contains(HIDDEN),
        "{hidden}"
    );
}

#[test]
fn an_edited_scene_is_no_longer_the_one_the_words_describe() {
    for s in lessons() {
        let mut scene = s.scene();
        scene.title = Some("renamed".into());
        scene.step = Some(5);
        scene.view = Some("compare".into());
        assert!(
            s.describes(&scene),
            "{}: title, step and view do not change the words",
            s.id
        );
        let t = if scene.stack().is_some() {
            Target::Layer(0)
        } else {
            Target::Input
        };
        let v = scene.value(t, [0, 0, 0, 0]).unwrap();
        scene.set_value(t, [0, 0, 0, 0], v + 1.0);
        assert!(!s.describes(&scene), "{}: an edited value", s.id);
    }
}
