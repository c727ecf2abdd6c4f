//! A teacher's link: `#practice=SEED.KINDS` (or `#practice=SEED.KINDS.LEVEL`)
//! fixes the exercises, so everyone who opens it gets the same sequence
//! and the class can go over the answers together. `KINDS` are the kinds'
//! names joined by commas, or `all`. Without a level, the level grows by
//! one every time the sequence has been through every kind.

use crate::core::model::init::Rng;
use crate::core::practice::exercise::Exercise;
use crate::core::practice::kind::{Kind, MAX_LEVEL};

const PREFIX: &str = "practice=";
/// Longest fragment read.
const MAX_CHARS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PracticeSet {
    pub seed: u64,
    /// In order, no kind twice, never empty.
    pub kinds: Vec<Kind>,
    /// Every exercise at this level; `None`: growing.
    pub level: Option<u8>,
}

/// Why a practice link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    NotPractice,
    TooLong { chars: usize },
    BadSeed(String),
    NoKinds,
    UnknownKind(String),
    BadLevel(String),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotPractice => write!(f, "the link has no #practice= part"),
            LinkError::TooLong { chars } => {
                write!(
                    f,
                    "the practice link is {chars} characters long; it looks damaged"
                )
            }
            LinkError::BadSeed(s) => write!(f, "the practice link's seed {s:?} is not a number"),
            LinkError::NoKinds => write!(f, "the practice link names no kind of exercise"),
            LinkError::UnknownKind(s) => {
                write!(
                    f,
                    "the practice link names {s:?}, which is no kind of exercise"
                )
            }
            LinkError::BadLevel(s) => write!(
                f,
                "the practice link's level {s:?} is not one of 0 to {MAX_LEVEL}"
            ),
        }
    }
}

impl PracticeSet {
    /// A set of these kinds (repeats dropped; none: every kind).
    pub fn new(seed: u64, kinds: &[Kind], level: Option<u8>) -> PracticeSet {
        let mut k: Vec<Kind> = Vec::new();
        for kind in kinds {
            if !k.contains(kind) {
                k.push(*kind);
            }
        }
        if k.is_empty() {
            k = Kind::ALL.to_vec();
        }
        PracticeSet {
            seed,
            kinds: k,
            level: level.map(|l| l.min(MAX_LEVEL)),
        }
    }

    /// `#practice=…`.
    pub fn fragment(&self) -> String {
        let kinds = if self.kinds == Kind::ALL {
            "all".to_string()
        } else {
            self.kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        match self.level {
            Some(l) => format!("#{PREFIX}{}.{kinds}.{l}", self.seed),
            None => format!("#{PREFIX}{}.{kinds}", self.seed),
        }
    }

    /// Reads a fragment (`#practice=…`, with or without `#`; commas may be
    /// written `%2C`).
    pub fn parse(fragment: &str) -> Result<PracticeSet, LinkError> {
        let f = fragment.trim();
        if f.chars().count() > MAX_CHARS {
            return Err(LinkError::TooLong {
                chars: f.chars().count(),
            });
        }
        let f = f.strip_prefix('#').unwrap_or(f);
        let body = f.strip_prefix(PREFIX).ok_or(LinkError::NotPractice)?;
        let body = body.replace("%2C", ",").replace("%2c", ",");
        let mut parts = body.split('.');
        let seed_text = parts.next().unwrap_or_default();
        let seed = seed_text
            .parse::<u64>()
            .map_err(|_| LinkError::BadSeed(seed_text.into()))?;
        let kinds_text = parts.next().unwrap_or_default();
        let mut kinds = Vec::new();
        if kinds_text != "all" {
            for name in kinds_text.split([',', '+']).filter(|n| !n.is_empty()) {
                kinds.push(Kind::parse(name).ok_or_else(|| LinkError::UnknownKind(name.into()))?);
            }
            if kinds.is_empty() {
                return Err(LinkError::NoKinds);
            }
        }
        let level = match parts.next() {
            None => None,
            Some(l) => match l.parse::<u8>() {
                Ok(v) if v <= MAX_LEVEL => Some(v),
                _ => return Err(LinkError::BadLevel(l.into())),
            },
        };
        if let Some(extra) = parts.next() {
            return Err(LinkError::BadLevel(extra.into()));
        }
        Ok(PracticeSet::new(seed, &kinds, level))
    }

    /// The kind of the `i`-th exercise (0-based): the kinds in turn.
    pub fn kind_at(&self, i: usize) -> Kind {
        self.kinds
            .get(i % self.kinds.len().max(1))
            .copied()
            .unwrap_or(Kind::Shape)
    }

    /// The level of the `i`-th exercise.
    pub fn level_at(&self, i: usize) -> u8 {
        self.level
            .unwrap_or_else(|| (i / self.kinds.len().max(1)).min(usize::from(MAX_LEVEL)) as u8)
    }

    /// The seed of the `i`-th exercise.
    pub fn seed_at(&self, i: usize) -> u64 {
        Rng::new(self.seed ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
    }

    /// The `i`-th exercise: the same for everyone with this set.
    pub fn exercise(&self, i: usize) -> Exercise {
        Exercise::new(self.kind_at(i), self.seed_at(i), self.level_at(i))
    }
}
