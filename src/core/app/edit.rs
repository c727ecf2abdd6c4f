//! Every change a person makes to a scene, as data: an [`Edit`] names the
//! change and [`Scene::apply`] makes it. The page sends edits; nothing else
//! changes a scene in place. Being data, an edit can be logged, compared,
//! replayed and generated at random by a test, and the history can tell
//! from the edit alone how it undoes ([`Edit::how`]).

use crate::core::app::args::{ArgsAt, ArgsEdit};
use crate::core::image::presets::{apply as apply_preset, KernelPreset, Mapping};
use crate::core::model::edit::Pattern;
use crate::core::model::pool::PoolKind;
use crate::core::model::scene::{Boundary, Mode, Op, OpKind, Scene, TransposeConv};
use crate::core::model::target::Target;
use crate::core::ops::stack::edit::LayerFill;
pub use crate::core::ops::stack::pool_edit::PoolEdit;

/// Successive edits that undo as one: the keystrokes typed into one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    Cell(Target, [usize; 4]),
}

/// What kind of edit a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// A value or a setting; keystrokes of one `Run` undo as one.
    Edit(Option<Run>),
    /// A change of sizes: what it cuts off is kept for growing back.
    Resize,
}

/// One change to a scene.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Another op, carrying the data over ([`Scene::set_kind`]).
    Kind(OpKind),
    /// A number typed into one cell of a tensor.
    Value(Target, [usize; 4], f64),
    /// One axis of a tensor's size, as typed (clamped to the editor's limits).
    Size(Target, usize, i64),
    /// A tensor filled with a pattern (random ones from the seed).
    Fill(Target, Pattern, u64),
    /// The weight and bias drawn as `nn.Conv2d` draws them.
    InitLikeConv2d(u64),
    /// One value of the lab's bias (conv2d or transposed).
    Bias(usize, f64),
    /// A `nn.Conv2d`'s arguments: the lab's or a layer's.
    Args(ArgsAt, ArgsEdit),
    /// SciPy's `mode`, `boundary`, `fillvalue`.
    Scipy(ScipyEdit),
    /// `conv_transpose2d`'s arguments.
    Transpose(TransposeEdit),
    /// A kernel preset of the picture panel, meeting the channels as `Mapping` says.
    Preset(KernelPreset, Mapping),
    /// The scene's title (none when empty).
    Title(Option<String>),
    /// A stack's layers.
    Layer(LayerEdit),
}

/// SciPy's arguments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScipyEdit {
    Mode(Mode),
    Boundary(Boundary),
    FillValue(f64),
}

/// `conv_transpose2d`'s arguments; axes are 0 (H) and 1 (W). Any whole
/// number is taken: PyTorch's rules refuse what it refuses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TransposeEdit {
    Stride(usize, i64),
    Padding(usize, i64),
    OutputPadding(usize, i64),
    Dilation(usize, i64),
    Groups(i64),
    Bias(bool),
    /// `forward(output_size=...)` given as `[H_out, W_out]`, or not given.
    OutputSize(Option<[i64; 2]>),
    /// One axis of a given `output_size` (nothing when none is given).
    OutputSizeAxis(usize, i64),
}

/// A stack's layers. Sizes are taken as typed and clamped to the editor's
/// limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LayerEdit {
    Add,
    Duplicate(usize),
    Remove(usize),
    /// Layer `l` one place up (`true`) or down.
    Move(usize, bool),
    OutChannels(usize, i64),
    /// One axis (0 = kH, 1 = kW) of layer `l`'s kernel size.
    KernelSize(usize, usize, i64),
    Fill(usize, LayerFill, u64),
    /// Layer `l`'s bias value `o`.
    Bias(usize, usize, f64),
    /// A `MaxPool2d(2)` or `AvgPool2d(2)` after the last layer.
    AddPool(PoolKind),
    /// One of pool layer `l`'s arguments (its kernel size is `KernelSize`).
    Pool(usize, PoolEdit),
}

impl Edit {
    /// How the history takes this edit: keystrokes into one cell undo as
    /// one number; a change of sizes keeps what it cuts off.
    pub fn how(&self) -> How {
        match self {
            Edit::Value(t, at, _) => How::Edit(Some(Run::Cell(*t, *at))),
            Edit::Size(..) | Edit::Layer(_) => How::Resize,
            _ => How::Edit(None),
        }
    }
}

/// A typed size as a count: below 1 is 1 (the editors' limits clamp the top).
fn count(v: i64) -> usize {
    usize::try_from(v.max(1)).unwrap_or(1)
}

