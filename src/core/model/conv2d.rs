//! One `nn.Conv2d`'s arguments, [`Conv2dArgs`], shared by the lab's
//! `torch.conv2d` scene ([`TorchConv`]: the arguments applied to an input)
//! and every conv layer of a stack (`StackLayer::Conv`). One type, so the two
//! editors and the two exports cannot drift apart.

use ndarray::Array4;
use serde::{Deserialize, Serialize};

use crate::core::model::tensor::nested4;

/// The arguments of `F.conv2d(input, weight, bias, stride, padding,
/// dilation, groups)` besides the input, plus `nn.Conv2d`'s
/// `padding_mode`. In a scene's JSON they sit beside `input` (flattened),
/// so links and files keep the oracle's case format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conv2dArgs {
    /// `[C_out][C_in/groups][kH][kW]`
    #[serde(with = "nested4")]
    pub weight: Array4<f64>,
    #[serde(default)]
    pub bias: Option<Vec<f64>>,
    #[serde(default = "one_pair")]
    pub stride: [i64; 2],
    #[serde(default = "Padding::zero")]
    pub padding: Padding,
    #[serde(default = "one_pair")]
    pub dilation: [i64; 2],
    #[serde(default = "one")]
    pub groups: i64,
    #[serde(default)]
    pub padding_mode: PaddingMode,
}

/// Arguments of `torch.nn.functional.conv2d` (and `nn.Conv2d`'s
/// `padding_mode`): an input and the [`Conv2dArgs`] applied to it. It
/// dereferences to its arguments, so `t.weight` reads as PyTorch's call does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TorchConv {
    /// `[N][C][H][W]`
    #[serde(with = "nested4")]
    pub input: Array4<f64>,
    #[serde(flatten)]
    pub args: Conv2dArgs,
}

impl std::ops::Deref for TorchConv {
    type Target = Conv2dArgs;
    fn deref(&self) -> &Conv2dArgs {
        &self.args
    }
}

impl std::ops::DerefMut for TorchConv {
    fn deref_mut(&mut self) -> &mut Conv2dArgs {
        &mut self.args
    }
}

pub fn one() -> i64 {
    1
}
pub fn one_pair() -> [i64; 2] {
    [1, 1]
}

impl Conv2dArgs {
    /// This weight and padding with PyTorch's defaults for the rest, as
    /// `F.conv2d` has them: no bias, stride 1, dilation 1, groups 1, and
    /// `nn.Conv2d`'s `padding_mode="zeros"`.
    pub fn new(weight: Array4<f64>, padding: Padding) -> Conv2dArgs {
        Conv2dArgs {
            weight,
            bias: None,
            stride: [1, 1],
            padding,
            dilation: [1, 1],
            groups: 1,
            padding_mode: PaddingMode::Zeros,
        }
    }

    /// These arguments applied to `input`: a `torch.conv2d` scene's op.
    pub fn conv(&self, input: Array4<f64>) -> TorchConv {
        TorchConv {
            input,
            args: self.clone(),
        }
    }

    /// `nn.Conv2d`'s `in_channels`, as the export writes it: `C_in/groups * groups`.
    pub fn in_channels(&self) -> i64 {
        self.weight.dim().1 as i64 * self.groups
    }

    /// What PyTorch prints for this `nn.Conv2d` (its `repr`, as
    /// `print(model)` shows it): the channels, the kernel and the stride
    /// always; padding, dilation, groups, a missing bias and the padding
    /// mode only when they are not the defaults, as `Conv2d.extra_repr` does.
    pub fn module_repr(&self) -> String {
        let (o, _, kh, kw) = self.weight.dim();
        let [sh, sw] = self.stride;
        let mut s = format!(
            "Conv2d({}, {o}, kernel_size=({kh}, {kw}), stride=({sh}, {sw})",
            self.in_channels()
        );
        match self.padding {
            Padding::Named(NamedPadding::Same) => s.push_str(", padding=same"),
            Padding::Named(NamedPadding::Valid) => s.push_str(", padding=valid"),
            Padding::Explicit([0, 0]) => {}
            Padding::Explicit([h, w]) => s.push_str(&format!(", padding=({h}, {w})")),
        }
        if self.dilation != [1, 1] {
            s.push_str(&format!(
                ", dilation=({}, {})",
                self.dilation[0], self.dilation[1]
            ));
        }
        if self.groups != 1 {
            s.push_str(&format!(", groups={}", self.groups));
        }
        if self.bias.is_none() {
            s.push_str(", bias=False");
        }
        if self.padding_mode != PaddingMode::Zeros {
            s.push_str(&format!(", padding_mode={}", self.padding_mode.as_str()));
        }
        s.push(')');
        s
    }

