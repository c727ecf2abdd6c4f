//! Edits of one `nn.Conv2d`'s arguments, the lab's or a stack layer's: one
//! editor sends these for both, so the two cannot drift apart.

use crate::core::model::conv2d::{Conv2dArgs, Padding, PaddingKind, PaddingMode};
use crate::core::model::scene::{Op, Scene};

/// Whose arguments: the lab's `torch.conv2d`, or layer `l` of a stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgsAt {
    Lab,
    Layer(usize),
}

/// One change a person makes in the arguments' editor. Axes are 0 (H) and
/// 1 (W); whole numbers are taken as typed, and PyTorch's rules refuse what
/// it refuses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ArgsEdit {
    Stride(usize, i64),
    Dilation(usize, i64),
    /// One side of explicit padding (nothing while the padding is named).
    Pad(usize, i64),
    /// The padding picker (see [`Conv2dArgs::choose_padding`]).
    Padding(PaddingKind),
    Mode(PaddingMode),
    /// `groups`: the weight's input channels follow (`C_in / groups`).
    Groups(i64),
    /// A bias of zeros, or none.
    Bias(bool),
}

impl Scene {
    /// The arguments at `at`, if the scene has them.
    pub fn conv2d_args(&self, at: ArgsAt) -> Option<&Conv2dArgs> {
        match (&self.op, at) {
            (Op::Torch(t), ArgsAt::Lab) => Some(&t.args),
            (Op::Sequential(s), ArgsAt::Layer(l)) => s.layers.get(l)?.as_conv(),
            _ => None,
        }
    }

    /// Apply `edit` to the arguments at `at` (nothing if there are none).
    pub fn edit_args(&mut self, at: ArgsAt, edit: ArgsEdit) {
        // Groups and bias resize the weight or the bias: the scene's own
        // edits keep the tensors consistent.
        match (edit, at) {
            (ArgsEdit::Groups(g), ArgsAt::Lab) => return self.set_groups(g),
            (ArgsEdit::Bias(on), ArgsAt::Lab) => return self.set_bias_enabled(on),
            (ArgsEdit::Groups(g), ArgsAt::Layer(l)) => {
                return self.edit_stack(|s| s.set_groups(l, g))
            }
            (ArgsEdit::Bias(on), ArgsAt::Layer(l)) => {
                return self.edit_stack(|s| s.set_bias_enabled(l, on))
            }
            _ => {}
        }
        let args = match (&mut self.op, at) {
            (Op::Torch(t), ArgsAt::Lab) => &mut t.args,
            (Op::Sequential(s), ArgsAt::Layer(l)) => {
                match s.layers.get_mut(l).and_then(|l| l.as_conv_mut()) {
                    Some(a) => a,
                    None => return,
                }
            }
            _ => return,
        };
        let axis = |a: usize| a.min(1);
        match edit {
            ArgsEdit::Stride(a, v) => args.stride[axis(a)] = v,
            ArgsEdit::Dilation(a, v) => args.dilation[axis(a)] = v,
            ArgsEdit::Pad(a, v) => {
                if let Padding::Explicit(p) = &mut args.padding {
                    p[axis(a)] = v;
                }
            }
            ArgsEdit::Padding(kind) => args.choose_padding(kind),
            ArgsEdit::Mode(m) => args.padding_mode = m,
            ArgsEdit::Groups(_) | ArgsEdit::Bias(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::presets::{edge_kernel, step_edge, torch_scene};
    use crate::core::model::sequential::StackScene;

    /// The lab's conv2d and a one-layer stack of it take every edit alike.
    #[test]
    fn the_lab_and_a_layer_take_the_same_edits_alike() {
        let mut lab = torch_scene(&step_edge(), &edge_kernel());
        lab.resize(crate::core::model::target::Target::Input, [1, 4, 8, 8]);
        let Op::Torch(t) = &lab.op else { panic!() };
        let mut stack = StackScene::of_conv(t.clone()).scene();
        let edits = [
            ArgsEdit::Stride(0, 2),
            ArgsEdit::Dilation(1, 3),
            ArgsEdit::Padding(PaddingKind::Explicit),
            ArgsEdit::Pad(1, 2),
            ArgsEdit::Padding(PaddingKind::Same),
            ArgsEdit::Padding(PaddingKind::Explicit),
            ArgsEdit::Mode(PaddingMode::Reflect),
            ArgsEdit::Groups(2),
            ArgsEdit::Bias(true),
            ArgsEdit::Stride(9, 1),
        ];
        for e in edits {
            lab.edit_args(ArgsAt::Lab, e);
            stack.edit_args(ArgsAt::Layer(0), e);
            assert_eq!(
                lab.conv2d_args(ArgsAt::Lab),
                stack.conv2d_args(ArgsAt::Layer(0)),
                "after {e:?}"
            );
        }
        let a = lab.conv2d_args(ArgsAt::Lab).unwrap();
        assert_eq!(a.stride, [2, 1], "an axis past W is W");
        assert_eq!(a.dilation, [1, 3]);
        // 'same' with a 3-wide kernel dilated by 3 pads 3 on W.
        assert_eq!(a.padding, Padding::Explicit([1, 3]));
        assert_eq!(a.groups, 2);
        assert_eq!(a.weight.dim().1, 2, "C_in / groups");
        assert_eq!(a.bias.as_deref(), Some(&[0.0][..]));
    }

    #[test]
    fn edits_where_there_are_no_such_arguments_change_nothing() {
        let mut lab = torch_scene(&step_edge(), &edge_kernel());
        let before = lab.clone();
        lab.edit_args(ArgsAt::Layer(0), ArgsEdit::Stride(0, 5));
        lab.edit_args(ArgsAt::Layer(3), ArgsEdit::Groups(2));
        assert_eq!(lab, before);
        let mut stack = StackScene::of_conv(match &before.op {
            Op::Torch(t) => t.clone(),
            _ => unreachable!(),
        })
        .scene();
        let one = stack.clone();
        stack.edit_args(ArgsAt::Layer(1), ArgsEdit::Dilation(0, 2));
        stack.edit_args(ArgsAt::Lab, ArgsEdit::Bias(true));
        assert_eq!(stack, one);
        // Padding numbers while the padding is named change nothing.
        stack.edit_args(ArgsAt::Layer(0), ArgsEdit::Padding(PaddingKind::Valid));
        let valid = stack.clone();
        stack.edit_args(ArgsAt::Layer(0), ArgsEdit::Pad(0, 4));
        assert_eq!(stack, valid);
    }
}
