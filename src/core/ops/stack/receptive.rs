//! Receptive fields: which cells below a picked cell it depends on, and
//! through how many paths.
//!
//! Counted as the oracle counts them: every weight 1, no bias, one channel;
//! the count at an input cell is the gradient of the picked output with
//! respect to that cell. Going down one layer, every tap of the kernel's
//! footprint passes the count to the padded cell it reads; a padded cell
//! then hands its count to the real cell it copies (reflect, replicate,
//! circular: [`Fill::source`]) or drops it (zeros invent a constant). A
//! pool layer counts as a kernel of ones too: its window is its footprint
//! (a max pool's output depends on every cell of it, as its pick shows),
//! and its padding is a constant (`-inf` or 0).
//!
//! The receptive field's size and jump per axis follow the closed form
//! `r_l = r_{l-1} + (k_l - 1)*d_l*j_{l-1}`, `j_l = j_{l-1}*s_l`, with
//! `r_0 = j_0 = 1`: the size ignores the edges, where padding may clip or
//! fold the field.

use ndarray::Array2;

use crate::core::engine::shapes::Formula;
use crate::core::model::layer::StackLayer;
use crate::core::ops::stack::chain::Stack;
use crate::core::ops::stack::layer::Footprint;

/// The paths from every cell below to one picked cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptiveField {
    /// The layer whose output holds the picked cell.
    pub layer: usize,
    /// `[i, j]` in that output.
    pub cell: [usize; 2],
    /// `paths[k]` is the path-count grid at level `k` (0 = input, `k` =
    /// output of layer `k - 1`), for `k` in `0..=layer`. Saturates at `u128::MAX`.
    pub paths: Vec<Array2<u128>>,
}

impl ReceptiveField {
    /// The grid over the input (level 0): the oracle's `paths`.
    pub fn input_paths(&self) -> &Array2<u128> {
        // There is always level 0.
        &self.paths[0]
    }

    /// How many cells at `level` lie inside the field (a nonzero count).
    pub fn inside(&self, level: usize) -> usize {
        self.paths
            .get(level)
            .map_or(0, |g| g.iter().filter(|v| **v > 0).count())
    }

    /// Rows and columns spanned at `level` by the cells inside:
    /// `[[top, bottom], [left, right]]`, inclusive. `None` if none is inside.
    pub fn bounds(&self, level: usize) -> Option<[[usize; 2]; 2]> {
        let g = self.paths.get(level)?;
        let mut b: Option<[[usize; 2]; 2]> = None;
        for ((i, j), v) in g.indexed_iter() {
            if *v > 0 {
                let n = b.get_or_insert([[i, i], [j, j]]);
                n[0] = [n[0][0].min(i), n[0][1].max(i)];
                n[1] = [n[1][0].min(j), n[1][1].max(j)];
            }
        }
        b
    }
}

/// Counts at a layer's output to counts at its input.
fn down(plan: &Footprint, above: &Array2<u128>) -> Array2<u128> {
    let [h, w] = plan.input_hw;
    let p = plan.pads;
    let [hp, wp] = plan.padded_hw();
    let [kh, kw] = plan.kernel_hw;
    let [sh, sw] = plan.stride;
    let [dh, dw] = plan.dilation;
    let mut padded = Array2::<u128>::zeros((hp, wp));
    for ((i, j), v) in above.indexed_iter() {
        if *v == 0 {
            continue;
        }
        for a in 0..kh {
            for b in 0..kw {
                if let Some(x) = padded.get_mut([i * sh + a * dh, j * sw + b * dw]) {
                    *x = x.saturating_add(*v);
                }
            }
        }
    }
    let rows: Vec<Option<usize>> = (0..hp)
        .map(|y| plan.fill.source(y as i64 - p.top as i64, h))
        .collect();
    let cols: Vec<Option<usize>> = (0..wp)
        .map(|x| plan.fill.source(x as i64 - p.left as i64, w))
        .collect();
    let mut below = Array2::<u128>::zeros((h, w));
    for ((y, x), v) in padded.indexed_iter() {
        if *v == 0 {
            continue;
        }
        if let (Some(Some(r)), Some(Some(c))) = (rows.get(y), cols.get(x)) {
            if let Some(t) = below.get_mut([*r, *c]) {
                *t = t.saturating_add(*v);
            }
        }
    }
    below
}