/// Where `output_size` keeps H_out and W_out (`[H, W]` or `[N, C, H, W]`).
pub fn output_size_slot(len: usize, axis: usize) -> usize {
    let axis = axis.min(1);
    if len == 4 {
        2 + axis
    } else {
        axis
    }
}

impl Scene {
    /// Make the change `edit` names. Edits that do not apply to this
    /// scene's op (a layer of a scene that is no stack, SciPy's mode of a
    /// conv2d) change nothing.
    pub fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Kind(k) => self.set_kind(*k),
            Edit::Value(t, at, v) => self.set_value(*t, *at, *v),
            Edit::Size(t, axis, v) => {
                let mut d = self.dim(*t);
                if let Some(x) = d.get_mut(*axis) {
                    *x = count(*v);
                    self.resize(*t, d);
                }
            }
            Edit::Fill(t, p, seed) => self.fill(*t, *p, *seed),
            Edit::InitLikeConv2d(seed) => self.init_like_conv2d(*seed),
            Edit::Bias(o, v) => self.set_bias(*o, *v),
            Edit::Args(at, e) => self.edit_args(*at, *e),
            Edit::Scipy(e) => {
                if let Op::Convolve(c) | Op::Correlate(c) = &mut self.op {
                    match *e {
                        ScipyEdit::Mode(m) => c.mode = m,
                        ScipyEdit::Boundary(b) => c.boundary = b,
                        ScipyEdit::FillValue(f) => c.fillvalue = f,
                    }
                }
            }
            Edit::Transpose(e) => self.edit_transpose(*e),
            Edit::Preset(p, mapping) => {
                if let Op::Torch(t) = &mut self.op {
                    *t = apply_preset(t, *p, *mapping);
                }
            }
            Edit::Title(t) => {
                self.title = t.as_ref().filter(|t| !t.trim().is_empty()).cloned();
            }
            Edit::Layer(e) => self.edit_layers(*e),
        }
    }

    fn edit_transpose(&mut self, edit: TransposeEdit) {
        match edit {
            TransposeEdit::Groups(g) => return self.set_groups(g),
            TransposeEdit::Bias(on) => return self.set_bias_enabled(on),
            _ => {}
        }
        let Op::Transpose(t) = &mut self.op else {
            return;
        };
        let TransposeConv {
            stride,
            padding,
            output_padding,
            dilation,
            output_size,
            ..
        } = t;
        match edit {
            TransposeEdit::Stride(a, v) => stride[a.min(1)] = v,
            TransposeEdit::Padding(a, v) => padding[a.min(1)] = v,
            TransposeEdit::OutputPadding(a, v) => output_padding[a.min(1)] = v,
            TransposeEdit::Dilation(a, v) => dilation[a.min(1)] = v,
            TransposeEdit::OutputSize(size) => *output_size = size.map(|s| s.to_vec()),
            TransposeEdit::OutputSizeAxis(a, v) => {
                if let Some(size) = output_size {
                    let k = output_size_slot(size.len(), a);
                    if let Some(x) = size.get_mut(k) {
                        *x = v;
                    }
                }
            }
            TransposeEdit::Groups(_) | TransposeEdit::Bias(_) => {}
        }
    }

    fn edit_layers(&mut self, edit: LayerEdit) {
        self.edit_stack(|s| match edit {
            LayerEdit::Add => s.add_layer(),
            LayerEdit::Duplicate(l) => s.duplicate_layer(l),
            LayerEdit::Remove(l) => s.remove_layer(l),
            LayerEdit::Move(l, up) => s.move_layer(l, up),
            LayerEdit::OutChannels(l, v) => s.set_out_channels(l, count(v)),
            LayerEdit::KernelSize(l, axis, v) => {
                if let Some(p) = s.layers.get_mut(l).and_then(|l| l.as_pool_mut()) {
                    p.kernel_size[axis.min(1)] = v;
                } else if let Some(layer) = s.layers.get(l).and_then(|l| l.as_conv()) {
                    let (_, _, kh, kw) = layer.weight.dim();
                    let mut k = [kh, kw];
                    k[axis.min(1)] = count(v);
                    s.set_kernel_size(l, k);
                }
            }
            LayerEdit::Fill(l, f, seed) => s.fill_layer(l, f, seed),
            LayerEdit::Bias(l, o, v) => s.set_bias(l, o, v),
            LayerEdit::AddPool(k) => s.add_pool(k),
            LayerEdit::Pool(l, e) => s.edit_pool(l, e),
        });
    }
}

#[cfg(test)]
mod tests;
