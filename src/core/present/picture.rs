//! Tensors as pictures: a plane of values to RGBA pixels, one pixel per
//! value. Values that all lie in `[0, 1]` (a picture as `ToTensor` gives it)
//! are drawn plain, black to white. Anything else is signed: a diverging
//! map, blue below zero, white at zero, orange above, scaled by the largest
//! magnitude so that the same colour means the same value on every channel
//! of a tensor.

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
