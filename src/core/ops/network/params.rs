//! Each layer's parameter count, with the formula that gives it
//! (`16·(3/1)·3·3 + 16 = 448`): the numbers torchinfo shows, computed as
//! `sum(p.numel() for p in layer.parameters())`.

use crate::core::ops::network::layers::Layer;

/// A parameter count and how it is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub count: u128,
    /// `16·(3/1)·3·3 + 16 = 448`; `0` for a layer without parameters.
    pub formula: String,
}

fn count(dims: &[i64]) -> u128 {
    dims.iter()
        .fold(1u128, |acc, d| acc.saturating_mul((*d).max(0) as u128))
}

/// The parameters of a layer that was built (its sizes are not negative).
pub fn params(layer: &Layer) -> Params {
    let with_bias = |weight: u128, text: String, bias: Option<i64>| {
        let total = weight.saturating_add(bias.map_or(0, |b| b.max(0) as u128));
        let formula = match bias {
            Some(b) => format!("{text} + {b} = {total}"),
            None => format!("{text} = {total}"),
        };
        Params {
            count: total,
            formula,
        }
    };
    match layer {
        Layer::Conv2d(c) => {
            let [kh, kw] = c.kernel_size.pair();
            let g = c.groups.max(1);
            let (o, i) = (c.out_channels, c.in_channels);
            with_bias(
                count(&[o, i.div_euclid(g), kh, kw]),
                format!("{o}·({i}/{g})·{kh}·{kw}"),
                c.bias.then_some(o),
            )
        }
        Layer::ConvTranspose2d(t) => {
            let [kh, kw] = t.kernel_size.pair();
            let g = t.groups.max(1);
            let (i, o) = (t.in_channels, t.out_channels);
            with_bias(
                count(&[i, o.div_euclid(g), kh, kw]),
                format!("{i}·({o}/{g})·{kh}·{kw}"),
                t.bias.then_some(o),
            )
        }
        Layer::Linear(l) => {
            let (i, o) = (l.in_features, l.out_features);
            with_bias(count(&[o, i]), format!("{o}·{i}"), l.bias.then_some(o))
        }
        Layer::BatchNorm2d(b) if b.affine => {
            let c = b.num_features;
            if b.bias {
                with_bias(count(&[2, c]), format!("2·{c}"), None)
            } else {
                with_bias(count(&[c]), format!("{c}"), None)
            }
        }
        _ => Params {
            count: 0,
            formula: "0".into(),
        },
    }
}
