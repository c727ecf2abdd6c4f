//! The channel-connections diagram's words and wiring: which input
//! channels each output channel reads (all-to-all for `groups=1`, blocks
//! for `groups=g`, one-to-one for depthwise), and the sentence that says
//! why the weight has the shape it has.

use std::ops::Range;

use crate::core::engine::plan::Plan;

/// Most channels a side the diagram draws.
pub const MAX_NODES: usize = 64;

/// A plan's channel wiring.
#[derive(Clone, Debug, PartialEq)]
pub struct Wiring {
    pub in_channels: usize,
    pub out_channels: usize,
    pub groups: usize,
    /// Input channels per group: what each filter reads.
    pub group_in: usize,
    pub kernel_hw: [usize; 2],
    /// Per output channel: its group, and the input channels it reads.
    pub reads: Vec<(usize, Range<usize>)>,
}

impl Wiring {
    pub fn of(p: &Plan) -> Wiring {
        Wiring {
            in_channels: p.in_channels(),
            out_channels: p.out_channels(),
            groups: p.groups,
            group_in: p.group_in(),
            kernel_hw: p.kernel_hw(),
            reads: (0..p.out_channels())
                .map(|o| (p.group_of(o), p.channels_of(o)))
                .collect(),
        }
    }

    /// Too many channels to draw: what is said instead.
    pub fn too_many(&self) -> Option<String> {
        let (c, o, g) = (self.in_channels, self.out_channels, self.groups);
        (c > MAX_NODES || o > MAX_NODES)
            .then(|| format!("{c} inputs and {o} outputs in {g} groups: too many to draw."))
    }

    /// Why the weight has its shape, with the numbers.
    pub fn why(&self) -> String {
        let (c, o, g, gi) = (
            self.in_channels,
            self.out_channels,
            self.groups,
            self.group_in,
        );
        let [kh, kw] = self.kernel_hw;
        format!(
            "groups={g}: each of the {o} filters reads C_in/groups = {c}/{g} = {gi} channel{}, so weight is ({o}, {gi}, {kh}, {kw}).",
            if gi == 1 { "" } else { "s" }
        )
    }

    /// The diagram's accessible name.
    pub fn label(&self) -> String {
        format!(
            "{} input channels to {} output channels in {} groups",
            self.in_channels, self.out_channels, self.groups
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::presets::{edge_kernel, step_edge, torch_scene};
    use crate::core::model::target::Target;

    #[test]
    fn the_sentence_says_the_weights_shape_with_the_plans_numbers() {
        let mut s = torch_scene(&step_edge(), &edge_kernel());
        s.resize(Target::Input, [1, 4, 8, 8]);
        s.resize(Target::Kernel, [6, 4, 3, 3]);
        s.set_groups(2);
        let p = Plan::new(&s).unwrap();
        let w = Wiring::of(&p);
        assert_eq!(
            w.why(),
            "groups=2: each of the 6 filters reads C_in/groups = 4/2 = 2 channels, so weight is (6, 2, 3, 3)."
        );
        assert_eq!(
            p.kernel.dim(),
            (6, 2, 3, 3),
            "the words are the weight's shape"
        );
        assert_eq!(w.reads[0], (0, 0..2));
        assert_eq!(w.reads[5], (1, 2..4));
        assert_eq!(
            w.label(),
            "4 input channels to 6 output channels in 2 groups"
        );
        assert_eq!(w.too_many(), None);
        // Depthwise: one channel each, and the singular.
        s.set_groups(4);
        let mut s2 = s.clone();
        s2.resize(Target::Kernel, [4, 1, 3, 3]);
        let w = Wiring::of(&Plan::new(&s2).unwrap());
        assert!(
            w.why().contains("= 1 channel, so weight is (4, 1, 3, 3)."),
            "{}",
            w.why()
        );
    }
}
