//! Which outputs of a layer depend on invented padding, as a map the page
//! can draw: every layer on the spatial chain acts on rows and columns
//! separately, so an output cell is clean exactly when its row and its
//! column are ([`BorderAxes`]). The counts in the layer table
//! (`Row::border`) are the same maps counted.

use crate::core::ops::network::receptive::chain;
use crate::core::ops::network::report::Report;

/// The rows and the columns of one layer's output that reach invented
/// padding (of this layer or of any before it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BorderAxes {
    pub rows: Vec<bool>,
    pub cols: Vec<bool>,
}

impl BorderAxes {
    /// Whether output `[i, j]` depends on invented padding.
    pub fn at(&self, [i, j]: [usize; 2]) -> bool {
        self.rows.get(i).copied().unwrap_or(false) || self.cols.get(j).copied().unwrap_or(false)
    }

    /// How many output cells (per channel) depend on invented padding.
    pub fn count(&self) -> u64 {
        let clean = |v: &[bool]| v.iter().filter(|b| !**b).count() as u64;
        let all = self.rows.len() as u64 * self.cols.len() as u64;
        all - clean(&self.rows) * clean(&self.cols)
    }

    /// `H_out * W_out`.
    pub fn total(&self) -> u64 {
        self.rows.len() as u64 * self.cols.len() as u64
    }

    /// The maximal runs `[first, last]` of border rows (`axis` 0) or
    /// columns (1): a few bands to draw, however large the map.
    pub fn runs(&self, axis: usize) -> Vec<[usize; 2]> {
        let v = if axis == 0 { &self.rows } else { &self.cols };
        let mut out: Vec<[usize; 2]> = Vec::new();
        for (i, b) in v.iter().enumerate() {
            match (b, out.last_mut()) {
                (true, Some(r)) if r[1] + 1 == i => r[1] = i,
                (true, _) => out.push([i, i]),
                _ => {}
            }
        }
        out
    }
}

impl Report {
    /// How many rows, from the first, are on the spatial chain (those whose
    /// receptive fields and border maps can be followed).
    pub fn spatial_len(&self) -> usize {
        chain(self).0.len()
    }

    /// The border map of row `row`'s output, or `None` when the row is
    /// not on the spatial chain.
    pub fn border_axes(&self, row: usize) -> Option<BorderAxes> {
        let (ops, sizes) = chain(self);
        if row >= ops.len() {
            return None;
        }
        let mut axes: [Vec<bool>; 2] = [0, 1].map(|a| vec![false; sizes[0][a] as usize]);
        for (l, op) in ops.iter().take(row + 1).enumerate() {
            for a in 0..2 {
                axes[a] = op[a].border(&axes[a], sizes[l + 1][a]);
            }
        }
        let [rows, cols] = axes;
        Some(BorderAxes { rows, cols })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_clean_when_its_row_and_column_are() {
        let b = BorderAxes {
            rows: vec![true, false, false, true],
            cols: vec![true, false, true],
        };
        assert!(b.at([0, 1]) && b.at([1, 2]) && !b.at([1, 1]) && !b.at([2, 1]));
        // 12 cells, 2 clean rows x 1 clean column.
        assert_eq!((b.count(), b.total()), (10, 12));
        assert_eq!(b.runs(0), vec![[0, 0], [3, 3]]);
        assert_eq!(b.runs(1), vec![[0, 0], [2, 2]]);
        assert!(!b.at([9, 9]), "outside the map is not the border");
    }

    #[test]
    fn runs_join_neighbours() {
        let b = BorderAxes {
            rows: vec![true, true, false, true, true, true],
            cols: vec![],
        };
        assert_eq!(b.runs(0), vec![[0, 1], [3, 5]]);
        assert!(b.runs(1).is_empty());
        assert_eq!(b.count(), 0);
    }
}
