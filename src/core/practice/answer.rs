//! What a person answers: text typed in the answer field (numbers, a
//! shape in any of the ways PyTorch prints one, or "impossible"), or cells
//! and channels clicked on the grids. Reading never fails: text that is
//! not an answer yet (half-typed, junk) is kept as [`Answer::Unreadable`]
//! with the reason, and the check says what it expected instead of
//! counting it wrong.

use std::collections::BTreeSet;

use crate::core::present::display::parse_number;

/// Longest text read as an answer.
pub const MAX_ANSWER_CHARS: usize = 2000;

#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// Numbers typed, in order: a shape, a value, `ph, pw`, `size, jump`,
    /// `layer, number`.
    Numbers(Vec<f64>),
    /// "impossible" (for an output padding no value gives).
    Impossible,
    /// Input cells clicked, `[n, c, i, j]`.
    Cells(BTreeSet<[usize; 4]>),
    /// Input channels clicked.
    Channels(BTreeSet<usize>),
    /// Nothing typed.
    Empty,
    /// Text that is not an answer yet, and why.
    Unreadable(String),
}

/// Words that mean "no value does it".
const IMPOSSIBLE: [&str; 6] = [
    "impossible",
    "not possible",
    "none",
    "no",
    "cannot",
    "can't",
];

impl Answer {
    /// Reads typed text: `1, 16, 15, 15`, `[1, 16, 15, 15]`, `(1,16,15,15)`,
    /// `torch.Size([1, 16, 15, 15])`, `1 x 16 x 15 x 15`, `-3`, `−3`,
    /// `2.5`, `ph=1, pw=0`, `size 7, jump 4`, `impossible`. Never panics.
    pub fn parse(text: &str) -> Answer {
        let t = text.trim();
        if t.is_empty() {
            return Answer::Empty;
        }
        if t.chars().count() > MAX_ANSWER_CHARS {
            return Answer::Unreadable(format!(
                "the answer is longer than {MAX_ANSWER_CHARS} characters"
            ));
        }
        let lower = t.to_lowercase();
        let words = lower.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
        if !lower.chars().any(|c| c.is_ascii_digit())
            && (IMPOSSIBLE.contains(&words) || lower.contains("impossible"))
        {
            return Answer::Impossible;
        }
        // `1,` or `4 ×`: a list whose next number is still to come.
        if let Some(last) = t
            .chars()
            .last()
            .filter(|c| matches!(c, ',' | ';' | '(' | '[' | '\u{d7}'))
        {
            return Answer::Unreadable(format!("the number after '{last}' is still to come"));
        }
        let mut numbers = Vec::new();
        let tokens = tokens(&lower);
        for (k, token) in tokens.iter().enumerate() {
            // `ph=1`, `H_out: 4`: the value after the name.
            let value = token.rsplit(['=', ':']).next().unwrap_or(token);
            if value.is_empty() {
                if k + 1 == tokens.len() {
                    return Answer::Unreadable(format!("'{token}' has no number after it yet"));
                }
                continue;
            }
            if value
                .chars()
                .all(|c| c.is_alphabetic() || c == '_' || c == '.')
            {
                // A word around the numbers (`size`, `torch.size`, `layer`).
                continue;
            }
            match parse_number(value) {
                Some(v) => numbers.push(v),
                None => {
                    return Answer::Unreadable(format!("'{value}' is not a number yet"));
                }
            }
        }
        if numbers.is_empty() {
            return Answer::Unreadable("there is no number in it".into());
        }
        Answer::Numbers(numbers)
    }

    /// Cells clicked on the input grid.
    pub fn cells(cells: impl IntoIterator<Item = [usize; 4]>) -> Answer {
        Answer::Cells(cells.into_iter().collect())
    }

    /// Channels clicked.
    pub fn channels(channels: impl IntoIterator<Item = usize>) -> Answer {
        Answer::Channels(channels.into_iter().collect())
    }
}

/// The text split at separators: spaces, commas, semicolons, brackets,
/// `×`, and an `x` between two digits. A minus in any of its Unicode forms
/// is `-`.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut now = String::new();
    for (k, &c) in chars.iter().enumerate() {
        let digit_around = |d: isize| {
            let at = k as isize + d;
            at >= 0 && chars.get(at as usize).is_some_and(|c| c.is_ascii_digit())
        };
        let sep = c.is_whitespace()
            || matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '\u{d7}')
            || (c == 'x' && digit_around(-1) && digit_around(1));
        if sep {
            if !now.is_empty() {
                out.push(std::mem::take(&mut now));
            }
            continue;
        }
        now.push(match c {
            '\u{2212}' | '\u{2013}' | '\u{2014}' | '\u{fe63}' | '\u{ff0d}' => '-',
            other => other,
        });
    }
    if !now.is_empty() {
        out.push(now);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(v: &[f64]) -> Answer {
        Answer::Numbers(v.to_vec())
    }

    #[test]
    fn a_shape_reads_however_it_is_written() {
        let want = nums(&[1.0, 16.0, 15.0, 15.0]);
        for text in [
            "1, 16, 15, 15",
            "[1, 16, 15, 15]",
            "(1,16,15,15)",
            "torch.Size([1, 16, 15, 15])",
            "  1 16 15 15 ",
            "1x16x15x15",
            "1 \u{d7} 16 \u{d7} 15 \u{d7} 15",
            "N=1, C=16, H=15, W=15",
        ] {
            assert_eq!(Answer::parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn numbers_read_with_any_minus() {
        assert_eq!(Answer::parse("-3"), nums(&[-3.0]));
        assert_eq!(Answer::parse("\u{2212}3"), nums(&[-3.0]));
        assert_eq!(Answer::parse("2.5"), nums(&[2.5]));
        assert_eq!(Answer::parse("size 7, jump 4"), nums(&[7.0, 4.0]));
        assert_eq!(Answer::parse("ph=1, pw=0"), nums(&[1.0, 0.0]));
        assert_eq!(Answer::parse("H_out: 4, W_out = 5"), nums(&[4.0, 5.0]));
    }

    #[test]
    fn impossible_is_a_word_and_half_typed_is_not_an_answer() {
        assert_eq!(Answer::parse("Impossible!"), Answer::Impossible);
        assert_eq!(Answer::parse("none"), Answer::Impossible);
        assert_eq!(Answer::parse(""), Answer::Empty);
        for pending in [
            "-", "1.", "1, -", "1,", "2, 3;", "(", "4 \u{d7}", "ph=", "abc", "3a", "1e", "1e999",
            "NaN",
        ] {
            assert!(
                matches!(Answer::parse(pending), Answer::Unreadable(_)),
                "{pending:?}: {:?}",
                Answer::parse(pending)
            );
        }
        let long = "1".repeat(MAX_ANSWER_CHARS + 1);
        assert!(matches!(Answer::parse(&long), Answer::Unreadable(_)));
    }
}
