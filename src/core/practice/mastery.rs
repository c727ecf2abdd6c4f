//! Progress per kind: a kind is mastered after three right answers in a
//! row (and stays mastered); a wrong answer resets the streak. Kept in
//! the browser's local storage as a short string, read back forgivingly:
//! anything that is not such a string gives a fresh start.

use crate::core::practice::kind::{Kind, MAX_LEVEL};
use crate::core::practice::verdict::{Outcome, Verdict};

/// Right answers in a row that master a kind.
pub const TO_MASTER: u32 = 3;

/// The storage string's first field: its version.
const VERSION: &str = "practice1";

/// One kind's record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// Right answers in a row, now.
    pub streak: u32,
    /// The longest streak so far.
    pub best: u32,
    pub right: u32,
    pub tried: u32,
}

impl Record {
    fn consistent(&self) -> bool {
        self.streak <= self.best && self.best <= self.right && self.right <= self.tried
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mastery {
    records: [Record; Kind::ALL.len()],
}

impl Mastery {
    pub fn new() -> Mastery {
        Mastery::default()
    }

    /// Counts a checked answer; one that was not an answer yet does not
    /// count.
    pub fn record(&mut self, kind: Kind, verdict: &Verdict) {
        let r = &mut self.records[kind.index()];
        match verdict.outcome {
            Outcome::Correct => {
                r.tried = r.tried.saturating_add(1);
                r.right = r.right.saturating_add(1);
                r.streak = r.streak.saturating_add(1);
                r.best = r.best.max(r.streak);
            }
            Outcome::Wrong => {
                r.tried = r.tried.saturating_add(1);
                r.streak = 0;
            }
            Outcome::Unreadable => {}
        }
    }

    pub fn get(&self, kind: Kind) -> Record {
        self.records[kind.index()]
    }

    /// Three right in a row, at some point.
    pub fn is_mastered(&self, kind: Kind) -> bool {
        self.get(kind).best >= TO_MASTER
    }

    /// The level to practise `kind` at: one more for every three right
    /// answers.
    pub fn level(&self, kind: Kind) -> u8 {
        (self.get(kind).right / TO_MASTER).min(u32::from(MAX_LEVEL)) as u8
    }

    /// Forget everything.
    pub fn reset(&mut self) {
        *self = Mastery::new();
    }

    pub fn reset_kind(&mut self, kind: Kind) {
        self.records[kind.index()] = Record::default();
    }

    /// `practice1;shape=2.3.5.7;value=0.1.1.2`: per kind tried, its streak,
    /// best streak, right answers and answers.
    pub fn to_storage(&self) -> String {
        let mut s = VERSION.to_string();
        for k in Kind::ALL {
            let r = self.get(k);
            if r != Record::default() {
                s += &format!(
                    ";{}={}.{}.{}.{}",
                    k.as_str(),
                    r.streak,
                    r.best,
                    r.right,
                    r.tried
                );
            }
        }
        s
    }

    /// Reads [`Mastery::to_storage`]'s string; anything else (junk, a cut
    /// string, numbers that contradict each other) gives a fresh start.
    pub fn from_storage(text: &str) -> Mastery {
        Mastery::parse(text).unwrap_or_default()
    }

    fn parse(text: &str) -> Option<Mastery> {
        let mut parts = text.trim().split(';');
        if parts.next()? != VERSION {
            return None;
        }
        let mut m = Mastery::new();
        let mut seen = [false; Kind::ALL.len()];
        for part in parts {
            let (name, nums) = part.split_once('=')?;
            let kind = Kind::parse(name)?;
            if std::mem::replace(&mut seen[kind.index()], true) {
                return None;
            }
            let v: Vec<u32> = nums
                .split('.')
                .map(|x| x.parse::<u32>().ok())
                .collect::<Option<_>>()?;
            let &[streak, best, right, tried] = &v[..] else {
                return None;
            };
            let r = Record {
                streak,
                best,
                right,
                tried,
            };
            if !r.consistent() {
                return None;
            }
            m.records[kind.index()] = r;
        }
        Some(m)
    }

    /// What a person copies to show their progress: one line per kind.
    pub fn summary(&self) -> String {
        let mut lines = vec!["ConvLab practice".to_string()];
        for k in Kind::ALL {
            let r = self.get(k);
            let line = if r.tried == 0 {
                "not tried yet".to_string()
            } else {
                let state = if self.is_mastered(k) {
                    "mastered".to_string()
                } else {
                    format!("{} of {TO_MASTER} in a row to master", r.streak)
                };
                format!(
                    "{state}; {} of {} right, best streak {}",
                    r.right, r.tried, r.best
                )
            };
            lines.push(format!("{}: {line}", k.title()));
        }
        let done = Kind::ALL.iter().filter(|k| self.is_mastered(**k)).count();
        lines.push(format!("Mastered: {done} of {} kinds.", Kind::ALL.len()));
        lines.join("\n")
    }
}
