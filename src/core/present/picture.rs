//! Tensors as pictures: a plane of values to RGBA pixels, one pixel per
//! value. Values that all lie in `[0, 1]` (a picture as `ToTensor` gives it)
//! are drawn plain, black to white. Anything else is signed: a diverging
//! map, blue below zero, white at zero, orange above, scaled by the largest
//! magnitude so that the same colour means the same value on every channel
//! of a tensor.

use ndarray::Array4;

use crate::core::engine::plan::Plan;

/// The output rows and columns whose windows read no invented padding:
/// `[rows, columns]` as ranges, `None` when there is no such cell, or
/// for a transposed convolution (whose border is cropped, not invented).
pub fn unpadded_outputs(plan: &Plan) -> Option<[std::ops::Range<usize>; 2]> {
    if plan.spread.is_some() {
        return None;
    }
    let [h, w] = plan.input_hw();
    let p = &plan.pads;
    let span = plan.span_hw();
    let axis = |a: usize, lo: usize, size: usize| {
        let s = plan.stride[a].max(1);
        // Output i reads padded rows i*s ..= i*s + span - 1; the real rows
        // are lo .. lo + size.
        let first = lo.div_ceil(s);
        let last = (lo + size).checked_sub(span[a])? / s;
        let last = last.min(plan.out_hw[a].checked_sub(1)?);
        (first <= last).then_some(first..last + 1)
    };
    Some([axis(0, p.top, h)?, axis(1, p.left, w)?])
}

/// The range an output picture is coloured on. With `unpadded`, only the
/// cells that read no invented padding count, so a zero-padded border
/// (large values where the picture meets the zeros) does not wash out the
/// inside; when every cell reads padding, all of them count. The `bool`
/// says whether the border was left out.
pub fn output_range(plan: &Plan, out: &Array4<f64>, unpadded: bool) -> (Range, bool) {
    let inner = unpadded.then(|| unpadded_outputs(plan)).flatten();
    match inner {
        Some([rows, cols]) if rows.len() < plan.out_hw[0] || cols.len() < plan.out_hw[1] => {
            let (n, c, _, _) = out.dim();
            let mut values = Vec::with_capacity(n * c * rows.len() * cols.len());
            for a in 0..n {
                for b in 0..c {
                    for i in rows.clone() {
                        for j in cols.clone() {
                            values.push(out[[a, b, i, j]]);
                        }
                    }
                }
            }
            (Range::of(&values), true)
        }
        _ => (Range::of(out.iter()), false),
    }
}

/// How a tensor's values become colours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tone {
    /// Gray levels: `0` black, `1` white.
    Plain,
    /// `-scale` full blue, `0` white, `+scale` full orange.
    Diverging { scale: f64 },
}

/// The finite values' smallest and largest, and whether any is not finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub non_finite: bool,
}

/// Blue and orange ends of the diverging map (the number grids' colours).
const NEG: [f64; 3] = [40.0, 100.0, 220.0];
const POS: [f64; 3] = [230.0, 120.0, 20.0];
/// NaN: a mid magenta, outside both ends of the map.
const NAN: [u8; 4] = [200, 0, 200, 255];

impl Range {
    pub fn of<'a>(values: impl IntoIterator<Item = &'a f64>) -> Range {
        let mut r = Range {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            non_finite: false,
        };
        // Plain comparisons: the values are finite here, and `f64::min`
        // compiles to a call of libm's `fmin` in WebAssembly (its NaN rules
        // differ from the instruction's), four times slower over a photo.
        for &v in values {
            if v.is_finite() {
                if v < r.min {
                    r.min = v;
                }
                if v > r.max {
                    r.max = v;
                }
            } else {
                r.non_finite = true;
            }
        }
        if r.min > r.max {
            r.min = 0.0;
            r.max = 0.0;
        }
        r
    }

    /// Plain when every value is a finite number in `[0, 1]`.
    pub fn tone(&self) -> Tone {
        if !self.non_finite && self.min >= 0.0 && self.max <= 1.0 {
            Tone::Plain
        } else {
            let scale = self.min.abs().max(self.max.abs());
            Tone::Diverging {
                scale: if scale > 0.0 { scale } else { 1.0 },
            }
        }
    }
}

