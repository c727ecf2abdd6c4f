//! The animation's timeline: one frame per output value.
//!
//! Frame `k` is output position `(n, c_out, i, j)` in row-major order. It
//! holds one sub-step per input channel of the filter's group, so a
//! multi-channel sum can be shown channel by channel, and every kernel tap
//! with the cell it reads, the kernel value used (after the flip, where the
//! op flips) and the product. Building a frame costs one kernel's worth of
//! work; the frame count is known without building any.

use crate::core::engine::padding::Source;
use crate::core::engine::plan::Plan;

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The step on the timeline.
    pub step: usize,
    /// The output value written, `[n, c_out, i, j]` as shown.
    pub index: [usize; 4],
    /// The window's top-left cell in padded-input coordinates.
    pub origin: [usize; 2],
    pub group: usize,
    /// The input channels summed, `C_in/groups` of them.
    pub channels: std::ops::Range<usize>,
    pub substeps: Vec<SubStep>,
    pub bias: Option<f64>,
    pub value: f64,
}

/// Where an input channel stands in a frame's sum, `sub` sub-steps in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelState {
    /// Not in the output channel's group: this frame never reads it.
    Unread,
    /// In the group, not summed yet.
    Waiting,
    /// Summed already.
    Summed,
    /// The channel being summed now.
    Current,
}

impl Frame {
    /// The input channel the sum has reached, `sub` sub-steps in: the
    /// group's `sub`-th, the last one past its end (a timeline may run a
    /// step ahead of a frame with fewer channels). `None` only for a frame
    /// that reads no channel.
    pub fn channel_reached(&self, sub: usize) -> Option<usize> {
        let last = self
            .channels
            .end
            .checked_sub(1)
            .filter(|&l| l >= self.channels.start)?;
        Some(self.channels.start.saturating_add(sub).min(last))
    }

    /// Whether the sum has been through every channel of the group, `sub`
    /// sub-steps in.
    pub fn complete(&self, sub: usize) -> bool {
        self.channel_reached(sub)
            .is_some_and(|c| c + 1 == self.channels.end)
    }

    /// Where input channel `ch` stands, `sub` sub-steps in.
    pub fn channel_state(&self, ch: usize, sub: usize) -> ChannelState {
        match self.channel_reached(sub) {
            Some(_) if !self.channels.contains(&ch) => ChannelState::Unread,
            Some(r) if ch == r => ChannelState::Current,
            Some(r) if ch < r => ChannelState::Summed,
            Some(_) => ChannelState::Waiting,
            None => ChannelState::Unread,
        }
    }
}

/// The part of a frame's sum that one input channel contributes.
#[derive(Clone, Debug, PartialEq)]
pub struct SubStep {
    /// The input channel.
    pub channel: usize,
    /// Its slice in the weight: `weight[c_out, slice]`.
    pub slice: usize,
    pub taps: Vec<Tap>,
    /// This channel's sum of products.
    pub partial: f64,
    /// The sum so far, over this channel and those before it (no bias).
    pub running: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tap {
    /// Tap position in the kernel as applied (after any flip).
    pub tap: [usize; 2],
    /// Where that value sits in the kernel as the user wrote it.
    pub kernel_index: [usize; 2],
    /// The cell read, in padded-input coordinates.
    pub pos: [usize; 2],
    pub source: Source,
    pub input: f64,
    pub weight: f64,
    pub product: f64,
}

impl Plan {
    /// `N * C_out * H_out * W_out`.
    pub fn frame_count(&self) -> usize {
        self.output_dim().iter().product()
    }

    /// The frame that writes output `index` (as shown).
    pub fn step_of(&self, index: [usize; 4]) -> Option<usize> {
        let [n, o, i, j] = index;
        let [nb, on, ho, wo] = self.output_dim();
        (n < nb && o < on && i < ho && j < wo).then(|| ((n * on + o) * ho + i) * wo + j)
    }

    /// The output index written at `step`.
    pub fn index_at(&self, step: usize) -> Option<[usize; 4]> {
        let [nb, on, ho, wo] = self.output_dim();
        if step >= nb * on * ho * wo {
            return None;
        }
        let j = step % wo;
        let i = (step / wo) % ho;
        let o = (step / (wo * ho)) % on;
        let n = step / (wo * ho * on);
        Some([n, o, i, j])
    }

    /// Frame `step`, or `None` past the end.
    pub fn frame_at(&self, step: usize) -> Option<Frame> {
        let index = self.index_at(step)?;
        let [n, o, si, sj] = index;
        // The sliding position that produces the value shown at (si, sj).
        let (i, j) = self.shown_at([si, sj]);
        let [kh, kw] = self.kernel_hw();
        let [sh, sw] = self.stride;
        let [dh, dw] = self.dilation;
        let origin = [i * sh, j * sw];
        let channels = self.channels_of(o);
        let mut running = 0.0f64;
        let mut substeps = Vec::with_capacity(channels.len());
        for (slice, c) in channels.clone().enumerate() {
            let mut taps = Vec::with_capacity(kh * kw);
            let mut partial = 0.0f64;
            for a in 0..kh {
                for b in 0..kw {
                    let pos = [origin[0] + a * dh, origin[1] + b * dw];
                    let (input, source) = self.padded_cell(n, c, pos[0], pos[1]);
                    let (weight, kernel_index) = self.tap_weight(o, slice, a, b);
                    let product = input * weight;
                    running += product;
                    partial += product;
                    taps.push(Tap {
                        tap: [a, b],
                        kernel_index,
                        pos,
                        source,
                        input,
                        weight,
                        product,
                    });
                }
            }
            substeps.push(SubStep {
                channel: c,
                slice,
                taps,
                partial,
                running,
            });
        }
        let bias = self.bias.as_ref().map(|b| b[o]);
        let value = match bias {
            Some(b) => running + b,
            None => running,
        };
        Some(Frame {
            step,
            index,
            origin,
            group: self.group_of(o),
            channels,
            substeps,
            bias,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(channels: std::ops::Range<usize>) -> Frame {
        Frame {
            step: 0,
            index: [0; 4],
            origin: [0; 2],
            group: 0,
            channels,
            substeps: Vec::new(),
            bias: None,
            value: 0.0,
        }
    }

    #[test]
    fn the_channel_reached_stays_in_the_group() {
        let f = frame(4..7);
        assert_eq!(f.channel_reached(0), Some(4));
        assert_eq!(f.channel_reached(2), Some(6));
        assert_eq!(f.channel_reached(9), Some(6), "past the end: the last");
        assert_eq!(f.channel_reached(usize::MAX), Some(6), "no overflow");
        assert!(!f.complete(1));
        assert!(f.complete(2));
        // A frame that reads no channel reaches none, and never underflows.
        assert_eq!(frame(0..0).channel_reached(0), None);
        assert!(!frame(0..0).complete(0));
    }

    #[test]
    fn each_channel_is_unread_waiting_summed_or_current() {
        let f = frame(4..7);
        let states: Vec<ChannelState> = (3..8).map(|ch| f.channel_state(ch, 1)).collect();
        use ChannelState::*;
        assert_eq!(states, [Unread, Summed, Current, Waiting, Unread]);
        assert_eq!(frame(0..0).channel_state(0, 0), Unread);
    }
}
