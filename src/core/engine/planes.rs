//! The padded input laid out for the whole-output kernel (`blocked.rs`):
//! every `(n, c)` plane as contiguous rows, each padded row copied from the
//! input row its fill maps to, and with a column stride `s`, each row split
//! into its `s` column phases (`x % s`), so the values one kernel tap reads
//! for consecutive output columns are consecutive in memory.

use crate::core::engine::padding::Fill;
use crate::core::engine::plan::Plan;

/// Spare values after the last row: a block of output columns may read
/// whole vectors past its last real value (those lanes are dropped).
pub(crate) const SPARE: usize = 16;

/// The padded input of every `(n, c)` plane, row after row, each row split
/// into its column phases. Past the end, `SPARE` values let the last
/// block of a row read whole vectors (the extra lanes are dropped).
pub(crate) struct Planes {
    pub(crate) data: Vec<f64>,
    /// Padded height.
    hp: usize,
    /// The column stride the rows are split for.
    sw: usize,
    /// Values per phase: `ceil(W_p / sw)`.
    wq: usize,
    /// Phases stored per row: `min(sw, W_p)` (a phase past `W_p` is empty).
    phases: usize,
}

impl Planes {
    pub(crate) fn row_len(&self) -> usize {
        self.phases * self.wq
    }

    /// Where padded cell `(y, x)` of plane `plane` (= `n * C + c`) is stored.
    pub(crate) fn at(&self, plane: usize, y: usize, x: usize) -> usize {
        (plane * self.hp + y) * self.row_len() + (x % self.sw) * self.wq + x / self.sw
    }
}

impl Plan {
    /// The padded input as [`Planes`], rows split for column stride `sw`
    /// (`1`: plain rows). Each padded row is the input row its fill maps
    /// to, with the border columns mapped once for all rows.
    pub(crate) fn planes(&self, sw: usize) -> Planes {
        let [h, w] = self.input_hw();
        let [hp, wp] = self.padded_hw();
        let (top, left) = (self.pads.top, self.pads.left);
        let sw = sw.max(1);
        let wq = wp.div_ceil(sw);
        let mut planes = Planes {
            data: Vec::new(),
            hp,
            sw,
            wq,
            phases: sw.min(wp),
        };
        let count = self.batch() * self.in_channels();
        planes.data = vec![0.0; count * hp * planes.row_len() + SPARE];
        if self.spread.is_some() {
            // A transposed convolution's canvas (inserted zeros, padding,
            // crop): cell by cell, as `padded_cell` defines it.
            let c_n = self.in_channels();
            for plane in 0..count {
                for y in 0..hp {
                    let start = planes.at(plane, y, 0);
                    for x in 0..wp {
                        let v = self.padded_cell(plane / c_n, plane % c_n, y, x).0;
                        planes.data[start + (x % sw) * wq + x / sw] = v;
                    }
                }
            }
            return planes;
        }
        let input = self.input.as_standard_layout();
        let input = input.as_slice().unwrap_or(&[]);
        let constant = match self.fill {
            Fill::Constant(v) => v,
            _ => 0.0,
        };
        // Border columns: which input column each copies (None: constant).
        let border: Vec<(usize, Option<usize>)> = (0..left)
            .chain(left + w..wp)
            .map(|x| (x, self.fill.source(x as i64 - left as i64, w)))
            .collect();
        let mut row = vec![constant; wp];
        for plane in 0..count {
            for y in 0..hp {
                let src = self
                    .fill
                    .source(y as i64 - top as i64, h)
                    .and_then(|r| input.get((plane * h + r) * w..(plane * h + r + 1) * w));
                match src {
                    None => row.fill(constant),
                    Some(src) => {
                        row[left..left + w].copy_from_slice(src);
                        for &(x, q) in &border {
                            row[x] = q.and_then(|q| src.get(q).copied()).unwrap_or(constant);
                        }
                    }
                }
                let start = planes.at(plane, y, 0);
                if sw == 1 {
                    planes.data[start..start + wp].copy_from_slice(&row);
                } else {
                    for (x, v) in row.iter().enumerate() {
                        planes.data[start + (x % sw) * wq + x / sw] = *v;
                    }
                }
            }
        }
        planes
    }
}
