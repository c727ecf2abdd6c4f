//! "Why this size?": the output size along each axis explained in words,
//! with the scene's numbers. The floor and the rows it never reads, what
//! more padding would give, and, going back up, what `output_padding` adds.
//! Every number here is the plan's, and the tests recompute each claim.

use crate::core::engine::plan::Plan;
use crate::core::model::scene::Mode;

/// The explanation of one axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Why {
    /// `H_out` or `W_out`.
    pub axis: &'static str,
    pub text: String,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Why the output is as large as it is, along H (`[0]`) and W (`[1]`).
pub fn why_size(plan: &Plan) -> [Why; 2] {
    [0, 1].map(|a| Why {
        axis: ["H_out", "W_out"][a],
        text: explain(plan, a),
    })
}

fn explain(p: &Plan, a: usize) -> String {
    let (rows, row) = if a == 0 {
        ("rows", "row")
    } else {
        ("columns", "column")
    };
    let size = p.input_hw()[a];
    let out = p.out_hw[a];
    let k = p.kernel_hw()[a];
    let d = p.dilation[a];
    // The window a kernel covers, dilated.
    let span = d * (k - 1) + 1;
    if let Some(s) = &p.spread {
        let full = (size - 1) * s.stride[a] + span;
        let mut t = format!(
            "Going back up: each of the {size} input {rows} stamps the {span}-wide kernel, {} apart, over {full} {rows}.",
            s.stride[a]
        );
        if s.padding[a] > 0 {
            t += &format!(
                " padding={} crops {} from each end.",
                s.padding[a], s.padding[a]
            );
        }
        if s.output_padding[a] > 0 {
            t += &format!(
                " output_padding={} adds {} at the end.",
                s.output_padding[a],
                plural(s.output_padding[a], row, rows)
            );
        }
        if s.stride[a] > 1 {
            let min = out - s.output_padding[a];
            t += &format!(
                " A conv2d with stride {} maps any size from {min} to {} down to {size}: output_padding (0 to {}) picks which one comes back.",
                s.stride[a],
                min + s.stride[a] - 1,
                s.stride[a] - 1
            );
        }
        return t;
    }
    if !p.kind.is_torch() {
        let mode = p.mode.unwrap_or(Mode::Valid);
        return match mode {
            Mode::Valid => format!(
                "valid: the {k}-wide kernel fits in {size} {rows} at {out} places; the outer {} never sit under its centre.",
                plural(k - 1, row, rows)
            ),
            Mode::Same => format!(
                "same: the output keeps the input's {size} {rows}; at the edges the kernel hangs over invented values."
            ),
            Mode::Full => format!(
                "full: every place where the {k}-wide kernel and the {size} {rows} overlap at all: {size} + {k} - 1 = {out}."
            ),
        };
    }
    let s = p.stride[a];
    let (lo, hi) = if a == 0 {
        (p.pads.top, p.pads.bottom)
    } else {
        (p.pads.left, p.pads.right)
    };
    let padded = size + lo + hi;
    // The last start a window fits at, counted from 0.
    let room = padded - span;
    let rem = room % s;
    let mut t = format!(
        "The {span}-wide window fits at the start and then every {s} {rows}: {out} places in the {padded} padded {rows}."
    );
    if rem > 0 {
        let pad = lo.max(hi) + 1;
        let more = (size + 2 * pad - span) / s + 1;
        let last = if rem == 1 {
            format!("the last {row} is")
        } else {
            format!("the last {rem} {rows} are")
        };
        t += &format!(
            " The floor drops the remainder {rem}: {last} never read. With padding={pad} it would be {more}."
        );
    } else if out < size && s == 1 {
        let keep = (span - 1) / 2;
        t += &format!(
            " The window loses {} at the edges; padding={keep}{} keeps {size}.",
            plural(span - 1, row, rows),
            if (span - 1) % 2 == 1 {
                " and one more on one side (padding='same')"
            } else {
                ""
            }
        );
    } else if s > 1 {
        t += &format!(" Every {row} of the padded input is read: no remainder.");
    }
    t
}

#[cfg(test)]
mod tests;
