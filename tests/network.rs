//! Whole models against `tests/oracle/model_cases.json` (real PyTorch):
//! every case's text is read, run on its input shape, and compared layer
//! by layer (path, kind, shape, parameters), in total, in the receptive
//! field of the centre cell, and, where PyTorch refused, in where, when
//! and with which exact message. Then the fixes: applying the one-line
//! fix of every broken case makes that layer pass. With `CONVLAB_ORACLE`
//! set, the model (and stack) cases of that file instead.

use convlab::core::ops::network::{infer, to_source, Edit, Layer, Model, Ratio, Report, When};
use serde_json::Value;

mod common;
use common::Kind;

/// The model cases: `CONVLAB_ORACLE`'s, else the in-repo file's.
fn cases() -> common::Cases {
    common::cases(Kind::Model)
}

fn shape_of(v: &Value) -> Vec<i64> {
    serde_json::from_value(v.clone()).unwrap()
}

fn run(case: &Value) -> (Model, Report) {
    let name = case["name"].as_str().unwrap();
    let text = case["text"].as_str().unwrap();
    let model =
        Model::parse(text).unwrap_or_else(|e| panic!("{name}: does not parse: {e}\n{text}"));
    let report = infer(&model, &shape_of(&case["input_shape"]))
        .unwrap_or_else(|e| panic!("{name}: input refused: {}", e.message()));
    (model, report)
}

/// What is wrong with one case, if anything.
fn disagreement(case: &Value) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let (_, report) = run(case);
    if let Some(want) = case["error"].as_object() {
        let Some(b) = &report.broken else {
            return Some(format!(
                "{name}: runs, but torch refused: {}",
                want["message"]
            ));
        };
        let when = match b.when {
            When::Build => "build",
            When::Forward => "forward",
        };
        let got = (b.path.as_str(), b.kind, when, b.message());
        let exp = (
            want["layer"].as_str().unwrap(),
            want["kind"].as_str().unwrap(),
            want["when"].as_str().unwrap(),
            want["message"].as_str().unwrap().to_string(),
        );
        if got != exp {
            return Some(format!("{name}:\n  got  {got:?}\n  want {exp:?}"));
        }
        if b.when == When::Build && !report.rows.is_empty() {
            return Some(format!("{name}: a model that does not build has rows"));
        }
        return None;
    }
    let want = &case["expected"];
    if let Some(b) = &report.broken {
        return Some(format!(
            "{name}: refused at {} ({}), torch ran it",
            b.path,
            b.message()
        ));
    }
    let layers = want["layers"].as_array().unwrap();
    if layers.len() != report.rows.len() {
        return Some(format!(
            "{name}: {} rows, torch {}",
            report.rows.len(),
            layers.len()
        ));
    }
    for (row, l) in report.rows.iter().zip(layers) {
        let got = (
            row.path.as_str(),
            row.kind,
            row.output.clone(),
            row.params.count as u64,
        );
        let exp = (
            l["path"].as_str().unwrap(),
            l["kind"].as_str().unwrap(),
            shape_of(&l["shape"]),
            l["params"].as_u64().unwrap(),
        );
        if got != exp {
            return Some(format!("{name}: row\n  got  {got:?}\n  want {exp:?}"));
        }
    }
    if report.params != Some(want["params"].as_u64().unwrap() as u128) {
        return Some(format!(
            "{name}: {:?} params, torch {}",
            report.params, want["params"]
        ));
    }
    let rf = &want["receptive_field"];
    let got = report
        .centre_field()
        .map(|(_, cell, b)| (cell, b.rows, b.cols));
    let exp = Some((
        serde_json::from_value(rf["cell"].clone()).unwrap(),
        serde_json::from_value(rf["rows"].clone()).unwrap(),
        serde_json::from_value(rf["cols"].clone()).unwrap(),
    ));
    (got != exp).then(|| format!("{name}: receptive field {got:?}, torch {exp:?}"))
}

