//! Checking an answer: right (with the rule and its numbers), wrong with
//! the mistake that gives it (both computations in words), wrong with the
//! worked solution, or not an answer yet (with what was expected).

use std::collections::BTreeSet;

use crate::core::practice::answer::Answer;
use crate::core::practice::exercise::Exercise;
use crate::core::practice::mistake::Mistake;
use crate::core::practice::rules::{self, value::cells_words, words::tuple};
use crate::core::practice::task::{Expected, Task, Worked};
use crate::core::practice::verdict::{Outcome, Verdict};

/// The answer given, in the form the exercise expects, or why it is not
/// an answer yet.
fn read(ex: &Exercise, answer: &Answer) -> Result<Expected, String> {
    let whole = |v: &[f64]| -> Result<Vec<i64>, String> {
        v.iter()
            .map(|x| {
                if x.fract() == 0.0 && x.abs() < 1e15 {
                    Ok(*x as i64)
                } else {
                    Err(format!("{x} is not a whole number"))
                }
            })
            .collect()
    };
    let count = |v: &[f64], n: usize| -> Result<(), String> {
        if v.len() == n {
            Ok(())
        } else {
            Err(format!("that is {} number(s), not {n}", v.len()))
        }
    };
    let index = |v: &[f64]| -> Result<Vec<usize>, String> {
        whole(v)?
            .into_iter()
            .map(|x| usize::try_from(x).map_err(|_| format!("{x} is not an index")))
            .collect()
    };
    match (&ex.expected, answer) {
        (_, Answer::Empty) => Err("nothing is typed yet".into()),
        (_, Answer::Unreadable(why)) => Err(why.clone()),
        (Expected::Numbers(want), Answer::Numbers(v)) => {
            count(v, want.len())?;
            Ok(Expected::Numbers(whole(v)?))
        }
        (Expected::Value(_), Answer::Numbers(v)) => {
            count(v, 1).map_err(|e| format!("{e}; write a decimal with a point, as 2.5"))?;
            Ok(Expected::Value(v[0]))
        }
        (Expected::Cells(_), Answer::Cells(c)) if !c.is_empty() => Ok(Expected::Cells(c.clone())),
        (Expected::Cells(_), Answer::Numbers(v)) if !v.is_empty() && v.len() % 4 == 0 => {
            let ix = index(v)?;
            Ok(Expected::Cells(
                ix.chunks(4).map(|c| [c[0], c[1], c[2], c[3]]).collect(),
            ))
        }
        (Expected::Channels(_), Answer::Channels(c)) if !c.is_empty() => {
            Ok(Expected::Channels(c.clone()))
        }
        (Expected::Channels(_), Answer::Numbers(v)) => {
            Ok(Expected::Channels(index(v)?.into_iter().collect()))
        }
        (Expected::OutputPadding(_), Answer::Impossible) => Ok(Expected::OutputPadding(None)),
        (Expected::OutputPadding(_), Answer::Numbers(v)) => match whole(v)?[..] {
            [p] => Ok(Expected::OutputPadding(Some([p, p]))),
            [h, w] => Ok(Expected::OutputPadding(Some([h, w]))),
            _ => Err(format!("that is {} numbers, not 2", v.len())),
        },
        (_, Answer::Impossible) => Err("'impossible' answers only an output_padding".into()),
        (_, Answer::Cells(_) | Answer::Channels(_)) => Err("nothing is picked yet".into()),
        (_, Answer::Numbers(_)) => Err("this answer is clicked, not typed".into()),
    }
}

/// Whether mistake answer `m` explains `given` where it differs from
/// `right`: the same answer, or, part by part, every wrong part is the
/// mistake's.
fn explains(given: &Expected, right: &Expected, m: &Expected) -> bool {
    if m.same(right) {
        return false;
    }
    if given.same(m) {
        return true;
    }
    let parts = |e: &Expected| match e {
        Expected::Numbers(v) => Some(v.clone()),
        Expected::OutputPadding(Some(p)) => Some(p.to_vec()),
        _ => None,
    };
    match (parts(given), parts(right), parts(m)) {
        (Some(g), Some(r), Some(m)) if g.len() == r.len() && r.len() == m.len() => {
            let wrong: Vec<usize> = (0..g.len()).filter(|&i| g[i] != r[i]).collect();
            !wrong.is_empty() && wrong.iter().all(|&i| g[i] == m[i])
        }
        _ => false,
    }
}

/// An answer as the verdict quotes it.
fn quoted(e: &Expected, task: &Task) -> String {
    match (e, task) {
        (Expected::Numbers(v), Task::Field) if v.len() == 2 => {
            format!("size {}, jump {}", v[0], v[1])
        }
        (Expected::Numbers(v), Task::ModelBreak { .. }) if v.len() == 2 => {
            format!("layer {}, {}", v[0], v[1])
        }
        (Expected::Numbers(v), _) => tuple(v),
        (Expected::OutputPadding(Some(p)), _) => format!("output_padding {}", tuple(p)),
        (Expected::OutputPadding(None), _) => "\"impossible\"".into(),
        (Expected::Cells(c), _) => format!("cells ({})", cells_words(c)),
        (Expected::Channels(c), _) => {
            let v: Vec<usize> = c.iter().copied().collect();
            format!(
                "channels {}",
                v.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        (Expected::Value(_), _) => e.text().replace('-', "\u{2212}"),
    }
}

/// Checks `answer` against the exercise.
pub fn check(ex: &Exercise, answer: &Answer) -> Verdict {
    let step = ex.step();
    let given = match read(ex, answer) {
        Ok(g) => g,
        Err(why) => {
            return Verdict {
                outcome: Outcome::Unreadable,
                mistakes: Vec::new(),
                text: format!("Not an answer yet: {why}. Expected {}.", ex.form()),
                answer: String::new(),
                step: None,
            }
        }
    };
    let right = rules::worked(&ex.task, &ex.scene).unwrap_or_else(|| Worked {
        answer: ex.expected.clone(),
        words: format!("the answer is {}", ex.expected.text()),
    });
    let answer_text = ex.expected.text();
    if given.same(&ex.expected) {
        return Verdict {
            outcome: Outcome::Correct,
            mistakes: Vec::new(),
            text: format!("{}.", right.words),
            answer: answer_text,
            step,
        };
    }
    let mut exact: Vec<(Mistake, Worked)> = Vec::new();
    let mut partial: Vec<(Mistake, Worked)> = Vec::new();
    for (m, w) in rules::telling(&ex.task, &ex.scene) {
        if given.same(&w.answer) {
            exact.push((m, w));
        } else if explains(&given, &ex.expected, &w.answer) {
            partial.push((m, w));
        }
    }
    let found = if exact.is_empty() { partial } else { exact };
    let yours = quoted(&given, &ex.task);
    let text = match found.first() {
        Some((m, w)) => {
            let mut t = format!(
                "Your {yours} is what you get {}: {}; {}: {}.",
                m.how(),
                w.words,
                m.instead(),
                right.words
            );
            let also: BTreeSet<&str> = found[1..].iter().map(|(m, _)| m.how()).collect();
            if !also.is_empty() {
                let v: Vec<&str> = also.into_iter().collect();
                t += &format!(" It is also what you get {}.", v.join(", or "));
            }
            t
        }
        None => format!(
            "Not {yours}. The answer is {}: {}.",
            quoted(&ex.expected, &ex.task),
            right.words
        ),
    };
    Verdict {
        outcome: Outcome::Wrong,
        mistakes: found.into_iter().map(|(m, _)| m).collect(),
        text,
        answer: answer_text,
        step,
    }
}
