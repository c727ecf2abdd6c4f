//! The arithmetic panel's words: a frame's sum of products as an
//! equation with its numbers, channel by channel (so it is plain that an
//! output sums over every input channel of its group), then the bias, then
//! the value. Numbers are written exactly, as Python prints them.

use crate::core::engine::frame::Frame;
use crate::core::model::scene::OpKind;
use crate::core::present::display::{checkable, equals, exact as short, exact_term as term};

/// Terms written out per channel before the rest is summarised.
const MAX_TERMS: usize = 25;

/// One channel's row: its label, products and partial sum.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `(step, channel)`: a row is built again for a new step or channel.
    pub key: (usize, usize),
    pub label: String,
    pub terms: String,
    pub eq: String,
    pub new: bool,
}

/// Everything the panel says about one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    pub head: String,
    pub rows: Vec<Row>,
    pub total: Option<String>,
    pub result: String,
    /// The value exactly, as Python prints it (the result may be rounded).
    pub exact: String,
    pub complete: bool,
}

impl Said {
    /// The step as one sentence for a screen reader, read out on demand:
    /// "Step 2 of 36. output[0, 1]: 4×1 + 4×0 + 4×(-1) = 0."
    pub fn spoken(&self, step: usize, frames: usize) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| {
                let label = if r.label.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", r.label)
                };
                format!(
                    "{label}{}{}",
                    r.terms,
                    if self.rows.len() > 1 {
                        r.eq.as_str()
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let total = self
            .total
            .as_ref()
            .map(|t| format!("; {t}"))
            .unwrap_or_default();
        format!(
            "Step {} of {frames}. {}: {}{total} {}.",
            step + 1,
            self.head,
            rows.join("; "),
            self.result
        )
    }

    /// The arithmetic of a frame that asks before its reveal: the products
    /// stay (the class works the sum out from them), every sum is a
    /// question mark.
    pub fn asked(self) -> Said {
        Said {
            rows: self
                .rows
                .into_iter()
                .map(|r| Row {
                    eq: " = ?".into(),
                    ..r
                })
                .collect(),
            total: self.total.map(|_| "sum over channels: ?".into()),
            result: "= ?".into(),
            exact: "?".into(),
            complete: false,
            ..self
        }
    }
}

/// The arithmetic of frame `f`, `sub` sub-steps in, for an op of `kind`.
pub fn said(f: &Frame, kind: Option<OpKind>, sub: usize) -> Said {
    let [n, o, i, j] = f.index;
    let head = if kind == Some(OpKind::Torch) {
        format!("output[{n}, {o}, {i}, {j}]")
    } else {
        format!("output[{i}, {j}]")
    };
    let last = f.channel_reached(sub).unwrap_or(f.channels.start);
    let complete = f.complete(sub);
    let multi = f.substeps.len() > 1;
    let rows = f
        .substeps
        .iter()
        .filter(|s| s.channel <= last)
        .map(|s| {
            let terms: Vec<String> = s
                .taps
                .iter()
                .take(MAX_TERMS)
                .map(|t| format!("{}\u{00d7}{}", term(t.input), term(t.weight)))
                .collect();
            let more = s.taps.len().saturating_sub(MAX_TERMS);
            let tail = if more > 0 {
                format!(" + \u{2026} ({more} more)")
            } else {
                String::new()
            };
            let label = if kind == Some(OpKind::Torch) {
                format!("channel {} \u{00b7} weight[{o}, {}]", s.channel, s.slice)
            } else {
                String::new()
            };
            Row {
                key: (f.step, s.channel),
                label,
                terms: format!("{}{tail}", terms.join(" + ")),
                eq: format!(" {}", equals(s.partial)),
                new: s.channel == last,
            }
        })
        .collect();
    let running = f
        .substeps
        .iter()
        .find(|s| s.channel == last)
        .map_or(0.0, |s| s.running);
    let total = multi.then(|| {
        let parts: Vec<String> = f
            .substeps
            .iter()
            .filter(|s| s.channel <= last)
            .map(|s| term(s.partial))
            .collect();
        format!(
            "sum over channels: {} {}",
            parts.join(" + "),
            equals(running)
        )
    });
    let result = if complete {
        match f.bias {
            Some(b) => format!(
                "{} + bias {} {}",
                checkable(running).0,
                term(b),
                equals(f.value)
            ),
            None => equals(f.value),
        }
    } else {
        format!(
            "{} of {} channels summed so far\u{2026}",
            last + 1 - f.channels.start,
            f.substeps.len()
        )
    };
    Said {
        head,
        rows,
        total,
        result,
        exact: short(f.value),
        complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::presets::{edge_kernel, step_edge, torch_scene};
    use crate::core::engine::plan::Plan;
    use crate::core::model::target::Target;

    #[test]
    fn one_channel_sums_its_products_and_gives_the_value() {
        let plan = Plan::new(&torch_scene(&step_edge(), &edge_kernel())).unwrap();
        let f = plan.frame_at(0).unwrap();
        let s = said(&f, Some(OpKind::Torch), 0);
        assert_eq!(s.head, "output[0, 0, 0, 0]");
        assert_eq!(s.rows.len(), 1);
        // Every tap's input times its weight, in the frame's order.
        let want: Vec<String> = f.substeps[0]
            .taps
            .iter()
            .map(|t| format!("{}\u{00d7}{}", term(t.input), term(t.weight)))
            .collect();
        assert_eq!(s.rows[0].terms, want.join(" + "));
        assert!(s.rows[0]
            .terms
            .starts_with("4\u{00d7}(-1) + 4\u{00d7}0 + 4\u{00d7}1"));
        assert_eq!(s.rows[0].eq, format!(" {}", equals(f.value)));
        assert!(s.complete);
        assert_eq!(s.result, equals(f.value));
        assert_eq!(s.exact, short(f.value));
        assert_eq!(s.total, None);
    }

    #[test]
    fn a_step_is_spoken_as_one_sentence_with_its_value_or_its_question() {
        let plan = Plan::new(&torch_scene(&step_edge(), &edge_kernel())).unwrap();
        let f = plan.frame_at(2).unwrap();
        let s = said(&f, Some(OpKind::Torch), 0);
        let words = s.spoken(2, plan.frame_count());
        assert!(
            words.starts_with(&format!(
                "Step 3 of {}. output[0, 0, 0, 2]: ",
                plan.frame_count()
            )),
            "{words}"
        );
        assert!(
            words.contains(&s.rows[0].terms) && words.ends_with(&format!("{}.", equals(f.value))),
            "{words}"
        );
        let asked = s.asked().spoken(2, plan.frame_count());
        assert!(asked.ends_with("= ?."), "{asked}");
    }

    #[test]
    fn a_frame_that_asks_shows_its_products_and_no_sum() {
        let mut scene = torch_scene(&step_edge(), &edge_kernel());
        scene.resize(Target::Input, [1, 2, 8, 8]);
        scene.set_bias_enabled(true);
        let plan = Plan::new(&scene).unwrap();
        let f = plan.frame_at(1).unwrap();
        let whole = said(&f, Some(OpKind::Torch), 1);
        let asked = whole.clone().asked();
        assert_eq!(asked.head, whole.head);
        let terms = |s: &Said| s.rows.iter().map(|r| r.terms.clone()).collect::<Vec<_>>();
        assert_eq!(terms(&asked), terms(&whole));
        // No number that is a sum: not the value, not a channel's partial.
        let said_text = format!(
            "{} {} {} {:?}",
            asked.result,
            asked.exact,
            asked.rows.iter().map(|r| r.eq.clone()).collect::<String>(),
            asked.total
        );
        assert!(
            !said_text.chars().any(|c| c.is_ascii_digit()),
            "{said_text}"
        );
        assert!(!asked.complete);
        assert_eq!(asked.result, "= ?");
    }

    #[test]
    fn several_channels_are_summed_one_at_a_time_then_the_bias() {
        let mut scene = torch_scene(&step_edge(), &edge_kernel());
        scene.resize(Target::Input, [1, 2, 8, 8]);
        scene.set_bias_enabled(true);
        let plan = Plan::new(&scene).unwrap();
        let f = plan.frame_at(0).unwrap();
        assert_eq!(f.channels, 0..2);
        let half = said(&f, Some(OpKind::Torch), 0);
        assert!(!half.complete);
        assert_eq!(half.rows.len(), 1);
        assert_eq!(half.result, "1 of 2 channels summed so far\u{2026}");
        let whole = said(&f, Some(OpKind::Torch), 1);
        assert!(whole.complete);
        assert_eq!(whole.rows.len(), 2);
        assert!(whole.rows[1].new && !whole.rows[0].new);
        assert!(whole
            .total
            .as_deref()
            .unwrap()
            .starts_with("sum over channels: "));
        assert!(whole.result.contains(" + bias "), "{}", whole.result);
        assert!(whole.result.ends_with(&equals(f.value)));
        // SciPy's 2-D arrays are written with two indices.
        assert_eq!(said(&f, Some(OpKind::Convolve), 1).head, "output[0, 0]");
    }

    #[test]
    fn sums_are_written_to_the_digits_a_person_checks() {
        // 0.1 + 0.2 in floating point.
        assert_eq!(equals(0.1 + 0.2), "\u{2248} 0.3");
        assert_eq!(equals(-0.045362389999999975), "\u{2248} -0.04536239");
        assert_eq!(equals(2.5), "= 2.5");
        assert_eq!(equals(-9.0), "= -9");
        // Short values are never rounded, however many digits they need.
        assert_eq!(equals(0.125), "= 0.125");
        assert_eq!(checkable(1e-20), ("1e-20".to_string(), false));
    }

    #[test]
    fn a_rounded_sum_keeps_its_exact_value() {
        let mut scene = torch_scene(&step_edge(), &edge_kernel());
        scene.set_value(Target::Input, [0, 0, 0, 0], 0.1);
        scene.set_value(Target::Input, [0, 0, 0, 2], 0.3);
        scene.set_value(Target::Kernel, [0, 0, 0, 0], 1.0);
        scene.set_value(Target::Kernel, [0, 0, 0, 2], 1.0);
        let plan = Plan::new(&scene).unwrap();
        let f = plan.frame_at(0).unwrap();
        let s = said(&f, Some(OpKind::Torch), 0);
        assert_eq!(s.exact, short(f.value));
        assert!(
            s.result.len() <= s.exact.len() + 4,
            "{} vs {}",
            s.result,
            s.exact
        );
        assert_eq!(said(&f, Some(OpKind::Convolve), 1).head, "output[0, 0]");
    }
}
