//! The colours of values: the number grids' diverging heat map and a layer
//! stack's opaque steps, as the canvases behind the grids paint them.

/// The number grids' heat map: a signed value on a diverging scale, blue
/// for negative and orange for positive, `None` (the page's `--zero`,
/// white) at zero and for what is not finite. The alpha is
/// `0.10 + 0.52 t`, `t = |v| / max_abs`: up to 0.62, dark text keeps a
/// contrast of at least 4.5:1 (WCAG AA) on the strongest blue and orange.
pub fn heat(v: f64, max_abs: f64) -> Option<([u8; 3], f64)> {
    if !v.is_finite() || max_abs <= 0.0 || v == 0.0 {
        return None;
    }
    let t = (v.abs() / max_abs).clamp(0.0, 1.0);
    let alpha = 0.10 + 0.52 * t;
    Some((
        if v > 0.0 {
            HEAT_POSITIVE
        } else {
            HEAT_NEGATIVE
        },
        alpha,
    ))
}

/// The orange of positive values in the number grids.
pub const HEAT_POSITIVE: [u8; 3] = [230, 120, 20];
/// The blue of negative values in the number grids.
pub const HEAT_NEGATIVE: [u8; 3] = [40, 100, 220];
/// The colour of zero: the stylesheet's `--zero`.
pub const HEAT_ZERO: [u8; 4] = [255, 255, 255, 255];

/// [`heat`] as one RGBA pixel (straight alpha, as a canvas's `ImageData`
/// takes it), for grids whose colours are painted on a canvas.
pub fn heat_rgba(v: f64, max_abs: f64) -> [u8; 4] {
    match heat(v, max_abs) {
        None => HEAT_ZERO,
        Some(([r, g, b], a)) => [r, g, b, (a * 255.0).round() as u8],
    }
}

/// Colour steps per sign in a layer stack's grids (`0..=STACK_STEPS`).
pub const STACK_STEPS: f64 = 11.0;
/// The green of a receptive field's path counts in a layer stack's grids.
pub const PATHS_GREEN: [u8; 3] = [20, 150, 90];

/// `rgb` at `alpha` over white, as one opaque RGBA pixel.
fn over_white(rgb: [u8; 3], alpha: f64) -> [u8; 4] {
    let mix = |c: u8| (f64::from(c) * alpha + 255.0 * (1.0 - alpha)).round() as u8;
    [mix(rgb[0]), mix(rgb[1]), mix(rgb[2]), 255]
}

/// One cell of a layer stack's grid, as an opaque pixel over white (it is
/// drawn on a canvas behind the cells, and the hatched ring of invented
/// padding around a grid must not show through it).
///
/// - With a picked cell, `paths = Some((count, max))`: white where no path
///   reaches the picked cell, else green at alpha `0.15 + 0.05 s`, `s` the
///   count's step of `max` in [`STACK_STEPS`] steps.
/// - Otherwise [`heat`] of `value` on `scale`, its `t` rounded to a step.
pub fn stack_rgba(value: f64, scale: f64, paths: Option<(u128, u128)>) -> [u8; 4] {
    let step = |t: f64| (t.clamp(0.0, 1.0) * STACK_STEPS).round();
    match paths {
        Some((0, _)) => HEAT_ZERO,
        Some((count, max)) => {
            let s = step(count as f64 / max.max(1) as f64);
            over_white(PATHS_GREEN, (3.0 + s) / 20.0)
        }
        None if scale.is_nan() || scale <= 0.0 => HEAT_ZERO,
        None => match heat(value, scale) {
            None => HEAT_ZERO,
            Some((rgb, _)) => {
                let t = step((value.abs() / scale).min(1.0)) / STACK_STEPS;
                over_white(rgb, 0.10 + 0.52 * t)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_is_white_at_zero_and_diverges_by_sign() {
        assert_eq!(heat_rgba(0.0, 4.0), HEAT_ZERO);
        assert_eq!(heat_rgba(f64::NAN, 4.0), HEAT_ZERO);
        assert_eq!(heat_rgba(4.0, 4.0), [230, 120, 20, 158]);
        assert_eq!(heat_rgba(-2.0, 4.0), [40, 100, 220, 92]);
        // Past the scale it saturates; the faintest colour is still seen.
        assert_eq!(heat_rgba(8.0, 4.0), heat_rgba(4.0, 4.0));
        assert_eq!(heat_rgba(1e-300, 4.0), [230, 120, 20, 26]);
    }

    #[test]
    fn stack_cells_are_opaque_steps_of_the_heat_scale() {
        // Zero, nothing finite, or no scale: white.
        assert_eq!(stack_rgba(0.0, 4.0, None), HEAT_ZERO);
        assert_eq!(stack_rgba(f64::INFINITY, 4.0, None), HEAT_ZERO);
        assert_eq!(stack_rgba(1.0, 0.0, None), HEAT_ZERO);
        // Full scale: orange at 0.62 over white (230*.62 + 255*.38 = 239.5).
        assert_eq!(stack_rgba(4.0, 4.0, None), [240, 171, 109, 255]);
        assert_eq!(stack_rgba(-9.0, 4.0, None), stack_rgba(-4.0, 4.0, None));
        // The faintest step is alpha 0.10, however small the value.
        assert_eq!(stack_rgba(1e-300, 4.0, None), [253, 242, 232, 255]);
        // Steps: 0.3 of the scale rounds to step 3 (alpha 0.1 + 0.52 * 3/11).
        let a = 0.1 + 0.52 * 3.0 / 11.0;
        let want = |c: f64| (c * a + 255.0 * (1.0 - a)).round() as u8;
        assert_eq!(
            stack_rgba(-1.2, 4.0, None),
            [want(40.0), want(100.0), want(220.0), 255]
        );
        assert_eq!(stack_rgba(-1.2, 4.0, None), stack_rgba(-1.1, 4.0, None));
        // Path counts: white at none, green by count over the largest.
        assert_eq!(stack_rgba(3.0, 4.0, Some((0, 9))), HEAT_ZERO);
        assert_eq!(
            stack_rgba(3.0, 4.0, Some((9, 9))),
            over_white(PATHS_GREEN, 0.70)
        );
        assert_eq!(
            stack_rgba(0.0, 4.0, Some((1, 11))),
            over_white(PATHS_GREEN, 0.20)
        );
    }
}
