//! A call such as `nn.Conv2d(3, 16, kernel_size=3, padding=1)` as a
//! [`Layer`]: its arguments bound to the constructor's parameters
//! ([`super::args`]), then each read as the type PyTorch expects, with the
//! place of a value that is not one.

use crate::core::ops::network::args::{bind, Bound};
use crate::core::ops::network::layers::{
    AvgPool2d, BatchNorm2d, Conv2d, ConvPadding, ConvTranspose2d, Layer, Linear, MaxPool2d, Num,
    OutSize, Size2, KINDS,
};
use crate::core::ops::network::lex::{ParseError, Span};
use crate::core::ops::network::syntax::{Call, Expr, Node};

fn describe(e: &Expr) -> String {
    match e {
        Expr::Int(i) => i.to_string(),
        Expr::Float(x) => x.to_string(),
        Expr::Str(s) => format!("'{s}'"),
        Expr::Name(n) => n.clone(),
        Expr::Tuple(items) => format!("a tuple of {}", items.len()),
        Expr::Call(c) => format!("{}(...)", c.path.join(".")),
    }
}

impl<'a> Bound<'a> {
    fn get(&self, name: &str) -> Option<&'a Node> {
        self.values
            .iter()
            .find(|(p, _)| *p == name)
            .and_then(|v| v.1)
    }

    fn wrong(&self, node: &Node, name: &str, want: &str) -> ParseError {
        ParseError::at(
            node.span,
            format!(
                "{}'s {name} must be {want}, not {}",
                self.kind,
                describe(&node.expr)
            ),
        )
    }

    fn int(&self, name: &str, default: i64) -> Result<i64, ParseError> {
        match self.get(name) {
            None => Ok(default),
            Some(n) => int_of(n).ok_or_else(|| self.wrong(n, name, "an int")),
        }
    }

    fn opt_int(&self, name: &str) -> Result<Option<i64>, ParseError> {
        match self.get(name) {
            Some(n) if !is_none(n) => Ok(Some(
                int_of(n).ok_or_else(|| self.wrong(n, name, "an int or None"))?,
            )),
            _ => Ok(None),
        }
    }

    fn size(&self, name: &str, default: i64) -> Result<Size2, ParseError> {
        match self.get(name) {
            None => Ok(Size2::One(default)),
            Some(n) => size_of(n).ok_or_else(|| self.wrong(n, name, "an int or a pair of ints")),
        }
    }

    fn opt_size(&self, name: &str) -> Result<Option<Size2>, ParseError> {
        match self.get(name) {
            Some(n) if !is_none(n) => {
                Ok(Some(size_of(n).ok_or_else(|| {
                    self.wrong(n, name, "an int, a pair of ints or None")
                })?))
            }
            _ => Ok(None),
        }
    }

    fn flag(&self, name: &str, default: bool) -> Result<bool, ParseError> {
        match self.get(name).map(|n| (n, &n.expr)) {
            None => Ok(default),
            Some((_, Expr::Name(b))) if b == "True" => Ok(true),
            Some((_, Expr::Name(b))) if b == "False" => Ok(false),
            Some((n, _)) => Err(self.wrong(n, name, "True or False")),
        }
    }

    fn num(&self, name: &str, default: Num) -> Result<Num, ParseError> {
        match self.get(name) {
            None => Ok(default),
            Some(n) => num_of(n).ok_or_else(|| self.wrong(n, name, "a number")),
        }
    }

    fn text(&self, name: &str, default: &str) -> Result<String, ParseError> {
        match self.get(name).map(|n| (n, &n.expr)) {
            None => Ok(default.into()),
            Some((_, Expr::Str(s) | Expr::Name(s))) => Ok(s.clone()),
            Some((n, _)) => Err(self.wrong(n, name, "a string")),
        }
    }

    fn out_size(&self) -> Result<OutSize, ParseError> {
        let Some(n) = self.get("output_size") else {
            return Ok(OutSize::One(None));
        };
        let side = |n: &Node| {
            if is_none(n) {
                Some(None)
            } else {
                int_of(n).map(Some)
            }
        };
        let wrong = || self.wrong(n, "output_size", "an int, None or a pair of them");
        match &n.expr {
            Expr::Tuple(items) if items.len() == 2 => Ok(OutSize::Two(
                side(&items[0]).ok_or_else(wrong)?,
                side(&items[1]).ok_or_else(wrong)?,
            )),
            _ => side(n).map(OutSize::One).ok_or_else(wrong),
        }
    }
}

fn is_none(n: &Node) -> bool {
    matches!(&n.expr, Expr::Name(s) if s == "None")
}

fn int_of(n: &Node) -> Option<i64> {
    match n.expr {
        Expr::Int(i) => Some(i),
        _ => None,
    }
}

fn num_of(n: &Node) -> Option<Num> {
    match n.expr {
        Expr::Int(i) => Some(Num::Int(i)),
        Expr::Float(x) => Some(Num::Float(x)),
        _ => None,
    }
}

fn size_of(n: &Node) -> Option<Size2> {
    match &n.expr {
        Expr::Int(i) => Some(Size2::One(*i)),
        Expr::Tuple(items) if items.len() == 2 => {
            Some(Size2::Two(int_of(&items[0])?, int_of(&items[1])?))
        }
        _ => None,
    }
}

