//! Figures (`core::export::figure`): each parses as XML, and the numbers in
//! its `<text>` elements are the engine's values written as the grids
//! write them (`present::display::compact`), for a conv2d with stride,
//! padding and bias, groups and a batch, a transposed convolution (gathered
//! and scattered), SciPy in the compare view, the matrix view, a stack, a
//! refused scene, a large picture-like scene, hidden answers and the
//! network page's table. The figures are written to
//! `target/figures/` to look at.

use std::collections::BTreeMap;

use convlab::core::content::networks::{network_presets, shape_text};
use convlab::core::export::figure::{self, Figure, Options};
use convlab::core::ops::network::{infer, Model};
use convlab::core::ops::stack::Stack;
use convlab::core::present::display::compact;
use convlab::core::{Op, Plan, Scene};
use ndarray::Array4;

fn scene(json: &str) -> Scene {
    Scene::from_json(json).expect("a valid scene")
}

fn save(name: &str, f: &Figure) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/figures");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{name}.svg")), &f.svg);
}

/// The text of every `<text data-role=role>`, by `data-index`; panics when
/// the SVG is not XML or an index is drawn twice.
fn numbers(svg: &str, role: &str) -> BTreeMap<String, String> {
    let doc = roxmltree::Document::parse(svg).expect("the figure parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let mut out = BTreeMap::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        if t.attribute("data-role") == Some(role) {
            let idx = t
                .attribute("data-index")
                .expect("a number has its index")
                .to_string();
            let text = t.text().unwrap_or("").to_string();
            assert!(out.insert(idx.clone(), text).is_none(), "{idx} drawn twice");
        }
    }
    out
}

/// The caption's lines (the call first).
fn caption(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("XML");
    doc.descendants()
        .filter(|n| n.attribute("data-caption").is_some())
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// Every value of `out` as the grids write it, by `n,c,i,j`.
fn expected(out: &Array4<f64>) -> BTreeMap<String, String> {
    out.indexed_iter()
        .map(|((n, c, i, j), v)| (format!("{n},{c},{i},{j}"), compact(*v)))
        .collect()
}

#[test]
fn a_conv2d_with_stride_padding_and_bias() {
    let s = scene(
        r#"{"op": "torch.conv2d",
        "input": [[[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [0.5, -1.25, 2, 0, 3], [1, 1, 1, 1, 1], [2, 0, -2, 0, 2]]]],
        "weight": [[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]], [[[0.1, 0.2, 0.3], [0, 0, 0], [-0.3, -0.2, -0.1]]]],
        "bias": [0.5, -1], "stride": [2, 2], "padding": [1, 1], "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"}"#,
    );
    let f = figure::lab(
        &s,
        &Options {
            step: 4,
            hidden: None,
        },
    );
    save("lab-conv2d", &f);
    let out = Plan::new(&s).expect("valid").output();
    assert_eq!(numbers(&f.svg, "output"), expected(&out));
    // The weight as written and the padded input (7x7 with the zeros).
    assert_eq!(numbers(&f.svg, "weight").len(), 18);
    assert_eq!(numbers(&f.svg, "input").len(), 49);
    assert_eq!(numbers(&f.svg, "weight")["1,0,0,1"], "0.2");
    let cap = caption(&f.svg);
    assert_eq!(
        cap[0],
        "F.conv2d(input, weight, bias, stride=(2, 2), padding=(1, 1))"
    );
    assert!(
        cap.iter()
            .any(|l| l == "input (1, 1, 5, 5), weight (2, 1, 3, 3), output (1, 2, 3, 3)"),
        "{cap:?}"
    );
    // Frame 4 (0-based) writes output[0, 0, 1, 1]: its cell is marked, and
    // the window sits on the input.
    assert!(f.svg.contains("data-role=\"cursor\""));
    assert!(f.svg.contains("data-role=\"window\""));
    assert!(f.svg.contains("fill=\"#ffffff\""), "a white background");
    assert!(f.width > 0.0 && f.height > 0.0);
}

