//! How numbers fit on screen: a compact form that fits a grid cell, and the
//! rule that sizes a grid's cells from their content and the room it has.
//! Pure arithmetic, so it is tested natively; the exact value is always
//! available elsewhere (the arithmetic panel, hover, `data-value`).
//! The colours of values are in [`crate::core::present::colour`].

/// The exact value (the shortest form that reads back to the same f64):
/// plain where that is short, in scientific notation where that is
/// shorter (`1e308`, not 309 digits; `1e-7`, not `0.0000001`), but never
/// a longer scientific form (`0.1543562000000001`, as Python prints it,
/// not `1.543562000000001e-1`). The arithmetic panel and the editors show
/// this.
pub fn exact(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let plain = format!("{v}");
    if plain.len() <= 12 {
        return plain;
    }
    let sci = format!("{v:e}");
    if sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

/// A sum as a person can check it: its exact form when that is short, else
/// rounded to 10 significant digits (written as briefly as that value can
/// be), with `true` for "rounded". A sum of a few products picks up
/// floating-point noise (`-0.045362389999999975`); the digits that carry
/// it are not ones a person checks by hand. The exact value stays on hover.
pub fn checkable(v: f64) -> (String, bool) {
    let plain = exact(v);
    if plain.len() <= 12 || !v.is_finite() {
        return (plain, false);
    }
    let rounded: f64 = format!("{v:.9e}").parse().unwrap_or(v);
    if rounded == v {
        return (plain, false);
    }
    (exact(rounded), true)
}

/// `= x` for a sum that is exact as written, `≈ x` for one rounded by
/// [`checkable`].
pub fn equals(v: f64) -> String {
    match checkable(v) {
        (s, false) => format!("= {s}"),
        (s, true) => format!("\u{2248} {s}"),
    }
}

/// [`exact`] in parentheses when negative, for equations.
pub fn exact_term(v: f64) -> String {
    let s = exact(v);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

/// At most this many characters in a cell.
pub const CELL_CHARS: usize = 5;

/// A value in at most [`CELL_CHARS`] characters, with up to 3 significant
/// digits: `7`, `-12`, `123`, `1.78`, `-0.71`, `0.05`, `12.3`, `1.2e5`,
/// `-1e-4`. Whole numbers up to 99999 (and down to -9999) print whole.
pub fn compact(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let whole = format!("{:.0}", v.round());
    if v.round() == v && whole.len() <= CELL_CHARS {
        return whole;
    }
    let mag = v.abs().log10().floor() as i32;
    if mag < 5 {
        // Fixed notation with 3 significant digits, fewer where they do not
        // fit, as long as one is left.
        let most = (2 - mag).max(0) as usize;
        for decimals in (0..=most).rev() {
            let s = trim(format!("{v:.decimals$}"));
            if s.len() <= CELL_CHARS && s.parse::<f64>().is_ok_and(|p| p != 0.0) {
                return s;
            }
        }
    }
    scientific(v)
}

/// `1.2e5`, `-3e-7`, `5e12`: the most exact scientific form that fits.
fn scientific(v: f64) -> String {
    for digits in (0..=2usize).rev() {
        let s = format!("{v:.digits$e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let out = format!("{}e{e}", trim(m.to_string()));
        if out.len() <= CELL_CHARS {
            return out;
        }
    }
    // A three-digit exponent with a sign (-1e308, 1e-300) does not fit.
    let sign = if v < 0.0 { "-" } else { "" };
    let size = if v.abs() >= 1.0 { "big" } else { "tiny" };
    format!("{sign}{size}")
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Font size of a grid's numbers, in CSS px before the page's zoom.
pub const CELL_FONT_PX: f64 = 12.0;
/// Width of one character of the cell font, in em (tabular digits of the
/// usual sans-serif fonts are 0.55 to 0.64 em; the widest is used).
const CHAR_EM: f64 = 0.64;
/// Room around the text inside a cell, in px.
const CELL_PAD_PX: f64 = 6.0;
/// The largest cell: beyond it a grid looks empty.
pub const MAX_PITCH_PX: f64 = 48.0;
/// The smallest cell of a heatmap (no numbers).
pub const MIN_HEAT_PITCH_PX: f64 = 6.0;

/// How a grid is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridLook {
    /// Cell size in px before zoom.
    pub pitch: f64,
    /// Whether the cells carry their numbers; if not, the grid is a heatmap
    /// and the numbers are read on hover, in the magnifier and the arithmetic.
    pub numbers: bool,
}

/// The smallest cell that shows `chars` characters of the cell font.
pub fn min_pitch(chars: usize) -> f64 {
    chars.max(1) as f64 * CHAR_EM * CELL_FONT_PX + CELL_PAD_PX
}

/// Size a `rows x cols` grid whose longest number has `chars` characters to
/// fit `budget` px (before zoom) in both directions.
pub fn grid_look(rows: usize, cols: usize, budget: f64, chars: usize) -> GridLook {
    let side = rows.max(cols).max(1) as f64;
    let fit = (budget / side).min(MAX_PITCH_PX);
    if fit >= min_pitch(chars) {
        GridLook {
            pitch: fit.floor(),
            numbers: true,
        }
    } else {
        GridLook {
            pitch: fit.max(MIN_HEAT_PITCH_PX).floor(),
            numbers: false,
        }
    }
}

/// The longest [`compact`] form among `values` (0 when there are none).
pub fn longest<'a>(values: impl IntoIterator<Item = &'a f64>) -> usize {
    let mut most = 0;
    for &v in values {
        if most == CELL_CHARS {
            break; // nothing is longer
        }
        most = most.max(compact_len(v));
    }
    most
}

/// `compact(v).len()`, without formatting the common case: whole numbers.
fn compact_len(v: f64) -> usize {
    if v.fract() == 0.0 && v.abs() < 1e4 {
        let a = v.abs() as u32;
        let digits = if a >= 1000 {
            4
        } else if a >= 100 {
            3
        } else if a >= 10 {
            2
        } else {
            1
        };
        digits + usize::from(v < 0.0 && a != 0)
    } else {
        compact(v).len()
    }
}

/// The colour scale for a set of values: the largest magnitude, rounded up
/// to a power of two so that most edits leave every other cell's colour
/// (and the page's style) untouched.
pub fn max_abs<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    let m = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if m > 0.0 {
        2f64.powi(m.log2().ceil() as i32)
    } else {
        1.0
    }
}

/// Parse what the user typed; `None` for an edit in progress (`-`, `1.`, ``).
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || t == "-"
        || t == "+"
        || t == "."
        || t == "-."
        || t.ends_with('.')
        || t.ends_with('e')
        || t.ends_with("e-")
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_is_the_largest_magnitude_rounded_up_to_a_power_of_two() {
        assert_eq!(max_abs(&[0.3, -5.0, 2.0]), 8.0);
        assert_eq!(max_abs(&[4.0]), 4.0);
        assert_eq!(max_abs(&[f64::NAN, f64::INFINITY, -0.5]), 0.5);
        assert_eq!(max_abs(&[]), 1.0);
        assert_eq!(max_abs(&[0.0, -0.0]), 1.0);
    }

    #[test]
    fn half_typed_numbers_are_not_numbers_yet() {
        for pending in [
            "", " ", "-", "+", ".", "-.", "1.", "1e", "1e-", "abc", "1e999", "NaN", "inf",
        ] {
            assert_eq!(parse_number(pending), None, "{pending:?}");
        }
        assert_eq!(parse_number(" -2.5 "), Some(-2.5));
        assert_eq!(parse_number("1e-3"), Some(0.001));
        assert_eq!(parse_number(".5"), Some(0.5));
    }

    #[test]
    fn compact_forms() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (7.0, "7"),
            (-12.0, "-12"),
            (99999.0, "99999"),
            (-9999.0, "-9999"),
            (1.784, "1.78"),
            (-0.706, "-0.71"),
            (0.05, "0.05"),
            (12.34, "12.3"),
            (123.4, "123"),
            (-456.7, "-457"),
            (1234.6, "1235"),
            (123456.0, "1.2e5"),
            (0.0001234, "1e-4"),
            (-0.0001234, "-1e-4"),
            (3.14159, "3.14"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "inf"),
            (1e308, "1e308"),
            (-1e308, "-big"),
            (-1e-300, "-tiny"),
            (-0.00123, "-1e-3"),
            (0.00123, "0.001"),
        ];
        for (v, want) in cases {
            assert_eq!(compact(v), want, "compact({v})");
        }
    }

    /// Half a unit of the last digit shown (`1.78` -> 0.005, `1e-4` -> 5e-5).
    fn half_ulp(s: &str) -> f64 {
        let (m, e) = s.split_once('e').unwrap_or((s, "0"));
        let decimals = m.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let e: i32 = e.parse().unwrap();
        0.5 * 10f64.powi(e - decimals)
    }

    #[test]
    fn compact_always_fits_and_rounds_to_what_it_shows() {
        let mut x = 1e-12f64;
        while x < 1e15 {
            for v in [x, -x, x * 1.37, -x * 7.77, x * 9.99, -x * 4.4444] {
                let s = compact(v);
                assert!(s.len() <= CELL_CHARS, "{v} -> {s}");
                if s.ends_with("big") || s.ends_with("tiny") {
                    // Only where no scientific form fits: exponents past ±99 with a sign.
                    assert!(v < 0.0 && (v.abs() >= 1e10 || v.abs() < 1e-9), "{v} -> {s}");
                    continue;
                }
                let p: f64 = s
                    .parse()
                    .unwrap_or_else(|_| panic!("{v} -> {s} does not parse"));
                assert!((p - v).abs() <= half_ulp(&s) * (1.0 + 1e-9), "{v} -> {s}");
                // At least one significant digit, and 3 where 5 characters allow.
                assert!(p != 0.0, "{v} -> {s}");
            }
            x *= 3.1;
        }
    }

    #[test]
    fn the_fast_length_is_the_length() {
        for v in [
            0.0, -0.0, 7.0, -7.0, 10.0, -99.0, 999.0, -1000.0, 9999.0, -9999.0, 0.5, 12345.0,
            -12345.0,
        ] {
            assert_eq!(compact_len(v), compact(v).len(), "{v}");
        }
        assert_eq!(longest(&[1.0, -2.0, 0.25]), 4);
    }

    #[test]
    fn exact_reads_back_and_takes_the_shorter_form() {
        // Values an arithmetic panel meets: float noise, tiny and huge ones.
        let mut k: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.1543562000000001,
            1e308,
            -1e-300,
            1e-7,
            0.0001,
            123456.78901234,
            1e15,
            2.5,
        ];
        for _ in 0..20_000 {
            k = k
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let v = f64::from_bits(k);
            if v.is_finite() {
                values.push(v);
            }
        }
        for v in values {
            let s = exact(v);
            let back: f64 = s.parse().unwrap();
            assert_eq!(
                back.to_bits(),
                if v == 0.0 { 0 } else { v.to_bits() },
                "{v} shown as {s}"
            );
            let (plain, sci) = (format!("{v}"), format!("{v:e}"));
            // Plain up to 12 characters, else whichever is shorter (plain on a tie).
            let want = if plain.len() <= 12 || plain.len() <= sci.len() {
                plain
            } else {
                sci
            };
            assert_eq!(s, if v == 0.0 { "0".to_string() } else { want });
        }
        assert!(!exact(0.1543562000000001).contains('e'));
        assert_eq!(exact(1e308).len(), 5);
    }

    #[test]
    fn grids_show_numbers_only_where_they_fit() {
        let look = grid_look(8, 8, 300.0, 1);
        assert!(look.numbers && look.pitch <= MAX_PITCH_PX);
        let floats = grid_look(8, 8, 300.0, 5);
        assert_eq!(floats.numbers, 300.0 / 8.0 >= min_pitch(5));
        let big = grid_look(64, 64, 300.0, 1);
        assert!(!big.numbers && big.pitch >= MIN_HEAT_PITCH_PX);
        assert!(min_pitch(5) > min_pitch(2));
    }
}