#[test]
fn every_model_case_matches_pytorch() {
    let oracle = cases();
    if !oracle.given {
        assert_eq!(oracle.cases.len(), 200, "the oracle holds 200 model cases");
    }
    let cases = oracle.cases;
    let bad: Vec<String> = cases.iter().filter_map(disagreement).collect();
    assert!(
        bad.is_empty(),
        "{} of {} cases disagree:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

#[test]
fn the_cases_cover_both_forms_and_both_kinds_of_break() {
    // The repository's oracle, whatever `CONVLAB_ORACLE` says.
    let cases = common::cases_in(Kind::Model, &common::oracle_file(Kind::Model.file()));
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count();
    assert!(count(&|c| c["format"] == "repr") > 20);
    assert!(count(&|c| c["format"] == "source") > 20);
    assert!(count(&|c| c["error"]["when"] == "build") > 5);
    assert!(count(&|c| c["error"]["when"] == "forward") > 20);
    assert!(count(&|c| c["expected"].is_object()) > 100);
}

#[test]
fn applying_the_fix_makes_the_broken_layer_pass() {
    let oracle = cases();
    let mut fixed = 0;
    let mut without = Vec::new();
    for case in oracle.cases.iter().filter(|c| c["error"].is_object()) {
        let name = case["name"].as_str().unwrap();
        let (model, report) = run(case);
        let b = report.broken.as_ref().unwrap();
        let Some(fix) = &b.fix else {
            without.push(format!("{name}: {}", b.message()));
            continue;
        };
        let after = fix.apply(&model);
        let again = infer(&after, &report.input).unwrap();
        let Some(nb) = &again.broken else {
            fixed += 1;
            continue;
        };
        let removed = fix.edits.iter().any(|e| matches!(e, Edit::Remove { .. }));
        // Inserting a layer before the broken one moves it one place on.
        let moved = fix
            .edits
            .iter()
            .filter(|e| matches!(e, Edit::Insert { .. }))
            .count();
        let index = b.index + moved;
        let why = format!(
            "{name}: after '{}': {} at {}\n{}",
            fix.text,
            nb.message(),
            nb.path,
            to_source(&after)
        );
        if removed {
            // The layer is gone: what breaks now is a later one.
            assert!(nb.index >= b.index, "{why}");
        } else if b.when == When::Build && b.input.is_none() {
            // It never ran: it must build now.
            assert!(!(nb.when == When::Build && nb.index == index), "{why}");
        } else {
            assert!(nb.index > index, "{why}");
        }
        fixed += 1;
    }
    assert!(
        without.is_empty(),
        "breaks without a fix:\n{}",
        without.join("\n")
    );
    oracle.more_than(fixed, 40, "fixes tried");
}

/// A stack case of `tests/oracle/stack_cases.json` as the source of the
/// nn.Sequential of nn.Conv2d it describes.
fn stack_source(case: &Value) -> String {
    let layers: Vec<String> = case["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let (w, _) = common::flatten(&l["weight"]);
            let pair = |v: &Value| format!("({}, {})", v[0], v[1]);
            let padding = match &l["padding"] {
                Value::String(s) => format!("'{s}'"),
                p => pair(p),
            };
            format!(
                "nn.Conv2d({}, {}, ({}, {}), stride={}, padding={padding}, dilation={}, groups={}, bias={}, padding_mode='{}')",
                w[1] as i64 * l["groups"].as_i64().unwrap(),
                w[0],
                w[2],
                w[3],
                pair(&l["stride"]),
                pair(&l["dilation"]),
                l["groups"],
                if l["bias"].is_null() { "False" } else { "True" },
                l["padding_mode"].as_str().unwrap_or("zeros"),
            )
        })
        .collect();
    format!("nn.Sequential({})", layers.join(", "))
}

#[test]
fn receptive_boxes_and_borders_match_the_stack_oracle() {
    // The stack cases give, for a few output cells, the count of paths
    // from every input pixel (reflect, replicate and circular padding send
    // paths back to the pixels they copy), and each layer's map of the
    // outputs that depend on invented padding.
    let oracle = common::cases(Kind::Stack);
    let (mut checked, mut maps) = (0, 0);
    for case in &oracle.cases {
        let Some(want) = case["expected"].as_object() else {
            continue;
        };
        let name = case["name"].as_str().unwrap();
        let model = Model::parse(&stack_source(case)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (input_shape, _) = common::flatten(&case["input"]);
        let input: Vec<i64> = input_shape.iter().map(|v| *v as i64).collect();
        let report = infer(&model, &input).unwrap();
        assert!(report.broken.is_none(), "{name}: {:?}", report.broken);
        let last = report.rows.len() - 1;
        for rf in want["receptive_fields"].as_array().unwrap() {
            let cell: [i64; 2] = serde_json::from_value(rf["cell"].clone()).unwrap();
            let (shape, paths) = common::flatten(&rf["paths"]);
            let reached: Vec<(i64, i64)> = paths
                .iter()
                .enumerate()
                .filter(|(_, p)| **p != 0.0)
                .map(|(k, _)| ((k / shape[1]) as i64, (k % shape[1]) as i64))
                .collect();
            let span = |f: fn(&(i64, i64)) -> i64| {
                Some([reached.iter().map(f).min()?, reached.iter().map(f).max()?])
            };
            // No pixel at all: the cell sees only padding.
            let want = span(|r| r.0).zip(span(|r| r.1));
            let got = report.receptive_box(last, cell).map(|b| (b.rows, b.cols));
            assert_eq!(got, want, "{name} cell {cell:?}");
            checked += 1;
        }
        for (k, (row, map)) in report
            .rows
            .iter()
            .zip(want["border"].as_array().unwrap())
            .enumerate()
        {
            let (shape, cells) = common::flatten(map);
            let count = cells.iter().filter(|v| **v > 0.0).count() as u64;
            assert_eq!(row.border, Some(count), "{name} layer {}", row.path);
            // The map the page draws, cell by cell.
            let axes = report
                .border_axes(k)
                .unwrap_or_else(|| panic!("{name}: no map at {k}"));
            assert_eq!(
                [axes.rows.len(), axes.cols.len()],
                [shape[0], shape[1]],
                "{name} layer {k}"
            );
            for (c, v) in cells.iter().enumerate() {
                let at = [c / shape[1], c % shape[1]];
                assert_eq!(axes.at(at), *v > 0.0, "{name} layer {k} cell {at:?}");
                maps += 1;
            }
            assert_eq!(axes.count(), count);
        }
    }
    oracle.more_than(checked, 100, "fields compared");
    oracle.more_than(maps, 1000, "border cells compared");
}

#[test]
fn the_running_field_is_the_widest_exact_box() {
    // Through convolutions and unpadded pools (no transposed convolution,
    // no adaptive pool, no ceil_mode) the formula r = r + (k-1)·d·j is the
    // box of a cell that no padding clips anywhere along the chain: where
    // such a cell exists (the border count leaves one), the widest box of
    // a row (a column) of the last layer is r along that axis.
    let oracle = cases();
    let mut compared = 0;
    for case in oracle.cases.iter().filter(|c| c["expected"].is_object()) {
        let (_, report) = run(case);
        let Some((last, _, _)) = report.centre_field() else {
            continue;
        };
        let plain = report.rows[..=last].iter().all(|r| match &r.layer {
            Layer::ConvTranspose2d(_)
            | Layer::AdaptiveAvgPool2d(_)
            | Layer::AdaptiveMaxPool2d(_) => false,
            Layer::MaxPool2d(m) => m.padding.pair() == [0, 0] && !m.ceil_mode,
            Layer::AvgPool2d(a) => a.padding.pair() == [0, 0] && !a.ceil_mode,
            _ => true,
        });
        let row = &report.rows[last];
        let [ho, wo] = [row.output[2], row.output[3]];
        if !plain || row.border >= Some((ho * wo) as u64) {
            continue;
        }
        let widest = |axis: usize| {
            (0..[ho, wo][axis])
                .map(|i| {
                    // Along the centre column (row), which reaches pixels.
                    let cell = if axis == 0 { [i, wo / 2] } else { [ho / 2, i] };
                    // A cell may see nothing but padding.
                    report.receptive_box(last, cell).map_or(0, |b| {
                        let span = if axis == 0 { b.rows } else { b.cols };
                        (span[1] - span[0] + 1) as u128
                    })
                })
                .max()
                .unwrap()
        };
        let name = case["name"].as_str().unwrap();
        let [rh, rw] = row.receptive.clone().expect("a running field");
        assert_eq!(Ratio::int(widest(0)), rh.size, "{name}: {}", rh.formula);
        assert_eq!(Ratio::int(widest(1)), rw.size, "{name}: {}", rw.formula);
        compared += 1;
    }
    oracle.more_than(compared, 20, "models compared");
}
