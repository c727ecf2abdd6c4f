//! `CONVLAB_ORACLE=FILE` takes a file of any op, alone or mixed with
//! others: every runner picks the cases of its own ops from it
//! (`common::cases`). Here: a mixed file made from a few cases of each
//! in-repo file splits back into exactly those cases, kind by kind, in
//! order; a file of one kind gives the others none; and every case of
//! every file (the given one, or the in-repo ones) has an op some runner
//! takes, so that none is skipped unseen.

use serde_json::{json, Value};

mod common;
use common::{cases_in, oracle_file, Kind};

/// A temporary case file, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(label: &str, cases: &[Value]) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "convlab-oracle-{label}-{}.json",
            std::process::id()
        ));
        let doc = json!({ "generator": "tests/oracle_files.rs", "cases": cases });
        std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn names(cases: &[Value]) -> Vec<String> {
    cases
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

/// Every in-repo case of `kind`.
fn own(kind: Kind) -> Vec<Value> {
    cases_in(kind, &oracle_file(kind.file()))
}

#[test]
fn a_mixed_file_splits_into_each_kinds_cases() {
    // A few cases of each kind (one of each op, a refusal, the last ones),
    // interleaved.
    let mut picked: Vec<(Kind, Vec<Value>)> = Vec::new();
    for kind in Kind::ALL {
        let all = own(kind);
        let first_of_each_op = kind
            .ops()
            .iter()
            .filter_map(|op| all.iter().find(|c| c["op"] == *op));
        let a_refusal = all.iter().find(|c| c.get("error").is_some());
        let mut some: Vec<Value> = Vec::new();
        for c in first_of_each_op.chain(a_refusal).chain(all.iter().rev()) {
            if some.len() >= 3.max(kind.ops().len() + 1) {
                break;
            }
            if !some.contains(c) {
                some.push(c.clone());
            }
        }
        assert!(some.len() >= 3, "{kind:?}: {} cases picked", some.len());
        picked.push((kind, some));
    }
    let longest = picked.iter().map(|(_, c)| c.len()).max().unwrap();
    let mixed: Vec<Value> = (0..longest)
        .flat_map(|i| picked.iter().filter_map(move |(_, c)| c.get(i).cloned()))
        .collect();
    let file = TempFile::new("mixed", &mixed);
    let mut total = 0;
    for (kind, want) in &picked {
        let got = cases_in(*kind, &file.0);
        assert_eq!(names(&got), names(want), "{kind:?}");
        assert_eq!(&got, want, "{kind:?}: the cases come back whole");
        total += got.len();
        println!("{kind:?}: {} of the mixed file's cases", got.len());
    }
    assert_eq!(total, mixed.len(), "every case goes to one kind");
}

#[test]
fn a_file_of_one_kind_gives_the_others_no_case() {
    let pools = own(Kind::Pool);
    let file = TempFile::new("pool", &pools[..10]);
    for kind in Kind::ALL {
        let got = cases_in(kind, &file.0);
        let want = if kind == Kind::Pool { 10 } else { 0 };
        assert_eq!(got.len(), want, "{kind:?}");
    }
}

#[test]
fn every_case_has_an_op_a_runner_takes() {
    let files: Vec<(std::path::PathBuf, Option<Kind>)> = match std::env::var_os("CONVLAB_ORACLE") {
        Some(p) => vec![(p.into(), None)],
        None => Kind::ALL
            .into_iter()
            .map(|k| (oracle_file(k.file()), Some(k)))
            .collect(),
    };
    for (path, kind) in files {
        let doc = common::load(&path);
        let cases = doc["cases"].as_array().expect("a `cases` array");
        let strays: Vec<String> = cases
            .iter()
            .filter(|c| Kind::of(c).is_none() || kind.is_some_and(|k| Kind::of(c) != Some(k)))
            .map(|c| format!("{} (op {})", c["name"], c["op"]))
            .collect();
        assert!(
            strays.is_empty(),
            "{}: cases no runner of its kind takes: {}",
            path.display(),
            strays.join(", ")
        );
        let split: Vec<String> = Kind::ALL
            .into_iter()
            .map(|k| format!("{k:?} {}", cases_in(k, &path).len()))
            .collect();
        println!(
            "{}: {} cases: {}",
            path.display(),
            cases.len(),
            split.join(", ")
        );
    }
}
