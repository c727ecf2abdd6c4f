//! Every claim of "why this size?" recomputed: the rows never read from
//! the frames' taps, and "with padding=p it would be n" from a plan with
//! that padding.

use proptest::prelude::*;

use super::*;
use crate::core::content::presets::{torch_scene, transpose_scene};
use crate::core::model::conv2d::Padding;
use crate::core::model::scene::{Op, Scene};
use ndarray::Array2;

fn torch(size: [usize; 2], k: [usize; 2], stride: [i64; 2], pad: [i64; 2], dil: [i64; 2]) -> Scene {
    let mut s = torch_scene(
        &Array2::ones((size[0], size[1])),
        &Array2::ones((k[0], k[1])),
    );
    if let Op::Torch(t) = &mut s.op {
        t.stride = stride;
        t.padding = Padding::Explicit(pad);
        t.dilation = dil;
    }
    s
}

/// The numbers after `key` in `text`, up to the next non-digit.
fn number_after(text: &str, key: &str) -> Option<usize> {
    let at = text.find(key)? + key.len();
    text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

#[test]
fn why_15_and_not_16() {
    let plan = Plan::new(&torch([32, 32], [3, 3], [2, 2], [0, 0], [1, 1])).unwrap();
    assert_eq!(plan.out_hw, [15, 15]);
    let [h, _] = why_size(&plan);
    assert!(
        h.text.contains("15 places in the 32 padded rows"),
        "{}",
        h.text
    );
    assert!(h.text.contains("the last row is never read"), "{}", h.text);
    assert!(
        h.text.contains("With padding=1 it would be 16"),
        "{}",
        h.text
    );
}

proptest! {
    #[test]
    fn every_number_it_quotes_is_the_engines(
        size in 1usize..14, k in 1usize..5, s in 1i64..4, p in 0i64..3, d in 1i64..3,
    ) {
        let scene = torch([size, 3], [k, 1], [s, 1], [p, 0], [d, 1]);
        let Ok(plan) = Plan::new(&scene) else { return Ok(()) };
        let [h, _] = why_size(&plan);
        let t = &h.text;
        prop_assert_eq!(number_after(t, "then every "), Some(s as usize), "{}", t);
        prop_assert!(t.contains(&format!("{} places", plan.out_hw[0])), "{}", t);
        // The rows read, from the frames' taps.
        let padded = plan.padded_hw()[0];
        let last_read = (0..plan.frame_count())
            .filter_map(|f| plan.frame_at(f))
            .flat_map(|f| f.substeps.into_iter().flat_map(|s| s.taps.into_iter().map(|t| t.pos[0])))
            .max()
            .unwrap();
        let unread = padded - 1 - last_read;
        match number_after(t, "remainder ") {
            Some(r) => {
                prop_assert_eq!(r, unread, "{}", t);
                let pad = number_after(t, "With padding=").unwrap() as i64;
                let more = number_after(t, &format!("With padding={pad} it would be ")).unwrap();
                let bigger = Plan::new(&torch([size, 3], [k, 1], [s, 1], [pad, 0], [d, 1])).unwrap();
                prop_assert_eq!(bigger.out_hw[0], more, "{}", t);
            }
            None => prop_assert!(unread == 0 || s == 1, "{} rows unread, not said: {}", unread, t),
        }
        if let Some(keep) = number_after(t, "; padding=") {
            if !t.contains("one more on one side") {
                let kept = Plan::new(&torch([size, 3], [k, 1], [s, 1], [keep as i64, 0], [d, 1])).unwrap();
                prop_assert_eq!(kept.out_hw[0], size, "{}", t);
            }
        }
    }
}

#[test]
fn going_back_up_names_the_sizes_output_padding_picks_from() {
    let mut scene = transpose_scene(&Array2::ones((4, 4)), &Array2::ones((3, 3)));
    if let Op::Transpose(t) = &mut scene.op {
        t.stride = [2, 2];
        t.padding = [1, 1];
        t.output_padding = [1, 0];
    }
    let plan = Plan::new(&scene).unwrap();
    let [h, w] = why_size(&plan);
    // (4 - 1)*2 - 2 + 3 + 1 = 8 rows, 7 columns.
    assert_eq!(plan.out_hw, [8, 7]);
    assert!(
        h.text.contains("output_padding=1 adds 1 row at the end"),
        "{}",
        h.text
    );
    assert!(h.text.contains("from 7 to 8"), "{}", h.text);
    assert!(w.text.contains("from 7 to 8"), "{}", w.text);
    // Each of those sizes maps down to 4 under conv2d with the same numbers.
    for size in 7..=8 {
        let down = Plan::new(&torch([size, size], [3, 3], [2, 2], [1, 1], [1, 1])).unwrap();
        assert_eq!(down.out_hw, [4, 4], "{size}");
    }
}

#[test]
fn scipys_modes_say_what_they_keep() {
    use crate::core::content::presets::default_scene;
    let plan = Plan::new(&default_scene()).unwrap();
    let [h, _] = why_size(&plan);
    assert!(h.text.starts_with("valid"), "{}", h.text);
    assert!(
        h.text.contains(&format!("at {} places", plan.out_hw[0])),
        "{}",
        h.text
    );
}
