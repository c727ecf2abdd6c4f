//! The magnifier's words: the kernel window of the channel being summed,
//! each tap's input value, the kernel value it meets and their product.

use crate::core::engine::frame::Frame;
use crate::core::present::display::compact;

/// Kernels with more taps than this are summarised (the arithmetic lists them).
const MAX_TAPS: usize = 81;

/// What one tap says.
#[derive(Clone, Debug, PartialEq)]
pub struct TapSaid {
    /// Its row and column in the window.
    pub at: [usize; 2],
    pub pad: bool,
    pub title: String,
    /// `input×kernel`.
    pub vw: String,
    pub product: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Said {
    /// A window with this many taps is only counted.
    TooMany(usize),
    Taps {
        caption: String,
        rows: usize,
        cols: usize,
        taps: Vec<TapSaid>,
    },
}

/// What the magnifier shows of frame `f`, `sub` sub-steps in: the
/// reached channel's taps, or how many there are when too many.
pub fn said(f: &Frame, sub: usize) -> Option<Said> {
    let ch = f.channel_reached(sub)?;
    let s = f.substeps.iter().find(|s| s.channel == ch)?;
    if s.taps.len() > MAX_TAPS {
        return Some(Said::TooMany(s.taps.len()));
    }
    let rows = s.taps.iter().map(|t| t.tap[0] + 1).max().unwrap_or(1);
    let cols = s.taps.iter().map(|t| t.tap[1] + 1).max().unwrap_or(1);
    let caption = if f.substeps.len() > 1 {
        format!("window on channel {ch}: input \u{00d7} kernel")
    } else {
        "window: input \u{00d7} kernel".to_string()
    };
    let taps = s
        .taps
        .iter()
        .map(|t| TapSaid {
            at: t.tap,
            pad: t.source.is_padding(),
            title: format!("{} \u{00d7} {} = {}", t.input, t.weight, t.product),
            vw: format!("{}\u{00d7}{}", compact(t.input), term_compact(t.weight)),
            product: compact(t.product),
        })
        .collect();
    Some(Said::Taps {
        caption,
        rows,
        cols,
        taps,
    })
}

/// A kernel value in a product: in parentheses when negative.
fn term_compact(v: f64) -> String {
    let s = compact(v);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::presets::{edge_kernel, step_edge, torch_scene};
    use crate::core::engine::plan::Plan;
    use crate::core::model::scene::Padding;

    #[test]
    fn each_tap_says_its_input_its_weight_and_their_product() {
        let mut scene = torch_scene(&step_edge(), &edge_kernel());
        if let crate::core::model::scene::Op::Torch(t) = &mut scene.op {
            t.padding = Padding::Explicit([1, 1]);
        }
        let f = Plan::new(&scene).unwrap().frame_at(0).unwrap();
        let Some(Said::Taps {
            caption,
            rows,
            cols,
            taps,
        }) = said(&f, 0)
        else {
            panic!("a 3x3 window is magnified")
        };
        assert_eq!(caption, "window: input \u{00d7} kernel");
        assert_eq!((rows, cols, taps.len()), (3, 3, 9));
        // The top-left tap reads the zero padding.
        assert!(taps[0].pad && !taps[4].pad);
        for (said, tap) in taps.iter().zip(&f.substeps[0].taps) {
            assert_eq!(said.at, tap.tap);
            assert_eq!(said.product, compact(tap.product));
            assert_eq!(
                said.vw,
                format!("{}\u{00d7}{}", compact(tap.input), term_compact(tap.weight))
            );
        }
        assert_eq!(term_compact(-1.0), "(-1)");
    }

    #[test]
    fn a_huge_window_is_only_counted() {
        let scene = torch_scene(
            &ndarray::Array2::zeros((12, 12)),
            &ndarray::Array2::ones((10, 10)),
        );
        let f = Plan::new(&scene).unwrap().frame_at(0).unwrap();
        assert_eq!(said(&f, 0), Some(Said::TooMany(100)));
    }
}
