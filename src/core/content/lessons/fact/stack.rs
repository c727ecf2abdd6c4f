//! The facts of a stack scene: sizes along the chain, invented borders,
//! receptive fields and their paths, and the layer PyTorch refuses.

use crate::core::content::lessons::fact::{hw, list, Engine};
use crate::core::model::scene::{PaddingMode, Scene};
use crate::core::ops::stack::{ordinal, Stack};

impl Engine<'_> {
    /// The same stack with every layer padding with zeros.
    pub(super) fn zeros(&self) -> Option<Scene> {
        let mut s = self.stack_scene()?.clone();
        for l in s.layers.iter_mut().filter_map(|l| l.as_conv_mut()) {
            l.padding_mode = PaddingMode::Zeros;
        }
        Some(s.scene())
    }

    pub(super) fn stack_fact(&self, name: &str, args: &[usize]) -> Option<String> {
        let scene = self.stack_scene()?;
        let st = self.stack()?;
        let layers = &scene.layers;
        let field = |i: usize, j: usize| st.receptive_field(st.len().checked_sub(1)?, [i, j]);
        let sizes = || st.receptive_size(st.len().checked_sub(1)?);
        Some(match (name, args) {
            ("size", [l]) => hw(st.hw(*l)?),
            ("layers", []) => layers.len().to_string(),
            ("channels", []) => st
                .shapes()
                .iter()
                .map(|s| s[1].to_string())
                .collect::<Vec<_>>()
                .join(", "),
            ("dilations", []) => list(
                &layers
                    .iter()
                    .filter_map(|l| l.as_conv())
                    .map(|l| l.dilation[0].to_string())
                    .collect::<Vec<_>>(),
                "and",
            ),
            ("weights", []) => layers
                .iter()
                .filter_map(|l| l.as_conv())
                .map(|l| l.weight.len())
                .sum::<usize>()
                .to_string(),
            ("border" | "cells", [l]) => {
                let m = st.border_maps().into_iter().nth(*l)?;
                (if name == "border" { m.count } else { m.total }).to_string()
            }
            ("field", []) => {
                let [h, w] = sizes()?;
                format!("{}x{}", h.total.value, w.total.value)
            }
            ("jump", []) => sizes()?[0].jump.value.to_string(),
            ("r-sum", []) => {
                let mut r = 1;
                let mut terms = vec!["1".to_string()];
                for l in 0..st.len() {
                    let next = st.receptive_size(l)?[0].size.value;
                    terms.push((next - r).to_string());
                    r = next;
                }
                format!("{} = {r}", terms.join(" + "))
            }
            ("paths", [i, j]) => field(*i, *j)?
                .input_paths()
                .iter()
                .sum::<u128>()
                .to_string(),
            ("inside", [i, j]) => field(*i, *j)?.inside(0).to_string(),
            ("field-size" | "paths-centre" | "paths-corner", [i, j]) => {
                let f = field(*i, *j)?;
                let [[t, b], [l, r]] = f.bounds(0)?;
                match name {
                    "field-size" => hw([b - t + 1, r - l + 1]),
                    "paths-centre" => f.input_paths()[[(t + b) / 2, (l + r) / 2]].to_string(),
                    _ => f.input_paths()[[t, l]].to_string(),
                }
            }
            ("paths-all" | "taps", []) => {
                let taps: Vec<usize> = st
                    .plans()
                    .iter()
                    .map(|p| p.kernel_hw()[0] * p.kernel_hw()[1])
                    .collect();
                if name == "taps" {
                    taps.iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(" x ")
                } else {
                    taps.iter().product::<usize>().to_string()
                }
            }
            ("refused-layer" | "refused-ordinal", []) => {
                let l = Stack::new(scene).err()?.layer()?;
                if name == "refused-layer" {
                    l.to_string()
                } else {
                    ordinal(l + 1)
                }
            }
            _ => return None,
        })
    }
}
