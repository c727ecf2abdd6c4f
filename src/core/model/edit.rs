//! Edits a user makes, as pure functions on a scene. The UI sends these;
//! resizing keeps every value that still has a place.

pub use crate::core::model::target::Target;
use ndarray::{Array2, Array4};

use crate::core::model::init::{conv_init, Rng};
use crate::core::model::layer::StackLayer;
use crate::core::model::scene::{Op, Scene};

pub use crate::core::model::limits::{
    EDIT_MAX_BATCH, EDIT_MAX_CHANNELS, EDIT_MAX_KERNEL, EDIT_MAX_SIDE,
};
/// Those limits per axis of an (N, C, H, W) input and of a weight.
const INPUT_MAX: [usize; 4] = [
    EDIT_MAX_BATCH,
    EDIT_MAX_CHANNELS,
    EDIT_MAX_SIDE,
    EDIT_MAX_SIDE,
];
const WEIGHT_MAX: [usize; 4] = [
    EDIT_MAX_CHANNELS,
    EDIT_MAX_CHANNELS,
    EDIT_MAX_KERNEL,
    EDIT_MAX_KERNEL,
];

/// The fill helpers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    Zeros,
    Ones,
    /// Whole numbers from -4 to 4.
    RandomInt,
    /// Standard normal, like `torch.randn`.
    RandomNormal,
    /// 4s on the left half, 1s on the right.
    StepEdge,
    /// A vertical line of 1s at the centre column.
    VerticalLine,
    /// A line per channel, at different columns (the lecture's two channels).
    TwoLines,
}

impl Pattern {
    pub const ALL: [Pattern; 7] = [
        Pattern::Zeros,
        Pattern::Ones,
        Pattern::RandomInt,
        Pattern::RandomNormal,
        Pattern::StepEdge,
        Pattern::VerticalLine,
        Pattern::TwoLines,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Pattern::Zeros => "Zeros",
            Pattern::Ones => "Ones",
            Pattern::RandomInt => "Random integers",
            Pattern::RandomNormal => "Random normal",
            Pattern::StepEdge => "Step edge",
            Pattern::VerticalLine => "Vertical line",
            Pattern::TwoLines => "Two lines",
        }
    }

    /// The value at `(c, i, j)` of an `h x w` plane.
    fn value(self, rng: &mut Rng, c: usize, i: usize, j: usize, w: usize) -> f64 {
        let _ = i;
        match self {
            Pattern::Zeros => 0.0,
            Pattern::Ones => 1.0,
            Pattern::RandomInt => rng.int(-4, 4) as f64,
            Pattern::RandomNormal => (rng.normal() * 1e4).round() / 1e4,
            Pattern::StepEdge => {
                if j < w / 2 {
                    4.0
                } else {
                    1.0
                }
            }
            Pattern::VerticalLine => f64::from(j == w / 2),
            Pattern::TwoLines => {
                // The lecture's columns 2 and 6 of 8, scaled to the width.
                let col = if c % 2 == 0 { w / 4 } else { (3 * w) / 4 };
                f64::from(j == col.min(w - 1))
            }
        }
    }
}

fn resize4(a: &Array4<f64>, dim: [usize; 4]) -> Array4<f64> {
    let old = a.dim();
    Array4::from_shape_fn((dim[0], dim[1], dim[2], dim[3]), |(n, c, i, j)| {
        if n < old.0 && c < old.1 && i < old.2 && j < old.3 {
            a[[n, c, i, j]]
        } else {
            0.0
        }
    })
}

fn resize2(a: &Array2<f64>, dim: [usize; 2]) -> Array2<f64> {
    let old = a.dim();
    Array2::from_shape_fn((dim[0], dim[1]), |(i, j)| {
        if i < old.0 && j < old.1 {
            a[[i, j]]
        } else {
            0.0
        }
    })
}

impl Scene {
    /// The shape of a tensor as four axes (SciPy's arrays as `(1, 1, H, W)`).
    pub fn dim(&self, t: Target) -> [usize; 4] {
        let d4 = |a: &Array4<f64>| {
            let (n, c, h, w) = a.dim();
            [n, c, h, w]
        };
        let d2 = |a: &Array2<f64>| {
            let (h, w) = a.dim();
            [1, 1, h, w]
        };
        match (&self.op, t) {
            (Op::Torch(p), Target::Input) => d4(&p.input),
            (Op::Torch(p), Target::Kernel) => d4(&p.weight),
            (Op::Transpose(p), Target::Input) => d4(&p.input),
            (Op::Transpose(p), Target::Kernel) => d4(&p.weight),
            (Op::Convolve(s) | Op::Correlate(s), Target::Input) => d2(&s.in1),
            (Op::Convolve(s) | Op::Correlate(s), Target::Kernel) => d2(&s.in2),
            (Op::Sequential(s), Target::Input) => d4(&s.input),
            (Op::Sequential(s), Target::Kernel | Target::Layer(_)) => s
                .layers
                .get(t.layer())
                .and_then(StackLayer::as_conv)
                .map_or([0; 4], |l| d4(&l.weight)),
            (_, Target::Layer(_)) => [0; 4],
        }
    }

