//! The layer table as plain text: what "copy table" gives, and exactly
//! what the exported PyTorch script ([`super::script`]) prints when run,
//! line for line (`tests/network_table_torch.rs` runs it in PyTorch and
//! compares). The format is fixed; LeNet-5, as PyTorch prints it:
//!
//! ```text
//! Input shape: [1, 1, 32, 32]
//! Path  Kind       Output shape     Params  RF        Jump
//! 0     Conv2d     [1, 6, 28, 28]   156     [5, 5]    [1, 1]
//! 1     Tanh       [1, 6, 28, 28]   0       [5, 5]    [1, 1]
//! 2     AvgPool2d  [1, 6, 14, 14]   0       [6, 6]    [2, 2]
//! 3     Conv2d     [1, 16, 10, 10]  2416    [14, 14]  [2, 2]
//! 4     Tanh       [1, 16, 10, 10]  0       [14, 14]  [2, 2]
//! 5     AvgPool2d  [1, 16, 5, 5]    0       [16, 16]  [4, 4]
//! 6     Flatten    [1, 400]         0       -         -
//! ...
//! Total params: 61706
//! Trainable params: 61706
//! ```
//!
//! - one row per leaf layer that ran, in order: its path (`3.1` in nested
//!   Sequentials), its class, its output shape, its parameter count, and
//!   the running receptive field `[rows, cols]`: how many input pixels
//!   one output cell sees away from the borders (`RF`) and how far apart
//!   neighbouring outputs are in input pixels (`Jump`), a fraction such as
//!   `1/2` after a transposed convolution; `-` past the spatial chain
//!   (from a `Flatten` that changes the shape or a `Linear` on);
//! - the columns are left-aligned, each as wide as its widest cell, two
//!   spaces apart, and no line has trailing spaces;
//! - where PyTorch refuses a layer when it runs, the rows stop before it
//!   and `Error at 3 (Linear): <PyTorch's first line>` follows; where it
//!   refuses to build one, there are no rows (PyTorch builds every layer
//!   before anything runs) and `Error building Conv2d: <first line>`
//!   follows;
//! - then the totals, when the model could be built.

use crate::core::ops::network::report::{Report, Running, When};

/// The table's column heads.
pub const TABLE_HEADER: [&str; 6] = ["Path", "Kind", "Output shape", "Params", "RF", "Jump"];

/// `[5, 5]` from the rows' and the columns' values.
fn pair_text(a: impl std::fmt::Display, b: impl std::fmt::Display) -> String {
    format!("[{a}, {b}]")
}

fn field_cells(receptive: Option<&[Running; 2]>) -> [String; 2] {
    match receptive {
        Some([h, w]) => [pair_text(h.size, w.size), pair_text(h.jump, w.jump)],
        None => ["-".into(), "-".into()],
    }
}

/// The cells as aligned lines: each column as wide as its widest cell,
/// two spaces between columns, no trailing spaces.
fn aligned(cells: &[Vec<String>]) -> Vec<String> {
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            cells
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    cells
        .iter()
        .map(|r| {
            let line: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(s, w)| format!("{s}{}", " ".repeat(w - s.chars().count())))
                .collect();
            line.join("  ").trim_end().to_string()
        })
        .collect()
}

impl Report {
    /// The table as text, one line each, ending in a newline (see the
    /// module's documentation for the format).
    pub fn table_text(&self) -> String {
        let mut cells = vec![TABLE_HEADER.map(String::from).to_vec()];
        for row in &self.rows {
            let [rf, jump] = field_cells(row.receptive.as_ref());
            cells.push(vec![
                row.path.clone(),
                row.kind.to_string(),
                format!("{:?}", row.output),
                row.params.count.to_string(),
                rf,
                jump,
            ]);
        }
        let mut lines = vec![format!("Input shape: {:?}", self.input)];
        lines.extend(aligned(&cells));
        if let Some(b) = &self.broken {
            lines.push(match b.when {
                When::Build => format!("Error building {}: {}", b.kind, b.message()),
                When::Forward => format!("Error at {} ({}): {}", b.path, b.kind, b.message()),
            });
        }
        if let Some(total) = self.params {
            // Every parameter of these layers is trainable (running
            // statistics are buffers, not parameters).
            lines.push(format!("Total params: {total}"));
            lines.push(format!("Trainable params: {total}"));
        }
        let mut text = lines.join("\n");
        text.push('\n');
        text
    }
}
