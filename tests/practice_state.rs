//! What practice keeps: mastery per kind (three right in a row; a wrong
//! answer resets the streak), its storage string and the copyable
//! summary; and the teacher's link, which gives everyone the same
//! exercises. Both read junk without panicking: junk progress is a fresh
//! start, a broken link an error.

use convlab::core::practice::mastery::{Record, TO_MASTER};
use convlab::core::practice::{
    Kind, LinkError, Mastery, Mistake, Outcome, PracticeSet, Verdict, MAX_LEVEL,
};
use proptest::prelude::*;

fn verdict(outcome: Outcome) -> Verdict {
    Verdict {
        outcome,
        mistakes: if outcome == Outcome::Wrong {
            vec![Mistake::PaddingForgotten]
        } else {
            Vec::new()
        },
        text: String::new(),
        answer: String::new(),
        step: None,
    }
}

#[test]
fn three_right_in_a_row_master_a_kind_and_a_wrong_answer_resets_the_streak() {
    let mut m = Mastery::new();
    let (right, wrong, junk) = (
        verdict(Outcome::Correct),
        verdict(Outcome::Wrong),
        verdict(Outcome::Unreadable),
    );
    m.record(Kind::Shape, &right);
    m.record(Kind::Shape, &right);
    m.record(Kind::Shape, &junk);
    assert!(!m.is_mastered(Kind::Shape));
    m.record(Kind::Shape, &wrong);
    assert_eq!(m.get(Kind::Shape).streak, 0, "a wrong answer resets");
    for _ in 0..TO_MASTER - 1 {
        m.record(Kind::Shape, &right);
    }
    assert!(!m.is_mastered(Kind::Shape), "two in a row are not three");
    m.record(Kind::Shape, &right);
    assert!(m.is_mastered(Kind::Shape));
    assert_eq!(
        m.get(Kind::Shape),
        Record {
            streak: 3,
            best: 3,
            right: 5,
            tried: 6
        },
        "the unreadable answer was not counted"
    );
    m.record(Kind::Shape, &wrong);
    assert!(m.is_mastered(Kind::Shape), "mastered stays mastered");
    assert!(!m.is_mastered(Kind::Value), "per kind");
    assert_eq!(m.level(Kind::Shape), 1);
    assert_eq!(m.level(Kind::Value), 0);
    let summary = m.summary();
    assert!(
        summary.contains("Output shape: mastered; 5 of 7 right, best streak 3"),
        "{summary}"
    );
    assert!(
        summary.contains("One output value: not tried yet"),
        "{summary}"
    );
    assert!(summary.ends_with("Mastered: 1 of 8 kinds."), "{summary}");
    m.reset_kind(Kind::Shape);
    assert_eq!(m, Mastery::new());
    m.record(Kind::Value, &right);
    m.reset();
    assert_eq!(m, Mastery::new());
}

#[test]
fn junk_progress_is_a_fresh_start() {
    let mut kept = Mastery::new();
    kept.record(Kind::Sources, &verdict(Outcome::Correct));
    assert_eq!(kept.to_storage(), "practice1;sources=1.1.1.1");
    assert_eq!(Mastery::from_storage(&kept.to_storage()), kept);
    assert_eq!(Mastery::from_storage("practice1"), Mastery::new());
    for junk in [
        "",
        "{}",
        "practice2;shape=1.1.1.1",
        "practice1;shape=1.1",
        "practice1;shape=1.1.1.1.1",
        "practice1;shape=2.1.1.1",
        "practice1;shape=0.0.2.1",
        "practice1;shape=1.1.1.1;shape=1.1.1.1",
        "practice1;shapes=1.1.1.1",
        "practice1;shape=-1.0.0.0",
        "practice1;shape=99999999999.0.0.0",
        "practice1;shape",
        "practice1;;",
    ] {
        assert_eq!(Mastery::from_storage(junk), Mastery::new(), "{junk:?}");
    }
}

