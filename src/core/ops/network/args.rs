//! Python's argument binding for the layer constructors: positional and
//! keyword arguments matched to each `__init__`'s parameters, with the
//! `TypeError` Python raises when they do not fit ("Conv2d.__init__() got
//! an unexpected keyword argument 'foo'").

use crate::core::ops::network::lex::ParseError;
use crate::core::ops::network::syntax::{Call, Node};

/// A constructor's parameters after `self`, in order; keyword-only ones
/// after the `*`; `None` for `Identity`'s `*args, **kwargs` (takes
/// anything).
fn signature(kind: &str) -> Option<(&'static [&'static str], usize, &'static [&'static str])> {
    // (positional parameters, how many are required, keyword-only)
    Some(match kind {
        "Conv2d" => (
            &[
                "in_channels",
                "out_channels",
                "kernel_size",
                "stride",
                "padding",
                "dilation",
                "groups",
                "bias",
                "padding_mode",
                "device",
                "dtype",
            ],
            3,
            &[],
        ),
        "ConvTranspose2d" => (
            &[
                "in_channels",
                "out_channels",
                "kernel_size",
                "stride",
                "padding",
                "output_padding",
                "groups",
                "bias",
                "dilation",
                "padding_mode",
                "device",
                "dtype",
            ],
            3,
            &[],
        ),
        "MaxPool2d" => (
            &[
                "kernel_size",
                "stride",
                "padding",
                "dilation",
                "return_indices",
                "ceil_mode",
            ],
            1,
            &[],
        ),
        "AvgPool2d" => (
            &[
                "kernel_size",
                "stride",
                "padding",
                "ceil_mode",
                "count_include_pad",
                "divisor_override",
            ],
            1,
            &[],
        ),
        "AdaptiveAvgPool2d" => (&["output_size"], 1, &[]),
        "AdaptiveMaxPool2d" => (&["output_size", "return_indices"], 1, &[]),
        "BatchNorm2d" => (
            &[
                "num_features",
                "eps",
                "momentum",
                "affine",
                "track_running_stats",
                "device",
                "dtype",
            ],
            1,
            &["bias"],
        ),
        "ReLU" | "SiLU" => (&["inplace"], 0, &[]),
        "LeakyReLU" => (&["negative_slope", "inplace"], 0, &[]),
        "GELU" => (&["approximate"], 0, &[]),
        "Dropout" | "Dropout2d" => (&["p", "inplace"], 0, &[]),
        "Flatten" => (&["start_dim", "end_dim"], 0, &[]),
        "Linear" => (
            &["in_features", "out_features", "bias", "device", "dtype"],
            2,
            &[],
        ),
        "Sigmoid" | "Tanh" => (&[], 0, &[]),
        _ => return None,
    })
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`, as Python lists them.
fn python_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// The arguments by parameter, as Python binds them.
pub(crate) struct Bound<'a> {
    pub kind: &'static str,
    pub values: Vec<(&'static str, Option<&'a Node>)>,
}

pub(crate) fn bind<'a>(kind: &'static str, call: &'a Call) -> Result<Bound<'a>, ParseError> {
    let Some((pos, required, kw_only)) = signature(kind) else {
        // `*args, **kwargs`: anything goes, and nothing is kept.
        return Ok(Bound {
            kind,
            values: Vec::new(),
        });
    };
    // The class whose `__init__` it is (some are inherited).
    let owner = match kind {
        "MaxPool2d" => "_MaxPoolNd",
        "AdaptiveAvgPool2d" => "_AdaptiveAvgPoolNd",
        "AdaptiveMaxPool2d" => "_AdaptiveMaxPoolNd",
        "BatchNorm2d" => "_BatchNorm",
        "Dropout" | "Dropout2d" => "_DropoutNd",
        _ => kind,
    };
    let init = format!("{owner}.__init__()");
    let mut values: Vec<(&'static str, Option<&'a Node>)> =
        pos.iter().chain(kw_only).map(|p| (*p, None)).collect();
    let positional: Vec<&Node> = call
        .args
        .iter()
        .filter(|a| a.keyword.is_none())
        .map(|a| &a.value)
        .collect();
    if positional.len() > pos.len() {
        let takes = if required == pos.len() {
            let s = if pos.is_empty() { "" } else { "s" };
            format!("takes {} positional argument{s}", pos.len() + 1)
        } else {
            format!(
                "takes from {} to {} positional arguments",
                required + 1,
                pos.len() + 1
            )
        };
        let given = positional.len() + 1;
        let verb = if given == 1 { "was" } else { "were" };
        return Err(ParseError::at(
            positional[pos.len()].span,
            format!("{init} {takes} but {given} {verb} given"),
        ));
    }
    for (k, v) in positional.iter().enumerate() {
        values[k].1 = Some(v);
    }
    for a in &call.args {
        let Some((name, span)) = &a.keyword else {
            continue;
        };
        match values.iter_mut().find(|(p, _)| p == name) {
            Some((_, slot @ None)) => *slot = Some(&a.value),
            Some(_) => {
                return Err(ParseError::at(
                    *span,
                    format!("{init} got multiple values for argument '{name}'"),
                ))
            }
            None => {
                return Err(ParseError::at(
                    *span,
                    format!("{init} got an unexpected keyword argument '{name}'"),
                ))
            }
        }
    }
    let missing: Vec<&str> = values[..required]
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(p, _)| *p)
        .collect();
    if !missing.is_empty() {
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(ParseError::at(
            call.close,
            format!(
                "{init} missing {} required positional argument{s}: {}",
                missing.len(),
                python_list(&missing)
            ),
        ));
    }
    Ok(Bound { kind, values })
}