/// The receptive field's size `r` and jump `j` along one axis after a layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptiveSize {
    /// `"H"` or `"W"`.
    pub axis: &'static str,
    /// `r_l = r_{l-1} + (k_l - 1)*d_l*j_{l-1}` with the numbers in.
    pub size: Formula,
    /// `j_l = j_{l-1}*s_l` with the numbers in: how far apart, in input
    /// cells, neighbouring outputs' fields sit (the effective stride).
    pub jump: Formula,
    /// The closed form over all layers up to this one:
    /// `r = 1 + sum (k_m - 1)*d_m*j_{m-1}` with the numbers in.
    pub total: Formula,
}

impl Stack {
    /// The input channels output channel `c` of layer `layer` depends on,
    /// in order: every channel, unless `groups` somewhere on the way keeps
    /// it to one group's. A receptive field's size is per channel: these
    /// are the channels it spans.
    pub fn channels_read(&self, layer: usize, c: usize) -> Vec<usize> {
        let mut now = vec![c];
        for l in self.layers()[..=layer.min(self.layers().len().saturating_sub(1))]
            .iter()
            .rev()
        {
            // A pool reads each channel on its own.
            let StackLayer::Conv(l) = l else { continue };
            let (o, cg, _, _) = l.weight.dim();
            let g = l.groups.max(1) as usize;
            let per_group_out = (o / g).max(1);
            let mut read: Vec<usize> = now
                .iter()
                .flat_map(|&oc| {
                    let group = oc / per_group_out;
                    group * cg..(group + 1) * cg
                })
                .collect();
            read.sort_unstable();
            read.dedup();
            now = read;
        }
        now
    }

    /// The path counts from every cell below to cell `[i, j]` of layer
    /// `layer`'s output; `None` if there is no such cell.
    pub fn receptive_field(&self, layer: usize, [i, j]: [usize; 2]) -> Option<ReceptiveField> {
        let [ho, wo] = self.hw(layer + 1)?;
        if i >= ho || j >= wo {
            return None;
        }
        let mut grid = Array2::<u128>::zeros((ho, wo));
        grid[[i, j]] = 1;
        let mut paths = vec![Array2::zeros((0, 0)); layer + 1];
        for l in (0..=layer).rev() {
            grid = down(&self.plan(l)?.footprint(), &grid);
            paths[l] = grid.clone();
        }
        Some(ReceptiveField {
            layer,
            cell: [i, j],
            paths,
        })
    }

    /// Size and jump of layer `layer`'s receptive field, `[H, W]`.
    pub fn receptive_size(&self, layer: usize) -> Option<[ReceptiveSize; 2]> {
        self.plan(layer)?;
        let axis = |ax: usize| {
            let name = if ax == 0 { "H" } else { "W" };
            let (mut r, mut jump) = (1usize, 1usize);
            let mut terms = Vec::new();
            let mut last = None;
            for (l, plan) in self.plans()[..=layer].iter().enumerate() {
                let plan = plan.footprint();
                let k = plan.kernel_hw[ax];
                let d = plan.dilation[ax];
                let s = plan.stride[ax];
                let grow = (k - 1).saturating_mul(d).saturating_mul(jump);
                let r_new = r.saturating_add(grow);
                let j_new = jump.saturating_mul(s);
                let n = l + 1;
                let size = Formula {
                    axis: name,
                    symbolic: format!("r_{n} = r_{l} + (k_{n} - 1)*d_{n}*j_{l}"),
                    substituted: format!("r_{n} = {r} + ({k} - 1)*{d}*{jump} = {r_new}"),
                    value: r_new,
                };
                let jf = Formula {
                    axis: name,
                    symbolic: format!("j_{n} = j_{l}*s_{n}"),
                    substituted: format!("j_{n} = {jump}*{s} = {j_new}"),
                    value: j_new,
                };
                terms.push(format!("({k} - 1)*{d}*{jump}"));
                last = Some((size, jf));
                r = r_new;
                jump = j_new;
            }
            let n = layer + 1;
            let total = Formula {
                axis: name,
                symbolic: format!("r_{n} = 1 + sum over l of (k_l - 1)*d_l*j_(l-1)"),
                substituted: format!("r_{n} = 1 + {} = {r}", terms.join(" + ")),
                value: r,
            };
            last.map(|(size, jump)| ReceptiveSize {
                axis: name,
                size,
                jump,
                total,
            })
        };
        Some([axis(0)?, axis(1)?])
    }
}
