//! One axis of a transposed convolution: its output-size rule with the
//! numbers, the same rule changed by each mistake, and the
//! `output_padding` that reaches a wanted size. The right answers are the
//! engine's; [`TAxis::out`] is what the words say, and the tests check
//! that the two agree.

use crate::core::engine::plan::Plan;
use crate::core::practice::rules::axis::Axis;
use crate::core::practice::rules::words::num;

/// What `(H − 1)·stride − 2·padding + dilation·(k − 1) + output_padding
/// + 1` reads along one axis, and how a mistake reads it instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TAxis {
    pub size: i64,
    pub s: i64,
    pub p: i64,
    pub d: i64,
    pub k: i64,
    pub op: i64,
    /// `(H − 1)·stride`: the stride spreads the steps between input cells
    /// (`false`: `H·stride`, the mistake).
    pub steps: bool,
    /// How many times the padding is taken off (2, or 1 by mistake).
    pub pad_times: i64,
    /// How many times `output_padding` is added (1, or 2 by mistake).
    pub op_times: i64,
    /// `output_padding` added to the input, by mistake.
    pub op_on_input: bool,
}

impl TAxis {
    /// Axis `a` (0: H, 1: W) of a transposed convolution's plan.
    pub fn of_plan(plan: &Plan, a: usize) -> Option<TAxis> {
        let s = plan.spread.as_ref()?;
        Some(TAxis {
            size: plan.input_hw()[a] as i64,
            s: s.stride[a] as i64,
            p: s.padding[a] as i64,
            d: plan.dilation[a] as i64,
            k: plan.kernel_hw()[a] as i64,
            op: s.output_padding[a] as i64,
            steps: true,
            pad_times: 2,
            op_times: 1,
            op_on_input: false,
        })
    }

    /// The output size by this rule.
    pub fn out(self) -> i64 {
        let cells = if self.op_on_input {
            self.size + self.op
        } else {
            self.size
        };
        let spread = if self.steps { cells - 1 } else { cells } * self.s;
        let op = if self.op_on_input {
            0
        } else {
            self.op_times * self.op
        };
        spread - self.pad_times * self.p + self.d * (self.k - 1) + op + 1
    }

    /// The rule with the numbers in:
    /// `(3 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 6`.
    pub fn words(self) -> String {
        let m = "\u{2212}";
        let cells = if self.op_on_input {
            format!("{} + {}", self.size, self.op)
        } else {
            self.size.to_string()
        };
        let spread = if self.steps {
            format!("({cells} {m} 1)\u{b7}{}", self.s)
        } else if self.op_on_input {
            format!("({cells})\u{b7}{}", self.s)
        } else {
            format!("{cells}\u{b7}{}", self.s)
        };
        let pad = if self.pad_times == 1 {
            format!("{}", self.p)
        } else {
            format!("{}\u{b7}{}", self.pad_times, self.p)
        };
        let op = match (self.op_on_input, self.op_times) {
            (true, _) => String::new(),
            (false, 1) => format!(" + {}", self.op),
            (false, t) => format!(" + {t}\u{b7}{}", self.op),
        };
        format!(
            "{spread} {m} {pad} + {}\u{b7}({} {m} 1){op} + 1 = {}",
            self.d,
            self.k,
            num(self.out())
        )
    }

    /// The smallest output this layer gives: no output padding.
    fn smallest(self) -> TAxis {
        TAxis { op: 0, ..self }
    }

    /// Whether PyTorch accepts this output padding: below the stride or
    /// below the dilation.
    fn legal(self, op: i64) -> bool {
        op >= 0 && (op < self.s || op < self.d)
    }

    /// The output padding that makes this axis `want` long, as a person
    /// who adds it `factor` times (1, or 2 on both sides, or the stride's
    /// worth when added to the input) would find it, with the words.
    fn solve(self, want: i64, factor: i64) -> (Option<i64>, String) {
        let min = self.smallest();
        let low = min.out();
        let gap = want - low;
        let mut t = format!("the smallest size is {}", min.words());
        let op = if gap < 0 {
            t += &format!(", already more than {want}: impossible");
            None
        } else if gap % factor != 0 {
            t += &format!(
                "; {want} {} {low} = {gap} is not a multiple of {factor}: impossible",
                "\u{2212}"
            );
            None
        } else {
            let op = gap / factor;
            let of = if factor == 1 {
                String::new()
            } else {
                format!(" / {factor}")
            };
            t += &format!("; output_padding = ({want} \u{2212} {low}){of} = {op}");
            if self.legal(op) {
                Some(op)
            } else {
                t += &format!(
                    ", which is not below the stride {} or the dilation {}: impossible",
                    self.s, self.d
                );
                None
            }
        };
        (op, t)
    }

