//! One spatial axis of a conv2d or a pool: the output-size rule with its
//! numbers, and the same rule changed by each mistake. The right answer is
//! always the engine's; [`Axis::out`] is what the words say, and the tests
//! check that the two agree.

use crate::core::engine::plan::Plan;
use crate::core::ops::network::pool::Window;
use crate::core::practice::rules::words::{ceil_div, floor_div};

/// What the output-size rule reads along one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Axis {
    pub size: i64,
    /// Padding before (top/left) and after (bottom/right).
    pub lo: i64,
    pub hi: i64,
    pub k: i64,
    pub d: i64,
    pub s: i64,
    /// Round up (a pool's `ceil_mode`).
    pub ceil: bool,
    /// A pool: with `ceil_mode`, a last window starting in the right
    /// padding is dropped.
    pub pool: bool,
}

impl Axis {
    /// Axis `a` (0: H, 1: W) of a conv2d's plan.
    pub fn of_plan(p: &Plan, a: usize) -> Axis {
        let (lo, hi) = if a == 0 {
            (p.pads.top, p.pads.bottom)
        } else {
            (p.pads.left, p.pads.right)
        };
        Axis {
            size: p.input_hw()[a] as i64,
            lo: lo as i64,
            hi: hi as i64,
            k: p.kernel_hw()[a] as i64,
            d: p.dilation[a] as i64,
            s: p.stride[a] as i64,
            ceil: false,
            pool: false,
        }
    }

    /// Axis `a` of a pool's window over `size` rows or columns.
    pub fn of_window(w: &Window, size: i64, a: usize) -> Axis {
        Axis {
            size,
            lo: w.padding[a],
            hi: w.padding[a],
            k: w.kernel[a],
            d: w.dilation[a],
            s: w.stride[a],
            ceil: w.ceil_mode,
            pool: true,
        }
    }

    pub fn span(self) -> i64 {
        self.d * (self.k - 1) + 1
    }

    fn divided(self) -> i64 {
        let num = self.size + self.lo + self.hi - self.span();
        if self.ceil {
            ceil_div(num, self.s)
        } else {
            floor_div(num, self.s)
        }
    }

    /// Whether a pool's last window, rounded up to, would start in the
    /// right padding and is dropped.
    fn drops_last(self) -> bool {
        self.pool && self.ceil && self.divided() * self.s >= self.size + self.lo
    }

    /// The output size by this rule.
    pub fn out(self) -> i64 {
        self.divided() + 1 - i64::from(self.drops_last())
    }

    /// The rule with the numbers in: `floor((7 + 2·1 − 3) / 2) + 1 = 4`.
    pub fn words(self) -> String {
        let pad = if self.lo == self.hi {
            format!("2\u{b7}{}", self.lo)
        } else {
            format!("{} + {}", self.lo, self.hi)
        };
        let span = if self.d == 1 {
            format!("{}", self.k)
        } else {
            format!("{}\u{b7}({} \u{2212} 1) \u{2212} 1", self.d, self.k)
        };
        let inner = format!("{} + {pad} \u{2212} {span}", self.size);
        let round = if self.ceil { "ceil" } else { "floor" };
        let mut t = if self.s == 1 && !self.ceil {
            format!("{inner} + 1")
        } else {
            format!("{round}(({inner}) / {}) + 1", self.s)
        };
        if self.drops_last() {
            t += &format!(
                " = {}, less the last window, which would start in the padding",
                self.divided() + 1
            );
        }
        format!("{t} = {}", self.out())
    }
}

/// The padding left out.
pub fn padding_forgotten(a: Axis) -> Axis {
    Axis { lo: 0, hi: 0, ..a }
}

/// The padding counted before the input only.
pub fn padding_once(a: Axis) -> Axis {
    Axis { hi: 0, ..a }
}

/// The kernel's taps taken as neighbours.
pub fn dilation_ignored(a: Axis) -> Axis {
    Axis { d: 1, ..a }
}

/// Rounded the other way, and without PyTorch's rule for a last window in
/// the padding (which a person rounding the wrong way would not apply).
pub fn floor_ceil_swapped(a: Axis) -> Axis {
    Axis {
        ceil: !a.ceil,
        pool: false,
        ..a
    }
}

/// A pool's stride taken as 1.
pub fn pool_stride_one(a: Axis) -> Axis {
    Axis { s: 1, ..a }
}

/// The stride dividing every place the window fits at, not the steps
/// between them: `floor((H + 2·p − k + 1) / s)`.
pub fn stride_on_input(a: Axis) -> (i64, String) {
    let places = a.size + a.lo + a.hi - a.span() + 1;
    let v = floor_div(places, a.s);
    let pad = if a.lo == a.hi {
        format!("2\u{b7}{}", a.lo)
    } else {
        format!("{} + {}", a.lo, a.hi)
    };
    let span = if a.d == 1 {
        a.k.to_string()
    } else {
        format!("{}\u{b7}({} \u{2212} 1) \u{2212} 1", a.d, a.k)
    };
    (
        v,
        format!(
            "floor(({} + {pad} \u{2212} {span} + 1) / {}) = {v}",
            a.size, a.s
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(size: i64, p: i64, k: i64, d: i64, s: i64) -> Axis {
        Axis {
            size,
            lo: p,
            hi: p,
            k,
            d,
            s,
            ceil: false,
            pool: false,
        }
    }

    #[test]
    fn the_issues_example_reads_as_the_issue_writes_it() {
        let a = axis(32, 1, 3, 1, 2);
        assert_eq!(a.words(), "floor((32 + 2\u{b7}1 \u{2212} 3) / 2) + 1 = 16");
        assert_eq!(
            padding_forgotten(a).words(),
            "floor((32 + 2\u{b7}0 \u{2212} 3) / 2) + 1 = 15"
        );
        assert_eq!(padding_once(a).out(), 16);
        assert_eq!(stride_on_input(axis(7, 0, 3, 1, 2)).0, 2);
        assert_eq!(axis(7, 0, 3, 1, 2).out(), 3);
        assert_eq!(dilation_ignored(axis(9, 0, 3, 2, 1)).out(), 7);
        assert_eq!(axis(9, 0, 3, 2, 1).out(), 5);
        assert_eq!(floor_ceil_swapped(axis(8, 0, 3, 1, 2)).out(), 4);
    }

    #[test]
    fn a_pool_rounding_up_drops_a_window_that_starts_in_the_padding() {
        let pool = |a: Axis| Axis {
            pool: true,
            ceil: true,
            ..a
        };
        // On 4 with k 2, s 2, p 1: ceil(4/2) + 1 = 3; the third window
        // starts at 4 < 4 + 1, inside: kept.
        assert_eq!(pool(axis(4, 1, 2, 1, 2)).out(), 3);
        // On 1 with k 2, s 2, p 1: ceil(1/2) + 1 = 2; the second window
        // starts at 2 >= 1 + 1, in the right padding: dropped.
        let a = pool(axis(1, 1, 2, 1, 2));
        assert_eq!(a.out(), 1);
        assert!(a.words().contains("less the last window"), "{}", a.words());
        // Rounding the other way forgets that rule.
        assert_eq!(floor_ceil_swapped(a).out(), 1);
        assert_eq!(floor_ceil_swapped(axis(1, 1, 2, 1, 2)).out(), 2);
    }
}
