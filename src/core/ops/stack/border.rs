//! Which outputs depend on invented pixels: per layer, an `H x W` map of
//! 0/1, 1 where the output position depends on at least one padding
//! position of this layer or of any layer below.
//!
//! Structural, as the oracle defines it: with `m_0` all 0 for the input,
//! `m_l = conv2d(pad(m_{l-1}) with 1 in the padding region, a kernel of ones,
//! the layer's stride and dilation) > 0`. Whatever the `padding_mode`,
//! padding positions count as invented: reflect and circular copy real
//! pixels into places where there is no data. A pool's padding (`-inf` for
//! a max pool, zeros for an average) is invented the same way, and so are
//! the cells past it that only `ceil_mode`'s last window reaches: that
//! window hangs off the map.

use ndarray::Array2;

use crate::core::ops::stack::chain::Stack;
use crate::core::ops::stack::layer::Footprint;

/// The invented-border map of one layer's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BorderMap {
    pub layer: usize,
    /// `H_out x W_out`: 1 where the position touches the invented border.
    pub map: Array2<u8>,
    /// How many positions are 1.
    pub count: usize,
    /// `H_out * W_out`.
    pub total: usize,
}

impl BorderMap {
    /// `count / total`, between 0 and 1.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.count as f64 / self.total as f64
        }
    }
}

/// `m_l` from `m_{l-1}` through one layer's footprint.
fn through(plan: &Footprint, below: &Array2<u8>) -> Array2<u8> {
    let [h, w] = plan.input_hw;
    let p = plan.pads;
    let [hp, wp] = plan.padded_hw();
    let invented = |y: usize, x: usize| {
        if y < p.top || y >= p.top + h || x < p.left || x >= p.left + w {
            true
        } else {
            below.get([y - p.top, x - p.left]).is_some_and(|v| *v > 0)
        }
    };
    let padded = Array2::from_shape_fn((hp, wp), |(y, x)| invented(y, x));
    let [kh, kw] = plan.kernel_hw;
    let [sh, sw] = plan.stride;
    let [dh, dw] = plan.dilation;
    let [ho, wo] = plan.out_hw;
    Array2::from_shape_fn((ho, wo), |(i, j)| {
        let hit = (0..kh).any(|a| {
            (0..kw).any(|b| {
                padded
                    .get([i * sh + a * dh, j * sw + b * dw])
                    .copied()
                    .unwrap_or(false)
            })
        });
        u8::from(hit)
    })
}

impl Stack {
    /// Every layer's border map, layer 0 first: the oracle's `border`.
    pub fn border_maps(&self) -> Vec<BorderMap> {
        let [h, w] = self.hw(0).unwrap_or([0, 0]);
        let mut below = Array2::<u8>::zeros((h, w));
        let mut maps = Vec::with_capacity(self.len());
        for (layer, plan) in self.plans().iter().enumerate() {
            let map = through(&plan.footprint(), &below);
            let count = map.iter().filter(|v| **v > 0).count();
            maps.push(BorderMap {
                layer,
                count,
                total: map.len(),
                map: map.clone(),
            });
            below = map;
        }
        maps
    }

    /// "after 4 layers with padding=same on 8x8, 64 of 64 positions touch
    /// the invented border", for layer `layer`'s output.
    pub fn border_sentence(&self, layer: usize) -> Option<String> {
        self.border_sentence_for(layer, self.border_maps().get(layer)?)
    }

    /// [`Stack::border_sentence`] with layer `layer`'s map already computed
    /// (the view keeps the maps, which follow the geometry alone).
    pub fn border_sentence_for(&self, layer: usize, m: &BorderMap) -> Option<String> {
        let [h, w] = self.hw(0)?;
        let words: Vec<String> = self.layers()[..=layer]
            .iter()
            .map(|l| l.padding_words())
            .collect();
        let n = layer + 1;
        let plural = if n == 1 { "layer" } else { "layers" };
        // The padding as PyTorch's argument says it (`padding=same`), not
        // in backticks: the sentence is shown as it is, not as Markdown.
        let kind = if words.iter().all(|x| *x == words[0]) {
            let w = &words[0];
            let arg = if w.starts_with("padding") {
                w.clone()
            } else {
                format!("padding={w}")
            };
            format!("{plural} with {arg}")
        } else {
            plural.to_string()
        };
        let verb = if m.count == 1 { "touches" } else { "touch" };
        Some(format!(
            "after {n} {kind} on {h}x{w}, {} of {} positions {verb} the invented border",
            m.count, m.total
        ))
    }
}