#[test]
fn a_link_gives_everyone_the_same_exercises() {
    let set = PracticeSet::new(2024, &[Kind::Value, Kind::Shape, Kind::Value], None);
    assert_eq!(set.kinds, [Kind::Value, Kind::Shape], "repeats dropped");
    assert_eq!(set.fragment(), "#practice=2024.value,shape");
    let opened = PracticeSet::parse(&set.fragment()).unwrap();
    assert_eq!(opened, set);
    for i in 0..12 {
        assert_eq!(opened.exercise(i), set.exercise(i), "exercise {i}");
        assert_eq!(set.exercise(i).kind, set.kinds[i % 2]);
    }
    assert_eq!(set.level_at(0), 0);
    assert_eq!(set.level_at(2), 1, "one level up once through every kind");
    assert_eq!(set.level_at(1000), MAX_LEVEL);
    // Another seed, other exercises.
    let other = PracticeSet::new(2025, &set.kinds, None);
    assert!((0..6).any(|i| other.exercise(i) != set.exercise(i)));
    // Every kind, a fixed level, commas written %2C.
    let all = PracticeSet::new(7, &[], Some(3));
    assert_eq!(all.fragment(), "#practice=7.all.3");
    assert_eq!(PracticeSet::parse("practice=7.all.3"), Ok(all.clone()));
    assert_eq!(all.exercise(5).level, 3);
    assert_eq!(
        PracticeSet::parse("#practice=7.shape%2Cvalue")
            .unwrap()
            .kinds,
        [Kind::Shape, Kind::Value]
    );
}

#[test]
fn a_broken_link_is_an_error_that_says_why() {
    let cases: [(&str, LinkError); 9] = [
        ("#scene=abc", LinkError::NotPractice),
        ("", LinkError::NotPractice),
        ("#practice=", LinkError::BadSeed(String::new())),
        ("#practice=x1.shape", LinkError::BadSeed("x1".into())),
        ("#practice=-1.shape", LinkError::BadSeed("-1".into())),
        ("#practice=1", LinkError::NoKinds),
        (
            "#practice=1.shape,sheep",
            LinkError::UnknownKind("sheep".into()),
        ),
        ("#practice=1.shape.9", LinkError::BadLevel("9".into())),
        ("#practice=1.shape.2.3", LinkError::BadLevel("3".into())),
    ];
    for (text, want) in cases {
        let got = PracticeSet::parse(text);
        assert_eq!(got, Err(want.clone()), "{text:?}");
        assert!(!want.to_string().is_empty());
    }
    let long = format!("#practice=1.{}", "shape,".repeat(400));
    assert!(matches!(
        PracticeSet::parse(&long),
        Err(LinkError::TooLong { .. })
    ));
}

fn kinds() -> impl Strategy<Value = Vec<Kind>> {
    prop::collection::vec(prop::sample::select(Kind::ALL.to_vec()), 0..10)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 200,
        // No regression files: a failing case is printed in full instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn progress_survives_storage(steps in prop::collection::vec((0usize..8, 0u8..3), 0..60)) {
        let mut m = Mastery::new();
        for (k, o) in steps {
            let outcome = [Outcome::Correct, Outcome::Wrong, Outcome::Unreadable][o as usize];
            m.record(Kind::ALL[k], &verdict(outcome));
        }
        prop_assert_eq!(Mastery::from_storage(&m.to_storage()), m);
    }

    #[test]
    fn junk_storage_never_panics(text in ".{0,80}") {
        let m = Mastery::from_storage(&text);
        // Whatever it read, it writes back the same.
        prop_assert_eq!(Mastery::from_storage(&m.to_storage()), m);
    }

    #[test]
    fn links_survive_their_fragment(seed in any::<u64>(), kinds in kinds(), level in prop::option::of(0u8..=4)) {
        let set = PracticeSet::new(seed, &kinds, level);
        prop_assert_eq!(PracticeSet::parse(&set.fragment()), Ok(set));
    }

    #[test]
    fn junk_links_never_panic(text in "#?(practice=)?[0-9a-z.,%-]{0,40}") {
        if let Ok(set) = PracticeSet::parse(&text) {
            prop_assert!(!set.kinds.is_empty());
            prop_assert_eq!(PracticeSet::parse(&set.fragment()), Ok(set));
        }
    }
}
