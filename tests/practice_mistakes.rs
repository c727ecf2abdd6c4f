//! Every named mistake, fed its own wrong answer, is named: for hundreds
//! of generated exercises per kind and level, each mistake whose answer
//! differs from the right one gives a verdict that names it (with both
//! computations); the right answer, typed in any of the usual forms, is
//! always accepted; and junk, half-typed numbers and answers of the wrong
//! form never panic and are never counted as wrong.

use std::collections::BTreeMap;

use convlab::core::model::conv2d::{Conv2dArgs, Padding};
use convlab::core::practice::rules::telling;
use convlab::core::practice::{check, Answer, Exercise, Expected, Kind, Mistake, Outcome, Task};
use convlab::core::{Op, Scene, TorchConv};
use ndarray::Array4;
use proptest::prelude::*;

const SEEDS: u64 = 100;

/// The answer a person who made the mistake gives.
fn as_given(e: &Expected) -> Answer {
    match e {
        Expected::Cells(c) => Answer::Cells(c.clone()),
        Expected::Channels(c) => Answer::Channels(c.clone()),
        other => Answer::parse(&other.text()),
    }
}

#[test]
fn each_mistakes_answer_is_named_as_that_mistake() {
    let mut named: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut exercises = 0;
    for kind in Kind::ALL {
        for level in 0..=4 {
            for seed in 0..SEEDS {
                let ex = Exercise::new(kind, seed * 104_729 + 11, level);
                exercises += 1;
                for (m, w) in telling(&ex.task, &ex.scene) {
                    let v = check(&ex, &as_given(&w.answer));
                    assert_eq!(v.outcome, Outcome::Wrong, "{}: {}", ex.question, v.text);
                    assert!(
                        v.mistakes.contains(&m),
                        "{}: the answer of {m} ({}) was taken for {:?}: {}",
                        ex.question,
                        w.answer.text(),
                        v.mistakes,
                        v.text
                    );
                    // The text names a mistake and gives both computations.
                    let first = v.mistake().unwrap();
                    assert!(v.text.contains(first.how()), "{}", v.text);
                    assert!(v.text.contains(first.instead()), "{}", v.text);
                    assert_eq!(v.answer, ex.expected.text());
                    *named.entry(m.as_str()).or_default() += 1;
                }
            }
        }
    }
    println!("{exercises} exercises; wrong answers named, per mistake: {named:#?}");
    // Every mistake the issue lists, and the others, is met often enough
    // for the check to mean something.
    for m in [
        "padding-forgotten",
        "padding-once",
        "dilation-ignored",
        "floor-ceil-swapped",
        "stride-on-input",
        "stride-ignored",
        "kernel-not-flipped",
        "kernel-flipped",
        "groups-ignored",
        "weight-axes-swapped",
        "channels-from-input",
        "output-padding-wrong-side",
        "output-padding-twice",
        "output-padding-on-input",
        "forward-rule",
        "jumps-not-multiplied",
        "mode-full",
        "mode-valid",
        "mode-same",
        "padding-as-zeros",
        "bias-forgotten",
        "pool-stride-one",
        "counted-from-one",
        "channels-forgotten",
    ] {
        let n = named.get(m).copied().unwrap_or(0);
        assert!(n >= 5, "{m} was named only {n} times");
    }
}

/// The issue's example: 32 rows, a 3-wide kernel, stride 2, padding 1.
#[test]
fn the_issues_example_names_the_forgotten_padding() {
    let scene = Scene::new(Op::Torch(TorchConv {
        input: Array4::ones((1, 1, 32, 32)),
        args: Conv2dArgs {
            stride: [2, 2],
            ..Conv2dArgs::new(Array4::ones((1, 1, 3, 3)), Padding::Explicit([1, 1]))
        },
    }));
    let ex = Exercise::about(Kind::Shape, scene, Task::ConvShape).unwrap();
    assert_eq!(ex.expected, Expected::Numbers(vec![1, 1, 16, 16]));
    let v = check(&ex, &Answer::parse("1, 1, 15, 15"));
    assert_eq!(v.mistake(), Some(Mistake::PaddingForgotten), "{}", v.text);
    assert!(v
        .text
        .starts_with("Your (1, 1, 15, 15) is what you get without the padding"));
    assert!(
        v.text
            .contains("floor((32 + 2\u{b7}0 \u{2212} 3) / 2) + 1 = 15"),
        "{}",
        v.text
    );
    assert!(
        v.text
            .contains("floor((32 + 2\u{b7}1 \u{2212} 3) / 2) + 1 = 16"),
        "{}",
        v.text
    );
    let right = check(&ex, &Answer::parse("torch.Size([1, 1, 16, 16])"));
    assert!(right.is_correct());
    assert!(right
        .text
        .contains("floor((32 + 2\u{b7}1 \u{2212} 3) / 2) + 1 = 16"));
    assert_eq!(right.step, Some(255), "Show me: the last frame");
    // A wrong answer no mistake explains gets the worked solution.
    let other = check(&ex, &Answer::parse("1, 1, 3, 3"));
    assert_eq!((other.outcome, other.mistakes.len()), (Outcome::Wrong, 0));
    assert!(
        other.text.contains("The answer is (1, 1, 16, 16)"),
        "{}",
        other.text
    );
}

