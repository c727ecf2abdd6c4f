//! Section 9 of the lesson path ("Going back up"): every step loads the
//! scene of the reference case it names, and the engine gives that case's
//! answer (PyTorch's output, or PyTorch's refusal).

use convlab::core::content::lessons::lessons;
use convlab::core::content::lessons::transpose::{CASES, SECTION};
use convlab::core::{Plan, Scene};
use serde_json::Value;

mod common;
use common::{close, flatten, load};

fn case(name: &str) -> Value {
    load(&common::oracle_file("transpose_cases.json"))["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no reference case {name}"))
        .clone()
}

#[test]
fn section_9_follows_section_8_with_every_lesson_of_the_module() {
    let all = lessons();
    let ids: Vec<&str> = all
        .iter()
        .filter(|l| l.section == SECTION)
        .map(|l| l.id)
        .collect();
    let want: Vec<&str> = CASES.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, want);
    let first = all.iter().position(|l| l.section == SECTION).unwrap();
    assert_eq!(
        all[first - 1].section,
        8,
        "section 9 comes right after section 8"
    );
    for l in all.iter().filter(|l| l.section == SECTION) {
        assert!(
            ["lab", "scatter", "matrix"].contains(&l.view),
            "{}: view {}",
            l.id,
            l.view
        );
        assert!(l.body.len() > 100 && !l.try_this.is_empty(), "{}", l.id);
    }
}

#[test]
fn each_lesson_scene_is_its_reference_case_and_gives_its_answer() {
    let all = lessons();
    for (id, name) in CASES {
        let lesson = all.iter().find(|l| l.id == id).expect("lesson");
        let c = case(name);
        let reference = Scene::from_json(&c.to_string()).expect("case decodes");
        assert_eq!(
            lesson.scene().op,
            reference.op,
            "{id}: scene differs from {name}"
        );
        match (
            Plan::new(&lesson.scene()),
            c.get("expected"),
            c.get("error"),
        ) {
            (Ok(plan), Some(expected), _) => {
                let (shape, want) = flatten(expected);
                let out = plan.output();
                assert_eq!(out.shape(), &shape[..], "{id}");
                for (g, w) in out.iter().zip(&want) {
                    assert!(close(*g, *w), "{id}: {g} vs reference {w}");
                }
            }
            (Err(e), None, Some(Value::String(msg))) => {
                let said = e.reference_message().expect("PyTorch's message");
                assert!(
                    msg.contains(said.trim()) || said.contains(msg.trim()),
                    "{id}: we say {said:?}, PyTorch said {msg:?}"
                );
            }
            (got, _, _) => panic!(
                "{id}: engine gave {:?}, reference {}",
                got.map(|p| p.out_hw),
                c
            ),
        }
    }
}

/// The overlap counts of the scatter view are `conv_transpose2d` of ones
/// with ones, as real PyTorch computes it.
#[test]
fn overlap_counts_are_pytorchs_ones_through_ones() {
    let configs = [
        // (H, W, k, stride, padding, output_padding, dilation)
        (2, 2, 3, 2, 0, 0, 1),
        (4, 4, 4, 2, 1, 0, 1),
        (3, 3, 3, 2, 1, 1, 1),
        (3, 2, 2, 3, 0, 2, 1),
        (3, 3, 2, 1, 0, 1, 2),
    ];
    let mut script = String::from("import torch, json\nout = []\n");
    for (h, w, k, s, p, op, d) in configs {
        script += &format!(
            "out.append(torch.nn.functional.conv_transpose2d(torch.ones(1,1,{h},{w},dtype=torch.float64), torch.ones(1,1,{k},{k},dtype=torch.float64), stride={s}, padding={p}, output_padding={op}, dilation={d}).tolist())\n"
        );
    }
    script += "print(json.dumps(out))\n";
    let got: Vec<Value> =
        serde_json::from_str(common::run_torch_python(&script).trim()).expect("json");
    for ((h, w, k, s, p, op, d), want) in configs.into_iter().zip(got) {
        let json = format!(
            r#"{{"op":"torch.conv_transpose2d","input":{},"weight":{},"stride":[{s},{s}],"padding":[{p},{p}],"output_padding":[{op},{op}],"dilation":[{d},{d}]}}"#,
            serde_json::to_string(&vec![vec![vec![vec![1.0; w]; h]]]).unwrap(),
            serde_json::to_string(&vec![vec![vec![vec![1.0; k]; k]]]).unwrap(),
        );
        let plan = Plan::new(&Scene::from_json(&json).unwrap()).unwrap();
        let hits = plan.scatter_hits(plan.scatter_frame_count()).unwrap();
        let (shape, want) = flatten(&want);
        assert_eq!(hits.shape(), &shape[..]);
        for (g, w) in hits.iter().zip(&want) {
            assert_eq!(*g as f64, *w, "{h}x{w} k{k} s{s} p{p} op{op} d{d}");
        }
        // Half way, no cell has more than at the end.
        let half = plan.scatter_hits(plan.scatter_frame_count() / 2).unwrap();
        assert!(half.iter().zip(hits.iter()).all(|(a, b)| a <= b));
        assert!(half.iter().sum::<u32>() < hits.iter().sum::<u32>());
        // output_padding's rows are the last `op` rows.
        let [ho, _] = plan.out_hw;
        for y in 0..ho {
            assert_eq!(plan.added_by_output_padding(0, y), y + op >= ho, "row {y}");
        }
    }
}