    /// One value of a tensor, `None` outside it.
    pub fn value(&self, t: Target, [a, b, i, j]: [usize; 4]) -> Option<f64> {
        match (&self.op, t) {
            (Op::Torch(p), Target::Input) => p.input.get([a, b, i, j]).copied(),
            (Op::Torch(p), Target::Kernel) => p.weight.get([a, b, i, j]).copied(),
            (Op::Transpose(p), Target::Input) => p.input.get([a, b, i, j]).copied(),
            (Op::Transpose(p), Target::Kernel) => p.weight.get([a, b, i, j]).copied(),
            (Op::Convolve(s) | Op::Correlate(s), Target::Input) if a == 0 && b == 0 => {
                s.in1.get([i, j]).copied()
            }
            (Op::Convolve(s) | Op::Correlate(s), Target::Kernel) if a == 0 && b == 0 => {
                s.in2.get([i, j]).copied()
            }
            (Op::Sequential(s), Target::Input) => s.input.get([a, b, i, j]).copied(),
            (Op::Sequential(s), Target::Kernel | Target::Layer(_)) => s
                .layers
                .get(t.layer())
                .and_then(StackLayer::as_conv)
                .and_then(|l| l.weight.get([a, b, i, j]).copied()),
            _ => None,
        }
    }

    /// Set one value; an index outside the tensor changes nothing.
    pub fn set_value(&mut self, t: Target, [a, b, i, j]: [usize; 4], v: f64) {
        let slot = match (&mut self.op, t) {
            (Op::Torch(p), Target::Input) => p.input.get_mut([a, b, i, j]),
            (Op::Torch(p), Target::Kernel) => p.weight.get_mut([a, b, i, j]),
            (Op::Transpose(p), Target::Input) => p.input.get_mut([a, b, i, j]),
            (Op::Transpose(p), Target::Kernel) => p.weight.get_mut([a, b, i, j]),
            (Op::Convolve(s) | Op::Correlate(s), Target::Input) if a == 0 && b == 0 => {
                s.in1.get_mut([i, j])
            }
            (Op::Convolve(s) | Op::Correlate(s), Target::Kernel) if a == 0 && b == 0 => {
                s.in2.get_mut([i, j])
            }
            (Op::Sequential(s), Target::Input) => s.input.get_mut([a, b, i, j]),
            (Op::Sequential(s), Target::Kernel | Target::Layer(_)) => s
                .layers
                .get_mut(t.layer())
                .and_then(StackLayer::as_conv_mut)
                .and_then(|l| l.weight.get_mut([a, b, i, j])),
            _ => None,
        };
        if let Some(x) = slot {
            *x = v;
        }
    }