    /// The output padding that makes this axis `want` long, and the words.
    pub fn output_padding(self, want: i64) -> (Option<i64>, String) {
        self.solve(want, 1)
    }
}

/// The padding left out.
pub fn padding_forgotten(a: TAxis) -> TAxis {
    TAxis { p: 0, ..a }
}

/// The padding taken off once instead of twice.
pub fn padding_once(a: TAxis) -> TAxis {
    TAxis { pad_times: 1, ..a }
}

/// The kernel's taps taken as neighbours.
pub fn dilation_ignored(a: TAxis) -> TAxis {
    TAxis { d: 1, ..a }
}

/// `H·stride` instead of `(H − 1)·stride`.
pub fn stride_on_input(a: TAxis) -> TAxis {
    TAxis { steps: false, ..a }
}

/// `output_padding` added on both sides.
pub fn output_padding_twice(a: TAxis) -> TAxis {
    TAxis { op_times: 2, ..a }
}

/// `output_padding` added to the input before the stride spreads it.
pub fn output_padding_on_input(a: TAxis) -> TAxis {
    TAxis {
        op_on_input: true,
        ..a
    }
}

/// conv2d's rule, which maps sizes the other way.
pub fn forward_rule(a: TAxis) -> (i64, String) {
    let conv = Axis {
        size: a.size,
        lo: a.p,
        hi: a.p,
        k: a.k,
        d: a.d,
        s: a.s,
        ceil: false,
        pool: false,
    };
    (conv.out(), conv.words())
}

/// The output padding for `want` under a changed size rule: `rule`
/// changes the smallest size; doubling and the input side change how much
/// one unit of output padding adds.
pub fn output_padding_under(
    a: TAxis,
    want: i64,
    rule: fn(TAxis) -> TAxis,
) -> (Option<i64>, String) {
    let changed = rule(a);
    let factor = if changed.op_on_input {
        changed.s
    } else {
        changed.op_times
    };
    changed.solve(want, factor.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(size: i64, s: i64, p: i64, d: i64, k: i64, op: i64) -> TAxis {
        TAxis {
            size,
            s,
            p,
            d,
            k,
            op,
            steps: true,
            pad_times: 2,
            op_times: 1,
            op_on_input: false,
        }
    }

    #[test]
    fn each_mistake_changes_the_rule_it_names() {
        let a = t(3, 2, 1, 1, 3, 1);
        assert_eq!(a.out(), 6);
        assert_eq!(
            a.words(),
            "(3 \u{2212} 1)\u{b7}2 \u{2212} 2\u{b7}1 + 1\u{b7}(3 \u{2212} 1) + 1 + 1 = 6"
        );
        assert_eq!(padding_forgotten(a).out(), 8);
        assert_eq!(padding_once(a).out(), 7);
        assert_eq!(stride_on_input(a).out(), 8);
        assert_eq!(output_padding_twice(a).out(), 7);
        assert_eq!(output_padding_on_input(a).out(), 7);
        assert_eq!(dilation_ignored(t(3, 2, 1, 2, 3, 0)).out(), 5);
        assert_eq!(forward_rule(a).0, 2);
    }

    #[test]
    fn output_padding_reaches_a_size_or_says_it_cannot() {
        let a = t(3, 2, 1, 1, 3, 0);
        assert_eq!(a.output_padding(5).0, Some(0));
        assert_eq!(a.output_padding(6).0, Some(1));
        let (none, words) = a.output_padding(7);
        assert_eq!(none, None);
        assert!(words.contains("impossible"), "{words}");
        assert_eq!(a.output_padding(4).0, None);
        // Dilation 3 allows up to 2 even at stride 1.
        assert_eq!(t(3, 1, 0, 3, 2, 0).output_padding(8).0, Some(2));
        // On both sides: 6 - 5 = 1 is odd.
        assert_eq!(output_padding_under(a, 6, output_padding_twice).0, None);
        assert_eq!(
            output_padding_under(t(3, 3, 0, 1, 3, 0), 11, output_padding_twice).0,
            Some(1)
        );
        // On the input: one unit adds the stride.
        assert_eq!(
            output_padding_under(t(3, 2, 0, 1, 3, 0), 9, output_padding_on_input).0,
            Some(1)
        );
    }
}
