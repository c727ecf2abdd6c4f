//! Whole models against `tests/oracle/model_cases.json` (real PyTorch):
//! every case's text is read, run on its input shape, and compared layer
//! by layer (path, kind, shape, parameters), in total, in the receptive
//! field of the centre cell, and, where PyTorch refused, in where, when
//! and with which exact message. Then the fixes: applying the one-line
//! fix of every broken case makes that layer pass.

use convlab::core::ops::network::{infer, to_source, Edit, Model, Report, When};
use serde_json::Value;

mod common;

fn cases() -> Vec<Value> {
    let doc = common::load(&common::oracle_file("model_cases.json"));
    doc["cases"].as_array().unwrap().clone()
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
    let cases = cases();
    assert_eq!(cases.len(), 200, "the oracle holds 200 model cases");
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
    let cases = cases();
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count();
    assert!(count(&|c| c["format"] == "repr") > 20);
    assert!(count(&|c| c["format"] == "source") > 20);
    assert!(count(&|c| c["error"]["when"] == "build") > 5);
    assert!(count(&|c| c["error"]["when"] == "forward") > 20);
    assert!(count(&|c| c["expected"].is_object()) > 100);
}

#[test]
fn applying_the_fix_makes_the_broken_layer_pass() {
    let mut fixed = 0;
    let mut without = Vec::new();
    for case in cases().iter().filter(|c| c["error"].is_object()) {
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
    assert!(fixed > 40, "only {fixed} fixes tried");
}