    /// The padding in a few words: `same`, `valid`, `padding=(1, 1) reflect`.
    pub fn padding_words(&self) -> String {
        match self.padding {
            Padding::Named(NamedPadding::Same) => "same".into(),
            Padding::Named(NamedPadding::Valid) => "valid".into(),
            Padding::Explicit([0, 0]) => "padding=0".into(),
            Padding::Explicit([h, w]) if self.padding_mode == PaddingMode::Zeros => {
                format!("padding=({h}, {w})")
            }
            Padding::Explicit([h, w]) => {
                format!("padding=({h}, {w}) {}", self.padding_mode.as_str())
            }
        }
    }

    /// Choose `explicit`, `same` or `valid` padding, as the editors' padding
    /// picker does. Choosing `explicit` keeps the geometry the named padding
    /// had wherever numbers can say it: `valid` becomes `(0, 0)`, and `same`
    /// becomes `dilation * (k - 1) / 2` per axis, which is what `same` pads
    /// on each side for an odd (dilated) kernel, so the output keeps its
    /// size and only the words change. (An even kernel's `same` pads one
    /// more at the bottom and right than at the top and left, which one
    /// number per axis cannot say: the output then loses a row or column,
    /// as PyTorch's own `padding=(k - 1) // 2` would.) Explicit padding that
    /// is already explicit stays as it is.
    pub fn choose_padding(&mut self, kind: PaddingKind) {
        self.padding = match (kind, self.padding) {
            (PaddingKind::Same, _) => Padding::SAME,
            (PaddingKind::Valid, _) => Padding::VALID,
            (PaddingKind::Explicit, Padding::Explicit(p)) => Padding::Explicit(p),
            (PaddingKind::Explicit, Padding::Named(NamedPadding::Valid)) => Padding::zero(),
            (PaddingKind::Explicit, Padding::Named(NamedPadding::Same)) => {
                let (_, _, kh, kw) = self.weight.dim();
                let half =
                    |d: i64, k: usize| d.max(0).saturating_mul(k.saturating_sub(1) as i64) / 2;
                Padding::Explicit([half(self.dilation[0], kh), half(self.dilation[1], kw)])
            }
        };
    }
}

/// The three choices of the padding picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaddingKind {
    Explicit,
    Same,
    Valid,
}

impl PaddingKind {
    pub const ALL: [PaddingKind; 3] = [Self::Explicit, Self::Same, Self::Valid];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Explicit => "explicit",
            Self::Same => "same",
            Self::Valid => "valid",
        }
    }
    pub fn of(p: Padding) -> PaddingKind {
        match p {
            Padding::Explicit(_) => Self::Explicit,
            Padding::Named(NamedPadding::Same) => Self::Same,
            Padding::Named(NamedPadding::Valid) => Self::Valid,
        }
    }
}

/// PyTorch's `padding`: a pair of per-side amounts, or a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Padding {
    Explicit([i64; 2]),
    Named(NamedPadding),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedPadding {
    Same,
    Valid,
}

impl Padding {
    pub const SAME: Padding = Padding::Named(NamedPadding::Same);
    pub const VALID: Padding = Padding::Named(NamedPadding::Valid);
    pub fn zero() -> Padding {
        Padding::Explicit([0, 0])
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaddingMode {
    #[default]
    Zeros,
    Reflect,
    Replicate,
    Circular,
}

impl PaddingMode {
    pub const ALL: [PaddingMode; 4] = [Self::Zeros, Self::Reflect, Self::Replicate, Self::Circular];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zeros => "zeros",
            Self::Reflect => "reflect",
            Self::Replicate => "replicate",
            Self::Circular => "circular",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(k: [usize; 2], dilation: [i64; 2], padding: Padding) -> Conv2dArgs {
        Conv2dArgs {
            dilation,
            ..Conv2dArgs::new(Array4::zeros((1, 1, k[0], k[1])), padding)
        }
    }

    #[test]
    fn explicit_padding_keeps_what_the_named_padding_meant() {
        let mut a = args([3, 5], [1, 2], Padding::SAME);
        a.choose_padding(PaddingKind::Explicit);
        assert_eq!(a.padding, Padding::Explicit([1, 4]));
        let mut a = args([3, 3], [1, 1], Padding::VALID);
        a.choose_padding(PaddingKind::Explicit);
        assert_eq!(a.padding, Padding::Explicit([0, 0]));
        let mut a = args([3, 3], [1, 1], Padding::Explicit([2, 7]));
        a.choose_padding(PaddingKind::Explicit);
        assert_eq!(a.padding, Padding::Explicit([2, 7]));
        a.choose_padding(PaddingKind::Same);
        assert_eq!(a.padding, Padding::SAME);
        assert_eq!(PaddingKind::of(a.padding), PaddingKind::Same);
        // A nonsense dilation never overflows or goes negative.
        let mut a = args([9, 9], [-3, i64::MAX], Padding::SAME);
        a.choose_padding(PaddingKind::Explicit);
        assert_eq!(a.padding, Padding::Explicit([0, i64::MAX / 2]));
    }
}
