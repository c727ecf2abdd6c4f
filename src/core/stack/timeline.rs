//! One timeline through the whole stack: layer 0's frames, then layer 1's,
//! and so on. Global step `g` is step `g - start(l)` of layer `l`'s plan,
//! whose frames end exactly on that layer's output values.

use super::Stack;
use crate::core::frame::Frame;

/// Where each layer's frames start on the stack's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// `starts[l]` is layer `l`'s first global step; the last entry is the
    /// frame count. At most `MAX_LAYERS + 1` entries.
    starts: Vec<usize>,
}

/// A frame of the stack: which layer, and that layer's frame.
#[derive(Clone, Debug, PartialEq)]
pub struct StackFrame {
    pub layer: usize,
    /// The step within the layer (the `step` of `frame`).
    pub local: usize,
    pub frame: Frame,
}

impl Timeline {
    /// A timeline of layers with these frame counts.
    pub fn new(counts: impl IntoIterator<Item = usize>) -> Timeline {
        let mut starts = vec![0];
        let mut total = 0usize;
        for c in counts {
            total = total.saturating_add(c);
            starts.push(total);
        }
        Timeline { starts }
    }

    /// Frames of every layer together.
    pub fn frame_count(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    pub fn layers(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Layer `layer`'s global steps.
    pub fn range(&self, layer: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.starts.get(layer)?..*self.starts.get(layer + 1)?)
    }

    /// `(layer, step in layer)` of global step `step`, `None` past the end.
    /// A search over at most nine numbers.
    pub fn locate(&self, step: usize) -> Option<(usize, usize)> {
        if step >= self.frame_count() {
            return None;
        }
        // The last layer whose start is <= step (layers with no frames are skipped).
        let layer = self.starts.partition_point(|s| *s <= step) - 1;
        Some((layer, step - self.starts.get(layer)?))
    }

    /// The global step of `local` in layer `layer`.
    pub fn global(&self, layer: usize, local: usize) -> Option<usize> {
        let r = self.range(layer)?;
        (local < r.len()).then(|| r.start + local)
    }
}

impl Stack {
    /// Frames of every layer together.
    pub fn frame_count(&self) -> usize {
        self.timeline().frame_count()
    }

    /// Global frame `step`: the frame of the layer it falls in.
    pub fn frame_at(&self, step: usize) -> Option<StackFrame> {
        let (layer, local) = self.timeline().locate(step)?;
        let frame = self.plan(layer)?.frame_at(local)?;
        Some(StackFrame {
            layer,
            local,
            frame,
        })
    }
}
