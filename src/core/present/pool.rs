//! A pool frame's arithmetic in words, for the stack view: which cells the
//! window reads, the one a max pool picks, or an average pool's sum, the
//! divisor PyTorch uses and why, and the cells that are only padding or
//! only there because of `ceil_mode`. The view shows these lines as they
//! are.

use crate::core::model::pool::PoolKind;
use crate::core::ops::stack::pool_frame::{Divisor, Place, PoolStep};
use crate::core::present::display::{equals, exact, exact_term};

/// The lines of a pool frame: a heading, then one line per part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSaid {
    pub head: String,
    pub lines: Vec<String>,
    /// The value written, as the output shows it: `= 4`.
    pub result: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What frame `s` of layer `layer` computes, in words.
pub fn pool_said(layer: usize, s: &PoolStep) -> PoolSaid {
    let [n, c, i, j] = s.index;
    let real: Vec<f64> = s.taps.iter().filter_map(|t| t.value).collect();
    let padding = s.taps.iter().filter(|t| t.place == Place::Padding).count();
    let ceil = s.taps.iter().filter(|t| t.place == Place::Ceil).count();
    let terms = |sep: &str| {
        real.iter()
            .map(|v| exact_term(*v))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let mut lines = Vec::new();
    let head;
    match s.kind {
        PoolKind::Max => {
            head = format!("Layer {layer} (MaxPool2d): output[{n}, {c}, {i}, {j}] is the largest value in its window");
            lines.push(format!("max({}) {}", terms(", "), equals(s.value)));
            if let Some([y, x]) = s.picked {
                lines.push(format!(
                    "picked: row {y}, column {x} of the level below (marked)"
                ));
            }
            if padding > 0 {
                lines.push(format!(
                    "{} in the padding, which holds -inf: padding never wins",
                    plural(padding, "tap lies", "taps lie")
                ));
            }
        }
        PoolKind::Avg => {
            head = format!("Layer {layer} (AvgPool2d): output[{n}, {c}, {i}, {j}] is its window's sum over a divisor");
            let sum = if real.is_empty() {
                "sum of no real cell = 0".to_string()
            } else {
                format!(
                    "sum of {}: {} {}",
                    plural(real.len(), "real cell", "real cells"),
                    terms(" + "),
                    equals(s.sum)
                )
            };
            lines.push(sum);
            match s.divisor {
                Some(Divisor::Override(d)) => {
                    lines.push(format!("divisor {d}: divisor_override={d}, whatever the window covers"));
                }
                Some(Divisor::Padded([h, w])) => lines.push(format!(
                    "divisor {}: count_include_pad=True counts the window on the padded input, {h} x {w}{}",
                    h * w,
                    if padding > 0 { " (padding zeros included)" } else { "" }
                )),
                Some(Divisor::Real([h, w])) => lines.push(format!(
                    "divisor {}: count_include_pad=False counts only the real cells, {h} x {w}",
                    h * w
                )),
                None => lines.push("no real cell under the window: the output is 0".into()),
            }
            if let Some(d) = s.divisor {
                lines.push(format!(
                    "{} / {} {}",
                    exact_term(s.sum),
                    exact_term(d.value() as f64),
                    equals(s.value)
                ));
            }
        }
    }
    if ceil > 0 {
        lines.push(format!(
            "{} past the padding, where only ceil_mode's last window reaches: nothing is read there{}",
            plural(ceil, "tap lies", "taps lie"),
            if s.kind == PoolKind::Avg { ", and the divisor does not count it" } else { "" }
        ));
    }
    PoolSaid {
        head,
        lines,
        result: format!("output[{n}, {c}, {i}, {j}] = {}", exact(s.value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::pool::PoolArgs;
    use crate::core::ops::stack::{Stack, StackLayer, StackScene};
    use ndarray::Array4;

    fn step(p: PoolArgs, g: usize) -> PoolStep {
        let input = Array4::from_shape_fn((1, 1, 3, 3), |(_, _, i, j)| (3 * i + j) as f64);
        let st = Stack::new(&StackScene::new(input, vec![StackLayer::Pool(p)])).unwrap();
        st.frame_at(g).unwrap().pool.unwrap()
    }

    #[test]
    fn the_words_name_the_pick_the_divisor_and_the_cells_only_ceil_mode_reaches() {
        // 3x3 input 0..8, MaxPool2d(2, ceil_mode=True): output (1, 1)
        // reads row 2, column 2 alone; its window hangs past the input.
        let max = PoolArgs {
            ceil_mode: true,
            ..PoolArgs::new(PoolKind::Max, [2, 2])
        };
        let said = pool_said(0, &step(max, 3));
        assert_eq!(said.lines[0], "max(8) = 8");
        assert!(said.lines[1].contains("row 2, column 2"));
        assert!(said.lines[2].starts_with("3 taps lie past the padding"));
        // AvgPool2d(2, padding=1, count_include_pad=False): output (0, 0)
        // reads input (0, 0) alone and divides by 1.
        let avg = PoolArgs {
            padding: [1, 1],
            count_include_pad: false,
            ..PoolArgs::new(PoolKind::Avg, [2, 2])
        };
        let said = pool_said(0, &step(avg, 0));
        assert_eq!(said.lines[0], "sum of 1 real cell: 0 = 0");
        assert!(said.lines[1].starts_with("divisor 1: count_include_pad=False"));
        assert_eq!(said.lines[2], "0 / 1 = 0");
    }
}
