//! What one cell of a grid shows, and what a grid must change to go from
//! one look to the next.
//!
//! Every cell grid on the page (the stage's padded input planes, the output
//! grids and the levels of a stack) is one widget. Its cells are written
//! once as markup; after that, each update computes a [`Look`] per cell
//! here (plain data: no strings are made for a cell that did not change)
//! and [`patch`] writes, for the cells whose look changed, only the fields
//! that changed, as one string the widget's single JavaScript bridge reads.
//!
//! The format of that string: per changed cell, its index and then
//! [`FIELDS`] fields in this order, each ended by `\u{1f}`; a cell ends with
//! `\u{1e}`. A field is [`SAME`] when unchanged and [`REMOVE`] when its
//! attribute goes away.
//!
//! | field | written to | from |
//! |---|---|---|
//! | `data-value` | the cell (and its inner element) | [`Look::value`] |
//! | `class` | the cell | the grid's base classes and [`Look::marks`] |
//! | `aria-label` | the cell | [`Look::label`] |
//! | `title` | the cell | [`Look::hint`] |
//! | text | the inner element's first child element, or itself | [`Look::text`] |
//! | `data-border` | the inner element | [`Look::border`] |
//! | `data-paths` | the inner element | [`Look::paths`] |

use std::fmt::Write;

use crate::core::engine::padding::Source;
use crate::core::present::colour::{heat_rgba, stack_rgba, HEAT_ZERO};
use crate::core::present::display::compact;

/// A field left as it is.
pub const SAME: char = '\u{1}';
/// An attribute removed.
pub const REMOVE: char = '\u{2}';
/// Fields per changed cell, after its index.
pub const FIELDS: usize = 7;

/// The number a cell shows.
#[derive(Clone, Copy, Debug)]
pub enum Text {
    Blank,
    /// A value, written as [`compact`] writes it.
    Number(f64),
    /// A count of paths.
    Count(u128),
}

/// What a cell's `aria-label` says.
#[derive(Clone, Copy, Debug)]
pub enum Label {
    /// No label (the cell's text and title speak for it).
    Unset,
    /// `output n,o,i,j = 1.5`: the number it shows.
    Value([usize; 4], f64),
    /// `output n,o,i,j`: a heat map's cell, whose number is not rendered.
    Index([usize; 4]),
    /// `output n,o,i,j hidden`: an answer not reached yet.
    Hidden([usize; 4]),
}

/// What a cell's `title` (its tooltip) says.
#[derive(Clone, Copy, Debug)]
pub enum Hint {
    Unset,
    /// Where a cell of the padded input comes from, and its value.
    Input(Source, f64),
}

/// Marks on a cell, each a class after the grid's base classes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks(u16);

impl Marks {
    /// Padding around the input.
    pub const PAD: Marks = Marks(1);
    /// Padding that copies an input cell.
    pub const COPY: Marks = Marks(1 << 1);
    /// Constant padding.
    pub const CONST: Marks = Marks(1 << 2);
    /// A zero a transposed convolution's stride inserted.
    pub const INSERTED: Marks = Marks(1 << 3);
    /// An output that differs from the other side of a comparison.
    pub const DIFFERS: Marks = Marks(1 << 4);
    /// A stack cell that depends on invented padding.
    pub const BORDER: Marks = Marks(1 << 5);
    /// The picked stack cell.
    pub const PICKED: Marks = Marks(1 << 6);
    /// A stack cell inside the picked cell's receptive field.
    pub const RF: Marks = Marks(1 << 7);
    /// A stack cell outside it.
    pub const OUTSIDE: Marks = Marks(1 << 8);