    /// Resize a tensor, keeping the values that still fit. Sizes are
    /// clamped to the editor's limits. For PyTorch, changing the input's
    /// channels also resizes the weight's `C_in/groups` axis when `groups`
    /// divides the new count (otherwise the mismatch is left for the
    /// engine to explain), and the bias follows `C_out`.
    pub fn resize(&mut self, t: Target, dim: [usize; 4]) {
        let side = |x: usize, max: usize| x.clamp(1, max);
        // An (N, C, H, W) input and a conv2d's (C_out, C_in/groups, kH, kW) weight.
        let input = [0, 1, 2, 3].map(|a| side(dim[a], INPUT_MAX[a]));
        let weight = [0, 1, 2, 3].map(|a| side(dim[a], WEIGHT_MAX[a]));
        match (&mut self.op, t) {
            // Only a stack has layers.
            (
                Op::Torch(_) | Op::Transpose(_) | Op::Convolve(_) | Op::Correlate(_),
                Target::Layer(_),
            ) => {}
            (Op::Torch(p), Target::Input) => {
                let d = input;
                let old_c = p.input.dim().1;
                p.input = resize4(&p.input, d);
                if d[1] != old_c && p.groups > 0 && d[1] as i64 % p.groups == 0 {
                    let (o, _, kh, kw) = p.weight.dim();
                    p.weight = resize4(&p.weight, [o, d[1] / p.groups as usize, kh, kw]);
                }
            }
            (Op::Torch(p), Target::Kernel) => {
                let d = weight;
                p.weight = resize4(&p.weight, d);
                if let Some(b) = &mut p.bias {
                    b.resize(d[0], 0.0);
                }
            }
            (Op::Transpose(p), t) => {
                // The weight is [C_in][C_out/groups]: axis 0 follows the
                // input's channels, the bias follows C_out.
                if t == Target::Input {
                    let d = input;
                    p.input = resize4(&p.input, d);
                    let (_, cog, kh, kw) = p.weight.dim();
                    p.weight = resize4(&p.weight, [d[1], cog, kh, kw]);
                } else {
                    let d = weight;
                    p.weight = resize4(&p.weight, d);
                    if let (Some(b), true) = (
                        &mut p.bias,
                        (1..=EDIT_MAX_CHANNELS as i64).contains(&p.groups),
                    ) {
                        b.resize(d[1] * p.groups as usize, 0.0);
                    }
                }
            }
            (Op::Convolve(s) | Op::Correlate(s), Target::Input) => {
                s.in1 = resize2(
                    &s.in1,
                    [side(dim[2], EDIT_MAX_SIDE), side(dim[3], EDIT_MAX_SIDE)],
                );
            }
            (Op::Convolve(s) | Op::Correlate(s), Target::Kernel) => {
                s.in2 = resize2(
                    &s.in2,
                    [side(dim[2], EDIT_MAX_SIDE), side(dim[3], EDIT_MAX_SIDE)],
                );
            }
            // A stack's input, and any layer's weight (the kernel is layer 0's).
            (Op::Sequential(s), Target::Input) => {
                s.input = resize4(&s.input, input);
                s.fit_channels();
            }
            (Op::Sequential(s), Target::Kernel | Target::Layer(_)) => {
                if let Some(l) = s
                    .layers
                    .get_mut(t.layer())
                    .and_then(StackLayer::as_conv_mut)
                {
                    l.weight = resize4(&l.weight, weight);
                    if let Some(b) = &mut l.bias {
                        b.resize(weight[0], 0.0);
                    }
                }
                s.fit_channels();
            }
        }
    }

    /// Set PyTorch's `groups`, resizing the weight's `C_in/groups` axis when
    /// the new value divides the input channels.
    pub fn set_groups(&mut self, groups: i64) {
        if let Op::Transpose(p) = &mut self.op {
            p.groups = groups;
            if let (Some(b), true) = (
                &mut p.bias,
                (1..=EDIT_MAX_CHANNELS as i64).contains(&groups),
            ) {
                b.resize(p.weight.dim().1 * groups as usize, 0.0);
            }
        }
        if let Op::Torch(p) = &mut self.op {
            p.groups = groups;
            let c = p.input.dim().1;
            if groups > 0 && c as i64 % groups == 0 {
                let (o, _, kh, kw) = p.weight.dim();
                p.weight = resize4(&p.weight, [o, c / groups as usize, kh, kw]);
            }
        }
    }

    /// Fill a tensor with a pattern (random ones from `seed`).
    pub fn fill(&mut self, t: Target, pattern: Pattern, seed: u64) {
        let mut rng = Rng::new(seed);
        let [n, c, h, w] = self.dim(t);
        for a in 0..n {
            for b in 0..c {
                for i in 0..h {
                    for j in 0..w {
                        let v = pattern.value(&mut rng, b, i, j, w);
                        self.set_value(t, [a, b, i, j], v);
                    }
                }
            }
        }
    }

    /// Weight and bias drawn as `nn.Conv2d` draws them (PyTorch only).
    pub fn init_like_conv2d(&mut self, seed: u64) {
        if let Op::Torch(p) = &mut self.op {
            let (o, cg, kh, kw) = p.weight.dim();
            let round = |v: f64| (v * 1e4).round() / 1e4;
            let (w, b) = conv_init([o, cg, kh, kw], seed);
            p.weight = w.mapv(round);
            if p.bias.is_some() {
                p.bias = Some(b.into_iter().map(round).collect());
            }
        }
    }

    /// Bias on or off (PyTorch only); on starts at zeros.
    pub fn set_bias_enabled(&mut self, on: bool) {
        if let Op::Transpose(p) = &mut self.op {
            let o = p.weight.dim().1 * p.groups.clamp(1, EDIT_MAX_CHANNELS as i64) as usize;
            p.bias = on.then(|| p.bias.take().unwrap_or_else(|| vec![0.0; o]));
        }
        if let Op::Torch(p) = &mut self.op {
            let o = p.weight.dim().0;
            p.bias = match (on, p.bias.take()) {
                (true, Some(b)) => Some(b),
                (true, None) => Some(vec![0.0; o]),
                (false, _) => None,
            };
        }
    }

    pub fn set_bias(&mut self, o: usize, v: f64) {
        let bias = match &mut self.op {
            Op::Torch(p) => p.bias.as_mut(),
            Op::Transpose(p) => p.bias.as_mut(),
            _ => None,
        };
        if let Some(x) = bias.and_then(|b| b.get_mut(o)) {
            *x = v;
        }
    }
}