/// One value's colour.
pub fn color(v: f64, tone: Tone) -> [u8; 4] {
    if v.is_nan() {
        return NAN;
    }
    match tone {
        Tone::Plain => {
            let g = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            [g, g, g, 255]
        }
        Tone::Diverging { scale } => {
            let t = (v / scale).clamp(-1.0, 1.0);
            let end = if t < 0.0 { NEG } else { POS };
            let t = t.abs();
            let mix = |k: usize| (255.0 + (end[k] - 255.0) * t).round() as u8;
            [mix(0), mix(1), mix(2), 255]
        }
    }
}

/// Steps of the diverging map's lookup table on each side of zero: finer
/// than a screen shows (the ends differ by at most 215 levels per channel,
/// so one step moves a channel by less than one level). Built once per
/// picture, so it stays small beside a 64x64 plane.
const STEPS: usize = 256;

/// A row-major plane as RGBA bytes (4 per value), ready for a canvas.
/// Equal to [`color`] for every value, up to the table's step: a value's
/// colour is looked up at its nearest of `2 * STEPS + 1` levels.
pub fn paint(values: impl IntoIterator<Item = f64>, tone: Tone) -> Vec<u8> {
    let values = values.into_iter();
    let mut out = Vec::with_capacity(values.size_hint().0 * 4);
    match tone {
        Tone::Plain => {
            for v in values {
                if v.is_nan() {
                    out.extend_from_slice(&NAN);
                } else {
                    let g = (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u8;
                    out.extend_from_slice(&[g, g, g, 255]);
                }
            }
        }
        Tone::Diverging { scale } => {
            let table: Vec<[u8; 4]> = (0..=2 * STEPS)
                .map(|k| color((k as f64 / STEPS as f64 - 1.0) * scale, tone))
                .collect();
            let per = STEPS as f64 / scale;
            for v in values {
                if v.is_nan() {
                    out.extend_from_slice(&NAN);
                } else {
                    let k = ((v * per).clamp(-(STEPS as f64), STEPS as f64) + STEPS as f64 + 0.5)
                        as usize;
                    out.extend_from_slice(&table[k.min(2 * STEPS)]);
                }
            }
        }
    }
    out
}

/// Three planes of values in `[0, 1]` as one colour picture (R, G, B).
pub fn paint_rgb(r: &[f64], g: &[f64], b: &[f64]) -> Vec<u8> {
    let byte = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let mut out = Vec::with_capacity(r.len() * 4);
    for k in 0..r.len().min(g.len()).min(b.len()) {
        out.extend_from_slice(&[byte(r[k]), byte(g[k]), byte(b[k]), 255]);
    }
    out
}

/// The stops of the legend's gradient, from the most negative value to the
/// most positive, as CSS colours.
pub fn legend_gradient(tone: Tone) -> String {
    let stops: Vec<String> = match tone {
        Tone::Plain => vec![color(0.0, tone), color(1.0, tone)],
        Tone::Diverging { scale } => {
            vec![color(-scale, tone), color(0.0, tone), color(scale, tone)]
        }
    }
    .into_iter()
    .map(|[r, g, b, _]| format!("rgb({r},{g},{b})"))
    .collect();
    format!("linear-gradient(to right, {})", stops.join(", "))
}

#[cfg(test)]
mod border_tests {
    use super::*;
    use crate::core::content::presets::torch_scene;
    use crate::core::model::conv2d::Padding;
    use crate::core::model::scene::Op;
    use ndarray::Array2;
    use proptest::prelude::*;

    proptest! {
        /// A cell is inside exactly when no tap of its frame reads padding.
        #[test]
        fn the_unpadded_cells_are_those_whose_taps_read_no_padding(
            h in 1usize..9, w in 1usize..9, k in 1usize..4, s in 1i64..3, p in 0i64..3, d in 1i64..3,
        ) {
            let mut scene = torch_scene(&Array2::ones((h, w)), &Array2::ones((k, k)));
            if let Op::Torch(t) = &mut scene.op {
                t.stride = [s, s];
                t.padding = Padding::Explicit([p, p]);
                t.dilation = [d, d];
            }
            let Ok(plan) = Plan::new(&scene) else { return Ok(()) };
            let inner = unpadded_outputs(&plan);
            for step in 0..plan.frame_count() {
                let f = plan.frame_at(step).unwrap();
                let pads = f.substeps.iter().flat_map(|s| &s.taps).any(|t| t.source.is_padding());
                let [_, _, i, j] = f.index;
                let inside = inner.as_ref().is_some_and(|[r, c]| r.contains(&i) && c.contains(&j));
                prop_assert_eq!(inside, !pads, "cell {},{}", i, j);
            }
        }
    }

    #[test]
    fn the_border_does_not_set_the_scale_unless_asked() {
        let mut scene = torch_scene(
            &Array2::from_elem((6, 6), 1.0),
            &Array2::from_elem((3, 3), 1.0),
        );
        if let Op::Torch(t) = &mut scene.op {
            t.padding = Padding::Explicit([1, 1]);
        }
        let plan = Plan::new(&scene).unwrap();
        let out = plan.output();
        // Inside, every window sums nine ones; at a corner, four.
        let (inside, left_out) = output_range(&plan, &out, true);
        assert!(left_out);
        assert_eq!((inside.min, inside.max), (9.0, 9.0));
        let (all, _) = output_range(&plan, &out, false);
        assert_eq!((all.min, all.max), (4.0, 9.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_in_unit_range_are_plain() {
        let r = Range::of(&[0.0, 0.5, 1.0]);
        assert_eq!(r.tone(), Tone::Plain);
        assert_eq!(color(0.0, Tone::Plain), [0, 0, 0, 255]);
        assert_eq!(color(1.0, Tone::Plain), [255, 255, 255, 255]);
        assert_eq!(color(0.5, Tone::Plain), [128, 128, 128, 255]);
    }

    #[test]
    fn signed_values_diverge_around_white() {
        let r = Range::of(&[-2.0, 0.5, 1.0]);
        let tone = r.tone();
        assert_eq!(tone, Tone::Diverging { scale: 2.0 });
        assert_eq!(color(0.0, tone), [255, 255, 255, 255]);
        assert_eq!(color(-2.0, tone), [40, 100, 220, 255]);
        assert_eq!(color(2.0, tone), [230, 120, 20, 255]);
        // Beyond the scale clamps; NaN stands out.
        assert_eq!(color(9.0, tone), color(2.0, tone));
        assert_eq!(color(f64::NAN, tone), NAN);
    }

    #[test]
    fn non_finite_values_force_the_signed_map() {
        let r = Range::of(&[0.5, f64::INFINITY]);
        assert!(r.non_finite);
        assert_eq!(r.tone(), Tone::Diverging { scale: 0.5 });
        assert_eq!(Range::of(&[]).tone(), Tone::Plain);
        assert_eq!(Range::of(&[0.0, 0.0]).tone(), Tone::Plain);
        assert_eq!(
            Range::of(&[-0.0, -1.5]).tone(),
            Tone::Diverging { scale: 1.5 }
        );
    }

    #[test]
    fn the_table_matches_the_colour_map_within_a_step() {
        let tone = Tone::Diverging { scale: 3.0 };
        let values: Vec<f64> = (-4000..=4000).map(|k| k as f64 / 1000.0).collect();
        let painted = paint(values.iter().copied(), tone);
        for (v, px) in values.iter().zip(painted.chunks_exact(4)) {
            let exact = color(*v, tone);
            for k in 0..3 {
                assert!(
                    (i32::from(px[k]) - i32::from(exact[k])).abs() <= 1,
                    "{v}: {px:?} vs {exact:?}"
                );
            }
        }
        let plain: Vec<f64> = (0..=1000).map(|k| k as f64 / 1000.0).collect();
        let painted = paint(plain.iter().copied(), Tone::Plain);
        for (v, px) in plain.iter().zip(painted.chunks_exact(4)) {
            assert_eq!(px, color(*v, Tone::Plain));
        }
    }

    #[test]
    fn paint_writes_four_bytes_per_value() {
        let px = paint([0.0, 1.0], Tone::Plain);
        assert_eq!(px, vec![0, 0, 0, 255, 255, 255, 255, 255]);
        let rgb = paint_rgb(&[1.0], &[0.0], &[0.5]);
        assert_eq!(rgb, vec![255, 0, 128, 255]);
    }
}