#[test]
fn groups_and_a_batch() {
    let input: Vec<Vec<Vec<Vec<f64>>>> = (0..2)
        .map(|n| {
            (0..4)
                .map(|c| {
                    (0..4)
                        .map(|i| {
                            (0..4)
                                .map(|j| ((n * 7 + c * 3 + i * 2 + j) % 5) as f64 - 2.0)
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let weight: Vec<Vec<Vec<Vec<f64>>>> = (0..4)
        .map(|o| {
            (0..2)
                .map(|c| {
                    (0..2)
                        .map(|i| {
                            (0..2)
                                .map(|j| ((o + c + i + j) % 3) as f64 * 0.5 - 0.5)
                                .collect()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let json = serde_json::json!({"op": "torch.conv2d", "input": input, "weight": weight, "bias": null,
        "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 2, "padding_mode": "zeros"});
    let s = scene(&json.to_string());
    let f = figure::lab(&s, &Options::default());
    save("lab-groups-batch", &f);
    let out = Plan::new(&s).expect("valid").output();
    // 2 items x 4 channels: 8 grids, every value.
    assert_eq!(numbers(&f.svg, "output"), expected(&out));
    let cap = caption(&f.svg);
    assert_eq!(cap[0], "F.conv2d(input, weight, groups=2)");
    assert!(
        cap.iter()
            .any(|l| l == "The input drawn is batch item 0 of 2, the one the frame reads."),
        "{cap:?}"
    );
    // Frame 40 writes output[1, 0, 1, 1]: batch item 1's input is drawn.
    let later = figure::lab(
        &s,
        &Options {
            step: 40,
            hidden: None,
        },
    );
    assert_eq!(
        numbers(&later.svg, "input")
            .keys()
            .next()
            .map(String::as_str),
        Some("1,0,0,0")
    );
}

#[test]
fn a_transposed_convolution() {
    let s = scene(
        r#"{"op": "torch.conv_transpose2d", "input": [[[[1, 2], [3, 4]]]],
        "weight": [[[[1, -1], [0.5, 2]]]], "bias": [0.25], "stride": [2, 2], "padding": [0, 0],
        "output_padding": [1, 1], "dilation": [1, 1], "groups": 1}"#,
    );
    let f = figure::lab(
        &s,
        &Options {
            step: 3,
            hidden: None,
        },
    );
    save("lab-transpose", &f);
    let out = Plan::new(&s).expect("valid").output();
    assert_eq!(out.dim(), (1, 1, 5, 5));
    assert_eq!(numbers(&f.svg, "output"), expected(&out));
    assert_eq!(
        caption(&f.svg)[0],
        "F.conv_transpose2d(input, weight, bias, stride=(2, 2), output_padding=(1, 1))"
    );
    assert!(f.svg.contains("spread by the stride, padded"));
}

#[test]
fn a_refused_scene_says_why_and_draws_no_output() {
    // 3 input channels cannot be split into 2 groups.
    let s = scene(
        r#"{"op": "torch.conv2d", "input": [[[[1]], [[2]], [[3]]]], "weight": [[[[1]]], [[[1]]]],
        "bias": null, "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 2, "padding_mode": "zeros"}"#,
    );
    let err = Plan::new(&s).expect_err("PyTorch refuses it");
    let f = figure::lab(&s, &Options::default());
    save("lab-refused", &f);
    assert!(numbers(&f.svg, "output").is_empty());
    assert!(f.svg.contains("data-role=\"refused\""));
    assert!(f.svg.contains("PyTorch refuses this"));
    let cap = caption(&f.svg);
    assert_eq!(cap[0], "F.conv2d(input, weight, groups=2)");
    let said = err.reference_message().expect("PyTorch's message");
    assert!(
        cap.iter().any(|l| l.contains(&said)),
        "{cap:?} lacks {said}"
    );
    // The compare view of it, too.
    let c = figure::compare(&s, &Options::default());
    assert!(c.svg.contains("data-role=\"refused\""));
}

#[test]
fn scipy_compared_flipped_and_unflipped() {
    let s = scene(
        r#"{"op": "scipy.convolve2d", "in1": [[1, 2, 0], [0, 3, 1], [4, 0, 2]],
        "in2": [[1, 2], [0, -1]], "mode": "full", "boundary": "fill", "fillvalue": 0}"#,
    );
    let f = figure::compare(&s, &Options::default());
    save("compare-scipy", &f);
    let own = Plan::framed(&s, true).expect("valid").output();
    let other = Plan::framed(&s, false).expect("valid").output();
    assert_eq!(numbers(&f.svg, "output"), expected(&own));
    assert_eq!(numbers(&f.svg, "compare"), expected(&other));
    assert_ne!(expected(&own), expected(&other));
    let cap = caption(&f.svg);
    assert_eq!(cap[0], "scipy.signal.convolve2d(in1, in2, mode='full')");
    assert!(
        cap.iter().any(|l| l.starts_with("The outputs differ in")),
        "{cap:?}"
    );
    assert!(
        f.svg.contains("stroke-dasharray"),
        "differing cells are marked"
    );
}

#[test]
fn a_stack_of_a_conv_and_a_pool() {
    let s = scene(
        r#"{"op": "torch.sequential",
        "input": [[[[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], [0, 1, 0, 1, 0, 1], [2, 2, 2, 2, 2, 2], [1, 0, -1, 0, 1, 0], [3, 1, 4, 1, 5, 9]]]],
        "layers": [
          {"weight": [[[[1, 0], [0, -1]]], [[[0.5, 0.5], [0.5, 0.5]]]], "bias": [0.1, 0], "stride": [1, 1], "padding": [1, 1], "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"},
          {"pool": "max", "kernel_size": [2, 2]}
        ]}"#,
    );
    let Op::Sequential(ss) = &s.op else {
        panic!("a stack")
    };
    let st = Stack::new(ss).expect("valid");
    let f = figure::stack(
        &s,
        &Options {
            step: 10,
            hidden: None,
        },
    );
    save("stack", &f);
    assert_eq!(numbers(&f.svg, "output"), expected(st.output()));
    let level1 = st.level(1).expect("level 1");
    assert_eq!(numbers(&f.svg, "level0").len(), 36);
    assert_eq!(numbers(&f.svg, "level1"), expected(level1));
    let cap = caption(&f.svg);
    assert_eq!(cap[0], "nn.Sequential(");
    assert!(
        cap[2].starts_with("  (1): MaxPool2d(kernel_size=(2, 2)")
            || cap[2].starts_with("  (1): MaxPool2d(kernel_size=2"),
        "{cap:?}"
    );
    assert!(f.svg.contains("data-role=\"window\""));
}

#[test]
fn a_stack_hides_what_it_has_not_computed_yet() {
    let s = scene(
        r#"{"op": "torch.sequential",
        "input": [[[[1, 2, 3, 4], [4, 3, 2, 1], [0, 1, 0, 1], [2, 2, 2, 2]]]],
        "layers": [
          {"weight": [[[[1, 0], [0, -1]]]], "bias": null, "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"},
          {"pool": "max", "kernel_size": [2, 2], "stride": [1, 1]}
        ]}"#,
    );
    let Op::Sequential(ss) = &s.op else {
        panic!("a stack")
    };
    let st = Stack::new(ss).expect("valid");
    // Never called for a stack: the stack's own timeline decides.
    let hide = |_: &Plan, _: [usize; 4]| true;
    let at = |step: usize| {
        figure::stack(
            &s,
            &Options {
                step,
                hidden: Some(&hide),
            },
        )
    };
    // Step 4 of 9 + 4: the conv has written its first five cells (3x3 out),
    // the pool nothing; the input is never hidden.
    let f = at(4);
    assert_eq!(numbers(&f.svg, "level0").len(), 16);
    let level1 = numbers(&f.svg, "level1");
    assert_eq!(
        level1.keys().cloned().collect::<Vec<_>>(),
        ["0,0,0,0", "0,0,0,1", "0,0,0,2", "0,0,1,0", "0,0,1,1"]
    );
    let all = expected(st.level(1).expect("level 1"));
    assert!(level1.iter().all(|(k, v)| all[k] == *v), "{level1:?}");
    assert!(numbers(&f.svg, "output").is_empty());
    // Step 10: the pool's second cell.
    assert_eq!(numbers(&at(10).svg, "output").len(), 2);
    // The last step shows every level.
    let last = st.timeline().frame_count() - 1;
    assert_eq!(last, 12);
    let f = at(last);
    assert_eq!(numbers(&f.svg, "level1"), all);
    assert_eq!(numbers(&f.svg, "output"), expected(st.output()));
}

#[test]
fn a_large_output_is_a_picture_and_the_caption_says_so() {
    let input: Vec<Vec<f64>> = (0..128)
        .map(|i| (0..128).map(|j| ((i * j) % 256) as f64 / 255.0).collect())
        .collect();
    let json = serde_json::json!({"op": "torch.conv2d", "input": [[input]], "weight": [[[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]],
        "bias": null, "stride": [1, 1], "padding": [1, 1], "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"});
    let s = scene(&json.to_string());
    let f = figure::lab(&s, &Options::default());
    save("lab-picture", &f);
    assert!(numbers(&f.svg, "output").is_empty());
    assert!(f.svg.contains("<image"));
    assert!(f.svg.contains("data:image/png;base64,"));
    let cap = caption(&f.svg);
    assert!(
        cap.iter()
            .any(|l| l == "The output (128x128) is drawn as a picture, one pixel per value."),
        "{cap:?}"
    );
    assert!(f.svg.len() < 1_000_000, "{} bytes", f.svg.len());
}

#[test]
fn hidden_answers_stay_blank() {
    let s = scene(
        r#"{"op": "torch.conv2d", "input": [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], "weight": [[[[1, 1], [1, 1]]]],
        "bias": null, "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"}"#,
    );
    let hide = |p: &Plan, at: [usize; 4]| p.step_of(at).is_none_or(|k| k > 1);
    let f = figure::lab(
        &s,
        &Options {
            step: 1,
            hidden: Some(&hide),
        },
    );
    let shown = numbers(&f.svg, "output");
    assert_eq!(
        shown.keys().cloned().collect::<Vec<_>>(),
        ["0,0,0,0", "0,0,0,1"]
    );
    assert_eq!(shown["0,0,0,1"], "16");
}

#[test]
fn the_network_table_and_a_broken_model() {
    let lenet = network_presets().first().expect("a preset");
    let f = figure::network(&lenet.text, &shape_text(&lenet.input_shape)).expect("a figure");
    save("network", &f);
    let report = infer(
        &Model::parse(&lenet.text).expect("parses"),
        &lenet.input_shape,
    )
    .expect("runs");
    let doc = roxmltree::Document::parse(&f.svg).expect("XML");
    let shapes: Vec<String> = doc
        .descendants()
        .filter(|n| {
            n.attribute("data-role") == Some("layer") && n.attribute("data-col") == Some("2")
        })
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let want: Vec<String> = report
        .rows
        .iter()
        .map(|r| {
            format!(
                "({})",
                r.output
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    assert_eq!(shapes, want);
    assert_eq!(
        caption(&f.svg)[0],
        format!("Input shape: {}", shape_text(&lenet.input_shape))
    );
    // A Linear that does not fit what reaches it.
    let broken = figure::network(
        "nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(10, 2))",
        "(1, 1, 5, 5)",
    )
    .expect("a figure");
    save("network-broken", &broken);
    assert!(broken.svg.contains("data-role=\"broken\""));
    assert!(
        broken
            .svg
            .contains("mat1 and mat2 shapes cannot be multiplied"),
        "{}",
        broken.svg
    );
    assert!(figure::network("nn.Sequential(", "(1, 1, 5, 5)").is_err());
}

#[test]
fn a_transposed_convolution_scattered() {
    let s = scene(
        r#"{"op": "torch.conv_transpose2d", "input": [[[[1, 2], [3, 4]]]],
        "weight": [[[[1, -1, 2], [0.5, 2, 0], [1, 1, 1]]]], "bias": null, "stride": [2, 2], "padding": [1, 1],
        "output_padding": [0, 0], "dilation": [1, 1], "groups": 1}"#,
    );
    let plan = Plan::new(&s).expect("valid");
    let f = figure::scatter(
        &s,
        &Options {
            step: 2,
            hidden: None,
        },
    );
    save("scatter", &f);
    let shot = plan.scatter_shot(2).expect("a stamp");
    assert_eq!(numbers(&f.svg, "scatter"), expected(&shot.running));
    // The stamp: input[0, 0, 1, 0] = 3 times the weight.
    let stamp = numbers(&f.svg, "stamp");
    assert_eq!(stamp["0,0,0,2"], "6");
    assert_eq!(stamp["0,0,1,1"], "6");
    let cap = caption(&f.svg);
    assert!(
        cap.iter()
            .any(|l| l.starts_with("Stamp 3 of 4: input[0, 0, 1, 0] = 3 times weight[0, :, :, :]")),
        "{cap:?}"
    );
    assert!(
        cap.iter().any(|l| l.contains("fall outside the output")),
        "padding 1 crops the stamp: {cap:?}"
    );
    assert!(
        f.svg.contains("stroke-dasharray"),
        "the cells it lands on are marked"
    );
    // Not a transposed convolution: the gather figure.
    let conv = scene(
        r#"{"op": "torch.conv2d", "input": [[[[1, 2], [3, 4]]]], "weight": [[[[1]]]], "bias": null,
        "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"}"#,
    );
    assert_eq!(
        numbers(&figure::scatter(&conv, &Options::default()).svg, "output").len(),
        4
    );
}

#[test]
fn the_matrix_of_a_channel_plane() {
    let s = scene(
        r#"{"op": "torch.conv2d", "input": [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]]],
        "weight": [[[[1, 2], [3, 4]], [[-1, 0], [0, 1]]]], "bias": [0.5], "stride": [1, 1], "padding": [0, 0],
        "dilation": [1, 1], "groups": 1, "padding_mode": "zeros"}"#,
    );
    let plan = Plan::new(&s).expect("valid");
    // Frame 1 (output[0, 0, 0, 1]), its sum at input channel 1.
    let f = figure::matrix(
        &s,
        &Options {
            step: 1,
            hidden: None,
        },
        1,
        false,
    );
    save("matrix", &f);
    let m = plan.matrix(0, 1).expect("a matrix");
    assert_eq!((m.rows, m.cols), (4, 9));
    let entries = numbers(&f.svg, "matrix");
    let want: BTreeMap<String, String> = (0..m.rows * m.cols)
        .filter_map(|k| {
            m.get(k / 9, k % 9)
                .filter(|v| *v != 0.0)
                .map(|v| (format!("0,1,{},{}", k / 9, k % 9), compact(v)))
        })
        .collect();
    assert_eq!(entries, want);
    let x: Vec<f64> = (0..9).map(|k| plan.input[[0, 1, k / 3, k % 3]]).collect();
    let y = m.apply(&x).expect("the product");
    let product: Vec<String> = numbers(&f.svg, "product").values().cloned().collect();
    assert_eq!(product, y.iter().map(|v| compact(*v)).collect::<Vec<_>>());
    // Two channels and a bias: the output is drawn beside the product.
    let out = plan.output();
    assert_eq!(
        numbers(&f.svg, "output")["0,0,1,0"],
        compact(out[[0, 0, 0, 1]])
    );
    // The four taps of the frame on channel 1 are dashed: four entries,
    // the four input values they read, and row 1 of the product and output.
    assert_eq!(f.svg.matches("stroke-dasharray").count(), 4 + 4 + 1 + 1);
    assert!(caption(&f.svg)
        .iter()
        .any(|l| l.starts_with("vec(output[0, 0]) = C \u{00b7} vec(input[0, 1])")));
}
