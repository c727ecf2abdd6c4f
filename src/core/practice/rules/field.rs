//! A stack's receptive field along H: its size and jump. The answer is the
//! engine's (the stack's closed form, which the oracle's path counts
//! check); the words write the sum out, and a mistake changes it.

use crate::core::model::scene::{Op, Scene};
use crate::core::ops::stack::chain::Stack;
use crate::core::practice::mistake::Mistake;
use crate::core::practice::task::{Expected, Worked};

/// `(k, d, s)` along H of each layer.
fn layers(scene: &Scene) -> Option<(Stack, Vec<[i64; 3]>)> {
    let Op::Sequential(s) = &scene.op else {
        return None;
    };
    let stack = Stack::new(s).ok()?;
    let l = stack
        .plans()
        .iter()
        .map(|p| {
            let f = p.footprint();
            [
                f.kernel_hw[0] as i64,
                f.dilation[0] as i64,
                f.stride[0] as i64,
            ]
        })
        .collect();
    Some((stack, l))
}

pub fn expected_field(scene: &Scene) -> Option<Expected> {
    let (stack, l) = layers(scene)?;
    let [h, _] = stack.receptive_size(l.len().checked_sub(1)?)?;
    let int = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    Some(Expected::Numbers(vec![
        int(h.total.value),
        int(h.jump.value),
    ]))
}

/// `r = 1 + (3 − 1)·1·1 + (3 − 1)·1·2 = 7; j = 2·2 = 4`, with each
/// layer's growth multiplied by `jump(l)` (the jump below layer `l`) and
/// the jump given by `last`.
fn sum(l: &[[i64; 3]], dilated: bool, jump: impl Fn(usize) -> i64) -> (i64, String) {
    let mut r = 1i64;
    let mut terms = Vec::new();
    for (i, [k, d, _]) in l.iter().enumerate() {
        let d = if dilated { *d } else { 1 };
        let j = jump(i);
        r = r.saturating_add((k - 1).saturating_mul(d).saturating_mul(j));
        terms.push(format!("({k} \u{2212} 1)\u{b7}{d}\u{b7}{j}"));
    }
    (r, format!("r = 1 + {} = {r}", terms.join(" + ")))
}

fn product_jump(l: &[[i64; 3]], upto: usize) -> i64 {
    l[..upto.min(l.len())]
        .iter()
        .fold(1i64, |p, x| p.saturating_mul(x[2]))
}

fn jump_words(l: &[[i64; 3]]) -> (i64, String) {
    let j = product_jump(l, l.len());
    let factors: Vec<String> = l.iter().map(|x| x[2].to_string()).collect();
    (j, format!("j = {} = {j}", factors.join("\u{b7}")))
}

pub fn worked_field(scene: &Scene) -> Option<Worked> {
    let answer = expected_field(scene)?;
    let (_, l) = layers(scene)?;
    let (_, r) = sum(&l, true, |i| product_jump(&l, i));
    let (_, j) = jump_words(&l);
    Some(Worked {
        answer,
        words: format!(
            "{r}, each layer's (k \u{2212} 1)\u{b7}d multiplied by the jump below it; {j}"
        ),
    })
}

pub fn field_mistakes() -> Vec<Mistake> {
    vec![Mistake::JumpsNotMultiplied, Mistake::DilationIgnored]
}

/// Every layer's growth counted in input cells, and the jump as the last
/// layer's stride alone.
fn jumps_not_multiplied(l: &[[i64; 3]]) -> (Vec<i64>, String) {
    let (r, rw) = sum(l, true, |_| 1);
    let last = l.last().map_or(1, |x| x[2]);
    (
        vec![r, last],
        format!("{rw}; j = {last}, the last layer's stride alone"),
    )
}

/// The taps taken as neighbours.
fn dilation_ignored(l: &[[i64; 3]]) -> (Vec<i64>, String) {
    let (r, rw) = sum(l, false, |i| product_jump(l, i));
    let (j, jw) = jump_words(l);
    (vec![r, j], format!("{rw}; {jw}"))
}

pub fn mistaken_field(scene: &Scene, m: Mistake) -> Option<Worked> {
    let (_, l) = layers(scene)?;
    let (answer, words) = match m {
        Mistake::JumpsNotMultiplied => jumps_not_multiplied(&l),
        Mistake::DilationIgnored => dilation_ignored(&l),
        _ => return None,
    };
    Some(Worked {
        answer: Expected::Numbers(answer),
        words,
    })
}

/// What the words compute, for the tests: the size and jump by the
/// written sum.
pub fn written_field(scene: &Scene) -> Option<[i64; 2]> {
    let (_, l) = layers(scene)?;
    Some([sum(&l, true, |i| product_jump(&l, i)).0, jump_words(&l).0])
}
