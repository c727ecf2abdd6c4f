//! The facts of a lesson on "your network": a model (the step's scene
//! carries it, as a link made on that page does) run on its input shape.
//! Every number comes from the same report the layer table shows, which
//! `tests/network.rs` checks against PyTorch.
//!
//! | name | what it says |
//! | --- | --- |
//! | `net-input` | the input shape, `(1, 3, 224, 224)` |
//! | `net-shape P`, `net-hw P`, `net-c P` | layer `P`'s output: `(1, 64, 112, 112)`, `112x112`, `64` |
//! | `net-h-formula P` | how layer `P` computed its output height, numbers in |
//! | `net-params P`, `net-param-formula P` | layer `P`'s parameters, and their formula |
//! | `net-rf P`, `net-jump P` | the receptive field after layer `P`: `11x11`, jump `4` |
//! | `net-dense P Q` | the parameters of layer `P` made a plain convolution (groups=1) to layer `Q`'s channels |
//! | `net-total`, `net-layers` | every parameter; how many layers ran |
//! | `net-break`, `net-break-kind`, `net-message`, `net-met`, `net-fix` | where PyTorch stops, what, its message, the shape that met the layer, the fix |

use crate::core::content::lessons::fact::{tuple, Engine};
use crate::core::ops::network::layers::{Conv2d, Layer};
use crate::core::ops::network::params::params;
use crate::core::ops::network::report::{Report, Row};
use crate::core::ops::network::{infer, parse_shape, Model};

/// The report of the model a scene carries, if it carries one that parses.
pub(super) fn report_of(scene: &crate::core::model::scene::Scene) -> Option<Report> {
    let m = scene.showing.as_ref()?.model.as_ref()?;
    let model = Model::parse(&m.text).ok()?;
    let input = parse_shape(&m.input_shape).ok()?;
    infer(&model, &input).ok()
}

fn dims(v: &[i64]) -> String {
    let d: Vec<usize> = v.iter().map(|x| (*x).max(0) as usize).collect();
    tuple(&d)
}

impl Engine<'_> {
    fn row(&self, path: &str) -> Option<&Row> {
        self.report()?.rows.iter().find(|r| r.path == path)
    }

    /// Fact `name` with `args` (layer paths such as `3.1`).
    pub(super) fn net_fact(&self, name: &str, args: &[&str]) -> Option<String> {
        let r = self.report()?;
        let broken = || r.broken.as_ref();
        Some(match (name, args) {
            ("net-input", []) => dims(&r.input),
            ("net-shape", [p]) => dims(&self.row(p)?.output),
            ("net-hw", [p]) => {
                let o = &self.row(p)?.output;
                let n = o.len();
                (n >= 2).then(|| format!("{}x{}", o[n - 2], o[n - 1]))?
            }
            ("net-c", [p]) => self.row(p)?.output.get(1)?.to_string(),
            ("net-h-formula", [p]) => self
                .row(p)?
                .formulas
                .iter()
                .find(|f| f.axis == "H")?
                .text
                .clone(),
            ("net-params", [p]) => self.row(p)?.params.count.to_string(),
            ("net-param-formula", [p]) => self.row(p)?.params.formula.clone(),
            ("net-rf", [p]) => {
                let [h, w] = self.row(p)?.receptive.as_ref()?;
                format!("{}x{}", h.size, w.size)
            }
            ("net-jump", [p]) => self.row(p)?.receptive.as_ref()?[0].jump.to_string(),
            ("net-dense", [p, q]) => {
                // Layer `p` as one plain convolution (groups=1) straight to
                // layer `q`'s channels: what a depthwise-separable pair saves.
                let Layer::Conv2d(c) = &self.row(p)?.layer else {
                    return None;
                };
                let out = *self.row(q)?.output.get(1)?;
                let dense = Layer::Conv2d(Conv2d {
                    groups: 1,
                    out_channels: out,
                    ..c.clone()
                });
                params(&dense).count.to_string()
            }
            ("net-total", []) => r.params?.to_string(),
            ("net-layers", []) => r.rows.len().to_string(),
            ("net-break", []) => broken()?.path.clone(),
            ("net-break-kind", []) => broken()?.kind.to_string(),
            ("net-message", []) => broken()?.message(),
            ("net-met", []) => dims(broken()?.input.as_ref()?),
            ("net-fix", []) => broken()?.fix.as_ref()?.text.clone(),
            _ => return None,
        })
    }
}