    const CLASSES: [(Marks, &'static str); 9] = [
        (Marks::PAD, "cell--pad"),
        (Marks::COPY, "cell--copy"),
        (Marks::CONST, "cell--const"),
        (Marks::INSERTED, "cell--inserted"),
        (Marks::DIFFERS, "out-cell--differs"),
        (Marks::BORDER, "stack-cell--border"),
        (Marks::PICKED, "stack-cell--picked"),
        (Marks::RF, "stack-cell--rf"),
        (Marks::OUTSIDE, "stack-cell--outside"),
    ];

    pub const NONE: Marks = Marks(0);

    pub fn with(self, other: Marks, on: bool) -> Marks {
        if on {
            Marks(self.0 | other.0)
        } else {
            self
        }
    }

    pub fn has(self, other: Marks) -> bool {
        self.0 & other.0 == other.0
    }

    /// The `class` attribute: `base`, then one class per mark.
    pub fn class(self, base: &str) -> String {
        let mut s = base.to_string();
        for (m, name) in Marks::CLASSES {
            if self.has(m) {
                s.push(' ');
                s.push_str(name);
            }
        }
        s
    }
}

// Looks are equal when they write the same: numbers compare by their bits,
// since a value and its negative zero print differently.

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        match (self, other) {
            (Text::Blank, Text::Blank) => true,
            (Text::Number(a), Text::Number(b)) => a.to_bits() == b.to_bits(),
            (Text::Count(a), Text::Count(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for Label {
    fn eq(&self, other: &Label) -> bool {
        match (self, other) {
            (Label::Unset, Label::Unset) => true,
            (Label::Value(a, x), Label::Value(b, y)) => a == b && x.to_bits() == y.to_bits(),
            (Label::Index(a), Label::Index(b)) | (Label::Hidden(a), Label::Hidden(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for Hint {
    fn eq(&self, other: &Hint) -> bool {
        match (self, other) {
            (Hint::Unset, Hint::Unset) => true,
            (Hint::Input(a, x), Hint::Input(b, y)) => a == b && x.to_bits() == y.to_bits(),
            _ => false,
        }
    }
}

/// Everything one cell shows. A field at its [`Look::BLANK`] value is what
/// the cell's markup starts with, so a first write skips it.
#[derive(Clone, Copy, Debug)]
pub struct Look {
    /// `data-value`, the exact number (`None`: no such attribute).
    pub value: Option<f64>,
    pub text: Text,
    pub marks: Marks,
    pub label: Label,
    pub hint: Hint,
    /// `data-border`: `1` when the value depends on invented padding.
    pub border: Option<bool>,
    /// `data-paths`: paths from this cell to the picked one.
    pub paths: Option<u128>,
    /// The cell's pixel on the canvas behind the grid.
    pub colour: [u8; 4],
}

impl PartialEq for Look {
    fn eq(&self, o: &Look) -> bool {
        same_number(self.value, o.value)
            && self.text == o.text
            && self.marks == o.marks
            && self.label == o.label
            && self.hint == o.hint
            && self.border == o.border
            && self.paths == o.paths
            && self.colour == o.colour
    }
}

impl Look {
    pub const BLANK: Look = Look {
        value: None,
        text: Text::Blank,
        marks: Marks::NONE,
        label: Label::Unset,
        hint: Hint::Unset,
        border: None,
        paths: None,
        colour: HEAT_ZERO,
    };
}

/// A cell of the padded input on the stage, coloured on `scale`.
pub fn input_cell(value: f64, source: Source, scale: f64) -> Look {
    let marks = match source {
        Source::Real(_) => Marks::NONE,
        Source::Copy(_) => Marks::PAD.with(Marks::COPY, true),
        Source::Constant => Marks::PAD.with(Marks::CONST, true),
        Source::Inserted => Marks::INSERTED,
    };
    Look {
        text: Text::Number(value),
        marks,
        hint: Hint::Input(source, value),
        colour: heat_rgba(value, scale),
        ..Look::BLANK
    }
}

/// Output cell `at`. A `hidden` answer gives away neither its number nor
/// its colour, nor whether it differs; a `heat` map's numbers are not
/// rendered, and its cells are named without them.
pub fn output_cell(
    at: [usize; 4],
    value: f64,
    scale: f64,
    hidden: bool,
    differs: bool,
    heat: bool,
) -> Look {
    let (text, label) = match (hidden, heat) {
        (true, _) => (Text::Blank, Label::Hidden(at)),
        (false, true) => (Text::Blank, Label::Index(at)),
        (false, false) => (Text::Number(value), Label::Value(at, value)),
    };
    Look {
        value: Some(value),
        text,
        marks: Marks::NONE.with(Marks::DIFFERS, differs && !hidden),
        label,
        colour: if hidden {
            HEAT_ZERO
        } else {
            heat_rgba(value, scale)
        },
        ..Look::BLANK
    }
}

/// A cell of a stack's level. `border` is `None` on the input (nothing is
/// invented there); `paths` is the path count and the level's largest with
/// a picked cell, whose path count the cell then shows instead of its value.
/// A `hidden` answer (the stack has not reached it) gives away neither its
/// number nor its colour; its path count and border are not the answer.
pub fn level_cell(
    value: f64,
    scale: f64,
    border: Option<bool>,
    paths: Option<(u128, u128)>,
    picked: bool,
    numbers: bool,
    hidden: bool,
) -> Look {
    let text = match paths {
        Some((count, _)) if numbers && count > 0 => Text::Count(count),
        Some(_) => Text::Blank,
        None if numbers && !hidden => Text::Number(value),
        None => Text::Blank,
    };
    let colour = if hidden && paths.is_none() {
        stack_rgba(0.0, scale, None)
    } else {
        stack_rgba(value, scale, paths)
    };
    let reach = paths.map(|(count, _)| count > 0);
    let marks = Marks::NONE
        .with(Marks::BORDER, border == Some(true))
        .with(Marks::PICKED, picked)
        .with(Marks::RF, !picked && reach == Some(true))
        .with(Marks::OUTSIDE, !picked && reach == Some(false));
    Look {
        value: Some(value),
        text,
        marks,
        border,
        paths: paths.map(|(count, _)| count),
        colour,
        ..Look::BLANK
    }
}

fn text_of(t: Text) -> String {
    match t {
        Text::Blank => String::new(),
        Text::Number(v) => compact(v),
        Text::Count(c) => compact(c as f64),
    }
}

fn label_of(l: Label) -> Option<String> {
    match l {
        Label::Unset => None,
        Label::Value([n, o, i, j], v) => Some(format!("output {n},{o},{i},{j} = {}", compact(v))),
        Label::Index([n, o, i, j]) => Some(format!("output {n},{o},{i},{j}")),
        Label::Hidden([n, o, i, j]) => Some(format!("output {n},{o},{i},{j} hidden")),
    }
}

fn hint_of(h: Hint) -> Option<String> {
    match h {
        Hint::Unset => None,
        Hint::Input(Source::Real([r, q]), v) => Some(format!("input[{r}][{q}] = {v}")),
        Hint::Input(Source::Copy([r, q]), v) => {
            Some(format!("padding: copy of input[{r}][{q}] = {v}"))
        }
        Hint::Input(Source::Constant, v) => Some(format!("padding: constant {v}")),
        Hint::Input(Source::Inserted, _) => Some("zero inserted by the stride".to_string()),
    }
}

/// Two numbers that write the same `data-value`: equal bits (so `-0` and
/// `0`, which print differently, are different).
fn same_number(a: Option<f64>, b: Option<f64>) -> bool {
    a.map(f64::to_bits) == b.map(f64::to_bits)
}

fn field(ops: &mut String, changed: bool, now: Option<String>) {
    match (changed, now) {
        (false, _) => ops.push(SAME),
        (true, Some(s)) => ops.push_str(&s),
        (true, None) => ops.push(REMOVE),
    }
    ops.push('\u{1f}');
}

/// Appends to `ops` what changes the cells from `last` to `now` (see the
/// module's format), and records `now` in `last`. `base` is the grid's
/// base classes. A grid of another size starts again from blank cells.
pub fn patch(last: &mut Vec<Option<Look>>, now: &[Look], base: &str, ops: &mut String) {
    last.resize(now.len(), None);
    for (k, (slot, look)) in last.iter_mut().zip(now).enumerate() {
        let before = slot.unwrap_or(Look::BLANK);
        // Bits, not `==`: a value and its negative zero print differently.
        if slot.is_some()
            && same_number(before.value, look.value)
            && before
                == (Look {
                    value: before.value,
                    ..*look
                })
        {
            continue;
        }
        *slot = Some(*look);
        let value = !same_number(before.value, look.value);
        let class = before.marks != look.marks;
        let label = before.label != look.label;
        let hint = before.hint != look.hint;
        let text = before.text != look.text && text_of(before.text) != text_of(look.text);
        let border = before.border != look.border;
        let paths = before.paths != look.paths;
        if !(value || class || label || hint || text || border || paths) {
            continue;
        }
        let _ = write!(ops, "{k}\u{1f}");
        field(ops, value, look.value.map(|v| format!("{v}")));
        field(ops, class, Some(look.marks.class(base)));
        field(ops, label, label_of(look.label));
        field(ops, hint, hint_of(look.hint));
        field(ops, text, Some(text_of(look.text)));
        field(
            ops,
            border,
            look.border.map(|b| if b { "1" } else { "0" }.into()),
        );
        field(ops, paths, look.paths.map(|p| p.to_string()));
        ops.push('\u{1e}');
    }
}

#[cfg(test)]
mod tests;
