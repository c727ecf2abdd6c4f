//! The `output_padding` that gives a transposed convolution a wanted
//! output size. The answer is the engine's: every output padding it could
//! be is tried, and the one whose plan the engine accepts with that size
//! wins (none: impossible). The words and the mistakes go axis by axis.

use crate::core::engine::plan::Plan;
use crate::core::model::scene::{Op, Scene};
use crate::core::practice::mistake::Mistake;
use crate::core::practice::rules::transpose::{self as t, TAxis};
use crate::core::practice::task::{Expected, Worked};

pub fn expected_output_padding(scene: &Scene, want: [i64; 2]) -> Option<Expected> {
    let Op::Transpose(tc) = &scene.op else {
        return None;
    };
    // Past the stride plus the dilation the engine refuses anyway.
    let reach = [0, 1].map(|a| (tc.stride[a] + tc.dilation[a]).clamp(0, 64));
    for ph in 0..=reach[0] {
        for pw in 0..=reach[1] {
            let mut u = tc.clone();
            u.output_padding = [ph, pw];
            u.output_size = None;
            if let Ok(p) = Plan::new(&Scene::new(Op::Transpose(u))) {
                if p.out_hw.map(|v| v as i64) == want {
                    return Some(Expected::OutputPadding(Some([ph, pw])));
                }
            }
        }
    }
    Some(Expected::OutputPadding(None))
}

fn axes(scene: &Scene) -> Option<[TAxis; 2]> {
    let plan = Plan::new(scene).ok()?;
    Some([TAxis::of_plan(&plan, 0)?, TAxis::of_plan(&plan, 1)?])
}

fn combine(per_axis: [(Option<i64>, String); 2]) -> Worked {
    let [(h, hw), (w, ww)] = per_axis;
    let answer = match (h, w) {
        (Some(h), Some(w)) => Some([h, w]),
        _ => None,
    };
    Worked {
        answer: Expected::OutputPadding(answer),
        words: if hw == ww {
            format!("along H and W, {hw}")
        } else {
            format!("along H, {hw}; along W, {ww}")
        },
    }
}

pub fn worked_output_padding(scene: &Scene, want: [i64; 2]) -> Option<Worked> {
    let answer = expected_output_padding(scene, want)?;
    let [h, w] = axes(scene)?;
    let words = combine([h.output_padding(want[0]), w.output_padding(want[1])]).words;
    Some(Worked { answer, words })
}

pub fn output_padding_mistakes() -> Vec<Mistake> {
    use Mistake::*;
    vec![
        PaddingForgotten,
        PaddingOnce,
        DilationIgnored,
        StrideOnInput,
        OutputPaddingTwice,
        OutputPaddingOnInput,
    ]
}

pub fn mistaken_output_padding(scene: &Scene, want: [i64; 2], m: Mistake) -> Option<Worked> {
    let rule: fn(TAxis) -> TAxis = match m {
        Mistake::PaddingForgotten => t::padding_forgotten,
        Mistake::PaddingOnce => t::padding_once,
        Mistake::DilationIgnored => t::dilation_ignored,
        Mistake::StrideOnInput => t::stride_on_input,
        Mistake::OutputPaddingTwice => t::output_padding_twice,
        Mistake::OutputPaddingOnInput => t::output_padding_on_input,
        _ => return None,
    };
    let [h, w] = axes(scene)?;
    Some(combine([
        t::output_padding_under(h, want[0], rule),
        t::output_padding_under(w, want[1], rule),
    ]))
}
