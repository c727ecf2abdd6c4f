//! "Undo this shape": the `ConvTranspose2d` that maps a conv2d's output
//! size back to its input size.
//!
//! It keeps the conv2d's stride, padding, dilation and groups and the very
//! same weight tensor, whose axes it reads the other way round: conv2d's
//! `[C_out][C_in/groups]` is the transposed convolution's
//! `[C_in][C_out/groups]`, so it goes from conv2d's `C_out` channels back
//! to its `C_in`. Its input is the conv2d's output. It restores the
//! *shape*, not the values: a transposed convolution is not an inverse.

use crate::core::engine::error::ConvError;
use crate::core::engine::plan::Plan;
use crate::core::engine::transpose::error::TransposeError;
use crate::core::model::scene::{Op, Scene, TransposeConv};

/// The transposed convolution that undoes a conv2d's shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    /// The `torch.conv_transpose2d` scene (input: the conv2d's output).
    pub scene: Scene,
    /// The conv2d's input height and width: the transposed output's.
    pub conv_input_hw: [usize; 2],
    /// The conv2d's output height and width: the transposed input's.
    pub conv_output_hw: [usize; 2],
    /// The output padding that picks `conv_input_hw` (also set as
    /// `output_padding` in `scene`, unless `output_size` was asked for).
    pub output_padding: [usize; 2],
    /// Per axis, the smallest and largest conv2d input sizes that give the
    /// same output size: all of them are equally good answers.
    pub preimages: [[usize; 2]; 2],
    /// Why several input sizes give one output size, with the numbers.
    pub explanation: String,
}

impl Undo {
    /// What the page says after loading it: what the layer does, with the
    /// sizes, then why it chose its output padding.
    pub fn note(&self) -> String {
        let [h, w] = self.conv_input_hw;
        let [oh, ow] = self.conv_output_hw;
        format!(
            "This ConvTranspose2d takes the conv2d's {oh}x{ow} output back to a {h}x{w} shape, with the same weight read as (C_in, C_out/groups, kH, kW). It restores the shape, not the values.\n{}",
            self.explanation
        )
    }
}

/// Build the undoing `ConvTranspose2d` for a `torch.conv2d` scene. With
/// `use_output_size` the scene asks for `output_size=[H, W]` (as
/// `nn.ConvTranspose2d.forward` allows) instead of setting the padding.
pub fn undo_shape(scene: &Scene, use_output_size: bool) -> Result<Undo, ConvError> {
    let Op::Torch(t) = &scene.op else {
        return Err(ConvError::Transpose(TransposeError::UndoNeedsConv2d));
    };
    let plan = Plan::new(scene)?;
    let p = plan.pads;
    if p.top != p.bottom || p.left != p.right {
        return Err(ConvError::Transpose(TransposeError::UndoUnequalPadding {
            pads: [p.top, p.bottom, p.left, p.right],
        }));
    }
    let padding = [p.top, p.left];
    let [h, w] = plan.input_hw();
    let out = plan.out_hw;
    let span = plan.span_hw();
    let (s, d) = (plan.stride, plan.dilation);
    // The smallest input with this output size; each one up to stride - 1
    // larger gives the same output, since the formula floors.
    // It may be 0 or less (large padding, small input): sizes start at 1.
    let min = [0, 1].map(|a| ((out[a] - 1) * s[a] + span[a]) as i64 - 2 * padding[a] as i64);
    let output_padding = [0, 1].map(|a| ([h, w][a] as i64 - min[a]) as usize);
    let preimages = [0, 1].map(|a| [min[a].max(1) as usize, (min[a] + s[a] as i64 - 1) as usize]);
    let transpose = TransposeConv {
        input: plan.output(),
        weight: t.weight.clone(),
        bias: None,
        stride: s.map(|x| x as i64),
        padding: padding.map(|x| x as i64),
        output_padding: if use_output_size {
            [0, 0]
        } else {
            output_padding.map(|x| x as i64)
        },
        dilation: d.map(|x| x as i64),
        groups: plan.groups as i64,
        output_size: use_output_size.then(|| vec![h as i64, w as i64]),
    };
    let mut lines = Vec::new();
    for (a, x) in ["H", "W"].into_iter().enumerate() {
        let (inp, o) = ([h, w][a], out[a]);
        lines.push(format!(
            "{x}: conv2d computes floor(({inp} + 2*{} - {}*({}-1) - 1)/{}) + 1 = {o}. The floor throws away \
             the remainder of the division by the stride {}, so every {x} from {} to {} gives {o} as well: \
             the last rows/columns past the kernel's last stop are never read. Going back, \
             ConvTranspose2d reaches ({o} - 1)*{} - 2*{} + {}*({}-1) + 1 = {} and output_padding={} adds \
             the {} row(s)/column(s) that pick {inp}.",
            padding[a],
            d[a],
            plan.kernel_hw()[a],
            s[a],
            s[a],
            preimages[a][0],
            preimages[a][1],
            s[a],
            padding[a],
            d[a],
            plan.kernel_hw()[a],
            min[a],
            output_padding[a],
            output_padding[a],
        ));
    }
    if preimages.iter().all(|r| r[0] == r[1]) {
        lines.push("Here the stride is 1, so only one input size gives this output size.".into());
    }
    Ok(Undo {
        scene: Scene::new(Op::Transpose(transpose)),
        conv_input_hw: [h, w],
        conv_output_hw: out,
        output_padding,
        preimages,
        explanation: lines.join("\n"),
    })
}