/// The layer a call builds; `Err` for a kind ConvLab does not know, or
/// arguments Python or PyTorch's types would not take.
pub fn layer_of(call: &Call) -> Result<Layer, ParseError> {
    let name = call.name();
    let Some(kind) = KINDS.iter().copied().find(|k| *k == name) else {
        return Err(ParseError::at(
            call.name_span,
            format!(
                "ConvLab does not know the layer '{name}'; it reads {}",
                KINDS.join(", ")
            ),
        ));
    };
    let b = bind(kind, call)?;
    let unsupported = |param: &str| -> Result<(), ParseError> {
        if b.flag(param, false)? {
            let n = b.get(param).expect("a flag that is set was given");
            return Err(ParseError::at(
                n.span,
                format!("{param}=True makes {kind} return two tensors, which the next layer of an nn.Sequential cannot take"),
            ));
        }
        Ok(())
    };
    Ok(match kind {
        "Conv2d" => Layer::Conv2d(Conv2d {
            in_channels: b.int("in_channels", 0)?,
            out_channels: b.int("out_channels", 0)?,
            kernel_size: b.size("kernel_size", 1)?,
            stride: b.size("stride", 1)?,
            padding: match b.get("padding").map(|n| &n.expr) {
                Some(Expr::Str(s) | Expr::Name(s)) => ConvPadding::Named(s.clone()),
                _ => ConvPadding::Size(b.size("padding", 0)?),
            },
            dilation: b.size("dilation", 1)?,
            groups: b.int("groups", 1)?,
            bias: b.flag("bias", true)?,
            padding_mode: b.text("padding_mode", "zeros")?,
        }),
        "ConvTranspose2d" => Layer::ConvTranspose2d(ConvTranspose2d {
            in_channels: b.int("in_channels", 0)?,
            out_channels: b.int("out_channels", 0)?,
            kernel_size: b.size("kernel_size", 1)?,
            stride: b.size("stride", 1)?,
            padding: b.size("padding", 0)?,
            output_padding: b.size("output_padding", 0)?,
            groups: b.int("groups", 1)?,
            bias: b.flag("bias", true)?,
            dilation: b.size("dilation", 1)?,
            padding_mode: b.text("padding_mode", "zeros")?,
        }),
        "MaxPool2d" => {
            unsupported("return_indices")?;
            Layer::MaxPool2d(MaxPool2d {
                kernel_size: b.size("kernel_size", 1)?,
                stride: b.opt_size("stride")?,
                padding: b.size("padding", 0)?,
                dilation: b.size("dilation", 1)?,
                ceil_mode: b.flag("ceil_mode", false)?,
            })
        }
        "AvgPool2d" => Layer::AvgPool2d(AvgPool2d {
            kernel_size: b.size("kernel_size", 1)?,
            stride: b.opt_size("stride")?,
            padding: b.size("padding", 0)?,
            ceil_mode: b.flag("ceil_mode", false)?,
            count_include_pad: b.flag("count_include_pad", true)?,
            divisor_override: b.opt_int("divisor_override")?,
        }),
        "AdaptiveAvgPool2d" => Layer::AdaptiveAvgPool2d(b.out_size()?),
        "AdaptiveMaxPool2d" => {
            unsupported("return_indices")?;
            Layer::AdaptiveMaxPool2d(b.out_size()?)
        }
        "BatchNorm2d" => {
            let affine = b.flag("affine", true)?;
            Layer::BatchNorm2d(BatchNorm2d {
                num_features: b.int("num_features", 0)?,
                eps: b.num("eps", Num::Float(1e-5))?,
                momentum: match b.get("momentum") {
                    Some(n) if is_none(n) => None,
                    _ => Some(b.num("momentum", Num::Float(0.1))?),
                },
                affine,
                track_running_stats: b.flag("track_running_stats", true)?,
                // Without affine there is no bias: print(model) says False.
                bias: b.flag("bias", true)? && affine,
            })
        }
        "ReLU" => Layer::ReLU {
            inplace: b.flag("inplace", false)?,
        },
        "SiLU" => Layer::SiLU {
            inplace: b.flag("inplace", false)?,
        },
        "LeakyReLU" => Layer::LeakyReLU {
            negative_slope: b.num("negative_slope", Num::Float(0.01))?,
            inplace: b.flag("inplace", false)?,
        },
        "GELU" => Layer::GELU {
            approximate: b.text("approximate", "none")?,
        },
        "Sigmoid" => Layer::Sigmoid,
        "Tanh" => Layer::Tanh,
        "Identity" => Layer::Identity,
        "Dropout" | "Dropout2d" => {
            let p = b.num("p", Num::Float(0.5))?;
            let inplace = b.flag("inplace", false)?;
            if kind == "Dropout" {
                Layer::Dropout { p, inplace }
            } else {
                Layer::Dropout2d { p, inplace }
            }
        }
        "Flatten" => Layer::Flatten {
            start_dim: b.int("start_dim", 1)?,
            end_dim: b.int("end_dim", -1)?,
        },
        _ => Layer::Linear(Linear {
            in_features: b.int("in_features", 0)?,
            out_features: b.int("out_features", 0)?,
            bias: b.flag("bias", true)?,
        }),
    })
}

/// Where a call's arguments may be read from: the span of the whole call.
pub fn call_span(call: &Call) -> Span {
    Span {
        end: call.close.end,
        ..call.start
    }
}
