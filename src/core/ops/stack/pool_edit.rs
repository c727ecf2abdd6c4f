//! Edits of a stack's pool layers, as pure functions: add one, change its
//! kind or one of its arguments. The UI's layer list sends these (as
//! `LayerEdit`s of `core::app::edit`). Any whole number is taken: PyTorch's
//! rules refuse what it refuses, with its message, at that layer.

use crate::core::model::limits::MAX_LAYERS;
use crate::core::model::pool::{PoolArgs, PoolKind};
use crate::core::model::sequential::StackScene;

/// One change to a pool layer's arguments; axes are 0 (H) and 1 (W).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolEdit {
    /// Max or average, keeping the window. What the other kind does not
    /// have goes back to its default: a max pool's dilation, an average
    /// pool's `count_include_pad` and `divisor_override`.
    Kind(PoolKind),
    /// One axis of the stride (a stride left to its default, the kernel
    /// size, is given first).
    Stride(usize, i64),
    /// `stride=None` (`true`: the kernel size, PyTorch's default), or a
    /// stride given (`false`), the one in use until it is changed.
    DefaultStride(bool),
    Padding(usize, i64),
    /// One axis of a max pool's dilation.
    Dilation(usize, i64),
    CeilMode(bool),
    CountIncludePad(bool),
    DivisorOverride(Option<i64>),
}

impl PoolArgs {
    /// Make the change `edit` names.
    pub fn apply(&mut self, edit: PoolEdit) {
        let axis = |a: usize| a.min(1);
        match edit {
            PoolEdit::Kind(k) => {
                self.pool = k;
                match k {
                    PoolKind::Max => {
                        self.count_include_pad = true;
                        self.divisor_override = None;
                    }
                    PoolKind::Avg => self.dilation = [1, 1],
                }
            }
            PoolEdit::Stride(a, v) => {
                let mut s = self.stride_used();
                s[axis(a)] = v;
                self.stride = Some(s);
            }
            PoolEdit::DefaultStride(true) => self.stride = None,
            PoolEdit::DefaultStride(false) => self.stride = Some(self.stride_used()),
            PoolEdit::Padding(a, v) => self.padding[axis(a)] = v,
            PoolEdit::Dilation(a, v) => {
                if self.pool == PoolKind::Max {
                    self.dilation[axis(a)] = v;
                }
            }
            PoolEdit::CeilMode(on) => self.ceil_mode = on,
            PoolEdit::CountIncludePad(on) => {
                if self.pool == PoolKind::Avg {
                    self.count_include_pad = on;
                }
            }
            PoolEdit::DivisorOverride(d) => {
                if self.pool == PoolKind::Avg {
                    self.divisor_override = d;
                }
            }
        }
    }
}

impl StackScene {
    /// Append `nn.MaxPool2d(2)` or `nn.AvgPool2d(2)`, fed by the last
    /// layer's output (at most [`MAX_LAYERS`] layers).
    pub fn add_pool(&mut self, kind: PoolKind) {
        if self.layers.len() < MAX_LAYERS {
            self.layers.push(PoolArgs::new(kind, [2, 2]).into());
        }
    }

    /// Change pool layer `layer`; nothing on a conv layer or past the end.
    pub fn edit_pool(&mut self, layer: usize, edit: PoolEdit) {
        if let Some(p) = self.layers.get_mut(layer).and_then(|l| l.as_pool_mut()) {
            p.apply(edit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::layer::StackLayer;
    use ndarray::Array4;

    #[test]
    fn pool_edits_change_only_pool_layers_and_keep_each_kind_s_own_arguments() {
        let conv = StackLayer::conv(Array4::ones((1, 1, 3, 3)), crate::core::Padding::VALID);
        let mut s = StackScene::new(Array4::zeros((1, 1, 6, 6)), vec![conv.clone()]);
        s.add_pool(PoolKind::Max);
        s.edit_pool(0, PoolEdit::CeilMode(true));
        assert_eq!(s.layers[0], conv);
        s.edit_pool(1, PoolEdit::Stride(1, 3));
        assert_eq!(s.layers[1].as_pool().unwrap().stride, Some([2, 3]));
        s.edit_pool(1, PoolEdit::Dilation(0, 2));
        s.edit_pool(1, PoolEdit::DivisorOverride(Some(5)));
        assert_eq!(s.layers[1].as_pool().unwrap().divisor_override, None);
        s.edit_pool(1, PoolEdit::Kind(PoolKind::Avg));
        s.edit_pool(1, PoolEdit::DivisorOverride(Some(5)));
        s.edit_pool(1, PoolEdit::DefaultStride(false));
        assert_eq!(s.layers[1].as_pool().unwrap().stride, Some([2, 3]));
        s.edit_pool(1, PoolEdit::DefaultStride(true));
        s.edit_pool(9, PoolEdit::CeilMode(true));
        let p = s.layers[1].as_pool().unwrap();
        assert_eq!(
            (p.pool, p.dilation, p.divisor_override, p.stride),
            (PoolKind::Avg, [1, 1], Some(5), None)
        );
        for _ in 0..MAX_LAYERS {
            s.add_pool(PoolKind::Avg);
        }
        assert_eq!(s.layers.len(), MAX_LAYERS);
    }
}