/// One exercise of every kind at every level, for the junk tests.
fn sample() -> &'static [Exercise] {
    static ALL: std::sync::OnceLock<Vec<Exercise>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        Kind::ALL
            .into_iter()
            .flat_map(|k| (0..=4).map(move |l| Exercise::new(k, 99 + u64::from(l), l)))
            .collect()
    })
}

#[test]
fn the_right_answer_is_accepted_however_it_is_written() {
    for ex in sample() {
        let Expected::Numbers(v) = &ex.expected else {
            continue;
        };
        let plain: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        let forms = [
            plain.join(", "),
            format!("[{}]", plain.join(", ")),
            format!("({})", plain.join(",")),
            format!("torch.Size([{}])", plain.join(", ")),
            plain.join(" "),
            format!("  {}  ", plain.join(" ,")),
        ];
        for f in forms {
            let v = check(ex, &Answer::parse(&f));
            assert!(v.is_correct(), "{f:?} for {}: {}", ex.question, v.text);
        }
    }
}

#[test]
fn half_typed_and_misshapen_answers_say_what_was_expected() {
    for ex in sample() {
        let given = [
            Answer::parse(""),
            Answer::parse("-"),
            Answer::parse("1."),
            Answer::parse("1, 2,"),
            Answer::parse("abc"),
            Answer::parse("1, 2, 3, 4, 5, 6, 7"),
            Answer::Cells(Default::default()),
            Answer::Channels(Default::default()),
        ];
        for a in given {
            let v = check(ex, &a);
            if v.outcome == Outcome::Unreadable {
                assert!(v.text.contains(&ex.form()), "{}", v.text);
                assert_eq!(v.data_correct(), None);
                assert!(!v.counts());
            } else {
                // Only a form the exercise takes can be wrong: seven numbers
                // as seven cells' channels, or "1, 2" as an output padding.
                assert!(
                    matches!(ex.task, Task::Channels { .. } | Task::OutputPadding { .. })
                        || matches!(ex.expected, Expected::Numbers(ref v) if v.len() == 2),
                    "{a:?} for {} was {:?}: {}",
                    ex.question,
                    v.outcome,
                    v.text
                );
            }
        }
        // "impossible" answers only an output padding.
        let v = check(ex, &Answer::Impossible);
        assert_eq!(
            v.outcome == Outcome::Unreadable,
            !matches!(ex.task, Task::OutputPadding { .. }),
            "{}",
            v.text
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        // No regression files: a failing case is printed in full instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn junk_never_panics_and_is_told_apart_from_an_answer(text in ".{0,40}", k in 0usize..40) {
        let ex = &sample()[k % sample().len()];
        let v = check(ex, &Answer::parse(&text));
        match v.outcome {
            Outcome::Unreadable => {
                prop_assert!(v.text.starts_with("Not an answer yet"), "{}", v.text);
                prop_assert!(v.text.contains(&ex.form()));
                prop_assert_eq!(v.answer, "");
            }
            Outcome::Correct | Outcome::Wrong => {
                prop_assert_eq!(v.answer, ex.expected.text());
            }
        }
    }

    #[test]
    fn numbers_and_separators_never_panic(text in "[-−0-9., xX\\[\\]()=:a-z]{0,30}") {
        for ex in sample().iter().step_by(3) {
            let _ = check(ex, &Answer::parse(&text));
        }
    }

    #[test]
    fn clicked_cells_never_panic(cells in prop::collection::btree_set(
        prop::array::uniform4(0usize..20), 0..12)) {
        for ex in sample() {
            let v = check(ex, &Answer::Cells(cells.clone()));
            prop_assert!(!v.text.is_empty());
        }
    }
}
